"""The Jinja environment every template renders in: autoescaping on (contributor text is escaped
here, in one place, and reaches the Markdown only inside HTML blocks, where Markdown and MkDocs do
not touch it), the URL registry and the Danish formatters as globals."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2
import markupsafe

from .. import escape, fmt, urls
from ..cache import TemplateCache
from ..load import records
from ..templating import TEMPLATES


@cache
def template_cache() -> jinja2.BytecodeCache:
    """Compiled Jinja templates, ours and the theme's, kept on disk by their source's checksum:
    `mkdocs serve` loads a fresh theme environment on every rebuild and compiled all of them again."""
    return TemplateCache()  # signed entries outside the checkout (cache.py)


@cache
def environment(extra: tuple[Path, ...] = ()) -> jinja2.Environment:
    """One per process (and set of template folders): `mkdocs serve` keeps its compiled templates
    between rebuilds (Jinja reloads a template whose file changed). `extra`: the template folders of
    page types that keep their template elsewhere (a test's)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([TEMPLATES, *extra]), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, bytecode_cache=template_cache())
    env.globals.update(url=urls.url, asset_url=urls.asset_url, urls=urls, number_da=fmt.number_da,
                       size_da=fmt.size_da)
    env.filters.update(md=escape.markdown, yaml=escape.front_matter, meta=escape.front_matter_text)
    env.filters["lower_first"] = lower_first
    env.filters["records"] = records
    env.filters["dato"] = fmt.date_long_da
    env.filters["brydbar"] = breakable
    return env


def lower_first(text: str) -> str:
    """'Kommunens egen opgørelse' -> 'kommunens egen opgørelse', but 'STAR' stays 'STAR'."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def breakable(name: str) -> markupsafe.Markup:
    """A file name that may wrap after its dots, underscores and hyphens ('referred_<wbr>letters.<wbr>csv'),
    so that a table of files fits its column instead of scrolling or breaking a name letter by letter.
    Each part is escaped; <wbr> adds no text (copying or reading the name aloud is unchanged)."""
    return markupsafe.Markup("<wbr>").join(markupsafe.escape(part) for part in re.split(r"(?<=[._-])", name))
