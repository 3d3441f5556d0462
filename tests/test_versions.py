"""Data versions (issue 15, item 7): releases read from a temporary git repository with a few data
commits, the changes aendringer/ lists per version, each version's zips, hostile commit messages,
and a shallow clone or no git at all."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import zipfile

import markdown
import pytest

from aktivering import cache, versions
from aktivering.pages.environment import environment as _environment

from conftest import FIXTURES, ROOT

GIT = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
       "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
HOSTILE = ("Fjernet <script>alert(1)</script> [klik](javascript:alert(1)) *fed* <img src=x onerror=alert(1)>\n\n"
           "# Overskrift {: onclick=alert(1) }\n\n&lt;b&gt; `kode`")
PACKAGE = "101-koebenhavn"


def git(repo, *args, date=None):
    env = {**os.environ, **GIT}
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00+00:00", GIT_COMMITTER_DATE=f"{date}T12:00:00+00:00")
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env).stdout


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo, message, date):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Five data commits on four days: a package; a figure added and a value changed (same day);
    an initiative removed (hostile message); a letter added. Caches in the test's own folder."""
    monkeypatch.setattr(versions, "STORE", cache.Store("versions", tmp_path / "cache"))
    repo = tmp_path / "repo"
    packages = repo / "data" / "packages"
    for folder in ("schemas", "vocabularies"):
        shutil.copytree(ROOT / "data" / folder, repo / "data" / folder)
    shutil.copytree(FIXTURES / "valid", packages / PACKAGE)
    figures, transcript = packages / PACKAGE / "figures.csv", packages / PACKAGE / "transcripts" / "101-2017-12-10.txt"
    # The first version lacks the letter's last number and its figure (the 30), and has a typo: 13,5 for 12,5.
    edit(transcript, ", og 30 har et problematisk rusmiddelforbrug.", ".")
    lines = figures.read_text(encoding="utf-8").splitlines(keepends=True)
    figures.write_text("".join(line for line in lines if not line.startswith("101-f004")), encoding="utf-8")
    for path in (figures, transcript):
        edit(path, "12,5 pct.", "13,5 pct.")
    edit(figures, "12.5,,pct.", "13.5,,pct.")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Københavns brev", "2026-01-10")
    edit(transcript, "psykiske lidelser.", "psykiske lidelser, og 30 har et problematisk rusmiddelforbrug.")
    figures.write_text(figures.read_text(encoding="utf-8")
                       + next(line for line in lines if line.startswith("101-f004")), encoding="utf-8")
    commit(repo, "Et tal mere fra brevet", "2026-01-12")
    for path in (figures, transcript):
        shutil.copy(FIXTURES / "valid" / path.relative_to(packages / PACKAGE), path)
    commit(repo, "Brevet skriver 12,5 pct., ikke 13,5 (tastefejl i transskriptionen)", "2026-01-12")
    initiatives = packages / PACKAGE / "initiatives.csv"
    initiatives.write_text(initiatives.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    commit(repo, HOSTILE, "2026-01-15")
    documents = packages / PACKAGE / "documents.csv"
    row = documents.read_text(encoding="utf-8").splitlines()[1]
    documents.write_text(documents.read_text(encoding="utf-8")
                         + row.replace("2017-12-10", "2018-01-05").replace("Svar om aktivering", "Opfølgning") + "\n",
                         encoding="utf-8")
    shutil.copy(packages / PACKAGE / "transcripts" / "101-2017-12-10.txt",
                packages / PACKAGE / "transcripts" / "101-2018-01-05.txt")
    commit(repo, "Et nyt brev", "2026-01-20")
    return repo


def views(packages):
    return versions.page_context(versions.history(packages), "https://example.org/")["releases"]


def rows(view, table):
    (package,) = view["packages"]
    return package["changes"]["tables"].get(table, [])


def test_one_release_per_day_newest_first_with_the_changes_of_each(repo):
    found = versions.history(repo / "data" / "packages")
    assert [r.version for r in found.releases] == ["2026-01-20", "2026-01-15", "2026-01-12", "2026-01-10"]
    assert found.notices == [] and not found.uncommitted
    assert found.releases[-1].first and not found.releases[0].first
    new_letter, removed, same_day, first = views(repo / "data" / "packages")

    # The first version: the package came with everything in it.
    (package,) = first["packages"]
    assert package["kind"] == "added" and package["changes"]["counts"]["text"] == "1 brev, 4 tal og 1 initiativ"

    # Two commits on one day are one version: a figure added and a value changed, both reasons shown.
    added, changed = sorted(rows(same_day, "figures"), key=lambda r: r["kind"])
    assert added["kind"] == "added"
    assert added["label"] == "30 – Årsager til manglende aktivering, kontanthjælp, 1. dec. 2017"
    assert changed["kind"] == "changed" and changed["fields"] == [
        ["Værdi", "13,5", "12,5", None],
        ["Citat", "Det svarer til 13,5 pct. af de aktivitetsparate.",
         "Det svarer til 12,5 pct. af de aktivitetsparate.", None]]
    assert changed["label"].startswith("12,5 % – ")  # named by its number now, never by its id
    assert same_day["packages"][0]["reasons"] == ["Brevet skriver 12,5 pct., ikke 13,5 (tastefejl i transskriptionen)",
                                                  "Et tal mere fra brevet"]
    assert rows(same_day, "initiatives") == [] and rows(same_day, "documents") == []
    assert same_day["packages"][0]["changes"]["transcripts"] == ["Svar om aktivering (10. december 2017)"]

    # An initiative removed; a letter added, named by its title and date.
    assert [(r["kind"], r["label"]) for r in rows(removed, "initiatives")] == [("removed", "Vejen Videre")]
    assert [(r["kind"], r["label"]) for r in rows(new_letter, "documents")] == \
        [("added", "Opfølgning (5. januar 2018)")]
    # Every release's zips are listed for download, at addresses by version.
    assert [z["path"] for z in first["zips"]] == [f"downloads/versioner/2026-01-10/{PACKAGE}.zip"]


def test_an_old_release_that_fails_todays_checks_is_shown_with_a_note(repo):
    """A release whose package would not validate today (a figure points to the initiative that
    was removed) is listed with a note and its zip is still made: it never fails the build."""
    _new_letter, removed, same_day, first = views(repo / "data" / "packages")
    assert removed["packages"][0]["problems"] > 0
    assert same_day["packages"][0]["problems"] == 0 and first["packages"][0]["problems"] == 0


def test_an_old_version_zip_has_the_old_bytes_and_is_the_same_in_every_build(repo, tmp_path, monkeypatch):
    found = versions.history(repo / "data" / "packages")
    one, two = tmp_path / "one", tmp_path / "two"
    written = versions.write_zips(found, one)
    monkeypatch.setattr(versions, "STORE", cache.Store("versions", tmp_path / "other-cache"))  # made afresh
    assert versions.write_zips(found, two) == written and len(written) == 8  # a zip and a list per release
    for path in written:
        assert (one / path).read_bytes() == (two / path).read_bytes()
    first = zipfile.ZipFile(io.BytesIO((one / f"downloads/versioner/2026-01-10/{PACKAGE}.zip").read_bytes()))
    old_commit = found.releases[-1].commit
    assert first.namelist()[0] == "datapackage.json"
    assert "transcripts/101-2017-12-10.txt" in first.namelist()
    for name in ("figures.csv", "initiatives.csv", "documents.csv"):
        assert first.read(name) == git(repo, "show", f"{old_commit}:data/packages/{PACKAGE}/{name}")
    assert b"13.5,,pct." in first.read("figures.csv") and b"101-f004" not in first.read("figures.csv")
    assert all(info.date_time == (2026, 1, 10, 0, 0, 0) for info in first.infolist())
    listed = list(csv.DictReader(io.StringIO((one / "downloads/versioner/2026-01-15/pakker.csv").read_text())))
    zip_15 = (one / f"downloads/versioner/2026-01-15/{PACKAGE}.zip").read_bytes()
    assert listed == [{"package": PACKAGE, "title": "København Kommune: aktivering af aktivitetsparate",
                       "package_version": "2026-01-15", "zip": f"downloads/versioner/2026-01-15/{PACKAGE}.zip",
                       "bytes": str(len(zip_15)), "sha256": hashlib.sha256(zip_15).hexdigest()}]


def render(context):
    text = _environment().get_template(versions.TEMPLATE).render(page=versions.PAGE, updated="", **context)
    body = text.split("---", 2)[2]
    return markdown.markdown(body, extensions=["admonition", "attr_list", "tables", "toc"])


def test_hostile_commit_messages_are_text_on_the_page(repo):
    html = render(versions.page_context(versions.history(repo / "data" / "packages"), "https://example.org/"))
    assert "<script" not in html and "<img" not in html and "javascript:" not in html.replace(
        "[klik](javascript:alert(1))", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<em>fed</em>" not in html and "*fed*" in html
    assert "<h1>Overskrift" not in html and 'onclick="' not in html and "<code>" not in html
    assert "&amp;lt;b&amp;gt;" in html  # an entity in a message is shown as typed, not decoded
    assert 'id="version-2026-01-15"' in html


def test_a_shallow_clone_says_what_is_missing(repo, tmp_path):
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    found = versions.history(clone / "data" / "packages")
    assert [n.code for n in found.notices] == ["history-shallow"]
    assert [r.version for r in found.releases] == ["2026-01-20"] and found.releases[0].cut
    context = versions.page_context(found, "https://example.org/")
    assert context["releases"][0]["packages"] == []  # nothing invented as 'added'
    html = render(context)
    assert "Historikken er ikke komplet" in html and "før 2026-01-20" in html
    assert "kan ikke vises" in html
    assert versions.write_zips(found, tmp_path / "out") == [f"downloads/versioner/2026-01-20/{PACKAGE}.zip",
                                                            "downloads/versioner/2026-01-20/pakker.csv"]


def test_outside_git_the_page_says_so_and_nothing_fails(repo, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(repo / "data", plain / "data")
    found = versions.history(plain / "data" / "packages")
    assert found.releases == [] and [n.code for n in found.notices] == ["history-not-git"]
    assert "ikke i en git-kopi" in render(versions.page_context(found, "https://example.org/"))
    assert versions.write_zips(found, tmp_path / "out") == []


def test_uncommitted_data_is_said_to_be_no_version_yet(repo):
    edit(repo / "data" / "packages" / PACKAGE / "figures.csv", "12.5,,pct.", "14.5,,pct.")
    found = versions.history(repo / "data" / "packages")
    assert found.uncommitted and "endnu ikke er en version" in render(versions.page_context(found, "https://x.org/"))


def test_a_table_that_cannot_be_read_today_is_a_note_not_a_crash(repo):
    """An old release whose CSV today's reader refuses shows a note instead of its changes."""
    figures = repo / "data" / "packages" / PACKAGE / "figures.csv"
    figures.write_bytes(b"figure_id;value\n\"unterminated;1\n")
    commit(repo, "Ødelagt fil", "2026-01-25")
    newest = views(repo / "data" / "packages")[0]
    assert newest["packages"][0]["changes"]["unreadable"]
    assert "kan ikke læses i dag" in render({"releases": [newest], "notices": [], "uncommitted": False,
                                            "table_words": versions.TABLE_WORDS, "max_rows": 200})


def test_word_changes_show_only_what_changed_in_a_long_text():
    old = "Brevet siger kun aktivitetsparate; ydelsen er sat til kontanthjælp+uddannelseshjælp, fordi redegørelsen " \
          "handler om aktivitetsparate kontanthjælps- og uddannelseshjælpsmodtagere i hele kommunen."
    new = old.replace("kontanthjælp+uddannelseshjælp,", "kontanthjælp og uddannelseshjælp,")
    runs = versions.word_changes(old, new, context=3)
    assert runs == [["same", "… er sat til"], ["del", "kontanthjælp+uddannelseshjælp,"],
                    ["ins", "kontanthjælp og uddannelseshjælp,"], ["same", "fordi redegørelsen handler …"]]
    assert versions.word_changes("12.5", "13.5") is None


def test_an_unchanged_package_links_the_zip_of_the_version_it_kept(repo, tmp_path):
    """One zip per package and day it changed: a later release links an unchanged package's zip
    of its own version (what its kommune page cites), and no zip is written twice."""
    shutil.copytree(repo / "data" / "packages" / PACKAGE, repo / "data" / "packages" / "147-frederiksberg")
    commit(repo, "Frederiksberg", "2026-01-25")
    found = versions.history(repo / "data" / "packages")
    newest = versions.page_context(found, "https://example.org/")["releases"][0]
    assert [(z["name"], z["version"], z["path"]) for z in newest["zips"]] == [
        (PACKAGE, "2026-01-20", f"downloads/versioner/2026-01-20/{PACKAGE}.zip"),  # both titled alike: by folder
        ("147-frederiksberg", "2026-01-25", "downloads/versioner/2026-01-25/147-frederiksberg.zip")]
    assert [p["name"] for p in newest["packages"]] == ["147-frederiksberg"]
    days = ("2026-01-10", "2026-01-12", "2026-01-15", "2026-01-20")
    assert versions.write_zips(found, tmp_path / "out") == sorted(
        [f"downloads/versioner/{day}/{PACKAGE}.zip" for day in days]
        + [f"downloads/versioner/{day}/pakker.csv" for day in (*days, "2026-01-25")]
        + ["downloads/versioner/2026-01-25/147-frederiksberg.zip"])
    listed = (tmp_path / "out" / "downloads/versioner/2026-01-25/pakker.csv").read_text(encoding="utf-8")
    assert f"2026-01-20,downloads/versioner/2026-01-20/{PACKAGE}.zip," in listed  # the version it kept


def test_a_version_with_many_changes_lists_a_bounded_number(repo, monkeypatch):
    """The page stays bounded when one version changes many rows or has many commits."""
    monkeypatch.setattr(versions, "MAX_ROWS", 1)
    monkeypatch.setattr(versions, "MAX_REASONS", 1)
    html = render(versions.page_context(versions.history(repo / "data" / "packages"), "https://example.org/"))
    same_day = html[html.index('id="version-2026-01-12"'):html.index('id="version-2026-01-10"')]
    assert "… og 1 række mere" in same_day and "… og 1 begrundelse mere samme dag" in same_day
    assert same_day.count("<li><span class=\"version-art") == 1


def test_a_commit_message_shows_no_invisible_characters_and_no_template_code(repo):
    """Regression: a commit message is a stranger's text, and aendringer/ showed its bidi override
    (U+202E turns the words after it round) and zero-width characters as they were, which the
    validator refuses in every package file; template syntax in it stays text."""
    edit(repo / "data" / "packages" / PACKAGE / "figures.csv", "50", "51")
    commit(repo, "Rettet \u202etal\u202c og\u200b mere\x01 {{ 7*7 }} {% raw %}", "2026-01-30")
    html = render(versions.page_context(versions.history(repo / "data" / "packages"), "https://example.org/"))
    assert "Rettet tal og mere {{ 7*7 }} {% raw %}" in html
    assert not any(c in html for c in "\u202e\u202c\u200b\x01")


def test_a_hostile_package_title_is_inert_in_the_list_and_on_the_page(repo, tmp_path):
    """A descriptor title from history is a stranger's text: no formula in pakker.csv, no markup
    on aendringer/."""
    descriptor = repo / "data" / "packages" / PACKAGE / "datapackage.json"
    edit(descriptor, '"title": "København Kommune: aktivering af aktivitetsparate"',
         '"title": "=HYPERLINK(\\"http://x\\") <b>fed</b>"')
    commit(repo, "Titel", "2026-01-25")
    found = versions.history(repo / "data" / "packages")
    versions.write_zips(found, tmp_path / "out")
    listed = list(csv.DictReader(io.StringIO(
        (tmp_path / "out" / "downloads/versioner/2026-01-25/pakker.csv").read_text(encoding="utf-8"))))
    assert listed[0]["title"] == "'=HYPERLINK(\"http://x\") <b>fed</b>"
    html = render(versions.page_context(found, "https://example.org/"))
    assert "<b>fed</b>" not in html and "&lt;b&gt;fed&lt;/b&gt;" in html
