"""Coverage: every number in every letter is a figure, an initiative's participants or a non-figure."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys

import pytest

from aktivering import coverage
from aktivering.load import read_package
from aktivering.validate import validate

from conftest import FIXTURES, ROOT

AKTIVERING = [sys.executable, "-m", "aktivering.cli"]


def numbers_of(folder):
    return coverage.account(read_package(folder), coverage.read_non_figures(folder))


def test_every_number_in_the_real_letters_is_accounted_for():
    total = 0
    for folder in sorted((ROOT / "data" / "packages").iterdir()):
        numbers = numbers_of(folder)
        total += len(numbers)
        assert [(n.document_id, n.line, n.text) for n in numbers if not n.accounted_by] == [], folder.name
    assert total >= 200


@pytest.mark.parametrize(("text", "value"), [
    ("12,5", 12.5), ("10.000", 10000), ("27.000", 27000), ("1.234,5", 1234.5), ("2017", 2017),
    ("fire", 4), ("Ti", 10), ("én", 1), ("kvart", 0.25), ("13.09.2017", None), ("01.11.17", None),
])
def test_value_of(text, value):
    assert coverage.value_of(text) == value


def test_what_counts_as_a_number():
    text = "Det drejer sig om fire sager og en mentor, i ét år, 3.000 kr. og 12,5 pct. Tlf. 87 53 50 00."
    found = [token for _, _, token, _ in coverage.Transcript(text).numbers()]
    # "en" is the article, never a number; a phone number is four numbers.
    assert found == ["fire", "ét", "3.000", "12,5", "87", "53", "50", "00"]


def test_the_day_of_a_date_is_no_count():
    """Guards against 'd. 22. august' being taken as the figure 22 in the same sentence."""
    text = "Kommunen har d. 22. august trukket data: der er 22 borgere i 2. halvår."
    values = [value for _, _, _, value in coverage.Transcript(text).numbers()]
    assert values == [None, 22, None]


def test_sentence_and_line():
    text = "Brevhoved\n\n## 1. Indledning\n\nDer er 5 sager. Fra A. P. Møllerfonden fik vi 650 kr. Det er alt.\n"
    transcript = coverage.Transcript(text)
    found = {token: (transcript.line(start), transcript.sentence(start))
             for start, _, token, _ in transcript.numbers()}
    assert found == {"1": (3, "1. Indledning"), "5": (5, "Der er 5 sager."),
                     "650": (5, "Fra A. P. Møllerfonden fik vi 650 kr.")}


def test_valid_fixture_accounts_for_each_number_by_its_row():
    accounted = {(n.text, n.line): n.accounted_by for n in numbers_of(FIXTURES / "valid")}
    assert accounted[("120", 6)] == ["101-f001"]
    assert accounted[("12,5", 6)] == ["101-f002"]
    assert accounted[("1", 6)] == accounted[("2017", 6)] == ["non_figures:dato"]
    assert accounted[("120", 8)] == ["non_figures:gentagelse"]  # "Af de 120 borgere" repeats 101-f001
    assert accounted[("50", 10)] == ["101-f005", "101-i01"]


def test_a_figure_only_captures_its_own_value(tmp_path):
    """A number in the quote that is not the row's value is not taken as accounted for."""
    package = tmp_path / "p"
    shutil.copytree(FIXTURES / "valid", package)
    figures = package / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",40,,personer", ",41,,personer"), "utf-8")
    problems, _ = validate([str(package)])
    (problem, wrong) = sorted(problems, key=lambda p: p.code)
    assert (problem.code, problem.row, problem.value) == ("number-unaccounted", 8, "40")
    assert problem.file.endswith("p/transcripts/101-2017-12-10.txt")
    # and the row's own number is not in its quote (issue 10)
    assert (wrong.code, wrong.row, wrong.column, wrong.value) == ("value-not-in-quote", 4, "value", "41")


def test_unaccounted_number_names_transcript_line_and_sentence():
    (problem,) = validate([str(FIXTURES / "number-not-accounted-for")])[0]
    transcript = FIXTURES / "number-not-accounted-for" / "transcripts" / "101-2017-12-10.txt"
    line = transcript.read_text(encoding="utf-8").splitlines().index("Yderligere 15 borgere venter på en plads.") + 1
    assert (problem.code, problem.row, problem.value) == ("number-unaccounted", line, "15")
    assert problem.file == "tests/fixtures/packages/number-not-accounted-for/transcripts/101-2017-12-10.txt"
    assert "Yderligere 15 borgere venter på en plads." in problem.format("da")
    assert "aktivering coverage tests/fixtures/packages/number-not-accounted-for" in problem.format("en")


