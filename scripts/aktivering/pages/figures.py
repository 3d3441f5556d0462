"""A page per figure (issue 15, item 5): `tal/<figure_id>/`, made per package (figurepages.py says
what a page holds). Not in the navigation or the search index."""

from __future__ import annotations

from .. import figurepages, incremental
from .writer import PageType, PageWriter, Unit

TEMPLATE = "tal.md.j2"


def units(w: PageWriter) -> list[Unit]:
    # One unit per package: its figures' pages change with the package, and with the figures of
    # other packages they are compared with (Comparables.summary).
    comparables = figurepages.Comparables(w.site.figures)
    return [Unit(f"figures:{p.name}",
                 incremental.key(w.package_key(p), comparables.summary(w.rows("figures", "package", p.name))),
                 lambda name=p.name: figurepages.write_pages(w, name, comparables)) for p in w.site.packages]


PAGE = PageType("figures", TEMPLATE, units)
