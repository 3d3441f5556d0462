"""Bar charts and timelines as HTML tables (bars.py, issue 13): what the table holds, from small
cases written here, and how the chart macro writes it."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from aktivering import bars
from aktivering.pages.environment import environment as _environment
from aktivering.pages.pieces import ChartBlock


def _row(label, benefit, value_da, forecast="false", derived="", figure_id="f1"):
    return {"row": label, "benefit_label": benefit, "value_da": value_da, "forecast": forecast,
            "derived": derived, "document_page": "breve/x.md", "figure_id": figure_id}


def _html(block: ChartBlock) -> str:
    template = _environment().from_string('{% import "_macros.j2" as m %}{{ m.chart_block(c) }}')
    return template.render(c=block)


def test_shares_are_of_the_largest_number_and_never_invented():
    assert [bars.share(n, 216) for n in (216, 64, 4, 0)] == ["1", "0.296", "0.019", "0"]
    assert bars.share(5, 0) == "0"  # a chart of zeros draws no bars rather than dividing by zero
    assert bars.share(-3, 10) == "0"


def test_a_bar_carries_the_number_as_written_with_its_marks():
    """The number on a bar is value_da untouched ('mere end 10.000', '15,7 %'), with «forventet»
    or «udregnet» after it: the bar table must not reformat what the letter wrote."""
    shown = [_row("2017", "Kontanthjælp", "mere end 10.000", figure_id="a"),
             _row("2018", "Kontanthjælp", "15,7 %", forecast="true", figure_id="b"),
             _row("ikke fordelt i brevet", "Kontanthjælp", "50", derived="Udregnet: 120 minus delene")]
    table = bars.bar_table(shown, [10000.0, 15.7, 50.0], "row", "Opgjort pr.", "Personer",
                           lambda page, figure: f"{page}#{figure}")
    assert [r.text for r in table.rows] == ["mere end 10.000", "15,7 % (forventet)", "50 (udregnet)"]
    assert [r.href for r in table.rows] == ["breve/x.md#a", "breve/x.md#b", ""]
    assert table.rows[2].source == "Udregnet: 120 minus delene"
    assert not table.grouped and table.rows[0].colour == "ydelse-0"


def test_several_benefits_get_a_benefit_column_in_the_html():
    shown = [_row("2017", "Kontanthjælp", "300", figure_id="a"), _row("2017", "Uddannelseshjælp", "150", figure_id="b"),
             _row("2017", "Ny ydelse", "10", figure_id="c")]
    table = bars.bar_table(shown, [300.0, 150.0, 10.0], "row", "Opgjort pr.", "Personer", lambda p, f: f"{p}#{f}")
    assert table.grouped and [r.colour for r in table.rows] == ["ydelse-0", "ydelse-1", "ydelse-neutral"]
    block = ChartBlock("diagram-x", "Titel <med> tegn", "", "", "Kilde: X.", [], [], bars=table,
                       figure_ids=["a", "b", "c"])
    page = _html(block)
    root = ET.fromstring(page.replace("&nbsp;", " "))  # the block is well-formed XHTML-compatible HTML
    assert root.get("data-figures") == "a b c"
    table_html = re.search(r"<table.*?</table>", page, re.S).group()
    assert "<caption class=\"diagram-titel\">Titel &lt;med&gt; tegn</caption>" in table_html
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table_html)
    assert headers == ["Opgjort pr.", "Ydelse", "Personer", "Kilde"]
    assert re.findall(r'style="--andel: ([0-9.]+)"', table_html) == ["1", "0.5", "0.033"]
    assert [html.unescape(t) for t in re.findall(r'<td class="soejle-ydelse">(.*?)</td>', table_html)] == [
        "Kontanthjælp", "Uddannelseshjælp", "Ny ydelse"]
    assert "Vis tallene som tabel" not in page  # the bar table is the table: no second copy


def test_timeline_marks_are_placed_by_date_on_a_track_of_whole_years():
    marks = [("a", "segment", "periode", "2017-01-01", "2018-01-01", ""), ("a", "label", "periode", "", "", "x")]
    point = [("b", "point", "periode", "2018-07-02", "2018-07-02", "")]
    timeline = bars.timeline([("A", "hele 2017", "#a", marks), ("B", "2. juli 2018", "#b", point)])
    assert timeline.years == [2017, 2018]
    first, second = timeline.rows
    assert (first.marks[0].left, first.marks[0].width) == ("0", "50")
    assert second.marks[0].kind == "point" and second.marks[0].left == "74.93"
    assert timeline.legend == [("periode", "Periode"), ("dato", "Én dato")]


def test_chart_legends_and_year_labels_are_not_in_the_search_index(built_site):
    """The map's legend ('Ingen data endnu') and a timeline's legend and year labels were indexed as
    prose once they were HTML; the bars' numbers and captions are table text and stay searchable."""
    import json

    index = json.loads((built_site / "search" / "sok_index.json").read_text(encoding="utf-8"))
    text = {}
    for entry in index["docs"]:
        page = entry["location"].split("#")[0]
        text[page] = text.get(page, "") + " " + entry["title"] + " " + entry["text"]
    assert "Ingen data endnu" not in text[""] and "Kommuner med data" in text[""]
    helsingoer = text["kommuner/helsingoer/"]
    assert "Initiativernes forløb" in helsingoer and "Resterende sager" in helsingoer
    assert "Start eller slut inden for et tidsrum" not in helsingoer
