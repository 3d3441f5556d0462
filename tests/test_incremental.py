"""Rebuilds remake only what changed (the `mkdocs serve` path), and what they leave is exactly
what a build from nothing makes: skipping work must never leave a stale page or hide a problem."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_support import ROOT

# Runs in a child with AKTIVERING_DATA/AKTIVERING_BUILD_DIR set: three generations in one process,
# as `mkdocs serve` does, with an edit to one package between the second and the third.
SERVE_LIKE = """
import json, sys
from pathlib import Path
from aktivering.build import InvalidData, generate
from aktivering.paths import GENERATED, PACKAGES

def mtimes():
    return {p.relative_to(GENERATED).as_posix(): p.stat().st_mtime_ns for p in GENERATED.rglob("*") if p.is_file()}

def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

generate(GENERATED)
first = mtimes()
generate(GENERATED)
unchanged = mtimes()
figures = PACKAGES / "217-helsingoer" / "figures.csv"
edit(figures, "Nævneren er ikke oplyst (281", "Rettet: nævneren er ikke oplyst (281")  # one figure's note
generate(GENERATED)
edited = mtimes()
# In the same process a broken edit must still be reported (the in-process memo keeps only clean
# packages), and nothing generated is touched.
edit(figures, "217-f001,", "217-f001x,")
try:
    generate(GENERATED)
    problems = ""
except InvalidData as error:
    problems = str(error)
print(json.dumps({"first": first, "unchanged": unchanged, "edited": edited, "after_error": mtimes(),
                  "problems": problems}))
"""


def run(script: str, data: Path, build: Path) -> dict:
    env = {**os.environ, "AKTIVERING_DATA": str(data), "AKTIVERING_BUILD_DIR": str(build)}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.splitlines()[-1])


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".keys.json"}


def test_a_rebuild_remakes_only_the_edited_package_and_equals_a_fresh_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    report = run(SERVE_LIKE, data, tmp_path / "serve")

    assert report["unchanged"] == report["first"], "a rebuild with no change rewrote files"
    rewritten = {name for name, mtime in report["edited"].items() if report["unchanged"].get(name) != mtime}
    assert "kommuner/helsingoer.md" in rewritten
    assert "downloads/217-helsingoer/figures.csv" in rewritten
    others = [name for name in report["first"] if "syddjurs" in name or "guldborgsund" in name
              or name.startswith(("breve/706-", "breve/376-"))]
    assert others and not rewritten & set(others), "another package's pages were made again"

    assert "figures.csv:2:figure_id" in report["problems"] and "217-f001x" in report["problems"]
    assert report["after_error"] == report["edited"], "an invalid edit touched the generated files"

    # Undo the broken id; what the serve-like process left must equal a build from nothing.
    figures = data / "packages" / "217-helsingoer" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace("217-f001x,", "217-f001,", 1), encoding="utf-8")
    fresh = tmp_path / "fresh"
    run("from aktivering.build import generate\nfrom aktivering.paths import GENERATED\n"
        "generate(GENERATED)\nprint('{}')", data, fresh)
    served, scratch = files(tmp_path / "serve" / "generated"), files(fresh / "generated")
    assert sorted(served) == sorted(scratch)
    assert [name for name in served if served[name] != scratch[name]] == []


# Issue 17: the feed, the catalogue and the downloads of everything. Runs in a child (as above),
# counting how often each is made: they must be made again exactly when what they show changed.
EVERY_BUILD = """
import json, sqlite3, sys
from pathlib import Path
from aktivering import database, deferred, opendata, workbook
from aktivering.build import generate
from aktivering.paths import GENERATED, PACKAGES

made = {"catalogue": 0, "workbook": 0, "database": 0}
def counted(name, function):
    def wrapper(*args, **kwargs):
        made[name] += 1
        return function(*args, **kwargs)
    return wrapper
opendata.turtle = counted("catalogue", opendata.turtle)  # the catalogue serialised by rdflib
workbook.combined_workbook = counted("workbook", workbook.combined_workbook)
database.write_database = counted("database", database.write_database)

def mtimes():
    return {p.relative_to(GENERATED).as_posix(): p.stat().st_mtime_ns for p in GENERATED.rglob("*")
            if p.is_file() and not p.relative_to(GENERATED).as_posix().startswith(deferred.FOLDER + "/")}

