"""The gate's domain rules: a figure's number comes from its own quote, a breakdown is a tree,
text holds nothing a reader cannot see, numbers and dates are ones a letter can write, and a
package stays in its own place (folder, kommune, national page, ids).

Its per-package rules are registered (rules.py) and run by `validate.Rules.run`; the rest is called
by `validate.validate` (across packages). The reasons for each rule, and its bounds, are in
data/README.md ("What the validator refuses").
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import coverage
from .load import normalise_space
from .problems import Problem
from .rules import rule
from .safety import MAX_FILE_BYTES, character_params, character_problem, refused_cells
from .slugs import slug

# --- numbers and dates a letter can write ------------------------------------------------------

NUMBER_COLUMNS = {"figures": ("value", "value_max"), "initiatives": ("participants_planned", "participants_actual")}
# A number cell as the canonical CSV writes it: ASCII digits, an optional minus and decimal point.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# More significant digits than this cannot be a count or a share written in a letter (and a float
# cannot hold them exactly: 400 digits became `inf` in the build).
MAX_NUMBER_DIGITS = 15
NON_FINITE = re.compile(r"[+-]?(?:nan|inf(?:inity)?)", re.IGNORECASE)

# Every date and period must lie in this window: the letters are from 2017–2018; what they report
# on reaches back some years, what they plan some years ahead. 9999-12-31 or year 1 is a typo.
DATE_WINDOW = (date(1990, 1, 1), date(2049, 12, 31))
DATE_COLUMNS = {"documents": ("date", "in_reply_to_date"), "referred_letters": ("date",)}


NUMBER_CODES = ("number-not-finite", "number-too-long", "number-form")  # what number_problem may return


def number_problem(cell: str) -> str | None:
    """The code of what is wrong with a number cell, if anything (empty cells are frictionless')."""
    if not cell:
        return None
    if NON_FINITE.fullmatch(cell.strip()):
        return "number-not-finite"
    if PLAIN_NUMBER.fullmatch(cell):
        return "number-too-long" if len(cell.replace("-", "").replace(".", "").lstrip("0")) > MAX_NUMBER_DIGITS \
            else None
    try:
        if not math.isfinite(float(cell)):
            return "number-not-finite"  # 1e309
    except ValueError:
        return None  # not a number at all: frictionless' type-error says so
    return "number-form"


def in_window(day: date) -> bool:
    return DATE_WINDOW[0] <= day <= DATE_WINDOW[1]


def window_params() -> dict:
    return {"first": DATE_WINDOW[0].isoformat(), "last": DATE_WINDOW[1].isoformat()}


# --- bounds on every table ---------------------------------------------------------------------

MAX_ROWS = 2_000         # rows per table (the largest real table has 42)
MAX_COLUMNS = 40         # columns per table (the widest schema has 17)
MAX_RESOURCES = 8        # resources per descriptor (a package has 4, and up to 2 optional ones)
MAX_CELL_CHARS = 32_000  # characters per cell (the longest real note has 786; a long paragraph fits)
MAX_LABEL_CHARS = 500    # a text shown as a heading, chart label or link (the longest real one: 154)
LABEL_COLUMNS = {"figures": ("category",), "initiatives": ("name",), "documents": ("title", "sender"),
                 "measures": ("label",), "benefits": ("label",), "counted_by": ("label",), "funding": ("label",),
                 "kommuner": ("name", "region_name")}
# A non_figures row accounts for one occurrence of its text in one sentence of the letter.
MAX_NON_FIGURE_QUOTE_CHARS = 600


def table_bounds(header: list[str], rows: list[list[str]], where: str, resource: str) -> list[Problem]:
    """Rows, columns, cell and label length of one parsed CSV; the first breach of each bound."""
    if len(header) > MAX_COLUMNS:
        return [Problem("too-many-columns", where, 1, value=len(header), expected=MAX_COLUMNS)]
    if len(rows) > MAX_ROWS:
        return [Problem("too-many-rows", where, value=len(rows), expected=MAX_ROWS)]
    labels = {header.index(c) for c in LABEL_COLUMNS.get(resource, ()) if c in header}
    shortest = min(MAX_CELL_CHARS, MAX_LABEL_CHARS)
    for number, row in enumerate(rows, start=2):
        if not row or max(map(len, row)) <= shortest:
            continue  # nearly every row: no cell long enough to breach either bound
        for index, cell in enumerate(row):
            column = header[index] if index < len(header) else None
            if len(cell) > MAX_CELL_CHARS:
                return [Problem("cell-too-long", where, number, column, len(cell), MAX_CELL_CHARS)]
            if index in labels and len(cell) > MAX_LABEL_CHARS:
                return [Problem("label-too-long", where, number, column, len(cell), MAX_LABEL_CHARS)]
    return []


# What a package folder holds; nothing else is read, hashed or published.
PACKAGE_FILES = {"datapackage.json", "documents.csv", "figures.csv", "initiatives.csv", "non_figures.csv",
                 "commitments.csv", "referred_letters.csv"}  # the last two optional (issue 14)


def layout_problems(folder: Path, display) -> list[Problem]:
    """Files a package folder may not hold (the validator hashes every file in it, so a stray 1 GB
    file or a million files would be read before any rule ran): only the descriptor, the four
    CSVs and transcripts/*.txt, each at most MAX_FILE_BYTES, at most MAX_ROWS transcripts."""
    problems = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name in PACKAGE_FILES or (entry.name == "transcripts" and entry.is_dir(follow_symlinks=False)):
            continue
        if entry.name.lower().endswith((".xlsx", ".xlsm", ".xls")) and entry.is_file(follow_symlinks=False):
            # A workbook is never read, but it is what a spreadsheet user saves: `format` converts it.
            problems.append(Problem("xlsx-in-package", display(folder / entry.name), value=entry.name,
                                    params={"package": display(folder)}))
            continue
        problems.append(Problem("package-file-unknown", display(folder / entry.name), value=entry.name))
    transcripts = folder / "transcripts"
    if transcripts.is_dir() and not transcripts.is_symlink():
        entries = sorted(os.scandir(transcripts), key=lambda e: e.name)
        if len(entries) > MAX_ROWS:
            return problems + [Problem("too-many-files", display(transcripts), value=len(entries), expected=MAX_ROWS)]
        for entry in entries:
            if entry.name == ".gitkeep" and entry.is_file(follow_symlinks=False) and not entry.stat().st_size:
                continue  # empty: keeps a package's transcripts/ in git before its first letter (`aktivering new`)
            if not entry.name.endswith(".txt") or entry.is_dir(follow_symlinks=False):
                problems.append(Problem("package-file-unknown", display(transcripts / entry.name),
                                        value=f"transcripts/{entry.name}"))
            elif entry.stat(follow_symlinks=False).st_size > MAX_FILE_BYTES:
                problems.append(Problem("file-too-large", display(transcripts / entry.name),
                                        value=entry.stat(follow_symlinks=False).st_size,
                                        params={"limit": MAX_FILE_BYTES}))
    return problems


# --- which number in a quote is the figure's ---------------------------------------------------

# Clauses: a quote is cut at , ; : and at the conjunctions that join two counts ("246 … og 22 …"),
# but not at the "og" of a suspended compound ("kontanthjælps- og uddannelseshjælpsmodtagere"), nor
# before a relative clause, which belongs to the number before it ("29 …, der er gået i ordinært arbejde").
CLAUSE_BREAK = re.compile(r"[,;:]\s(?!(?:der|som|hvor)\b)|(?<!-)\s(?:og|samt|mens|men|eller|heraf|hvoraf)\s"
                          r"|(?<=[.!?])\s+(?=[A-ZÆØÅ])")
# The words that name a unit right after a number ("281 borgere", "2 år", "en kvart mia. kr.",
# "tre og to nye mentorer"): the number or the word after it is followed by one of these.
UNIT_WORDS = {
    "pct.": r"pct\b|procent|%",
    "personer": r"personer|borgere|deltagere|aktivitetsparat\w*|\w*modtager\w*|\w*fuldtidspersoner",
    "sager": r"sag(?:er)?\b",
    "mentorer": r"mentor(?:er)?\b",
    "dage": r"dag(?:e)?\b",
    "uger": r"uger?\b",
    "år": r"år\b",
    "mia. kr.": r"mia\.? kr",
}
_UNIT_AFTER = {unit: re.compile(r"\s?(?:\S+\s)?(?:" + words + ")", re.IGNORECASE) for unit, words in UNIT_WORDS.items()}
# The words that name a single benefit in a letter (also inside compounds: kontanthjælpsmodtagere).
BENEFIT_WORDS = {"kontanthjælp": "kontanthjælp", "uddannelseshjælp": "uddannelseshjælp",
                 "integrationsydelse": "integrationsydelse"}


def _markers(figure: dict) -> frozenset[str]:
    """The words that bind a number to this figure: its single benefits and its category."""
    return _marker_words(figure.get("benefit", ""), figure.get("category", ""))


@lru_cache(maxsize=1 << 12)
def _marker_words(benefit: str, category: str) -> frozenset[str]:
    found = {BENEFIT_WORDS[b] for b in benefit.split("+") if b in BENEFIT_WORDS}
    category = normalise_space(category).lower()
    if category:
        found.add(category)
    return frozenset(found)


@lru_cache(maxsize=1 << 12)
def _clauses(text: str) -> tuple[tuple[int, int], ...]:
    cuts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)] + [len(text) + 1]
    return tuple(zip(cuts, cuts[1:]))


