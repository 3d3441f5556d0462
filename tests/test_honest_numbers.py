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

from conftest import FIXTURES
from site_support import build_with_packages, html_pages

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


def _bars(body: str) -> list[dict]:
    """The rows of a chart drawn as a table with CSS bars: row header, the number written on the bar,
    the bar's length (--andel) and the figure its source link points at ('' for a worked-out bar)."""
    rows = []
    for row in re.findall(r"<tr[^>]*>(<th scope=\"row\">.*?)</tr>", body, re.S):
        bar = re.search(r'<span class="soejle [^"]*" style="--andel: ([0-9.]+)"></span>'
                        r'<span class="soejle-tal">(.*?)</span>', row, re.S)
        if not bar:
            continue
        label = re.search(r'<th scope="row">(.*?)</th>', row, re.S).group(1)
        link = re.search(r'class="soejle-kilde"><a href="[^"#]*#([^"]+)"', row)
        rows.append({"label": html.unescape(label).strip(), "text": html.unescape(bar.group(2)).strip(),
                     "share": Decimal(bar.group(1)), "figure": link.group(1) if link else ""})
    return rows


def _charts(built_site):
    """(page, figure id, data-figures ids, data-total, bar rows, svg) for every chart on every built page."""
    for path in html_pages(built_site):
        text = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        for match in re.finditer(r'<figure class="diagram[^"]*" id="([^"]+)"([^>]*)>(.*?)</figure>', text, re.S):
            ids = re.search(r'data-figures="([^"]*)"', match.group(2))
            total = re.search(r'data-total="([^"]*)"', match.group(2))
            svg = re.search(r"<svg.*?</svg>", match.group(3), re.S)
            yield (path, match.group(1), ids.group(1).split() if ids else None, total.group(1) if total else "",
                   _bars(match.group(3)), svg.group() if svg else "")


@pytest.fixture(scope="module")
def figures():
    _, packages = validate()
    return {f["figure_id"]: f for p in packages for f in p.figures.to_dict("records")}


def test_every_number_in_every_chart_is_in_danish_form(built_site):
    """Guards against the bug where a regex meant for SVG coordinates cut the Danish thousands
    separator in chart text: 10.000 was printed "10.0", 27.000 "27.0", ticks "5.0/10.0". Read from
    the numbers on the bars and from any text left in an SVG."""
    seen = 0
    for path, chart_id, _ids, _total, bars, svg in _charts(built_site):
        texts = [b["text"] for b in bars] + [html.unescape(re.sub(r"<[^>]+>", " ", t))
                                             for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]
        for text in texts:
            for number in NUMBER.findall(DATE.sub(" ", text)):
                seen += 1
                assert DANISH_NUMBER.match(number), f"{path} {chart_id}: {number!r} in {text!r}"
    assert seen > 20  # the check ran over real charts


def test_bar_labels_are_the_numbers_written(built_site, figures):
    """Each number written on a bar is a figure's value exactly as the letter has it (or, on a
    breakdown, the remainder the letter leaves unassigned), and every figure drawn has its label."""
    charts = [c for c in _charts(built_site) if c[2]]
    assert len(charts) >= 10
    for path, chart_id, ids, total, bars, _svg in charts:
        written = {_danish(figures[i]["value"]) for i in ids}
        written |= {_danish(figures[i]["value_max"]) for i in ids if figures[i]["value_max"]}
        if total:  # a breakdown of a declared total: the remainder the letter leaves may be drawn
            parts = sum(Decimal(figures[i]["value"]) for i in ids)
            written.add(_danish(str(Decimal(figures[total]["value"]) - parts)))
        numbers = [n for bar in bars for n in NUMBER.findall(DATE.sub(" ", bar["text"]))]
        assert numbers, f"{path} {chart_id}: no numbers on the bars"
        for number in numbers:
            assert number in written, f"{path} {chart_id}: {number!r} is on a bar but not in the data {written}"
        for i in ids:
            assert _danish(figures[i]["value"]) in numbers, f"{path} {chart_id}: {i} is drawn without its number"


def test_bar_lengths_are_the_numbers_shares_of_the_largest(built_site, figures):
    """A bar's length is its figure's value (from the data, not from the page) over the chart's
    largest value: the bar tables replaced vl-convert's axis, and nothing else checks the lengths.
    A worked-out remainder is the declared total minus the parts."""
    checked = 0
    for path, chart_id, ids, total, bars, _svg in _charts(built_site):
        if not ids or not bars:
            continue
        parts = sum(Decimal(figures[i]["value"]) for i in ids)
        values = [Decimal(figures[b["figure"]]["value"]) if b["figure"] else Decimal(figures[total]["value"]) - parts
                  for b in bars]
        assert {b["figure"] for b in bars if b["figure"]} == set(ids), f"{path} {chart_id}"
        largest = max(values)
        for bar, value in zip(bars, values):
            assert abs(bar["share"] - value / largest) <= Decimal("0.0005"), f"{path} {chart_id}: {bar}"
        assert max(b["share"] for b in bars) == 1
        checked += 1
    assert checked >= 10


