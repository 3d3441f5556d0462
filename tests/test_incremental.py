"""Rebuilds remake only what changed (the `mkdocs serve` path), and what they leave is exactly
what a build from nothing makes: skipping work must never leave a stale page or hide a problem."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

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