@lru_cache(maxsize=1 << 14)
def occurrences(quote: str, value: float) -> tuple[tuple[int, int], ...]:
    """Where `value` occurs as a number in the quote, read as coverage reads the transcript. The
    article en/et is 1 only with a unit after it ("yderligere en mentor", not "et eksternt firma").
    Cached: a figure's value is looked for by two rules, and the figures of one quote share it."""
    text = coverage.normalised(quote)
    return tuple((start, end) for start, end, number in coverage.values_in(quote) if number == value
                 and (text[start:end].lower() not in coverage.ARTICLES
                      or any(pattern.match(text, end) for pattern in _UNIT_AFTER.values())))


# Cases and persons are written interchangeably ("1 sag er lukket" of a count of participants: a
# case is one person's), so they count as one unit here.
_SAME_UNIT = {"sager": "personer"}


def unit_elsewhere(text: str, end: int, unit: str) -> bool:
    """The number ending at `end` is written with another unit than the figure's ("281 borgere"
    for a percentage, "2 år" for a count of persons) and not with its own."""
    named = _units_after(text, end)
    return bool(named) and _SAME_UNIT.get(unit, unit) not in named


@lru_cache(maxsize=1 << 14)
def _units_after(text: str, end: int) -> frozenset[str]:
    """The units named right after position `end` (cached: the figures of one quote ask of the same numbers)."""
    return frozenset(_SAME_UNIT.get(u, u) for u, pattern in _UNIT_AFTER.items() if pattern.match(text, end))


