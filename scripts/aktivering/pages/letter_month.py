"""The letters of one month (issue 17), when the list of every letter is too long for one page."""

from __future__ import annotations

from .. import urls
from .letter_list import by_month, letters_key, month_label
from .writer import PageType, PageWriter, Unit

TEMPLATE = "breve_maaned.md.j2"


def write(w: PageWriter) -> None:
    for month, rows in by_month(w.site.documents):
        w.write(urls.letter_month_page(month), TEMPLATE, label=month_label(month), documents=rows)


PAGE = PageType("letter_month", TEMPLATE,
                lambda w: [Unit("page:breve:maaneder", letters_key(w), lambda: write(w))])
