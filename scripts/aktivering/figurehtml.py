"""Figure pages as finished HTML, outside MkDocs (issue 17). Plain Python; hooks/generate.py calls it.

At 98 kommuner 5 880 of the site's 6 493 pages are figure pages (`tal/<figure_id>/`), and MkDocs
spent about 20 ms on each (Markdown, the Material page template with the whole navigation, the
hooks). Here they are made once per build from one page MkDocs does render:

- The generator (figurepages.py) writes each figure page's content as an HTML fragment from
  `tal.html.j2` (autoescaped; headings with the ids and permalinks MkDocs' toc extension gives
  them, see `Headings`), with its title, description, date and headings on the part's first
  line (`tal/<figure_id>.part`, JSON), and the shell page `tal/_side.md`, whose title,
  description, headings and content are the markers below.
- MkDocs renders the shell through the theme like any page (same folder depth as a figure page,
  so every relative link in the theme is the same); the hook hands the rendered HTML to `finish`,
  which writes each figure page as the shell with the markers replaced by that page's values
  (written only when its bytes change), and removes the shell from the site.
- The parts are not handed to MkDocs; `sitemap_pages` puts the figure pages into the sitemap where
  MkDocs listed them when they were Markdown pages. They are not in the search index (the shell
  is excluded from it, as the Markdown pages were).

The benchmark's floor keeps today's definition (plain MkDocs over the emitted Markdown pages):
with `AKTIVERING_FIGURE_MARKDOWN=1` the generator writes `tal/<figure_id>.md` from `tal.md.j2`
instead, for the floor's copy only.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import types
from pathlib import Path

import markupsafe
from markdown.extensions.toc import strip_tags, unique
from pymdownx.slugs import slugify

from . import escape, search, urls
from .writes import write_if_changed

# Only the benchmark's floor sets it: the figure pages as Markdown for MkDocs, as before issue 17.
MARKDOWN = os.environ.get("AKTIVERING_FIGURE_MARKDOWN") == "1"

SHELL = urls.FIGURE_SHELL
PART_SUFFIX = ".part"

# As mkdocs.yml configures the toc extension (test_figurehtml.py holds them equal).
PERMALINK_TITLE = "Link til dette afsnit"
_slugify = slugify(case="lower")
_TAB_LENGTH = 4  # Python-Markdown's default
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+!])")  # what escape.markdown backslash-escapes

# Markers: lower-case letters only, which no escaping or slugifying changes (none is in a URL).
TITLE = "zzfigurtitelzz"
DESCRIPTION = "zzfigurbeskrivelsezz"
H1, FIRST, SECOND = "zzfigurhovedzz", "zzfigurførstezz", "zzfigurandenzz"
CONTENT = "<h1>zzfigurindholdzz</h1>"  # with "<h1": Material adds a title to content without one
SHELL_MARKDOWN = f"""---
title: {TITLE}
description: {DESCRIPTION}
hide:
  - navigation
  - toc
search:
  exclude: true
---

# {H1}

## {FIRST}

## {SECOND}
"""
_SHELL_URL = urls.url(urls.FRONT, SHELL).removeprefix("./")  # 'tal/_side/'


class ShellError(RuntimeError):
    """The rendered shell is not what figure pages can be made from (the theme changed)."""


def part_path(figure_id: str) -> str:
    """Where the generator writes one figure page's part ('tal/217-f001.part')."""
    return urls.figure_page(figure_id).removesuffix(".md") + PART_SUFFIX


def is_part(path: str) -> bool:
    return path.startswith(urls.FIGURES_FOLDER + "/") and path.endswith(PART_SUFFIX)


def figure_id_of(path: str) -> str:
    return path.removeprefix(urls.FIGURES_FOLDER + "/").removesuffix(PART_SUFFIX)


class Headings:
    """A page's headings as Python-Markdown's toc extension (mkdocs.yml: `permalink: true`, the
    permalink title, pymdownx slugify in lower case) writes them: the id from the heading's text,
    made unique on the page (`_1`, `_2`), and the permalink after the text."""

    def __init__(self):
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}
        self.items: list[tuple[int, str, str]] = []  # (level, id, inner HTML)

    def __call__(self, level: int, text: str) -> markupsafe.Markup:
        # The text as Markdown read `#… {{ text | md }}`: tabs expanded on the source line (backslash
        # escapes included), then the escapes undone.
        prefix = "#" * level + " "
        line = (prefix + str(escape.markdown(text))).expandtabs(_TAB_LENGTH)[len(prefix):]
        inner = _ESCAPED.sub(r"\1", line).strip()
        # The toc extension slugs the heading's text as Markdown parsed it: `escape.markdown` writes
        # `"` and `'` as `&\#34;` and `&\#39;`, which it reads as `&amp;#34;` (the id then has "34"
        # where the quote was, as MkDocs has always given these pages).
        ident = unique(_slugify(html.unescape(strip_tags(inner.replace("&#", "&amp;#"))), "-"), self.used,
                       self.counters)
        self.items.append((level, ident, inner))
        return markupsafe.Markup(f'<h{level} id="{ident}">{inner}<a class="headerlink" href="#{ident}" '
                                 f'title="{PERMALINK_TITLE}">&para;</a></h{level}>')


def part_text(title: str, description: str, updated: str, headings: Headings, body: str) -> str:
    """A figure page's part: its values on the first line (JSON), then its content."""
    meta = {"title": str(escape.html(escape.xml_legal(title))),
            "description": str(escape.html(escape.xml_legal(description))), "updated": updated,
            "headings": headings.items}
    # As the hook's on_page_content prepared the Markdown pages' HTML (cells apart for search).
    return json.dumps(meta, ensure_ascii=False) + "\n" + search.prepare(body)


