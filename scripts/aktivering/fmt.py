"""Danish number and value formatting: 15.7 -> '15,7', 10000 -> '10.000', with qualifier and unit.

`number_da` is the one place a number becomes text: pages, tables and every number inside a chart
(bar labels and axis ticks) are written by it, and nothing rewrites them afterwards.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.units import format_unit

UNIT_SUFFIX = {"pct.": " %", "personer": "", "sager": "", "mentorer": "", "dage": " dage",
               "uger": " uger", "år": " år", "mia. kr.": " mia. kr."}


def number_da(value: float | str) -> str:
    """Thousands '.' in threes, decimals after ','; never rounds what the letter said (the shortest
    exact form of the number, as `repr` gives it, with every decimal kept)."""
    number = Decimal(repr(float(value)))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return format_decimal(number, locale="da", decimal_quantization=False, group_separator=True)


def value_da(value: str, unit: str, qualifier: str = "", value_max: str = "") -> str:
    """The number as a reader sees it: 'godt 34 %', 'mere end 10.000', '4–6 uger', '0,25 mia. kr.'."""
    text = number_da(value)
    if value_max:
        text += "–" + number_da(value_max)
    text += UNIT_SUFFIX.get(unit, f" {unit}")
    if qualifier:
        text = f"{qualifier} {text}"
    return text


def date_long_da(iso: str) -> str:
    """A day as the page says it: '2026-11-23' -> '23. november 2026'. Anything that is not one day
    (empty, a month, a period) is returned as it is."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return format_date(day, "d. MMMM y", locale="da")


def size_da(size: int) -> str:
    """A file's size as the Data page says it: '512 byte' under a kilobyte (1024 bytes), else
    kilobytes to one decimal, '12,3 kB', '1.234,5 kB' (CLDR's Danish short unit). The one decimal
    is the page's choice of precision for a size, not a number from a letter."""
    if size >= 1024:
        return format_unit(round(size / 1024, 1), "digital-kilobyte", length="short", locale="da")
    return f"{format_decimal(size, locale='da', group_separator=False)} byte"
