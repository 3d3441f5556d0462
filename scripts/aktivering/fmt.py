"""Danish number and value formatting: 15.7 -> '15,7', 10000 -> '10.000', with qualifier and unit."""

from __future__ import annotations

import math

UNIT_SUFFIX = {"pct.": " %", "personer": "", "sager": "", "mentorer": "", "dage": " dage",
               "uger": " uger", "år": " år", "mia. kr.": " mia. kr."}


def number_da(value: float | str) -> str:
    number = float(value)
    if math.isfinite(number) and number.is_integer():
        return f"{int(number):,}".replace(",", ".")
    text = repr(number)  # shortest exact form: never rounds what the letter said
    whole, _, decimals = text.partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + decimals


def value_da(value: str, unit: str, qualifier: str = "", value_max: str = "") -> str:
    """The number as a reader sees it: 'godt 34 %', 'mere end 10.000', '4–6 uger', '0,25 mia. kr.'."""
    text = number_da(value)
    if value_max:
        text += "–" + number_da(value_max)
    text += UNIT_SUFFIX.get(unit, f" {unit}")
    if qualifier:
        text = f"{qualifier} {text}"
    return text
