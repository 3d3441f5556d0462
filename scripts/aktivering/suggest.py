"""`aktivering suggest PACKAGE`: draft rows to review instead of type.

For a letter whose transcript is in the package but not yet in documents.csv, a documents row from
the letterhead (date, sender, recipient, case numbers, the letter it answers). For every number in
the transcripts that nothing accounts for yet, read by coverage.py's reader (the one reader of
numbers in the project), a draft figure or non-figure: the quote is the number's sentence, the value
is parsed, unit, measure, benefit, precision and reference period are guessed from the words around
it. Dates, addresses, phone and case numbers, numbering and limits ("mindst et år") become
non_figures rows; the rest figures.

Every draft row's note starts with DRAFT_MARK. `aktivering validate` refuses such a row
(`draft-unreviewed`) until a person has checked it and removed the mark: a draft is a guess.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import csvformat
from .coverage import DAY, Number, account, occurrences, read_non_figures, value_of
from .drafts import DRAFT_MARK
from .load import normalise_space, read_package
from .safety import file_problems, path_problem

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]
MONTH_ABBREVIATIONS = {m[:3]: i for i, m in enumerate(MONTHS, start=1)}
MONTH = r"(?:" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?![\d])")
WORD_DATE = re.compile(r"(?<![\d])(\d{1,2})\.?\s+(" + MONTH + r")\s+(\d{4})", re.IGNORECASE)
CASE_LABEL = re.compile(r"(sags?n(?:umme)?r\.?|sagsnr\.?|j\.?\s?nr\.?|journaln(?:umme)?r\.?|dokumentn(?:umme)?r\.?"
                        r"|dok\.?\s?nr\.?)\s*[.:]*\s*([\w/ -]*\d[\w/-]*)", re.IGNORECASE)

UNITS = [  # (pattern after the number, unit)
    (r"(?:pct\.?|%|procent)", "pct."),
    (r"mia\.?\s*kr\.?", "mia. kr."),
    (r"(?:sager|sag)\b", "sager"),
    (r"(?:uger|uge)\b", "uger"),
    (r"(?:år)\b", "år"),
    (r"(?:kompetencedage|dage|dag)\b", "dage"),
    (r"(?:mentorer|mentor)\b", "mentorer"),
]
QUALIFIERS = [  # (words just before the number, precision)
    ("ca.", "approximate"), ("cirka", "approximate"), ("omkring", "approximate"), ("godt", "approximate"),
    ("knap", "approximate"), ("mere end", "lower-bound"), ("over", "lower-bound"), ("mindst", "lower-bound"),
    ("højst", "upper-bound"), ("under", "upper-bound"), ("op til", "upper-bound"),
]
FORECAST = re.compile(r"\b(?:vil|forventes|forventer|forventet|planlægger|planlagt|skal)\b", re.IGNORECASE)


@dataclass
class Drafts:
    documents: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    non_figures: list[dict] = field(default_factory=list)


def iso_date(day: str, month: str, year: str) -> str | None:
    number = int(month) if month.isdigit() else MONTH_ABBREVIATIONS.get(month.lower().rstrip(".")[:3])
    if not number or not 1 <= number <= 12 or not 1 <= int(day) <= 31:
        return None
    return f"{int(year):04d}-{number:02d}-{int(day):02d}"


def letter_date(text: str) -> str | None:
    """The letter's own date: a 'Dato …' line, else a line that is only a date (the letterhead's
    `08-02-2018`, `- 7 APR. 2017`, `København, 8. februar 2018`), else the first date in the first
    40 lines. A date inside a sentence ("I brev af 26. januar 2018 …") is most often another letter's."""
    lines = text.splitlines()[:40]
    alone = re.compile(r"\s*(?:[A-ZÆØÅ][\wæøå ]*,\s*)?[-–]?\s*(?:\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{1,2}\.?\s+"
                       + MONTH + r"\s+\d{4})\s*", re.IGNORECASE)
    ordered = ([ln for ln in lines if re.match(r"\s*dato\b", ln, re.IGNORECASE)]
               + [ln for ln in lines if alone.fullmatch(ln)] + lines)
    for line in ordered:
        for pattern in (NUMERIC_DATE, WORD_DATE):
            match = pattern.search(line)
            if match:
                date = iso_date(*match.groups())
                if date:
                    return date
    return None


