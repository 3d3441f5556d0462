"""Every address the site has, in one place (like datasette's `Urls`): the page types and where
their pages live,
where each download lives, the anchors other pages and feeds link to, and how a path becomes a
relative link or an absolute URL. Pages, downloads, the workbook, the database, the feed, the
catalogue and the templates ask here; nothing else spells `downloads/…`, `kommuner/…` or `.md`.

Page paths are the Markdown files the generator writes (relative to its output folder, which is
MkDocs' docs folder); MkDocs publishes `x/y.md` at the directory URL `x/y/`. Download paths are
files relative to the site root and published as they are.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from .slugs import slug

# --- pages ----------------------------------------------------------------------------------

# The page types, in the order their pages are written: each is the module
# scripts/aktivering/pages/<name>.py (see ARCHITECTURE.md, "Add a page type"). The Data page comes
# first: it lists the downloads.
PAGE_TYPES = ("data", "kommune", "letter", "comparison", "initiatives", "front", "kommune_list", "letter_list",
              "method", "glossary", "promises", "missing", "versions", "figures", "kommune_initiatives",
              "kommune_year", "letter_month")

FRONT = "index.md"
KOMMUNER = "kommuner/index.md"
LETTERS = "breve/index.md"
COMPARISON = "sammenligning.md"
INITIATIVES = "initiativer.md"
DATA = "data.md"
METHOD = "metode.md"
GLOSSARY = "ordliste.md"
NATIONAL = "national.md"  # the national package's page (no kommune code)
CONTRIBUTE = "bidrag.md"  # hand-written, in docs/


def with_repository_url(markdown: str, repository_url: object) -> str:
    """A hand-written page with `{repository_url}` (the Bidrag page) filled in with the repository's
    address from mkdocs.yml: the hook does it on every build, the benchmark's floor on its copy."""
    return markdown.replace("{repository_url}", str(repository_url or "").rstrip("/"))
PROMISES = "loefter/index.md"  # every commitment by due date (issue 14)
PROMISES_BY_KOMMUNE = "loefter/kommuner.md"
MISSING = "mangler.md"  # the letters the data mentions but does not hold


CHANGES = "aendringer.md"  # every data version: what changed, and its packages to fetch again (issue 15)
VERSIONS_FOLDER = "downloads/versioner"


def version_zip(version: str, package: str) -> str:
    """A package as it was in one data version, fetched again byte for byte."""
    return f"{VERSIONS_FOLDER}/{version}/{package}.zip"


def version_list(version: str) -> str:
    """The list of every package of one data version (its own version, address, bytes, SHA-256)."""
    return f"{VERSIONS_FOLDER}/{version}/pakker.csv"


def version_anchor(version: str) -> str:
    return f"version-{version}"


FIGURES_FOLDER = "tal"  # a page per figure (issue 15)
CHARTS_FOLDER = "diagrammer"  # each chart's files: not under downloads/, which the catalogue lists as datasets


def figure_page(figure_id: str) -> str:
    """One figure's page ('tal/217-f001.md', URL tal/217-f001/)."""
    return f"{FIGURES_FOLDER}/{figure_id}.md"


# The one figure page MkDocs renders (issue 17, figurehtml.py): at the figure pages' depth, not in
# the nav, the search index or the sitemap, and removed from the site after the build.
FIGURE_SHELL = f"{FIGURES_FOLDER}/_side.md"


def chart_files_stem(chart_id: str) -> str:
    """Where a chart's numbers (.csv) and picture (.svg, .png) live, by the chart's id (already a
    safe path segment), without the suffix."""
    return f"{CHARTS_FOLDER}/{chart_id}"


def promises_status_page(status: str) -> str:
    """The commitments with one status ('loefter/status/opfyldt.md'): a filter without JavaScript."""
    return f"loefter/status/{status}.md"


def kommune_page(code: str | None, name: str | None) -> str:
    """A package's page: the kommune's by its name ('kommuner/helsingoer.md'), or the national one."""
    return f"kommuner/{slug(name)}.md" if code else NATIONAL


def letter_page(document_id: str) -> str:
    return f"breve/{document_id}.md"


# Pages that stay small at ten times the letters (issue 17): the initiatives one page per package,
# a kommune page with many letters by year, the list of letters by month when it is long.
def kommune_initiatives_page(code: str | None, name: str | None) -> str:
    """A package's initiatives ('initiativer/helsingoer.md'; the national package's 'initiativer/hele-landet.md')."""
    return f"initiativer/{slug(name) if code else 'hele-landet'}.md"


def kommune_year_page(code: str | None, name: str | None, year: str) -> str:
    """The figures and breakdowns of a package's letters of one year ('kommuner/helsingoer/2018.md'),
    for a package with more letters than its page shows (pages/kommune_year.py)."""
    return f"{kommune_page(code, name).removesuffix('.md')}/{year}.md"


def letter_month_page(month: str) -> str:
    """The letters of one month ('breve/2018-03.md'), when the list of letters is too long for one page."""
    return f"breve/{month}.md"


# --- downloads ------------------------------------------------------------------------------

