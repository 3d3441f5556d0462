"""The validator's fast path (aktivering.tablecheck) may only call a package clean when
frictionless.validate() would report nothing; otherwise the contributor would miss an error."""

from __future__ import annotations

import csv
import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import BOUNDED, CELLS, copy_of_valid, mutate_descriptor, replace_cell

from aktivering import schemas, tablecheck
from aktivering.validate import frictionless_problems, read_descriptor, structural_problems

from conftest import FIXTURES, ROOT


def _past_safety_checks(folder) -> bool:
    descriptor, _ = read_descriptor(folder / "datapackage.json")
    return descriptor is not None and not structural_problems(folder / "datapackage.json", descriptor)


def verdicts(folder):
    """(fast path clean?, frictionless clean?) or None when the safety checks stop it first."""
    path = folder / "datapackage.json"
    if not _past_safety_checks(folder):
        return None
    descriptor, _ = read_descriptor(path)
    return tablecheck.is_clean(path, descriptor), not frictionless_problems(path)


@pytest.mark.parametrize("path", schemas.all_descriptors(), ids=lambda p: p.parent.name)
def test_every_real_package_takes_the_fast_path(path):
    descriptor, _ = read_descriptor(path)
    assert tablecheck.is_clean(path, descriptor)


# Fixtures the safety checks refuse (unsafe paths, unreadable files) reach neither frictionless nor
# the fast path; test_validate asserts their problems.
@pytest.mark.parametrize("folder", sorted(p for p in FIXTURES.iterdir() if p.is_dir() and _past_safety_checks(p)),
                         ids=lambda p: p.name)
def test_fast_path_and_frictionless_agree_on_every_fixture(folder):
    fast, slow = verdicts(folder)
    descriptor, _ = read_descriptor(folder / "datapackage.json")
    names = schemas.resources_for(folder / "datapackage.json") + schemas.optional_for(folder / "datapackage.json",
                                                                                    descriptor)
    if schemas.drift(descriptor, names) or [r.get("name") for r in descriptor["resources"]] != list(names):
        assert not fast  # not exactly as `aktivering sync` writes it (or an extra resource): frictionless decides
    else:
        assert fast == slow


@BOUNDED
@given(data=st.data(), cell=CELLS, change=st.sampled_from(["cell", "descriptor"]))
def test_fast_path_never_passes_what_frictionless_fails(data, cell, change):
    """One cell of a table or one value in the descriptor (package metadata is checked by a
    cheaper frictionless call) changed: if frictionless fails it, so must the fast path."""
    with tempfile.TemporaryDirectory() as parent:
        folder = copy_of_valid(parent)
        if change == "cell":
            replace_cell(data, folder, cell)
        else:
            mutate_descriptor(data, folder)
        result = verdicts(folder)
        if result is not None:
            fast, slow = result
            assert slow or not fast


def _sniffed(sample: str):
    """What csv.Sniffer finds that frictionless uses (delimiter, quote character, initial space)."""
    try:
        dialect = csv.Sniffer().sniff(sample, tablecheck._SNIFF_DELIMITERS)
    except csv.Error:
        return "error"
    return dialect.delimiter, dialect.quotechar, bool(dialect.skipinitialspace)


def _ours(sample: str):
    try:
        delimiter, quotechar, skip = tablecheck._sniff(sample, tablecheck._SNIFF_DELIMITERS)
    except csv.Error:
        return "error"
    return delimiter, quotechar, bool(skip)


def _samples():
    files = sorted(FIXTURES.rglob("*.csv")) + sorted((ROOT / "data").rglob("*.csv"))
    for path in files:
        if path.is_file() and not path.is_symlink():
            lines = path.read_bytes().decode("utf-8", errors="replace").splitlines(keepends=True)
            yield "".join(lines[:100])


