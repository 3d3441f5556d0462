"""Spreadsheet-proof CSV: every way Excel saves a file is read correctly or refused, never misread."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aktivering import csvformat
from aktivering.csvformat import Refused, format_package
from aktivering.validate import display, validate

from conftest import FIXTURES, ROOT

EXCEL = FIXTURES.parent / "excel"
VALID = FIXTURES / "valid"
TABLES = ("documents.csv", "figures.csv", "initiatives.csv", "non_figures.csv")

# case -> (the validator's codes, None when `format` reads it correctly, else the code it refuses with)
CASES = {
    "excel-csv-utf8": ({"csv-bom", "csv-crlf", "csv-semicolon", "decimal-comma", "excel-boolean", "excel-date"}, None),
    "excel-csv-semikolonsepareret": (
        {"windows-1252", "csv-crlf", "csv-semicolon", "decimal-comma", "excel-boolean", "excel-date"}, None),
    "semicolons": ({"csv-semicolon"}, None),
    "decimal-comma": ({"decimal-comma"}, None),
    "crlf": ({"csv-crlf"}, None),
    "windows-1252": ({"windows-1252"}, None),
    "utf8-bom": ({"csv-bom"}, None),
    "english-excel-true-false": ({"excel-boolean"}, None),
    "columns-and-rows-shuffled": ({"csv-column-order"}, None),
    "thousands-or-decimal-semicolons": ({"csv-crlf", "csv-semicolon", "decimal-ambiguous"}, "decimal-ambiguous"),
    "thousands-or-decimal-commas": ({"decimal-ambiguous"}, "decimal-ambiguous"),
    "mac-roman": ({"not-utf8"}, "not-utf8"),
    "utf16-unicode-text": ({"not-utf8"}, "not-utf8"),
}
READABLE = sorted(case for case, (_, refusal) in CASES.items() if refusal is None)
REFUSED = sorted(case for case, (_, refusal) in CASES.items() if refusal)


def codes(problems):
    return {p.code for p in problems}


def test_every_spreadsheet_fixture_is_listed():
    assert {p.name for p in EXCEL.iterdir() if p.is_dir()} == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_validator_names_what_the_spreadsheet_did(case):
    problems, _ = validate([str(EXCEL / case)])
    assert codes(problems) == CASES[case][0]
    for problem in problems:
        assert problem.file.startswith("tests/fixtures/excel/")
        for lang in ("da", "en"):
            assert f"[{problem.code}]" in problem.format(lang)


@pytest.mark.parametrize("case", READABLE)
def test_format_turns_each_readable_case_into_the_canonical_package(case, tmp_path):
    package = tmp_path / case
    shutil.copytree(EXCEL / case, package)
    changed, refused = format_package(package, display)
    assert refused == []
    assert changed
    for table in TABLES:
        assert (package / table).read_bytes() == (VALID / table).read_bytes(), table
    assert validate([str(package)])[0] == []
    assert format_package(package, display) == ([], [])  # a second run changes nothing


@pytest.mark.parametrize("case", REFUSED)
def test_format_refuses_what_it_cannot_be_sure_of_and_changes_nothing(case, tmp_path):
    package = tmp_path / case
    shutil.copytree(EXCEL / case, package)
    before = {table: (package / table).read_bytes() for table in TABLES}
    changed, refused = format_package(package, display)
    assert changed == []
    assert {p.code for p in refused} == {CASES[case][1]}
    assert all(p.file.endswith("figures.csv") for p in refused)
    assert {table: (package / table).read_bytes() for table in TABLES} == before


def test_ambiguous_number_is_refused_with_row_column_and_value(tmp_path):
    shutil.copytree(EXCEL / "thousands-or-decimal-semicolons", tmp_path / "p")
    (problem,) = format_package(tmp_path / "p", display)[1]
    assert (problem.code, problem.row, problem.column, problem.value) == ("decimal-ambiguous", 2, "value", "1.200")
    assert "1234" in problem.format("en")


def test_cli_format_exit_codes(tmp_path):
    for case in ("excel-csv-utf8", "thousands-or-decimal-semicolons"):
        shutil.copytree(EXCEL / case, tmp_path / case)
    command = [sys.executable, "-m", "aktivering.cli", "format"]
    done = subprocess.run([*command, str(tmp_path / "excel-csv-utf8")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("omskrevet /") == 2  # documents.csv and figures.csv
    refused = subprocess.run([*command, str(tmp_path / "thousands-or-decimal-semicolons")], cwd=ROOT,
                             capture_output=True, text=True)
    assert refused.returncode == 2
    assert "[decimal-ambiguous]" in refused.stdout


def test_real_packages_are_already_canonical(tmp_path):
    """Guards the promise that `format` keeps diffs small: on canonical data it changes no byte."""
    shutil.copytree(ROOT / "data" / "packages", tmp_path / "packages")
    for package in sorted((tmp_path / "packages").iterdir()):
        assert format_package(package, display) == ([], []), package.name


@pytest.mark.parametrize(("cell", "excel", "expected"), [
    ("12,5", True, ("12.5", "decimal-comma")),
    ("12,5", False, ("12.5", "decimal-comma")),
    ("1.234,5", True, ("1234.5", "decimal-comma")),
    ("12.5", True, ("12.5", None)),          # no thousands group has one digit
    ("10.000", True, ("10.000", "decimal-ambiguous")),
    ("1,234", False, ("1,234", "decimal-ambiguous")),
    ("1,234", True, ("1.234", "decimal-comma")),  # Danish locale: the comma is the decimal sign
    ("10.000", False, ("10.000", None)),     # a canonical file: the dot is the decimal sign
    ("ca. 120", True, ("ca. 120", None)),    # not a number: left for the validator's type-error
])
def test_number_cells(cell, excel, expected):
    assert csvformat._convert("number", cell, excel) == expected


@pytest.mark.parametrize(("kind", "cell", "excel", "expected"), [
    ("boolean", "FALSK", True, ("false", "excel-boolean")),
    ("boolean", "TRUE", False, ("true", "excel-boolean")),
    ("boolean", "true", True, ("true", None)),
    ("date", "01-12-2017", True, ("2017-12-01", "excel-date")),
    ("date", "01-12-2017", False, ("01-12-2017", None)),  # without Danish locale: 1 December or January 12?
    ("date", "2017-07", True, ("2017-07", None)),
])
def test_boolean_and_date_cells(kind, cell, excel, expected):
    assert csvformat._convert(kind, cell, excel) == expected


def test_text_that_looks_like_a_number_is_left_alone():
    schema = csvformat.schema_for("figures")
    header = [f["name"] for f in schema["fields"]]
    row = {name: "" for name in header} | {"figure_id": "101-f001", "value": "12,5", "category": "12,5",
                                          "quote": "01-12-2017; FALSK", "forecast": "FALSK"}
    excel = io.StringIO()
    csv.writer(excel, delimiter=";", lineterminator="\r\n").writerows([header, [row[n] for n in header]])
    raw = b"\xef\xbb\xbf" + excel.getvalue().encode("utf-8")
    table = csvformat.read(raw, "x/figures.csv", schema)
    cells = dict(zip(table.header, table.rows[0]))
    assert (cells["value"], cells["forecast"]) == ("12.5", "false")
    assert (cells["category"], cells["quote"]) == ("12,5", "01-12-2017; FALSK")


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=30)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(TEXT, TEXT, st.decimals(min_value=0, max_value=10**6, places=2)), max_size=6))
def test_danish_excel_round_trip_keeps_every_text_cell(rows):
    """Any text, with any separators, quotes and line breaks, survives Excel's form and `format`."""
    schema = csvformat.schema_for("figures")
    header = [f["name"] for f in schema["fields"]]
    records = [{name: "" for name in header} | {"figure_id": f"101-f{i:03d}", "category": category,
                                                "quote": quote, "value": str(value)}
               for i, (category, quote, value) in enumerate(rows, start=1)]
    excel = io.StringIO()
    writer = csv.writer(excel, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[r[n].replace(".", ",") if n == "value" else r[n] for n in header] for r in records])
    table = csvformat.read(b"\xef\xbb\xbf" + excel.getvalue().encode("utf-8"), "x/figures.csv", schema)
    written = csvformat.canonical_text(table, schema, "x/figures.csv")
    back = list(csv.DictReader(io.StringIO(written, newline="")))
    kept = [r for r in records if any(r[n].strip() for n in header)]
    assert [(r["category"], r["quote"], r["value"]) for r in back] == \
           [(r["category"], r["quote"], r["value"]) for r in kept]


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "figures.csv"
    path.write_text("old\n", encoding="utf-8")

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        csvformat.write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["figures.csv"]


def test_unreadable_encoding_is_refused_not_guessed():
    # Mac Roman æøå read as Windows-1252 would become ¾¿Œ: refuse rather than misread.
    with pytest.raises(Refused) as refused:
        csvformat.decode("Københavns Kommune, Århus".encode("mac_roman"), "x/figures.csv")
    assert codes(refused.value.problems) == {"not-utf8"}
    text, changes = csvformat.decode("Københavns Kommune, Århus".encode("cp1252"), "x/figures.csv")
    assert text == "Københavns Kommune, Århus" and codes(changes) == {"windows-1252"}
