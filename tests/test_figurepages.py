"""A page per figure and charts to take away (issue 15, items 5 and 6), read from the built site:
`tal/<figure_id>/` shows the number as the data writes it and its quote, its link lands on the
passage in the letter (anchor and a well-formed text fragment), its comparable figures follow
compare.py's rule, and each chart's SVG, PNG and CSV open in the tools that read them."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pandas as pd
import pytest

from aktivering import chartfiles, compare, figurepages
from aktivering.fmt import value_da
from aktivering.load import read_csv
from aktivering.paths import PACKAGES

DC = "{http://purl.org/dc/elements/1.1/}"
_INLINE = re.compile(r"</?(?:mark|span|a|strong|em|abbr|code)\b[^>]*>")


def page_text(markup: str) -> str:
    """What a reader sees as text, whitespace collapsed: inline tags vanish, others separate."""
    body = markup.split("<body", 1)[-1]
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", _INLINE.sub("", body))
    return " ".join(html.unescape(text).split())


def figures() -> list[dict]:
    rows = []
    for folder in sorted(PACKAGES.iterdir()):
        if (folder / "figures.csv").is_file():
            rows += [{**r, "package": folder.name} for r in read_csv(folder / "figures.csv").to_dict("records")]
    return rows


def figure_page(site: Path, figure_id: str) -> str:
    return (site / "tal" / figure_id / "index.html").read_text(encoding="utf-8")


def passage_link(markup: str) -> str:
    return html.unescape(re.search(r'<a class="md-button" href="([^"]+)">Læs sætningen i brevet</a>', markup).group(1))


# --- the page ---------------------------------------------------------------------------------

def test_figure_page_shows_the_number_as_written_and_its_quote(built_site):
    """`tal/217-f001/` (and every figure's page): the number exactly as the data writes it in Danish
    form, never rounded, and the quote it comes from."""
    for row in figures():
        markup = figure_page(built_site, row["figure_id"])
        shown = re.search(r'<p class="tal-vaerdi">(.*?)(?: <span|</p>)', markup).group(1)
        assert html.unescape(shown) == value_da(row["value"], row["unit"], row["qualifier"], row["value_max"])
        quote = re.search(r'<blockquote class="tal-citat" lang="da"><p>(.*?)</p></blockquote>', markup, re.S).group(1)
        assert html.unescape(quote) == " ".join(row["quote"].split())  # as the browser shows it
    first = figure_page(built_site, "217-f001")
    assert "36 %" in page_text(first) and "Helsingør Kommune" in page_text(first)


def test_figure_page_is_plain_danish_without_codes(built_site):
    """Readers see labels, not column names or vocabulary ids; the id only in the URL and in the
    files to download (the row, BibTeX, RIS)."""
    markup = figure_page(built_site, "217-f001")
    prose = page_text(markup)
    for code in ("uden_indsats_andel", "kontanthjælp+uddannelseshjælp", "alle-aktivitetsparate", "counted_by",
                 "reference_period", "figures.csv"):
        assert code not in prose, code
    assert "STAR" in prose and "Alle aktivitetsparate" in prose and "senest 18. aug. 2017" in prose


def test_the_parts_of_a_figure_are_what_it_holds_not_what_it_is_divided_into(built_site):
    """Regression: Syddjurs' «Kontanthjælp: 78 ud af i alt 369 sager» was shown on 369's page as
    «Fordelt på 78 langvarige modtagere», as if the 369 cases were divided among 78; a figure's
    parts are some of it (78 of them are long-term), and need not add up to it."""
    prose = page_text(figure_page(built_site, "706-f008"))
    assert "Heraf 78 langvarige modtagere (mindst 5 år)" in prose
    assert "Fordelt på" not in prose


def test_the_row_as_csv_is_the_data_row_with_formulas_neutralised(built_site):
    """The row to download (a data: link) reads with pandas as the package's own row (its header,
    its values, TABs and line breaks in a quote kept)."""
    for row in figures()[:40]:
        markup = figure_page(built_site, row["figure_id"])
        link = html.unescape(re.search(r'<a href="(data:text/csv;charset=utf-8,[^"]+)" download="([^"]+)"',
                                       markup).group(1))
        block = unquote(link.split(",", 1)[1])
        frame = pd.read_csv(io.StringIO(block), dtype=str, keep_default_na=False)
        expected = {k: v for k, v in row.items() if k != "package"}
        assert list(frame.columns) == list(expected)
        assert frame.iloc[0].to_dict() == {k: ("'" + v if v and v[0] in "=+-@\t\r" and k not in ("value", "value_max")
                                               else v) for k, v in expected.items()}


def test_row_csv_neutralises_formula_like_text_and_keeps_numbers():
    """A stranger's text that a spreadsheet would run (=, +, -, @) gets a leading '; a negative
    number in a number column stays a number; quotes and commas are CSV-escaped."""
    from aktivering import schemas

    row = {f["name"]: "" for f in schemas.canonical("figures")["fields"]}
    row.update(figure_id="217-f001", value="-5", quote='=HYPERLINK("x"), "y"', note="@SUM(A1)", category="- 12 borgere")
    parsed = next(csv.DictReader(io.StringIO(figurepages.row_csv(row))))
    assert parsed["value"] == "-5"
    assert parsed["quote"] == "'" + row["quote"] and parsed["note"] == "'@SUM(A1)"
    assert parsed["category"] == "'- 12 borgere"


# --- the link that lands on the passage -------------------------------------------------------

def _directive(link: str) -> tuple[str, str, list[str]]:
    """(letter page path, anchor, decoded text directive values) of a passage link."""
    parsed = urlparse(link)
    if ":~:" not in parsed.fragment:
        return parsed.path, parsed.fragment, []
    anchor, directive = parsed.fragment.split(":~:", 1)
    assert directive.startswith("text="), directive
    raw = directive.removeprefix("text=").split(",")
    assert 1 <= len(raw) <= 2, raw
    for value in raw:
        # The directive's syntax characters never stand unencoded inside a value, nor does space.
        assert not re.search(r"[-&, #%]", re.sub(r"%[0-9A-F]{2}", "", value)), value
    return parsed.path, anchor, [unquote(v) for v in raw]


def test_passage_link_lands_on_the_quote_in_the_letter(built_site):
    """The link to the letter carries the passage's anchor and a text fragment whose text occurs in
    the letter page: its first match is the quote (what the browser highlights and scrolls to)."""
    for row in figures():
        page = f"tal/{row['figure_id']}/"
        path, anchor, values = _directive(passage_link(figure_page(built_site, row["figure_id"])))
        letter = built_site / urljoin(page, path).strip("/") / "index.html"
        markup = letter.read_text(encoding="utf-8")
        assert anchor == row["figure_id"] and f'id="{anchor}"' in markup
        text = page_text(markup).lower()
        quote = " ".join(re.sub(r"(?m)^\s*(?:- |#+ )", "", row["quote"].replace("\t", "\n")).split()).lower()
        at = text.find(quote)
        assert at >= 0, row["figure_id"]
        if not values:  # no directive would land on it: the quote's first block occurs earlier
            first = re.split(r"[\t\n]+", row["quote"].strip())[0].split()
            assert text.find(" ".join(first[:4]).lower()) < at, row["figure_id"]
            continue
        start = values[0].lower()
        assert text.find(start) == at, (row["figure_id"], start)
        if len(values) == 2:
            end = values[1].lower()
            assert text.find(end, at + len(start)) == at + len(quote) - len(end), (row["figure_id"], end)
        else:
            assert start == quote


def test_text_fragment_encodes_the_directive_syntax():
    """`-`, `&` and `,` inside the quote are percent-encoded (URL Fragment Text Directives), so a
    quote like '4-6 uger, børn & unge' cannot split into textStart/textEnd or another directive."""
    transcript = "Indledning.\n\nVi tilbyder 4-6 uger, børn & unge.\n\nSlut."
    fragment = figurepages.text_fragment(transcript, "Vi tilbyder 4-6 uger, børn & unge.")
    assert fragment == ":~:text=Vi%20tilbyder%204%2D6%20uger%2C%20b%C3%B8rn%20%26%20unge."
    long = "Det er en lang sætning med mange ord, der går over to linjer\ni brevet og slutter her."
    text = "Før.\n\n" + long + "\n\nEfter."
    start, end = figurepages.text_fragment(text, " ".join(long.split())).removeprefix(":~:text=").split(",")
    assert unquote(start) == "Det er en lang" and unquote(end) == "brevet og slutter her."


HOSTILE_QUOTES = [
    'Vi skriver :~:text=ond&text=mere, "citat" og \'enkelt\' her.',
    "Procent 100% %41 og #anker og ?spørgsmål=ja og <script>x</script> her.",
    "Et - bindestreg, et & og et komma, og text=start,slut i en lang sætning på mere end otte ord.",
    "Celle et\tCelle to med & og ,\tCelle tre :~: slut",
]


@pytest.mark.parametrize("quote", HOSTILE_QUOTES)
def test_a_hostile_quote_makes_a_well_formed_fragment_or_none(quote):
    """A contributor's quote full of the directive's and the URL's own syntax (`:~:`, `&`, `,`,
    `-`, `%`, `#`, `?`, quotes, markup, table cells) gives one `text=` directive of percent-encoded
    values that decode to words of the quote, or no fragment at all: never a second directive, a
    broken escape or text that is not in the letter."""
    transcript = f"Indledning.\n\n{quote}\n\nSlut."
    fragment = figurepages.text_fragment(transcript, " ".join(quote.split()))
    assert fragment, quote  # every one of these is found once, so a fragment is made
    assert re.fullmatch(r":~:text=[A-Za-z0-9%._~]+(?:,[A-Za-z0-9%._~]+)?", fragment), fragment
    shown = " ".join(quote.split())
    for value in fragment.removeprefix(":~:text=").split(","):
        assert unquote(value) in shown, value


def test_text_fragment_of_a_quote_across_table_cells_uses_start_and_end():
    """A quote spanning table cells (blocks on the letter page) is matched by its first and last
    cell, never by one string that crosses a block boundary."""
    transcript = "Tabel:\n\nKontanthjælp\t246\nUddannelseshjælp\t22\n\nSlut."
    fragment = figurepages.text_fragment(transcript, "Kontanthjælp 246 Uddannelseshjælp 22")
    assert [unquote(v) for v in fragment.removeprefix(":~:text=").split(",")] == ["Kontanthjælp", "22"]
    assert figurepages.text_fragment(transcript, "står ikke i brevet") == ""


def test_the_browser_scrolls_the_passage_into_view(browser, site_url):
    """Chromium follows the link to the letter and shows the quoted sentence. 217-f023's sentence
    begins with words an earlier sentence holds in lower case ("i juli 2017 havde"): browsers match
    case-insensitively, so a fragment of too few words would land on the earlier sentence."""
    for figure_id in ("217-f023", "217-f001", "706-f016"):
        page = browser.new_page(viewport={"width": 360, "height": 800})
        try:
            page.goto(f"{site_url}/tal/{figure_id}/")
            page.click("text=Læs sætningen i brevet")
            page.wait_for_function(f"document.getElementById('{figure_id}').getBoundingClientRect().top < 800"
                                   " && window.scrollY > 0")
            top = page.evaluate(f"document.getElementById('{figure_id}').getBoundingClientRect().top")
            assert 0 <= top < 800, (figure_id, top)
        finally:
            page.close()


# --- comparable figures -----------------------------------------------------------------------

def test_comparable_figures_follow_the_comparability_rule(built_site):
    """Listed as comparable: exactly the same sender's other figures with the same measure, benefit,
    base and counter (compare.KEY) and category; a figure that differs in any is never listed."""
    rows = figures()
    by_id = {r["figure_id"]: r for r in rows}
    listed_any = 0
    for row in rows:
        markup = figure_page(built_site, row["figure_id"])
        section = markup.split('id="sammenlignelige-tal"', 1)[1].split("<h2", 1)[0]
        listed = re.findall(r'<td><a href="\.\./([^/]+)/">', section)
        expected = [r["figure_id"] for r in rows if r["figure_id"] != row["figure_id"]
                    and r["package"] == row["package"] and compare.comparable(r, row)
                    and r["category"] == row["category"]]
        assert sorted(listed) == sorted(expected), row["figure_id"]
        for other in listed:
            assert compare.comparable(by_id[other], row)
        listed_any += bool(listed)
    assert listed_any > 10  # the real data has series over time: the check above is not vacuous


def test_figure_page_citations_download_as_bibtex_and_ris(built_site):
    markup = figure_page(built_site, "217-f001")
    links = dict((name, unquote(href.split(",", 1)[1])) for href, name in
                 re.findall(r'<a href="(data:[^"]+)" download="([^"]+)"', html.unescape(markup)))
    assert set(links) == {"217-f001.csv", "217-f001.bib", "217-f001.ris"}
    assert links["217-f001.bib"].startswith("@misc{aktivering-217-f001-") and "url = {http" in links["217-f001.bib"]
    assert "UR  - http://127.0.0.1:8000/tal/217-f001/\r\n" in links["217-f001.ris"]


def test_figure_pages_are_not_in_the_search_index_or_the_navigation(built_site):
    index = (built_site / "search" / "sok_index.json").read_text(encoding="utf-8")
    assert not any(d["location"].startswith("tal/") for d in json.loads(index)["docs"])
    front = (built_site / "index.html").read_text(encoding="utf-8")
    nav = front.split('<nav class="md-nav md-nav--primary', 1)[1].split("</nav>", 1)[0]
    assert "tal/" not in nav


def test_figure_tables_link_each_number_to_its_page(built_site):
    """Kommune and letter pages: each number in the table of figures links to its own page."""
    markup = (built_site / "kommuner" / "helsingoer" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<td class="vaerdi" data-label="Værdi"><a href="\.\./\.\./tal/217-f001/">36 %</a>', markup)
    letter = (built_site / "breve" / "217-2017-09-13" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../tal/217-f001/"' in letter


# --- charts to take away ----------------------------------------------------------------------

def _chart_blocks(markup: str):
    for match in re.finditer(r'<figure class="diagram[^"]*" id="([^"]+)".*?</figure>', markup, re.S):
        yield match.group(1), match.group()


def _png_text(png: bytes) -> dict[str, str]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    fields, at = {}, 8
    while at < len(png):
        length = struct.unpack(">I", png[at: at + 4])[0]
        kind, data = png[at + 4: at + 8], png[at + 8: at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length: at + 12 + length])[0] == zlib.crc32(kind + data)
        if kind == b"iTXt":
            key, rest = data.split(b"\0", 1)
            fields[key.decode("latin-1")] = rest[2:].split(b"\0", 2)[2].decode("utf-8")
        at += 12 + length
    return fields


@pytest.mark.parametrize("page", ["kommuner/helsingoer", "kommuner/syddjurs", "kommuner/guldborgsund", ""])
def test_chart_files_open_and_carry_the_citation(built_site, page):
    """Every chart links its CSV, and a chart drawn as an SVG its SVG and PNG: the SVG parses and
    names its title and citation, the PNG is a PNG with the citation in its text chunks, and pandas
    reads the CSV with the numbers the chart's table shows, as the letters write them. (Since the
    bar tables replaced the kommune pages' SVG charts, those have no SVG or PNG to take away.)"""
    folder = built_site / page
    markup = (folder / "index.html").read_text(encoding="utf-8")
    blocks = list(_chart_blocks(markup))
    assert blocks
    for chart_id, block in blocks:
        links = dict((label, href) for href, label in
                     re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', block.split('diagram-filer"')[1]))
        # A chart drawn as an SVG (the map) has its SVG and PNG too; a bar table (bars.py) its CSV.
        drawn = "<svg" in block
        expected = {"diagrammet som SVG", "som PNG", "tallene som CSV"} if drawn else {"tallene som CSV"}
        assert set(links) == expected, chart_id
        files = {label: (folder / href).resolve() for label, href in links.items()}
        citation = html.unescape(re.search(r"Citér: (.*?)</p>", block).group(1))
        if drawn:
            svg = ET.fromstring(files["diagrammet som SVG"].read_bytes())
            assert svg.tag == "{http://www.w3.org/2000/svg}svg"
            described = svg.find(".//{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description")
            assert described.find(f"{DC}description").text == citation
            assert described.find(f"{DC}source").text.endswith(f"#{chart_id}")
            png = files["som PNG"].read_bytes()
            assert _png_text(png)["Description"] == citation
        frame = pd.read_csv(files["tallene som CSV"], dtype=str, keep_default_na=False)
        assert set(frame["citation"]) == {citation}
        if "value_da" in frame:  # a bar chart: its table shows each number as the CSV holds it
            table = block.split("<tbody>", 1)[1]
            cells = re.findall(r'<span class="soejle-tal">(.*?)</span>', table)  # each bar's number (bars.py)
            # a remainder the site works out is marked so on the bar; its CSV value is the number
            shown = [html.unescape(re.sub(r"<[^>]+>", "", c)).removesuffix(" (udregnet)") for c in cells]
            assert shown == list(frame["value_da"]), chart_id
            for _, r in frame.iterrows():
                assert value_da(r["value"], r["unit"], r["qualifier"], r["value_max"]) == r["value_da"]


def test_chart_csv_values_are_the_data_values(built_site):
    """A bar chart's CSV holds each figure's value as figures.csv writes it (never a float repr)."""
    values = {r["figure_id"]: r["value"] for r in figures()}
    checked = 0
    for path in sorted((built_site / "diagrammer").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "figure_id" in frame:
            for figure_id, value in zip(frame["figure_id"], frame["value"]):
                if figure_id:
                    assert values[figure_id] == value
                    checked += 1
    assert checked > 20


def test_framed_svg_escapes_a_strangers_text():
    """Chart titles and sources hold contributors' words: in the SVG file they stay text."""
    hostile = 'Fordeling af <script>alert(1)</script> & "x" ]]> \x01'
    svg = chartfiles.framed_svg('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"></svg>',
                                hostile, hostile, hostile, "http://127.0.0.1:8000/a/#b", "2026-12-01")
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.find("{http://www.w3.org/2000/svg}title").text == hostile.replace("\x01", "\ufffd")
    assert all(e.tag != "{http://www.w3.org/2000/svg}script" for e in root.iter())


def test_png_is_rendered_once_and_kept_in_the_signed_chart_cache(tmp_path, monkeypatch):
    """Rasterising costs ~20 ms a chart: a second build takes the PNG from the chart cache."""
    from aktivering import cache, charts

    monkeypatch.setattr(charts, "CACHE", cache.Store("charts", root=tmp_path))
    svg = chartfiles.framed_svg('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
                                '<rect width="10" height="10"/></svg>', "Titel", "Kilde", "Citér", "http://x/#y", "v")
    first = chartfiles._png(svg, [("Title", "Titel")])
    assert _png_text(first) == {"Title": "Titel"}
    calls = []
    monkeypatch.setattr(chartfiles.vlc, "svg_to_png", lambda *a, **k: calls.append(a))
    assert chartfiles._png(svg, [("Title", "Titel")]) == first and calls == []


def test_comparables_kept_per_package_equal_comparables_made_afresh(real_validation, monkeypatch):
    """Bug guarded (issue 17, seventh session): every serve rebuild grouped and JSON-encoded every
    package's figures for the figure pages' keys (0.14 s of a rebuild at 98 kommuner); now each
    package's share is kept while the package's key is unchanged. A kept share must never stand in
    for changed rows: after an edit to one package only its share is made again, and every figure's
    comparables and every package's key part equal those of a Comparables made with nothing kept —
    including another package's, whose group lost the edited figure (its count changes)."""
    from aktivering.model import build_site_model

    _, packages = real_validation
    figures = build_site_model(packages).figures
    made = []
    share = figurepages._share
    monkeypatch.setattr(figurepages, "_share", lambda rows: made.append(rows[0]["package"]) or share(rows))
    monkeypatch.setattr(figurepages, "_SHARES", {})
    keys = {name: f"before:{name}" for name in set(figures["package"])}
    before = figurepages.Comparables(figures, keys)
    assert sorted(made) == sorted(keys)
    # A Helsingør figure in a group another kommune also has, moved to a group of its own.
    groups = figures.groupby(figurepages.MATCH)["package"].agg(set)
    shared = next(key for key, senders in groups.items() if "217-helsingoer" in senders and len(senders) > 1)
    other = sorted(groups[shared] - {"217-helsingoer"})[0]
    row = next(i for i, r in figures.iterrows()
               if r["package"] == "217-helsingoer" and tuple(r[c] for c in figurepages.MATCH) == shared)
    edited = figures.copy()
    edited.loc[row, "category"] = "flyttet"
    keys["217-helsingoer"] = "after:217-helsingoer"
    made.clear()
    kept = figurepages.Comparables(edited, keys)
    assert made == ["217-helsingoer"]
    monkeypatch.setattr(figurepages, "_SHARES", {})
    fresh = figurepages.Comparables(edited, keys)
    for name in keys:
        assert kept.package_summary(name) == fresh.package_summary(name), name
    for figure_id in edited["figure_id"]:
        assert kept.of(figure_id) == fresh.of(figure_id), figure_id
    assert kept.package_summary(other) != before.package_summary(other)
    assert kept.package_summary("217-helsingoer") != before.package_summary("217-helsingoer")