def shown():
    from openpyxl import load_workbook
    book = load_workbook(GENERATED / "downloads/alle/alle-kommuner.xlsx")
    notes = [[c.value, c.quotePrefix, c.data_type] for c in book["Tal"]["R"][1:] if c.value]
    kilde = [r[1] for r in book["Om data"].iter_rows(values_only=True) if r[0] == "Kilde"][0]
    with sqlite3.connect(GENERATED / "downloads/alle/aktivering.db") as db:
        db_notes = [r[0] for r in db.execute("SELECT note FROM figures WHERE note IS NOT NULL")]
        db_documents = [r[0] for r in db.execute("SELECT document_id FROM documents")]
    data_page = (GENERATED / "data.md").read_text(encoding="utf-8")
    return {"notes": notes, "kilde": kilde, "db_notes": db_notes, "db_documents": db_documents,
            "feed": (GENERATED / "feed.xml").read_text(encoding="utf-8"),
            "catalogue": (GENERATED / "catalog.ttl").read_text(encoding="utf-8"),
            "remaking": "bliver lavet forfra" in data_page, "made": dict(made), "mtimes": mtimes()}

def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

steps = {}
generate(GENERATED)
steps["first"] = shown()
generate(GENERATED)
steps["unchanged"] = shown()
helsingoer = PACKAGES / "217-helsingoer"
# a title of the same length: shown in the feed and catalogue; the CSVs they list keep their sizes
edit(helsingoer / "datapackage.json", '"title": "Helsingør Kommune:', '"title": "Helsingør KOMMUNE:')
generate(GENERATED)
steps["titled"] = shown()
note = "STARs opgørelse, som ministeren gengav i brevet af 18. august 2017 og kommunen citerer"
edit(helsingoer / "figures.csv", note, "=cmd|' /C calc'!A0 " + note)  # a note that starts like a formula
generate(GENERATED)
steps["edited"] = shown()
import shutil
shutil.rmtree(PACKAGES / "706-syddjurs")
generate(GENERATED)
steps["removed"] = shown()
# `mkdocs serve`: an edit leaves the last files in place, says so, and has them made by a child
edit(helsingoer / "figures.csv", "=cmd|' /C calc'!A0 ", "+SUM(A1) @x -1 ")
generate(GENERATED, defer=True)
steps["deferred"] = shown()
steps["child"] = deferred.wait()
generate(GENERATED, defer=True)
steps["adopted"] = shown()
generate(GENERATED, defer=True)
steps["adopted_again"] = shown()
print(json.dumps(steps))
"""


def starting(step: dict, text: str) -> tuple[list, int]:
    """The workbook's notes that start with `text` (whether Excel shows them as typed: quote prefix,
    string cell) and how many of the database's do."""
    return ([n[1:] for n in step["notes"] if n[0].startswith(text)],
            sum(n.startswith(text) for n in step["db_notes"]))


