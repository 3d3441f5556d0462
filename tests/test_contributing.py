"""CONTRIBUTING.md, followed literally: from a letter to a kommune page, in a copy of the data.
Also what a contributor meets on the way: the worked example, the messages, the GitHub checks."""

from __future__ import annotations

import ast
import csv
import io
import os
import re
import shlex
import shutil
import string
import subprocess
import sys

import pytest
import yaml

from aktivering import schemas
from aktivering.problems import FRICTIONLESS_FIX, TEMPLATES, Problem

from conftest import ROOT
from site_support import mkdocs_build

DOC = ROOT / "CONTRIBUTING.md"
GITHUB = ROOT / ".github"
PACKAGE = "data/packages/580-aabenraa"

QUOTE_FIGURE = ("Pr. 1. december 2017 havde 57 aktivitetsparate kontanthjælpsmodtagere ikke modtaget et aktivt "
                "tilbud eller mentorstøtte inden for det seneste år.")
QUOTE_INITIATIVE = "Kommunen starter projektet 'Ny Start' for 20 borgere i januar 2018."
TRANSCRIPT = f"""Aabenraa Kommune
Skelbækvej 2
6200 Aabenraa

Dato 20.12.2017

Kære minister

{QUOTE_FIGURE}

{QUOTE_INITIATIVE}

Med venlig hilsen
"""
ROWS = {
    "documents": [["580-2017-12-20", "580", "2017-12-20", "Svar om aktivering af aktivitetsparate", "brev",
                   "Aabenraa Kommune", "Borgmester", "Beskæftigelsesministeren", "", "", "", "", "", "",
                   "transcripts/580-2017-12-20.txt", "", "", "Testbrev fra tests/test_contributing.py."]],
    "figures": [
        ["580-f001", "580-2017-12-20", "uden_indsats_antal", "kontanthjælp", "ydelse-mindst-et-aar", "", "",
         "57", "", "personer", "exact",
         "", "2017-12-01", "false", "kommune", "", QUOTE_FIGURE, ""],
        ["580-f002", "580-2017-12-20", "deltagere_antal", "kontanthjælp", "initiativets-deltagere", "", "",
         "20", "", "personer", "exact",
         "", "2018-01", "true", "kommune", "580-i01", QUOTE_INITIATIVE, ""]],
    "initiatives": [["580-i01", "580-2017-12-20", "", "Ny Start", "Projekt for aktivitetsparate.",
                     "aktivitetsparate kontanthjælpsmodtagere", "kontanthjælp", "2018-01", "", "20", "2018-01", "",
                     "", "ikke-oplyst", "", "planlagt", QUOTE_INITIATIVE, ""]],
}
# What the contributor decides for each number `coverage --csv` lists.
REASONS = {"2": "adresse", "6200": "adresse"}


def doc_commands() -> list[str]:
    """The `aktivering` and `make` commands in CONTRIBUTING.md's shell blocks, in order."""
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(("aktivering ", "make "))]


