"""On a phone (issue 13): no page wider than the screen, and no text under 12 CSS px, chart text
included, at any width from 320 px up. Charts are HTML tables with CSS bars (bars.py) and the map an
SVG without text; SVG text, should any come back, is measured as rendered (its font size times the
scale the SVG is drawn at), since an SVG scaled to a phone's width shrinks its text with it."""

from __future__ import annotations

import pytest

from site_support import html_pages

# Every element with text of its own, and every SVG text element as rendered: [name, px, in a chart].
TEXT_SIZES = """() => {
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest("svg, script, style, noscript") || !element.getClientRects().length) continue;
    const ownText = [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim());
    if (!ownText) continue;
    const name = `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`;
    found.push([name, parseFloat(getComputedStyle(element).fontSize), !!element.closest("figure.diagram")]);
  }
  for (const text of document.querySelectorAll("svg text")) {
    if (!text.getClientRects().length || !text.textContent.trim()) continue;
    const m = text.getScreenCTM();
    found.push([`svg text ${text.textContent.trim()}`,
                parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b), true]);
  }
  return found;
}"""
CHART_PAGES = ["/", "/kommuner/helsingoer/", "/sammenligning/", "/national/", "/kommuner/guldborgsund/"]


def _small_text(page) -> tuple[list[str], int]:
    sizes = page.evaluate(TEXT_SIZES)
    return sorted({f"{name} {size:.1f}px" for name, size, _chart in sizes if size < 12}), sum(c for *_, c in sizes)


@pytest.mark.parametrize("width", [320, 360])
def test_no_page_is_wider_than_a_phone_and_no_text_is_under_12px(built_site, site_url, browser, width):
    """Chart text shrank to 5.8–8.6 px at 360 px (SVG scaled to the column): 92 of 149 chart texts
    on the Helsingør page were under 11 px, and letter pages scrolled sideways."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems, chart_texts = {}, 0
    try:
        for path in [*html_pages(built_site), "/404.html"]:  # the 404 page is a page type too
            page.goto(site_url + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            small, charts = _small_text(page)
            chart_texts += charts
            if scroll > width or small:
                problems[path] = {"width": scroll, "small text": small}
    finally:
        context.close()
    assert problems == {}
    assert chart_texts > 100  # the charts' text was measured, not skipped


@pytest.mark.parametrize("width", [400, 480, 600, 768, 960, 1024, 1280, 1600])
def test_chart_text_is_never_under_12px_at_wider_widths(site_url, browser, width):
    """'Any width from 320 px up': between the phone and the desktop an SVG is still scaled to its
    column, and the table of contents narrows the column again from 960 px."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = {}
    try:
        for path in CHART_PAGES:
            page.goto(site_url + path)
            small = [s for s in _small_text(page)[0]]
            if small or page.evaluate("document.documentElement.scrollWidth") > width:
                problems[path] = small
    finally:
        context.close()
    assert problems == {}


BAR_GEOMETRY = """() => [...document.querySelectorAll("figure.diagram .soejle-linje")].map(line => {
  const bar = line.querySelector(".soejle"), number = line.querySelector(".soejle-tal");
  const l = line.getBoundingClientRect(), b = bar.getBoundingClientRect(), n = number.getBoundingClientRect();
  const em = parseFloat(getComputedStyle(line).fontSize);
  const share = parseFloat(getComputedStyle(bar).getPropertyValue("--andel"));
  return {chart: line.closest("figure").id, share, expected: (l.width - 4.5 * em) * share, width: b.width,
          barRight: b.right, numberLeft: n.left, numberRight: n.right, lineRight: l.right,
          sameLine: n.top < b.bottom && n.bottom > b.top};
})"""
TIMELINE_GEOMETRY = """() => [...document.querySelectorAll("figure.diagram .forloeb-linje")].flatMap(track => {
  const t = track.getBoundingClientRect();
  return [...track.children].map(mark => {
    const m = mark.getBoundingClientRect();
    return {chart: track.closest("figure").id, left: m.left - t.left, right: t.right - m.right, width: m.width};
  });
})"""


def test_bars_are_drawn_to_scale_at_1280px(site_url, browser):
    """At a desktop width each bar is its number's share of the chart's largest (drawn, not just
    written in the style), the number stands after its bar on the same line and inside the chart,
    the largest bar is long enough to read as a chart, and timeline marks stay on their track."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    bars, marks = [], []
    try:
        for path in CHART_PAGES:
            page.goto(site_url + path)
            bars += page.evaluate(BAR_GEOMETRY)
            marks += page.evaluate(TIMELINE_GEOMETRY)
    finally:
        context.close()
    assert len(bars) >= 20 and marks
    for bar in bars:
        assert abs(bar["width"] - bar["expected"]) <= 1, bar
        assert bar["sameLine"] and bar["numberLeft"] >= bar["barRight"], bar
        assert bar["numberRight"] <= bar["lineRight"] + 0.5, bar
        if bar["share"] == 1:
            assert bar["width"] >= 150, bar
    for mark in marks:
        assert mark["left"] >= -6 and mark["right"] >= -6 and mark["width"] > 0, mark  # a point's half-width


@pytest.mark.parametrize("width", [960, 1280, 1600, 2400])
def test_no_table_is_wider_than_its_frame_on_a_desktop(site_url, browser, width):
    """Metode's table of measures was wider than its frame at every desktop width: its fifth column
    (the ids in data) was scrolled out of view, the ids broken letter by letter. A table may scroll
    inside its frame on a phone, not where the column has room. Breve's list and Data's two tables of
    files scrolled inside their frames from 960 to 2400 px: the last column (Titel, Opdateret) cut off."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    wide = {}
    try:
        for path in ["/metode/", "/breve/", "/data/"]:
            page.goto(site_url + path)
            frames = page.evaluate("""() => [...document.querySelectorAll('.tabel-ramme')]
                .filter(f => f.scrollWidth > f.clientWidth + 1)
                .map(f => `${f.getAttribute('aria-label')}: ${f.scrollWidth} > ${f.clientWidth}`)""")
            if frames:
                wide[path] = frames
    finally:
        context.close()
    assert wide == {}


# Every value with a unit, and whether its text runs over more than one line.
UNIT_LINES = """() => [...document.querySelectorAll(".soejle-tal, td.vaerdi > a, .noegletal-vaerdi, .tal-vaerdi")]
  .filter(el => / (%|dage|uger|år)/.test(el.textContent) && el.getClientRects().length)
  .map(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return [el.textContent.trim(), tops.size];
  })"""


@pytest.mark.parametrize("width", [320, 360, 960, 1280, 1600])
def test_a_number_and_its_unit_stay_on_one_line(site_url, browser, width):
    """Sammenligning's tables at 1280 px broke 'godt 34 %', '15,7 %' and '38,5 %' before the '%'
    (a value cell that may wrap, so that a qualifier like 'mere end' can go on its own line)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    broken, seen = {}, 0
    try:
        for path in [*CHART_PAGES, "/tal/217-f001/"]:
            page.goto(site_url + path)
            values = page.evaluate(UNIT_LINES)
            seen += len(values)
            if wrapped := [text for text, lines in values if lines > 1]:
                broken[path] = wrapped
    finally:
        context.close()
    assert broken == {}
    assert seen > 10  # values with units were found and measured
