"""Join validated packages with vocabularies and the kommune list into the tables pages read.

Data flows forward only: packages -> Site (DataFrames) -> charts/pages. Nothing here writes.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import cache, fmt, periods, schemas, urls
from .load import Package, read_kommuner, read_vocabulary, records
from .paths import ROOT
from .urls import kommune_page


@dataclass
class Site:
    kommuner: pd.DataFrame      # all 98, with has_data and page slug
    documents: pd.DataFrame     # every letter, with package and kommune name
    figures: pd.DataFrame       # every figure, with labels and formatted value
    initiatives: pd.DataFrame
    measures: pd.DataFrame
    benefits: pd.DataFrame
    counted_by: pd.DataFrame
    funding: pd.DataFrame
    bases: pd.DataFrame
    packages: list[Package]
    updated: dict[str, str]     # package name -> date of last data change (from git)
    added: dict[str, str]       # document_id -> date its transcript was first committed (from git)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # once(): made from the tables

    def once(self, name: str, make):
        """make(), once per Site: what pages read that is worked out from the whole site's tables
        (the letters mentioned, the commitments) is made once, not again for each kommune page.
        Made again if a table was replaced. Callers do not change what it returns."""
        tables = (self.documents, self.figures, self.initiatives, *self.packages)
        kept = self.memo.get(name)
        if kept is None or len(kept[0]) != len(tables) or any(a is not b for a, b in zip(kept[0], tables)):
            kept = self.memo[name] = (tables, make())
        return kept[1]

    @property
    def version(self) -> str:
        """The data version: the date of the latest data change."""
        return max(self.updated.values(), default="")

    def kommune(self, code: str) -> pd.Series:
        return self.kommuner.set_index("kommune_code").loc[code]

    def label(self, table: str, key: str) -> str:
        frame = getattr(self, table)
        return dict(zip(frame.iloc[:, 0], frame["label"])).get(key, key)


def _git_log(folders: list[Path], *args: str) -> list[tuple[str, Path]]:
    """(commit date, absolute path) for every file each commit touched in these folders, newest
    first: one `git log` for all packages (one per package and transcript took seconds at 98
    kommuner). Empty outside a git checkout."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10).stdout.strip()
        if not top or not folders:
            return []
        log = subprocess.run(["git", "-c", "core.quotePath=false", "log", "--format=@@%cs", "--name-only", *args,
                              "--", *(str(f) for f in folders)], cwd=ROOT, capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    touched, date = [], ""
    for line in log.splitlines():
        if line.startswith("@@"):
            date = line[2:]
        elif line:
            touched.append((date, Path(top, line)))
    return touched


def git_dates(packages: list[Package]) -> dict[str, str]:
    """Last commit date touching each package (deterministic per commit; no clock). Outside a
    git checkout, or for uncommitted data, the newest letter's date stands in."""
    folders = {p.folder.resolve(): p.name for p in packages}
    dates: dict[str, str] = {}
    for date, path in _git_log(list(folders)):
        for parent in path.parents:
            if parent in folders:
                dates.setdefault(folders[parent], date)  # newest first: the first date seen is the last change
                break
    return {p.name: dates.get(p.name) or max(p.documents["date"], default="") for p in packages}


def git_added(packages: list[Package]) -> dict[str, str]:
    """When each letter's transcript was first committed: the date it was added to the data."""
    first = {path: date for date, path in _git_log([p.folder.resolve() for p in packages], "--diff-filter=A")}
    added = {}  # the dict above keeps the oldest date, as the log lists commits newest first
    for package in packages:
        for document_id, transcript, date in zip(package.documents["document_id"], package.documents["transcript"],
                                                 package.documents["date"]):
            added[document_id] = first.get((package.folder / transcript).resolve()) or date
    return added


# Each package's joined tables, kept by this process (`mkdocs serve`) until its content, the
# vocabularies or the kommuner change: package name -> (key, (documents, figures, initiatives)).
_JOINED: dict[str, tuple[tuple, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]]] = cache.process_memo({})


