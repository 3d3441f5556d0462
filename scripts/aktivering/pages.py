"""Write the generated Markdown pages (and their charts) from the Site model.

Pages come from Jinja2 templates in templates/ with autoescaping on: contributor text is
escaped there, in one place, and reaches the Markdown only inside HTML blocks, where Markdown
and MkDocs do not touch it. Links between generated pages are computed here for directory URLs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import jinja2
import pandas as pd

from . import chartfiles, charts, compare, escape, figurepages, fmt, incremental, opendata, periods
from .cache import TemplateCache
from .letters import transcript_html
from .load import records
from .model import Site, kommune_page
from .paths import REFERENCE
from .scaffold import slug
from .validate import package_digest

TEMPLATES = Path(__file__).parent / "templates"


@cache
def url(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative URL from one generated .md page to another, as MkDocs writes directory URLs."""

    def directory(page: str) -> str:
        stem = page.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index").rstrip("/")
        return stem

    here, there = directory(from_page), directory(to_page)
    relative = _relpath(there, here)
    relative = "" if relative == "." else relative + "/"
    return (relative or "./") + (f"#{anchor}" if anchor else "")


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for two paths relative to the site root ('' is the root). The standard
    one makes both absolute with os.getcwd(), which took 30 s of a build on this file system."""
    to, base = [p for p in path.split("/") if p], [p for p in start.split("/") if p]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def page_url(site_url: str, page: str) -> str:
    """Absolute URL of a generated page, for feeds, catalogues and citations."""
    return site_url.rstrip("/") + "/" + url("index.md", page).removeprefix("./")


def asset_url(from_page: str, path: str) -> str:
    stem = from_page.removesuffix(".md")
    here = "" if stem == "index" else stem.removesuffix("/index")
    return _relpath(path, here)


@dataclass
class Cell:
    text: str
    href: str = ""


@dataclass
class ChartBlock:
    id: str
    title: str
    description: str
    svg: str
    source: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    caveat: str = ""
    citation: str = ""
    figure_ids: list[str] = field(default_factory=list)  # what the chart is drawn from (data-figures)
    total_id: str = ""  # a breakdown's declared total (data-total)
    files: list[chartfiles.Link] = field(default_factory=list)  # its SVG, PNG and CSV (chartfiles.py)


class PageWriter:
    def __init__(self, site: Site, out: Path, site_url: str, outputs: incremental.Outputs, shared_key: str):
        """outputs: the record of what earlier runs made; shared_key: the inputs every page shares."""
        self.site = site
        self.out = out
        self.site_url = site_url
        self.outputs = outputs
        self.shared_key = shared_key
        self._positions: dict[tuple[str, str], dict] = {}
        self._waiting: list[tuple[str, str]] = []
        charts.forget_pending()
        self._package_pages: dict[str, str] = {}
        self._package_keys: dict[str, str] = {}
        self.env = _environment()
        self.written: list[str] = []
        self.chart_files = chartfiles.ChartFiles(out, site_url, site.version)

    # --- helpers ----------------------------------------------------------------------------

    def rows(self, table: str, column: str, value: str) -> pd.DataFrame:
        """The rows of a site-wide table where column == value, in order. The positions are grouped
        once per table and column: filtering the whole table for each page was most of a build."""
        frame = getattr(self.site, table)
        if (table, column) not in self._positions:
            self._positions[table, column] = frame.groupby(column, sort=False).indices
        positions = self._positions[table, column].get(value)
        return frame.iloc[positions] if positions is not None else frame.iloc[:0]

    def package_page(self, package_name: str) -> str:
        if not self._package_pages:
            names = dict(zip(self.site.kommuner["kommune_code"], self.site.kommuner["name"]))
            self._package_pages.update({p.name: kommune_page(p.kommune_code, names.get(p.kommune_code))
                                        for p in self.site.packages})
        return self._package_pages[package_name]

    def write(self, page: str, template: str, **context) -> None:
        context.setdefault("updated", self.site.version)
        text = self.env.get_template(template).render(page=page, site=self.site, site_url=self.site_url,
                                                      **context)
        if charts.PENDING.search(text):
            self._waiting.append((page, text))  # written by flush() when its charts are rendered
        else:
            self._save(page, text)
        self.written.append(page)

    def _save(self, page: str, text: str) -> None:
        opendata._write(self.out / page, text.encode("utf-8"))  # unchanged pages keep their mtime

    def flush(self) -> None:
        """Write the pages that waited for charts rendering on other threads."""
        self.chart_files.flush()
        for page, text in self._waiting:
            self._save(page, charts.resolve(text))
        self._waiting.clear()

    def source_line(self, rows: pd.DataFrame) -> str:
        documents = ", ".join(dict.fromkeys(rows["document_label"]))
        who = ", ".join(dict.fromkeys(rows["counted_by_label"]))
        kommuner = ", ".join(dict.fromkeys(rows["sender_name"]))
        return f"Kilde: {kommuner}, {documents.lower()}. Opgjort af: {who}."

    def chart(self, page: str, chart_id: str, title: str, rows: pd.DataFrame, label_column: str,
              x_title: str, caveat: str = "") -> ChartBlock:
        # Only the columns a chart shows: converting whole rows of the wide site tables was slow.
        shown = records(rows[[label_column, "benefit_label", "value_da", "period_da", "forecast", "document_page",
                              "figure_id", "derived"]] if "derived" in rows else
                        rows[[label_column, "benefit_label", "value_da", "period_da", "forecast", "document_page",
                              "figure_id"]].assign(derived=""))
        frame = pd.DataFrame({
            "row": rows[label_column],
            "number": rows["number"],
            "text": [_bar_text(r) for r in shown],
            "benefit_label": rows["benefit_label"],
            "derived": [r["derived"] for r in shown],
        })
        by_benefit = frame.groupby("row")["benefit_label"].nunique().max() > 1
        builder = charts.grouped_bar_chart if by_benefit else charts.bar_chart
        description = "; ".join(f"{r[label_column]}, {r['benefit_label'].lower()}: {r['value_da']}"
                                + (" (forventet)" if r["forecast"] == "true" else "")
                                for r in shown)
        svg = charts.render(builder, frame, x_title=x_title, chart_id=chart_id, title=title, description=description)
        table = [[Cell(r[label_column]), Cell(r["benefit_label"]), Cell(r["value_da"], "" if r["derived"] else url(
                  page, figurepages.page_for(r["figure_id"]))), Cell(r["period_da"]),
                  Cell(r["derived"]) if r["derived"] else
                  Cell("Se citatet", url(page, r["document_page"], r["figure_id"]))] for r in shown]
        return self.with_files(page, ChartBlock(
            chart_id, title, description, svg, self.source_line(rows), ["", "Ydelse", "Værdi", "Opgjort pr.", "Kilde"],
            table, caveat, self.chart_citation(page, title, chart_id),
            [i for i, d in zip(rows["figure_id"], rows.get("derived", [""] * len(rows))) if not d]),
            chartfiles.bar_table(rows, label_column, self.site_url))

    def with_files(self, page: str, block: ChartBlock, table: tuple) -> ChartBlock:
        """The block with links to its files (chartfiles.py), which belong to the page's unit."""
        block.files, made = self.chart_files.add(page, block.id, block.title, block.source, block.citation,
                                                 page_url(self.site_url, page) + f"#{block.id}", table, block.svg)
        self.written += made
        return block

    def chart_citation(self, page: str, title: str, chart_id: str) -> str:
        return opendata.citation(self.site_url, title, self.site.version,
                                 page_url(self.site_url, page) + f"#{chart_id}")["short"]

    # --- kommune pages ----------------------------------------------------------------------

    def kommune_charts(self, page: str, figures: pd.DataFrame) -> tuple[list[dict], list[ChartBlock]]:
        """Totals by series (compare.KEY): a chart for a series with two or more dates, and for a
        series that stands alone the reason it is not drawn with the others."""
        measures = self.site.measures.set_index("measure")
        headline = []
        order = {m: i for i, m in enumerate(self.site.measures["measure"])}
        all_series = sorted(compare.series(figures), key=lambda s: (order[s[0][0]], s[1]["period_end"].iloc[0]))
        for (measure, *_), rows in all_series:
            first = records(rows)[0]
            others = [records(r)[-1] for (m, *_), r in all_series if m == measure and r is not rows]
            entry = {"measure": measures.loc[measure, "label"], "series": compare.describe(first),
                     "reason": compare.reason(first, others), "change": compare.change_line(rows), "chart": None,
                     "rows": rows}
            if len(rows) >= 2:
                title = f"{measures.loc[measure, 'label']} – {compare.describe(first)}"
                rows = rows.assign(row_label=[_period_label(r) for r in records(rows[["period_da", "forecast"]])])
                entry["chart"] = self.chart(page, f"diagram-{first['figure_id']}", title, rows, "row_label",
                                            measures.loc[measure, "unit"].capitalize())
            headline.append(entry)
        breakdowns = []
        by_id = figures.set_index("figure_id")
        parts = figures[figures["part_of"] != ""]
        for total_id, rows in parts.groupby("part_of", sort=False):
            if total_id not in by_id.index:
                continue
            total = by_id.loc[total_id]
            # Parts of other dates, or forecasts, are never one breakdown with the counted parts.
            for (_period, forecast), group in rows.groupby(["reference_period", "forecast"], sort=False):
                group = group.assign(row_label=[c or m for c, m in zip(group["category"], group["measure_label"])])
                remainder = _remainder(total, group) if forecast != "true" else None
                if remainder is not None:
                    group = pd.concat([group.assign(derived=""), remainder], ignore_index=True)
                if len(group) < 2:
                    continue
                label = total["category"] or total["measure_label"]
                when = group.iloc[0]["period_da"] + (" (forventet)" if forecast == "true" else "")
                title = (f"Fordeling af {total['value_da']} ({label.lower()}, {total['benefit_label'].lower()}, "
                         f"{total['period_da']})" + (f" – opgjort {when}" if when != total["period_da"] else ""))
                chart_id = f"fordeling-{total_id}" + ("" if when == total["period_da"] else f"-{slug(when)}")
                block = self.chart(page, chart_id, title, group, "row_label", total["unit"].capitalize())
                block.total_id = total_id
                if remainder is not None:
                    block.caveat = ("«Ikke fordelt i brevet» er udregnet her: "
                                    f"{total['value_da']} minus de dele, brevet nævner. Tallet står ikke i brevet.")
                breakdowns.append(block)
        loose = figures[(figures["part_of"] == "") & (figures["measure_kind"] == "breakdown")
                        & (figures["category"] != "")]
        for _key, rows in loose.groupby(
                ["measure", "benefit", "base", "reference_period", "forecast", "document_id"], sort=False):
            if len(rows) < 2:
                continue
            first = rows.iloc[0]
            title = f"{first['measure_label']} ({first['benefit_label'].lower()}, {first['period_da']})"
            block = self.chart(page, f"fordeling-{first['figure_id']}", title, rows, "category",
                               first["unit"].capitalize())
            block.caveat = "Brevet giver ingen total for fordelingen."
            breakdowns.append(block)
        return headline, breakdowns

    def timeline(self, page: str, initiatives: pd.DataFrame) -> ChartBlock | None:
        """Every dated initiative, its period as the letter writes it: a start or end window drawn
        light, an initiative running at the letter's date with no end given drawn up to that date,
        a single date as a point."""
        dated = initiatives[(initiatives["start"] != "") | (initiatives["end"] != "")]
        if dated.empty:
            return None
        letter_dates = dict(zip(self.site.documents["document_id"], self.site.documents["date"]))
        marks = []
        for r in records(dated[["name", "start", "end", "status", "document_id", "period_text"]]):
            marks += timeline_marks(_short(r["name"]), r["start"], r["end"], r["status"],
                                    letter_dates[r["document_id"]], r["period_text"])
        frame = pd.DataFrame(marks, columns=["row", "layer", "segment", "start", "end", "text"])
        chart_id = f"tidslinje-{slug(initiatives['kommune_name'].iloc[0])}"
        title = "Initiativernes forløb"
        description = "; ".join(f"{n}: {t}" for n, t in zip(dated["name"], dated["period_text"]))
        rows = [[Cell(n), Cell(t), Cell("Se citatet", url(page, p, i))] for n, t, p, i in
                zip(dated["name"], dated["period_text"], dated["document_page"], dated["initiative_id"])]
        return self.with_files(page, ChartBlock(
            chart_id, title, description,
            charts.render(charts.timeline_chart, frame, chart_id=chart_id, title=title, description=description),
            self.source_line(dated.assign(counted_by_label="kommunen")), ["Initiativ", "Periode", "Kilde"], rows,
            citation=self.chart_citation(page, title, chart_id)), chartfiles.timeline_table(dated, self.site_url))

    def kommune_page(self, package_name: str) -> None:
        figures, documents, initiatives = (self.rows(t, "package", package_name) for t in
                                           ("figures", "documents", "initiatives"))
        page = self.package_page(package_name)
        package = next(p for p in self.site.packages if p.name == package_name)
        code = package.kommune_code
        kommune = self.site.kommune(code) if code else None
        headline, breakdowns = self.kommune_charts(page, figures)
        groups: dict[str, list[dict]] = {}
        for entry in headline:  # key figures by measure, each series in date order
            groups.setdefault(entry["measure"], []).append(entry)
        key = list(groups.items())
        updated = self.site.updated.get(package_name, "")
        absolute = page_url(self.site_url, page)
        title = package.descriptor.get("title", package_name)
        self.write(page, "kommune.md.j2", kommune=kommune, code=code, package_name=package_name,
                   citation=opendata.citation(self.site_url, title, updated, absolute),
                   jsonld=opendata.dataset_jsonld(package, self.site_url, absolute, updated,
                                                  kommune["name"] if kommune is not None else None),
                   name=kommune["name"] if kommune is not None else "Hele landet",
                   figures=figures.sort_values(["document_id", "figure_id"]), documents=documents,
                   initiatives=_by_identity(initiatives), key=key, headline=[h for h in headline if h["chart"]],
                   breakdowns=breakdowns, timeline=self.timeline(page, _by_identity(initiatives)), updated=updated)

    # --- letters --------------------------------------------------------------------------------

    def letter_page(self, document: dict) -> None:
        page = document["page"]
        package = next(p for p in self.site.packages if p.name == document["package"])
        text = package.transcripts[document["document_id"]]
        figures, initiatives = (self.rows(t, "document_id", document["document_id"])
                                for t in ("figures", "initiatives"))
        quotes = list(zip(figures["figure_id"], figures["quote"]))
        quotes += list(zip(initiatives["initiative_id"], initiatives["quote"]))
        replies = self.rows("documents", "in_reply_to_document_id", document["document_id"])
        self.write(page, "letter.md.j2", document=document, body=transcript_html(text, quotes),
                   figures=figures, initiatives=initiatives, replies=replies,
                   updated=self.site.updated.get(document["package"], ""))

    # --- site-wide pages ------------------------------------------------------------------------

    def comparison_page(self) -> None:
        page = "sammenligning.md"
        sections = []
        figures = self.site.figures[(self.site.figures["category"] == "")
                                    & (self.site.figures["measure_kind"] == "headline")]
        for measure in records(self.site.measures):
            rows = figures[figures["measure"] == measure["measure"]]
            if rows.empty:
                continue
            groups = []
            # Each group's latest count per kommune: what a group that stands apart is not compared with.
            latest_of = {key: records(g.sort_values("period_end").groupby("package").tail(1))
                         for key, g in rows.groupby(compare.KEY, sort=False)}
            for (_measure, benefit, base, counted_by), group in rows.groupby(compare.KEY, sort=False):
                group = group.sort_values(["kommune_name", "period_end"])
                chart = None
                # One bar per kommune (its latest count, dated on the bar): the chart stays readable
                # and bounded at 98 bars.
                latest = (group[group["forecast"] != "true"].sort_values("period_end")
                          .groupby("package").tail(1).sort_values("kommune_name"))
                if latest["package"].nunique() >= 2 and "national" not in set(latest["package"]):
                    latest = latest.assign(row_label=[f"{k}, {p}" for k, p in
                                                      zip(latest["kommune_name"], latest["period_da"])])
                    chart = self.chart(page, f"sammenlign-{measure['measure']}-{slug(benefit)}-{base}-{counted_by}",
                                       f"{measure['label']}: {compare.describe(records(group)[0])} – "
                                       "seneste opgørelse pr. kommune",
                                       latest, "row_label", measure["unit"].capitalize(), measure["caveat"])
                # The page stays bounded as letters accumulate: with a chart, its table holds the latest
                # count per kommune; every count over time is on the kommune pages and in the downloads.
                first = records(group)[0]
                groups.append({"benefit": self.site.label("benefits", benefit),
                               "counted_by": self.site.label("counted_by", counted_by),
                               "base": self.site.label("bases", base), "series": compare.describe(first),
                               "reason": compare.reason(
                                   first, [o for key, latest_rows in latest_of.items()
                                           if key != (_measure, benefit, base, counted_by) for o in latest_rows],
                                   name=lambda o: f"{o['kommune_name']}: {o['value_da']}"),
                               "rows": latest if chart else group, "counted": len(group), "chart": chart})
            sections.append({"measure": measure, "groups": groups})
        self.write(page, "sammenligning.md.j2", sections=sections)

    def initiatives_page(self) -> None:
        initiatives = _by_identity(self.site.initiatives).sort_values(["kommune_name", "initiative_id"])
        by_funding = [(f["label"], f["definition"], initiatives[initiatives["funding"] == f["id"]])
                      for f in records(self.site.funding)]
        by_benefit = [(b["label"], initiatives[initiatives["benefit"] == b["id"]])
                      for b in records(self.site.benefits)]
        self.write("initiativer.md", "initiativer.md.j2", by_funding=by_funding, by_benefit=by_benefit,
                   initiatives=initiatives)

    def index_pages(self) -> None:
        national = self.site.figures[self.site.figures["package"] == "national"]
        shares = self.site.figures[(self.site.figures["measure"] == "uden_indsats_andel")
                                   & (self.site.figures["category"] == "")]
        # The latest share per kommune within each comparable series: shares of different groups or
        # sources are separate tables, never one column to read down.
        newest = shares.sort_values(["period_end", "figure_id"]).groupby("package").tail(1)  # each kommune's latest
        latest = [(compare.describe(records(rows)[0]), rows.sort_values("kommune_name"))
                  for _key, rows in compare.series(newest)]
        with_data = self.site.kommuner[self.site.kommuner["has_data"]]
        geojson = json.loads((REFERENCE / "kommuner.geojson").read_text(encoding="utf-8"))
        has = dict(zip(self.site.kommuner["kommune_code"], self.site.kommuner["has_data"]))
        description = (f"Danmarkskort med de 98 kommuner. {len(with_data)} kommuner har data: "
                       + ", ".join(with_data["name"]) + ". De øvrige er grå.")
        map_svg = charts.render(charts.map_chart, geojson, has, chart_id="kort", title="Kommuner med data",
                                description=description)
        additions = sorted(((self.site.updated.get(p.name, ""), p, self.package_page(p.name))
                            for p in self.site.packages), key=lambda item: (item[0], item[1].name), reverse=True)
        map_block = self.with_files("index.md", ChartBlock(
            "kort-figur", "Kommuner med data", description, map_svg,
            "Kilde: DAGI, Klimadatastyrelsen (CC BY 4.0), forenklet.", [],
            citation=self.chart_citation("index.md", "Kommuner med data", "kort-figur")),
            chartfiles.map_table(self.site.kommuner, self.site_url))
        self.write("index.md", "index.md.j2", national=national, latest=latest, with_data=with_data,
                   map_svg=map_svg, map_description=description, additions=additions, map_files=map_block.files,
                   map_citation=map_block.citation)
        regions = [(name, group) for name, group in self.site.kommuner.groupby("region_name", sort=True)]
        self.write("kommuner/index.md", "kommuner.md.j2", regions=regions)
        self.write("breve/index.md", "breve.md.j2",
                   documents=self.site.documents.sort_values(["date", "document_id"], ascending=False))
        self.write("metode.md", "metode.md.j2")
        self.write("ordliste.md", "ordliste.md.j2")

    def data_page(self, downloads: list[opendata.Download]) -> None:
        per_package = []
        for package in self.site.packages:
            files = [d for d in downloads if d.path.startswith(f"downloads/{package.name}")]
            per_package.append((package, self.package_page(package.name), files))
        combined = [d for d in downloads if d.path.startswith("downloads/alle/")]
        counts = {name: sum(len(getattr(p, name)) for p in self.site.packages)
                  for name in ("documents", "figures", "initiatives")}
        self.write("data.md", "data.md.j2", per_package=per_package, combined=combined, counts=counts,
                   citation=opendata.citation(self.site_url, "Alle kommuner", self.site.version,
                                              page_url(self.site_url, "data.md")),
                   jsonld=opendata.combined_jsonld(self.site.packages, self.site_url,
                                                   page_url(self.site_url, "data.md"), self.site.version))

    def write_feeds(self) -> list[str]:
        """catalog.ttl (DCAT-AP-DK) and feed.xml (Atom), both dated from the data."""
        pages = {p.name: self.package_page(p.name) for p in self.site.packages}
        catalogue = opendata.dcat_catalogue(self.site, self.site_url, self.site.version,
                                            {name: url("index.md", page).removeprefix("./")
                                             for name, page in pages.items()}, out=self.out)
        entries = []
        for d in records(self.site.documents):
            entries.append({"title": f"Nyt brev: {d['sender_name']}, {d['date_da']}",
                            "url": page_url(self.site_url, d["page"]), "id": page_url(self.site_url, d["page"]),
                            "updated": self.site.added[d["document_id"]],
                            "summary": f"{d['title']} ({d['kind']} fra {d['sender']})"})
        for package in self.site.packages:
            updated = self.site.updated[package.name]
            entries.append({"title": f"Data opdateret: {package.descriptor.get('title', package.name)}",
                            "url": page_url(self.site_url, pages[package.name]),
                            "id": page_url(self.site_url, pages[package.name]) + f"#opdateret-{updated}",
                            "updated": updated,
                            "summary": f"{len(package.figures)} tal, {len(package.initiatives)} initiativer, "
                                       f"{len(package.documents)} breve."})
        entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
        files = {"catalog.ttl": catalogue, "feed.xml": opendata.atom_feed(entries, self.site_url, self.site.version)}
        for name, text in files.items():
            opendata._write(self.out / name, text.encode("utf-8"))
        return list(files)

    def package_key(self, package) -> str:
        """What a package's own pages and downloads are made from, besides the shared inputs."""
        if package.name not in self._package_keys:
            added = {d: self.site.added[d] for d in package.column("documents", "document_id")}
            self._package_keys[package.name] = incremental.key(
                self.shared_key, package.digest or package_digest(package.folder), self.site.updated[package.name],
                added)
        return self._package_keys[package.name]

    def _unit(self, name: str, key: str, make) -> None:
        """make() writes pages; skipped when `key` is what they were made from last time."""
        def run():
            start = len(self.written)
            make()
            pages = self.written[start:]
            del self.written[start:]
            return pages, None

        pages, _ = self.outputs.unit(name, key, run)
        self.written += pages

    def write_all(self, downloads: list[opendata.Download]) -> list[str]:
        self.data_page(downloads)
        keys = {package.name: self.package_key(package) for package in self.site.packages}
        documents = records(self.site.documents)
        replies: dict[str, list] = {}  # what a letter page shows of the letters answering it
        for d in documents:
            replies.setdefault(d["in_reply_to_document_id"], []).append(
                (d["document_id"], d["page"], d["kommune_name"], d["date_da"]))
        for package in self.site.packages:
            self._unit(f"page:{package.name}", keys[package.name],
                       lambda name=package.name: self.kommune_page(name))
        for document in documents:
            key = incremental.key(keys[document["package"]], document, replies.get(document["document_id"], []))
            self._unit(f"letter:{document['document_id']}", key, lambda d=document: self.letter_page(d))
        comparables = figurepages.Comparables(self.site.figures)  # a page per figure (issue 15)
        for package in self.site.packages:
            self._unit(f"figures:{package.name}", incremental.key(keys[package.name], comparables.summary(
                self.rows("figures", "package", package.name))),
                lambda name=package.name: figurepages.write_pages(self, name, comparables))
        # Site-wide pages that read one table are made again only when it changed.
        self._unit("page:sammenligning", incremental.key(self.shared_key, _digest(self.site.figures)),
                   self.comparison_page)
        self._unit("page:initiativer", incremental.key(self.shared_key, _digest(self.site.initiatives)),
                   self.initiatives_page)
        self.index_pages()
        self.flush()
        return self.written


