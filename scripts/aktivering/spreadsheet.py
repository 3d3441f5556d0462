"""An Excel workbook (.xlsx) as a contributor saves it, read with openpyxl for `aktivering format`.

`figures.xlsx` beside (or instead of) `figures.csv` is converted into the canonical `figures.csv`;
so is a workbook saved under the name `figures.csv`. Cells are taken as Excel stores them, never as
it shows them: a number typed `38,5` in Danish Excel is the number 38.5; a date is an ISO date, a
cell formatted as month and year (`dec-17`) the month `2017-12`; TRUE/FALSE are `true`/`false`.
Formulas count by their last computed value. Only the first sheet is read, and a workbook with
more than one sheet, or a CSV edited after the workbook, is refused: which is the truth?
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from .problems import Problem

ZIP_MAGIC = b"PK\x03\x04"


class SpreadsheetRefused(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.format("en"))
        self.problem = problem


def is_workbook(raw: bytes) -> bool:
    return raw.startswith(ZIP_MAGIC)


def _cell(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        shown = (cell.number_format or "").lower()
        if "d" not in shown.replace("[$-", "").split(";")[0]:  # 'mmm-yy': a month, not a day
            return f"{value.year:04d}-{value.month:02d}"
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def workbook_csv(path: Path, where: str) -> str:
    """The first sheet of a workbook as CSV text (comma, UTF-8), for csvformat to make canonical."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:  # from the bytes: openpyxl refuses a workbook by its file name (figures.csv)
        book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise SpreadsheetRefused(Problem("xlsx-unreadable", where, params={"reason": type(error).__name__})) from None
    try:
        if len(book.worksheets) != 1:
            raise SpreadsheetRefused(Problem("xlsx-sheets", where, value=len(book.worksheets)))
        rows = [[_cell(c) for c in row] for row in book.worksheets[0].iter_rows()]
    finally:
        book.close()
    header = rows[0] if rows else []
    while header and header[-1] == "":
        header.pop()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:  # every row as wide as the header: Excel stores no trailing empty cells
        writer.writerow((row + [""] * len(header))[: len(header)])
    return buffer.getvalue()


def convert_workbooks(folder: Path, names: list[str], display) -> tuple[list[str], list[Problem]]:
    """`<name>.xlsx`, or a workbook saved as `<name>.csv`, into the canonical `<name>.csv`."""
    from .csvformat import Refused, canonical_text, read, schema_for, write_atomic

    changed, refused = [], []
    for name in names:
        target, book = folder / f"{name}.csv", folder / f"{name}.xlsx"
        if target.is_file() and is_workbook(target.read_bytes()[:4]):
            book = target
        elif not book.is_file() or book.is_symlink():
            continue
        where = display(book)
        try:
            text = workbook_csv(book, where)
            canonical = canonical_text(read(text.encode("utf-8"), where, schema_for(name)), schema_for(name), where)
        except SpreadsheetRefused as refusal:
            refused.append(refusal.problem)
            continue
        except Refused as refusal:  # what the sheet holds cannot be made canonical
            refused += refusal.problems
            continue
        if book != target and target.is_file() and target.stat().st_mtime > book.stat().st_mtime \
                and target.read_text(encoding="utf-8", errors="replace") != canonical:
            refused.append(Problem("xlsx-older-than-csv", where, value=f"{name}.csv"))
            continue
        if not target.is_file() or target.read_bytes() != canonical.encode("utf-8"):
            write_atomic(target, canonical)
            changed.append(f"{where} → {display(target)}")
    return changed, refused
