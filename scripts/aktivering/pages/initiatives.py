"""Initiativer: how many initiatives each kommune has named, by region, and by funding and by
benefit, each counted once; every initiative itself is on its package's page of initiatives
(pages/kommune_initiatives.py), so that this page grows with the kommuner, not with the letters."""

from __future__ import annotations

from .. import incremental, urls
from ..digests import frame_digest
from ..load import records
from .pieces import by_identity
from .writer import PageType, PageWriter, Unit

TEMPLATE = "initiativer.md.j2"


def write(w: PageWriter) -> None:
    site = w.site
    initiatives = by_identity(site.initiatives)
    counts = initiatives.groupby("package").size()
    regions = dict(zip(site.kommuner["kommune_code"], site.kommuner["region_name"]))
    names = dict(zip(site.kommuner["kommune_code"], site.kommuner["name"]))
    rows = []
    for package in site.packages:
        code = package.kommune_code
        name = names[code] if code else "Hele landet"
        rows.append({"region": regions[code] if code else "Hele landet", "name": name,
                     "page": urls.kommune_initiatives_page(code, name), "count": int(counts.get(package.name, 0)),
                     "letters": len(w.rows("documents", "package", package.name))})
    # The national package first, then the regions and their kommuner in alphabetical order.
    rows.sort(key=lambda r: (r["region"] != "Hele landet", r["region"], r["name"]))
    by_region: dict[str, list[dict]] = {}
    for row in rows:
        by_region.setdefault(row["region"], []).append(row)
    by_funding = [(f["label"], f["definition"], int((initiatives["funding"] == f["id"]).sum()))
                  for f in records(site.funding)]
    by_benefit = [(b["label"], int((initiatives["benefit"] == b["id"]).sum())) for b in records(site.benefits)]
    w.write(urls.INITIATIVES, TEMPLATE, by_region=list(by_region.items()), by_funding=by_funding,
            by_benefit=by_benefit, total=len(initiatives), senders=initiatives["kommune_name"].nunique())


def units(w: PageWriter) -> list[Unit]:
    # Made again only when the initiatives or the letters (or what every page shares) changed.
    return [Unit("page:initiativer", incremental.key(w.shared_key, frame_digest(w.site.initiatives),
                                                     frame_digest(w.site.documents[["package", "document_id"]])),
                 lambda: write(w))]


PAGE = PageType("initiatives", TEMPLATE, units)