# --- the rules, on a small fixture site (tests/fixtures/packages/numbers-shown-as-written) -----------

HONEST = FIXTURES / "numbers-shown-as-written"
# The comparability rule, written out here: numbers may share an axis, a series or a table only when
# all four agree.
RULE = ("measure", "benefit", "base", "counted_by")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    site, data = build_with_packages(tmp_path_factory.mktemp("honest"), HONEST)
    _, packages = validate([str(p) for p in sorted((data / "packages").iterdir())])
    figures = {f["figure_id"]: f for p in packages for f in p.figures.to_dict("records")}
    return site, figures


def _page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _visible(text: str) -> str:
    body = text[text.find("<article"):text.find("</article>")]
    body = re.sub(r"<script.*?</script>|<svg.*?</svg>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_an_incomparable_pair_never_shares_an_axis_or_a_series(fixture_site):
    """Guards against Guldborgsund's 38,5 % (of all aktivitetsparate) and Helsingør's 15,7 % (of those
    on benefit for a year or more) drawn on one axis, and Helsingør's 'godt 34 %' (base not given) and
    15,7 % drawn as one series: every chart holds figures that agree on measure, benefit, base and
    counter, and a comparable pair is still drawn together."""
    site, figures = fixture_site
    drawn = []
    for _path, chart_id, ids, _total, _rows, _svg in _charts(site):
        if ids and not chart_id.startswith("fordeling-"):
            keys = {tuple(figures[i][k] for k in RULE) for i in ids}
            assert len(keys) == 1, f"{chart_id} mixes {keys}"
            drawn.append(set(ids))
    # København's two shares (of different bases) are never one series ...
    assert not any({"101-f002", "101-f006"} <= ids for ids in drawn)
    # ... while København's and Frederiksberg's shares of the same base are compared on Sammenligning.
    assert any({"101-f006", "147-f002"} <= ids for ids in drawn)
    kommune = _visible(_page(site, "kommuner/koebenhavn"))
    assert "12,5 % → 9,5 %" not in kommune
    assert "Sammenlignes ikke med 9,5 % (andet grundlag)." in kommune


def test_front_page_tables_hold_one_series_each(fixture_site):
    """The front page's 'seneste andel' was one table mixing bases; now each table is one series.
    Each kommune's latest share is shown: København's 9,5 % and Frederiksberg's 12,5 % have the same
    base and counter, so they share a table; København's earlier 12,5 % of another base is not there."""
    site, figures = fixture_site
    front = _page(site, "")
    tables = re.findall(r'aria-label="Seneste andel: [^"]*">(.*?)</table>', front, re.S)
    shown = []
    for table in tables:
        ids = set(re.findall(r"#((?:101|147)-f\d{3})", table))
        assert ids and len({tuple(figures[i][k] for k in RULE) for i in ids}) == 1, ids
        shown.append(ids)
    assert shown == [{"101-f006", "147-f002"}]


def test_a_breakdown_shows_the_remainder_the_letter_leaves(fixture_site):
    """Guards against 'af 216' drawn with bars summing to 168 and no remainder: the 120 split as
    40 + 30 shows 'ikke fordelt i brevet' 50, marked as worked out here, not as a reported figure."""
    site, _ = fixture_site
    charts = {c[1]: c for c in _charts(site)}
    _path, _id, ids, total, bars, _svg = charts["fordeling-101-f001"]
    assert total == "101-f001" and set(ids) == {"101-f003", "101-f004"}  # the remainder is no figure
    assert [(b["label"], b["text"], b["figure"]) for b in bars if not b["figure"]] == [
        ("ikke fordelt i brevet", "50 (udregnet)", "")]
    assert "Tallet står ikke i brevet" in _visible(_page(site, "kommuner/koebenhavn"))


def test_an_initiative_in_two_letters_counts_once(fixture_site):
    """Guards against '15 initiativer' counting Ung Forandring and FIT once per letter."""
    site, _ = fixture_site
    kommune = _page(site, "kommuner/koebenhavn")
    assert "· 1 initiativ ·" in _visible(kommune)
    rows = re.findall(r'<tr id="initiativ-[^"]*" data-initiative-id="([^"]*)"', kommune)
    assert rows == ["101-i01"]
    assert 'id="initiativ-101-i02"' in kommune  # the later mention's anchor still resolves
    # København 1 (two letters, one initiative), Frederiksberg 1, and the national pool.
    assert "3 initiativer fra 3 afsendere" in _visible(_page(site, "initiativer"))


def test_the_real_kommune_page_shows_what_changed(built_site):
    """Helsingør's counts of the same series read as one line in date order, so nobody adds
    268 → 154 → 108 by hand; the shares of different bases stay apart with the reason."""
    page = _visible(_page(built_site, "kommuner/helsingoer"))
    assert "246 → 144 → 100 fra 22. aug. 2017 til 12. dec. 2017" in page
    assert "22 → 10 → 8 fra 22. aug. 2017 til 12. dec. 2017" in page
    assert "godt 34 % → 15,7 %" not in page and "36 % → " not in page


# Words of the data model that readers should never meet; ids of letters, figures and initiatives.
DEVELOPER_WORDS = ["part_of", "forecast=", "præcisionen er", "benefit", "README", "ikke-oplyst", "statslig-pulje",
                   "_antal", "_andel", "kontanthjælp+", "counted_by", "lower-bound", "initiative_id", "figure_id"]
IDS = re.compile(r"\b(?:\d{3}|dk)-(?:[fi]\d{2,}|\d{4}-\d{2}-\d{2})\b")
# Pages for people working with the files, where file and column names are the subject; and the
# history of the data (aendringer/), which quotes old notes and contributors' commit messages as written.
FOR_DATA_USERS = {"/data/", "/bidrag/", "/metode/", "/aendringer/"}


def test_no_reader_page_holds_developer_words(built_site):
    """Guards against notes that said 'part_of er tom', 'forecast=true', 'præcisionen er exact',
    'derfor benefit "alle"', 'README-konventionen' and ids like '217-2017-12-14 (217-i11)'."""
    offenders = []
    for path in html_pages(built_site):
        if path in FOR_DATA_USERS:
            continue
        text = _visible((built_site / path.strip("/") / "index.html").read_text(encoding="utf-8"))
        text = re.sub(r"https?://\S+", " ", text)  # a citation's address (tal/217-f001/) is no reader word
        offenders += [(path, w) for w in DEVELOPER_WORDS if w in text]
        offenders += [(path, i) for i in IDS.findall(text)]
    assert offenders == []


def test_funding_is_what_the_letter_wrote(built_site):
    """Guards against 'Kommunens egne midler' on initiatives whose letter names no funding."""
    _, packages = validate()
    initiatives = {i["initiative_id"]: i for p in packages for i in p.initiatives.to_dict("records")}
    for i in ("376-i01", "376-i02", "376-i06", "706-i04", "706-i06"):
        assert initiatives[i]["funding"] == "ikke-oplyst"
    page = _visible(_page(built_site, "kommuner/guldborgsund"))
    assert "Kommunens egne midler" not in page


def test_participants_are_what_the_letter_wrote_or_ikke_oplyst(built_site):
    """Guards against an initiative's "Deltagere" cell left empty (on a phone a card read
    "Deltagere:" and nothing, where every other field says "ikke oplyst"): each initiative row of
    every page shows the planned and actual numbers the letter wrote, or says "ikke oplyst"."""
    _, packages = validate()
    initiatives = {i["initiative_id"]: i for p in packages for i in p.initiatives.to_dict("records")}
    rows = 0
    for path in html_pages(built_site):
        text = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        for initiative_id, cell in re.findall(r'<tr id="initiativ-([^"]+)" data-initiative-id=.*?'
                                              r'<td data-label="Deltagere">(.*?)</td>', text):
            rows += 1
            written = [initiatives[initiative_id][c] for c in ("participants_planned", "participants_actual")]
            shown = NUMBER.findall(DATE.sub("", html.unescape(cell)))
            if any(written):
                assert shown == [_danish(n) for n in written if n], (path, initiative_id, cell)
            else:
                assert cell == "ikke oplyst", (path, initiative_id, cell)
    assert rows > 0


@pytest.mark.parametrize("width", [1280, 1220, 1000, 360])
def test_no_note_is_clipped(built_site, site_url, browser, width):
    """Guards against the Note column of 'Alle tal fra brevene' cut off by its frame (23–30 % of the
    notes at 1280 px): every table holding notes fits its frame, so no note is scrolled out of view,
    and every note lies inside the frame."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    clipped, notes = [], 0
    for path in ["/", "/kommuner/helsingoer/", "/kommuner/guldborgsund/", "/kommuner/syddjurs/", "/national/",
                 "/sammenligning/", "/initiativer/", "/breve/217-2017-09-13/"]:
        page.goto(site_url + path, wait_until="networkidle")
        found = page.evaluate("""() => [...document.querySelectorAll('.tal-ramme')].flatMap(frame => {
            const edge = frame.getBoundingClientRect();
            const scrolls = frame.scrollWidth > frame.clientWidth + 1;
            return [...frame.querySelectorAll('.note')].map(note => {
                const box = note.getBoundingClientRect();
                return [note.textContent.slice(0, 40), !scrolls && box.left >= edge.left - 1
                        && box.right <= edge.right + 1];
            });
        })""")
        notes += len(found)
        clipped += [(path, text) for text, inside in found if not inside]
    page.close()
    assert notes > 50
    assert clipped == []
