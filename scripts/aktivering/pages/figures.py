"""A page per figure (issue 15, item 5): `tal/<figure_id>/`, made per package (figurepages.py says
what a page holds), as finished HTML put into the one shell page MkDocs renders (figurehtml.py,
issue 17). Not in the navigation or the search index."""

from __future__ import annotations

from .. import figurehtml, figurepages, incremental
from .writer import PageType, PageWriter, Unit

TEMPLATE = figurepages.TEMPLATE


def units(w: PageWriter) -> list[Unit]:
    # One unit per package: its figures' pages change with the package, and with the figures of
    # other packages they are compared with (Comparables.summary). The Markdown form (the
    # benchmark's floor) is another output than the parts: its own key.
    comparables = figurepages.Comparables(w.site.figures)
    ids: dict[str, list[str]] = {}  # each package's figures (a table slice each was pandas work per package)
    for figure_id, package in zip(w.site.figures["figure_id"], w.site.figures["package"]):
        ids.setdefault(package, []).append(figure_id)
    made = [Unit(f"figures:{p.name}",
                 incremental.key(w.package_key(p), comparables.summary(ids.get(p.name, [])), figurehtml.MARKDOWN),
                 lambda name=p.name: figurepages.write_pages(w, name, comparables)) for p in w.site.packages]
    if not figurehtml.MARKDOWN:
        made.append(Unit("figures:shell", None, lambda: w.save(figurehtml.SHELL, figurehtml.SHELL_MARKDOWN)))
    return made


PAGE = PageType("figures", TEMPLATE, units)
