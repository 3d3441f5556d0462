"""Charts to take away (issue 15, item 6): each chart's numbers as CSV and, where the chart is an
SVG, the SVG and a PNG, linked under the chart, each carrying its citation.

Every chart block gets its CSV, whatever draws it (an SVG from vl-convert or, where a chart is an
HTML table with bars, the rows behind it): the rows with the numbers as the letters write them
(`value` as in the data, never rounded), and the citation in a `citation` column on every row.
A column, not a comment line or a second header row: CSV has no comments, and every client
(pandas, R, Excel, DuckDB) reads a column, which also stays with a row copied elsewhere. Text
cells a spreadsheet would read as a formula get a leading ' (escape.spreadsheet_cell), as in the
other files meant for spreadsheets; numbers stay numbers.

The SVG is the chart as the page shows it, inside a frame that writes its title above it and
its source and citation below it (a chart taken away keeps its source in sight), with the
citation also in <metadata> as Dublin Core. The PNG is that SVG rasterised by vl-convert
(`svg_to_png`, no second Vega run) with the citation in iTXt chunks (Title, Author, Source,
Copyright, Description). Contributor text in both is XML-escaped (escape.xml_text).
Rasterising takes about 20 ms a chart: PNGs are kept in the signed chart cache (cache.py) by the
SVG's bytes, and rendered on threads while the pages go on being written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import struct
import textwrap
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import vl_convert as vlc

from . import charts, escape, opendata, urls
from .cache import module_digest
from .urls import asset_url
from .writes import write_if_changed

PNG_SCALE = 2  # sharp on a high-density screen and in print
_POOL = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="chart-png")
_PNG_KEY = hashlib.sha256(module_digest(Path(__file__)).encode() + vlc.__version__.encode()).hexdigest()


@dataclass
class Link:
    label: str
    href: str


def csv_bytes(header: list[str], rows: list[list], numbers: set[str]) -> bytes:
    """Standard CSV (UTF-8, comma, `"` quoting, LF); text cells neutralised for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell if name in numbers else escape.spreadsheet_cell(str(cell))
                         for name, cell in zip(header, row)])
    return buffer.getvalue().encode("utf-8")


# --- the SVG with its title and citation in sight --------------------------------------------

_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')
CHAR_WIDTH = 6.6  # DejaVu Sans at 11 px, a wide average: lines wrap before they reach the edge


def _lines(text: str, width: float, size: float) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), max(20, int(width / (CHAR_WIDTH * size / 11)))) or [""]


def framed_svg(svg: str, title: str, source: str, citation: str, address: str, version: str) -> str:
    """A standalone SVG file: the chart's SVG nested in a white frame with its title above and its
    source and citation below, and the citation as Dublin Core in <metadata>."""
    size = _SIZE.search(svg)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (400.0, 300.0)
    width = max(width, 360.0)
    heading = _lines(title, width - 16, 13)
    footer = _lines(source, width - 16, 11) + _lines(citation, width - 16, 11) + _lines(address, width - 16, 11)
    top = 8 + 17 * len(heading) + 6
    total = top + height + 8 + 14 * len(footer) + 6
    t = escape.xml_text
    text = [f'<text x="8" y="{8 + 13 + 17 * i}" font-size="13" font-weight="bold" fill="#1f1f1f">{t(line)}</text>'
            for i, line in enumerate(heading)]
    text += [f'<text x="8" y="{top + height + 8 + 11 + 14 * i}" font-size="11" fill="#1f1f1f">{t(line)}</text>'
             for i, line in enumerate(footer)]
    # The chart's own elements, moved down under the title: a nested <svg> took resvg three times as long.
    body = svg.split(">", 1)[1].rsplit("</svg>", 1)[0] if svg.startswith("<svg") else ""
    inner = f'<g transform="translate(0 {top:g})">{body}</g>'
    metadata = (f'<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                f'xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f'<rdf:Description rdf:about="{escape.xml_attribute(address)}">'
                f"<dc:title>{t(title)}</dc:title><dc:creator>{t(opendata.citation_author())}</dc:creator>"
                f"<dc:publisher>{t(opendata.PUBLISHER)}</dc:publisher><dc:date>{t(version)}</dc:date>"
                f"<dc:source>{t(address)}</dc:source><dc:rights>CC BY 4.0 {t(opendata.LICENSE_URL)}</dc:rights>"
                f"<dc:description>{t(citation)}</dc:description><dc:language>da</dc:language>"
                "</rdf:Description></rdf:RDF></metadata>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'width="{width:g}" height="{total:g}" viewBox="0 0 {width:g} {total:g}" '
            f'font-family="{escape.xml_attribute(charts.FONT)}">'
            f"<title>{t(title)}</title><desc>{t(citation)}</desc>{metadata}"
            f'<rect width="100%" height="100%" fill="#ffffff"/>{"".join(text)}{inner}</svg>\n')


# --- the PNG with its citation in text chunks -------------------------------------------------

def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    chunks, at = [], 8
    while at < len(png):
        length = struct.unpack(">I", png[at: at + 4])[0]
        chunks.append((png[at + 4: at + 8], png[at + 8: at + 8 + length]))
        at += 12 + length
    return chunks


