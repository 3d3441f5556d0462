"""Property-based: whatever a contributor puts in a cell, a CSV file or the descriptor, the validator
ends in reported Problems (with a code and a message in both languages), never in a traceback.

Each example copies tests/fixtures/packages/valid into a temp folder, changes one thing and
validates it. Examples are few and bounded so that the file runs in well under a minute.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aktivering.problems import TEMPLATES, Problem
from aktivering.validate import validate

from conftest import FIXTURES

VALID = FIXTURES / "valid"
TABLES = sorted(p.stem for p in VALID.glob("*.csv"))
# How many examples, how random and with which database come from the profile (tests/conftest.py):
# 30 per property, derandomized, in the suite; `make fuzz` for a deep random run.
BOUNDED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that can be written as UTF-8 (lone surrogates cannot be) – everything else is fair game.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
AWKWARD = st.sampled_from([
    "", " ", '"', '""', '"unterminated', "a,b", "a;b;c", "1;5", "\n", "\r\n", "line\nbreak", "\x00", "\ufeff",
    "\t", "NaN", "nan", "inf", "-Infinity", "1e309", "-1e-400", "-0", "0x1F", "1_000", "١٢٣", "½", "12,5",
    "10.000", "true", "TRUE", "null", "9" * 400, "2017-02-30", "../..", "0000-00-00", "2017-13", "/", "..",
    "transcripts/../../x.txt", "/etc/passwd", "https://example.org/x.csv", "{{ config }}", "<script>x</script>",
])
CELLS = st.one_of(
    ANY_TEXT,
    AWKWARD,
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.lists(AWKWARD | ANY_TEXT, min_size=2, max_size=4).map("".join),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True) | ANY_TEXT | AWKWARD,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT | AWKWARD, children, max_size=4),
    max_leaves=12,
)


def assert_only_problems(folder: Path) -> list[Problem]:
    problems, _ = validate([str(folder)])
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.code and (problem.code in TEMPLATES or problem.note)
        for lang in ("da", "en"):
            assert f"[{problem.code}]" in problem.format(lang)
    return problems


@functools.cache
def _valid_snapshot() -> Path:
    """One copy of the fixture per run, so examples never see it while make_fixtures rewrites it."""
    folder = Path(tempfile.mkdtemp(prefix="valid-package-")) / "valid"
    shutil.copytree(VALID, folder)
    return folder


def copy_of_valid(parent: str) -> Path:
    folder = Path(parent) / "case"
    shutil.copytree(_valid_snapshot(), folder)
    return folder


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


@BOUNDED
@given(data=st.data(), cell=CELLS)
def test_any_cell_ends_in_problems_not_a_traceback(data, cell):
    """One cell anywhere in the package's tables (header included) replaced by awkward text."""
    with tempfile.TemporaryDirectory() as parent:
        folder = copy_of_valid(parent)
        replace_cell(data, folder, cell)
        assert_only_problems(folder)


def replace_cell(data, folder: Path, cell: str) -> None:
    """One cell of one of the package's tables (header included) replaced by `cell`."""
    table = folder / f"{data.draw(st.sampled_from(TABLES), label='table')}.csv"
    rows = read_rows(table)
    if len(rows) < 2:
        rows.append([""] * len(rows[0]))
    row = data.draw(st.integers(0, len(rows) - 1), label="row")
    column = data.draw(st.integers(0, len(rows[row]) - 1), label="column")
    rows[row][column] = cell
    write_rows(table, rows)


@BOUNDED
@given(data=st.data(), junk=st.one_of(CELLS, st.binary(max_size=64)))
def test_any_bytes_spliced_into_a_file_end_in_problems(data, junk):
    """Raw text or bytes inserted anywhere in a CSV or a transcript: broken quoting, stray
    separators, NUL bytes, half a UTF-8 character."""
    with tempfile.TemporaryDirectory() as parent:
        folder = copy_of_valid(parent)
        files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in (".csv", ".txt"))
        path = folder / data.draw(st.sampled_from(files), label="file")
        raw = path.read_bytes()
        at = data.draw(st.integers(0, len(raw)), label="offset")
        inserted = junk if isinstance(junk, bytes) else junk.encode("utf-8")
        path.write_bytes(raw[:at] + inserted + raw[at:])
        assert_only_problems(folder)