DOWNLOADS = "downloads"
COMBINED = f"{DOWNLOADS}/alle"
COMBINED_WORKBOOK = f"{COMBINED}/alle-kommuner.xlsx"
COMBINED_CITATION = f"{COMBINED}/aktivering"  # + .bib / .ris
DATABASE_NAME = "aktivering"
CATALOGUE = "catalog.ttl"
FEED = "feed.xml"
CITATION = "CITATION.cff"


def package_folder(name: str) -> str:
    """Where a package's files are published one by one (its CSVs and datapackage.json)."""
    return f"{DOWNLOADS}/{name}"


def package_file(name: str, filename: str) -> str:
    return f"{package_folder(name)}/{filename}"


def package_zip(name: str) -> str:
    """The package as one zip, itself a Frictionless package (downloads.py)."""
    return f"{DOWNLOADS}/{name}.zip"


def package_workbook(name: str) -> str:
    """The package's workbook (workbook.py)."""
    return f"{DOWNLOADS}/{name}.xlsx"


def package_citation(name: str) -> str:
    """The stem of a package's citation files (+ .bib / .ris)."""
    return f"{DOWNLOADS}/{name}"


def combined_file(filename: str) -> str:
    """A file of everything: every package's rows, each once (opendata.write_combined)."""
    return f"{COMBINED}/{filename}"


def database(suffix: str) -> str:
    """downloads/alle/aktivering.db, and its Datasette metadata (suffix '.metadata.json')."""
    return combined_file(f"{DATABASE_NAME}{suffix}")


def is_package_download(path: str, name: str) -> bool:
    """Whether a download path is one of this package's files (its folder, zip, workbook, citations)."""
    return path.startswith(package_folder(name))


def is_combined_download(path: str) -> bool:
    """Whether a download path is one of the files of everything."""
    return path.startswith(COMBINED + "/")


# --- anchors --------------------------------------------------------------------------------

MAP = "kort"
MAP_FIGURE = "kort-figur"  # the front page's map with its legend, source and files


def series_chart(figure_id: str) -> str:
    """A kommune page's chart of one series, by its first figure."""
    return f"diagram-{figure_id}"


def breakdown_chart(total_id: str, when: str = "") -> str:
    """A breakdown of a total; `when` names parts dated otherwise than the total."""
    return f"fordeling-{total_id}" + (f"-{slug(when)}" if when else "")


def timeline_chart(kommune_name: str) -> str:
    """A kommune page's timeline of its initiatives."""
    return f"tidslinje-{slug(kommune_name)}"


def comparison_chart(measure: str, benefit: str, base: str, counted_by: str) -> str:
    """One comparable group's chart on Sammenligning (compare.KEY)."""
    return f"sammenlign-{measure}-{slug(benefit)}-{base}-{counted_by}"


def updated_anchor(date: str) -> str:
    """A package's data change in the feed (its entry id is the page with this anchor)."""
    return f"opdateret-{date}"


def dataset_anchor(key: str) -> str:
    """A dataset in the catalogue and the schema.org markup ('alle' or a package's name)."""
    return f"dataset-{key}"


# --- links ----------------------------------------------------------------------------------

def _directory(page: str) -> str:
    """The folder MkDocs publishes a page at, relative to the site root ('' is the root)."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index").rstrip("/")
    return stem


def relpath(path: str, start: str) -> str:
    """posixpath.relpath for two paths relative to the site root ('' is the root). Both are made
    absolute against '/', never against os.getcwd() (which took 30 s of a build on one file system)."""
    return posixpath.relpath("/" + path, "/" + start)


# Bounded (issue 17): a figure page links every comparable figure of its sender, so at 10x the
# pairs grow with the square of a kommune's figures (6 million kept, 540 MB); most repeats are
# near each other (the same page's links), which a bounded cache keeps.
@lru_cache(maxsize=1 << 16)
def url(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative URL from one generated .md page to another, as MkDocs writes directory URLs."""
    relative = relpath(_directory(to_page), _directory(from_page))
    relative = "" if relative == "." else relative + "/"
    return (relative or "./") + (f"#{anchor}" if anchor else "")


def asset_url(from_page: str, path: str) -> str:
    """Relative URL from a page to a file (a download) relative to the site root."""
    stem = from_page.removesuffix(".md")
    here = "" if stem == "index" else stem.removesuffix("/index")
    return relpath(path, here)


class Urls:
    """Absolute addresses under one site URL, for feeds, catalogues, citations and schema.org."""

    def __init__(self, site_url: str):
        self.site_url = site_url
        self.base = site_url.rstrip("/") + "/"

    def page(self, page: str, anchor: str = "") -> str:
        return self.base + url(FRONT, page).removeprefix("./") + (f"#{anchor}" if anchor else "")

    def file(self, path: str) -> str:
        return self.base + path

    def anchor(self, anchor: str) -> str:
        """An anchor on the site's root, naming a thing rather than a page ('#dataset-alle')."""
        return f"{self.base}#{anchor}"


def page_url(site_url: str, page: str) -> str:
    """Absolute URL of a generated page."""
    return Urls(site_url).page(page)
