"""Issue 10, the validator side: nothing false validates, no traceback, nothing runs long.

The fixtures of each rule are listed in test_validate.EXPECTED; here are the fixtures of several
packages, the bounds at attack size, the inputs every package is validated against, and the
attacks of the issue tried again on the real packages as an attacker would.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aktivering import cache
from aktivering import validate as validate_module
from aktivering.problems import TEMPLATES
from aktivering.scaffold import slug
from aktivering.validate import validate

from conftest import FIXTURES, ROOT

REAL = ROOT / "data" / "packages"


def problems_of(*folders: Path) -> list:
    """Validate; every problem has its code's templates and formats in both languages."""
    problems, _ = validate([str(f) for f in folders])
    for problem in problems:
        assert problem.code in TEMPLATES or problem.note, problem
        for lang in ("da", "en"):
            assert f"[{problem.code}]" in problem.format(lang)
    return problems


def codes(*folders: Path) -> set[str]:
    return {p.code for p in problems_of(*folders)}


def copy(source: Path, tmp_path: Path, name: str | None = None) -> Path:
    target = tmp_path / (name or source.name)
    shutil.copytree(source, target, symlinks=True)
    return target


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def change_row(path: Path, key: str, **cells) -> None:
    rows = read_rows(path)
    row = next(r for r in rows if next(iter(r.values())) == key)
    row.update(cells)
    write_rows(path, rows)


def edit_descriptor(folder: Path, **changes) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.update(changes)
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


# --- several packages ------------------------------------------------------------------------------

def test_national_package_declared_twice_is_refused():
    group = FIXTURES / "national-declared-twice"
    assert codes(group / "a") == set() and codes(group / "b") == set()
    assert codes(group / "a", group / "b") == {"national-duplicate", "duplicate-id"}


@pytest.mark.parametrize("case, folder, expected", [
    ("misnamed", "101-odense", "101-koebenhavn"),
    ("dot-named", ".101-koebenhavn", "101-koebenhavn"),
    ("national-elsewhere", "landet", "national"),
])
def test_package_folder_must_be_code_and_slug_in_data_packages(monkeypatch, case, folder, expected):
    """Guards against impersonation by folder name: downloads are published under the folder's name,
    and MkDocs leaves out a dot-named folder's files."""
    root = FIXTURES / "package-folders" / case
    assert codes(root / folder) == set()  # outside data/packages the folder name is free (fixtures)
    monkeypatch.setattr(validate_module, "PACKAGES", root)
    monkeypatch.setattr(cache, "CLEAN_FOLDERS", {})  # the process' memory of clean folders
    (problem,) = problems_of(root / folder)
    assert (problem.code, problem.value, problem.expected) == ("package-folder-name", folder, expected)


def test_rightly_named_packages_pass_as_data_packages(monkeypatch):
    root = FIXTURES / "package-folders" / "right"
    monkeypatch.setattr(validate_module, "PACKAGES", root)
    assert problems_of(root / "101-koebenhavn", root / "national") == []


def test_every_kommune_has_its_own_page_name():
    """The build derives a kommune's page from the slug of its reference name: no two may share it."""
    with open(ROOT / "data" / "reference" / "kommuner.csv", encoding="utf-8", newline="") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert len(names) == 98 and len({slug(n) for n in names}) == 98


# --- the attacks on the real data -------------------------------------------------------

@pytest.fixture
def real_root(tmp_path, monkeypatch):
    """A copy of data/packages that the validator treats as data/packages."""
    root = tmp_path / "packages"
    shutil.copytree(REAL, root)
    monkeypatch.setattr(validate_module, "PACKAGES", root)
    return root


def test_the_real_packages_pass_as_copied(real_root):
    assert problems_of(*sorted(real_root.iterdir())) == []


def test_a_second_package_claiming_helsingoer_is_refused(real_root):
    """Guards against a second package for kommune 217 replacing Helsingør's page."""
    shutil.copytree(real_root / "217-helsingoer", real_root / "217-helsingoer-2")
    found = codes(*sorted(real_root.iterdir()))
    assert {"package-folder-name", "kommune-duplicate", "duplicate-id"} <= found


