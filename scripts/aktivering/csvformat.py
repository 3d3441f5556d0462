"""Spreadsheet-proof CSV: read what Danish Excel saves, say how it differs from the canonical form
(the validator's problems), and write the canonical form back (`aktivering format`).

Canonical: UTF-8 without BOM, comma separated, `"` quoting only where needed, `\\n` line ends, dot
decimal in the schema's number columns, `true`/`false`, ISO dates, schema column order, rows by id.
Whatever cannot be converted with certainty is refused, never guessed: nothing is rewritten then.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import integrity, schemas
from .lostchars import lost_characters
from .paths import DESCRIPTOR_RESOURCES, OPTIONAL_RESOURCES
from .problems import Problem
from .safety import MAX_FILE_BYTES, file_problems, path_problem
from .spreadsheet import ZIP_MAGIC, convert_workbooks

BOM = b"\xef\xbb\xbf"

# What Danish text saved as Windows-1252 holds beyond ASCII. Another encoding read as Windows-1252
# gives other characters (Excel for Mac saves Mac Roman: æ ø å become ¾ ¿ Œ), so it is refused.
DANISH_1252 = set("æøåÆØÅéÉèÈêëüÜöÖäÄáàíóúçÇñ§°½€–—‘’‚“”„«»…•´·×\xa0")

INTEGER = re.compile(r"-?\d+")
DOT_DECIMAL = re.compile(r"-?\d+\.\d+")
DOT_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+")
COMMA_DECIMAL = re.compile(r"-?\d+,(\d+)")
DOT_THOUSANDS_COMMA_DECIMAL = re.compile(r"-?\d{1,3}(?:\.\d{3})+,\d+")
EXCEL_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")  # Danish Excel shows 2017-12-01 as 01-12-2017
BOOLEANS = {"true": "true", "sand": "true", "1": "true", "false": "false", "falsk": "false", "0": "false"}


class Refused(Exception):
    """The file cannot be read or rewritten with certainty; `problems` say where and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.format("en") for p in problems))
        self.problems = problems


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]      # cells after conversion; rows[0] is spreadsheet row 2
    changes: list[Problem]     # how the file differs from the canonical form (`format` fixes each)
    refusals: list[Problem]    # cells `format` cannot decide: the contributor must edit them


def schema_for(resource: str) -> dict | None:
    """The canonical schema of a resource this project defines, else None (shared: read it only)."""
    return schemas.expected_view(resource)["schema"] if resource in schemas.RESOURCE_TITLES else None


# --- reading ----------------------------------------------------------------------------------

def decode(raw: bytes, where: str) -> tuple[str, list[Problem]]:
    """The text of a file and how its bytes differ from UTF-8 without BOM with `\\n` line ends."""
    package = str(PurePosixPath(where).parent)
    changes = []
    if raw.startswith(BOM):
        changes.append(Problem("csv-bom", where, params={"package": package}))
        raw = raw[len(BOM):]
    if raw.startswith(ZIP_MAGIC):
        raise Refused([Problem("xlsx-not-csv", where, params={"package": package})])
    if b"\x00" in raw:
        raise Refused([Problem("not-utf8", where, params={"reason": "binary content (NUL bytes)"})])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        text = _danish_windows_1252(raw)
        if text is None:
            raise Refused([Problem("not-utf8", where, row=line, params={
                "reason": f"byte 0x{raw[error.start]:02x} at line {line} is neither UTF-8 nor Danish "
                          "Windows-1252 text"})]) from None
        changes.append(Problem("windows-1252", where, row=line, value=f"0x{raw[error.start]:02x}",
                               params={"package": package}))
    if "\r" in text:  # CR alone (old Mac Excel) is told apart: every line reads as one otherwise
        changes.append(Problem("csv-crlf" if "\n" in text else "cr-line-endings", where, params={"package": package}))
    return text, changes


def _danish_windows_1252(raw: bytes) -> str | None:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text if all(ord(c) < 128 or c in DANISH_1252 for c in text) else None


