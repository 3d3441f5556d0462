"""Peak memory (issue 17): what a build keeps is let go when it is no longer needed. The tests
hold the mechanism (what refers to what), not a number of megabytes."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from aktivering import search, tablewrap, workbook

from site_support import ROOT

# In a child: the generator's paths are set from the environment when it is imported.
FORGET = """
import gc, json, weakref
from aktivering import cache, model, opendata
from aktivering.build import generate
from aktivering.paths import GENERATED

generate(GENERATED)
packages = [weakref.ref(entry[2]) for entry in cache.CLEAN_FOLDERS.values() if entry[2] is not None]
tables = [weakref.ref(frame) for _, frames in model._JOINED.values() for frame in frames]
shares = len(opendata._SHARES)
cache.forget_process_memos()
gc.collect()
print(json.dumps({"packages": len(packages), "tables": len(tables), "shares": shares,
                  "alive": sum(r() is not None for r in packages + tables),
                  "left": [len(cache.CLEAN_FOLDERS), len(cache.FILE_DIGESTS), len(model._JOINED),
                           len(opendata._SHARES)]}))
"""


def test_forgetting_the_process_memos_frees_every_package_and_joined_table(tmp_path):
    """Guards against the 10x build holding every package's parsed tables, its joined tables and
    its share of the combined files through MkDocs' whole run (the memos `mkdocs serve` keeps for
    its next rebuild; a `mkdocs build` has none): once the hook forgets them, nothing else may
    hold a package or a table (a new memo that does must register with cache.process_memo)."""
    env = {**os.environ, "AKTIVERING_BUILD_DIR": str(tmp_path / "build")}
    result = subprocess.run([sys.executable, "-c", FORGET], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["packages"] >= 4 and found["tables"] >= 12 and found["shares"] > 0  # kept while building
    assert found["alive"] == 0
    assert found["left"] == [0, 0, 0, 0]


def test_a_saved_workbook_lets_go_of_its_cells(monkeypatch):
    """Guards against openpyxl's cells outliving the workbook they were written to: a cell refers to
    its sheet and the sheet to its cells, a cycle only a full garbage collection frees, which came
    so late that at 10x every workbook's cells (1.7 million objects) were still held when MkDocs
    started. The workbook itself is still whole: its cells are read back from the bytes."""
    books = []

    class Kept(openpyxl.Workbook):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            books.append(self)

    monkeypatch.setattr(openpyxl, "Workbook", Kept)
    rows = [{"document_id": "101-2018-01-05", "kommune_code": "101", "date": "2018-01-05", "title": "Svar"}]
    data = workbook.workbook_bytes({"documents": rows}, [("Titel", "Prøve")], {}, "2018-01-31")
    assert len(books) == 1 and books[0].worksheets
    assert all(not sheet._cells for sheet in books[0].worksheets)
    monkeypatch.undo()
    read = openpyxl.load_workbook(io.BytesIO(data))
    sheet = read[workbook.SHEETS["documents"]]
    assert sheet["A2"].value == "101-2018-01-05"
    assert [read[workbook.ABOUT]["A2"].value, read[workbook.ABOUT]["B2"].value] == ["Titel", "Prøve"]


def _hook():
    spec = importlib.util.spec_from_file_location("generate_hook", ROOT / "hooks" / "generate.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    return hook


def test_the_hook_holds_a_page_compressed_until_it_is_themed_and_drops_it_once_written():
    """Guards against MkDocs holding every page's Markdown and HTML from the first page's
    conversion to the end of the build (at 10x 5 330 pages: 300 MB, then the search index on
    top): the Markdown is dropped once converted, the HTML waits compressed until its page is
    themed (unpacked before the search plugin indexes it) and is dropped once written."""
    hook = _hook()
    page = types.SimpleNamespace(url="kommuner/x/", markdown="# Titel\n\n| a | b |", content=None, meta={},
                                 file=types.SimpleNamespace(src_uri="kommuner/x.md"))
    html = "<h1>Titel</h1><table><tr><td>5</td><td>22. aug.</td></tr></table>" + "<p>Brevet skriver.</p>" * 500
    page.content = hook.on_page_content(html, page=page, config=None, files=None)
    assert page.markdown == ""  # not None: MkDocs gives a page without Markdown no title
    assert isinstance(page.content, bytes) and len(page.content) < len(html) / 10
    assert hook.on_page_context.mkdocs_priority > 0  # before the search plugin's (priority 0)
    hook.on_page_context({}, page=page, config=None, nav=None)
    assert page.content == search.prepare(tablewrap.wrap(html))  # cells apart, tables wrapped (issue 13)
    assert hook.on_post_page("<html>…</html>", page=page, config=None) == "<html>…</html>"
    assert page.content is None


def test_the_cache_of_relative_urls_is_bounded():
    """Guards against the unbounded memo of `urls.url` at 10x: every figure page links every
    comparable figure of its sender, so the pairs grow with the square of a kommune's figures
    (7 million objects, 540 MB kept to the end of the build). A bounded cache still answers."""
    from aktivering import urls

    urls.url.cache_clear()
    for number in range(urls.url.cache_info().maxsize + 10):
        assert urls.url("tal/101-f001.md", f"tal/101-f{number:06d}.md") == f"../101-f{number:06d}/"
    assert urls.url.cache_info().currsize == urls.url.cache_info().maxsize


def _search_plugin(entries: list[dict]):
    """Material's search plugin as a build leaves it before `on_post_build`: these entries indexed."""
    from material.plugins.search.plugin import SearchPlugin

    plugin = SearchPlugin()
    errors, warnings = plugin.load_config({"lang": ["da"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]})
    assert not errors
    plugin.on_config(None)
    plugin.search_index.entries.extend(json.loads(json.dumps(entries)))
    return plugin


