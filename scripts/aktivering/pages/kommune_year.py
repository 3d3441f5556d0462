"""A page per year of a package with many letters (issue 17): that year's breakdowns and every
figure of its letters, so that the kommune page stays small at ten times the letters."""

from __future__ import annotations

from .. import urls
from . import kommune as kommune_page
from .pieces import package_named
from .writer import PageType, PageWriter, Unit

TEMPLATE = "kommune_aar.md.j2"


def write(w: PageWriter, package_name: str) -> None:
    site = w.site
    figures, documents = (w.rows(t, "package", package_name) for t in ("figures", "documents"))
    code, name = package_named(site, package_name)
    year_of = kommune_page.letter_years(documents)
    for year in sorted(set(year_of.values())):
        page = urls.kommune_year_page(code, name, year)
        letters = documents[documents["document_id"].map(year_of) == year].sort_values(["date", "document_id"])
        rows = figures[figures["document_id"].map(year_of) == year]
        w.write(page, TEMPLATE, name=name, year=year, kommune_page=w.package_page(package_name),
                is_kommune=bool(code), documents=letters, figures=rows.sort_values(["document_id", "figure_id"]),
                breakdowns=kommune_page.breakdown_charts(w, page, rows), updated=site.updated.get(package_name, ""))


def units(w: PageWriter) -> list[Unit]:
    """One unit per package with more letters than its page shows, keyed like its page."""
    return [Unit(f"page:{p.name}:aar", w.package_key(p), lambda name=p.name: write(w, name))
            for p in w.site.packages if kommune_page.is_split(w.records("documents", "package", p.name))]


PAGE = PageType("kommune_year", TEMPLATE, units)
