"""The contributor's path (issue 16, deliverable 3): each pain a new contributor met, fixed.

Workbooks and git histories are made here; nothing binary is committed."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aktivering.csvformat import format_package
from aktivering.validate import display, validate

from conftest import FIXTURES, ROOT
from site_support import mkdocs_build

VALID = FIXTURES / "valid"


def cli(cwd: Path, *arguments, data: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"AKTIVERING_DATA": str(data)} if data else {})}
    return subprocess.run([sys.executable, "-m", "aktivering.cli", *arguments], cwd=cwd, env=env,
                          capture_output=True, text=True)


def codes(problems) -> set[str]:
    return {p.code for p in problems}


def rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# --- an empty scaffold builds ---------------------------------------------------------------

def test_a_new_package_without_letters_builds_and_is_left_out_with_a_notice(tmp_path):
    """Bug guarded: `aktivering new Aabenraa` made a valid package, after which `make build`,
    `make serve` and `aktivering build` crashed with `ValueError: min() arg is an empty sequence`."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    assert cli(tmp_path, "new", "Aabenraa", data=tmp_path / "data").returncode == 0
    assert cli(tmp_path, "validate", data=tmp_path / "data").returncode == 0
    site = tmp_path / "site"
    built = mkdocs_build(site, {"AKTIVERING_DATA": str(tmp_path / "data")})
    assert built.returncode == 0, built.stderr[-2000:]
    assert "580-aabenraa har endnu intet brev" in built.stderr
    assert not (site / "kommuner" / "aabenraa").exists() and (site / "kommuner" / "syddjurs").is_dir()


