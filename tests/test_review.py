"""`aktivering diff <ref>`: what a reviewer reads, from a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from aktivering import review

from conftest import FIXTURES, ROOT

GIT = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
       "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT})


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def committed_package(tmp_path):
    """A repository whose first commit holds one package (the valid fixture); its packages folder."""
    packages = tmp_path / "data" / "packages"
    for folder in ("schemas", "vocabularies"):  # what reading a package with its schema needs
        shutil.copytree(ROOT / "data" / folder, tmp_path / "data" / folder)
    shutil.copytree(FIXTURES / "valid", packages / "101-koebenhavn")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return packages


@pytest.fixture
def repo(tmp_path):
    """A repository whose first commit holds one package; the working tree then changes it."""
    packages = committed_package(tmp_path)
    figures = packages / "101-koebenhavn" / "figures.csv"
    edit(figures, "12.5,,pct.", "13.5,,pct.")                                  # changed
    lines = figures.read_text(encoding="utf-8").splitlines(keepends=True)
    figures.write_text("".join(lines[:-1]) + lines[2].replace("101-f002", "101-f006"), encoding="utf-8")  # f005 → f006
    edit(packages / "101-koebenhavn" / "initiatives.csv", "planlagt", "igangsat")  # changed
    edit(packages / "101-koebenhavn" / "non_figures.csv", "2018.,dato,", "2018.,andet,Ændret.")  # a non-figure
    return tmp_path


def test_added_changed_and_removed_rows(repo):
    changes = review.changes_since("HEAD", repo / "data" / "packages")
    by_id = {(c.table, c.id): c for c in changes["101-koebenhavn"]}
    assert {key: c.kind for key, c in by_id.items()} == {
        ("figures", "101-f002"): "changed", ("figures", "101-f005"): "removed", ("figures", "101-f006"): "added",
        ("initiatives", "101-i01"): "changed", ("non_figures", "101-2017-12-10 1. februar 2018"): "changed"}
    assert by_id[("figures", "101-f002")].columns == [("value", "12.5", "13.5")]
    assert by_id[("initiatives", "101-i01")].columns == [("status", "planlagt", "igangsat")]
    assert by_id[("non_figures", "101-2017-12-10 1. februar 2018")].columns == [
        ("reason", "dato", "andet"), ("note", "", "Ændret.")]


def test_report_is_markdown_per_package(repo):
    text = review.report("HEAD", review.changes_since("HEAD", repo / "data" / "packages"), "da")
    assert "### 101-koebenhavn" in text
    assert "**Tal** (figures.csv): 1 tilføjet, 1 ændret, 1 fjernet" in text
    assert "- ændret `101-f002`: value: `12.5` → `13.5`" in text
    assert "- fjernet `101-f005`: 50 · personer · deltagere_antal" in text
    assert "**Initiativer** (initiatives.csv): 0 tilføjet, 1 ændret, 0 fjernet" in text


def test_a_new_package_is_all_added_and_an_unchanged_one_is_not_listed(repo):
    packages = repo / "data" / "packages"
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "second")
    shutil.copytree(FIXTURES / "valid", packages / "147-frederiksberg")
    changes = review.changes_since("HEAD", packages)
    assert list(changes) == ["147-frederiksberg"]
    assert {c.kind for c in changes["147-frederiksberg"]} == {"added"}
    assert len(changes["147-frederiksberg"]) == 10  # 1 letter, 5 figures, 1 initiative, 3 non-figures


def test_a_file_saved_by_excel_with_the_same_values_is_no_change(repo):
    """The diff reads both sides as the validator does: decimal comma and semicolons are not changes."""
    packages = repo / "data" / "packages"
    git(repo, "checkout", "-q", "--", ".")
    shutil.copy(FIXTURES.parent / "excel" / "excel-csv-utf8" / "figures.csv", packages / "101-koebenhavn")
    assert review.changes_since("HEAD", packages) == {}
    assert review.report("HEAD", {}, "en") == "No changes to letters, figures or initiatives since HEAD.\n"


def test_cli_uses_the_data_folder_and_refuses_an_unknown_ref(repo):
    env = {**os.environ, "AKTIVERING_DATA": str(repo / "data")}
    command = [sys.executable, "-m", "aktivering.cli", "diff"]
    done = subprocess.run([*command, "main"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "`101-f006`" in done.stdout
    unknown = subprocess.run([*command, "no-such-branch"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert unknown.returncode == 2
    assert "no-such-branch" in unknown.stderr
