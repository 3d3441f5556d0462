"""What several page types show: chart blocks (a chart with its table, source line and citation),
their cells, and an initiative counted once across the letters that mention it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import bars, chartfiles, fmt, opendata, urls
from ..load import records


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
    bars: bars.BarTable | None = None  # a bar chart drawn as a table (bars.py)
    timeline: bars.Timeline | None = None  # a timeline drawn as a table (bars.py)
    files: list[chartfiles.Link] = field(default_factory=list)  # its CSV, and SVG and PNG (chartfiles.py)


def source_line(rows: pd.DataFrame) -> str:
    documents = ", ".join(dict.fromkeys(rows["document_label"]))
    who = ", ".join(dict.fromkeys(rows["counted_by_label"]))
    kommuner = ", ".join(dict.fromkeys(rows["sender_name"]))
    return f"Kilde: {kommuner}, {documents.lower()}. Opgjort af: {who}."


def chart_citation(site_url: str, version: str, page: str, title: str, chart_id: str) -> str:
    return opendata.citation(site_url, title, version, urls.Urls(site_url).page(page, chart_id))["short"]


def bar_chart_block(site_url: str, version: str, page: str, chart_id: str, title: str, rows: pd.DataFrame,
                    label_column: str, x_title: str, caveat: str = "", row_heading: str = "") -> ChartBlock:
    """A small bar chart of figures as an HTML table with CSS bars (bars.py; no vl-convert), each
    row linked to its quote, grouped by benefit when the rows hold more than one."""
    # Only the columns a chart shows: converting whole rows of the wide site tables was slow.
    shown = records(rows[[label_column, "benefit_label", "value_da", "forecast", "document_page",
                          "figure_id", "derived"]] if "derived" in rows else
                    rows[[label_column, "benefit_label", "value_da", "forecast", "document_page",
                          "figure_id"]].assign(derived=""))
    table = bars.bar_table(shown, list(rows["number"]), label_column, row_heading, x_title,
                           lambda document_page, figure_id: urls.url(page, document_page, figure_id))
    return ChartBlock(chart_id, title, "", "", source_line(rows), [], [], caveat,
                      chart_citation(site_url, version, page, title, chart_id),
                      [i for i, d in zip(rows["figure_id"], rows.get("derived", [""] * len(rows))) if not d],
                      bars=table)


def by_identity(initiatives: pd.DataFrame) -> pd.DataFrame:
    """One row per initiative (not per letter): its latest mention, with every mention listed in
    `mentions` (letter, status) so that the page shows its history and counts it once."""
    if initiatives.empty:
        return initiatives.assign(mentions=[])
    ordered = initiatives.sort_values(["identity", "document_id"])
    columns = ["document_label", "status", "document_page", "initiative_id", "participants_planned",
               "participants_actual"]
    mentions: dict[str, list[tuple]] = {}  # one pass over the rows: a records() per group cost a frame each
    for r in records(ordered[["identity", *columns]]):
        mentions.setdefault(r["identity"], []).append(
            (r["document_label"], _mention_status(r), r["document_page"], r["initiative_id"]))
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


def package_named(site, package_name: str) -> tuple[str, str]:
    """A package's kommune code ('' for the national package) and the name its pages give it
    (the kommune's, or 'Hele landet')."""
    package = next(p for p in site.packages if p.name == package_name)
    code = package.kommune_code or ""
    return code, site.kommune(code)["name"] if code else "Hele landet"


def without_notes(frame: pd.DataFrame) -> pd.DataFrame:
    """A table without its notes, for the key of a page that shows none of them (a note edit then
    does not make the page again)."""
    return frame.drop(columns=["note", "note_text"])