# --- documents.csv ----------------------------------------------------------------------------

def document_row(document_id: str, text: str, kommune_code: str, kommune_name: str) -> dict:
    head = "\n".join(text.splitlines()[:60])
    date = document_id.split("-", 1)[1][:10] if "-" in document_id else ""
    title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), "")
    row = {"document_id": document_id, "kommune_code": kommune_code, "date": date, "title": title,
           "kind": "notat" if re.search(r"^\s*notat\s*$", head, re.IGNORECASE | re.MULTILINE) else "brev",
           "transcript": f"transcripts/{document_id}.txt"}
    signature = _signature(text)
    role = r"^\s*(borgmester|rådmand|direktør|formand[^\n]*|jobcenterchef|chef[^\n]*)\s*$"
    roles = re.findall(role, "\n".join(signature) + "\n" + head, re.IGNORECASE | re.MULTILINE)
    row["sender_role"] = roles[0].strip()[:1].upper() + roles[0].strip()[1:] if roles else ""
    name = next((ln for ln in signature if not re.match(role, ln, re.IGNORECASE)), "")
    row["sender"] = ", ".join(part for part in (f"{kommune_name} Kommune" if kommune_name else "", name) if part)
    recipient = re.search(r"^[^\n]*minist[^\n]*$", head, re.IGNORECASE | re.MULTILINE) or \
        re.search(r"^\s*kære\s+(.+?)[,.!]?\s*$", head, re.IGNORECASE | re.MULTILINE)  # else whom it greets
    row["recipient"] = (recipient.group(recipient.lastindex or 0)).strip() if recipient else ""
    for match in CASE_LABEL.finditer(head):
        label, number = match.group(1).lower(), match.group(2).strip()
        column = ("journal_number" if label.startswith("j") else
                  "document_number" if label.startswith("dok") else "case_number")
        row.setdefault(column, number)
    reply = re.search(r"(?:brev|skrivelse|henvendelse)\s+(?:af|dateret)\s+(?:d\.\s*)?(\d{1,2})\.?\s+(" + MONTH
                      + r")(?:\s+(\d{4}))?", text, re.IGNORECASE)
    if reply:
        year = reply.group(3) or date[:4]
        row["in_reply_to_date"] = iso_date(reply.group(1), reply.group(2), year) or "" if year else ""
        row["in_reply_to"] = normalise_space(reply.group(0))
    row["note"] = (f"{DRAFT_MARK} forslag fra `aktivering suggest`; tjek hver kolonne mod brevet, og slet så "
                   f"ordet {DRAFT_MARK}")
    return row


def _signature(text: str) -> list[str]:
    """The lines after "Med venlig hilsen" (the signer and their role), if the letter closes so."""
    lines = [ln.strip() for ln in text.splitlines()]
    closing = next((i for i in range(len(lines) - 1, -1, -1)
                    if re.match(r"(med )?venlig(st)? hilsen|de bedste hilsner", lines[i], re.IGNORECASE)), None)
    return [ln for ln in lines[closing + 1:closing + 6] if ln][:3] if closing is not None else []


# --- numbers ----------------------------------------------------------------------------------

def _around(number: Number, before: int = 40, after: int = 30) -> tuple[str, str, str]:
    text, start = number.source.text, number.position
    end = start + len(number.text)
    return text[max(0, start - before):start], text[end:end + after], text