def test_feed_catalogue_and_downloads_of_everything_follow_edits_and_are_not_remade_for_nothing(tmp_path):
    """Bug guarded (issue 17): the feed and DCAT catalogue were made on every build (rdflib, seconds
    at 98 kommuner) and the workbook of everything after every edit on the serve rebuild; making
    them less often must never leave an edited or removed package in them, and `mkdocs serve`'s
    files made by another process must be the ones a build from nothing makes."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    steps = run(EVERY_BUILD, data, tmp_path / "serve")
    first, unchanged, edited, removed = (steps[k] for k in ("first", "unchanged", "edited", "removed"))

    assert first["made"] == {"catalogue": 1, "workbook": 1, "database": 1}
    assert unchanged["made"] == first["made"], "a build with nothing changed made them again"
    assert unchanged["mtimes"] == first["mtimes"]

    titled = steps["titled"]
    assert titled["made"] == {"catalogue": 2, "workbook": 2, "database": 2}
    assert "Helsingør KOMMUNE" in titled["feed"] and "Helsingør KOMMUNE" in titled["catalogue"]
    assert "Helsingør KOMMUNE" in titled["kilde"] and "Helsingør KOMMUNE" not in first["feed"]

    # a note is not in the catalogue: its triples are those of before but for the sizes, so the text
    # kept in the process takes the new sizes without rdflib (eighth session; test_feeds.py)
    assert edited["made"] == {"catalogue": 2, "workbook": 3, "database": 3}
    hostile = "=cmd|' /C calc'!A0 STARs opgørelse"
    assert starting(first, hostile) == ([], 0)
    assert starting(edited, hostile) == ([[True, "s"]], 1), "the edit is missing, or became a formula"
    for step in (edited, removed):
        assert "Helsingør KOMMUNE" in step["kilde"] and "Helsingør KOMMUNE" in step["feed"]
        assert "Helsingør KOMMUNE" in step["catalogue"]
    assert "Syddjurs" in edited["kilde"] and "Syddjurs" in edited["feed"] and "Syddjurs" in edited["catalogue"]
    assert any(d.startswith("706-") for d in edited["db_documents"])

    assert removed["made"] == {"catalogue": 3, "workbook": 4, "database": 4}
    assert "Syddjurs" not in removed["kilde"] and "Syddjurs" not in removed["feed"]
    assert "Syddjurs" not in removed["catalogue"] and "706-syddjurs" not in removed["catalogue"]
    assert not any(d.startswith("706-") for d in removed["db_documents"])

    # mkdocs serve: the edit's pages at once; the files of everything, the catalogue and the feed
    # from before (the Data page says so); the child's files moved into place by the next rebuild
    deferred, adopted, again = steps["deferred"], steps["adopted"], steps["adopted_again"]
    assert deferred["made"] == {"catalogue": 3, "workbook": 4, "database": 4}
    assert deferred["notes"] == removed["notes"] and deferred["remaking"] and not removed["remaking"]
    assert (deferred["catalogue"], deferred["feed"]) == (removed["catalogue"], removed["feed"])
    assert steps["child"] == 0
    # the catalogue's triples are those of before but for the sizes: the new sizes go into the text
    # kept in the process, without rdflib (eighth session); the text is checked against a fresh build below
    assert adopted["made"] == {"catalogue": 3, "workbook": 4, "database": 4} and not adopted["remaking"]
    assert adopted["catalogue"] != removed["catalogue"]  # the sizes of the edited package's files
    assert starting(adopted, "+SUM(A1) @x -1 STARs") == ([[True, "s"]], 1)
    assert starting(adopted, hostile) == ([], 0)
    assert again["made"] == adopted["made"] and again["mtimes"] == adopted["mtimes"]

    fresh = tmp_path / "fresh"
    run("from aktivering.build import generate\nfrom aktivering.paths import GENERATED\n"
        "generate(GENERATED)\nprint('{}')", data, fresh)
    served, scratch = files(tmp_path / "serve" / "generated"), files(fresh / "generated")
    served = {k: v for k, v in served.items() if not k.startswith(".alle/")}
    assert sorted(served) == sorted(scratch)
    assert [name for name in served if served[name] != scratch[name]] == []


# Issue 17 (sixth session): `mkdocs serve --dirty` in one process, as the benchmark's rebuild step
# runs it. Counts the figure pages figurehtml.finish makes on each build.
SERVE_DIRTY = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from aktivering import deferred, figurehtml, incremental
from aktivering.paths import PACKAGES
site = sys.argv[1]
made, units = [], {}
page = figurehtml.Shell.page
figurehtml.Shell.page = lambda self, figure_id, meta, body: made.append(figure_id) or page(self, figure_id, meta, body)
unit = incremental.Outputs.made  # the units each build made (not those it kept)
incremental.Outputs.made = lambda self, name, *rest: units.setdefault(len(units) - 1, []).append(name) or unit(
    self, name, *rest)
def once(dirty):
    config = load_config("mkdocs.yml", site_dir=site)
    config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
    made.clear()
    units[len(units)] = []
    build(config, dirty=dirty)
    deferred.wait()
    return sorted(made)
steps = {"first": once(False), "unchanged": once(True)}
figures = PACKAGES / "217-helsingoer" / "figures.csv"
text = figures.read_text(encoding="utf-8")
assert "Nævneren er ikke oplyst (281" in text
figures.write_text(text.replace("Nævneren er ikke oplyst (281", "Rettet: nævneren er ikke oplyst (281", 1),
                   encoding="utf-8")
steps["edited"] = once(True)
steps["adopted"] = once(True)
# The same figure's reference date (its first row): a value every comparison of it shows.
assert text.splitlines()[1].startswith("217-f001,") and ",../2017-08-18," in text.splitlines()[1]
figures.write_text(figures.read_text(encoding="utf-8").replace(",../2017-08-18,", ",../2017-08-17,", 1),
                   encoding="utf-8")
steps["dated"] = once(True)
steps["dated_adopted"] = once(True)
steps["units"] = [sorted(units[i]) for i in range(len(units))]
print(json.dumps(steps))
"""