def test_the_empty_transcripts_folder_can_be_committed(tmp_path):
    """Bug guarded: git keeps no empty folder, so the scaffold's transcripts/ vanished on commit."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    cli(tmp_path, "new", "Aabenraa", data=tmp_path / "data")
    package = tmp_path / "data" / "packages" / "580-aabenraa"
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "data/packages/580-aabenraa"], cwd=tmp_path, check=True)
    listed = subprocess.run(["git", "ls-files", "data/packages/580-aabenraa/transcripts"], cwd=tmp_path,
                            capture_output=True, text=True, check=True).stdout.split()
    assert listed == ["data/packages/580-aabenraa/transcripts/.gitkeep"]
    problems, _ = validate([str(package)])
    assert problems == []  # the placeholder is no unused transcript


# --- spreadsheets ---------------------------------------------------------------------------

def workbook(path: Path, table: list[list], sheets: int = 1) -> Path:
    """Save a table as Excel does: numbers as numbers, dates as dates, booleans as booleans."""
    from openpyxl import Workbook

    book = Workbook()
    for row in table:
        book.active.append(row)
    for index in range(1, sheets):
        book.create_sheet(f"Ark{index + 1}")
    book.save(path)
    return path


def typed(row: list[str], header: list[str]) -> list:
    """A CSV row as a person types it into Danish Excel: numbers and dates become Excel values."""
    out = []
    for name, cell in zip(header, row):
        if name in ("value", "value_max") and cell:
            out.append(float(cell) if "." in cell else int(cell))
        elif name == "forecast" and cell:
            out.append(cell == "true")
        elif name == "date" and cell:
            out.append(dt.datetime.fromisoformat(cell))
        else:
            out.append(cell)
    return out


def test_format_converts_an_xlsx_into_the_canonical_csv(tmp_path):
    package = shutil.copytree(VALID, tmp_path / "valid")
    for table in ("documents", "figures"):
        header, *body = rows(package / f"{table}.csv")
        workbook(package / f"{table}.xlsx", [header, *[typed(r, header) for r in reversed(body)]])
        (package / f"{table}.csv").write_text(",".join(header) + "\n", encoding="utf-8")
        os.utime(package / f"{table}.csv", (1, 1))  # the CSV is older than the workbook
    problems, _ = validate([str(package)])
    assert codes(problems) >= {"xlsx-in-package"}
    changed, refused = format_package(package, display)
    assert refused == [] and any("figures.xlsx →" in c for c in changed)
    for table in ("documents", "figures"):
        assert (package / f"{table}.csv").read_bytes() == (VALID / f"{table}.csv").read_bytes()
        (package / f"{table}.xlsx").unlink()
    assert validate([str(package)])[0] == []


def test_a_month_typed_into_excel_stays_a_month(tmp_path):
    """Excel turns `2017-12` into a date shown `dec-17`: it must come back as the month, not 2017-12-01."""
    from openpyxl import load_workbook

    package = shutil.copytree(VALID, tmp_path / "valid")
    header, *body = rows(package / "figures.csv")
    path = workbook(package / "figures.xlsx", [header, *[typed(r, header) for r in body]])
    book = load_workbook(path)
    column = header.index("reference_period") + 1
    cell = book.active.cell(row=2, column=column)
    expected = body[0][column - 1]
    year, month = (int(p) for p in expected.split("-")[:2])
    cell.value, cell.number_format = dt.datetime(year, month, 1), "mmm-yy"
    book.save(path)
    os.utime(package / "figures.csv", (1, 1))
    changed, refused = format_package(package, display)
    assert refused == []
    assert rows(package / "figures.csv")[1][column - 1] == f"{year:04d}-{month:02d}"


def test_a_workbook_saved_as_csv_is_named_and_converted(tmp_path):
    """Bug guarded: an .xlsx renamed to .csv was refused with advice to run `format`, which refused too."""
    package = shutil.copytree(VALID, tmp_path / "valid")
    header, *body = rows(package / "figures.csv")
    workbook(package / "figures.csv", [header, *[typed(r, header) for r in body]])
    problems, _ = validate([str(package)])
    assert [p.code for p in problems] == ["xlsx-not-csv"]
    assert "aktivering format" in problems[0].format("da")
    changed, refused = format_package(package, display)
    assert refused == [] and (package / "figures.csv").read_bytes() == (VALID / "figures.csv").read_bytes()


def test_a_workbook_with_two_sheets_or_older_than_its_csv_is_refused(tmp_path):
    package = shutil.copytree(VALID, tmp_path / "valid")
    header, *body = rows(package / "figures.csv")
    book = workbook(package / "figures.xlsx", [header, *[typed(r, header) for r in body]], sheets=2)
    before = (package / "figures.csv").read_bytes()
    _, refused = format_package(package, display)
    assert [p.code for p in refused] == ["xlsx-sheets"]
    workbook(book, [header, *[typed(r, header) for r in body[:1]]])
    os.utime(book, (1, 1))  # the CSV was edited after the workbook was saved
    _, refused = format_package(package, display)
    assert [p.code for p in refused] == ["xlsx-older-than-csv"]
    assert (package / "figures.csv").read_bytes() == before
    for lang in ("da", "en"):
        assert "figures.csv" in refused[0].format(lang)


# --- characters lost in an 8-bit save -------------------------------------------------------

def committed_package(tmp_path: Path) -> Path:
    package = shutil.copytree(VALID, tmp_path / "repo" / "valid")
    figures = rows(package / "figures.csv")
    note = figures[0].index("note")
    figures[1][note] = "281 / 0,36 ≈ 780 er ikke skrevet i brevet; −3 % er et fald."
    with open(package / "figures.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(figures)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@x"}
    for git in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "data"]):
        subprocess.run(["git", *git], cwd=package.parent, env=env, check=True, capture_output=True)
    return package


def test_characters_lost_in_a_windows_1252_save_are_refused(tmp_path):
    """Bug guarded: saving as Danish Excel's "CSV (semikolonsepareret)" turned `≈` and `−` into `?`;
    `format` then rewrote the file and `validate` said OK."""
    package = committed_package(tmp_path)
    text = (package / "figures.csv").read_text(encoding="utf-8")
    excel = text.replace("\n", "\r\n").encode("cp1252", errors="replace")
    (package / "figures.csv").write_bytes(excel)
    problems, _ = validate([str(package)])
    lost = [p for p in problems if p.code == "characters-lost"]
    assert len(lost) == 1 and lost[0].row == 2 and lost[0].column == "note"
    assert "≈" in lost[0].format("da") and "CSV UTF-8" in lost[0].format("en")
    _, refused = format_package(package, display)
    assert "characters-lost" in codes(refused)
    assert (package / "figures.csv").read_bytes() == excel  # nothing rewritten


def test_a_lossy_save_already_committed_is_found_against_the_pull_requests_base(tmp_path, monkeypatch):
    """In a pull request the lossy file is committed: HEAD has the `?` too. The PR check compares
    with its base (AKTIVERING_COMPARE_REF, set in .github/workflows/pull-request.yml)."""
    package = committed_package(tmp_path)
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=package.parent, capture_output=True, text=True,
                          check=True).stdout.strip()
    text = (package / "figures.csv").read_text(encoding="utf-8")
    (package / "figures.csv").write_bytes(text.encode("cp1252", errors="replace"))
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@x"}
    subprocess.run(["git", "commit", "-qam", "saved from Excel"], cwd=package.parent, env=env, check=True)
    assert "characters-lost" not in codes(validate([str(package)])[0])  # HEAD has the ? too
    monkeypatch.setenv("AKTIVERING_COMPARE_REF", base)
    assert "characters-lost" in codes(validate([str(package)])[0])
    assert "AKTIVERING_COMPARE_REF" in (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(
        encoding="utf-8")


def test_a_question_mark_that_was_written_is_no_loss(tmp_path):
    package = committed_package(tmp_path)
    path = package / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("er ikke skrevet i brevet", "hvorfor?"),
                    encoding="utf-8")
    assert "characters-lost" not in codes(validate([str(package)])[0])


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_issue_16_code_has_both_languages(lang):
    from aktivering.problems import TEMPLATES

    for code in ("pdf-no-text", "pdf-unreadable", "draft-unreviewed", "characters-lost", "xlsx-not-csv",
                 "xlsx-in-package", "xlsx-sheets", "xlsx-older-than-csv", "xlsx-unreadable"):
        assert TEMPLATES[code][lang][0] and TEMPLATES[code][lang][1]


# --- messages in the contributor's language -------------------------------------------------

FRICTIONLESS_ENGLISH = ("does not conform", "Type error", "in row at position", "Row at position", "has an extra value",
                        "lookup table", "violates the primary key")


def test_no_frictionless_english_in_danish_messages():
    """Bug guarded: frictionless' English sentences ("The cell "" in row at position …") were mixed
    into Danish output. Every fixture's problems, in Danish, hold none of them."""
    folders = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "duplicate-id-across-packages")
    seen = set()
    for folder in folders:
        for problem in validate([str(folder)])[0]:
            seen.add(problem.code)
            line = problem.format("da")
            assert not any(phrase in line for phrase in FRICTIONLESS_ENGLISH), line
    assert {"type-error", "constraint-error", "foreign-key", "primary-key", "incorrect-label"} <= seen


