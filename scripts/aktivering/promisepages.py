"""The pages of issue 14: /loefter/ (all commitments by due date, by kommune, and one page per
status: filters that work without JavaScript), /mangler/ (letters the data mentions but does not
hold), and what each kommune page shows of them. Reads promises.py; writes through PageWriter."""

from __future__ import annotations

import pandas as pd

from . import promises

LOEFTER = "loefter/index.md"
BY_KOMMUNE = "loefter/kommuner.md"
MANGLER = "mangler.md"


def status_page(status: str) -> str:
    return f"loefter/status/{status}.md"


def _counts(table: pd.DataFrame) -> list[tuple[str, str, int]]:
    return [(s, label, int((table["status"] == s).sum())) for s, (label, _) in promises.STATUSES.items()]


def write_pages(writer) -> None:
    """Every /loefter/ view and /mangler/."""
    table = promises.commitments(writer.site)
    counts = _counts(table)
    common = {"total": len(table), "kommuner": table["kommune_name"].nunique(), "counts": counts}
    writer.write(LOEFTER, "loefter.md.j2", title="Løfter", heading="Det lovede kommunerne", current="dato",
                 groups=[("", table)], show_kommune=True, intro="Efter frist; løfter uden frist står sidst.",
                 **common)
    by_kommune = [(name, rows) for name, rows in table.groupby("kommune_name", sort=True)]
    writer.write(BY_KOMMUNE, "loefter.md.j2", title="Løfter efter kommune",
                 heading="Det lovede kommunerne – efter kommune", current="kommune", groups=by_kommune,
                 show_kommune=False, intro="", **common)
    for status, (label, meaning) in promises.STATUSES.items():
        rows = table[table["status"] == status]
        writer.write(status_page(status), "loefter.md.j2", title=f"Løfter: {label}", heading=f"Løfter: {label}",
                     current=status, groups=[("", rows)] if len(rows) else [], show_kommune=True,
                     intro=meaning, **{**common, "total": len(rows), "kommuner": rows["kommune_name"].nunique()})
    names = dict(zip(writer.site.kommuner["kommune_code"], writer.site.kommuner["name"]))
    missing = [{**e, "kommune_name": names.get(e["kommune_code"], "alle kommuner")}
               for e in promises.missing_letters(writer.site)]
    writer.write(MANGLER, "mangler.md.j2", missing=missing)


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