def classify(number: Number) -> tuple[str, str] | None:
    """(reason, text) when the number is not a figure, else None."""
    before, after, whole = _around(number)
    start, end = number.position, number.position + len(number.text)
    sentence = number.sentence
    phone = re.search(r"(?:\+45\s*)?\d{2} \d{2} \d{2} \d{2}", whole[max(0, start - 12):end + 12])
    if phone:
        return "telefon", phone.group()
    token = _token(whole, start, end)
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}", token) or re.match(r":\d\d\b", after) \
            or re.search(r"\b\d{1,2}:$", before):
        return "dato", token if "/" in token or "-" in token else _date_expression(whole, start, end)
    if re.fullmatch(r"(?:side\s+)?\d{1,3}\s*(?:/|af)\s*\d{1,3}", _line_of(number).strip(), re.IGNORECASE):
        return "nummerering", _line_of(number).strip()
    if re.fullmatch(r"\w+(?:-\w+){2,}", token):
        return "sagsnummer", token
    if re.match(r"\s*/\s*\d", after) or re.search(r"\d\s*/\s*$", before) or \
            re.search(r"(?:cvr|sagsn|sagsnr|j\.?\s?nr|journal|dokumentn|kle)[^.]{0,20}$", before, re.IGNORECASE):
        return "sagsnummer", token
    if number.value is None or DAY.match(whole, end):
        date = _date_expression(whole, start, end)
        return "dato", date
    if re.fullmatch(r"(?:19|20)\d\d", number.text):
        return "dato", _date_expression(whole, start, end)
    if re.match(r"\s+" + MONTH, after, re.IGNORECASE):
        return "dato", _date_expression(whole, start, end)
    if re.fullmatch(r"\d{4}", number.text) and re.match(r"\s+[A-ZÆØÅ][a-zæøå]+", after):
        return "adresse", (number.text + re.match(r"\s+[A-ZÆØÅ][\wæøå]+", after).group())
    if re.search(r"(?:vej|gade|stræde|plads|allé|torv|stranden|park)\s+$", before, re.IGNORECASE):
        return "adresse", re.search(r"\S+\s+$", before).group() + number.text
    if sentence.startswith(number.text + ".") and _line_of(number).lstrip("# ").startswith(number.text + "."):
        return "nummerering", number.text
    if re.match(r"\s*(?:år|års|måneder|mdr)\b", after) and re.search(r"(?:mindst|over|minimum|under|mere end)\s+$",
                                                                     before, re.IGNORECASE):
        qualifier = re.search(r"(?:mindst|over|minimum|under|mere end)\s+$", before, re.IGNORECASE).group()
        unit = re.match(r"\s*(?:år|års|måneder|mdr)\b", after).group()
        return "afgrænsning", qualifier + number.text + unit
    return None


def _line_of(number: Number) -> str:
    original = number.source.original
    offset = number.source.offsets[number.position]
    start = original.rfind("\n", 0, offset) + 1
    end = original.find("\n", offset)
    return original[start:] if end < 0 else original[start:end]


def _token(text: str, start: int, end: int) -> str:
    """The case number around a digit run: '16/42588', '2017 - 2612', '15.00.00'."""
    left = start
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "/.-"):
        left -= 1
    right = end
    while right < len(text) and (text[right].isalnum() or text[right] in "/.-" or
                                 (text[right] == " " and re.match(r" [-–] \d", text[right:right + 4]))):
        right += 1
    return text[left:right].rstrip(".-")


def _date_expression(text: str, start: int, end: int) -> str:
    """The whole date a number belongs to: '22. august', '1. december 2017', 'juli 2017', '13.09.2017'."""
    for pattern in (WORD_DATE, re.compile(r"\d{1,2}\.\s*" + MONTH + r"(?:\s+\d{4})?", re.IGNORECASE),
                    re.compile(MONTH + r"\s+\d{4}", re.IGNORECASE), re.compile(r"\d{1,2}\.\s*(?:halvår|kvartal)"
                                                                             r"(?:\s+\d{4})?", re.IGNORECASE),
                    re.compile(r"[\d.]*\d")):
        for match in pattern.finditer(text, max(0, start - 20), min(len(text), end + 20)):
            if match.start() <= start and end <= match.end():
                return match.group()
    return text[start:end]