def test_an_unquoted_decimal_comma_is_named_not_reported_as_an_inverted_range():
    """Bug guarded: `12,5` unquoted in a comma file split into value 12 and value_max 5 and was
    reported as an inverted range (and a cascade of shifted cells), with no hint about the comma."""
    problems, _ = validate([str(FIXTURES / "value-decimal-comma-unquoted")])
    assert [(p.code, p.row, p.column, p.value) for p in problems] == [("decimal-comma-unquoted", 3, "value", "12,5")]
    assert "skriv 12.5" in problems[0].format("da") and "write 12.5" in problems[0].format("en")


def test_a_danish_date_is_explained_and_gives_no_false_after_the_document_errors():
    """Bug guarded: `10-12-2017` in documents.date gave "after the document's date" errors for
    every figure, besides an English type error."""
    problems, _ = validate([str(FIXTURES / "document-date-danish")])
    assert [(p.code, p.column) for p in problems] == [("type-error", "date")]
    assert "skriv 2017-12-10" in problems[0].format("da") and "write 2017-12-10" in problems[0].format("en")


def test_a_row_too_wide_is_reported_with_its_row_number(tmp_path):
    """Bug guarded: `csv-unreadable` gave no row number for a row wider than the header."""
    package = shutil.copytree(VALID, tmp_path / "valid")
    path = package / "initiatives.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Projekt for aktivitetsparate,",
                                                             "Projekt for, aktivitetsparate,"), encoding="utf-8")
    problems, _ = validate([str(package)])
    assert [(p.code, p.row) for p in problems] == [("row-length", 2)]
    assert "initiatives.csv:2:" in problems[0].format("da")


