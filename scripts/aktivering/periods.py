"""ISO 8601 dates, months, years and intervals as the data writes them, and their Danish form."""

from __future__ import annotations

import calendar
import re
from datetime import date

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


def bounds(period: str) -> tuple[date | None, date]:
    """First and last day a period covers; the first is None for '../end'. ValueError if invalid."""
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
