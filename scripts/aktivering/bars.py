"""Small charts as HTML tables with CSS bars (issue 13, issue 17): legible at any width, read by a
screen reader as a table, printed whole, and drawn without vl-convert.

A bar chart is a real <table>: a row header for each bar, the number exactly as the letter writes
it (`value_da`, with «forventet» or «udregnet» after it) as text, and a bar whose length is the
number's share of the chart's largest number, written as a CSS custom property (`--andel: 0.425`,
computed here from the numbers, never from text a contributor wrote). A timeline is a table too:
each initiative's period in words, and its marks placed by date on a track of years.

Nothing here is rendered by a browser script: the page works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# The bar colours: the same per benefit across the site (Okabe–Ito); the CSS classes ydelse-0..5
# in docs/stylesheets/extra.css follow this order.
BENEFITS = ("Kontanthjælp", "Uddannelseshjælp", "Integrationsydelse", "Kontanthjælp og uddannelseshjælp",
            "Kontanthjælp og integrationsydelse", "Kontanthjælp, uddannelseshjælp og integrationsydelse")
# What the letter says about each stretch of an initiative's period, as a CSS class and in words.
SEGMENTS = {"periode": ("periode", "Periode"),
            "start eller slut inden for et tidsrum": ("tidsrum", "Start eller slut inden for et tidsrum"),
            "i gang ved brevets dato, slut ikke oplyst": ("i-gang", "I gang ved brevets dato, slut ikke oplyst")}
WINDOW, RUNNING = list(SEGMENTS)[1:]


@dataclass
class BarRow:
    label: str
    benefit: str
    text: str  # the number as written, with its marks
    share: str  # the bar's length: share of the chart's largest number, '0.425'
    colour: str  # CSS class of the benefit's colour
    derived: bool = False
    forecast: bool = False
    source: str = ""  # link text, or the sentence saying how a derived number was worked out
    href: str = ""


@dataclass
class BarTable:
    row_heading: str
    value_heading: str
    grouped: bool  # several benefits: a column names each bar's benefit
    rows: list[BarRow] = field(default_factory=list)


def share(number: float, largest: float) -> str:
    """A bar's length as a share of the largest bar, 0 to 1 to three decimals: '0.425'."""
    if largest <= 0 or number <= 0:
        return "0"
    return f"{min(number / largest, 1.0):.3f}".rstrip("0").rstrip(".")


def colour(benefit: str) -> str:
    return f"ydelse-{BENEFITS.index(benefit)}" if benefit in BENEFITS else "ydelse-neutral"


def bar_table(shown: list[dict], numbers: list[float], label_column: str, row_heading: str,
              value_heading: str, href) -> BarTable:
    """shown: records with label_column, benefit_label, value_da, forecast, derived, document_page,
    figure_id (pages.PageWriter.chart); numbers: each row's number; href(document_page, figure_id):
    the link to the quote."""
    largest = max((float(n) for n in numbers), default=0.0)
    grouped = len({r["benefit_label"] for r in shown}) > 1
    rows = []
    for r, number in zip(shown, numbers):
        forecast = r["forecast"] == "true"
        text = r["value_da"] + (" (forventet)" if forecast else "") + (" (udregnet)" if r["derived"] else "")
        link = "" if r["derived"] else href(r["document_page"], r["figure_id"])
        rows.append(BarRow(r[label_column], r["benefit_label"], text, share(float(number), largest),
                           colour(r["benefit_label"]), bool(r["derived"]), forecast,
                           r["derived"] or "Se citatet", link))
    return BarTable(row_heading, value_heading, grouped, rows)


# --- timelines ---------------------------------------------------------------------------------

@dataclass
class Mark:
    kind: str  # 'segment' or 'point'
    segment: str  # CSS class
    left: str  # percent of the track
    width: str


@dataclass
class TimelineRow:
    name: str
    period: str  # the period as the letter writes it
    marks: list[Mark]
    href: str


@dataclass
class Timeline:
    years: list[int]  # one column of the track per year
    rows: list[TimelineRow]
    legend: list[tuple[str, str]]  # (CSS class, words) of the segments drawn


def _percent(value: float) -> str:
    return f"{max(0.0, min(value, 100.0)):.2f}".rstrip("0").rstrip(".")


def timeline(initiatives: list[tuple[str, str, str, list[tuple]]]) -> Timeline:
    """initiatives: (name, period text, link, marks) with marks as pages.timeline_marks writes them:
    (row, layer, segment, start, end, text), ISO dates. The track runs from 1 January of the first
    year to 1 January after the last."""
    dates = [m[i] for _n, _t, _h, marks in initiatives for m in marks if m[1] != "label" for i in (3, 4)]
    first, last = int(min(dates)[:4]), int(max(dates)[:4])
    start, end = date(first, 1, 1).toordinal(), date(last + 1, 1, 1).toordinal()
    span = end - start

    def at(iso: str) -> float:
        return (date.fromisoformat(iso).toordinal() - start) / span * 100

    rows, used = [], set()
    for name, period, href, marks in initiatives:
        drawn = []
        for _row, layer, segment, begin, finish, _text in marks:
            if layer == "label":
                continue
            used.add("point" if layer == "point" else segment)
            css = SEGMENTS[segment][0]
            drawn.append(Mark(layer, css, _percent(at(begin)), _percent(at(finish) - at(begin))))
        rows.append(TimelineRow(name, period, drawn, href))
    legend = [SEGMENTS[s] for s in SEGMENTS if s in used] + ([("dato", "Én dato")] if "point" in used else [])
    return Timeline(list(range(first, last + 1)), rows, legend)