def bound_elsewhere(quote: str, figure: dict, value: float, group: list[dict]) -> bool:
    """True when every occurrence of the figure's value in its quote belongs to something else:
    the number is written with another unit, or (among the figures citing the same quote, `group`)
    it stands in a clause that names words telling the others apart and none of its own."""
    text = coverage.normalised(quote)
    lowered = text.lower()
    markers = [_markers(f) for f in group]
    common = frozenset.intersection(*markers) if markers else frozenset()
    words = frozenset().union(*markers) - common  # only words that tell the figures apart bind
    own = _markers(figure) - common
    found = occurrences(quote, value)
    if not found:
        return False  # value-not-in-quote says so
    clauses = _clauses(text)
    for start, end in found:
        if unit_elsewhere(text, end, figure.get("unit", "")):
            continue
        clause = next(((a, b) for a, b in clauses if a <= start < b), (0, len(text)))
        named = {w for w in words if w in lowered[clause[0]:clause[1]]}
        if not named or named & own:
            return False
    return True


# --- the rules, per package --------------------------------------------------------------------

def _number(cell) -> float | None:
    try:
        value = float(cell) if cell not in (None, "") else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _non_figures(rules) -> list[dict]:
    """non_figures.csv's rows: as the fast path parsed them, else read (None when unreadable)."""
    return (rules.package.rows("non_figures") if "non_figures" in rules.package.tables
            else coverage.read_non_figures(rules.package.folder)) or []


@rule("char-illegal", "char-invisible")
def check_cells(rules) -> None:
    """Illegal (XML 1.0) and invisible characters in every cell, header included."""
    tables = {table: list(rules.rows(table)) for table in sorted(rules.package.tables)}
    tables.setdefault("non_figures", list(enumerate(_non_figures(rules), start=2)))
    for table, rows in tables.items():
        header = rules.package.columns(table) if table in rules.package.tables else list(rows[0][1]) if rows else []
        for column in header:
            found = character_problem(column)
            if found:
                rules.add(found[0], table, 1, None, None, **character_params(column, found[1]))
        for row, column, cell, (code, position) in refused_cells(rows):
            rules.add(code, table, row, column, None, **character_params(cell, position))


@rule(*NUMBER_CODES, "date-out-of-range", "qualifier-has-number")
def check_numbers(rules) -> None:
    for table, columns in NUMBER_COLUMNS.items():
        for row, record in rules.rows(table):
            for column in columns:
                code = number_problem(record.get(column, ""))
                if code:
                    rules.add(code, table, row, column, record[column][:40], MAX_NUMBER_DIGITS)
    for table, columns in DATE_COLUMNS.items():
        for row, record in rules.rows(table):
            for column in columns:
                try:
                    day = date.fromisoformat(record.get(column, ""))
                except ValueError:
                    continue  # empty or not a date: frictionless reports it
                if not in_window(day):
                    rules.add("date-out-of-range", table, row, column, record[column], **window_params())
    for row, figure in rules.rows("figures"):
        qualifier = figure.get("qualifier", "")
        if qualifier and coverage.NUMBER.search(coverage.normalised(qualifier)):
            rules.add("qualifier-has-number", "figures", row, "qualifier", qualifier)