def test_a_package_without_kommune_code_cannot_become_the_national_page(real_root):
    fake = real_root / "national"
    shutil.rmtree(fake)
    shutil.copytree(real_root / "217-helsingoer", fake)
    edit_descriptor(fake, kommune_code=None, id_prefix="217")
    assert "national-undeclared" in codes(*sorted(real_root.iterdir()))


def test_a_kommune_package_cannot_take_the_national_prefix(real_root):
    edit_descriptor(real_root / "217-helsingoer", id_prefix="dk")
    assert "id-prefix-foreign" in codes(real_root / "217-helsingoer")


HELSINGOER = "217-helsingoer"


@pytest.mark.parametrize("key, cells, code", [
    # 281 changed to 2 810
    ("217-f002", {"value": "2810"}, "value-not-in-quote"),
    # the year of "i juli 2017" taken as a count
    ("217-f003", {"value": "2017"}, "value-not-in-quote"),
    # the count takes the share of the same sentence: "36 pct. … svarer til 281 borgere"
    ("217-f002", {"value": "36"}, "value-bound-elsewhere"),
    # a qualifier that adds digits
    ("217-f002", {"qualifier": "godt 2", "precision": "approximate"}, "qualifier-has-number"),
    # a breakdown part that is its own total
    ("217-f002", {"part_of": "217-f002"}, "part-of-self"),
    # a share filed as a part of a count
    ("217-f001", {"part_of": "217-f002"}, "part-unit-mismatch"),
])
def test_false_numbers_in_the_real_package_are_refused(real_root, key, cells, code):
    if not (real_root / HELSINGOER / "figures.csv").exists():
        pytest.skip("no Helsingør package")
    change_row(real_root / HELSINGOER / "figures.csv", key, **cells)
    assert code in codes(real_root / HELSINGOER)


def test_a_figure_quoting_the_salutation_is_refused(real_root):
    """Guards against a figure of 99 % whose quote, "Kære Troels Lund Poulsen", holds no number."""
    figures = real_root / HELSINGOER / "figures.csv"
    figure = next(r for r in read_rows(figures) if r["document_id"] == "217-2017-12-14" and r["unit"] == "pct.")
    change_row(figures, figure["figure_id"], value="99", quote="Kære Troels Lund Poulsen")
    assert "value-not-in-quote" in codes(real_root / HELSINGOER)


def test_two_values_swapped_between_benefits_in_one_sentence_are_refused(real_root):
    """Guards against 246 kontanthjælp and 22 uddannelseshjælp swapped: both numbers are in the
    sentence, so only the clause each stands in tells them apart."""
    figures = real_root / HELSINGOER / "figures.csv"
    rows = {r["figure_id"]: r for r in read_rows(figures)}
    assert (rows["217-f003"]["benefit"], rows["217-f003"]["value"]) == ("kontanthjælp", "246")
    assert (rows["217-f004"]["benefit"], rows["217-f004"]["value"]) == ("uddannelseshjælp", "22")
    change_row(figures, "217-f003", value="22")
    change_row(figures, "217-f004", value="246")
    problems = problems_of(real_root / HELSINGOER)
    assert {(p.code, p.row) for p in problems if p.code == "value-bound-elsewhere"} == {
        ("value-bound-elsewhere", 4), ("value-bound-elsewhere", 5)}


def test_a_cycle_of_parts_is_refused(real_root):
    figures = real_root / HELSINGOER / "figures.csv"
    part = next(r for r in read_rows(figures) if r["part_of"])
    change_row(figures, part["part_of"], part_of=part["figure_id"])
    assert "part-of-cycle" in codes(real_root / HELSINGOER)


def test_a_non_figure_quoting_the_whole_letter_is_refused(real_root):
    """Guards against a non_figures row whose quote is a whole letter "covering" a changed number."""
    package = real_root / HELSINGOER
    rows = read_rows(package / "non_figures.csv")
    letter = (package / "transcripts" / "217-2017-09-13.txt").read_text(encoding="utf-8")
    paragraph = next(line for line in letter.splitlines() if line.startswith("Beskæftigelsesministeren har d. 18."))
    row = next(r for r in rows if r["document_id"] == "217-2017-09-13" and r["text"] in paragraph)
    row["quote"] = paragraph  # two sentences: the date's and the figures'
    write_rows(package / "non_figures.csv", rows)
    assert "non-figure-quote-too-long" in codes(package)
    row["quote"] = " ".join(letter.split())  # the whole letter
    write_rows(package / "non_figures.csv", rows)
    assert "non-figure-quote-too-long" in codes(package)


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200b", "\u00ad", "\ufeff", "\u2028"])
def test_invisible_characters_in_a_real_transcript_are_refused(real_root, character):
    """Guards against a bidi override making the letter page show 144 where the figure says 441."""
    transcript = next((real_root / HELSINGOER / "transcripts").iterdir())
    text = transcript.read_text(encoding="utf-8")
    transcript.write_text(text.replace("281", f"{character}182", 1), encoding="utf-8")
    assert "char-invisible" in codes(real_root / HELSINGOER)


