"""Every plain table of a page, wrapped in the HTML as Material's script would wrap it after load.

Material's script takes each `table:not([class])` of the content out of the page and puts it back
inside `<div class="md-typeset__scrollwrap"><div class="md-typeset__table">`. Done after the page
has loaded, that styles and lays out every cell of the table a second time, on Lighthouse's slowed
phone part of the blocking time (issue 13). The hook gives every page's converted HTML the wrapper
here, with class "tabel" on the table (so that the script leaves it alone; extra.css gives
`table.tabel` Material's look for a plain table): the templates' tables and any Markdown table
alike. The figure pages are finished HTML that does not pass through the hook: figurepages.py gives
their content the same step (test_figurehtml holds it byte-identical to the hook's on tal.md.j2).
"""

from __future__ import annotations

import re

OPEN = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
CLOSE = "</div></div>"
CLASS = "tabel"

# A table's start or end tag. In HTML from Markdown or an autoescaping template a literal "<table"
# is a tag: text and attribute values carry "<" and ">" escaped.
_TAG = re.compile(r"<(/?)table(?=[\s/>])([^>]*)>", re.IGNORECASE)
_HAS_CLASS = re.compile(r"(?:^|\s)class\s*=", re.IGNORECASE)


def wrap(html: str) -> str:
    """`html` with every table that has no class attribute wrapped, and given class "tabel"; tables
    with a class (and their contents, nested tables too) as they were."""
    if _TAG.search(html) is None:
        return html
    out: list[str] = []
    wrapped: list[bool] = []  # for each open table, whether its end closes a wrapper
    last = 0
    for tag in _TAG.finditer(html):
        out.append(html[last:tag.start()])
        last = tag.end()
        closing, attributes = tag.group(1), tag.group(2)
        if closing:
            out.append(tag.group(0))
            if wrapped and wrapped.pop():
                out.append(CLOSE)
        elif _HAS_CLASS.search(attributes):
            wrapped.append(False)
            out.append(tag.group(0))
        else:
            wrapped.append(True)
            out.append(f'{OPEN}<table class="{CLASS}"{attributes}>')
    out.append(html[last:])
    return "".join(out)
