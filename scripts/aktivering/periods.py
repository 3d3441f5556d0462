"""ISO 8601 dates, months, years and intervals as the data writes them, and their Danish form."""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS_DA = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
MONTHS_DA_LONG = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                  "september", "oktober", "november", "december"]


def _bounds(part: str) -> tuple[date, date]:
    match = _PART.match(part)
    if not match:
        raise ValueError(part)
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    exact = date(year, month, day)
    return exact, exact


@lru_cache(maxsize=1 << 12)
def bounds(period: str) -> tuple[date | None, date]:
    """First and last day a period covers; the first is None for '../end'. ValueError if invalid.
    Cached (a few hundred periods recur across thousands of rows): the dates are immutable."""
    if "/" in period:
        start, end = period.split("/", 1)
        first = None if start == ".." else _bounds(start)[0]
        last = _bounds(end)[1]
        if first and first > last:
            raise ValueError(period)
        return first, last
    first, last = _bounds(period)
    return first, last


def _format_part(part: str, long: bool = False) -> str:
    match = _PART.match(part)
    year, month, day = match.groups()
    names = MONTHS_DA_LONG if long else MONTHS_DA
    if not month:
        return year
    if not day:
        return f"{MONTHS_DA_LONG[int(month) - 1]} {year}"
    return f"{int(day)}. {names[int(month) - 1]} {year}"


def format_da(period: str) -> str:
    """'2017-12-12' -> '12. dec. 2017'; '2016-08/2017-07' -> 'august 2016 – juli 2017'."""
    if not period:
        return ""
    if "/" in period:
        start, end = period.split("/", 1)
        if start == "..":
            return f"senest {_format_part(end)}"
        return f"{_format_part(start)} – {_format_part(end)}"
    return _format_part(period)


def format_date_da(value: date | str) -> str:
    return format_da(value if isinstance(value, str) else value.isoformat())


def is_window(period: str) -> bool:
    """A period that is not one day: a month, a year, an interval ('2017-07/2017-12')."""
    first, last = bounds(period)
    return first != last


def span_da(start: str, end: str) -> str:
    """An initiative's period as written: '1. nov. 2017 – 31. dec. 2018', 'start mellem juli 2018
    og december 2018, slut december 2021', 'fra 1. dec. 2017, slut ikke oplyst',
    'start ikke oplyst, slut august 2019'. Never two dashes in a row of dates."""
    def part(period: str) -> str:
        if "/" in period and not period.startswith(".."):
            first, last = period.split("/", 1)
            return f"mellem {_format_part(first)} og {_format_part(last)}"
        return format_da(period)

    if not start and not end:
        return ""
    if not start:
        return f"start ikke oplyst, slut {part(end)}"
    if not end:
        return f"{'start ' if '/' in start else 'fra '}{part(start)}, slut ikke oplyst"
    if "/" in start or "/" in end:
        return f"start {part(start)}, slut {part(end)}"
    return f"{part(start)} – {part(end)}"
