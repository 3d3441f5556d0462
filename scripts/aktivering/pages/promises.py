"""/loefter/ (issue 14): every commitment by due date, by kommune, and one page per status
(filters that work without JavaScript); and what a kommune page and the feed show of the
commitments and the correspondence. The statuses are worked out in promises.py, without the clock."""

from __future__ import annotations

import pandas as pd

from .. import incremental, promises, urls
from .writer import PageType, PageWriter, Unit

TEMPLATE = "loefter.md.j2"


def _counts(table: pd.DataFrame) -> list[tuple[str, str, int]]:
    return [(s, label, int((table["status"] == s).sum())) for s, (label, _) in promises.STATUSES.items()]


def write(w: PageWriter) -> None:
    table = promises.commitments(w.site)
    counts = _counts(table)
    common = {"total": len(table), "kommuner": table["kommune_name"].nunique(), "counts": counts}
    w.write(urls.PROMISES, TEMPLATE, title="Løfter", heading="Det lovede kommunerne", current="dato",
            groups=[("", table)], show_kommune=True, intro="Efter frist; løfter uden frist står sidst.", **common)
    by_kommune = [(name, rows) for name, rows in table.groupby("kommune_name", sort=True)]
    w.write(urls.PROMISES_BY_KOMMUNE, TEMPLATE, title="Løfter efter kommune",
            heading="Det lovede kommunerne – efter kommune", current="kommune", groups=by_kommune,
            show_kommune=False, intro="", **common)
    for status, (label, meaning) in promises.STATUSES.items():
        rows = table[table["status"] == status]
        w.write(urls.promises_status_page(status), TEMPLATE, title=f"Løfter: {label}", heading=f"Løfter: {label}",
                current=status, groups=[("", rows)] if len(rows) else [], show_kommune=True,
                intro=meaning, **{**common, "total": len(rows), "kommuner": rows["kommune_name"].nunique()})


def every_package_key(w: PageWriter) -> str:
    """A page across all packages: made again when any package (or what every page shares) changed."""
    return incremental.key(w.shared_key, [w.package_key(p) for p in w.site.packages])


def units(w: PageWriter) -> list[Unit]:
    return [Unit("page:loefter", every_package_key(w), lambda: write(w))]


PAGE = PageType("promises", TEMPLATE, units)


def kommune_context(site, package) -> dict:
    """What a kommune page shows: its commitments (by due date) and its correspondence."""
    table = promises.commitments(site)
    return {"promised": table[table["package"] == package.name], "thread": promises.thread(site, package)}


def kommune_key(site, package) -> object:
    """What of other packages a kommune page shows (the Minister's letters, letters mentioned that
    arrived elsewhere): part of its key for incremental builds."""
    return promises.thread(site, package)


def arrived(site) -> set[str]:
    """Letters the data holds that another letter answers or mentions: once on /mangler/, the feed
    announces them as such when they arrive."""
    return {e["held"]["document_id"] for e in promises.referred_letters(site) if e["held"] is not None}


def feed_title(title: str, document_id: str, arrived_ids: set[str]) -> str:
    return f"Manglende brev er kommet: {title.removeprefix('Nyt brev: ')}" if document_id in arrived_ids else title
