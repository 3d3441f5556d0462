"""What every page type is given: the Site model, the output folder, the URL registry, the table
rows a page reads, and `write`, which renders a template into a page (waiting, when the page holds
charts, until they are rendered). A page type (`PageType`) says which template it renders and, as
`Unit`s, what it writes and the key each is made from: a unit whose key is what it was made from
last time is not made again (incremental.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import chartfiles, charts, incremental, urls
from ..digests import package_digest
from ..load import records
from ..model import Site
from ..writes import write_if_changed
from .environment import environment


@dataclass(frozen=True)
class Unit:
    """Pages made together: `make` writes them. `key` sums up everything they are made from, or is
    None for pages made on every build (those that read most of the site)."""
    name: str
    key: str | None
    make: Callable[[], None]


@dataclass(frozen=True)
class PageType:
    name: str              # as ARCHITECTURE.md lists it
    template: str          # in scripts/aktivering/templates/ (or `template_dir`)
    units: Callable[[PageWriter], Iterable[Unit]]  # what it writes, each with its incremental key
    template_dir: Path | None = None  # only for a page type kept outside the package (a test's)


def static_page(name: str, page: str, template: str) -> PageType:
    """A page made from its template alone (and the site's version, the vocabularies: the shared
    key): Metode, Ordliste."""
    return PageType(name, template, lambda w: [Unit(f"page:{name}", w.shared_key, lambda: w.write(page, template))])


class PageWriter:
    def __init__(self, site: Site, out: Path, site_url: str, outputs: incremental.Outputs, shared_key: str,
                 page_types: Iterable[PageType] = ()):
        """outputs: the record of what earlier runs made; shared_key: the inputs every page shares."""
        self.site = site
        self.out = out
        self.site_url = site_url
        self.urls = urls.Urls(site_url)
        self.outputs = outputs
        self.shared_key = shared_key
        self.page_types = list(page_types)
        self.downloads: list = []  # what the Data page lists (opendata.Download), set by write_all
        self._positions: dict[tuple[str, str], tuple[pd.DataFrame, dict]] = {}  # table, column -> groups
        self._records: dict[str, tuple[pd.DataFrame, list[dict]]] = {}  # table -> its rows as dicts
        self._waiting: list[tuple[str, str]] = []
        charts.forget_pending()
        self._package_pages: dict[str, str] = {}
        self._package_keys: dict[str, str] = {}
        self.env = environment(tuple(dict.fromkeys(t.template_dir for t in self.page_types if t.template_dir)))
        self.written: list[str] = []
        self.changed: set[str] = set()  # the files whose bytes this run wrote (figurehtml.finish reads it)
        self.chart_files = chartfiles.ChartFiles(out, site_url, site.version)
        self.releases: list[dict] = []  # the data versions (set by the versions page type), for the feed
        self.remaking: list[str] = []  # downloads out of date, being made again by another process (deferred.py)

    def rows(self, table: str, column: str, value: str) -> pd.DataFrame:
        """The rows of a site-wide table where column == value, in order. The positions are grouped
        once per table and column: filtering the whole table for each page was most of a build."""
        frame = getattr(self.site, table)
        positions = self._grouped(table, column).get(value)
        return frame.iloc[positions] if positions is not None else frame.iloc[:0]

    def records(self, table: str, column: str, value: str) -> list[dict]:
        """`records(self.rows(table, column, value))`, from the whole table converted to dicts once
        (each page's slice made and converted again was pandas work per page). Shared: read only."""
        frame = getattr(self.site, table)
        if self._records.get(table, (None,))[0] is not frame:  # a table of the model replaced: again
            self._records[table] = (frame, records(frame))
        converted = self._records[table][1]
        return [converted[i] for i in self._grouped(table, column).get(value, ())]

    def _grouped(self, table: str, column: str) -> dict:
        frame = getattr(self.site, table)
        if self._positions.get((table, column), (None,))[0] is not frame:
            self._positions[table, column] = (frame, frame.groupby(column, sort=False).indices)
        return self._positions[table, column][1]

    def package_page(self, package_name: str) -> str:
        if not self._package_pages:
            names = dict(zip(self.site.kommuner["kommune_code"], self.site.kommuner["name"]))
            self._package_pages.update({p.name: urls.kommune_page(p.kommune_code, names.get(p.kommune_code))
                                        for p in self.site.packages})
        return self._package_pages[package_name]

    def package_key(self, package) -> str:
        """What a package's own pages and downloads are made from, besides the shared inputs."""
        if package.name not in self._package_keys:
            added = {d: self.site.added[d] for d in package.column("documents", "document_id")}
            self._package_keys[package.name] = incremental.key(
                self.shared_key, package.digest or package_digest(package.folder), self.site.updated[package.name],
                added)
        return self._package_keys[package.name]

    def render(self, page: str, template: str, **context) -> str:
        context.setdefault("updated", self.site.version)
        return self.env.get_template(template).render(page=page, site=self.site, site_url=self.site_url, **context)

    def write(self, page: str, template: str, **context) -> None:
        text = self.render(page, template, **context)
        if charts.PENDING.search(text):
            self._waiting.append((page, text))  # written by flush() when its charts are rendered
        else:
            self._save(page, text)
        self.written.append(page)

    def _save(self, page: str, text: str) -> None:
        if write_if_changed(self.out / page, text.encode("utf-8")):  # unchanged pages keep their mtime
            self.changed.add(page)

    def save(self, path: str, text: str) -> None:
        """Write a file of this unit that is not a rendered page (a figure page's part, its shell)."""
        self._save(path, text)
        self.written.append(path)

    def flush(self) -> None:
        """Write the pages that waited for charts rendering on other threads (and the charts' files)."""
        self.chart_files.flush()
        for page, text in self._waiting:
            self._save(page, charts.resolve(text))
        self._waiting.clear()

    def with_files(self, page: str, block, table: tuple):
        """The chart block with links to its files (chartfiles.py), which belong to the page's unit."""
        block.files, made = self.chart_files.add(page, block.id, block.title, block.source, block.citation,
                                                 self.urls.page(page, block.id), table, block.svg)
        self.written += made
        return block

    def _unit(self, unit: Unit) -> None:
        """unit.make() writes pages; skipped when its key is what they were made from last time."""
        if unit.key is None:
            unit.make()
            return

        def run():
            start = len(self.written)
            unit.make()
            pages = self.written[start:]
            del self.written[start:]
            return pages, None

        pages, _ = self.outputs.unit(unit.name, unit.key, run)
        self.written += pages

    def write_all(self, downloads: list) -> list[str]:
        """Every page of every page type, in the registry's order; the pages written."""
        self.downloads = downloads
        for page_type in self.page_types:
            for unit in page_type.units(self):
                self._unit(unit)
        self.flush()
        return self.written
