"""All 98 kommuner by region, those with data linked."""

from __future__ import annotations

from .. import urls
from .promises import every_package_key
from .writer import PageType, PageWriter, Unit

TEMPLATE = "kommuner.md.j2"


def write(w: PageWriter) -> None:
    regions = [(name, group) for name, group in w.site.kommuner.groupby("region_name", sort=True)]
    w.write(urls.KOMMUNER, TEMPLATE, regions=regions)


# Which kommuner have data: made again when a package (or what every page shares) changed.
PAGE = PageType("kommune_list", TEMPLATE, lambda w: [Unit("page:kommuner", every_package_key(w), lambda: write(w))])
