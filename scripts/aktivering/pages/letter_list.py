"""Every letter, newest first; when there are more than fit one page (issue 17: 4 900 letters at
ten times the letters, 1.2 MB), the months with their counts, each month's letters on a page of its own
(pages/letter_month.py)."""

from __future__ import annotations

import pandas as pd

from .. import incremental, periods, urls
from ..digests import frame_digest
from .writer import PageType, PageWriter, Unit

TEMPLATE = "breve.md.j2"
# More letters than this (about 250 bytes a row) go on a page per month: today's five letters stay
# on one page; the synthetic corpus (490 letters at 1×, 4 900 at 10×) is listed by month.
MOST_LETTERS = 100


def newest_first(documents: pd.DataFrame) -> pd.DataFrame:
    return documents.sort_values(["date", "document_id"], ascending=False)


def by_month(documents: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """(yyyy-mm, that month's letters newest first), newest month first; none when one page holds them."""
    if len(documents) <= MOST_LETTERS:
        return []
    ordered = newest_first(documents)
    return [(month, rows) for month, rows in ordered.groupby(ordered["date"].str[:7], sort=False)]


def month_label(month: str) -> str:
    """'2018-03' -> 'marts 2018'."""
    return periods.format_da(month)


def write(w: PageWriter) -> None:
    months = [{"month": m, "label": month_label(m), "page": urls.letter_month_page(m), "letters": len(rows)}
              for m, rows in by_month(w.site.documents)]
    w.write(urls.LETTERS, TEMPLATE, documents=newest_first(w.site.documents), months=months)


def letters_key(w: PageWriter) -> str:
    """What the list of letters and the months' pages show: the letters table (and what every page
    shares). Keyed by every package's key, they were made again after any edit, a figure's note too
    (issue 17: serve rebuilds)."""
    return incremental.key(w.shared_key, frame_digest(w.site.documents))


PAGE = PageType("letter_list", TEMPLATE, lambda w: [Unit("page:breve", letters_key(w), lambda: write(w))])