@pytest.mark.parametrize("digits", ["²", "１"])
def test_compatibility_digits_cannot_hide_a_number(real_root, digits):
    """Guards against superscript or fullwidth digits that coverage could not see (NFKC first)."""
    package = real_root / HELSINGOER
    figure = read_rows(package / "figures.csv")[1]
    assert figure["value"] == "281"
    transcript = package / "transcripts" / f"{figure['document_id']}.txt"
    transcript.write_text(transcript.read_text(encoding="utf-8").replace("281 borgere", f"281{digits} borgere"),
                          encoding="utf-8")
    for row in read_rows(package / "figures.csv"):
        if "281 borgere" in row["quote"]:
            change_row(package / "figures.csv", row["figure_id"],
                       quote=row["quote"].replace("281 borgere", f"281{digits} borgere"))
    found = codes(package)
    assert "number-unaccounted" in found or "value-not-in-quote" in found


# --- characters, numbers and dates ----------------------------------------------------------------

@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e309", "-1e309"])
def test_non_finite_values_are_refused(tmp_path, value):
    """Guards against NaN, Infinity and 1e309: frictionless takes them as numbers; the build crashed."""
    case = copy(FIXTURES / "valid", tmp_path)
    change_row(case / "figures.csv", "101-f001", value=value)
    assert "number-not-finite" in codes(case)


@pytest.mark.parametrize("column, value", [("participants_planned", "9" * 400), ("participants_actual", "1" * 16)])
def test_absurdly_long_participant_counts_are_refused(tmp_path, column, value):
    case = copy(FIXTURES / "valid", tmp_path)
    change_row(case / "initiatives.csv", "101-i01", **{column: value})
    assert "number-too-long" in codes(case)


@pytest.mark.parametrize("value", ["１２０", "١٢٠", "+120", "120.0e0"])
def test_numbers_in_other_forms_are_refused(tmp_path, value):
    case = copy(FIXTURES / "valid", tmp_path)
    change_row(case / "figures.csv", "101-f001", value=value)
    assert "number-form" in codes(case) or "type-error" in codes(case)


@pytest.mark.parametrize("table, key, column, value", [
    ("figures", "101-f001", "reference_period", "9999-12-31"),
    ("figures", "101-f005", "reference_period", "2017-12/9999-12"),
    ("initiatives", "101-i01", "start", "0001-02-01"),
    ("initiatives", "101-i01", "participants_planned_date", "1989-12"),
    ("documents", "101-2017-12-10", "in_reply_to_date", "0001-01-01"),
])
def test_dates_outside_the_window_are_refused(tmp_path, table, key, column, value):
    case = copy(FIXTURES / "valid", tmp_path)
    change_row(case / f"{table}.csv", key, **{column: value})
    assert "date-out-of-range" in codes(case)


@pytest.mark.parametrize("text, code", [
    ("\ud800", "char-illegal"), ("\udfff", "char-illegal"), ("\x07", "char-illegal"), ("\uffff", "char-illegal"),
    ("\u202e", "char-invisible"), ("\u2067", "char-invisible"), ("\x85", "char-invisible"),
])
def test_illegal_and_invisible_characters_in_the_descriptor_are_refused(tmp_path, text, code):
    """A JSON escape carries what UTF-8 bytes cannot: lone surrogates crashed the build's writers."""
    case = copy(FIXTURES / "valid", tmp_path)
    path = case / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["title"] = f"Køben{text}havn"
    path.write_text(json.dumps(descriptor), encoding="utf-8")  # ensure_ascii: \\ud800 as an escape
    problems = problems_of(case)
    assert [(p.code, p.column) for p in problems] == [(code, "title")]
    assert text not in problems[0].format("en")  # the message names the character, never prints it


