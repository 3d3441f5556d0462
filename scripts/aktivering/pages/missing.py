"""/mangler/ (issue 14): every letter the data answers or mentions but does not hold, with what
is known of it and how to add it."""

from __future__ import annotations

from .. import promises, urls
from .promises import every_package_key
from .writer import PageType, PageWriter, Unit

TEMPLATE = "mangler.md.j2"


def write(w: PageWriter) -> None:
    names = dict(zip(w.site.kommuner["kommune_code"], w.site.kommuner["name"]))
    missing = [{**e, "kommune_name": names.get(e["kommune_code"], "alle kommuner")}
               for e in promises.missing_letters(w.site)]
    w.write(urls.MISSING, TEMPLATE, missing=missing)


def units(w: PageWriter) -> list[Unit]:
    return [Unit("page:mangler", every_package_key(w), lambda: write(w))]


PAGE = PageType("missing", TEMPLATE, units)