def test_coverage_says_when_all_is_accounted_for_and_when_there_is_nothing(tmp_path):
    """Bug guarded: `coverage` printed nothing and exited 0 when there was nothing to do."""
    done = cli(ROOT, "coverage", "data/packages/217-helsingoer")
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == \
        "Alle tal i 2 transskription(er) er redegjort for."
    shutil.copytree(ROOT / "data", tmp_path / "data")
    cli(tmp_path, "new", "Aabenraa", data=tmp_path / "data")
    empty = cli(tmp_path, "--lang", "en", "coverage", "data/packages/580-aabenraa", data=tmp_path / "data")
    assert empty.returncode == 0 and "No transcripts to check in data/packages/580-aabenraa" in empty.stdout


# --- the original letter ----------------------------------------------------------------------

def set_source_url(data: Path, url: str) -> None:
    path = data / "packages" / "376-guldborgsund" / "documents.csv"
    table = rows(path)
    table[1][table[0].index("source_url")] = url
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


def test_source_url_links_the_original_letter_from_its_page(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    url = "https://www.guldborgsund.dk/media/redegoerelse-2018-02-08.pdf"
    set_source_url(tmp_path / "data", url)
    assert cli(tmp_path, "validate", data=tmp_path / "data").returncode == 0
    site = tmp_path / "site"
    built = mkdocs_build(site, {"AKTIVERING_DATA": str(tmp_path / "data")})
    assert built.returncode == 0, built.stderr[-2000:]
    letter = (site / "breve" / "376-2018-02-08" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<dt>Originalt brev</dt>\s*<dd><a href="{re.escape(url)}">{re.escape(url)}</a></dd>', letter)
    other = (site / "breve" / "706-2018-08-09" / "index.html").read_text(encoding="utf-8")
    assert "Originalt brev" not in other  # optional: no empty row where none is given


@pytest.mark.parametrize("url", ["javascript:alert(1)", "http://example.org/brev.pdf",
                                 'https://example.org/"><script>alert(1)</script>'])
def test_a_source_url_that_is_not_a_plain_https_address_is_refused(tmp_path, url):
    """source_url comes from strangers' pull requests: only a plain https:// address can become a link."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    set_source_url(tmp_path / "data", url)
    problems, _ = validate([str(tmp_path / "data" / "packages" / "376-guldborgsund")])
    assert [(p.code, p.column) for p in problems] == [("constraint-error", "source_url")]


def test_the_bidrag_page_links_the_repository_and_the_guide(built_site):
    """Bug guarded: the Bidrag page named CONTRIBUTING.md but linked neither it nor the repository."""

    repository = re.search(r'repository_url: !ENV \[REPOSITORY_URL, "([^"]+)"\]',
                           (ROOT / "mkdocs.yml").read_text(encoding="utf-8")).group(1)
    page = (built_site / "bidrag" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{repository}">{repository}</a>' in page
    assert f'href="{repository}/blob/main/CONTRIBUTING.md"' in page
    assert f'href="{repository}/blob/main/data/README.md"' in page
    assert "{repository_url}" not in page


# --- make serve -------------------------------------------------------------------------------

def test_make_serve_takes_a_port_and_says_plainly_when_it_is_taken():
    """Bug guarded: `make serve` hard-coded port 8000 and died with a traceback when it was taken."""
    import socket

    planned = subprocess.run(["make", "-n", "serve", "PORT=8765"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
    assert "--dev-addr 127.0.0.1:8765" in planned
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(["make", "serve", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True,
                                timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"Port {port} er optaget" in result.stderr and f"make serve PORT={port + 1}" in result.stderr
    assert f"Port {port} is in use" in result.stderr
    bad = subprocess.run([sys.executable, "-m", "aktivering.port", "otte"], capture_output=True, text=True)
    assert bad.returncode == 2 and "ikke et portnummer" in bad.stderr


# --- CONTRIBUTING's tables --------------------------------------------------------------------

def test_contributing_tables_are_generated_from_the_schemas_and_vocabularies():
    """Bug guarded: CONTRIBUTING documented neither the documents.csv columns nor the measures;
    the tables are generated, and this fails while they are out of step (run
    `python -m aktivering.contribtables`)."""
    from aktivering import contribtables, schemas
    from aktivering.paths import DESCRIPTOR_RESOURCES

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert contribtables.render(text) == text
    blocks = {m.group("name"): m.group(3) for m in contribtables.BLOCK.finditer(text)}
    assert set(blocks) == set(contribtables.tables())
    for resource in DESCRIPTOR_RESOURCES:
        names = re.findall(r"^\| `([a-z_]+)` \|", blocks[f"{resource}-columns"], re.M)
        assert names == [f["name"] for f in schemas.canonical(resource)["fields"]]
    measures = re.findall(r"^\| `([a-z_]+)` \|", blocks["measures"], re.M)
    assert measures == list(schemas.vocabulary_ids("measures"))
    assert "| `source_url` |" in blocks["documents-columns"]


def test_a_stale_table_is_noticed(tmp_path, monkeypatch):
    from aktivering import contribtables

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    stale = text.replace("| `source_url` |", "| `source_link` |")
    assert contribtables.render(stale) == text
    with pytest.raises(KeyError):
        contribtables.render(text + "\n<!-- BEGIN generated: nothing -->\n<!-- END generated: nothing -->\n")


# --- the PDF path of CONTRIBUTING, followed literally -----------------------------------------

def test_contributing_pdf_path_from_import_to_a_built_page(tmp_path, browser):
    """Steps 2–7 of CONTRIBUTING.md with a letter printed to PDF: import, suggest, review the
    drafts, coverage, format, validate, build. The review is what a person does: correct the
    guesses and delete the KLADDE: marks."""
    from test_contributing import QUOTE_FIGURE, QUOTE_INITIATIVE, ROWS, TRANSCRIPT, doc_commands

    from letter_pdfs import print_pdf, transcript_html

    commands = dict((c.split()[1], c) for c in doc_commands() if c.startswith("aktivering "))
    shutil.copytree(ROOT / "data", tmp_path / "data")
    print_pdf(transcript_html(TRANSCRIPT, "Aabenraa"), tmp_path / "brev.pdf", browser)
    data = tmp_path / "data"
    imported = cli(tmp_path, *commands["import"].split()[1:], data=data)
    assert imported.returncode == 0, imported.stderr
    package = data / "packages" / "580-aabenraa"
    transcript = (package / "transcripts" / "580-2017-12-20.txt").read_text(encoding="utf-8")
    assert QUOTE_FIGURE in transcript and QUOTE_INITIATIVE in transcript
    # The browser's header and footer went to the top: the contributor deletes them (step 2).
    body = transcript[transcript.index("Aabenraa Kommune\nSkelbækvej 2"):]
    (package / "transcripts" / "580-2017-12-20.txt").write_text(body, encoding="utf-8")
    assert cli(tmp_path, *commands["suggest"].split()[1:], data=data).returncode == 0
    assert "[draft-unreviewed]" in cli(tmp_path, *commands["validate"].split()[1:], data=data).stdout
    # Review: the documents row and the figures as CONTRIBUTING's example has them.
    header = rows(package / "documents.csv")[0]
    documents = rows(package / "documents.csv")[1]
    assert documents[header.index("date")] == "2017-12-20" and documents[header.index("kommune_code")] == "580"
    figures = rows(package / "figures.csv")
    value, quote = figures[0].index("value"), figures[0].index("quote")
    assert [(r[value], r[quote]) for r in figures[1:]] == [("57", QUOTE_FIGURE), ("20", QUOTE_INITIATIVE)]
    reviewed = {"documents": ROWS["documents"], "figures": ROWS["figures"], "initiatives": ROWS["initiatives"]}
    for table, table_rows in reviewed.items():
        header = rows(package / f"{table}.csv")[0]
        with open(package / f"{table}.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([header, *table_rows])
    non_figures = rows(package / "non_figures.csv")
    note = non_figures[0].index("note")
    assert {r[1]: r[3] for r in non_figures[1:]} == {"Skelbækvej 2": "adresse", "6200 Aabenraa": "adresse",
                                                     "20.12.2017": "dato",
                                                     "1. december 2017": "dato", "januar 2018": "dato"}
    for row in non_figures[1:]:
        row[note] = ""  # reviewed: every reason is right
    with open(package / "non_figures.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(non_figures)
    coverage = cli(tmp_path, *commands["coverage"].split()[1:], data=data)
    assert coverage.returncode == 0, coverage.stdout
    assert cli(tmp_path, *commands["format"].split()[1:], data=data).returncode == 0
    checked = cli(tmp_path, *commands["validate"].split()[1:], data=data)
    assert checked.returncode == 0, checked.stdout
    built = mkdocs_build(tmp_path / "site", {"AKTIVERING_DATA": str(data)})
    assert built.returncode == 0, built.stderr[-2000:]
    assert "Pr. 1. december 2017 havde 57 aktivitetsparate" in (
        tmp_path / "site" / "breve" / "580-2017-12-20" / "index.html").read_text(encoding="utf-8")


def test_a_path_is_shown_resolved_as_resolve_resolves_it(tmp_path, monkeypatch):
    """Issue 17: display() resolves a file's folder once and adds the name, unless the file is a
    symbolic link; what it shows must be what a full resolve() gives: links to files and folders,
    missing files, `..`, relative paths, names too long for the file system."""
    from aktivering import displaypath

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "f.csv").write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real" / "link.csv").symlink_to(tmp_path / "real" / "f.csv")
    (tmp_path / "real" / "dangling.csv").symlink_to(tmp_path / "nowhere.csv")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real" / "loop")
    monkeypatch.chdir(tmp_path)
    paths = [tmp_path / "real" / "f.csv", tmp_path / "linked" / "f.csv", tmp_path / "real" / "link.csv",
             tmp_path / "real" / "dangling.csv", tmp_path / "real" / "missing.csv", tmp_path / "real" / "..",
             tmp_path / "linked" / ".." / "real" / "f.csv", Path("real/f.csv"), Path("linked/f.csv"), Path("."),
             tmp_path / "real" / "loop", tmp_path / "real" / ("x" * 300), tmp_path / "missing" / "f.csv",
             tmp_path / "real" / "f.csv" / "below-a-file", Path("/")]
    paths += sorted(FIXTURES.rglob("*"))

    def outcome(resolve, path):
        try:
            return resolve(path)
        except (OSError, RuntimeError) as error:  # a loop of links: resolve() raises, and so must display
            return type(error)

    for path in paths:
        assert outcome(displaypath._resolved, path) == outcome(Path.resolve, path), path