def build_site_model(packages: list[Package]) -> Site:
    kommuner = read_kommuner()
    names = dict(zip(kommuner["kommune_code"], kommuner["name"]))
    vocabularies = {name: read_vocabulary(name) for name in schemas.VOCABULARY_RESOURCES}
    shared = (json.dumps(records(kommuner)), *(json.dumps(records(v)) for v in vocabularies.values()))
    joined = []
    for package in packages:
        key = (package.digest, shared)
        if not package.digest or _JOINED.get(package.name, ((),))[0] != key:
            _JOINED[package.name] = (key, _join(package, names, vocabularies))
        joined.append(_JOINED[package.name][1])
    documents, figures, initiatives = site_tables(joined)
    with_data = set(figures["kommune_code"]) | set(documents["kommune_name"].map({v: k for k, v in names.items()}))
    kommuner["has_data"] = kommuner["kommune_code"].isin(with_data)
    kommuner["page"] = [kommune_page(c, n) for c, n in zip(kommuner["kommune_code"], kommuner["name"])]
    site = Site(kommuner, documents, figures, initiatives, *vocabularies.values(),
                packages, git_dates(packages), git_added(packages))
    last = _SITE.get("site")
    if last is not None and all(a is b for a, b in zip((last.documents, last.figures, last.initiatives),
                                                       (documents, figures, initiatives))):
        site.memo = last.memo  # the same tables: what once() made from them still holds (it checks)
    _SITE["site"] = site
    return site


# The site-wide tables this process concatenated last (`mkdocs serve`): the packages' joined tables
# they were made from, and the tables. A rebuild with the same joined tables takes the same tables;
# one with a single package's tables changed puts those in place of its rows (issue 17: the
# concatenation of every package's tables was 0.1 s of every rebuild at 98 kommuner).
_CONCATENATED: dict[str, tuple[list, tuple]] = cache.process_memo({})
_SITE: dict[str, Site] = cache.process_memo({})  # the last Site, for its once() memo


def _signature(frame: pd.DataFrame) -> tuple:
    return tuple(frame.columns), tuple(str(t) for t in frame.dtypes)


