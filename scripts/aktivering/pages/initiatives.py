"""Every initiative of every kommune, by funding and by benefit, each counted once."""

from __future__ import annotations

from .. import incremental, urls
from ..digests import frame_digest
from ..load import records
from .pieces import by_identity
from .writer import PageType, PageWriter, Unit

TEMPLATE = "initiativer.md.j2"


def write(w: PageWriter) -> None:
    initiatives = by_identity(w.site.initiatives).sort_values(["kommune_name", "initiative_id"])
    by_funding = [(f["label"], f["definition"], initiatives[initiatives["funding"] == f["id"]])
                  for f in records(w.site.funding)]
    by_benefit = [(b["label"], initiatives[initiatives["benefit"] == b["id"]]) for b in records(w.site.benefits)]
    w.write(urls.INITIATIVES, TEMPLATE, by_funding=by_funding, by_benefit=by_benefit, initiatives=initiatives)


def units(w: PageWriter) -> list[Unit]:
    # Made again only when the initiatives table (or what every page shares) changed.
    return [Unit("page:initiativer", incremental.key(w.shared_key, frame_digest(w.site.initiatives)),
                 lambda: write(w))]


PAGE = PageType("initiatives", TEMPLATE, units)