def _by_quote(rows) -> dict[tuple[str, str], list[dict]]:
    shared = defaultdict(list)
    for _, record in rows:
        shared[record.get("document_id", ""), normalise_space(record.get("quote", ""))].append(record)
    return shared


@rule("value-not-in-quote", "value-bound-elsewhere", "participants-not-in-quote")
def check_quotes_hold_values(rules) -> None:
    """A figure's value and value_max, an initiative's participant counts: numbers of its own quote."""
    figures = list(rules.rows("figures"))
    # Figures citing one quote compete for its numbers.
    groups = _by_quote(figures)
    located = _located(rules.package)
    for row, figure in figures:
        quote = figure.get("quote", "")
        if not located(figure):
            continue  # quote-not-found comes first: which sentence is meant is not known yet
        group = groups[figure.get("document_id", ""), normalise_space(quote)]
        for column in ("value", "value_max"):
            value = _number(figure.get(column))
            if value is None:
                continue
            if not occurrences(quote, value):
                rules.add("value-not-in-quote", "figures", row, column, figure[column])
            elif bound_elsewhere(quote, figure, value, group):
                rules.add("value-bound-elsewhere", "figures", row, column, figure[column])
    # A participant count may also stand in the sentence of a figure row of the initiative (measure
    # deltagere_antal, data/README.md), whose own value is held to its own quote above.
    counted = {(f.get("initiative_id"), _number(f.get("value"))) for _, f in figures
               if f.get("measure") == "deltagere_antal" and f.get("initiative_id")}
    for row, initiative in rules.rows("initiatives"):
        quote = initiative.get("quote", "")
        for column in ("participants_planned", "participants_actual"):
            value = _number(initiative.get(column))
            if located(initiative) and value is not None and not occurrences(quote, value) \
                    and (initiative.get("initiative_id"), value) not in counted:
                rules.add("participants-not-in-quote", "initiatives", row, column, initiative[column])


def _located(package):
    """Whether a row's quote is found in its transcript (whitespace normalised, as check_quote)."""
    texts: dict[str, str] = {}

    def located(record: dict) -> bool:
        quote, document_id = normalise_space(record.get("quote", "") or ""), record.get("document_id", "")
        if not quote or document_id not in package.transcripts:
            return False
        if document_id not in texts:
            texts[document_id] = normalise_space(package.transcripts[document_id])
        return quote in texts[document_id]
    return located


@rule("part-of-self", "part-of-cycle", "part-unit-mismatch")
def check_breakdown_tree(rules) -> None:
    """No part is its own total, no cycle of parts, a part has its total's unit."""
    figures: dict[str, tuple[int, dict]] = {}
    repeated = set()
    for row, record in rules.rows("figures"):
        figure_id = record.get("figure_id", "")
        if figure_id in figures:
            repeated.add(figure_id)
        figures.setdefault(figure_id, (row, record))
    for figure_id in repeated:  # a repeated id is frictionless' primary-key error; its tree is unknown
        figures.pop(figure_id)
    for figure_id, (row, record) in figures.items():
        total = record.get("part_of", "")
        if not total:
            continue
        if total == figure_id:
            rules.add("part-of-self", "figures", row, "part_of", total)
            continue
        seen, at = set(), total  # up the chain of totals: back at this figure is a cycle
        while at in figures and at not in seen and at != figure_id:
            seen.add(at)
            at = figures[at][1].get("part_of", "")
        if at == figure_id:
            rules.add("part-of-cycle", "figures", row, "part_of", total, figure_id)
        if total in figures and unit_kind(figures[total][1].get("unit")) != unit_kind(record.get("unit")):
            rules.add("part-unit-mismatch", "figures", row, "unit", record.get("unit"),
                      figures[total][1].get("unit"), total=total)


# What a unit measures: a part must measure what its total measures. Persons and cases count alike
# (a case is one person's: "78 ud af i alt 369 sager" counts langvarige persons among all cases).
UNIT_KINDS = {"personer": "antal", "sager": "antal", "mentorer": "antal", "pct.": "andel",
              "dage": "varighed", "uger": "varighed", "år": "varighed", "mia. kr.": "beløb", "kr.": "beløb"}


