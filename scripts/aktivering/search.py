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
- Under `mkdocs serve --dirty` MkDocs renders only the pages that changed, and Material's index
  then holds only those; `finish` keeps every other page's entries from the build before, so the
  index stays whole. Kept per process in this module (the hook module is loaded anew each build).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

INDEX = Path("search") / "search_index.json"
FULL_INDEX = Path("search") / "sok_index.json"

_APART = re.compile(r"(</(?:td|th|tr|caption|li|dt|dd)>)(?=<)")
_SVG = re.compile(r"<svg\b(?![^>]*\bdata-search-exclude\b)")

_entries: dict[str, list[dict]] = {}  # page URL -> its index entries, from the last build that rendered it


def prepare(html: str) -> str:
    """A page's HTML as it is published and indexed: cells apart, charts out of the index."""
    return _SVG.sub("<svg data-search-exclude", _APART.sub(r"\1 ", html))


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def finish(site_dir: Path, pages: list[str], rendered: set[str]) -> None:
    """Write the whole index beside a document-less one; `pages` are the site's page URLs in order,
    `rendered` those this build rendered (all of them unless the build is dirty)."""
    path = site_dir / INDEX
    if not path.is_file():  # search switched off
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    fresh: dict[str, list[dict]] = {}
    for entry in index["docs"]:
        fresh.setdefault(_page_of(entry["location"]), []).append(entry)
    kept = {}
    for page in pages:
        if page in rendered:
            kept[page] = fresh.get(page, [])
        elif page in _entries:
            kept[page] = _entries[page]
    _entries.clear()
    _entries.update(kept)
    whole = {**index, "docs": [entry for page in pages for entry in kept.get(page, [])]}
    _write_json(site_dir / FULL_INDEX, whole)
    _write_json(path, {**index, "docs": []})


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def forget_previous(plugins) -> None:
    """Before each build: Material's search plugin, on a dirty rebuild in one process, merges the
    index it made last with this build's entries and takes out only the first rendered page's old
    entries (its shortcut for one changed page). After an edit that changed two pages (a date: the
    kommune page and Sammenligning) the second one's old entries stayed beside its new ones in the
    index `finish` wrote. `finish` keeps what this build did not render; Material needs nothing."""
    for plugin in plugins.values():
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None
