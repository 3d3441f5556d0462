"""Real spreadsheets (issue 15): an .xlsx per package and one for everything, written by openpyxl.

openpyxl, not XlsxWriter: it is already pinned for reading contributors' workbooks
(spreadsheet.py), so writing needs no new dependency, and the files are small (a package's
workbook is written in well under a second). Every cell has its Table Schema type: numbers are
numbers, a boolean is Excel's TRUE/FALSE (SAND/FALSK in Danish Excel), a cell that is one date
(2017-12-14) is a date; a month, a year or an interval stays the text it is. The header row is
frozen and filtered, columns have widths from their contents, and the sheet "Om data" gives the
source, licence, citation and every column's description from the schemas; the code lists follow.

No text cell can become a formula: every text is written as a string cell, and one that Excel
would read as a formula when edited (escape.formula_start: = + - @ TAB CR first) is marked with
Excel's own quote prefix, so it shows and stays exactly as written, without a visible apostrophe.
openpyxl stamps the clock into the file; the zip is written again with the data version's date,
so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from . import escape, schemas, typed, urls
from .downloads import zip_bytes

# Columns whose cell is sometimes one date (else a month, year or interval, kept as text).
DATE_LIKE = {"reference_period", "start", "end", "participants_planned_date", "participants_actual_date", "due"}
_ONE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH = 8, 60

# table -> sheet name, in the workbook's order
SHEETS = {"figures": "Tal", "initiatives": "Initiativer", "documents": "Breve", "non_figures": "Ikke-tal",
          "commitments": "Løfter", "referred_letters": "Nævnte breve"}
CODE_LISTS = {"measures": "Mål", "benefits": "Ydelser", "bases": "Grundlag", "counted_by": "Opgjort af",
              "funding": "Finansiering"}
ABOUT = "Om data"


def _cell_value(field_type: str, name: str, text: str) -> object:
    if field_type == "date" or (name in DATE_LIKE and _ONE_DATE.fullmatch(text)):
        return dt.date.fromisoformat(text) if text else None
    return typed.value(field_type, text)


def _sheet(book, title: str, header: list[str], rows: list[list[object]]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for values in rows:
        sheet.append([escape.xml_legal(v) if isinstance(v, str) else v for v in values])
        for number, value in enumerate(values):
            widths[number] = max(widths[number], 10 if isinstance(value, dt.date) else len(str(value or "")))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # a string, even when it starts with '='
                if escape.formula_start(cell.value):
                    cell.quotePrefix = True
                if len(cell.value) > MAX_WIDTH:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    from openpyxl.utils import get_column_letter

    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions


def _about_rows(about: list[tuple[str, str]], tables: list[str]) -> list[list[object]]:
    rows: list[list[object]] = [[key, value] for key, value in about]
    rows += [[], ["Ark", "Kolonne", "Titel", "Type", "Beskrivelse"]]
    for table in tables:
        for field in schemas.canonical(table)["fields"]:
            rows.append([SHEETS[table], field["name"], field.get("title", ""), field["type"],
                         field.get("description", "")])
    return rows


def workbook_bytes(tables: dict[str, list[dict]], about: list[tuple[str, str]], code_lists: dict[str, list[dict]],
                   version: str) -> bytes:
    """tables: table name -> rows of CSV cells (strings). about: (label, text) pairs for "Om data".
    code_lists: vocabulary name -> rows. version: YYYY-MM-DD, the workbook's date."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table, rows in tables.items():
        fields = schemas.canonical(table)["fields"]
        header = [f["name"] for f in fields]
        _sheet(book, SHEETS[table], header,
               [[_cell_value(f["type"], f["name"], row.get(f["name"], "")) for f in fields] for row in rows])
    _sheet(book, ABOUT, [ABOUT, "", "", "", ""], _about_rows(about, list(tables)))
    book[ABOUT].auto_filter.ref = None
    for vocabulary, rows in code_lists.items():
        header = list(rows[0]) if rows else ["id"]
        _sheet(book, CODE_LISTS[vocabulary], header, [[row[h] for h in header] for row in rows])
    when = dt.datetime.fromisoformat(version or "1980-01-01")
    book.properties.creator = escape.xml_legal("Aktivering i kommunerne")
    book.properties.created = when
    buffer = io.BytesIO()
    book.save(buffer)
    release(book)
    return _dated(buffer.getvalue(), when)


