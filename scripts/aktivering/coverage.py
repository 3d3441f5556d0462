"""Every number in every transcript, and what accounts for it: a figure, an initiative's participant
count, or a row in non_figures.csv. Feeds the validator's `number-unaccounted` and `aktivering coverage`.

A number is any run of digits (with inner `.`/`,`: `13.09.2017`, `10.000`, `12,5`) or a Danish number
word from to (2) upwards, `én`/`ét` and `halv`/`kvart`; plain `en`/`et` are left out (they are
mostly the article). A number is captured by a figure when it lies inside one occurrence of the
figure's quote and its value equals the figure's value or value_max; by an initiative likewise with
participants_planned or participants_actual; by a non_figures row when it lies inside an occurrence
of the row's text within the row's quote.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .load import Package, normalise_space, read_csv, records
from .safety import file_problems, path_problem

WORDS = {
    "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9,
    "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16,
    "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20, "tredive": 30, "fyrre": 40, "halvtreds": 50,
    "tres": 60, "halvfjerds": 70, "firs": 80, "halvfems": 90, "hundrede": 100, "tusind": 1000,
    "halv": 0.5, "kvart": 0.25,
}
# "en mentor", "et år": plain en/et are mostly the article, so coverage never reports them; but a
# figure or initiative may take 1 from them ("yderligere en mentor"), like any other number word.
ARTICLES = {"en": 1, "et": 1}


def _words_pattern(words) -> str:
    """The number words as one alternation grouped by first letter, behind a look at that letter:
    what `\\b(?:to|tre|…)\\b` matches (the two \\b make a match the whole word, so the order of the
    alternatives cannot change it), in about half the time of trying all thirty words everywhere."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    first = "".join(sorted(groups))
    return r"\b(?=[" + first + "])(?:" + "|".join(
        re.escape(letter) + "(?:" + "|".join(re.escape(rest) for rest in sorted(rests, key=len, reverse=True)) + ")"
        for letter, rests in groups.items()) + r")\b"


# A run of digits not after a digit, `(?<!\d)\d+(?:[.,]\d+)*`, written digit first (the regex engine then
# tries the look behind only where a digit stands), or a number word.
NUMBER = re.compile(r"\d(?<!\d\d)\d*(?:[.,]\d+)*|" + _words_pattern(WORDS), re.IGNORECASE)
# A sentence ends at . ! ? before a capital, but not after an initial ("A. P. Møllerfonden") nor
# after the number that opens a numbered heading ("1. Indledning").
SENTENCE = re.compile(r".+?(?:(?<=[.!?])(?<!\b[A-ZÆØÅ]\.)(?<!^\d\.)(?<!^\d\d\.)\s+(?=[A-ZÆØÅ\"'(])|$)")
# "juli 2017", "ultimo 2021": the year after a month is no count either (a figure cannot take it).
MONTH_BEFORE = re.compile(r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november"
                          r"|december|primo|medio|ultimo)\s$", re.IGNORECASE)
MARKUP = re.compile(r"^(?:#+\s+|\s*-\s+)")
# "22. august", "2. halvår": the day or ordinal of a date is no count, even where it equals a figure.
DAY = re.compile(r"\.\s*(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november"
                 r"|december|halvår|kvartal)\b", re.IGNORECASE)


@dataclass
class Number:
    """One number in one transcript and what accounts for it (empty: nothing does yet)."""

    document_id: str
    transcript: str         # path inside the package, e.g. transcripts/217-2017-12-14.txt
    text: str               # as written
    value: float | None     # None for what cannot be a count: 13.09.2017, the 22 of "22. august"
    source: Transcript = field(repr=False, compare=False)
    position: int = field(repr=False, compare=False)  # in source.text
    accounted_by: list[str] = field(default_factory=list)  # figure/initiative ids, 'non_figures:<reason>'

    # Line and sentence are only read when a number is reported: worked out then, not for every number.
    @property
    def line(self) -> int:
        return self.source.line(self.position)

    @property
    def sentence(self) -> str:
        return self.source.sentence(self.position)