def test_coverage_cli_lists_the_todo_and_its_rows_fix_it(tmp_path):
    package = tmp_path / "p"
    shutil.copytree(FIXTURES / "number-not-accounted-for", package)
    listing = subprocess.run([*AKTIVERING, "coverage", str(package)], cwd=ROOT, capture_output=True, text=True)
    assert listing.returncode == 1
    assert "MANGLER" in listing.stdout and "101-f002" in listing.stdout
    rows = subprocess.run([*AKTIVERING, "coverage", "--missing", "--csv", str(package)], cwd=ROOT,
                          capture_output=True, text=True)
    (header, row) = list(csv.reader(io.StringIO(rows.stdout)))
    assert header == ["document_id", "text", "quote", "reason", "note"]
    assert row == ["101-2017-12-10", "15", "Yderligere 15 borgere venter på en plads.", "", ""]
    # The contributor chooses the reason; then the number is accounted for.
    with open(package / "non_figures.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(row[:3] + ["andet", "Ventende, ikke en opgørelse."])
    assert validate([str(package)])[0] == []
    done = subprocess.run([*AKTIVERING, "coverage", str(package)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "MANGLER" not in done.stdout


def test_a_wrong_quote_is_fixed_before_numbers_are_counted():
    """While a quote cannot be found, what its row accounts for is unknown: only the quote is reported."""
    problems, _ = validate([str(FIXTURES / "quote-not-in-transcript")])
    assert {p.code for p in problems} == {"quote-not-found"}


def _normalised_word_by_word(text):
    """coverage.normalised as it was written before issue 17: each run of non-space NFKC'd on its own."""
    import re
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", m.group()) for m in re.finditer(r"\S+", text))


def _number_plain():
    """coverage.NUMBER as it was written before issue 17: every number word tried at every position."""
    import re

    return re.compile(r"(?<!\d)\d+(?:[.,]\d+)*|\b(?:" + "|".join(coverage.WORDS) + r")\b", re.IGNORECASE)


def _awkward(c: str) -> bool:
    """A code point NFKC or case folding may change, a digit, mark, space, punctuation, symbol or
    control: where the two forms could part (any other letter is a word character like any other,
    an unassigned or private code point a non-word character like any other)."""
    import unicodedata

    category = unicodedata.category(c)
    return bool(unicodedata.decomposition(c)) or (category[0] in "NMZPSC" and category not in ("Cn", "Co")) \
        or c.isspace() or c.lower() != c or c.upper() != c or c.casefold() != c


def _texts():
    """Every transcript of the real data and the fixtures, and every such code point amid words and digits."""
    paths = sorted((ROOT / "data" / "packages").glob("*/transcripts/*.txt")) + sorted(FIXTURES.rglob("*.txt"))
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in paths if p.is_file() and not p.is_symlink()]
    points = [chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000 and _awkward(chr(i))]
    assert len(points) > 10_000
    texts += ["".join(f"a{c}b {c}to{c} 1{c}2 " for c in points[i:i + 4096]) for i in range(0, len(points), 4096)]
    return texts


def test_normalised_in_one_call_is_the_words_normalised_one_by_one():
    """Regression guard for issue 17's faster coverage.normalised (one NFKC call over the joined
    words, not one per word): it must give every text what the word-by-word form gives, or a
    number could be read differently (² after a digit, fullwidth digits, ¨ that NFKC spaces out)."""
    for text in _texts():
        assert coverage.normalised(text) == _normalised_word_by_word(text)


def test_the_number_pattern_finds_what_trying_every_word_finds():
    """Issue 17: NUMBER groups the number words by first letter; it must find exactly the matches
    of the plain alternation, in every transcript and around every code point (case folding
    included: dotless ı, long ſ, the Kelvin sign)."""
    plain = _number_plain()
    for text in _texts():
        for form in (text, coverage.normalised(text)):
            assert [m.span() for m in coverage.NUMBER.finditer(form)] == [m.span() for m in plain.finditer(form)]


@pytest.mark.parametrize("text", ["nı", "ſeks", "TOLV", "Halvfjerds", "halvtredsindstyve", "to2", "2to",
                                  "fire-fem", "\u212aVART", "to\u0301", "12,5 og 10.000", "ti¨"])
def test_number_words_and_digits_in_awkward_spellings_match_as_before(text):
    plain = _number_plain()
    assert [m.span() for m in coverage.NUMBER.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert coverage.normalised(text) == _normalised_word_by_word(text)


def test_normalise_space_by_split_is_the_regex_it_replaced():
    """Issue 17: load.normalise_space joins str.split()'s words instead of re.sub(r"\\s+") and strip;
    quotes are matched in transcripts by it, so both must fold exactly the same characters."""
    import re

    from aktivering.load import normalise_space

    for text in _texts():
        assert normalise_space(text) == re.sub(r"\s+", " ", text).strip()
