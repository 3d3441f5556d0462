"""A package's page (a kommune's, or the national one): key figures by series, breakdowns, the
initiatives' timeline, every figure, initiative and letter, its downloads and citation."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .. import bars, chartfiles, compare, fmt, incremental, opendata, periods, urls
from ..load import records
from . import promises as promised
from .pieces import ChartBlock, bar_chart_block, by_identity, chart_citation, source_line
from .writer import PageType, PageWriter, Unit

TEMPLATE = "kommune.md.j2"


def _chart(w: PageWriter, page: str, chart_id: str, title: str, rows: pd.DataFrame, label_column: str,
           x_title: str, row_heading: str) -> ChartBlock:
    return w.with_files(page, bar_chart_block(w.site_url, w.site.version, page, chart_id, title, rows,
                                              label_column, x_title, row_heading=row_heading),
                        chartfiles.bar_table(rows, label_column, w.site_url))


def key_figures(w: PageWriter, page: str, figures: pd.DataFrame) -> list[dict]:
    """Totals by series (compare.KEY): a chart for a series with two or more dates, and for a
    series that stands alone the reason it is not drawn with the others."""
    site = w.site
    measures = site.measures.set_index("measure")
    headline = []
    order = {m: i for i, m in enumerate(site.measures["measure"])}
    all_series = sorted(compare.series(figures), key=lambda s: (order[s[0][0]], s[1]["period_end"].iloc[0]))
    # Each series' rows as dicts once: converting every other series again for each was quadratic.
    converted = [records(rows) for _, rows in all_series]
    for index, ((measure, *_), rows) in enumerate(all_series):
        first = converted[index][0]
        others = [converted[i][-1] for i, ((m, *_), _rows) in enumerate(all_series) if m == measure and i != index]
        entry = {"measure": measures.loc[measure, "label"], "series": compare.describe(first),
                 "reason": compare.reason(first, others), "change": compare.change_line(rows), "chart": None,
                 "rows": rows, "last": converted[index][-1]}
        if len(rows) >= 2:
            title = f"{measures.loc[measure, 'label']} – {compare.describe(first)}"
            rows = rows.assign(row_label=[_period_label(r) for r in records(rows[["period_da", "forecast"]])])
            entry["chart"] = _chart(w, page, urls.series_chart(first["figure_id"]), title, rows, "row_label",
                                    measures.loc[measure, "unit"].capitalize(), "Opgjort pr.")
        headline.append(entry)
    return headline


def breakdown_charts(w: PageWriter, page: str, figures: pd.DataFrame) -> list[ChartBlock]:
    """Each breakdown of a total, and each list of parts the letter gives no total for."""
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
            chart_id = urls.breakdown_chart(total_id, "" if when == total["period_da"] else when)
            block = _chart(w, page, chart_id, title, group, "row_label", total["unit"].capitalize(), "Del")
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
        block = _chart(w, page, urls.breakdown_chart(first["figure_id"]), title, rows, "category",
                       first["unit"].capitalize(), "Kategori")
        block.caveat = "Brevet giver ingen total for fordelingen."
        breakdowns.append(block)
    return breakdowns


def timeline(w: PageWriter, page: str, initiatives: pd.DataFrame) -> ChartBlock | None:
    """Every dated initiative, its period as the letter writes it: a start or end window drawn
    light, an initiative running at the letter's date with no end given drawn up to that date,
    a single date as a point."""
    dated = initiatives[(initiatives["start"] != "") | (initiatives["end"] != "")]
    if dated.empty:
        return None
    letter_dates = dict(zip(w.site.documents["document_id"], w.site.documents["date"]))
    lines = []
    for r in records(dated[["name", "start", "end", "status", "document_id", "period_text", "document_page",
                            "initiative_id"]]):
        lines.append((r["name"], r["period_text"], urls.url(page, r["document_page"], r["initiative_id"]),
                      timeline_marks(_short(r["name"]), r["start"], r["end"], r["status"],
                                     letter_dates[r["document_id"]], r["period_text"])))
    chart_id = urls.timeline_chart(initiatives["kommune_name"].iloc[0])
    title = "Initiativernes forløb"
    return w.with_files(page, ChartBlock(
        chart_id, title, "", "", source_line(dated.assign(counted_by_label="kommunen")), [], [],
        citation=chart_citation(w.site_url, w.site.version, page, title, chart_id), timeline=bars.timeline(lines)),
        chartfiles.timeline_table(dated, w.site_url))


# A package with more letters than this shows its breakdowns and figures on a page per year
# (pages/kommune_year.py) and names its initiatives, linked to their page (pages/kommune_initiatives.py):
# at ten times the letters (50 a kommune) the page was 69 KB gzip. Five letters stay on one page.
MOST_LETTERS = 10


def is_split(documents: pd.DataFrame | list) -> bool:
    """Whether a package's page sends its letters' details to a page per year (documents: its
    rows, as a table or as records: a table slice per package was most of the year pages' keys)."""
    return len(documents) > MOST_LETTERS


def letter_years(documents: pd.DataFrame) -> dict[str, str]:
    """Each letter's year ('2018'), by document_id."""
    return dict(zip(documents["document_id"], documents["date"].str[:4]))


def write(w: PageWriter, package_name: str) -> None:
    site = w.site
    figures, documents, initiatives = (w.rows(t, "package", package_name) for t in
                                       ("figures", "documents", "initiatives"))
    page = w.package_page(package_name)
    package = next(p for p in site.packages if p.name == package_name)
    code = package.kommune_code
    kommune = site.kommune(code) if code else None
    name = kommune["name"] if kommune is not None else "Hele landet"
    split = is_split(documents)
    headline = key_figures(w, page, figures)
    breakdowns = [] if split else breakdown_charts(w, page, figures)
    identities = by_identity(initiatives)  # the list and the timeline: made once
    groups: dict[str, list[dict]] = {}
    for entry in headline:  # key figures by measure, each series in date order
        groups.setdefault(entry["measure"], []).append(entry)
    key = list(groups.items())
    updated = site.updated.get(package_name, "")
    absolute = w.urls.page(page)
    title = package.descriptor.get("title", package_name)
    years = []
    if split:
        year_of = letter_years(documents)
        figure_years = figures["document_id"].map(year_of)
        for year in sorted(set(year_of.values())):
            years.append({"year": year, "page": urls.kommune_year_page(code, name, year),
                          "letters": sum(1 for y in year_of.values() if y == year),
                          "figures": int((figure_years == year).sum())})
    w.write(page, TEMPLATE, kommune=kommune, code=code, package_name=package_name,
            citation=opendata.citation(w.site_url, title, updated, absolute),
            jsonld=opendata.dataset_jsonld(package, w.site_url, absolute, updated,
                                           kommune["name"] if kommune is not None else None),
            name=name, figures=figures.sort_values(["document_id", "figure_id"]), documents=documents,
            initiatives=identities, key=key, headline=[h for h in headline if h["chart"]],
            breakdowns=breakdowns, timeline=None if split else timeline(w, page, identities),
            updated=updated, split=split, years=years,
            initiatives_page=urls.kommune_initiatives_page(code, name), **promised.kommune_context(site, package))


def units(w: PageWriter) -> list[Unit]:
    """One unit per package: made again when the package (or what every page shares) changed."""
    return [Unit(f"page:{p.name}", incremental.key(w.package_key(p), promised.kommune_key(w.site, p)),
                 lambda name=p.name: write(w, name)) for p in w.site.packages]


PAGE = PageType("kommune", TEMPLATE, units)


def _period_label(row: dict) -> str:
    return row["period_da"] + (" (forventet)" if row["forecast"] == "true" else "")


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


def timeline_marks(row: str, start: str, end: str, status: str, letter_date: str, text: str) -> list[tuple]:
    """The marks of one initiative on a timeline: (row, layer, segment, start, end, text)."""
    marks = []
    first = periods.bounds(start) if start else None
    last = periods.bounds(end) if end else None
    if first and periods.is_window(start):
        marks.append((row, "segment", bars.WINDOW, first[0].isoformat(), first[1].isoformat(), ""))
    if last and periods.is_window(end):
        marks.append((row, "segment", bars.WINDOW, last[0].isoformat(), last[1].isoformat(), ""))
    begin = first[1] if first else None
    if first and last:
        marks.append((row, "segment", "periode", begin.isoformat(), last[0].isoformat(), ""))
    elif first and status != "planlagt" and letter_date > begin.isoformat():
        marks.append((row, "segment", bars.RUNNING, begin.isoformat(), letter_date, ""))
    elif last and not first:
        marks.append((row, "segment", bars.RUNNING, min(letter_date, last[0].isoformat()),
                      last[0].isoformat(), ""))
    elif first and not periods.is_window(start):
        marks.append((row, "point", "periode", begin.isoformat(), begin.isoformat(), ""))
    right = max(m[4] for m in marks)
    marks.append((row, "label", "periode", right, right, text))
    return marks


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