def test_the_fast_paths_sniff_finds_what_csv_sniffer_finds_in_every_fixture_and_real_csv():
    """tablecheck._sniff is csv.Sniffer.sniff without its search for doubled quotes (frictionless
    does not use it): the delimiter, quote character and initial space must be the Sniffer's, or
    the fast path would read a file otherwise than frictionless does."""
    samples = list(_samples())
    assert len(samples) > 300
    for sample in samples:
        assert _ours(sample) == _sniffed(sample), sample[:200]


@settings(BOUNDED, max_examples=300)
@given(st.lists(st.text(alphabet=',;\t| "\'\nab1æ.-', max_size=30), max_size=12))
def test_the_fast_paths_sniff_finds_what_csv_sniffer_finds_in_any_text(lines):
    sample = "\n".join(lines)
    assert _ours(sample) == _sniffed(sample)


def _fixture_packages():
    return sorted(p.parent for p in FIXTURES.rglob("datapackage.json") if p.parent.is_dir())


def _described(result):
    from aktivering import coverage
    from aktivering.paths import OPTIONAL_RESOURCES, PACKAGE_RESOURCES

    def rows(package):  # non_figures as the rules read it: parsed by the fast path, else from its file
        tables = {table: package.rows(table) for table in (*PACKAGE_RESOURCES, *OPTIONAL_RESOURCES)}
        tables["non_figures"] = (package.rows("non_figures") if "non_figures" in package.tables
                                 else coverage.read_non_figures(package.folder))
        return tables

    problems, packages = result
    return ([(p.code, p.file, p.row, p.column, repr(p.value), repr(p.expected), repr(p.params), p.format("da"),
              p.format("en")) for p in problems],
            [(p.name, rows(p), p.transcripts, p.safe_transcripts) for p in packages])


@pytest.mark.parametrize("folder", _fixture_packages(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_gets_the_same_problems_and_rows_by_the_fast_path_and_by_frictionless(folder, monkeypatch):
    """Issue 17: the fast path (tablecheck: frictionless' verdict without its metadata cost, the
    rows read column by column) must not change what a validation says: every fixture validated
    with it and with frictionless alone (and pandas reading the tables) gives the same problems,
    every field and both languages, and the same rows to the rules and the generator."""
    from aktivering import cache
    from aktivering.validate import validate

    fast = _described(validate([str(folder)], cache.NO_MEMORY))
    monkeypatch.setattr(tablecheck, "clean_tables", lambda path, descriptor: None)
    slow = _described(validate([str(folder)], cache.NO_MEMORY))
    assert fast == slow


def _first_pattern_agrees(sample: str) -> None:
    assert tablecheck._quoted_between_delimiters(sample) == tablecheck._QUOTED[0].findall(sample), sample[:200]


def test_the_quoted_text_between_delimiters_is_what_the_sniffers_pattern_finds_in_every_csv():
    """Issue 17 (cold validation): the Sniffer's first pattern, tried at every position of every
    CSV's first lines, was the largest part of the fast path's sniffing; `_quoted_between_delimiters`
    finds its matches from the quote characters. Same matches, in the same order, on every fixture
    and real CSV (and below on generated text): else a file could be read with another dialect."""
    samples = list(_samples())
    assert sum(bool(tablecheck._QUOTED[0].findall(sample)) for sample in samples) > 100
    for sample in samples:
        _first_pattern_agrees(sample)


@settings(BOUNDED, max_examples=500)
@given(st.text(alphabet=',;\t| "\'\nab1æ_.-', max_size=80))
def test_the_quoted_text_between_delimiters_is_what_the_sniffers_pattern_finds_in_any_text(sample):
    _first_pattern_agrees(sample)


def test_a_delimiter_is_what_the_sniffers_pattern_takes_for_one_at_every_code_point():
    """`_quoted_between_delimiters` tells a delimiter by `isalnum()` and four characters where the
    pattern has `[^\\w\\n"']`: the two must agree on every code point, not only on the CSVs we have."""
    import re
    import sys

    pattern = re.compile(r'[^\w\n"\']')
    differ = [hex(point) for point in range(sys.maxunicode + 1)
              if bool(pattern.match(chr(point))) != tablecheck._can_delimit(chr(point))]
    assert not differ