def test_the_search_index_taken_from_the_plugin_is_the_index_read_back_from_its_file(tmp_path):
    """Issue 17, 10x peak memory: `search.finish` read Material's index back from the file the plugin
    had written (55 MB at 10x, held as entries, JSON text, parsed copy and new text at once) and
    wrote it again. Now the hook takes the plugin's entries before it writes them and the index is
    written entry by entry: both files must stay byte for byte what the old way wrote, in Danish
    letters, astral characters, quotes, backslashes and markup, in the site's page order."""
    from markupsafe import Markup

    hook = _hook()
    assert hook.on_post_build.mkdocs_priority > 0  # before the search plugin's (priority 0) writes its index
    entries = [{"location": "b/", "title": "Brøndby", "text": "<p>Æble \"citat\" \\ 50 % 😀 \u2028</p>", "tags": []},
               {"location": "", "title": "Forside", "text": "forsiden", "boost": 1.5},
               {"location": "b/#tal", "title": Markup("<b>Tal</b>"), "text": "12,5 pct."},
               {"location": "gone/", "title": "Fjernet", "text": "ikke i sitet"}]
    pages, config = ["", "b/"], types.SimpleNamespace(site_dir=str(tmp_path / "new"))
    old = tmp_path / "old"
    plugin = _search_plugin(entries)
    plugin.on_post_build(config=types.SimpleNamespace(site_dir=str(old)))  # the index as Material writes it
    index = json.loads((old / search.INDEX).read_text(encoding="utf-8"))  # what finish did before
    fresh = {}
    for entry in index["docs"]:
        fresh.setdefault(entry["location"].split("#")[0], []).append(entry)
    whole = {**index, "docs": [entry for page in pages for entry in fresh.get(page, [])]}
    expected = {search.FULL_INDEX: json.dumps(whole, ensure_ascii=False, separators=(",", ":")).encode(),
                search.INDEX: json.dumps({**index, "docs": []}, ensure_ascii=False, separators=(",", ":")).encode()}
    assert len(whole["docs"]) == 3 and "😀".encode() in expected[search.FULL_INDEX]  # written as UTF-8, not \\ud83d

    plugin = _search_plugin(entries)
    search.finish(Path(config.site_dir), pages, set(pages), search.take(plugin))
    plugin.on_post_build(config=config)  # Material writes the document-less index after the hook
    for name, content in expected.items():
        assert (tmp_path / "new" / name).read_bytes() == content, name


