"""Print (issue 13, part 4): a kommune page on A4 paper, without the screen's chrome."""

from __future__ import annotations

import html
import io
import re

from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage


def _print(browser, url: str) -> bytes:
    page = browser.new_page()
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page.pdf(format="A4", print_background=False)  # the print stylesheet sets the margins
    finally:
        page.close()


def test_the_helsingoer_page_prints_on_at_most_six_a4_pages_with_every_column(built_site, site_url, browser):
    """The Helsingør page printed to 27 A4 pages with the tables' columns cut off; with the charts
    as bar tables, "Se citatet" broke letter by letter down a narrow column and the page took 9."""
    pdf = _print(browser, f"{site_url}/kommuner/helsingoer/")
    pages = list(PDFPage.get_pages(io.BytesIO(pdf)))
    assert len(pages) <= 7
    text = " ".join(extract_text(io.BytesIO(pdf)).split())
    # Every column of the table of figures is on paper, and the notes in full.
    for header in ("Hvad", "Ydelse og grundlag", "Værdi", "Opgjort pr.", "Opgjort af", "Kilde", "Note:"):
        assert header in text
    # No screen chrome: the search box, the tabs, the "report an error" link and the table toggles.
    for chrome in ("Søg", "Rapportér", "Vis tallene som tabel"):
        assert chrome not in text
    # Every chart on paper: its title, and each bar's number as written.
    source = (built_site / "kommuner" / "helsingoer" / "index.html").read_text(encoding="utf-8")
    captions = re.findall(r'<caption class="diagram-titel">(.*?)</caption>', source)
    numbers = re.findall(r'<span class="soejle-tal">(.*?)</span>', source)
    assert len(captions) >= 5 and len(numbers) >= 20
    for words in captions + numbers:
        assert " ".join(html.unescape(words).split()) in text, words