def quote_for(number: Number) -> str:
    """The number's sentence, lengthened word by word (right, then left) until it occurs once in the
    transcript and is at least five characters: a quote must be unique."""
    text, sentence = number.source.text, number.sentence
    start = next((s for s in occurrences(text, sentence) if s <= number.position < s + len(sentence)), -1)
    if start < 0:
        return sentence
    end = start + len(sentence)
    while (text.count(text[start:end]) > 1 or end - start < 5) and end - start < 400:
        following = re.match(r"\s*\S+", text[end:])
        if following:
            end += following.end()
            continue
        preceding = re.search(r"\S+\s*$", text[:start])
        if not preceding:
            break
        start = preceding.start()
    return text[start:end]


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def figure_row(number: Number, figure_id: str, document_date: str, measures: dict[str, str],
               national: bool = False) -> dict:
    before, after, _ = _around(number)
    sentence = number.sentence.lower()
    title = next((ln[2:].lower() for ln in number.source.original.splitlines() if ln.startswith("# ")), "")
    unit = next((u for pattern, u in UNITS if re.match(r"\s*" + pattern, after, re.IGNORECASE)), "personer")
    precision, qualifier = "exact", ""
    for word, kind in QUALIFIERS:
        if re.search(r"\b" + re.escape(word) + r"\s*$", before, re.IGNORECASE):
            precision, qualifier = kind, word
            break
    value_max = ""
    upper = re.match(r"\s*[-–]\s*(\d+(?:,\d+)?)", after)
    if upper:
        value_max = _plain(value_of(upper.group(1)))
    benefit = _nearest_benefit(number, sentence, title)
    measure = _measure(sentence, unit, measures)
    category = ""
    line = _line_of(number)
    if "\t" in line:  # a table row: the count of its first cell's category (the letters' tables are offers)
        first = line.split("\t")[0].strip()
        measure = "tilbud_antal" if "tilbud_antal" in measures else measure
        category = "" if first.lower() in ("i alt", "total") else first
    elif measure == "mentorer_antal":
        unit = "mentorer"
    counted_by = ("star" if re.search(r"\bstar\b|styrelsen for arbejdsmarked", sentence) else
                  "jobindsats" if "jobindsats" in sentence else "ministeriet" if national else "kommune")
    return {"figure_id": figure_id, "document_id": number.document_id, "measure": measure, "benefit": benefit,
            "category": category, "part_of": "",
            "value": _plain(number.value), "value_max": value_max, "unit": measures.get(measure, unit),
            "precision": precision, "qualifier": qualifier,
            "reference_period": _period(number.sentence, document_date) or document_date,
            "forecast": "true" if FORECAST.search(number.sentence) else "false", "counted_by": counted_by,
            "quote": quote_for(number),
            "note": f"{DRAFT_MARK} forslag fra `aktivering suggest`: målet, ydelsen, perioden og hvem der har talt "
                    f"er gættet; tjek rækken mod brevet, og slet så ordet {DRAFT_MARK}"}


def _benefit(text: str) -> str | None:
    found = tuple(b for b in ("kontanthjælp", "uddannelseshjælp", "integrationsydelse") if b[:8] in text)
    combined = {("kontanthjælp", "uddannelseshjælp"): "kontanthjælp+uddannelseshjælp",
                ("kontanthjælp", "integrationsydelse"): "kontanthjælp+integrationsydelse"}
    return combined.get(found) or (found[0] if len(found) == 1 else "alle" if found else None)


BENEFIT_WORDS = {"kontanthj": "kontanthjælp", "uddannelseshj": "uddannelseshjælp",
                 "integrationsyd": "integrationsydelse"}


def _nearest_benefit(number: Number, sentence: str, title: str) -> str:
    """The benefit named just after the number ("22 aktivitetsparate uddannelseshjælpsmodtagere"), else
    those the sentence names, else the nearest one named before it (a heading such as
    "Uddannelseshjælp:" over a table), else the letter's subject (its title), else `alle`."""
    _, after, whole = _around(number, after=60)
    follows = re.match(r"[^.]*?(" + "|".join(BENEFIT_WORDS) + ")", after, re.IGNORECASE)
    if follows:
        return BENEFIT_WORDS[follows.group(1).lower()]
    before = whole[max(0, number.position - 600):number.position].lower()
    named = [(before.rfind(word), benefit) for word, benefit in BENEFIT_WORDS.items() if word in before]
    return (_benefit(sentence) or (max(named)[1] if named else None) or _benefit(title) or "alle")