@pytest.mark.build
def test_a_serve_rebuild_makes_the_edited_figure_page_only_and_equals_a_fresh_build(tmp_path):
    """Bug guarded (issue 17): each `serve --dirty` rebuild made all figure pages again from their
    parts (5 880 at 98 kommuner). Now a rebuild makes the pages whose part changed: none with no
    edit or when only the downloads of everything are taken in, the edited figure's after a note
    edit. What the serve process left (figure pages, sitemap, search index) must be what a fresh
    `mkdocs build` of the edited data makes.
    Seventh session: the pages are keyed by what they show (a dependency map, not every package's
    key): a note edit to Helsingør makes Helsingør's units again and not the other packages', the
    front page's or Breve's, and Sammenligning's only if that page shows the note; a date edit then
    makes the front page and Sammenligning again. Every page, the feed and the search index the
    serve process left must then equal a fresh build's."""
    from conftest import require_mark

    require_mark("build")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    edited_id = next(row.split(",", 1)[0] for row in
                     (data / "packages" / "217-helsingoer" / "figures.csv").read_text(encoding="utf-8").splitlines()
                     if "Nævneren er ikke oplyst (281" in row)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AKTIVERING_DATA": str(data),
           "AKTIVERING_BUILD_DIR": str(tmp_path / "serve")}
    result = subprocess.run([sys.executable, "-c", SERVE_DIRTY, str(tmp_path / "served")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    steps = json.loads(result.stdout.splitlines()[-1])
    parts = sorted(p.stem for p in (tmp_path / "serve" / "generated" / "tal").glob("*.part"))
    assert steps["first"] == parts and len(parts) > 20
    assert steps["unchanged"] == [] and steps["adopted"] == []
    assert steps["edited"] == [edited_id]
    assert edited_id in steps["dated"] and all(f.startswith("217-") for f in steps["dated"])
    assert steps["dated_adopted"] == []
    served = tmp_path / "served"
    assert "Rettet: nævneren er ikke oplyst" in (served / "tal" / edited_id / "index.html").read_text(encoding="utf-8")
    note_units, date_units = steps["units"][2], steps["units"][4]
    for name in ("page:217-helsingoer", "figures:217-helsingoer", "downloads:217-helsingoer"):
        assert name in note_units and name in date_units
    others = [f"{kind}:{package}" for kind in ("page", "figures", "downloads")
              for package in ("376-guldborgsund", "706-syddjurs", "national")]
    assert not set(note_units) & {*others, "page:index", "page:breve"}, note_units
    assert not set(date_units) & set(others), date_units
    assert "page:index" in date_units and "page:sammenligning" in date_units

    fresh = tmp_path / "fresh"
    env["AKTIVERING_BUILD_DIR"] = str(tmp_path / "fresh-build")
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--site-dir", str(fresh)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    comparison = (fresh / "sammenligning" / "index.html").read_text(encoding="utf-8")
    assert ("page:sammenligning" in note_units) == ("Rettet: nævneren er ikke oplyst" in comparison)
    pages = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*.html"))
    assert sorted(p.relative_to(served).as_posix() for p in served.rglob("*.html")) == pages
    for name in ["search/sok_index.json", "feed.xml", *pages]:
        assert (served / name).read_bytes() == (fresh / name).read_bytes(), name
    # The sitemap's figure pages with their dates (MkDocs leaves out the date of a Markdown page a
    # dirty build did not read: its own behaviour, not the figure pages')
    def figure_entries(site):
        return re.findall(r"<loc>[^<]*/tal/[^<]*</loc>\s*<lastmod>[^<]*</lastmod>",
                          (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert figure_entries(served) == figure_entries(fresh) and len(figure_entries(fresh)) == len(parts)


def test_what_a_removed_package_left_behind_is_removed_and_nothing_else(tmp_path):
    """Bug guarded (issue 17): the clean-up after each build walked the output folder by pathlib with
    a stat per path (0.1 s of every serve rebuild at 98 kommuner); done by os.walk it must still
    remove exactly the files not generated now and the folders left empty, and never the child's
    work under `.alle/` (deferred.py)."""
    from aktivering import deferred
    from aktivering.pages.site import remove_left_behind

    kept = ["index.md", "kommuner/helsingoer.md", "tal/217-f001.part", ".keys.json"]
    gone = ["kommuner/syddjurs.md", "tal/706-f001.part", "downloads/706-syddjurs/figures.csv", "stray.tmp"]
    child = [f"{deferred.FOLDER}/work/abc/downloads/alle/alle-kommuner.xlsx", f"{deferred.FOLDER}/signal/ready"]
    for name in kept + gone + child:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    remove_left_behind(tmp_path, set(kept))
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == sorted(kept + child)
    assert not (tmp_path / "downloads").exists() and not (tmp_path / "empty").exists()
    assert (tmp_path / "kommuner").is_dir() and (tmp_path / deferred.FOLDER / "signal").is_dir()