def release(book) -> None:
    """Free the workbook's cells now. An openpyxl cell refers to its sheet and the sheet to its
    cells: a cycle that only the garbage collector's full collections free, and those come seldom
    in a build with millions of objects, so the cells of every workbook written stayed in memory
    (at 10x: 1.7 million objects, about 300 MB, issue 17). Emptying each sheet's cells breaks the
    cycle; the book is not used after it is saved."""
    for sheet in book.worksheets:
        sheet._cells.clear()


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _dated(data: bytes, when: dt.datetime) -> bytes:
    """The workbook's zip again, its entries and its 'modified' property dated `when`, not now."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(info.filename, zf.read(info)) for info in zf.infolist()]
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    members = [(name, _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", body) if name == "docProps/core.xml" else body)
               for name, body in members]
    return zip_bytes(members, when.date().isoformat())


def code_lists() -> dict[str, list[dict]]:
    from .load import read_vocabulary, records

    return {name: records(read_vocabulary(name)) for name in CODE_LISTS}


def about(title: str, description: str, sources: list[str], cite: dict[str, str], version: str,
          page_url: str) -> list[tuple[str, str]]:
    from .opendata import LICENSE_URL

    return [("Titel", title), ("Beskrivelse", description),
            ("Kilde", "; ".join(sources) + ". Brevene er offentlige dokumenter fra de myndigheder, "
                      "der har skrevet dem."),
            ("Licens", f"CC BY 4.0 ({LICENSE_URL})"), ("Citér (kort)", cite["short"]), ("Citér (fuld)", cite["full"]),
            ("Version", version), ("Side", page_url),
            ("Læs sådan", "Ét ark pr. tabel, én række pr. tal, initiativ eller brev. Kolonnerne er beskrevet "
                          "nedenfor; kodelisterne (mål, ydelser, grundlag, …) har hvert sit ark. Sand/falsk er "
                          "Excels SAND/FALSK; en dato er en dato, en måned eller periode er tekst.")]


def write_workbook(path, tables: dict[str, list[dict]], about_rows: list[tuple[str, str]], version: str) -> int:
    """Write the workbook (only when its bytes changed); its size."""
    from .writes import write_if_changed

    data = workbook_bytes(tables, about_rows, code_lists(), version)
    write_if_changed(path, data)
    return len(data)


def package_workbook(package, out, site_url: str, version: str, page_url: str):
    """downloads/<package>.xlsx: the package's four tables, "Om data" and the code lists."""
    from .downloads import table_rows
    from .opendata import Download, citation

    title = package.descriptor.get("title", package.name)
    about_rows = about(title, package.descriptor.get("description", ""),
                       [s.get("title", "") for s in package.descriptor.get("sources", [])],
                       citation(site_url, title, version, page_url), version, page_url)
    path = urls.package_workbook(package.name)
    size = write_workbook(out / path, {t: table_rows(package, t) for t in SHEETS}, about_rows, version)
    return Download(path, "Regneark (xlsx)", None, size, version)


def combined_workbook(packages: list, out, site_url: str, version: str, page_url: str):
    """downloads/alle/alle-kommuner.xlsx: every package's rows, each once."""
    from .downloads import table_rows
    from .opendata import COMBINED_DESCRIPTION, SITE_NAME, Download, citation

    title = f"{SITE_NAME}: alle kommuner"
    about_rows = about(title, COMBINED_DESCRIPTION,
                       [p.descriptor.get("title", p.name) for p in packages],
                       citation(site_url, "Alle kommuner", version, page_url), version, page_url)
    path = urls.COMBINED_WORKBOOK
    tables = {t: [row for p in packages for row in table_rows(p, t)] for t in SHEETS}
    size = write_workbook(out / path, tables, about_rows, version)
    return Download(path, "Alt i ét regneark (xlsx): tal, initiativer, breve, ikke-tal, kodelister", None, size,
                    version)
