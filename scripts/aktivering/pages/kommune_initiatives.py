"""A page per package of its initiatives (issue 17), by funding, each counted once with every
letter that mentions it: the initiatives page lists the kommuner, and grows with them, not with
the letters. A package with many letters has its initiatives' timeline here, not on its page."""

from __future__ import annotations

from .. import urls
from ..load import records
from . import kommune as kommune_page
from .pieces import by_identity, package_named
from .writer import PageType, PageWriter, Unit

TEMPLATE = "initiativer_kommune.md.j2"


def write(w: PageWriter, package_name: str) -> None:
    site = w.site
    initiatives, documents = (w.rows(t, "package", package_name) for t in ("initiatives", "documents"))
    code, name = package_named(site, package_name)
    page = urls.kommune_initiatives_page(code, name)
    counted = by_identity(initiatives).sort_values("initiative_id")
    by_funding = [(f["label"], f["definition"], counted[counted["funding"] == f["id"]]) for f in records(site.funding)]
    timeline = kommune_page.timeline(w, page, counted) if kommune_page.is_split(documents) and len(counted) else None
    w.write(page, TEMPLATE, name=name, is_kommune=bool(code), kommune_page=w.package_page(package_name),
            initiatives=counted, by_funding=by_funding, timeline=timeline, letters=len(documents),
            updated=site.updated.get(package_name, ""))


def units(w: PageWriter) -> list[Unit]:
    """One unit per package, keyed like its page."""
    return [Unit(f"page:{p.name}:initiativer", w.package_key(p), lambda name=p.name: write(w, name))
            for p in w.site.packages]


PAGE = PageType("kommune_initiatives", TEMPLATE, units)