def _read_meta(path: Path) -> dict:
    with path.open(encoding="utf-8") as part:
        return json.loads(part.readline())


# --- the shell, as MkDocs rendered it ------------------------------------------------------------

class Shell:
    """The rendered shell cut at its markers: what every figure page shares, and the toc item that
    is repeated for each heading under the page's first one."""

    def __init__(self, html: str):
        for marker in (TITLE, DESCRIPTION, CONTENT, f'href="#{H1}"', f'href="#{FIRST}"', f'href="#{SECOND}"'):
            if marker not in html:
                raise ShellError(f"the rendered figure page shell has no {marker!r}")
        first_at = html.index(f'href="#{FIRST}"')
        second_at = html.index(f'href="#{SECOND}"')
        start = html.rindex("<li", 0, first_at)
        first_end = html.index("</li>", first_at) + len("</li>")
        second_start = html.rindex("<li", 0, second_at)
        end = html.index("</li>", second_at) + len("</li>")
        self.item = html[start:first_end]
        self.between = html[first_end:second_start]
        if html[second_start:end] != self.item.replace(FIRST, SECOND) or "<li" in self.item[3:]:
            raise ShellError("the figure page shell's table of contents is not one item per heading")
        self.before, self.after = html[:start], html[end:]

    def page(self, figure_id: str, meta: dict, body: str) -> str:
        headings = meta["headings"]
        if not headings or headings[0][0] != 1 or any(level != 2 for level, _, _ in headings[1:]):
            raise ShellError(f"figure page {figure_id}: its headings are not one h1 and then h2s")
        toc = self.between.join(self.item.replace(f"#{FIRST}", f"#{ident}").replace(FIRST, inner)
                                for _, ident, inner in headings[1:])
        address = urls.url(urls.FRONT, urls.figure_page(figure_id)).removeprefix("./")
        html = self.before + toc + self.after
        # The shell's own address: the canonical link and the report link (URL-encoded, '/' kept).
        # A figure id is letters, digits and '-' (the schema's pattern): the same in every encoding.
        html = html.replace(_SHELL_URL, address).replace(f'href="#{H1}"', f'href="#{headings[0][1]}"')
        return (html.replace(TITLE, meta["title"]).replace(DESCRIPTION, meta["description"])
                .replace(CONTENT, body))


def _check_id(figure_id: str) -> None:
    if not re.fullmatch(r"[a-z0-9]+-f[0-9]+", figure_id):
        raise ShellError(f"figure id {figure_id!r} is not a safe path segment")


# What this process last finished (a `mkdocs serve` process builds again and again): the shell's
# HTML by site folder, and each part's date as last read, by generated folder and path.
_finished: dict[str, str] = {}
_updated: dict[tuple[str, str], str] = {}


def finish(shell_html: str, generated: Path, site_dir: Path, parts: list[str],
           changed: set[str] | None = None) -> list[str]:
    """Write every figure page into the site from the rendered shell and the generator's parts;
    a page whose bytes are unchanged is not written again. The pages' paths in the site.

    changed: on a `serve --dirty` rebuild, the parts the generator wrote since this process last
    finished the pages into `site_dir` (None: unknown). When the shell is what was finished there
    last, only their pages can differ, and only they are made (a rebuild after one edit read and
    wrote all 5 880 at 98 kommuner); otherwise every page is."""
    digest = hashlib.sha256(shell_html.encode("utf-8")).hexdigest()
    folder = str(site_dir)
    every = changed is None or _finished.get(folder) != digest
    _finished.pop(folder, None)  # until every page below is written
    shell = Shell(shell_html)
    written = []
    for path in parts:
        if not every and path not in changed:
            continue
        figure_id = figure_id_of(path)
        _check_id(figure_id)
        first, body = (generated / path).read_text(encoding="utf-8").split("\n", 1)
        meta = json.loads(first)
        _updated[str(generated), path] = meta["updated"]
        target = f"{urls.FIGURES_FOLDER}/{figure_id}/index.html"
        write_if_changed(site_dir / target, shell.page(figure_id, meta, body).encode("utf-8"))
        written.append(target)
    _finished[folder] = digest
    return written


def remove_shell(site_dir: Path) -> None:
    """The shell is not a page of the site."""
    folder = site_dir / _SHELL_URL
    (folder / "index.html").unlink(missing_ok=True)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def sitemap_pages(order: list[str], pages: list, generated: Path, site_url: str,
                  changed: set[str] | None = None) -> list:
    """The sitemap's pages in MkDocs' order (`order`: every file's path as handed to MkDocs, the
    parts among them where their Markdown pages were), the figure pages put back and the shell
    left out. A figure page is given what the sitemap template reads of a page. changed: the parts
    written since this process last read them (finish); None: every part is read."""
    by_path = {f.src_uri: f for f in pages}
    address = urls.Urls(site_url)
    listed = []
    for path in order:
        if is_part(path):
            page = urls.figure_page(figure_id_of(path))
            updated = _updated.get((str(generated), path)) if changed is not None and path not in changed else None
            if updated is None:
                updated = _updated[str(generated), path] = _read_meta(generated / path)["updated"]
            listed.append(types.SimpleNamespace(page=types.SimpleNamespace(
                is_link=False, abs_url=None, canonical_url=address.page(page), meta={"updated": updated})))
        elif path in by_path and path != SHELL:
            listed.append(by_path[path])
    return listed
