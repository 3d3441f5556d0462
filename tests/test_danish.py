"""Danish everywhere (issue 13, part 5): the theme's own strings, the 404 page and the footer."""

from __future__ import annotations

import html
import re
from pathlib import Path

# English the theme prints when a string is not translated or not overridden (Material 9.8).
ENGLISH = ["Made with", "Not found", "Table of contents", "Back to top", "Initializing search",
           "Type to start searching", "Previous", "Next", "Copy to clipboard", "Last update",
           "Skip to content", "Search", "Share", "Clear"]
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S)
_ATTRIBUTE = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


def _reader_text(page: Path) -> str:
    """What a reader sees or hears: text content and the attributes screen readers announce."""
    source = _SCRIPT.sub(" ", page.read_text(encoding="utf-8"))
    return html.unescape(" ".join([re.sub(r"<[^>]+>", " ", source), *_ATTRIBUTE.findall(source)]))


def test_no_page_shows_the_themes_english(built_site):
    found = {}
    for page in sorted(built_site.rglob("*.html")):
        text = _reader_text(page)
        english = [phrase for phrase in ENGLISH if re.search(rf"\b{re.escape(phrase)}\b", text)]
        if english:
            found[page.relative_to(built_site).as_posix()] = english
    assert found == {}


def test_404_page_is_danish_and_its_links_lead_to_pages(built_site):
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Siden findes ikke</h1>" in page
    article = page.split('<article', 1)[1].split("</article>", 1)[0]
    links = re.findall(r'href="(/[^"#]*)"', article)
    assert len(links) >= 4
    for link in links:
        target = built_site / link.lstrip("/")
        assert (target / "index.html").is_file() or target.is_file(), link


def test_the_theme_is_credited_in_danish_on_the_about_page(built_site):
    about = _reader_text(built_site / "om" / "index.html")
    assert "bygget med MkDocs og Material for MkDocs" in " ".join(about.split())


def test_dates_on_the_pages_are_written_the_danish_way(built_site):
    """The UI printed dates as 2026-11-23; a reader reads '23. november 2026'. (Citations keep their
    version as an ISO date: it names a data release, and is what a researcher types back.)"""
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    danish = re.compile(r"\b\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober|"
                        r"november|december) \d{4}\b")
    kommune = _reader_text(built_site / "kommuner" / "helsingoer" / "index.html")
    updated = re.search(r"data opdateret ([^·\n]+?)\s+(Hent|Nøgletal)", " ".join(kommune.split()))
    assert updated and danish.fullmatch(updated.group(1).strip()), updated
    front = (built_site / "index.html").read_text(encoding="utf-8")
    additions = re.findall(r'<ul class="brevliste">(.*?)</ul>', front, re.S)[-1]
    items = re.findall(r"<li>([^:<]+):", additions)
    assert items and all(danish.fullmatch(item) and not iso.search(item) for item in items)
    data = _reader_text(built_site / "data" / "index.html")
    assert "Data senest ændret" in data and not re.search(r"Data senest ændret \d{4}-", data)
