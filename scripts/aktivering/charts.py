"""Altair specs rendered at build time to static, accessible SVG (no chart library ships).

Every chart is a horizontal bar chart with the value written on each bar (narrow screens read
bars sideways best), with Vega's automatic English ARIA switched off and our own Danish
<title>/<desc> on the <svg> element. SVGs are cached by content hash.

Chart text is data: every number in a chart (bar labels and axis ticks) is written by
`fmt.number_da` and every date by `periods`, here in Python; Vega only places the text, and
nothing rewrites SVG text afterwards (`_compact` shortens coordinates inside attributes only).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import textwrap
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal
from functools import cache
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from . import fmt
from .cache import Store
from .escape import xml_attribute, xml_text
from .load import records

CACHE = Store("charts")  # signed entries outside the checkout: a forged or truncated SVG is rendered again

# Okabe–Ito, safe for the common colour-vision deficiencies; fixed per benefit across the site.
BENEFIT_COLOURS = {
    "Kontanthjælp": "#0072B2",
    "Uddannelseshjælp": "#E69F00",
    "Integrationsydelse": "#009E73",
    "Kontanthjælp og uddannelseshjælp": "#CC79A7",
    "Kontanthjælp og integrationsydelse": "#D55E00",
    "Kontanthjælp, uddannelseshjælp og integrationsydelse": "#56606B",
}
NEUTRAL = "#0072B2"
# Measured with DejaVu Sans at build time (Debian's default); Verdana and Arial, the fallbacks on
# readers' machines, are no wider, so labels are never clipped.
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
LABEL_WIDTH = 24  # characters per line of a row label before it wraps


def _base_config(chart: alt.Chart) -> alt.Chart:
    return chart.configure(aria=False, font=FONT, padding={"left": 8, "right": 8, "top": 4, "bottom": 4}
                           ).configure_view(stroke=None).configure_axis(
        labelFontSize=12, titleFontSize=12, labelColor="#1f1f1f", titleColor="#1f1f1f", gridColor="#e6e6e6",
        labelLimit=0,
    ).configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom", direction="vertical", labelLimit=300)


# Bar and timeline charts come from Altair templates, built once per process with placeholders
# and filled in per chart (`_fill`). Building a chart from Altair objects took 50 ms, most of it
# Altair copying its object tree on every call; filling a template takes well under one. The
# placeholders are what Altair's validation accepts where they stand: one-element lists, a string,
# and a number no chart is ever that tall.
ROWS, X_DOMAIN, COLOURS, COLOUR_RANGE, OFFSETS = ["@rows"], ["@x-domain"], ["@colours"], ["@range"], ["@offsets"]
X_TICKS, X_LABELS = ["@x-ticks"], "@x-labels"
X_TITLE, HEIGHT = "@x-title", 314159.0
# Timeline segments: what the letter says about each stretch of an initiative's period.
SEGMENTS = {"periode": "#0072B2", "start eller slut inden for et tidsrum": "#9cc3e0",
            "i gang ved brevets dato, slut ikke oplyst": "#56B4E9"}
WINDOW, RUNNING = list(SEGMENTS)[1:]
DATA = "rows"  # the name of the chart's dataset


def _y() -> alt.Y:
    return alt.Y("row:N", sort=ROWS, title=None,
                 axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=0, labelPadding=6))


def _x() -> alt.X:
    return alt.X("number:Q", title=X_TITLE, scale=alt.Scale(domain=X_DOMAIN, nice=False),
                 axis=alt.Axis(values=X_TICKS, labelExpr=X_LABELS))


def _colour() -> alt.Color:
    return alt.Color("benefit_label:N", title="Ydelse", sort=COLOURS,
                     scale=alt.Scale(domain=COLOURS, range=COLOUR_RANGE))


@cache
def _template(kind: str) -> str:
    """The Vega-Lite JSON of one kind of chart, with placeholders (Altair, once per process)."""
    base = alt.Chart(alt.Data(name=DATA))
    if kind == "timeline":
        x = alt.X("start:T", title=None, scale=alt.Scale(domain=X_DOMAIN),
                  axis=alt.Axis(values=X_TICKS, labelExpr=X_LABELS))
        colour = alt.Color("segment:N", title="Periode", sort=list(SEGMENTS),
                           scale=alt.Scale(domain=list(SEGMENTS), range=list(SEGMENTS.values())))
        segments = base.transform_filter("datum.layer == 'segment'")
        bars = segments.mark_bar(height={"band": 0.6}).encode(y=_y(), x=x, x2="end:T", color=colour)
        points = base.transform_filter("datum.layer == 'point'").mark_point(
            shape="diamond", size=120, filled=True, color=NEUTRAL).encode(y=_y(), x=x)
        labels = base.transform_filter("datum.layer == 'label'").mark_text(
            align="left", baseline="middle", dx=6, fontSize=11, color="#1f1f1f").encode(y=_y(), x=x, text="text:N")
        chart = (bars + points + labels).properties(width=260, height=HEIGHT)
        return json.dumps(_base_config(chart).to_dict(validate=False))
    else:
        offset = {"yOffset": alt.YOffset("benefit_label:N", sort=OFFSETS)} if kind == "grouped" else {}
        # A bar worked out here (the remainder of a breakdown) is drawn pale: it is not a figure.
        bars = (base.mark_bar() if offset else base.mark_bar(height={"band": 0.7})).encode(
            y=_y(), x=_x(), color=_colour(), opacity=alt.condition("datum.derived", alt.value(0.4), alt.value(1)),
            **offset)
        labels = base.mark_text(align="left", dx=4, fontSize=12, color="#1f1f1f").encode(
            y=_y(), x=_x(), text="text:N", **offset)
        width = 300
    return json.dumps(_base_config((bars + labels).properties(width=width, height=HEIGHT)).to_dict(validate=False))


def _fill(node, values: dict):
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        if len(node) == 1 and isinstance(node[0], str) and node[0] in values:
            return values[node[0]]
        return [_fill(value, values) for value in node]
    if isinstance(node, str) and node in values:
        return values[node]
    if isinstance(node, float) and node == HEIGHT:
        return values["@height"]
    return node


def _spec(kind: str, frame: pd.DataFrame, height: int, **values) -> dict:
    spec = _fill(json.loads(_template(kind)), {**values, "@height": int(height)})
    spec["datasets"] = {DATA: records(frame)}
    return spec


def wrap(label: str, width: int = LABEL_WIDTH) -> str:
    """Row labels wrap onto lines (split again by labelExpr) instead of being cut off."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=True)) or label


