"""All 98 kommuner by region, those with data linked."""

from __future__ import annotations

from .. import urls
from .writer import PageType, PageWriter, Unit

TEMPLATE = "kommuner.md.j2"


def write(w: PageWriter) -> None:
    regions = [(name, group) for name, group in w.site.kommuner.groupby("region_name", sort=True)]
    w.write(urls.KOMMUNER, TEMPLATE, regions=regions)


PAGE = PageType("kommune_list", TEMPLATE, lambda w: [Unit("page:kommuner", None, lambda: write(w))])