def with_text(png: bytes, fields: list[tuple[str, str]]) -> bytes:
    """png with an iTXt chunk (UTF-8, uncompressed) per field after its header, and its image data
    compressed again at zlib's default level (vl-convert writes it fast and four times larger)."""
    chunks = _chunks(png)
    if not chunks or chunks[0][0] != b"IHDR":
        raise ValueError("not a PNG")
    text = [(b"iTXt", key.encode("latin-1") + b"\0\0\0da\0\0" + escape.xml_legal(value).encode())
            for key, value in fields]
    image = zlib.compress(zlib.decompress(b"".join(d for k, d in chunks if k == b"IDAT")), 6)
    rest = [(k, d) for k, d in chunks[1:] if k not in (b"IDAT", b"IEND")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(_chunk(k, d) for k, d in [chunks[0], *text, *rest, (b"IDAT", image),
                                                                      (b"IEND", b"")])


def _png(svg: str, fields: list[tuple[str, str]]) -> bytes:
    key = hashlib.sha256(_PNG_KEY.encode() + svg.encode() + repr(fields).encode()).hexdigest()
    cached = charts.CACHE.get(f"png:{key}")
    if cached is not None:
        return cached
    png = with_text(bytes(vlc.svg_to_png(svg, scale=PNG_SCALE)), fields)
    charts.CACHE.put(f"png:{key}", png)  # signed; an unwritable cache only costs time
    return png


# --- what each kind of chart's CSV holds -------------------------------------------------------

BAR_COLUMNS = ["label", "benefit", "value", "value_max", "unit", "qualifier", "value_da", "reference_period",
               "period_da", "forecast", "derived", "figure_id", "url"]
NUMBERS = {"value", "value_max"}


def bar_table(rows, label_column: str, site_url: str) -> tuple[list[str], list[list], set[str]]:
    """A bar chart's rows: the label drawn, the number as the data holds it and as the page writes
    it, its date, marks, and the figure's page (empty for a number worked out here)."""
    derived = rows["derived"] if "derived" in rows else [""] * len(rows)
    table = []
    for values, worked_out in zip(zip(*(rows[c] for c in (label_column, "benefit_label", "value", "value_max",
                                                          "unit", "qualifier", "value_da", "reference_period",
                                                          "period_da", "forecast", "figure_id"))), derived):
        *shown, figure_id = values
        table.append([*shown, worked_out, "" if worked_out else figure_id,
                      "" if worked_out else urls.Urls(site_url).page(urls.figure_page(figure_id))])
    return BAR_COLUMNS, table, NUMBERS


def timeline_table(initiatives, site_url: str) -> tuple[list[str], list[list], set[str]]:
    columns = ["initiative_id", "name", "start", "end", "period_text", "status"]
    return [*columns, "url"], [[*values, urls.Urls(site_url).page(page, f"initiativ-{values[0]}")] for *values, page in
                               zip(*(initiatives[c] for c in columns), initiatives["kommune_page"])], set()


def map_table(kommuner, site_url: str) -> tuple[list[str], list[list], set[str]]:
    page_url = urls.Urls(site_url).page
    return (["kommune_code", "name", "region", "has_data", "url"],
            [[c, n, r, "true" if d else "false", page_url(p) if d else ""] for c, n, r, d, p in
             zip(kommuner["kommune_code"], kommuner["name"], kommuner["region_name"], kommuner["has_data"],
                 kommuner["page"])], set())


# --- the files of a page's charts -------------------------------------------------------------

class ChartFiles:
    """The files of the charts the pages show: CSVs are written at once, SVGs and PNGs once the
    charts' SVGs are rendered (`flush`, before the pages holding them are written)."""

    def __init__(self, out, site_url: str, version: str):
        self.out = out
        self.site_url = site_url
        self.version = version
        self._waiting: list[tuple[str, str, tuple[str, str, str, str]]] = []

    def add(self, from_page: str, chart_id: str, title: str, source: str, citation: str, address: str,
            table: tuple[list[str], list[list], set[str]], svg: str = "") -> tuple[list[Link], list[str]]:
        """Links to the chart's files, and the files' paths (for the page's incremental unit).
        table: (header, rows, number columns) of its CSV; svg: the chart as `charts.render` gave
        it (an SVG or a placeholder), '' for a chart without one."""
        stem = urls.chart_files_stem(escape.path_segment(chart_id))
        header, rows, numbers = table
        rows = [[*row, citation] for row in rows]
        write_if_changed(self.out / f"{stem}.csv", csv_bytes([*header, "citation"], rows, numbers))
        files = [f"{stem}.csv"]
        links = [Link("tallene som CSV", asset_url(from_page, f"{stem}.csv"))]
        if svg:
            files += [f"{stem}.svg", f"{stem}.png"]
            links = [Link("diagrammet som SVG", asset_url(from_page, f"{stem}.svg")),
                     Link("som PNG", asset_url(from_page, f"{stem}.png")), *links]
            self._waiting.append((stem, svg, (title, source, citation, address)))
        return links, files

    def flush(self) -> None:
        """Write the SVGs and PNGs of the charts added since the last flush."""
        framed = []
        for stem, svg, (title, source, citation, address) in self._waiting:
            text = framed_svg(charts.peek(svg), title, source, citation, address, self.version)
            fields = [("Title", title), ("Author", opendata.citation_author()), ("Source", address),
                      ("Copyright", f"CC BY 4.0 {opendata.LICENSE_URL}"), ("Description", citation)]
            framed.append((stem, text, _POOL.submit(_png, text, fields)))
        for stem, text, png in framed:
            write_if_changed(self.out / f"{stem}.svg", text.encode("utf-8"))
            write_if_changed(self.out / f"{stem}.png", png.result())
        self._waiting.clear()