def append(path, rows):
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_contributing_from_letter_to_kommune_page(tmp_path):
    commands = doc_commands()
    assert commands == [
        "make setup", "aktivering new Aabenraa", "aktivering import brev.pdf --kommune Aabenraa",
        f"aktivering suggest {PACKAGE}", f"aktivering coverage {PACKAGE}",
        f"aktivering coverage --missing --csv {PACKAGE}", f"aktivering format {PACKAGE}",
        f"aktivering validate {PACKAGE}", "make serve", "aktivering diff origin/main"]
    # The letter is typed here; tests/test_contributor_path.py follows the PDF path (import, suggest).
    new, _, _, coverage, coverage_csv, format_, validate, serve, diff = commands[1:]
    # A clone of the repository: the real data, committed, with origin/main where a clone has it.
    shutil.copytree(ROOT / "data", tmp_path / "data")
    env = {**os.environ, "AKTIVERING_DATA": str(tmp_path / "data"), "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for git in (["init", "-q", "-b", "main"], ["add", "data"], ["commit", "-q", "-m", "data"],
                ["update-ref", "refs/remotes/origin/main", "HEAD"]):
        subprocess.run(["git", *git], cwd=tmp_path, env=env, check=True, capture_output=True)

    def run(command: str) -> subprocess.CompletedProcess:
        program, *arguments = shlex.split(command)
        assert program == "aktivering"
        return subprocess.run([sys.executable, "-m", "aktivering.cli", *arguments], cwd=tmp_path, env=env,
                              capture_output=True, text=True)

    # 1. Opret kommunens pakke — and a second time, or for no kommune, a refusal that changes nothing.
    assert run(new).returncode == 0
    package = tmp_path / PACKAGE
    assert sorted(p.name for p in package.iterdir()) == [
        "commitments.csv", "datapackage.json", "documents.csv", "figures.csv", "initiatives.csv", "non_figures.csv",
        "referred_letters.csv", "transcripts"]  # commitments and referred_letters: issue 14
    again = run(new)
    assert again.returncode == 2 and "[package-exists]" in again.stderr
    nowhere = run("aktivering new Atlantis")
    assert nowhere.returncode == 2 and "[kommune-not-found]" in nowhere.stderr
    # 2. Transskribér brevet. 3. Udfyld CSV-filerne.
    (package / "transcripts" / "580-2017-12-20.txt").write_text(TRANSCRIPT, encoding="utf-8")
    for table, rows in ROWS.items():
        append(package / f"{table}.csv", rows)
    # 4. Redegør for hvert tal: the to-do list, then its rows with a reason each.
    todo = run(coverage)
    assert todo.returncode == 1 and "MANGLER" in todo.stdout and "580-f001" in todo.stdout
    missing = list(csv.reader(io.StringIO(run(coverage_csv).stdout)))[1:]
    assert [row[1] for row in missing] == ["2", "6200", "20.12.2017", "1", "2017", "2018"]
    append(package / "non_figures.csv", [row[:3] + [REASONS.get(row[1], "dato"), ""] for row in missing])
    # 5. format. 6. validate: the package and then everything.
    assert run(format_).returncode == 0
    checked = run(validate)
    assert checked.returncode == 0, checked.stdout
    assert run("aktivering validate").returncode == 0
    # 7. Se resultatet (`make serve` builds as `mkdocs build` does).
    assert serve == "make serve"
    site = tmp_path / "site"
    built = mkdocs_build(site, {"AKTIVERING_DATA": str(tmp_path / "data")})
    assert built.returncode == 0, built.stderr[-3000:]
    page = (site / "kommuner" / "aabenraa" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="aabenraa-kommune">Aabenraa Kommune' in page and "Ny Start" in page
    assert 'data-label="Værdi"><a href="../../tal/580-f001/">57</a>' in page  # the number links to its own page
    assert "../../breve/580-2017-12-20/#580-f001" in page  # each figure links to its sentence in the letter
    letter = (site / "breve" / "580-2017-12-20" / "index.html").read_text(encoding="utf-8")
    assert "Pr. 1. december 2017 havde 57 aktivitetsparate" in letter
    # 8. Send et pull request: what the reviewer reads.
    review = run(diff)
    assert review.returncode == 0, review.stderr
    assert "### 580-aabenraa" in review.stdout and "tilføjet `580-f001`" in review.stdout


def test_worked_example_is_taken_from_a_real_package():
    """The CSV rows in CONTRIBUTING.md are real rows: the guide cannot drift from the data."""
    blocks = re.findall(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    headers = {",".join(f["name"] for f in schemas.canonical(name)["fields"]): name
               for name in ("documents", "figures", "initiatives", "non_figures")}
    shown = set()
    for block in blocks:
        header, *rows = block.splitlines()
        table = headers[header]
        shown.add(table)
        real = {line for path in (ROOT / "data" / "packages").glob(f"*/{table}.csv")
                for line in path.read_text(encoding="utf-8").splitlines()}
        assert rows and set(rows) <= real, table
    assert shown == set(headers.values())


def test_every_command_and_option_is_documented():
    """A command nobody can find does not help a contributor: each is in README.md or data/README.md."""
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "data" / "README.md").read_text(encoding="utf-8")

    def help_text(*arguments):
        return subprocess.run([sys.executable, "-m", "aktivering.cli", *arguments, "--help"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout

    commands = next(group.split(",") for group in re.findall(r"\{([a-z,]+)\}", help_text()) if "validate" in group)
    assert {"new", "format", "coverage", "diff", "validate"} <= set(commands)
    for command in commands:
        assert f"`aktivering {command}" in docs, command
        for option in set(re.findall(r"(--[a-z][a-z-]+)", help_text(command))) - {"--help"}:
            assert option in docs, (command, option)


# --- messages --------------------------------------------------------------------------------

def emitted_codes() -> set[str]:
    """Every code given to Problem(...) or Rules.add(...), or returned as a code, in scripts/aktivering."""
    codes = set()
    for path in (ROOT / "scripts" / "aktivering").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("Problem", "add") and isinstance(node.args[0].value, str):
                    codes.add(node.args[0].value)
            if isinstance(node, ast.FunctionDef) and node.name in ("_convert", "text_problem"):
                codes |= {n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
                          and isinstance(n.value, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", n.value)}
    return codes


def test_every_code_the_validator_can_emit_has_danish_and_english():
    codes = emitted_codes()
    assert {"number-unaccounted", "csv-semicolon", "decimal-ambiguous", "kommune-not-found"} <= codes
    assert sorted(codes - set(TEMPLATES)) == []
    for code, languages in TEMPLATES.items():
        assert set(languages) == {"da", "en"}, code
        fields = [{name for part in template for _, name, _, _ in string.Formatter().parse(part) if name}
                  for template in (languages["da"], languages["en"])]
        assert fields[0] == fields[1], code  # both languages say the same things


def test_frictionless_codes_get_a_fix_in_both_languages():
    """Frictionless' own errors are said in the contributor's language, with a fix (issue 16: its
    English sentences were mixed into Danish output)."""
    note = 'Type error in the cell "ca. 120" in row "3" and field "value" at position "7": type is "number/default"'
    problem = Problem("type-error", "x/figures.csv", 3, "value", "ca. 120", note=note)
    assert "Type error" not in problem.format("da") and "er ikke et tal" in problem.format("da")
    assert "skriv 120 i value og 'ca.' i qualifier" in problem.format("da")
    assert "write 120 in value and 'ca.' in qualifier" in problem.format("en")
    unknown = Problem("some-new-error", "x/figures.csv", note="Something frictionless says")
    assert unknown.format("da").endswith(FRICTIONLESS_FIX["da"]) and "frictionless melder" in unknown.format("da")
    assert unknown.format("en").endswith(FRICTIONLESS_FIX["en"])


# --- GitHub ----------------------------------------------------------------------------------

def workflow(name: str) -> dict:
    return yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def test_every_action_is_pinned_to_a_commit():
    for path in (GITHUB / "workflows").glob("*.yml"):
        uses = re.findall(r"uses:\s*(\S+)(.*)", path.read_text(encoding="utf-8"))
        assert uses, path
        for action, comment in uses:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), (path.name, action)
            assert re.search(r"# v\d", comment), (path.name, action)


def test_pull_requests_are_validated_built_and_tested():
    flow = workflow("pull-request.yml")
    assert "pull_request" in flow[True]  # YAML reads the key `on` as true
    runs = "\n".join(step.get("run", "") for step in steps(flow))
    assert "aktivering validate" in runs and "$GITHUB_STEP_SUMMARY" in runs
    assert "aktivering diff" in runs
    assert "mkdocs build --strict" in runs
    assert "make test" in runs  # the same as .ci/run
    upload = next(step for step in steps(flow) if "upload-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "site/"


def test_main_is_deployed_to_pages():
    flow = workflow("pages.yml")
    assert flow[True]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "") for step in steps(flow)]
    assert any("actions/upload-pages-artifact@" in u for u in uses)
    assert any("actions/deploy-pages@" in u for u in uses)
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


@pytest.mark.parametrize("template", ["fejl-i-data.yml", "ny-kommune.yml"])
def test_issue_forms(template):
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / template).read_text(encoding="utf-8"))
    assert form["name"] and form["description"] and form["body"]
    ids = [element.get("id") for element in form["body"] if element["type"] != "markdown"]
    assert len(ids) == len(set(ids)) and all(ids)


def test_report_an_error_link_prefills_the_page():
    """A page links to issues/new?template=fejl-i-data.yml&side=<url>: the form's field must be `side`."""
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "fejl-i-data.yml").read_text(encoding="utf-8"))
    side = next(element for element in form["body"] if element.get("id") == "side")
    assert side["type"] == "input"


def test_pull_request_template_has_a_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ] ") >= 5
    assert "aktivering validate" in text and "aktivering coverage" in text
