"""Danish search (issue 13, part 3): folded letters, stems, a small page view, clean snippets, and an
index that stays whole under `mkdocs serve --dirty`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

from aktivering import search

from site_support import ROOT

# A query and the query a Danish reader types for the same thing.
SAME_THING = [("helsingør", "helsingor"), ("helsingør", "helsingoer"), ("kontanthjælp", "kontanthjaelp"),
              ("mentor", "mentorer"), ("uddannelseshjælp", "uddannelseshjaelp")]


def _count(page, query: str) -> int:
    """How many pages the theme says match (its list shows only the best of them)."""
    _search(page, query)
    meta = page.text_content(".md-search-result__meta")
    return int(re.search(r"\d+", meta).group()) if re.search(r"\d+", meta) else 0


def _search(page, query: str) -> list[str]:
    page.fill(".md-search__input", "")
    page.focus(".md-search__input")
    page.keyboard.type(query)
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q && "
        "/\\d|Ingen/.test(document.querySelector('.md-search-result__meta').textContent)", arg=query)
    page.wait_for_timeout(300)  # the theme renders the list right after the count
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.pathname + a.hash)")


@pytest.fixture(scope="module")
def search_page(site_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(f"{site_url}/kommuner/syddjurs/")
    page.wait_for_load_state("networkidle")
    yield page, requests
    context.close()


def test_a_page_view_fetches_no_index_until_the_reader_searches(built_site, search_page):
    page, requests = search_page
    assert not [url for url in requests if url.endswith(str(search.FULL_INDEX))]
    stub = built_site / search.INDEX
    assert json.loads(stub.read_text(encoding="utf-8"))["docs"] == []
    assert stub.stat().st_size < 1024
    assert json.loads((built_site / search.FULL_INDEX).read_text(encoding="utf-8"))["docs"]
    assert _search(page, "syddjurs")
    assert [url for url in requests if url.endswith(str(search.FULL_INDEX))]


@pytest.mark.parametrize(("written", "typed"), SAME_THING)
def test_danish_words_are_found_as_danes_type_them(search_page, written, typed):
    page, _ = search_page
    expected = _count(page, written)
    assert expected, f"{written!r} finds nothing at all"
    assert _count(page, typed) >= expected


def test_a_kommune_typed_without_its_letters_comes_first(search_page):
    page, _ = search_page
    assert _search(page, "helsingor")[0] == "/kommuner/helsingoer/"


def _index_text(site: Path) -> str:
    return " ".join(entry["text"] for entry in json.loads((site / search.FULL_INDEX).read_text("utf-8"))["docs"])


def test_table_cells_are_not_glued_together_in_the_index(built_site):
    index = " ".join(re.sub(r"<[^>]+>", " ", _index_text(built_site)).split())
    glued = []
    rows = [[" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
            for page in built_site.rglob("*.html")
            for row in re.findall(r"<tr>(.*?)</tr>", page.read_text(encoding="utf-8"), re.S)]
    cells_shown = {cell for cells in rows for cell in cells}
    for cells in rows:
        for left, right in zip(cells, cells[1:]):
            joined = left + right
            # Short joins ("6" + "1") are real numbers elsewhere too; "5" + "22. aug." is not. A join
            # that some cell shows on its own ("5" + "5,8 kB" and a file of 55,8 kB) proves nothing.
            if (left and right and left[-1].isalnum() and right[0].isalnum() and len(joined) >= 4
                    and joined not in cells_shown
                    and re.search(rf"(?<!\w){re.escape(joined)}(?!\w)", index)):
                glued.append(joined)
    assert glued == []


def test_chart_text_is_left_out_of_the_index():
    """Material's own parser skips an SVG that `prepare` marked, and still reads the text around it."""
    html = search.prepare('<h1 id="a">Tal</h1><p>Før</p><svg role="img"><text>10.000</text></svg>'
                          "<table><tr><td>5</td><td>22. aug.</td></tr></table>")
    parser = Parser()
    parser.feed(html)
    parser.close()
    text = "".join("".join(section.text) for section in parser.data)
    assert "10.000" not in text and "Før" in text
    assert "522. aug." not in text and "5 22. aug." in " ".join(text.split())


# In a child process, as `mkdocs serve --dirty` does: a full build, one page's Markdown made anew
# (newer than its HTML), a dirty rebuild with the configuration loaded again; prints the whole index
# the dirty build left.
DIRTY = """
import json, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from aktivering.paths import GENERATED
site = Path(sys.argv[1])
build(load_config("mkdocs.yml", site_dir=str(site)))
later = time.time() + 5
os.utime(GENERATED / "kommuner" / "syddjurs.md", (later, later))
build(load_config("mkdocs.yml", site_dir=str(site)), dirty=True)
print(json.dumps(json.loads((site / "search" / "sok_index.json").read_text(encoding="utf-8"))))
"""


def _build(tmp_path: Path, name: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AKTIVERING_BUILD_DIR": str(tmp_path / f"{name}-build")}
    result = subprocess.run(list(args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return result


def test_the_index_stays_whole_after_a_dirty_rebuild(tmp_path):
    result = _build(tmp_path, "dirty", sys.executable, "-c", DIRTY, str(tmp_path / "dirty"))
    assert "A 'dirty' build is being performed" in result.stderr  # MkDocs really built only what changed
    dirty = json.loads(result.stdout.splitlines()[-1])
    _build(tmp_path, "fresh", str(Path(sys.executable).parent / "mkdocs"), "build", "--site-dir",
           str(tmp_path / "fresh"))
    fresh = json.loads((tmp_path / "fresh" / search.FULL_INDEX).read_text(encoding="utf-8"))
    pages = {entry["location"].split("#")[0] for entry in dirty["docs"]}
    assert "kommuner/helsingoer/" in pages and "kommuner/syddjurs/" in pages
    assert dirty == fresh


def test_finish_keeps_pages_a_dirty_build_did_not_render_and_drops_deleted_ones(tmp_path):
    (tmp_path / "search").mkdir()

    def build(entries, pages, rendered):
        config = {"lang": ["da"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {}}
        (tmp_path / search.INDEX).write_text(json.dumps({"config": config, "docs": entries}), encoding="utf-8")
        search.finish(tmp_path, pages, rendered)
        return [entry["text"] for entry in json.loads((tmp_path / search.FULL_INDEX).read_text("utf-8"))["docs"]]

    first = [{"location": "", "title": "Forside", "text": "a"}, {"location": "b/", "title": "B", "text": "b"},
             {"location": "b/#x", "title": "X", "text": "bx"}, {"location": "c/", "title": "C", "text": "c"}]
    assert build(first, ["", "b/", "c/"], {"", "b/", "c/"}) == ["a", "b", "bx", "c"]
    edited = [{"location": "b/", "title": "B", "text": "b2"}]
    assert build(edited, ["", "b/", "c/"], {"b/"}) == ["a", "b2", "c"]
    assert build([], ["", "b/"], set()) == ["a", "b2"]
    assert json.loads((tmp_path / search.INDEX).read_text("utf-8"))["docs"] == []


def test_the_search_form_has_a_submit_button_that_opens_the_best_result(site_url, browser):
    """HTML_CodeSniffer (pa11y) flagged the search form on every page: no submit button (WCAG 3.2.2)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/om/")
        page.wait_for_load_state("networkidle")
        button = page.locator("form[name=search] button[type=submit]")
        assert button.count() == 1 and button.inner_text().strip() == "Søg"
        best = _search(page, "helsingor")[0]
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(best)
    finally:
        context.close()