def _period(text: str, document_date: str) -> str | None:
    """The date a sentence gives for its count ("pr. 1. februar 2018", "d. 22. august", "i juli 2017",
    "fra august 2016 til juli 2017"), when it gives exactly one and it is not after the letter."""
    year = document_date[:4]
    month_names = "|".join(MONTHS)
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"fra\s+(" + month_names + r")\s+(\d{4})\s+til\s+(" + month_names + r")\s+(\d{4})",
                         text, re.IGNORECASE):
        found.append((m.start(), f"{m.group(2)}-{MONTHS.index(m.group(1).lower()) + 1:02d}/"
                                 f"{m.group(4)}-{MONTHS.index(m.group(3).lower()) + 1:02d}"))
    covered = [range(m, m + 60) for m, _ in found]
    for m in re.finditer(r"(?<![\d.])(\d{1,2})\.\s*(" + month_names + r")\b(?:\s+(\d{4}))?", text, re.IGNORECASE):
        if year or m.group(3):
            date = iso_date(m.group(1), m.group(2), m.group(3) or year)
            if date and not any(m.start() in r for r in covered):
                found.append((m.start(), date))
    for m in re.finditer(r"(?<![\d.] )\b(" + month_names + r")\s+(\d{4})", text, re.IGNORECASE):
        if not any(m.start() in r or m.start() - 4 in r for r in covered) and not re.search(r"\d\.\s*$",
                                                                                              text[:m.start()]):
            found.append((m.start(), f"{m.group(2)}-{MONTHS.index(m.group(1).lower()) + 1:02d}"))
    found = [(at, period) for at, period in found if not document_date or period[:10] <= document_date]
    periods = {period for _, period in found}
    return periods.pop() if len(periods) == 1 else None


def _measure(sentence: str, unit: str, measures: dict[str, str]) -> str:
    rules = [(r"fritag", "pct.", "fritaget_andel"), (r"fritag", "personer", "fritaget_antal"),
             (r"ansat\w*.*mentorer|mentorer.*ansat", "personer", "mentorer_antal"),
             (r"deltag|visiteret|i gang med|projekt", "personer", "deltagere_antal"),
             (r"\bplan\b", "pct.", "plan_andel"),
             (r"færre.*fuldtid|fuldtid.*færre", "personer", "fuldtidspersoner_fald_antal"),
             (r"\bfald\b", "pct.", "fuldtidspersoner_fald_pct"),
             (r"fuldtidsperson", "personer", "fuldtidspersoner_antal"),
             (r"færre sager", "sager", "langvarige_sager_fald_antal"),
             (r"rehabilitering", "personer", "rehabilitering_antal"),
             (r"gået i|bevilliget|blevet jobparate|overgået", "personer", "afgang_antal"),
             (r"5 år|fem år", "personer", "langvarige_antal"), (r"ikke", "pct.", "uden_indsats_andel"),
             (r"ikke (?:har )?(?:modtaget|fået|været)", "personer", "uden_indsats_antal"),
             (r"borgere|sager", "personer", "aarsag_antal")]
    for pattern, unit_of, measure in rules:
        if re.search(pattern, sentence) and unit == unit_of and measure in measures:
            return measure
    return next((m for m, u in measures.items() if u == unit), next(iter(measures), ""))


# --- the whole package ------------------------------------------------------------------------