@pytest.mark.parametrize("table, key, column", [
    ("figures", "101-f001", "figure_id"), ("figures", "101-f003", "category"),
    ("documents", "101-2017-12-10", "title"), ("initiatives", "101-i01", "name"),
    ("non_figures", "101-2017-12-10", "note"),
])
@pytest.mark.parametrize("character, code", [("\x01", "char-illegal"), ("\x1b", "char-illegal"),
                                             ("\u2066", "char-invisible"), ("\u200f", "char-invisible")])
def test_illegal_and_invisible_characters_in_any_cell_or_id_are_refused(tmp_path, table, key, column,
                                                                        character, code):
    case = copy(FIXTURES / "valid", tmp_path)
    rows = read_rows(case / f"{table}.csv")
    rows[0 if table != "figures" else [r["figure_id"] for r in rows].index(key)][column] += character
    write_rows(case / f"{table}.csv", rows)
    assert code in codes(case)


def test_cr_only_csv_is_refused_with_a_message(tmp_path):
    """Guards against an old Mac Excel file (CR line ends): it must end in a message."""
    case = copy(FIXTURES / "valid", tmp_path)
    path = case / "figures.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert codes(case) == {"cr-line-endings"}


# --- paths and links ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["transcripts/" + "a" * 300 + ".txt", "transcripts/" + "ab/" * 400 + "x.txt",
                                  "transcripts/" + "æ" * 200 + ".txt"])
def test_long_transcript_paths_end_in_a_message(tmp_path, path):
    """Guards against OSError ENAMETOOLONG from is_symlink() escaping the validator."""
    case = copy(FIXTURES / "valid", tmp_path)
    change_row(case / "documents.csv", "101-2017-12-10", transcript=path)
    assert "path-too-long" in codes(case)


