"""The one comparability rule: which numbers may stand side by side (on one axis, in one series,
in one table or one "før → nu" line) and, when they may not, the reason a reader is given.

Two figures are comparable when they have the same measure, benefit group, base (the group the
number is counted in) and counter. Every chart, table and sentence that puts two numbers side by
side groups them by `KEY` and nothing else; the kommune pages (over time), Sammenligning (across
kommuner) and the front page all ask here.
"""

from __future__ import annotations

import pandas as pd

KEY = ["measure", "benefit", "base", "counted_by"]
# How each part of the key is named to a reader, and the column holding its label.
_PARTS = [("measure", "measure_label", "mål"), ("benefit", "benefit_label", "ydelse"),
          ("base", "base_label", "grundlag"), ("counted_by", "counted_by_label", "opgjort af")]


def series(figures: pd.DataFrame):
    """(key, rows) for every group of totals that may be compared, rows ordered by date."""
    totals = figures[(figures["category"] == "") & (figures["measure_kind"] == "headline")]
    for key, rows in totals.groupby(KEY, sort=False):
        yield key, rows.sort_values(["period_end", "figure_id"])


def describe(row) -> str:
    """The series a figure belongs to, in words: 'Kontanthjælp · grundlag: aktivitetsparate på ydelse
    i mindst et år · kommunens egen opgørelse'."""
    return f"{row['benefit_label']} · grundlag: {row['base_label']} · {_lower(str(row['counted_by_label']))}"


def reason(row, others: list, name=lambda other: other["value_da"]) -> str:
    """Why a figure stands apart from the other series of the same measure, naming each of them by
    its number and what differs: 'Sammenlignes ikke med 281 (anden ydelse, andet grundlag, anden
    kilde) eller 8 (anden ydelse).' '' when there are no others."""
    words = {"ydelse": "anden ydelse", "grundlag": "andet grundlag", "opgjort af": "anden kilde"}
    apart = []
    for other in others:
        differing = [words[name] for _, label, name in _PARTS[1:] if other[label] != row[label]]
        if differing:
            apart.append(f"{name(other)} ({', '.join(differing)})")
    if not apart:
        return ""
    listed = ", ".join(apart[:-1]) + (" eller " if len(apart) > 1 else "") + apart[-1]
    return f"Sammenlignes ikke med {listed}."


def change_line(rows: pd.DataFrame) -> str:
    """'246 → 144 → 100 fra 22. aug. 2017 til 12. dec. 2017' for a series of counts (no forecasts),
    '' when there is nothing to compare. Only call it with the rows of one `series`."""
    counted = rows[rows["forecast"] != "true"]
    if len(counted) < 2 or counted["reference_period"].nunique() < 2:
        return ""
    values = " → ".join(counted["value_da"])
    first, last = counted.iloc[0], counted.iloc[-1]
    return f"{values} fra {first['period_da']} til {last['period_da']}"


def comparable(a, b) -> bool:
    return all(a[k] == b[k] for k in KEY)


def _lower(text: str) -> str:
    return text if text[:2].isupper() else text[:1].lower() + text[1:]