def suggest(folder: Path) -> Drafts:
    """Draft rows for what the package's transcripts hold and its CSVs do not yet say."""
    from .load import read_vocabulary
    from .scaffold import find_kommune

    package = read_package(folder)
    drafts = Drafts()
    vocabulary = read_vocabulary("measures")
    measures = dict(zip(vocabulary["measure"], vocabulary["unit"]))
    known = set(package.column("documents", "document_id"))
    code = package.kommune_code or ""
    name = (find_kommune(code) or ("", ""))[1] if code else ""
    folder_transcripts = folder / "transcripts"
    for path in sorted(folder_transcripts.glob("*.txt")) if folder_transcripts.is_dir() else []:
        name_in_package = f"transcripts/{path.name}"
        if path.stem in known or path_problem(folder, name_in_package, "") or file_problems(path, ""):
            continue
        text = path.read_text(encoding="utf-8")
        package.transcripts[path.stem] = text
        drafts.documents.append(document_row(path.stem, text, code, name))
    non_figures = read_non_figures(folder) or []
    dates = dict(zip(package.column("documents", "document_id"), package.column("documents", "date")))
    dates.update({row["document_id"]: row["date"] for row in drafts.documents})
    ids = [i for i in package.column("figures", "figure_id") if i]
    counter = max((int(m.group(1)) for i in ids if (m := re.search(r"-f(\d+)$", i))), default=0)
    taken: set[tuple[str, int]] = set()  # numbers already covered by a draft row's text
    drafted: list[tuple[Number, dict]] = []
    for number in account(package, non_figures):
        if number.accounted_by or (number.document_id, number.position) in taken:
            continue
        kind = classify(number)
        if kind:
            reason, text = kind
            row = {"document_id": number.document_id, "text": text, "quote": quote_for(number), "reason": reason,
                   "note": f"{DRAFT_MARK} forslag fra `aktivering suggest`; tjek grunden, og slet så ordet "
                           f"{DRAFT_MARK}"}
            if not any(r["text"] == text and r["quote"] == row["quote"] for r in drafts.non_figures):
                drafts.non_figures.append(row)
            for other in _inside(number, text):
                taken.add((number.document_id, other))
            continue
        counter += 1
        row = figure_row(number, f"{package.prefix}-f{counter:03d}", dates.get(number.document_id, ""), measures,
                         national=not code)
        drafts.figures.append(row)
        drafted.append((number, row))
        if row["value_max"]:
            _, after, _ = _around(number)
            upper = re.match(r"\s*[-–]\s*", after)
            taken.add((number.document_id, number.position + len(number.text) + upper.end()))
    _parts_of_totals(drafted)
    return drafts


def _parts_of_totals(drafted: list[tuple[Number, dict]]) -> None:
    """part_of where the letter shows the total: the rows of a table with an `I alt` row, and
    "78 ud af i alt 369 sager" (78 is part of 369)."""
    by_position = {(n.document_id, n.position): row for n, row in drafted}
    tables: list[list[tuple[int, dict]]] = []
    for number, row in drafted:
        line = _line_of(number)
        if "\t" in line:
            at = number.line
            if tables and tables[-1][-1][0] in (at - 1, at) and tables[-1][-1][1]["document_id"] == row["document_id"]:
                tables[-1].append((at, row))
            else:
                tables.append([(at, row)])
        total = re.match(r"\s+ud af (?:i alt )?", number.source.text[number.position + len(number.text):])
        if total:
            whole = by_position.get((number.document_id, number.position + len(number.text) + total.end()))
            if whole:
                row["part_of"] = whole["figure_id"]
    for table in tables:
        totals = [row for _, row in table if row["category"] == ""]
        if len(totals) == 1:
            for _, row in table:
                if row is not totals[0]:
                    row["part_of"] = totals[0]["figure_id"]


def _inside(number: Number, text: str) -> list[int]:
    """Positions of the numbers that a non-figure's text around `number` covers too."""
    whole = number.source.text
    start = whole.rfind(text, max(0, number.position - len(text)), number.position + len(text) + len(number.text))
    if start < 0:
        return [number.position]
    return [s for s, _, _, _ in number.source.numbers() if start <= s < start + len(text)]


def write_drafts(folder: Path, drafts: Drafts, display) -> list[str]:
    """Append the drafts to the package's CSVs (canonical form, rows by id). Files written."""
    written = []
    for table in ("documents", "figures", "non_figures"):
        rows = getattr(drafts, table)
        if not rows:
            continue
        path = folder / f"{table}.csv"
        schema = csvformat.schema_for(table)
        current = csvformat.read(path.read_bytes(), display(path), schema)
        names = current.header
        current.rows += [[row.get(column, "") for column in names] for row in rows]
        csvformat.write_atomic(path, csvformat.canonical_text(current, schema, display(path)))
        written.append(display(path))
    return written


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(json.dumps(suggest(Path(sys.argv[1])).__dict__, ensure_ascii=False, indent=1))