def read(raw: bytes, where: str, schema: dict | None) -> Table:
    """Parse a CSV as Excel or a person may have saved it; cells converted where that is certain."""
    text, changes = decode(raw, where)
    package = str(PurePosixPath(where).parent)
    names = [f["name"] for f in schema["fields"]] if schema else []
    delimiter = _delimiter(text, names)
    if delimiter == ";":
        changes.append(Problem("csv-semicolon", where, params={"package": package}))
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise Refused([Problem("csv-unreadable", where, params={"reason": str(error)})]) from None
    header, rows = (records[0], records[1:]) if records else ([], [])
    if names and header != names and sorted(header) == sorted(names):  # e.g. after a sort in a spreadsheet
        changes.append(Problem("csv-column-order", where, 1, params={"package": package}))
    kinds = _column_kinds(schema)
    typed = [(index, kinds[name]) for index, name in enumerate(header) if kinds.get(name)]  # the rest stay text
    converted: dict[tuple[str, str], tuple[str, str | None]] = {}  # (kind, cell) -> _convert's answer
    found: dict[tuple[str, str], list] = {}  # (code, column) -> [first row, first value, count]
    refusals = []
    for number, row in enumerate(rows, start=2):
        for index, kind in typed:
            cell = row[index] if index < len(row) else ""
            if not cell:
                continue
            if (kind, cell) not in converted:
                converted[kind, cell] = _convert(kind, cell, excel=delimiter == ";")
            new, code = converted[kind, cell]
            if code == "decimal-ambiguous":
                refusals.append(Problem(code, where, number, header[index], cell))
            elif code:
                row[index] = new
                first = found.setdefault((code, header[index]), [number, cell, 0])
                first[2] += 1
    for (code, column), (row, value, count) in found.items():
        changes.append(Problem(code, where, row, column, value, params={"count": count, "package": package}))
    return Table(header, rows, changes, refusals)


def _delimiter(text: str, names: list[str]) -> str:
    """Comma or semicolon: whichever splits the header into more of the schema's column names."""
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]  # CR alone ends a line too (old Mac Excel)

    def score(delimiter: str) -> int:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(cell in names for cell in cells) if names else len(cells)

    return ";" if score(";") > score(",") else ","


def _column_kinds(schema: dict | None) -> dict[str, str]:
    kinds = {}
    for field in (schema or {}).get("fields", []):
        pattern = field.get("constraints", {}).get("pattern")
        if field["type"] in ("number", "integer"):
            kinds[field["name"]] = "number"
        elif field["type"] == "boolean":
            kinds[field["name"]] = "boolean"
        elif field["type"] == "date" or (pattern and re.fullmatch(pattern, "2017-12-01")):
            kinds[field["name"]] = "date"
    return kinds


def _convert(kind: str, cell: str, excel: bool) -> tuple[str, str | None]:
    """(canonical cell, code of the change) — or code 'decimal-ambiguous' when it cannot be known.

    `excel` is true for semicolon files: Danish locale, where a dot groups thousands."""
    if kind == "number":
        if excel and DOT_THOUSANDS.fullmatch(cell):
            return cell, "decimal-ambiguous"  # 1.234: one thousand or one point two?
        if INTEGER.fullmatch(cell) or DOT_DECIMAL.fullmatch(cell):
            return cell, None
        decimal = COMMA_DECIMAL.fullmatch(cell)
        if decimal:
            if not excel and len(decimal.group(1)) == 3:
                return cell, "decimal-ambiguous"  # 1,234 in a comma file: English thousands?
            return cell.replace(",", "."), "decimal-comma"
        if DOT_THOUSANDS_COMMA_DECIMAL.fullmatch(cell):
            return cell.replace(".", "").replace(",", "."), "decimal-comma"
    elif kind == "boolean":
        canonical = BOOLEANS.get(cell.lower())
        if canonical and canonical != cell:
            return canonical, "excel-boolean"
    elif kind == "date" and excel:
        match = EXCEL_DATE.fullmatch(cell)
        if match and 1 <= int(match[1]) <= 31 and 1 <= int(match[2]) <= 12:
            return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}", "excel-date"
    return cell, None


# --- the validator's view -----------------------------------------------------------------------

def check(path: Path, where: str, resource: str) -> list[Problem]:
    """Size, encoding and spreadsheet dialect of one resource file, checked before anything parses it.

    Column names and row lengths are left to frictionless, which reports them cell by cell."""
    if path.suffix.lower() != ".csv":
        return file_problems(path, where)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [Problem("file-too-large", where, value=size, params={"limit": MAX_FILE_BYTES})]
    raw = path.read_bytes()
    try:
        table = read(raw, where, schema_for(resource))
    except Refused as refused:
        return refused.problems
    # Bounds first: a table past them is refused at once, before frictionless reads it cell by cell.
    return integrity.table_bounds(table.header, table.rows, where, resource) or (
        table.changes + table.refusals + row_lengths(table, schema_for(resource), where)
        + lost_characters(path, raw, table.header, table.rows, where))


