"""Sammenligning: each measure's comparable groups (same benefit, base and source), the latest
count per kommune charted, every group that stands apart with the reason."""

from __future__ import annotations

from .. import chartfiles, compare, incremental, urls
from ..digests import frame_digest
from ..load import records
from .pieces import bar_chart_block, without_notes
from .writer import PageType, PageWriter, Unit

TEMPLATE = "sammenligning.md.j2"


def _compared(figures):
    """The figures the page reads: every kommune's headline totals."""
    return figures[(figures["category"] == "") & (figures["measure_kind"] == "headline")]


def charted(group) -> bool:
    """Whether a comparable group is drawn (one bar per kommune's latest count) rather than listed as
    a table with its notes: two kommuner or more with a count that is not a forecast, the minister's
    letters not among them."""
    senders = set(group.loc[group["forecast"] != "true", "package"])
    return len(senders) >= 2 and "national" not in senders


def write(w: PageWriter) -> None:
    page = urls.COMPARISON
    site = w.site
    sections = []
    figures = _compared(site.figures)
    for measure in records(site.measures):
        rows = figures[figures["measure"] == measure["measure"]]
        if rows.empty:
            continue
        groups = []
        # Each group's latest count per kommune: what a group that stands apart is not compared with.
        latest_of = {key: records(g.sort_values("period_end").groupby("package").tail(1))
                     for key, g in rows.groupby(compare.KEY, sort=False)}
        for (_measure, benefit, base, counted_by), group in rows.groupby(compare.KEY, sort=False):
            group = group.sort_values(["kommune_name", "period_end"])
            chart = None
            # One bar per kommune (its latest count, dated on the bar): the chart stays readable
            # and bounded at 98 bars.
            latest = (group[group["forecast"] != "true"].sort_values("period_end")
                      .groupby("package").tail(1).sort_values("kommune_name"))
            if charted(group):
                latest = latest.assign(row_label=[f"{k}, {p}" for k, p in
                                                  zip(latest["kommune_name"], latest["period_da"])])
                chart = w.with_files(page, bar_chart_block(w.site_url, site.version, page,
                                        urls.comparison_chart(measure["measure"], benefit, base, counted_by),
                                        f"{measure['label']}: {compare.describe(records(group)[0])} – "
                                        "seneste opgørelse pr. kommune",
                                        latest, "row_label", measure["unit"].capitalize(), measure["caveat"],
                                        row_heading="Kommune, opgjort pr."),
                                     chartfiles.bar_table(latest, "row_label", w.site_url))
            # The page stays bounded as letters accumulate: with a chart, its table holds the latest
            # count per kommune; every count over time is on the kommune pages and in the downloads.
            first = records(group)[0]
            groups.append({"benefit": site.label("benefits", benefit),
                           "counted_by": site.label("counted_by", counted_by),
                           "base": site.label("bases", base), "series": compare.describe(first),
                           "reason": compare.reason(
                               first, [o for key, latest_rows in latest_of.items()
                                       if key != (_measure, benefit, base, counted_by) for o in latest_rows],
                               name=lambda o: f"{o['kommune_name']}: {o['value_da']}"),
                           "rows": latest if chart else group, "counted": len(group), "chart": chart})
        sections.append({"measure": measure, "groups": groups})
    w.write(page, TEMPLATE, sections=sections)


def units(w: PageWriter) -> list[Unit]:
    # Made again only when what it shows changed (or what every page shares): the headline totals,
    # and a figure's note only where its group is a table (a drawn group shows no notes). Keyed by the
    # whole figures table, every note edit made it again (issue 17: serve rebuilds).
    figures = _compared(w.site.figures)
    notes = [list(zip(group["figure_id"], group["note_text"]))
             for _key, group in figures.groupby(compare.KEY, sort=False) if not charted(group)]
    return [Unit("page:sammenligning",
                 incremental.key(w.shared_key, frame_digest(without_notes(figures)), notes),
                 lambda: write(w))]


PAGE = PageType("comparison", TEMPLATE, units)
