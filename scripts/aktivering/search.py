"""The search index for Danish readers (issue 13). Plain Python; hooks/generate.py calls it.

Material writes `search/search_index.json` from every page it renders, and its page script fetches
that file on every page view. Here:

- `prepare` keeps what a reader would not call text out of the index and keeps cells apart: chart
  SVG (its tick labels and values read as prose) is marked `data-search-exclude`, and adjacent
  table cells, rows and list items get a space between them, so "5" and "22. aug." are not
  indexed (and shown in results) as "522. aug.".
- `finish` moves the whole index to `search/sok_index.json`, which the Danish search worker
  (docs/assets/javascripts/workers/sok.js) fetches on a reader's first query, and leaves an
  index without documents where the page script looks, so a page view fetches a few hundred bytes.
- `take` gets the index from Material's search plugin in memory, before the plugin writes it: the
  plugin then writes only the document-less index, and `finish` writes the whole one entry by entry.
  (Read back from the plugin's file, a 55 MB index at ten times the letters was held four times at
  once — as entries, as the plugin's JSON text, read back and parsed, written again: issue 17.)
- Under `mkdocs serve --dirty` MkDocs renders only the pages that changed, and Material's index
  then holds only those; `finish` keeps every other page's entries from the build before, so the
  index stays whole. Kept per process in this module (the hook module is loaded anew each build),
  as each page's entries in the index's own bytes (UTF-8 JSON), not as entry objects: at ten times
  the letters Material's entry dicts held every page's text between the serve process's rebuilds,
  half of it two bytes a character (an en dash makes a whole text wide; issue 17).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

INDEX = Path("search") / "search_index.json"
FULL_INDEX = Path("search") / "sok_index.json"

_APART = re.compile(r"(</(?:td|th|tr|caption|li|dt|dd)>)(?=<)")
_SVG = re.compile(r"<svg\b(?![^>]*\bdata-search-exclude\b)")

# page URL -> its index entries as written in the index (UTF-8 JSON, a comma between them, b"" for
# none), from the last build that rendered it
_entries: dict[str, bytes] = {}


def prepare(html: str) -> str:
    """A page's HTML as it is published and indexed: cells apart, charts out of the index."""
    return _SVG.sub("<svg data-search-exclude", _APART.sub(r"\1 ", html))


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


class _Written:
    """Stands in for Material's search index once `take` has its entries: what the plugin writes
    is then the document-less index, as `finish` would write it."""

    def __init__(self, text: str):
        self.text = text
        self.entries: list[dict] = []

    def generate_search_index(self, prev) -> str:
        return self.text


def take(plugin) -> tuple[dict, list[dict]] | None:
    """(the index without its documents, its entries) from Material's search plugin, before its
    `on_post_build` writes them; None when search is off or the plugin is not Material's. The plugin
    is left to write the document-less index only."""
    index = getattr(plugin, "search_index", None)
    if not isinstance(getattr(index, "entries", None), list) or not getattr(plugin.config, "enabled", False):
        return None
    entries, index.entries = index.entries, []
    head = json.loads(index.generate_search_index(None))  # Material's own text, without documents
    plugin.search_index = _Written(_dumps({**head, "docs": []}))
    return head, entries


def finish(site_dir: Path, pages: list[str], rendered: set[str], taken: tuple[dict, list[dict]] | None = None) -> None:
    """Write the whole index beside a document-less one; `pages` are the site's page URLs in order,
    `rendered` those this build rendered (all of them unless the build is dirty). The index is
    `taken` from the search plugin, or else read from the file it wrote."""
    path = site_dir / INDEX
    if taken is None:
        if not path.is_file():  # search switched off
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        taken = index, index["docs"]
    index, docs = taken
    fresh: dict[str, list[dict]] = {}
    for entry in docs:
        fresh.setdefault(_page_of(entry["location"]), []).append(entry)
    docs.clear()  # each page's entry objects go once its text is made
    kept = {}
    for page in pages:
        if page in rendered:
            kept[page] = ",".join(map(_dumps, fresh.pop(page, ()))).encode("utf-8")
        elif page in _entries:
            kept[page] = _entries[page]
    fresh.clear()
    _entries.clear()
    _entries.update(kept)
    empty = _dumps({**index, "docs": []})
    _write_entries(site_dir / FULL_INDEX, empty, [kept[page] for page in pages if kept.get(page)])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(empty, encoding="utf-8")


def _dumps(data) -> str:
    # default=str as Material's own dump (plugins/search): what it writes, read back, is this
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def _write_entries(path: Path, empty: str, texts: list[bytes]) -> None:
    """The index whose document-less text is `empty` with the entries in `texts` (each page's, as
    UTF-8 JSON) as its documents, one page at a time: the same bytes as the whole dumped at once,
    without the whole as one string (the documents are the last member of Material's index; were
    they not, the whole is dumped)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not empty.endswith('"docs":[]}'):
        docs = [entry for text in texts for entry in json.loads(b"[" + text + b"]")]
        path.write_text(_dumps({**json.loads(empty), "docs": docs}), encoding="utf-8")
        return
    with open(path, "wb") as out:
        out.write(empty[:-2].encode("utf-8"))
        for number, text in enumerate(texts):
            if number:
                out.write(b",")
            out.write(text)
        out.write(b"]}")


def forget_previous(plugins) -> None:
    """Before each build: Material's search plugin, on a dirty rebuild in one process, merges the
    index it made last with this build's entries and takes out only the first rendered page's old
    entries (its shortcut for one changed page). After an edit that changed two pages (a date: the
    kommune page and Sammenligning) the second one's old entries stayed beside its new ones in the
    index `finish` wrote. `finish` keeps what this build did not render; Material needs nothing."""
    for plugin in plugins.values():
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None