def site_tables(joined: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(documents, figures, initiatives) of every package, in order: pd.concat of each table, or,
    when only one package's tables changed since this process last made them and every package's
    table and the last tables have the same columns and column types (so a concatenation's types
    are theirs), the last tables with that package's rows replaced."""
    last = _CONCATENATED.get("tables")
    tables = None
    if last is not None and len(last[0]) == len(joined):
        before = last[0]
        changed = [i for i, (a, b) in enumerate(zip(before, joined)) if any(x is not y for x, y in zip(a, b))]
        if not changed:
            tables = last[1]
        elif len(changed) == 1 and all(len({_signature(last[1][t]), *(_signature(parts[t]) for parts in joined)}) == 1
                                       for t in range(3)):
            i = changed[0]
            made = []
            for t in range(3):
                start = sum(len(parts[t]) for parts in before[:i])
                end = start + len(before[i][t])
                whole = last[1][t]
                made.append(pd.concat([whole.iloc[:start], joined[i][t], whole.iloc[end:]], ignore_index=True))
            tables = tuple(made)
    if tables is None:
        tables = tuple(pd.concat([parts[t] for parts in joined], ignore_index=True) for t in range(3))
    _CONCATENATED["tables"] = (list(joined), tables)
    return tables


def _label(frame: pd.DataFrame, table: str, vocabularies: dict[str, pd.DataFrame]) -> None:
    """`<column>_label` for every column of the table that takes its values from a vocabulary."""
    for column, vocabulary in schemas.vocabulary_fields(table).items():
        terms = vocabularies[vocabulary]
        frame[f"{column}_label"] = frame[column].map(dict(zip(terms[schemas.vocabulary_key(vocabulary)],
                                                              terms["label"])))


def _join(package: Package, names: dict[str, str], vocabularies: dict[str, pd.DataFrame]):
    """One package's tables with kommune names, labels, formatted values and page links."""
    measures = vocabularies["measures"]
    code = package.kommune_code
    name = names.get(code) if code else None
    extra = {"package": package.name, "kommune_code": code or "", "kommune_name": name or "Hele landet",
             "sender_name": f"{name} Kommune" if name else "Beskæftigelsesministeren",
             "kommune_page": kommune_page(code, name)}
    documents = package.documents.assign(**{k: v for k, v in extra.items() if k != "kommune_code"})
    figures = package.figures.assign(**extra)
    initiatives = package.initiatives.assign(**extra)

    documents["page"] = documents["document_id"].map(urls.letter_page)
    documents["date_da"] = documents["date"].map(periods.format_da)
    doc_pages = dict(zip(documents["document_id"], documents["page"]))
    doc_labels = dict(zip(documents["document_id"], documents["kind"].str.capitalize() + " " + documents["date_da"]))

    _label(figures, "figures", vocabularies)
    figures["measure_kind"] = figures["measure"].map(dict(zip(measures["measure"], measures["kind"])))
    figures["value_da"] = [fmt.value_da(v, u, q, m) for v, u, q, m in
                           zip(figures["value"], figures["unit"], figures["qualifier"], figures["value_max"])]
    figures["period_da"] = figures["reference_period"].map(periods.format_da)
    figures["period_end"] = figures["reference_period"].map(lambda p: periods.bounds(p)[1].isoformat())
    figures["number"] = figures["value"].astype(float)
    figures["document_page"] = figures["document_id"].map(doc_pages)
    figures["document_label"] = figures["document_id"].map(doc_labels)

    _label(initiatives, "initiatives", vocabularies)
    initiatives["document_page"] = initiatives["document_id"].map(doc_pages)
    initiatives["document_label"] = initiatives["document_id"].map(doc_labels)
    for column in ("start", "end", "participants_planned_date", "participants_actual_date"):
        initiatives[f"{column}_da"] = initiatives[column].map(periods.format_da)
    # A duration the letter gives ('projektperioden på knap 2 år') belongs with the period as written.
    durations = dict(zip(figures.loc[figures["measure"] == "varighed_aar", "initiative_id"],
                         figures.loc[figures["measure"] == "varighed_aar", "value_da"]))
    initiatives["period_text"] = [periods.span_da(s, e) + (f", varighed {durations[i]}" if i in durations else "")
                                  for s, e, i in zip(initiatives["start"], initiatives["end"],
                                                     initiatives["initiative_id"])]
    # One initiative across letters: its identity is its first mention; later letters are mentions.
    initiatives["identity"] = [s or i for s, i in zip(initiatives["same_as"], initiatives["initiative_id"])]
    names = dict(zip(initiatives["initiative_id"], initiatives["name"]))
    figure_values = dict(zip(figures["figure_id"], figures["value_da"]))
    for frame in (figures, initiatives, documents):
        frame["note_text"] = [reader_note(n, doc_labels, names, figure_values) for n in frame["note"]]
    return documents, figures, initiatives


_DOCUMENT_ID = re.compile(r"\b(?:[0-9]{3}|dk)-[0-9]{4}-[0-9]{2}-[0-9]{2}\b")
_ROW_ID = re.compile(r"\b(?:[0-9]{3}|dk)-([fi])[0-9]{2,}\b")


def reader_note(note: str, documents: dict[str, str], initiatives: dict[str, str], figures: dict[str, str]) -> str:
    """A curator's note as readers see it: letter ids become 'brev 14. dec. 2017', an initiative's
    id its name, a figure's id its number as written. The facts stay; the codes go."""
    def row(match: re.Match) -> str:
        key = match.group()
        if match.group(1) == "i":
            return f"«{initiatives[key]}»" if key in initiatives else "et initiativ i et andet brev"
        return figures[key] if key in figures else "et tal i et andet brev"

    def document(match: re.Match) -> str:
        label = documents.get(match.group())
        return label.lower() if label else f"brevet af {periods.format_da(match.group()[-10:])}"

    # 'i notatet 217-2017-09-13' -> 'i notatet af 13. sep. 2017': the word for the letter is already there.
    note = re.sub(r"\b(notatet|brevet|redegørelsen) (" + _DOCUMENT_ID.pattern + ")",
                  lambda m: f"{m.group(1)} af {periods.format_da(m.group(2)[-10:])}", note)
    note = _ROW_ID.sub(row, _DOCUMENT_ID.sub(document, note))
    # ISO dates and periods as the site writes them everywhere else: '2017-08-22' -> '22. aug. 2017'.
    note = re.sub(r"(?<![\d/.-])\d{4}-\d{2}(?:-\d{2})?(?:/\d{4}-\d{2}(?:-\d{2})?)?(?![\d/-])",
                  lambda m: periods.format_da(m.group()), note)
    # '«Ung Forandring» (tallet 29)' reads better without the brackets around a repeat.
    return re.sub(r"\(\s*\)", "", note).replace("  ", " ").strip()
