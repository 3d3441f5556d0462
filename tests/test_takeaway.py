"""Downloads every client reads right (issue 15): each output is loaded with the client that reads
it — pandas, DuckDB and a JSON Schema validator for the typed JSON, frictionless for the zips,
openpyxl for the workbooks, sqlite3 for the database — and checked against the packages' CSVs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from aktivering.load import read_csv
from aktivering.validate import validate

ALLE = Path("downloads") / "alle"


@pytest.fixture(scope="module")
def packages():
    problems, packages = validate()
    assert problems == []
    return packages


def _cells(packages, table: str) -> list[dict]:
    return [row for p in packages for row in p.rows(table)]


# --- 1. typed JSON ----------------------------------------------------------------------------

@pytest.mark.parametrize("table", ["documents", "figures", "initiatives"])
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


@pytest.mark.parametrize("table", ["documents", "figures", "initiatives"])
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
        assert [r.name for r in opened.resources] == ["documents", "figures", "initiatives", "non_figures"]
        report = opened.validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
        rows = {task.name: task.stats["rows"] for task in report.tasks}
        non_figures = len(read_csv(package.folder / "non_figures.csv"))
        assert rows == {"documents": len(package.documents), "figures": len(package.figures),
                        "initiatives": len(package.initiatives), "non_figures": non_figures}


def test_zip_holds_every_file_at_its_root_listed_in_the_readme_and_dated_by_the_data(built_site, packages):
    from aktivering.model import build_site_model

    site = build_site_model(packages)
    for package in packages:
        with zipfile.ZipFile(built_site / "downloads" / f"{package.name}.zip") as zf:
            names = zf.namelist()
            readme = zf.read("README.md").decode("utf-8")
            infos = zf.infolist()
        transcripts = sorted(package.documents["transcript"])
        assert names == ["datapackage.json", "documents.csv", "figures.csv", "initiatives.csv",
                         "non_figures.csv", *transcripts, "README.md"]
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