# Every crash the random runs of the property above found, replayed on every run (issue 10). The
# drawn file, offset and junk as plain arguments, so that each can be pinned as an @example.
SPLICE_FILES = sorted(p.relative_to(VALID).as_posix() for p in VALID.rglob("*") if p.suffix in (".csv", ".txt"))


@BOUNDED
# A transcript path over 255 bytes: OSError (ENAMETOOLONG) from Path.is_symlink in the safety check.
@example(file="documents.csv", offset=370, junk=b"a" * 300)
# A comma in non_figures.csv makes a row wider than the header: pandas' ParserError in coverage.
@example(file="non_figures.csv", offset=223, junk=b",")
# CR alone ends every line of a CSV (old Mac Excel): csv.Error while sniffing the delimiter.
@example(file="figures.csv", offset=0, junk=b"figure_id\r")
# A bidi override and a zero-width space spliced into the letter: refused, not shown reversed.
@example(file="transcripts/101-2017-12-10.txt", offset=120, junk="\u202e".encode())
@example(file="transcripts/101-2017-12-10.txt", offset=120, junk="\u200b".encode())
@given(file=st.sampled_from(SPLICE_FILES), offset=st.integers(0, 2_000), junk=st.binary(max_size=64))
def test_spliced_bytes_found_by_the_random_runs_end_in_problems(file, offset, junk):
    with tempfile.TemporaryDirectory() as parent:
        folder = copy_of_valid(parent)
        path = folder / file
        raw = path.read_bytes()
        at = min(offset, len(raw))
        path.write_bytes(raw[:at] + junk + raw[at:])
        assert_only_problems(folder)


def mutate(data, node, depth=0):
    """Replace or delete one value somewhere in the descriptor (a random walk from the top)."""
    children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
    if not children:
        return data.draw(JSON, label="replacement")
    key, child = data.draw(st.sampled_from(children), label=f"key at depth {depth}")
    if isinstance(child, (dict, list)) and child and data.draw(st.booleans(), label="descend"):
        node[key] = mutate(data, child, depth + 1)
    elif isinstance(node, dict) and data.draw(st.booleans(), label="delete"):
        del node[key]
    else:
        node[key] = data.draw(JSON, label="replacement")
    return node


@BOUNDED
@given(data=st.data())
def test_any_mutated_descriptor_ends_in_problems(data):
    with tempfile.TemporaryDirectory() as parent:
        folder = copy_of_valid(parent)
        mutate_descriptor(data, folder)
        assert_only_problems(folder)


def mutate_descriptor(data, folder: Path) -> None:
    path = folder / "datapackage.json"
    descriptor = mutate(data, json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(descriptor, ensure_ascii=data.draw(st.booleans(), label="ascii")), encoding="utf-8")


@BOUNDED
@given(descriptor=JSON)
def test_any_json_document_as_descriptor_ends_in_problems(descriptor):
    with tempfile.TemporaryDirectory() as parent:
        folder = copy_of_valid(parent)
        (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        assert assert_only_problems(folder)


# --- what the properties found, kept as plain regression tests ------------------------------------

def test_emptied_header_cell_is_reported_not_a_key_error(tmp_path):
    """Guards against a KeyError: load.read_package read documents['document_id'] before the
    validator could report the missing label."""
    folder = copy_of_valid(str(tmp_path))
    rows = read_rows(folder / "documents.csv")
    rows[0][0] = ""
    write_rows(folder / "documents.csv", rows)
    codes = {p.code for p in assert_only_problems(folder)}
    assert codes & {"header-mismatch", "incorrect-label", "blank-label", "missing-label"}


def test_rows_wider_than_the_header_are_reported_not_a_parser_error(tmp_path):
    """Guards against pandas' ParserError ('Expected 1 fields in line 3, saw 17') escaping the
    validator when junk lines precede the real header."""
    folder = copy_of_valid(str(tmp_path))
    path = folder / "documents.csv"
    path.write_bytes(b"0\nl\n" + path.read_bytes())
    assert assert_only_problems(folder)
