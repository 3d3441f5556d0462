"""A page per figure (issue 15, item 5): `tal/<figure_id>/`, made per package (figurepages.py says
what a page holds), as finished HTML put into the one shell page MkDocs renders (figurehtml.py,
issue 17). Not in the navigation or the search index."""

from __future__ import annotations

from .. import figurehtml, figurepages, incremental
from .writer import PageType, PageWriter, Unit

TEMPLATE = figurepages.TEMPLATE


def units(w: PageWriter) -> list[Unit]:
    # One unit per package: its figures' pages change with the package, and with the figures of
    # other packages they are compared with (Comparables.package_summary). The Markdown form (the
    # benchmark's floor) is another output than the parts: its own key.
    # Each package's share of the comparables is kept by the process while its key is unchanged
    # (figurepages.Comparables): a serve rebuild groups only the edited package's figures again.
    comparables = figurepages.Comparables(w.site.figures, {p.name: w.package_key(p) for p in w.site.packages})
    with_figures = set(w.site.figures["package"])
    made = [Unit(f"figures:{p.name}",
                 incremental.key(w.package_key(p), comparables.package_summary(p.name) if p.name in with_figures
                                 else [], figurehtml.MARKDOWN),
                 lambda name=p.name: figurepages.write_pages(w, name, comparables)) for p in w.site.packages]
    if not figurehtml.MARKDOWN:
        made.append(Unit("figures:shell", None, lambda: w.save(figurehtml.SHELL, figurehtml.SHELL_MARKDOWN)))
    return made


PAGE = PageType("figures", TEMPLATE, units)
