"""The front page's map: an Altair spec rendered at build time to static, accessible SVG (no chart
library ships), with Vega's automatic English ARIA switched off and our own Danish <title>/<desc>
on the <svg> element. SVGs are cached by content hash.

Bar charts and timelines are HTML tables (bars.py), legible at any width and drawn without
vl-convert. The map has no text of its own: its legend is HTML under it (index.md.j2), so no text
in an SVG shrinks on a phone. Nothing rewrites SVG text (`_compact` shortens coordinates inside
attributes only).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from .cache import Store, module_digest
from .escape import xml_attribute, xml_text

CACHE = Store("charts")  # signed entries outside the checkout: a forged or truncated SVG is rendered again

# Measured with DejaVu Sans at build time (Debian's default); Verdana and Arial, the fallbacks on
# readers' machines, are no wider, so labels are never clipped.
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


def _base_config(chart: alt.Chart) -> alt.Chart:
    return chart.configure(aria=False, font=FONT, padding={"left": 8, "right": 8, "top": 4, "bottom": 4}
                           ).configure_view(stroke=None)


def map_chart(geojson: dict, has_data: dict[str, bool]) -> dict:
    features = []
    for feature in geojson["features"]:
        props = dict(feature["properties"])
        props["status"] = "Har data" if has_data.get(props["kommune_code"]) else "Ingen data endnu"
        features.append({**feature, "properties": props, "geometry": _clockwise(feature["geometry"])})
    data = alt.Data(values=features)
    chart = alt.Chart(data).mark_geoshape(stroke="#ffffff", strokeWidth=0.6).encode(
        # No legend in the SVG: it is HTML under the map (index.md.j2), legible at any width.
        color=alt.Color("properties.status:N", title=None, legend=None,
                        scale=alt.Scale(domain=["Har data", "Ingen data endnu"], range=["#0072B2", "#d9dde3"])),
    ).project(type="mercator").properties(width=340, height=300)
    return _base_config(chart).to_dict(validate=False)


def _clockwise(geometry: dict) -> dict:
    """RFC 7946 rings are counter-clockwise; d3/Vega expects clockwise exteriors, else it fills
    the whole globe but the polygon (see data/reference/PROVENANCE.md)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rewound = [[ring[::-1] for ring in polygon] for polygon in polygons]
    return {"type": geometry["type"], "coordinates": rewound if geometry["type"] == "MultiPolygon" else rewound[0]}


# Code (this module and all it imports) and library versions are part of every cache key: a change
# to how charts look re-renders.
_CODE_KEY = hashlib.sha256(module_digest(Path(__file__)).encode() + vlc.__version__.encode()
                           + alt.__version__.encode()).hexdigest()


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
