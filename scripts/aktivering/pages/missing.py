"""/mangler/ (issue 14): every letter the data answers or mentions but does not hold, with what
is known of it and how to add it."""

from __future__ import annotations

from .. import promises, urls
from .promises import every_package_key
from .writer import PageType, PageWriter, Unit

TEMPLATE = "mangler.md.j2"
# A letter that more letters than this answer is listed with their dates in one line (issue 17: the
# Minister's letter answered by 50 letters a kommune made the page 1.1 MB at ten times the letters).
MOST_MENTIONS = 10


def write(w: PageWriter) -> None:
    names = dict(zip(w.site.kommuner["kommune_code"], w.site.kommuner["name"]))
    missing = [{**e, "kommune_name": names.get(e["kommune_code"], "alle kommuner")}
               for e in promises.missing_letters(w.site)]
    w.write(urls.MISSING, TEMPLATE, missing=missing, most_mentions=MOST_MENTIONS)


def units(w: PageWriter) -> list[Unit]:
    return [Unit("page:mangler", every_package_key(w), lambda: write(w))]


PAGE = PageType("missing", TEMPLATE, units)