@cache
def template_cache() -> jinja2.BytecodeCache:
    """Compiled Jinja templates, ours and the theme's, kept on disk by their source's checksum:
    `mkdocs serve` loads a fresh theme environment on every rebuild and compiled all of them again."""
    return TemplateCache()  # signed entries outside the checkout (cache.py)


@cache
def _environment() -> jinja2.Environment:
    """One per process: `mkdocs serve` keeps its compiled templates between rebuilds (Jinja reloads
    a template whose file changed)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, bytecode_cache=template_cache())
    env.globals.update(url=url, asset_url=asset_url, number_da=fmt.number_da, size_da=_size_da)
    env.filters.update(md=escape.markdown, yaml=escape.front_matter, meta=escape.front_matter_text)
    env.filters["lower_first"] = _lower_first
    env.filters["records"] = records
    env.filters["dato"] = fmt.date_long_da
    return env


def _digest(frame: pd.DataFrame) -> str:
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    return hashlib.sha256(hashed + json.dumps(list(frame.columns)).encode()).hexdigest()


def _period_label(row: dict) -> str:
    return row["period_da"] + (" (forventet)" if row["forecast"] == "true" else "")


def _bar_text(row: dict) -> str:
    return row["value_da"] + (" (forventet)" if row["forecast"] == "true" else "") + (
        " (udregnet)" if row.get("derived") else "")


def _remainder(total: pd.Series, parts: pd.DataFrame) -> pd.DataFrame | None:
    """The part of a total the letter leaves unassigned, as a derived row ('ikke fordelt i brevet'):
    only when the total and every part are exact counts in the same unit, and something is left."""
    exact = total["precision"] == "exact" and (parts["precision"] == "exact").all()
    if not exact or (parts["unit"] != total["unit"]).any():
        return None
    left = Decimal(total["value"]) - sum(Decimal(v) for v in parts["value"])
    if left <= 0:
        return None
    row = parts.iloc[[0]].copy()
    text = fmt.number_da(str(left))
    row = row.assign(row_label="ikke fordelt i brevet", category="ikke fordelt i brevet", value=str(left),
                     number=float(left), value_da=text, precision="exact", qualifier="", forecast="false",
                     derived=f"Udregnet: {total['value_da']} minus delene", figure_id=f"{total.name}-rest")
    return row


def _size_da(size: int) -> str:
    return f"{fmt.number_da(round(size / 1024, 1))} kB" if size >= 1024 else f"{size} byte"


def _lower_first(text: str) -> str:
    """'Kommunens egen opgørelse' -> 'kommunens egen opgørelse', but 'STAR' stays 'STAR'."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _by_identity(initiatives: pd.DataFrame) -> pd.DataFrame:
    """One row per initiative (not per letter): its latest mention, with every mention listed in
    `mentions` (letter, status) so that the page shows its history and counts it once."""
    if initiatives.empty:
        return initiatives.assign(mentions=[])
    ordered = initiatives.sort_values(["identity", "document_id"])
    columns = ["document_label", "status", "document_page", "initiative_id", "participants_planned",
               "participants_actual"]
    mentions = {identity: [(r["document_label"], _mention_status(r), r["document_page"], r["initiative_id"])
                           for r in records(group[columns])]
                for identity, group in ordered.groupby("identity", sort=False)}
    # The latest mention that has dates draws the initiative; otherwise the latest mention.
    latest = ordered.assign(dated=(ordered["start"] != "") | (ordered["end"] != ""))
    latest = latest.sort_values(["identity", "dated", "document_id"]).groupby("identity", sort=False).tail(1)
    latest = latest.sort_values("identity")
    return latest.assign(mentions=[mentions[i] for i in latest["identity"]]).drop(columns="dated")


