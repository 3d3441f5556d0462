"""Sammenligning: each measure's comparable groups (same benefit, base and source), the latest
count per kommune charted, every group that stands apart with the reason."""

from __future__ import annotations

from .. import chartfiles, compare, incremental, urls
from ..digests import frame_digest
from ..load import records
from .pieces import bar_chart_block
from .writer import PageType, PageWriter, Unit

TEMPLATE = "sammenligning.md.j2"


def write(w: PageWriter) -> None:
    page = urls.COMPARISON
    site = w.site
    sections = []
    figures = site.figures[(site.figures["category"] == "") & (site.figures["measure_kind"] == "headline")]
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
            if latest["package"].nunique() >= 2 and "national" not in set(latest["package"]):
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
    # Made again only when the figures table (or what every page shares) changed.
    return [Unit("page:sammenligning", incremental.key(w.shared_key, frame_digest(w.site.figures)),
                 lambda: write(w))]


PAGE = PageType("comparison", TEMPLATE, units)
