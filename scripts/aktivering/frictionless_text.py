"""Frictionless' own errors in the contributor's language (issue 16).

Frictionless reports in English ("The cell "" in row at position "3" and field "unit" … does not
conform to a constraint: constraint "required" is "True""). Its error type stays the code; what is
wrong and how to fix it are said here in Danish or English from the error's own details (the
constraint, the type, the cell), with the two cases a Danish spreadsheet user meets most named:
a decimal comma (`12,5` for 12.5) and a Danish date (`10-12-2017` for 2017-12-10).
"""

from __future__ import annotations

import re

TYPES = {  # frictionless type -> (Danish, English) of what the cell must be
    "number": ("et tal med punktum som decimaltegn (fx 38.5)", "a number with a dot as decimal separator (e.g. 38.5)"),
    "integer": ("et helt tal (fx 120)", "a whole number (e.g. 120)"),
    "date": ("en dato skrevet år-måned-dag (fx 2017-12-01)", "a date written year-month-day (e.g. 2017-12-01)"),
    "boolean": ("true eller false", "true or false"),
    "year": ("et årstal (fx 2017)", "a year (e.g. 2017)"),
}
DANISH_DATE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")
DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
SEE = {"da": "se kolonnens beskrivelse i data/README.md", "en": "see the column in data/README.md"}


def _pick(lang: str, da: str, en: str) -> str:
    return en if lang == "en" else da


def _hint(value: str, lang: str) -> str:
    """The Danish spreadsheet habits behind a refused cell, said plainly."""
    text = "" if value is None else str(value)
    date = DANISH_DATE.fullmatch(text)
    if date:
        day, month, year = date.groups()
        iso = f"{year}-{int(month):02d}-{int(day):02d}"
        return _pick(lang, f"{text!r} ligner en dansk dato (dag-måned-år): skriv {iso}",
                     f"{text!r} looks like a Danish date (day-month-year): write {iso}")
    worded = re.fullmatch(r"(ca\.|cirka|godt|knap|omkring|mere end|over|mindst|under|højst)\s*(\d+(?:[.,]\d+)?)",
                          text, re.IGNORECASE)
    if worded:
        word, number = worded.groups()
        number = number.replace(",", ".")
        return _pick(lang, f"skriv {number} i value og {word!r} i qualifier (og precision efter det)",
                     f"write {number} in value and {word!r} in qualifier (and precision to match)")
    if DECIMAL_COMMA.fullmatch(text):
        return _pick(lang, f"{text!r} har decimalkomma: skriv {text.replace(',', '.')}",
                     f"{text!r} has a decimal comma: write {text.replace(',', '.')}")
    return ""