ARTICLE = re.compile(r"\b(?:" + "|".join(ARTICLES) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1 << 12)
def values_in(text: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of every number a figure may take from `text` (NFKC, whitespace
    normalised): the numbers coverage counts, and the articles en/et as 1."""
    transcript = Transcript(text)
    found = [(start, end, value) for start, end, _, value in transcript.numbers() if value is not None]
    found += [(m.start(), m.end(), ARTICLES[m.group().lower()]) for m in ARTICLE.finditer(transcript.text)]
    return sorted(found)


_INTEGER = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+,\d+")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def value_of(text: str) -> float | None:
    """'12,5' -> 12.5, '10.000' -> 10000, 'fire' -> 4; a date such as '13.09.2017' -> None."""
    word = WORDS.get(text.lower())
    if word is not None:
        return word
    if _INTEGER.fullmatch(text):
        return float(text)
    if _DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    if _THOUSANDS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    return None


_VALUES: dict[str, float | None] = {}  # value_of per number as written: the same few hundred recur


def _value(token: str) -> float | None:
    if token not in _VALUES:
        _VALUES[token] = value_of(token)
    return _VALUES[token]


def compatible(text: str) -> str:
    """NFKC, whitespace left as it is (the caller joins words with single spaces)."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _number(cell) -> float | None:
    try:
        return float(cell) if cell not in (None, "") else None
    except ValueError:
        return None


@lru_cache(maxsize=1 << 12)
def normalised(text: str) -> str:
    """Whitespace folded and compatibility characters (superscript ², fullwidth ４) read as what
    they stand for (NFKC), so that no number can hide from coverage in a form the page still shows.
    Cached: the rules read the same quote once per figure that cites it.

    Each word's NFKC form joined by single spaces, in one call: `str.split` splits where `\\s` does,
    and NFKC leaves a space as it is and never joins across it, so the whole is the words' forms
    joined (a test holds it to the word-by-word form)."""
    joined = " ".join(text.split())
    return joined if joined.isascii() else unicodedata.normalize("NFKC", joined)


class Transcript:
    """A transcript as one whitespace-normalised string (how quotes are matched) that still knows
    the line of every character in the original."""

    def __init__(self, text: str):
        self.original = text
        self.text = normalised(text)

    @cached_property
    def offsets(self) -> list[int]:
        """For each character of self.text, its position in the original (within a word whose
        NFKC form is longer or shorter, the word's characters map to its first ones)."""
        offsets: list[int] = []
        for match in re.finditer(r"\S+", self.original):
            if offsets:
                offsets.append(match.start())
            length = len(compatible(match.group()))
            offsets.extend(min(match.start() + i, match.end() - 1) for i in range(length))
        return offsets

    @cached_property
    def newlines(self) -> list[int]:
        return [i for i, c in enumerate(self.original) if c == "\n"]

    def spans(self, passage: str) -> list[tuple[int, int]]:
        needle = normalised(passage)
        return [(start, start + len(needle)) for start in occurrences(self.text, needle)]

    def numbers(self) -> list[tuple[int, int, str, float | None]]:
        """(start, end, number as written, its value or None when it cannot be a count)."""
        text, found = self.text, []
        for match in NUMBER.finditer(text):
            start, end, token = match.start(), match.end(), match.group()
            found.append((start, end, token, None if DAY.match(text, end) or _year(text, match) else _value(token)))
        return found

    def line(self, position: int) -> int:
        return bisect.bisect_right(self.newlines, self.offsets[position]) + 1

    def sentence(self, position: int) -> str:
        """The sentence around a position, within its line, without heading or list markup."""
        offset = self.offsets[position]
        start = self.original.rfind("\n", 0, offset) + 1
        end = self.original.find("\n", offset)
        line = self.original[start:] if end < 0 else self.original[start:end]
        markup = MARKUP.match(line)
        cut = markup.end() if markup else 0
        line, at = line[cut:], offset - start - cut
        for match in SENTENCE.finditer(line):
            if match.start() <= at < match.end():
                return normalise_space(match.group())
        return normalise_space(line)


def _year(text: str, match: re.Match) -> bool:
    return len(match.group()) == 4 and match.group().isdigit() \
        and MONTH_BEFORE.search(text, max(0, match.start() - 10), match.start()) is not None


def read_non_figures(folder: Path) -> list[dict] | None:
    """non_figures.csv's rows (strings), or None when it is missing or unsafe (the validator says why)."""
    if path_problem(folder, "non_figures.csv", "") or file_problems(folder / "non_figures.csv", ""):
        return None
    try:
        return records(read_csv(folder / "non_figures.csv"))
    except ValueError:  # pandas' ParserError: a row wider than the header; frictionless reports it
        return None


def _by_document(rows: list[dict]) -> dict[str, list[dict]]:
    """Rows grouped by document_id (one pass: per-document filtering was quadratic)."""
    grouped: dict[str, list[dict]] = {}
    for record in rows:
        if "document_id" in record:
            grouped.setdefault(record["document_id"], []).append(record)
    return grouped


def _capture(numbers: list[tuple[int, int, Number]], span: tuple[int, int], label: str, values: set | None):
    # numbers are in reading order: only those starting inside the span are looked at (a walk over
    # all of them for every row was rows × numbers, minutes for a large transcript).
    first = bisect.bisect_left(numbers, span[0], key=lambda item: item[0])
    for start, end, number in numbers[first:]:
        if start >= span[1]:
            break
        if end <= span[1] and (values is None or number.value in values):
            number.accounted_by.append(label)


def account(package: Package, non_figures: list[dict]) -> list[Number]:
    """Every number in the package's transcripts, in reading order, with what accounts for it."""
    paths = dict(zip(package.column("documents", "document_id"), package.column("documents", "transcript")))
    found = []
    figures, initiatives = _by_document(package.rows("figures")), _by_document(package.rows("initiatives"))
    others = _by_document(non_figures)
    for document_id, text in package.transcripts.items():
        transcript = Transcript(text)
        numbers = [(start, end, Number(document_id, paths.get(document_id, ""), token, value, transcript, start))
                   for start, end, token, value in transcript.numbers()]
        for figure in figures.get(document_id, []):
            values = {_number(figure.get("value")), _number(figure.get("value_max"))} - {None}
            for span in transcript.spans(figure.get("quote", "")):
                _capture(numbers, span, figure.get("figure_id", ""), values)
        for initiative in initiatives.get(document_id, []):
            values = {_number(initiative.get("participants_planned")),
                      _number(initiative.get("participants_actual"))} - {None}
            for span in transcript.spans(initiative.get("quote", "")):
                _capture(numbers, span, initiative.get("initiative_id", ""), values)
        for row in others.get(document_id, []):
            needle = normalise_space(row.get("text", ""))
            for quote_start, quote_end in transcript.spans(row.get("quote", "")):
                for start in occurrences(transcript.text[quote_start:quote_end], needle):
                    span = (quote_start + start, quote_start + start + len(needle))
                    _capture(numbers, span, f"non_figures:{row.get('reason', '')}", None)
        found += [number for _, _, number in numbers]
    return found


def occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle) if needle else -1
    while start >= 0:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def unlocated(package: Package, non_figures: list[dict]) -> set[str]:
    """Documents with a quote that is not in their transcript: what such a row accounts for is
    unknown until the quote is corrected, so their numbers are not reported as unaccounted."""
    documents = set()
    texts = {document_id: normalise_space(text) for document_id, text in package.transcripts.items()}
    for rows in (package.rows("figures"), package.rows("initiatives"), non_figures):
        for row in rows:
            text = texts.get(row.get("document_id", ""))
            quote = normalise_space(row.get("quote", "") or "")
            if text is not None and quote and quote not in text:
                documents.add(row["document_id"])
    return documents


TEXT_CODES = ("non-figure-no-number", "non-figure-text-not-in-quote")  # what text_problem may return


def text_problem(row: dict) -> str | None:
    """The code of what is wrong with a non_figures row's text, if anything."""
    text, quote = row.get("text", ""), row.get("quote", "")
    if not text or not quote:
        return None  # frictionless reports required cells
    if not NUMBER.search(normalise_space(text)):
        return "non-figure-no-number"
    if normalise_space(text) not in normalise_space(quote):
        return "non-figure-text-not-in-quote"
    return None