def test_a_hard_linked_transcript_is_not_read_or_quoted(tmp_path):
    """Guards against a message quoting a file outside the repository through a hard link."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:HEMMELIG-LINJE:/root:/bin/bash\n", encoding="utf-8")
    case = copy(FIXTURES / "valid", tmp_path)
    transcript = case / "transcripts" / "101-2017-12-10.txt"
    transcript.unlink()
    os.link(secret, transcript)
    problems = problems_of(case)
    assert "hard-link" in {p.code for p in problems}
    assert not any("HEMMELIG" in p.format(lang) for p in problems for lang in ("da", "en"))


def test_a_hard_linked_csv_is_not_read(tmp_path):
    case = copy(FIXTURES / "valid", tmp_path)
    os.link(case / "figures.csv", tmp_path / "elsewhere.csv")
    assert "hard-link" in codes(case)


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    """Copies of data/schemas, data/vocabularies and data/reference the validator reads instead."""
    copies = {}
    for name, attribute in (("schemas", "SCHEMAS"), ("vocabularies", "VOCABULARIES"), ("reference", "REFERENCE")):
        copies[name] = copy(ROOT / "data" / name, tmp_path / "data")
        monkeypatch.setattr(validate_module, attribute, copies[name])
    return copies


def test_inputs_copied_as_they_are_pass(inputs):
    assert validate_module.input_problems() == []


@pytest.mark.parametrize("folder, name", [("schemas", "figures.schema.json"), ("vocabularies", "measures.csv"),
                                          ("reference", "kommuner.csv"), ("reference", "kommuner.geojson")])
def test_an_input_linked_to_dev_zero_is_refused_before_it_is_read(inputs, folder, name):
    """Guards against a symlink to /dev/zero in data/: it was read to the end (memory exhausted)."""
    target = inputs[folder] / name
    target.unlink()
    target.symlink_to("/dev/zero")
    problems, packages = validate([str(FIXTURES / "valid")])
    assert [p.code for p in problems] == ["unsafe-path"] and packages == []


def test_an_extra_special_file_in_the_schemas_is_refused(inputs):
    (inputs["schemas"] / "extra.schema.json").symlink_to("/dev/zero")
    assert [p.code for p in validate_module.input_problems()] == ["unsafe-path"]


@pytest.mark.parametrize("folder, name, damage, code", [
    ("vocabularies", "benefits.csv", lambda t: t.replace("Kontanthjælp", "Kontant\u202ehjælp", 1), "char-invisible"),
    ("reference", "kommuner.csv", lambda t: t.replace("Helsingør", "Helsing\x00ør", 1), "not-utf8"),
    ("schemas", "figures.schema.json", lambda t: t + " " * (6 * 1024 * 1024), "file-too-large"),
])
def test_damaged_inputs_are_refused(inputs, folder, name, damage, code):
    path = inputs[folder] / name
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert code in {p.code for p in validate_module.input_problems()}


def test_a_hard_linked_input_is_refused(inputs, tmp_path):
    os.link(inputs["vocabularies"] / "funding.csv", tmp_path / "funding-copy.csv")
    assert [p.code for p in validate_module.input_problems()] == ["hard-link"]


# --- bounds at attack size (times are measured in the report, not here) ---------------------------

def test_200_000_rows_are_refused(tmp_path):
    case = copy(FIXTURES / "valid", tmp_path)
    with open(case / "non_figures.csv", "a", encoding="utf-8") as handle:
        handle.write("101-2017-12-10,x,y,andet,\n" * 200_000)
    assert codes(case) == {"too-many-rows"}


def test_10_000_columns_are_refused(tmp_path):
    case = copy(FIXTURES / "valid", tmp_path)
    path = case / "figures.csv"
    path.write_text("".join(line.rstrip("\n") + ",x" * 10_000 + "\n"
                            for line in path.read_text(encoding="utf-8").splitlines(keepends=True)), "utf-8")
    assert codes(case) == {"too-many-columns"}


def test_10_000_resources_are_refused(tmp_path):
    case = copy(FIXTURES / "valid", tmp_path)
    path = case / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"] += [{"name": f"r{i}", "path": "figures.csv"} for i in range(10_000)]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert codes(case) == {"too-many-resources"}


def test_a_4_mib_chart_label_is_refused(tmp_path):
    case = copy(FIXTURES / "valid", tmp_path)
    change_row(case / "figures.csv", "101-f003", category="x" * (4 * 1024 * 1024))
    assert codes(case) == {"cell-too-long"}


def test_a_descriptor_with_10_000_keys_is_read_in_linear_time(tmp_path):
    """Guards against the duplicate-key check counting every key for every key (quadratic)."""
    case = copy(FIXTURES / "valid", tmp_path)
    path = case / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.update({f"k{i}": i for i in range(10_000)})
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert codes(case) <= {"descriptor-invalid"}


def test_a_4_mib_descriptor_title_is_refused(tmp_path):
    """The title is the package page's heading and the feed entry's title: a label, bounded."""
    case = copy(FIXTURES / "valid", tmp_path)
    edit_descriptor(case, title="x" * (4 * 1024 * 1024))
    assert codes(case) == {"label-too-long"}


@pytest.mark.parametrize("name, damage", [
    ("schemas/figures.schema.json", lambda t: t[: len(t) // 2]),
    ("vocabularies/measures.csv", lambda t: t.replace("measure,label,unit", "mål,label,enhed", 1)),
    ("vocabularies/benefits.csv", lambda t: ""),
    ("reference/kommuner.csv", lambda t: t.replace("kommune_code,", "kode,", 1)),
])
def test_inputs_the_rules_cannot_use_end_in_a_message(tmp_path, name, damage):
    """Guards against KeyError/JSONDecodeError tracebacks from a vocabulary, schema or reference
    file that is safe to read but not what the rules need."""
    data = copy(ROOT / "data", tmp_path)
    path = data / name
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "aktivering.cli", "--lang", "en", "validate"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "AKTIVERING_DATA": str(data)})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.count("[input-unreadable]") == 1 and len(result.stdout.splitlines()) == 1


def test_stray_files_in_a_package_are_refused_before_they_are_read(tmp_path):
    """Guards against the package digest reading every file in the folder: a 1 GB stray file (sparse
    here) or a .DS_Store would be hashed, and published, before any rule ran."""
    case = copy(FIXTURES / "valid", tmp_path)
    with open(case / "junk.bin", "wb") as handle:
        handle.truncate(1 << 30)
    (case / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (case / "transcripts" / "big.txt").write_bytes(b"")
    os.truncate(case / "transcripts" / "big.txt", 1 << 30)
    problems = problems_of(case)
    assert {(p.code, p.value) for p in problems} == {
        ("package-file-unknown", "junk.bin"), ("package-file-unknown", ".DS_Store"), ("file-too-large", 1 << 30)}


def test_ten_thousand_transcripts_are_refused(tmp_path):
    case = copy(FIXTURES / "valid", tmp_path)
    for i in range(10_000):
        (case / "transcripts" / f"101-x{i}.txt").write_bytes(b"")
    assert codes(case) == {"too-many-files"}


@pytest.mark.parametrize("package, key, value", [
    ("217-helsingoer", "217-f001", "281"),     # a share taking "281 borgere"
    ("217-helsingoer", "217-f029", "29"),      # ordinær uddannelse taking the 29 "der er gået i ordinært arbejde"
    ("217-helsingoer", "217-f032", "24"),      # ressourceforløb taking the 24 of fleksjob
    ("217-helsingoer", "217-f033", "10"),      # kontanthjælp taking uddannelseshjælp's 10
    ("376-guldborgsund", "376-f008", "80"),    # mentors taking "80 aktivitetsparate"
    ("376-guldborgsund", "376-f013", "134"),   # a duration taking "134 aktivitetsparate"
    ("national", "dk-f002", "27000"),          # an amount taking "27.000 aktivitetsparate personer"
    ("national", "dk-f003", "0.25"),           # a count taking "en kvart mia. kr."
])
def test_a_number_taken_from_another_figure_of_the_sentence_is_refused(real_root, package, key, value):
    """Guards against two figures of one sentence swapping numbers: each number's unit and clause
    bind it to its own figure (data/README.md, "Which occurrence is a figure's")."""
    change_row(real_root / package / "figures.csv", key, value=value)
    assert "value-bound-elsewhere" in codes(real_root / package)


@pytest.mark.parametrize("folder, national", [("national-2", True), (".national", True), ("landet", "true")])
def test_a_second_national_package_cannot_enter_data_packages(real_root, folder, national):
    """Guards against a package replacing the national page: only the folder `national` may declare it."""
    shutil.copytree(real_root / "national", real_root / folder)
    edit_descriptor(real_root / folder, national=national)
    found = codes(*sorted(real_root.iterdir()))
    assert ("package-folder-name" if national is True else "national-conflict") in found


def test_a_hard_linked_descriptor_is_refused(tmp_path):
    case = copy(FIXTURES / "valid", tmp_path)
    os.link(case / "datapackage.json", tmp_path / "elsewhere.json")
    assert codes(case) == {"hard-link"}


@pytest.mark.parametrize("name", ["figures.csv", "transcripts/101-2017-12-10.txt"])
def test_format_converts_cr_only_files_and_then_they_pass(tmp_path, name):
    """The cr-line-endings message says `aktivering format` converts them: it does."""
    case = copy(FIXTURES / "valid", tmp_path)
    path = case / name
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert codes(case) == {"cr-line-endings"}
    result = subprocess.run([sys.executable, "-m", "aktivering.cli", "format", str(case)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert codes(case) == set()


def test_folder_rule_holds_for_a_relative_target(tmp_path):
    """Guards against `aktivering validate data/packages/<folder>` skipping the folder rule because
    the relative path was compared with the resolved data/packages."""
    data = copy(ROOT / "data", tmp_path)
    shutil.copytree(data / "packages" / "217-helsingoer", data / "packages" / "217-x")
    result = subprocess.run([sys.executable, "-m", "aktivering.cli", "--lang", "en", "validate", "data/packages/217-x"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "AKTIVERING_DATA": str(data),
                                 "PYTHONPATH": str(ROOT / "scripts")})
    assert "[package-folder-name]" in result.stdout, result.stdout + result.stderr


def test_vocabularies_and_reference_given_as_relative_paths_pass():
    """Guards against `aktivering validate data/vocabularies` treating the vocabularies as a package
    (resource-missing for documents …): the relative path was compared with the resolved one."""
    result = subprocess.run([sys.executable, "-m", "aktivering.cli", "--lang", "en", "validate", "data/vocabularies",
                             "data/reference"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout


def test_one_search_for_refused_characters_finds_what_the_two_find():
    """character_problem searches once for either kind before telling them apart (a tenth of a cold
    validation): the combined pattern must match exactly the characters the two patterns match."""
    from aktivering import safety

    for c in range(0x110000):
        either = bool(safety._XML_ILLEGAL.search(chr(c)) or safety._INVISIBLE.search(chr(c)))
        assert bool(safety._REFUSED.search(chr(c))) == either, hex(c)
    assert safety.character_problem("a\u202eb\x01") == ("char-illegal", 3)  # illegal first, as before


def test_a_printable_text_holds_no_refused_character():
    """Issue 17: character_problem skips its search for a text that is printable once line breaks
    and tabs are set aside; that is only right while no refused character is printable (or one of
    those three) in this Python's Unicode."""
    from aktivering import safety

    for c in range(0x110000):
        if safety._REFUSED.search(chr(c)):
            assert not safety._printable(chr(c)), hex(c)
            assert safety.character_problem(f"ab\n\t{chr(c)}") is not None, hex(c)
    assert safety._printable("Æblegrød, 12,5 pct.\n\tnæste linje\r\n") and not safety._printable("a\x0bb")