def test_the_search_entries_kept_for_the_next_rebuild_are_the_index_text_not_entry_objects(tmp_path):
    """Issue 17, the serve process at 10x: `finish` kept every page's index entries for the next
    dirty rebuild as Material's entry dicts (their text half of it two bytes a character, held
    between every rebuild). They are kept as each page's bytes as written in the index; the entry
    objects go, and a dirty rebuild that renders one page writes what a build of all of them writes."""
    import gc

    entries = [{"location": "", "title": "Forside", "text": "forsiden"},
               {"location": "b/", "title": "Brøndby", "text": "<p>Æble \"citat\" 😀</p>"},
               {"location": "b/#tal", "title": "Tal", "text": "12,5 pct."},
               {"location": "c/", "title": "C", "text": "c"}]
    pages = ["", "b/", "c/"]
    plugin = _search_plugin(entries)
    taken = search.take(plugin)
    tracked = {id(entry) for entry in taken[1]}
    search.finish(tmp_path / "all", pages, set(pages), taken)
    whole = (tmp_path / "all" / search.FULL_INDEX).read_text(encoding="utf-8")
    assert all(isinstance(text, bytes) for text in search._entries.values()) and set(search._entries) == set(pages)
    assert b",".join(search._entries.values()).decode("utf-8") in whole  # the index's own bytes, once
    del taken
    gc.collect()
    assert not tracked & {id(o) for o in gc.get_objects() if type(o) is dict and "location" in o}

    edited = [{**entry, "text": "ændret"} if entry["location"] == "c/" else entry for entry in entries]
    search.finish(tmp_path / "dirty", pages, {"c/"}, search.take(_search_plugin(edited[3:])))
    search.finish(tmp_path / "fresh", pages, set(pages), search.take(_search_plugin(edited)))
    dirty, fresh = ((tmp_path / name / search.FULL_INDEX).read_bytes() for name in ("dirty", "fresh"))
    assert dirty == fresh and "ændret".encode() in fresh


def test_the_combined_files_shares_are_kept_as_the_bytes_written_and_make_the_same_files():
    """Issue 17, the serve process at 10x: each package's share of the combined CSV, JSON and Excel
    files was kept between rebuilds as text (two bytes a character once a share held an en dash,
    the JSON as one text per row), and every build joined the whole file as text and encoded it
    again. The shares are kept as the UTF-8 bytes they are written as; the files must be what the
    text way made, byte for byte (the old way written out here)."""
    from aktivering import opendata, schemas, typed
    from aktivering.load import records
    from aktivering.validate import validate

    problems, packages = validate()
    assert problems == []
    opendata._SHARES.clear()
    for table in ("documents", "figures", "non_figures"):
        numbers = schemas.number_columns(table)
        count, files = opendata.combined_files(packages, table)
        files = dict(files)
        kept = [opendata._SHARES[p.name, table][1] for p in packages]
        assert all(isinstance(part, bytes) for share in kept for part in (share[0], share[2], share[3]))
        frames = [p.frame(table) for p in packages]
        empty = pd.DataFrame(columns=[f["name"] for f in schemas.canonical(table)["fields"]], dtype=str)
        rows = [json.dumps(row, ensure_ascii=False) for frame in frames for row in typed.rows(table, records(frame))]
        assert count == len(rows) > 0
        assert files == {
            f"{table}.csv": (opendata._csv_text(empty, header=True)
                             + "".join(opendata._csv_text(f, header=False) for f in frames)).encode("utf-8"),
            f"{table}.json": ("[\n" + ",\n".join(rows) + "\n]\n").encode("utf-8"),
            f"{table}-excel.csv": b"\xef\xbb\xbf" + (opendata._excel_text(empty, numbers, header=True) + "".join(
                opendata._excel_text(f, numbers, header=False) for f in frames)).encode("utf-8")}


def test_a_file_is_compared_a_megabyte_at_a_time_and_rewritten_only_when_its_bytes_differ(tmp_path, monkeypatch):
    """Issue 17, the serve process at 10x: write_if_changed read the whole old file to compare it
    (figures.json is 30 MB at 10x, a second copy at the rebuild's peak). It compares the size, then
    a megabyte at a time; what it decides must stay what comparing the whole bytes decides."""
    import os

    from aktivering import writes

    reads = []
    real_open = open

    def counting_open(*args, **kwargs):
        handle = real_open(*args, **kwargs)
        real_read = handle.read

        def read(size=-1):
            reads.append(size)
            return real_read(size)

        handle.read = read
        return handle

    monkeypatch.setattr("builtins.open", counting_open)
    path = tmp_path / "figures.json"
    data = os.urandom(3 * (1 << 20) + 5)
    assert writes.write_if_changed(path, data) is True and path.read_bytes() == data
    reads.clear()
    mtime = path.stat().st_mtime_ns
    assert writes.write_if_changed(path, data) is False and path.stat().st_mtime_ns == mtime
    assert reads and all(0 < size <= 1 << 20 for size in reads)  # never the whole file at once
    for other in (data[:-1] + bytes([data[-1] ^ 1]), bytes([data[0] ^ 1]) + data[1:], data + b"x", data[:-1], b""):
        assert writes.write_if_changed(path, other) is True and path.read_bytes() == other
        assert writes.write_if_changed(path, other) is False
    (tmp_path / "folder").mkdir()
    with pytest.raises(IsADirectoryError):  # as before: a folder where a file goes is not overwritten silently
        writes.write_if_changed(tmp_path / "folder", data)
