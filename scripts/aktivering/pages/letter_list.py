"""Every letter, newest first."""

from __future__ import annotations

from .. import urls
from .writer import PageType, PageWriter, Unit

TEMPLATE = "breve.md.j2"


def write(w: PageWriter) -> None:
    w.write(urls.LETTERS, TEMPLATE, documents=w.site.documents.sort_values(["date", "document_id"], ascending=False))


PAGE = PageType("letter_list", TEMPLATE, lambda w: [Unit("page:breve", None, lambda: write(w))])