def row_lengths(table: Table, schema: dict | None, where: str) -> list[Problem]:
    """Rows with more or fewer cells than the header, by row number. One cell too many where two
    neighbouring cells of a number column read as one number with a decimal comma (`12,5` unquoted
    in a comma file) is said so: every later cell would otherwise be reported in the wrong column."""
    kinds = _column_kinds(schema)
    problems = []
    for number, row in enumerate(table.rows, start=2):
        if len(row) == len(table.header) or not any(cell.strip() for cell in row):
            continue
        split = next((i for i, name in enumerate(table.header[:-1]) if kinds.get(name) == "number"
                      and len(row) == len(table.header) + 1 and INTEGER.fullmatch(row[i] or "-")
                      and re.fullmatch(r"\d+", row[i + 1] or "-")), None)
        if split is not None:
            value = f"{row[split]},{row[split + 1]}"
            problems.append(Problem("decimal-comma-unquoted", where, number, table.header[split], value,
                                    value.replace(",", "."), params={"column": table.header[split]}))
        else:
            problems.append(Problem("row-length", where, number, value=len(row), expected=len(table.header)))
    return problems


# --- writing ----------------------------------------------------------------------------------

def canonical_text(table: Table, schema: dict, where: str) -> str:
    """The canonical CSV of a table whose columns are the schema's (in any order); else Refused."""
    names = [f["name"] for f in schema["fields"]]
    if sorted(table.header) != sorted(names):
        raise Refused([Problem("header-mismatch", where, 1, value=", ".join(table.header),
                               expected=", ".join(names))])
    rows, refusals = [], list(table.refusals) + row_lengths(table, schema, where)
    for row in table.rows:
        if any(cell.strip() for cell in row):  # not a blank line, nor one of the ;;;; rows Excel writes
            rows.append(row)
    if refusals:
        raise Refused(refusals)
    order = [table.header.index(name) for name in names]
    key = names.index(schema["primaryKey"][0]) if schema.get("primaryKey") else 0
    rows = sorted(([_one_line_ending(row[i]) for i in order] for row in rows), key=lambda r: natural_key(r[key]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(rows)
    return buffer.getvalue()


def _one_line_ending(cell: str) -> str:
    # A line break inside a cell is kept, written as \n like every other line end.
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def natural_key(text: str) -> list:
    """'217-f010' after '217-f009', and '217-f1000' after '217-f999'."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def write_atomic(path: Path, text: str) -> None:
    """Replace a file in one step: a crash leaves the old file or the new one, never half of one."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def format_csv(path: Path, where: str, schema: dict) -> bool:
    """Rewrite one CSV in the canonical form. True if it changed; Refused leaves it untouched."""
    raw = path.read_bytes()
    table = read(raw, where, schema)
    lost = lost_characters(path, raw, table.header, table.rows, where)
    if lost:
        raise Refused(lost)
    text = canonical_text(table, schema, where)
    if text.encode("utf-8") == raw:
        return False
    write_atomic(path, text)
    return True


def format_transcript(path: Path, where: str) -> bool:
    """UTF-8 without BOM and `\\n` line ends; the text itself is never touched."""
    raw = path.read_bytes()
    text, _ = decode(raw, where)
    text = _one_line_ending(text)
    if text.encode("utf-8") == raw:
        return False
    write_atomic(path, text)
    return True


def format_package(folder: Path, display) -> tuple[list[str], list[Problem]]:
    """Rewrite a package's CSVs and transcripts. (files changed, refusals); refused files are untouched."""
    if not (folder / "datapackage.json").is_file():
        return [], [Problem("file-missing", display(folder / "datapackage.json"), value="datapackage.json")]
    changed, refused = convert_workbooks(folder, list(DESCRIPTOR_RESOURCES + OPTIONAL_RESOURCES), display)
    names = [f"{name}.csv" for name in DESCRIPTOR_RESOURCES + OPTIONAL_RESOURCES if (folder / f"{name}.csv").exists()
             and not any(p.file == display(folder / f"{name}.csv") for p in refused)]
    transcripts = folder / "transcripts"
    if transcripts.is_dir() and not transcripts.is_symlink():
        names += [f"transcripts/{p.name}" for p in sorted(transcripts.glob("*.txt"))]
    for name in names:
        path, where = folder / name, display(folder / name)
        unsafe = path_problem(folder, name, where)
        if unsafe:
            refused.append(unsafe)
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            refused.append(Problem("file-too-large", where, value=path.stat().st_size,
                                   params={"limit": MAX_FILE_BYTES}))
            continue
        try:
            if name.endswith(".csv"):
                done = format_csv(path, where, schema_for(name.removesuffix(".csv")))
            else:
                done = format_transcript(path, where)
        except Refused as refusal:
            refused += refusal.problems
            continue
        if done:
            changed.append(where)
    return changed, refused
