"""Every number shown is the number written (issue 11): chart text against the data it was drawn
from, in Danish number form, read from the BUILT site.

The expected text is written here by a formatter of the test's own (`_danish`), not by the code
under test, so a formatter that rounds or a rewrite of the SVG afterwards is caught.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest

from aktivering.validate import validate

from site_support import html_pages

DANISH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MONTHS = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
          "januar", "februar", "marts", "april", "juni", "juli", "august", "september", "oktober",
          "november", "december")
# Dates as the site writes them ('12. dec. 2017', 'juli 2018', '2. halvår af 2018' in a letter's
# category) and a timeline's year ticks: their digits are dates, not quantities.
DATE = re.compile(r"(?:\b\d{1,2}\. )?(?:" + "|".join(re.escape(m) for m in MONTHS) + r") \d{4}|\b\d\. halvår"
                  r"(?: af)? \d{4}|\b(?:19|20)\d{2}\b")


def _danish(value: str) -> str:
    """The test's own Danish form of a number as the CSV writes it: 10000 -> 10.000, 15.7 -> 15,7."""
    number = Decimal(value)
    whole, _, decimals = f"{abs(number):f}".partition(".")
    decimals = decimals.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if number < 0 else "") + grouped + ("," + decimals if decimals else "")


def _texts(svg: str, mark_class: str) -> list[str]:
    texts = []
    for group in re.findall(rf'<g class="mark-text {mark_class}[^"]*"[^>]*>(.*?)</g>', svg, re.S):
        for text in re.findall(r"<text[^>]*>(.*?)</text>", group, re.S):
            texts.append(html.unescape(re.sub(r"<[^>]+>", " ", text)).strip())
    return texts


def _charts(built_site):
    """(page, figure id, data-figures ids, data-total, svg) for every chart on every built page."""
    for path in html_pages(built_site):
        text = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        for match in re.finditer(r'<figure class="diagram[^"]*" id="([^"]+)"([^>]*)>(.*?)</figure>', text, re.S):
            ids = re.search(r'data-figures="([^"]*)"', match.group(2))
            total = re.search(r'data-total="([^"]*)"', match.group(2))
            svg = re.search(r"<svg.*?</svg>", match.group(3), re.S)
            if svg:
                yield (path, match.group(1), ids.group(1).split() if ids else None, total.group(1) if total else "",
                       svg.group())


@pytest.fixture(scope="module")
def figures():
    _, packages = validate()
    return {f["figure_id"]: f for p in packages for f in p.figures.to_dict("records")}


def test_every_number_in_every_chart_is_in_danish_form(built_site):
    """Guards against the bug where a regex meant for SVG coordinates cut the Danish thousands
    separator in chart text: 10.000 was printed "10.0", 27.000 "27.0", ticks "5.0/10.0"."""
    seen = 0
    for path, chart_id, _ids, _total, svg in _charts(built_site):
        for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S):
            words = DATE.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
            for number in NUMBER.findall(words):
                seen += 1
                assert DANISH_NUMBER.match(number), f"{path} {chart_id}: {number!r} in {text!r}"
    assert seen > 20  # the check ran over real charts


def test_bar_labels_are_the_numbers_written(built_site, figures):
    """Each number written on a bar is a figure's value exactly as the letter has it (or, on a
    breakdown, the remainder the letter leaves unassigned), and every figure drawn has its label."""
    charts = [c for c in _charts(built_site) if c[2]]
    assert len(charts) >= 10
    for path, chart_id, ids, total, svg in charts:
        labels = _texts(svg, "role-mark")
        written = {_danish(figures[i]["value"]) for i in ids}
        written |= {_danish(figures[i]["value_max"]) for i in ids if figures[i]["value_max"]}
        if total:  # a breakdown of a declared total: the remainder the letter leaves may be drawn
            parts = sum(Decimal(figures[i]["value"]) for i in ids)
            written.add(_danish(str(Decimal(figures[total]["value"]) - parts)))
        numbers = [n for label in labels for n in NUMBER.findall(DATE.sub(" ", label))]
        assert numbers, f"{path} {chart_id}: no numbers on the bars"
        for number in numbers:
            assert number in written, f"{path} {chart_id}: {number!r} is on a bar but not in the data {written}"
        for i in ids:
            assert _danish(figures[i]["value"]) in numbers, f"{path} {chart_id}: {i} is drawn without its number"


def test_axis_ticks_are_round_danish_numbers(built_site):
    """Ticks on a value axis are written by the Danish formatter and step evenly from 0."""
    checked = 0
    for path, chart_id, ids, _total, svg in _charts(built_site):
        if not ids:
            continue
        ticks = [t for t in _texts(svg, "role-axis-label") if NUMBER.fullmatch(t)]
        values = [Decimal(t.replace(".", "").replace(",", ".")) for t in ticks]
        assert values and values[0] == 0, f"{path} {chart_id}: ticks {ticks}"
        steps = {b - a for a, b in zip(values, values[1:])}
        assert len(steps) <= 1, f"{path} {chart_id}: uneven ticks {ticks}"
        checked += 1
    assert checked >= 10