def explain(problem, lang: str) -> tuple[str, str]:
    """(what is wrong, how to fix it) for a frictionless error, in `lang`."""
    from .problems import FRICTIONLESS_FIX

    code, note, value, column = problem.code, problem.note or "", problem.value, problem.column or ""
    fix = FRICTIONLESS_FIX[lang]
    hint = _hint(value, lang)
    shown = "" if value is None else str(value)
    if code == "type-error":
        kind = re.search(r'type is "(\w+)', note)
        wanted = TYPES.get(kind.group(1) if kind else "", ("den rigtige type", "the right type"))
        what = _pick(lang, f"cellen {shown!r} i {column} er ikke {wanted[0]}",
                     f"the cell {shown!r} in {column} is not {wanted[1]}")
        return what, hint or _pick(lang, f"skriv {wanted[0]}; {SEE['da']}", f"write {wanted[1]}; {SEE['en']}")
    if code == "constraint-error":
        constraint = re.search(r'constraint "(\w+)" is "(.*)"', note)
        name, limit = constraint.groups() if constraint else ("", "")
        if name == "required":
            return (_pick(lang, f"{column} er tom, men skal udfyldes", f"{column} is empty, but is required"),
                    _pick(lang, f"udfyld {column}; {SEE['da']}", f"fill in {column}; {SEE['en']}"))
        if name == "enum":
            allowed = ", ".join(re.findall(r"'([^']*)'", limit))
            return (_pick(lang, f"{shown!r} er ikke en af de tilladte værdier i {column}",
                          f"{shown!r} is not one of the values allowed in {column}"),
                    _pick(lang, f"skriv en af: {allowed}", f"write one of: {allowed}"))
        if name in ("minLength", "maxLength"):
            shorter = name == "minLength"
            return (_pick(lang, f"{shown!r} i {column} er {'kortere' if shorter else 'længere'} end {limit} tegn",
                          f"{shown!r} in {column} is {'shorter' if shorter else 'longer'} than {limit} characters"),
                    _pick(lang, f"ret cellen; {SEE['da']}", f"correct the cell; {SEE['en']}"))
        if name in ("minimum", "maximum"):
            return (_pick(lang, f"{shown!r} i {column} er {'under' if name == 'minimum' else 'over'} {limit}",
                          f"{shown!r} in {column} is {'below' if name == 'minimum' else 'above'} {limit}"),
                    _pick(lang, f"ret tallet; {SEE['da']}", f"correct the number; {SEE['en']}"))
        if name == "pattern":
            return (_pick(lang, f"{shown!r} i {column} har ikke den form, kolonnen kræver",
                          f"{shown!r} in {column} does not have the form the column requires"),
                    hint or _pick(lang, f"ret cellen; {SEE['da']}", f"correct the cell; {SEE['en']}"))
        if name == "unique":
            return (_pick(lang, f"{shown!r} står mere end én gang i {column}", f"{shown!r} occurs more than once in "
                                                                                f"{column}"),
                    _pick(lang, "giv hver række sit eget id", "give every row an id of its own"))
    if code in ("primary-key", "unique-error"):
        first = re.search(r"row at position (\d+)", note)
        other = first.group(1) if first else "?"
        return (_pick(lang, f"rækken har samme id (nøgle) som række {other}",
                      f"the row has the same id (key) as row {other}"),
                _pick(lang, "giv rækken sit eget id, eller slet den dobbelte række",
                      "give the row an id of its own, or delete the duplicate row"))
    if code == "foreign-key":
        table = re.search(r'lookup table "(\w+)"', note)
        where = table.group(1) if table and table.group(1) else _pick(lang, "denne tabel", "this table")
        return (_pick(lang, f"{shown or column!r} findes ikke i {where}.csv", f"{shown or column!r} is not in "
                                                                              f"{where}.csv"),
                _pick(lang, f"tilføj rækken i {where}.csv, eller ret id'et, så det er et, der findes",
                      f"add the row to {where}.csv, or correct the id to one that exists"))
    if code in ("extra-cell", "missing-cell"):
        extra = code == "extra-cell"
        return (_pick(lang, f"rækken har {'en celle for meget' if extra else 'en celle for lidt'}",
                      f"the row has {'one cell too many' if extra else 'one cell too few'}"),
                _pick(lang, 'et tal med decimalkomma (12,5) eller en tekst med komma skal stå i anførselstegn ("12,5")'
                            " – eller skriv 12.5; kør så `aktivering format`",
                      'a number with a decimal comma (12,5) or text with a comma must be quoted ("12,5") – or write '
                      "12.5; then run `aktivering format`"))
    if code in ("missing-label", "extra-label", "incorrect-label", "duplicate-label", "blank-label", "blank-header"):
        written = re.search(r'label "(.*)" in field', note, re.S | re.I)  # frictionless names the label in its note
        shown = shown or (written.group(1) if written else "")
        if shown and column and shown != column:  # the header as written, and what the schema expects there
            found = _pick(lang, f"overskriften {shown!r} passer ikke til skemaet, som forventer {column}",
                          f"the header {shown!r} does not match the schema, which expects {column}")
        else:
            found = _pick(lang, f"overskriftsrækken passer ikke til skemaet ({column or shown})",
                          f"the header row does not match the schema ({column or shown})")
        return (found,
                _pick(lang, "brug kolonnenavnene og rækkefølgen fra data/schemas (kør `aktivering format`, der "
                            "sorterer kolonnerne)", "use the column names and order of data/schemas (run "
                                                    "`aktivering format`, which orders the columns)"))
    if code == "blank-row":
        return (_pick(lang, "rækken er tom", "the row is empty"),
                _pick(lang, "slet den tomme række (eller kør `aktivering format`)",
                      "delete the empty row (or run `aktivering format`)"))
    # Anything else: frictionless' own words, marked as such in a Danish message.
    what = note or code
    return (what if lang == "en" else f"frictionless melder: {what}"), fix