def _row_height(rows: list[str], per_line: int = 15, minimum: int = 30) -> int:
    """A band scale gives every row the same height, so the tallest label decides."""
    lines = max((row.count("\n") + 1 for row in rows), default=1)
    return len(rows) * max(minimum, per_line * lines + 10)


def ticks(maximum: float, count: int = 4) -> list[float]:
    """Round tick values from 0 up to `maximum`: steps of 1, 2 or 5 times a power of ten."""
    if maximum <= 0:
        return [0.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    values, n = [], 0
    while n * step <= maximum + 1e-9:
        values.append(float(Decimal(repr(step)) * n))
        n += 1
    return values


def _label_expr(labels: dict[float, str]) -> str:
    """A Vega expression giving each tick value the text written for it here."""
    expression = "''"
    for value, text in reversed(list(labels.items())):
        expression = f"datum.value === {value!r} ? {json.dumps(text)} : {expression}"
    return expression


def _bars(kind: str, frame: pd.DataFrame, x_title: str, height) -> dict:
    frame = frame.assign(row=frame["row"].map(wrap))
    rows = list(dict.fromkeys(frame["row"]))
    present = [b for b in BENEFIT_COLOURS if b in set(frame["benefit_label"])]
    maximum = float(frame["number"].max()) or 1.0
    values = ticks(maximum)
    return _spec(kind, frame, height(frame, rows), **{
        "@rows": rows, "@x-title": x_title,
        "@x-domain": [0, maximum * 1.35],  # room to the right of the longest bar for its label
        "@x-ticks": values, "@x-labels": _label_expr({v: fmt.number_da(v) for v in values}),
        "@colours": present, "@offsets": present, "@range": [BENEFIT_COLOURS[b] for b in present]})


def bar_chart(frame: pd.DataFrame, *, x_title: str) -> dict:
    """One bar per row. frame columns: row (y label, in order), number, text (bar label), benefit_label."""
    return _bars("bar", frame, x_title, lambda frame, rows: _row_height(rows))


def grouped_bar_chart(frame: pd.DataFrame, *, x_title: str) -> dict:
    """Rows with several benefits: one bar per benefit inside each row, offset and coloured."""
    def height(frame, rows):
        per_row = frame.groupby("row")["benefit_label"].nunique().max()
        return _row_height(rows, minimum=22 * per_row + 14)

    return _bars("grouped", frame, x_title, height)


def timeline_chart(frame: pd.DataFrame) -> dict:
    """frame columns: row, layer ('segment', 'point' or 'label'), segment (a SEGMENTS key), start,
    end (ISO dates), text (for labels). Ticks on 1 January of each year, written '2018'."""
    frame = frame.assign(row=frame["row"].map(wrap))
    rows = list(dict.fromkeys(frame["row"]))
    first = min(frame["start"].min(), frame["end"].min())
    last = max(frame["start"].max(), frame["end"].max())
    years = list(range(int(first[:4]), int(last[:4]) + 2))
    values = [{"year": y, "month": 1, "date": 1} for y in years]
    labels = " : ".join(f"year(datum.value) === {y} ? '{y}'" for y in years) + " : ''"
    domain = [{"year": years[0], "month": 1, "date": 1}, {"year": years[-1], "month": 1, "date": 1}]
    # Room after the last date for the label written after it.
    domain[1] = {"year": years[-1] + (1 if len(years) < 4 else 2), "month": 1, "date": 1}
    return _spec("timeline", frame, _row_height(rows), **{
        "@rows": rows, "@x-ticks": values, "@x-labels": labels, "@x-domain": domain})


def map_chart(geojson: dict, has_data: dict[str, bool]) -> dict:
    features = []
    for feature in geojson["features"]:
        props = dict(feature["properties"])
        props["status"] = "Har data" if has_data.get(props["kommune_code"]) else "Ingen data endnu"
        features.append({**feature, "properties": props, "geometry": _clockwise(feature["geometry"])})
    data = alt.Data(values=features)
    chart = alt.Chart(data).mark_geoshape(stroke="#ffffff", strokeWidth=0.6).encode(
        color=alt.Color("properties.status:N", title=None,
                        scale=alt.Scale(domain=["Har data", "Ingen data endnu"], range=["#0072B2", "#d9dde3"])),
    ).project(type="mercator").properties(width=340, height=300)
    return _base_config(chart).to_dict(validate=False)


def _clockwise(geometry: dict) -> dict:
    """RFC 7946 rings are counter-clockwise; d3/Vega expects clockwise exteriors, else it fills
    the whole globe but the polygon (see data/reference/PROVENANCE.md)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rewound = [[ring[::-1] for ring in polygon] for polygon in polygons]
    return {"type": geometry["type"], "coordinates": rewound if geometry["type"] == "MultiPolygon" else rewound[0]}


# Code and library versions are part of every cache key: a change to how charts look re-renders.
_CODE_KEY = hashlib.sha256(Path(__file__).read_bytes() + vlc.__version__.encode() + alt.__version__.encode()
                           ).hexdigest()


def _input_key(value) -> object:
    return value.to_json(orient="split") if isinstance(value, pd.DataFrame) else value


@cache
def _locales() -> tuple[dict, dict]:
    """Danish number and date formats, looked up once: by name vl-convert loads them on every call,
    which took 40 % of rendering a chart."""
    return vlc.get_format_locale("da-DK"), vlc.get_time_format_locale("da-DK")


# vl-convert renders outside the GIL: charts not in the cache render on threads while the pages go on
# being written. `render` then returns a placeholder and `resolve` swaps in the finished SVG.
_POOL = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="chart")
_IN_FLIGHT: dict[str, Future] = {}
_PENDING: dict[str, tuple[Future, str, str, str]] = {}
PENDING = re.compile(r"<!--chart-pending:\d+-->")


def render(builder, *args, chart_id: str, title: str, description: str, **kwargs) -> str:
    """SVG of builder(*args, **kwargs), cached by the builder's inputs: on a hit neither Altair
    nor Vega runs. On a miss the SVG is rendered on a thread and a placeholder returned: pass
    the text it ends up in through `resolve`."""
    key = hashlib.sha256(json.dumps([_CODE_KEY, builder.__name__, [_input_key(a) for a in args], kwargs],
                                    sort_keys=True, default=str).encode()).hexdigest()
    future = _IN_FLIGHT.get(key)
    if future is None:
        cached = CACHE.get(key)
        if cached is not None:
            return _label(cached.decode("utf-8"), chart_id, title, description)
        future = _IN_FLIGHT[key] = _POOL.submit(_render_to_cache, builder(*args, **kwargs), key)
    token = f"<!--chart-pending:{len(_PENDING)}-->"
    _PENDING[token] = (future, chart_id, title, description)
    return token


def _render_to_cache(spec: dict, key: str) -> str:
    svg = _compact(vlc.vegalite_to_svg(spec, format_locale=_locales()[0], time_format_locale=_locales()[1],
                                       allowed_base_urls=[]))
    CACHE.put(key, svg.encode("utf-8"))  # atomic and signed; an unwritable cache only costs time
    return svg


def resolve(text: str) -> str:
    """`text` with each chart placeholder replaced by its SVG, waiting for renders still running."""
    def swap(match: re.Match) -> str:
        svg = _finished(match.group())
        del _PENDING[match.group()]
        return svg

    text = PENDING.sub(swap, text)
    if not _PENDING:
        _IN_FLIGHT.clear()
    return text


def peek(text: str) -> str:
    """`text` with each placeholder replaced by its SVG, waiting for renders still running; the
    placeholders stay for `resolve` (a chart's SVG is also written as a file: chartfiles.py)."""
    return PENDING.sub(lambda match: _finished(match.group()), text)


def _finished(token: str) -> str:
    future, chart_id, title, description = _PENDING[token]
    return _label(future.result(), chart_id, title, description)


def forget_pending() -> None:
    """Start a build afresh: placeholders of a build that stopped half-way are never resolved."""
    _PENDING.clear()
    _IN_FLIGHT.clear()


_GEOMETRY = re.compile(r' (d|transform|x|y|x1|x2|y1|y2|width|height|points)="([^"]*)"')
_DECIMALS = re.compile(r"(\d+\.\d)\d+")


def _short_coordinates(match: re.Match) -> str:
    short = _DECIMALS.sub(r"\1", match.group(2))
    return f' {match.group(1)}="{short}"'


def _compact(svg: str) -> str:
    # Vega's own ARIA phrases are English and redundant inside role="img": drop them.
    svg = re.sub(r' (?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"', "", svg)
    # Coordinates to one decimal: invisible on screen, a third of the bytes for maps. Only inside
    # geometry attributes: text a reader sees is never touched (it once cut "10.000" to "10.0").
    return _GEOMETRY.sub(_short_coordinates, svg)


def _label(svg: str, chart_id: str, title: str, description: str) -> str:
    head, rest = svg.split(">", 1)
    head = head.replace(' class="marks"', ' class="chart-svg"')
    labelled = xml_attribute(f"{chart_id}-title {chart_id}-desc")
    return (f'{head} role="img" aria-labelledby="{labelled}" focusable="false">'
            f'<title id="{xml_attribute(chart_id + "-title")}">{xml_text(title)}</title>'
            f'<desc id="{xml_attribute(chart_id + "-desc")}">{xml_text(description)}</desc>{rest}')