def unit_kind(unit: str | None) -> str:
    return UNIT_KINDS.get(unit or "", unit or "")


@rule("non-figure-quote-too-long", "non-figure-text-repeated")
def check_non_figures(rules) -> None:
    """A non_figures row accounts for one occurrence of its text, inside one bounded sentence."""
    for row, record in enumerate(_non_figures(rules), start=2):
        quote, text = normalise_space(record.get("quote", "")), normalise_space(record.get("text", ""))
        if not quote or not text:
            continue
        sentences = len(list(coverage.SENTENCE.finditer(quote)))
        if len(quote) > MAX_NON_FIGURE_QUOTE_CHARS or sentences > 1:
            rules.add("non-figure-quote-too-long", "non_figures", row, "quote", len(quote),
                      MAX_NON_FIGURE_QUOTE_CHARS)
        elif (count := standalone_count(text, quote)) > 1:
            rules.add("non-figure-text-repeated", "non_figures", row, "text", record.get("text"), count=count)


_WORD, _DIGIT, _WORD_AT_END = re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\w$")


def standalone_count(text: str, quote: str) -> int:
    """Occurrences of `text` in `quote` that are not inside a longer word or number: the "1" of
    "1. december" is one, the 1 of "2017" is not (it could account for nothing there). What a
    pattern of the text between these look-arounds finds (`(?<!\\w)`, `(?<!\\d[.,])` before it,
    `(?!\\w)`, `(?![.,]\\d)` after; a test holds the two to one count), by str.find: compiling a
    pattern for every text was a tenth of a cold validation."""
    word_left, digit_left = bool(_WORD.match(text)), text[:1].isdigit()
    word_right, digit_right = bool(_WORD_AT_END.search(text)), text[-1:].isdigit()
    count, start = 0, quote.find(text)
    while start >= 0:
        end = start + len(text)
        if (word_left and start > 0 and _WORD.match(quote, start - 1)) \
                or (digit_left and start > 1 and quote[start - 1] in ".," and _DIGIT.match(quote, start - 2)) \
                or (word_right and end < len(quote) and _WORD.match(quote, end)) \
                or (digit_right and end + 1 < len(quote) and quote[end] in ".," and _DIGIT.match(quote, end + 1)):
            start = quote.find(text, start + 1)
        else:
            count += 1
            start = quote.find(text, end)
    return count


# --- package identity ----------------------------------------------------------------------------

NATIONAL_FOLDER = "national"
NATIONAL_PREFIX = "dk"


@rule("national-conflict", "national-undeclared", "id-prefix-foreign")
def check_identity(rules) -> None:
    """The kommune or national package a descriptor declares, and the ids it may use."""
    package, descriptor = rules.package, rules.package.descriptor
    code, national = package.kommune_code or "", descriptor.get("national")
    if national not in (None, True):
        rules.descriptor_problem("national-conflict", "national", national)
    elif national and code:
        rules.descriptor_problem("national-conflict", "kommune_code", code)
    elif national and descriptor.get("id_prefix") != NATIONAL_PREFIX:
        rules.descriptor_problem("national-conflict", "id_prefix", descriptor.get("id_prefix"), NATIONAL_PREFIX)
    elif not national and not code:
        rules.descriptor_problem("national-undeclared", "kommune_code", None)
    elif code and descriptor.get("id_prefix") not in (None, code):
        rules.descriptor_problem("id-prefix-foreign", "id_prefix", descriptor["id_prefix"], code)


def folder_problem(folder_name: str, descriptor: dict, names: dict[str, str], where: str) -> Problem | None:
    """A package folder in data/packages is `<kommune_code>-<slug of the reference name>`, or
    `national` for the one package that declares `"national": true`."""
    code = descriptor.get("kommune_code") or ""
    if descriptor.get("national") is True and not code:
        expected = NATIONAL_FOLDER
    elif code in names:
        expected = f"{code}-{slug(names[code])}"
    else:
        return None  # unknown-kommune / national-undeclared say what is wrong
    if folder_name != expected:
        return Problem("package-folder-name", where, value=folder_name, expected=expected)
    return None


def claim_problems(packages, display) -> list[Problem]:
    """One package per kommune and one national package, across the packages validated together."""
    problems, claims = [], {}
    for package in packages:
        claim = package.kommune_code or ("national" if package.descriptor.get("national") is True else None)
        if claim is None:
            continue
        where = display(package.folder / "datapackage.json")
        if claim in claims:
            problems.append(Problem("national-duplicate" if claim == "national" else "kommune-duplicate",
                                    where, column="kommune_code", value=claim, params={"other": claims[claim]}))
        claims.setdefault(claim, where)
    return problems
