"""The front page: the minister's key figures, the map, each kommune's latest share, what was added."""

from __future__ import annotations

import json

from .. import chartfiles, charts, compare, incremental, urls
from ..cache import file_digest
from ..digests import frame_digest
from ..load import records
from ..paths import REFERENCE
from .pieces import ChartBlock, chart_citation, without_notes
from .writer import PageType, PageWriter, Unit

TEMPLATE = "index.md.j2"


def _national(site):
    return site.figures[site.figures["package"] == "national"]


def _shares(site):
    return site.figures[(site.figures["measure"] == "uden_indsats_andel") & (site.figures["category"] == "")]


def write(w: PageWriter) -> None:
    site = w.site
    national = _national(site)
    shares = _shares(site)
    # The latest share per kommune within each comparable series: shares of different groups or
    # sources are separate tables, never one column to read down.
    newest = shares.sort_values(["period_end", "figure_id"]).groupby("package").tail(1)  # each kommune's latest
    latest = [(compare.describe(records(rows)[0]), rows.sort_values("kommune_name"))
              for _key, rows in compare.series(newest)]
    with_data = site.kommuner[site.kommuner["has_data"]]
    geojson = json.loads((REFERENCE / "kommuner.geojson").read_text(encoding="utf-8"))
    has = dict(zip(site.kommuner["kommune_code"], site.kommuner["has_data"]))
    description = (f"Danmarkskort med de 98 kommuner. {len(with_data)} kommuner har data: "
                   + ", ".join(with_data["name"]) + ". De øvrige er grå.")
    map_svg = charts.render(charts.map_chart, geojson, has, chart_id=urls.MAP, title="Kommuner med data",
                            description=description)
    additions = sorted(((site.updated.get(p.name, ""), p, w.package_page(p.name)) for p in site.packages),
                       key=lambda item: (item[0], item[1].name), reverse=True)
    map_block = w.with_files(urls.FRONT, ChartBlock(
        urls.MAP_FIGURE, "Kommuner med data", description, map_svg,
        "Kilde: DAGI, Klimadatastyrelsen (CC BY 4.0), forenklet.", [],
        citation=chart_citation(w.site_url, site.version, urls.FRONT, "Kommuner med data", urls.MAP_FIGURE)),
        chartfiles.map_table(site.kommuner, w.site_url))
    w.write(urls.FRONT, TEMPLATE, national=national, latest=latest, with_data=with_data,
            map_svg=map_svg, map_description=description, additions=additions, map_files=map_block.files,
            map_citation=map_block.citation)


def units(w: PageWriter) -> list[Unit]:
    # What it shows (besides what every page shares): the minister's figures, the shares (no notes), the
    # kommuner, each package's title, counts and date, and the map's outlines. Keyed by every
    # package's key it was made again after any edit, a note's too (issue 17: serve rebuilds).
    site = w.site
    additions = [(p.name, p.descriptor.get("title"), len(p.documents), len(p.figures), site.updated.get(p.name, ""))
                 for p in site.packages]
    key = incremental.key(w.shared_key, frame_digest(without_notes(_national(site))),
                          frame_digest(without_notes(_shares(site))),
                          frame_digest(site.kommuner), additions, file_digest(REFERENCE / "kommuner.geojson"))
    return [Unit("page:index", key, lambda: write(w))]


PAGE = PageType("front", TEMPLATE, units)