def _mention_status(row: dict) -> str:
    """What one letter says of an initiative: 'igangsat; 10 deltagere, 110 planlagt'."""
    counts = [f"{fmt.number_da(row[c])} {w}" for c, w in (("participants_actual", "deltagere"),
                                                          ("participants_planned", "planlagte deltagere")) if row[c]]
    return "; ".join([row["status"], ", ".join(counts)]) if counts else row["status"]


def timeline_marks(row: str, start: str, end: str, status: str, letter_date: str, text: str) -> list[tuple]:
    """The marks of one initiative on a timeline: (row, layer, segment, start, end, text)."""
    marks = []
    first = periods.bounds(start) if start else None
    last = periods.bounds(end) if end else None
    if first and periods.is_window(start):
        marks.append((row, "segment", charts.WINDOW, first[0].isoformat(), first[1].isoformat(), ""))
    if last and periods.is_window(end):
        marks.append((row, "segment", charts.WINDOW, last[0].isoformat(), last[1].isoformat(), ""))
    begin = first[1] if first else None
    if first and last:
        marks.append((row, "segment", "periode", begin.isoformat(), last[0].isoformat(), ""))
    elif first and status != "planlagt" and letter_date > begin.isoformat():
        marks.append((row, "segment", charts.RUNNING, begin.isoformat(), letter_date, ""))
    elif last and not first:
        marks.append((row, "segment", charts.RUNNING, min(letter_date, last[0].isoformat()),
                      last[0].isoformat(), ""))
    elif first and not periods.is_window(start):
        marks.append((row, "point", "periode", begin.isoformat(), begin.isoformat(), ""))
    right = max(m[4] for m in marks)
    marks.append((row, "label", "periode", right, right, text))
    return marks


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