def test_the_list_of_format_characters_is_unicodes():
    """The invisible characters refused are exactly Unicode's Cf (plus DEL, C1, U+2028/9) of this Python."""
    import unicodedata

    from aktivering.safety import FORMAT_CHARACTERS, character_problem

    listed = {c for a, b in FORMAT_CHARACTERS for c in range(a, b + 1)}
    assert listed == {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    assert all(character_problem(f"a{chr(c)}b") == ("char-invisible", 1) for c in sorted(listed)[::7])


def test_a_checked_text_is_the_text_read_text_gives(tmp_path):
    """Issue 17: the loader keeps the text safety.checked_text decoded while checking a transcript
    instead of reading the file again; it must be what Path.read_text gave (universal newlines) and
    nothing for a file file_problems refuses."""
    from aktivering.safety import checked_text, file_problems

    from conftest import FIXTURES

    cases = [p for p in sorted(FIXTURES.rglob("*.txt")) if p.is_file()]
    for name, raw in (("crlf", b"a\r\nb\r\n"), ("cr", b"a\rb"), ("mixed", "æ\r\nø\rå\n".encode()),
                      ("bom", b"\xef\xbb\xbfa"), ("latin", "æ".encode("cp1252")), ("nul", b"a\x00")):
        (tmp_path / f"{name}.txt").write_bytes(raw)
        cases.append(tmp_path / f"{name}.txt")
    for path in cases:
        text, problems = checked_text(path, "x")
        assert [p.code for p in problems] == [p.code for p in file_problems(path, "x")], path
        assert text == (None if problems else path.read_text(encoding="utf-8")), path


def _standalone_pattern(text):
    """integrity's pattern for non-figure-text-repeated as it was before issue 17 (one per text)."""
    import re

    left = (r"(?<!\w)" if re.match(r"\w", text) else "") + (r"(?<!\d[.,])" if text[:1].isdigit() else "")
    right = (r"(?!\w)" if re.search(r"\w$", text) else "") + (r"(?![.,]\d)" if text[-1:].isdigit() else "")
    return re.compile(left + re.escape(text) + right)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="12.,a æ-²٣_\n", min_size=1, max_size=5),
       quote=st.text(alphabet="12.,a æ-²٣_\n", max_size=40))
def test_standalone_count_counts_what_the_pattern_found(text, quote):
    """Issue 17: integrity.standalone_count finds a non-figure's text in its quote by str.find and
    the same look around as the regular expression it replaced (compiled once per text, a tenth
    of a cold validation): the count must be the pattern's for any text and quote."""
    from aktivering.integrity import standalone_count

    assert standalone_count(text, quote) == len(_standalone_pattern(text).findall(quote))


@pytest.mark.parametrize("text, quote, count", [
    ("1", "1. december og 2017", 1), ("12", "12,5 og 12 og 112", 1), ("fem", "fem år, femte gang, fem", 2),
    ("1.", "1. og 1.1", 2), ("5", "1.5 og 5,2 og 5", 1)])
def test_standalone_count_in_letters_words(text, quote, count):
    from aktivering.integrity import standalone_count

    assert standalone_count(text, quote) == count == len(_standalone_pattern(text).findall(quote))
