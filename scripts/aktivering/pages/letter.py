"""A letter's page: the transcript with every quoted passage marked, its figures and initiatives,
what it answers and what answered it."""

from __future__ import annotations

from .. import incremental
from ..letters import transcript_html
from ..load import records
from .writer import PageType, PageWriter, Unit

TEMPLATE = "letter.md.j2"


def write(w: PageWriter, document: dict) -> None:
    page = document["page"]
    package = next(p for p in w.site.packages if p.name == document["package"])
    text = package.transcripts[document["document_id"]]
    figures, initiatives = (w.rows(t, "document_id", document["document_id"]) for t in ("figures", "initiatives"))
    quotes = list(zip(figures["figure_id"], figures["quote"]))
    quotes += list(zip(initiatives["initiative_id"], initiatives["quote"]))
    replies = w.rows("documents", "in_reply_to_document_id", document["document_id"])
    w.write(page, TEMPLATE, document=document, body=transcript_html(text, quotes),
            figures=figures, initiatives=initiatives, replies=replies,
            updated=w.site.updated.get(document["package"], ""))


def units(w: PageWriter) -> list[Unit]:
    """One unit per letter: made again when its package, its row or the letters answering it change."""
    keys = {package.name: w.package_key(package) for package in w.site.packages}
    documents = records(w.site.documents)
    replies: dict[str, list] = {}  # what a letter page shows of the letters answering it
    for d in documents:
        replies.setdefault(d["in_reply_to_document_id"], []).append(
            (d["document_id"], d["page"], d["kommune_name"], d["date_da"]))
    return [Unit(f"letter:{d['document_id']}",
                 incremental.key(keys[d["package"]], d, replies.get(d["document_id"], [])),
                 lambda d=d: write(w, d)) for d in documents]


PAGE = PageType("letter", TEMPLATE, units)
