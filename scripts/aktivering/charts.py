"""Altair specs rendered at build time to static, accessible SVG (no chart library ships).

Every chart is a horizontal bar chart with the value written on each bar (narrow screens read
bars sideways best), in Danish number format, with Vega's automatic English ARIA switched off
and our own Danish <title>/<desc> on the <svg> element. SVGs are cached by content hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import textwrap
from functools import cache
from html import escape
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from .paths import CHART_CACHE

CACHE = CHART_CACHE

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


def _colour(frame: pd.DataFrame) -> alt.Color:
    present = [b for b in BENEFIT_COLOURS if b in set(frame["benefit_label"])]
    return alt.Color("benefit_label:N", title="Ydelse", sort=present,
                     scale=alt.Scale(domain=present, range=[BENEFIT_COLOURS[b] for b in present]))


def _x(frame: pd.DataFrame, x_title: str) -> alt.X:
    maximum = float(frame["number"].max()) or 1.0
    # Room to the right of the longest bar for its label.
    return alt.X("number:Q", title=x_title, scale=alt.Scale(domain=[0, maximum * 1.35], nice=False),
                 axis=alt.Axis(format=",~f", tickCount=4))


def wrap(label: str, width: int = LABEL_WIDTH) -> str:
    """Row labels wrap onto lines (split again by labelExpr) instead of being cut off."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=True)) or label


def _y(rows: list[str]) -> alt.Y:
    return alt.Y("row:N", sort=rows, title=None,
                 axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=0, labelPadding=6))


def _row_height(rows: list[str], per_line: int = 15, minimum: int = 30) -> int:
    """A band scale gives every row the same height, so the tallest label decides."""
    lines = max((row.count("\n") + 1 for row in rows), default=1)
    return len(rows) * max(minimum, per_line * lines + 10)


def bar_chart(frame: pd.DataFrame, *, x_title: str) -> dict:
    """One bar per row. frame columns: row (y label, in order), number, text (bar label), benefit_label."""
    frame = frame.assign(row=frame["row"].map(wrap))
    rows = list(dict.fromkeys(frame["row"]))
    y = _y(rows)
    base = alt.Chart(frame)
    bars = base.mark_bar(height={"band": 0.7}).encode(y=y, x=_x(frame, x_title), color=_colour(frame))
    labels = base.mark_text(align="left", dx=4, fontSize=12, color="#1f1f1f").encode(
        y=y, x=_x(frame, x_title), text="text:N")
    return _base_config((bars + labels).properties(width=300, height=_row_height(rows))).to_dict(validate=False)


def grouped_bar_chart(frame: pd.DataFrame, *, x_title: str) -> dict:
    """Rows with several benefits: one bar per benefit inside each row, offset and coloured."""
    frame = frame.assign(row=frame["row"].map(wrap))
    rows = list(dict.fromkeys(frame["row"]))
    y = _y(rows)
    offset = alt.YOffset("benefit_label:N", sort=[b for b in BENEFIT_COLOURS if b in set(frame["benefit_label"])])
    base = alt.Chart(frame)
    bars = base.mark_bar().encode(y=y, yOffset=offset, x=_x(frame, x_title), color=_colour(frame))
    labels = base.mark_text(align="left", dx=4, fontSize=12, color="#1f1f1f").encode(
        y=y, yOffset=offset, x=_x(frame, x_title), text="text:N")
    per_row = frame.groupby("row")["benefit_label"].nunique().max()
    height = _row_height(rows, minimum=22 * per_row + 14)
    return _base_config((bars + labels).properties(width=300, height=height)).to_dict(validate=False)


def timeline_chart(frame: pd.DataFrame) -> dict:
    """frame columns: row, start, end (ISO dates), text."""
    frame = frame.assign(row=frame["row"].map(wrap))
    rows = frame["row"].tolist()
    y = _y(rows)
    base = alt.Chart(frame)
    bars = base.mark_bar(height={"band": 0.6}, color=NEUTRAL).encode(
        y=y, x=alt.X("start:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=5)), x2="end:T")
    labels = base.mark_text(align="left", dx=4, fontSize=11, color="#1f1f1f").encode(y=y, x="end:T", text="text:N")
    return _base_config((bars + labels).properties(width=260, height=_row_height(rows))).to_dict(validate=False)


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


def render(builder, *args, chart_id: str, title: str, description: str, **kwargs) -> str:
    """SVG of builder(*args, **kwargs), cached by the builder's inputs: on a hit neither Altair
    nor Vega runs (building and validating Altair specs cost more than rendering them)."""
    key = hashlib.sha256(json.dumps([_CODE_KEY, builder.__name__, [_input_key(a) for a in args], kwargs],
                                    sort_keys=True, default=str).encode()).hexdigest()
    cached = CACHE / f"{key}.svg"
    if cached.exists():
        svg = cached.read_text(encoding="utf-8")
    else:
        spec = builder(*args, **kwargs)
        svg = _compact(vlc.vegalite_to_svg(spec, format_locale=_locales()[0], time_format_locale=_locales()[1],
                                           allowed_base_urls=[]))
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(cached)  # atomic: a concurrent or interrupted build never reads half a file
    return _label(svg, chart_id, title, description)


def _compact(svg: str) -> str:
    # Vega's own ARIA phrases are English and redundant inside role="img": drop them.
    svg = re.sub(r' (?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"', "", svg)
    # Coordinates to one decimal: invisible on screen, a third of the bytes for maps.
    svg = re.sub(r"(\d+\.\d)\d+", r"\1", svg)
    return svg


def _label(svg: str, chart_id: str, title: str, description: str) -> str:
    head, rest = svg.split(">", 1)
    head = head.replace(' class="marks"', ' class="chart-svg"')
    return (f'{head} role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">'
            f'<title id="{chart_id}-title">{escape(title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>{rest}')
