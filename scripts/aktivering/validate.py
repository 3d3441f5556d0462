"""Check packages: safety first, then frictionless, then the domain rules it cannot express.

Order matters: nothing is read by frictionless or pandas before the safety checks have passed
for that file, and a package whose files are unsafe or unreadable gets only those problems
(they say what blocks the rest). Everything else is reported, never skipped silently.
"""

from __future__ import annotations

import csv
import difflib
import gc
import json
import os
import re
from collections import defaultdict
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import frictionless
import requests

from . import cache, coverage, csvformat, integrity, periods, rules, safety, schemas, tablecheck
from .cache import rules_digest, valid_before
from .digests import package_digest
from .displaypath import display
from .drafts import draft_rows
from .load import Package, kommune_codes, normalise_space, read_csv, read_package, read_vocabulary
from .paths import DATA, PACKAGE_RESOURCES, PACKAGES, REFERENCE, SCHEMAS, VOCABULARIES
from .problems import Problem
from .rules import LAST, ROWS, rule
from .safety import character_params, character_problem, file_problems, hard_link, path_problem


def resolve_targets(targets: list[str] | None) -> list[Path]:
    """Descriptor paths for the given package folders/descriptors; default: everything in data/."""
    if not targets:
        return schemas.all_descriptors()
    found = []
    for target in targets:
        # Absolute (symbolic links not resolved: they are refused), so that data/vocabularies given
        # as a relative path is still the vocabularies' folder and data/packages/x a data package.
        path = Path(os.path.abspath(target))
        found.append(path if path.name == "datapackage.json" else path / "datapackage.json")
    return found


# --- per descriptor ---------------------------------------------------------------------------

def read_descriptor(path: Path) -> tuple[dict | None, list[Problem]]:
    where = display(path)
    if path.parent.is_symlink():
        return None, [Problem("unsafe-path", where, value=str(path.parent), params={"reason": "a symbolic link"})]
    if path.is_symlink():
        return None, [Problem("unsafe-path", where, value=path.name, params={"reason": "a symbolic link"})]
    if not path.is_file():
        return None, [Problem("file-missing", where, value=path.name)]
    if path.stat().st_nlink > 1:
        return None, [hard_link(where, path.name)]
    problems = file_problems(path, where)
    if problems:
        return None, problems
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicate_keys)
    except RecursionError:  # a JSON bomb: `[[[[…` nested past Python's recursion limit
        return None, [Problem("descriptor-too-deep", where, params={"limit": MAX_DESCRIPTOR_DEPTH})]
    except ValueError as error:
        return None, [Problem("descriptor-invalid", where, params={"reason": str(error)})]
    checked = _checked_resources(descriptor)
    if _depth(descriptor, checked=checked) > MAX_DESCRIPTOR_DEPTH:  # just below the limit still crashes later steps
        return None, [Problem("descriptor-too-deep", where, params={"limit": MAX_DESCRIPTOR_DEPTH})]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [Problem("descriptor-invalid", where, params={"reason": "no list of resources"})]
    # Later steps use these as strings (id prefixes, dict keys): another type would crash them.
    for key in ("kommune_code", "id_prefix"):
        if descriptor.get(key) is not None and not isinstance(descriptor[key], str):
            return None, [Problem("descriptor-invalid", where, column=key, params={"reason": f"{key} is not a string"})]
    if any(isinstance(r, dict) and not isinstance(r.get("name", ""), str) for r in descriptor["resources"]):
        return None, [Problem("descriptor-invalid", where, params={"reason": "a resource name is not a string"})]
    if len(descriptor["resources"]) > integrity.MAX_RESOURCES:
        return None, [Problem("too-many-resources", where, column="resources", value=len(descriptor["resources"]),
                              expected=integrity.MAX_RESOURCES)]
    for key, text in _strings(descriptor, checked=checked):
        found = character_problem(text)
        if found:  # a JSON escape (\u202e, \ud800) puts what the file's bytes cannot hold
            return None, [Problem(found[0], where, column=key, params=character_params(text, found[1]))]
        limit = integrity.MAX_LABEL_CHARS if key == "title" else integrity.MAX_CELL_CHARS
        if len(text) > limit:  # the title is the package page's heading and the feed's entry
            return None, [Problem("label-too-long" if key == "title" else "cell-too-long", where, column=key,
                                  value=len(text), expected=limit)]
    return descriptor, []


def _strings(value, key: str = "", checked: dict[int, int] | None = None):
    """(where, string) for every key and string value in parsed JSON, without recursion; not
    those inside a resource `checked` holds (every one of them allowed: `_checked_resources`)."""
    stack = [(key, value)]
    while stack:
        at, item = stack.pop()
        if checked and id(item) in checked:
            continue
        if isinstance(item, str):
            yield at, item
        elif isinstance(item, dict):
            for name, child in item.items():
                yield at, name
                stack.append((f"{at}.{name}" if at else name, child))
        elif isinstance(item, list):
            stack.extend((f"{at}[{i}]", child) for i, child in enumerate(item))


def _checked_resources(descriptor) -> dict[int, int]:
    """id -> depth of each resource of the descriptor in which every key and string is allowed
    (no refused character, within MAX_CELL_CHARS: what `read_descriptor` asks of a string below
    the top level). The packages' resources are the same synced schemas, so each distinct one is
    walked once per process, not once per package; the walks of the descriptor skip them."""
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        return {}
    checked = {}
    for resource in resources:
        if isinstance(resource, dict):
            try:
                depth = _clean_resource_depth(json.dumps(resource))
            except (RecursionError, ValueError, TypeError):
                continue  # the full walk decides
            if depth is not None:
                checked[id(resource)] = depth
    return checked


@lru_cache(maxsize=32)
def _clean_resource_depth(text: str) -> int | None:
    """The depth of a resource (as JSON text) whose keys and strings are all allowed, else None."""
    resource = json.loads(text)
    if any(character_problem(t) or len(t) > integrity.MAX_CELL_CHARS for _, t in _strings(resource)):
        return None
    return _depth(resource)


# A real descriptor is 7 levels deep (resources → schema → fields → constraints → enum).
MAX_DESCRIPTOR_DEPTH = 20


def _depth(value, level: int = 1, checked: dict[int, int] | None = None) -> int:
    """Nesting depth of parsed JSON, without recursion (the input may be nested a thousand deep);
    a resource `checked` holds counts with the depth recorded for it."""
    deepest, stack = 0, [(value, level)]
    while stack:
        item, at = stack.pop()
        if checked and id(item) in checked:
            deepest = max(deepest, at - 1 + checked[id(item)])
            continue
        deepest = max(deepest, at)
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, at + 1) for child in children)
    return deepest


def _no_duplicate_keys(pairs):
    found = dict(pairs)
    if len(found) == len(pairs):  # every key once: nearly always, told at C speed
        return found
    seen, duplicates = set(), set()
    for key, _ in pairs:  # one pass: keys.count() per key was quadratic (10 000 keys took seconds)
        (duplicates if key in seen else seen).add(key)
    raise ValueError(f"duplicate key(s) {sorted(duplicates)}")


def structural_problems(path: Path, descriptor: dict) -> list[Problem]:
    """Unsafe or unreadable files named by the descriptor: these block everything after."""
    folder, where = path.parent, display(path)
    problems = []
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict):
            problems.append(Problem("descriptor-invalid", where, params={"reason": "a resource is not an object"}))
            continue
        name = resource.get("name", "?")
        for key in ("path", "schema", "dialect"):
            value = resource.get(key)
            if key == "path" or isinstance(value, str):
                problem = path_problem(folder, value, where, column=f"resources[{name}].{key}")
                if problem:
                    problems.append(problem)
                elif key == "path":  # size and encoding, and for a CSV what Excel may have done to it
                    problems += csvformat.check(folder / value, display(folder / value), name)
                else:  # frictionless would read that file as JSON or YAML: a YAML bomb hangs it
                    problems.append(Problem("metadata-not-inline", where, column=f"resources[{name}].{key}",
                                            value=value))
        problems += _profile_problems(where, resource, f"resources[{name}].profile")
        if "data" in resource:
            problems.append(Problem("unsafe-path", where, column=f"resources[{name}].data",
                                    value="inline data", params={"reason": "data must live in a CSV file"}))
    problems += _profile_problems(where, descriptor, "profile")
    expected = schemas.resources_for(path)
    names = [r.get("name") for r in descriptor["resources"] if isinstance(r, dict)]
    problems += [Problem("resource-missing", where, value=n) for n in expected if n not in names]
    return problems


def _profile_problems(where: str, metadata: dict, column: str) -> list[Problem]:
    """A profile is a standard name (tabular-data-resource); a URL or file would be fetched and read."""
    profile = metadata.get("profile")
    if profile is None or (isinstance(profile, str) and re.fullmatch(r"[a-z-]+", profile)):
        return []
    return [Problem("metadata-not-inline", where, column=column, value=profile)]


class _Offline(requests.Session):
    """Frictionless fetches any URL a descriptor names; the validator never goes on the network."""

    def send(self, request, **kwargs):
        raise requests.ConnectionError(f"the validator does not fetch {request.url}")


def _joined(error, attribute: str, separator: str) -> str | None:
    """A row error's fields or cells (a foreign key names them as lists), joined; None without."""
    values = getattr(error, attribute, None)
    return separator.join(str(v) for v in values) if values else None


def frictionless_problems(path: Path) -> list[Problem]:
    try:
        with frictionless.system.use_context(http_session=_Offline()):
            report = frictionless.validate(str(path))
    except Exception as error:  # frictionless itself crashes on some malformed metadata
        return [Problem("descriptor-invalid", display(path), params={
            "reason": f"frictionless cannot read it ({type(error).__name__}: {str(error)[:200]})"})]
    problems = []
    for task in report.tasks:
        file = display(path.parent / task.place) if task.place else display(path)
        for error in task.errors:
            problems.append(Problem(
                error.type, file,
                row=getattr(error, "row_number", None),
                column=(getattr(error, "field_name", None) or getattr(error, "label", None)
                        or _joined(error, "field_names", ", ")),
                value=error.cell if hasattr(error, "cell") else _joined(error, "field_cells", " "),
                note=error.message,
            ))
    for error in report.errors:
        problems.append(Problem(error.type, display(path), note=error.message))
    return problems


# --- domain rules -----------------------------------------------------------------------------

QUOTE_CODES = ("quote-not-found", "quote-ambiguous")
PERIOD_CODES = ("period-invalid", "date-out-of-range", "date-after-document")


class Rules:
    """Domain checks for one package; `where(table)` names the file in messages."""

    def __init__(self, package: Package, measures, vocab_ids: dict[str, set[str]], kommuner: set[str],
                 units: dict[str, str] | None = None):
        self.package = package
        self.measures = measures
        # measure -> unit; validate() reads it out of the measures table once for every package
        self.units = units if units is not None else dict(zip(measures["measure"], measures["unit"]))
        self.vocab_ids = vocab_ids
        self.kommuner = kommuner
        self.problems: list[Problem] = []
        self._normalised: dict[str, str] = {}  # document_id -> transcript with whitespace normalised

    def where(self, table: str) -> str:
        return display(self.package.folder / f"{table}.csv")

    def add(self, code, table, row=None, column=None, value=None, expected=None, **params):
        self.problems.append(Problem(code, self.where(table) if table else display(self.package.folder),
                                     row, column, value, expected, params))

    def descriptor_problem(self, code, column, value, expected=None):
        self.problems.append(Problem(code, display(self.package.folder / "datapackage.json"), column=column,
                                     value=value, expected=expected))

    def rows(self, table: str):
        for index, record in enumerate(self.package.rows(table)):
            yield index + 2, record  # the header is row 1

    def run(self) -> list[Problem]:
        rules.run(self, self.problems)  # every registered rule (rules.py), in its stage
        return self.problems

    @rule("unknown-kommune", "descriptor-invalid", stage=ROWS)
    def check_package(self):
        code = self.package.kommune_code
        where = display(self.package.folder / "datapackage.json")
        if code is not None and code not in self.kommuner:
            self.problems.append(Problem("unknown-kommune", where, column="kommune_code", value=code))
        if not self.package.descriptor.get("id_prefix") and not code:
            self.problems.append(Problem("descriptor-invalid", where, params={
                "reason": "neither kommune_code nor id_prefix is set"}))

    def check_prefix(self, table, row, column, value):
        prefix = self.package.prefix
        if value and not value.startswith(prefix + "-"):
            self.add("id-prefix", table, row, column, value, prefix)

    @rule("id-prefix", "unknown-kommune", "kommune-mismatch", "transcript-unused", *safety.FILE_CODES, stage=ROWS)
    def check_documents(self):
        used = set()
        for row, doc in self.rows("documents"):
            self.check_prefix("documents", row, "document_id", doc.get("document_id"))
            code = doc.get("kommune_code", "")
            if code and code not in self.kommuner:
                self.add("unknown-kommune", "documents", row, "kommune_code", code)
            elif code != (self.package.kommune_code or ""):
                self.add("kommune-mismatch", "documents", row, "kommune_code", code, self.package.kommune_code or "")
            transcript = doc.get("transcript", "")
            if transcript in self.package.safe_transcripts:  # the loader has just run the checks below on it
                used.add(transcript)
                continue
            problem = path_problem(self.package.folder, transcript, self.where("documents"), "transcript", row)
            if problem:
                self.problems.append(problem)
            else:
                self.problems.extend(file_problems(self.package.folder / transcript,
                                                   display(self.package.folder / transcript)))
                used.add(transcript)
        folder = self.package.folder / "transcripts"
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if f"transcripts/{path.name}" not in used and path.name != ".gitkeep":  # keeps an empty folder
                    self.add("transcript-unused", None, value=f"transcripts/{path.name}")

    def document_dates(self) -> dict[str, str]:
        # Only ISO dates compare: a Danish 10-12-2017 is reported as such, not as periods after it.
        return {i: d for i, d in zip(self.package.column("documents", "document_id"),
                                     self.package.column("documents", "date")) if re.fullmatch(r"\d{4}-\d\d-\d\d", d)}

    def check_quote(self, table, row, record):
        quote, document_id = record.get("quote", ""), record.get("document_id", "")
        text = self.package.transcripts.get(document_id)
        if not quote or text is None:
            return  # empty quote / unknown document: frictionless reports required / foreign-key
        if document_id not in self._normalised:
            self._normalised[document_id] = normalise_space(text)
        haystack, needle = self._normalised[document_id], normalise_space(quote)
        count = haystack.count(needle)
        transcript = f"transcripts/{document_id}.txt"
        if count == 0:
            self.add("quote-not-found", table, row, "quote", quote,
                     transcript=transcript, nearest=nearest_passage(haystack, needle))
        elif count > 1:
            self.add("quote-ambiguous", table, row, "quote", quote, count=count, transcript=transcript)

    def check_vocabulary(self, table, row, record, column, vocabulary):
        value = record.get(column, "")
        allowed = self.vocab_ids[vocabulary]
        if value and value not in allowed:
            self.add("unknown-term", table, row, column, value, ", ".join(sorted(allowed)), vocabulary=vocabulary)

    @rule("id-prefix", "unknown-term", "unit-mismatch", "base-unit-mismatch", "percent-out-of-range", "range-inverted",
          *PERIOD_CODES, "initiative-missing", "part-of-missing", "breakdown-exceeds-total", *QUOTE_CODES, stage=ROWS)
    def check_figures(self):
        dates = self.document_dates()
        units = self.units
        values: dict[str, float] = {}
        parts: dict[str, list[float]] = defaultdict(list)
        initiative_ids = set(self.package.column("initiatives", "initiative_id"))
        part_rows = []
        for row, fig in self.rows("figures"):
            self.check_prefix("figures", row, "figure_id", fig.get("figure_id"))
            for column, vocabulary in schemas.vocabulary_fields("figures").items():
                self.check_vocabulary("figures", row, fig, column, vocabulary)
            measure, unit = fig.get("measure", ""), fig.get("unit", "")
            if measure in units and unit != units[measure]:
                self.add("unit-mismatch", "figures", row, "unit", unit, units[measure], measure=measure)
            no_group = units.get(measure) not in GROUP_UNITS
            if measure in units and fig.get("base") and (fig["base"] == NO_GROUP) != no_group:
                self.add("base-unit-mismatch", "figures", row, "base", fig["base"], unit=units[measure])
            value, value_max = _number(fig.get("value")), _number(fig.get("value_max"))
            if value is not None:
                values[fig.get("figure_id", "")] = value
            if unit == "pct.":
                for column, number in (("value", value), ("value_max", value_max)):
                    if number is not None and not 0 <= number <= 100:
                        self.add("percent-out-of-range", "figures", row, column, number)
            if value is not None and value_max is not None and value_max < value:
                self.add("range-inverted", "figures", row, "value_max", value_max, value)
            self.check_period("figures", row, fig, "reference_period", dates, fig.get("forecast") == "true")
            if fig.get("initiative_id") and fig["initiative_id"] not in initiative_ids:
                self.add("initiative-missing", "figures", row, "initiative_id", fig["initiative_id"])
            if fig.get("part_of"):
                part_rows.append((row, fig["part_of"], value))
            self.check_quote("figures", row, fig)
        for row, total_id, value in part_rows:
            if total_id not in values:
                self.add("part-of-missing", "figures", row, "part_of", total_id)
            elif value is not None:
                parts[total_id].append(value)
        for row, fig in self.rows("figures"):
            figure_id = fig.get("figure_id", "")
            if figure_id in parts and sum(parts[figure_id]) > values[figure_id]:
                self.add("breakdown-exceeds-total", "figures", row, "value", figure_id, values[figure_id],
                         total_parts=_plain(sum(parts[figure_id])))

    def check_period(self, table, row, record, column, dates, forecast):
        period = record.get(column, "")
        if not period:
            return
        try:
            first, last = periods.bounds(period)
        except ValueError:
            self.add("period-invalid", table, row, column, period)
            return
        if not all(integrity.in_window(day) for day in (first, last) if day):
            self.add("date-out-of-range", table, row, column, period, **integrity.window_params())
            return
        document_date = dates.get(record.get("document_id", ""), "")
        if not forecast and document_date and last.isoformat() > document_date:
            self.add("date-after-document", table, row, column, period, document_date)

    @rule("same-as-unknown", "id-prefix", "unknown-term", *PERIOD_CODES, *QUOTE_CODES, stage=ROWS)
    def check_initiatives(self):
        dates = self.document_dates()
        firsts = {i.get("initiative_id", ""): dates.get(i.get("document_id", ""), "")
                  for _, i in self.rows("initiatives") if not i.get("same_as")}
        for row, initiative in self.rows("initiatives"):
            same_as = initiative.get("same_as", "")
            if same_as and not ("" < firsts.get(same_as, "") < dates.get(initiative.get("document_id", ""), "")):
                self.add("same-as-unknown", "initiatives", row, "same_as", same_as)
            self.check_prefix("initiatives", row, "initiative_id", initiative.get("initiative_id"))
            for column, vocabulary in schemas.vocabulary_fields("initiatives").items():
                self.check_vocabulary("initiatives", row, initiative, column, vocabulary)
            for column in ("start", "end", "participants_planned_date", "participants_actual_date"):
                # Plans may lie in the future; only syntax is checked here.
                self.check_period("initiatives", row, initiative, column, {}, True)
            self.check_quote("initiatives", row, initiative)


    @rule(*QUOTE_CODES, *coverage.TEXT_CODES, "number-unaccounted", stage=ROWS)
    def check_numbers_accounted_for(self):
        """Every number in every transcript is a figure, an initiative's participants or a non_figures row."""
        non_figures = (self.package.rows("non_figures") if "non_figures" in self.package.tables
                       else coverage.read_non_figures(self.package.folder))
        if non_figures is None:
            return  # missing or unsafe: resource-missing / unsafe-path say why
        for row, record in enumerate(non_figures, start=2):
            self.check_quote("non_figures", row, record)
            code = coverage.text_problem(record)
            if code:
                self.add(code, "non_figures", row, "text", record.get("text"))
        blocked = coverage.unlocated(self.package, non_figures)  # quote-not-found says what to fix first
        for number in coverage.account(self.package, non_figures):
            if not number.accounted_by and number.document_id not in blocked:
                self.problems.append(Problem(
                    "number-unaccounted", display(self.package.folder / number.transcript), number.line,
                    value=number.text, params={"sentence": number.sentence, "package": display(self.package.folder)}))

    @rule("draft-unreviewed", stage=LAST)
    def check_drafts(self):
        """Rows `aktivering suggest` wrote are guesses until a person has reviewed them."""
        for table in ("documents", "figures", "non_figures"):
            rows = (self.package.rows(table) if table in self.package.tables else
                    coverage.read_non_figures(self.package.folder) if table == "non_figures" else None) or []
            for row, record in draft_rows(rows):
                key = record.get("figure_id") or record.get("document_id") or ""
                self.add("draft-unreviewed", table, row, "note", key)


# difflib's longest match takes about len(transcript) × len(quote) steps: a hostile quote against a
# large transcript (both under MAX_FILE_BYTES) stalled the validator for hours. Past this budget
# (a long real letter × a long quote is under a tenth of it) the suggestion is left empty.
NEAREST_PASSAGE_BUDGET = 20_000_000


def nearest_passage(haystack: str, needle: str) -> str:
    if len(haystack) * len(needle) > NEAREST_PASSAGE_BUDGET:
        return ""
    matcher = difflib.SequenceMatcher(None, haystack, needle, autojunk=False)
    match = matcher.find_longest_match(0, len(haystack), 0, len(needle))
    start = max(0, match.a - match.b)
    return haystack[start:start + len(needle)]


def _number(text) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


# --- across packages --------------------------------------------------------------------------

def cross_package_problems(packages: list[Package]) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], str] = {}
    for package in packages:
        for table, column in (("documents", "document_id"), ("figures", "figure_id"), ("initiatives", "initiative_id")):
            where = display(package.folder / f"{table}.csv")
            for index, value in enumerate(package.column(table, column)):
                key = (column, value)
                if value and key in seen and seen[key] != where:
                    problems.append(Problem("duplicate-id", where, index + 2, column, value, package.prefix,
                                            {"other": seen[key]}))
                seen.setdefault(key, where)
    known_documents = {value for (column, value) in seen if column == "document_id"}
    known_documents |= _real_document_ids({package.folder.resolve() for package in packages})
    for package in packages:
        where = display(package.folder / "documents.csv")
        for index, value in enumerate(package.column("documents", "in_reply_to_document_id")):
            if value and value not in known_documents:
                problems.append(Problem("document-missing", where, index + 2, "in_reply_to_document_id", value))
    return problems


def _real_document_ids(loaded: set[Path]) -> set[str]:
    """Document ids in data/'s packages other than those already loaded (a reply may cite them)."""
    ids = set()
    for folder in PACKAGES.iterdir():
        if folder.resolve() in loaded:
            continue
        path = folder / "documents.csv"
        if folder.is_dir() and not folder.is_symlink() and not path_problem(folder, "documents.csv", "") \
                and not file_problems(path, ""):  # size, links and encoding first, as for any file read
            try:
                ids |= set(read_csv(path).get("document_id", []))
            except (UnicodeDecodeError, ValueError):
                continue  # that package's own validation reports why
    return ids


# --- entry point ------------------------------------------------------------------------------

# Units that count people or cases (or share of them): such a figure names the group it is counted in.
GROUP_UNITS = {"personer", "sager", "pct."}
NO_GROUP = "ikke-en-gruppe"


@contextmanager
def _fewer_collections():
    """CPython's cyclic garbage collector runs every 700 new containers, and now and then over every
    object alive, the imported pandas and frictionless included: a validation makes a dict for every
    row and a tuple for every number, and a full collection in the middle of it cost 40 ms of a
    cold validation's second. Collect less often while it runs (what is left is collected after)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def validate(targets: list[str] | None = None, memory: cache.Memory = cache.MEMORY) -> tuple[list[Problem],
                                                                                          list[Package]]:
    """All problems in the given packages (default: all of data/), and the packages that loaded.
    What was checked before is skipped as `memory` (cache.py) remembers it; `cache.NO_MEMORY` checks all."""
    with _fewer_collections():
        return _validate(targets, memory)


def _validate(targets: list[str] | None, memory: cache.Memory) -> tuple[list[Problem], list[Package]]:
    problems: list[Problem] = input_problems()
    if problems:  # the rules themselves cannot be read safely: nothing else is
        return problems, []
    packages: list[Package] = []
    try:  # safe to read now, but perhaps not what the rules need: a renamed column, broken JSON
        measures = read_vocabulary("measures")
        if not {"measure", "unit"} <= set(measures.columns):
            raise KeyError("measures.csv has no measure or unit column")
        vocab_ids = {name: set(read_vocabulary(name).iloc[:, 0]) for name in schemas.VOCABULARY_RESOURCES}
        kommuner = kommune_codes()
        units = dict(zip(measures["measure"], measures["unit"]))
        for name in schemas.RESOURCE_TITLES:
            schemas.expected_view(name)
    except (KeyError, IndexError, TypeError, ValueError, RecursionError) as error:
        return [Problem("input-unreadable", display(DATA), params={
            "reason": f"{type(error).__name__}: {str(error)[:200]}"})], []
    rules = rules_digest()
    names: dict[str, str] | None = None
    for path in resolve_targets(targets):
        folder = path.parent.resolve() if path.parent.exists() else path.parent
        clean, known_package, signature = memory.clean_before(folder, path.parent, rules)
        if clean:
            if known_package is not None:
                packages.append(known_package)
            continue
        before = len(problems)
        descriptor, blocking = read_descriptor(path)
        if descriptor is None:
            problems += blocking
            continue
        blocking = structural_problems(path, descriptor)
        problems += blocking
        problems += [Problem("schema-drift", display(path), column=f"resources[{name}].schema", value=name,
                             params={"reason": reason})
                     for name, reason in schemas.drift(descriptor, schemas.resources_for(path)
                                                       + schemas.optional_for(path, descriptor))]
        known = schemas.resources_for(path) + schemas.optional_for(path, descriptor)
        problems += [Problem("resource-unknown", display(path), column="resources", value=r.get("name"),
                             expected=", ".join(known))
                     for r in descriptor["resources"] if isinstance(r, dict) and r.get("name") not in known]
        if path.parent.parent.resolve() == PACKAGES:
            names = names if names is not None else kommune_names()  # read once, when first needed
            folder_name = integrity.folder_problem(path.parent.name, descriptor, names, display(path))
            problems += [folder_name] if folder_name else []
        if blocking:
            continue
        if path.parent not in (VOCABULARIES, REFERENCE):
            stray = integrity.layout_problems(path.parent, display)
            if stray:  # read before the digest below reads every file in the folder
                problems += stray
                continue
        digest = package_digest(path.parent)
        passed_before = memory.passed_before(rules, digest)
        parsed, found = None, []
        if not passed_before:
            parsed = tablecheck.clean_tables(path, descriptor)
            found = [] if parsed is not None else frictionless_problems(path)
            problems += found
        elif passed_before == "rows":  # the rows a cold run read, read the same (cheaper than pandas)
            parsed = tablecheck.passed_tables(path, descriptor)
        if path.parent in (VOCABULARIES, REFERENCE):
            if not passed_before and not found:
                memory.remember_passed(rules, digest, rows=parsed is not None)
            if len(problems) == before:
                memory.remember_clean(folder, rules, signature, None)
            continue
        try:
            package = read_package(path.parent, parsed, descriptor)
        except ValueError as error:  # pandas' ParserError: rows wider than the header, broken quoting
            line = re.search(r"line (\d+)", str(error))  # pandas counts lines as a spreadsheet counts rows
            problems.append(Problem("csv-unreadable", display(path.parent), int(line.group(1)) if line else None,
                                    params={"reason": str(error).strip()}))
            continue
        missing = [c for c in ("document_id", "transcript", "date") if c not in package.columns("documents")]
        if missing:
            continue  # frictionless has reported the missing labels; domain rules need them
        if not passed_before:
            broken = Rules(package, measures, vocab_ids, kommuner, units).run()
            problems += broken
            if not found and not broken:
                memory.remember_passed(rules, digest, rows=parsed is not None)
        package.digest = digest
        packages.append(package)
        if len(problems) == before:  # nothing at all reported: passed now or before
            memory.remember_clean(folder, rules, signature, package)
    problems += cross_package_problems(packages)
    problems += integrity.claim_problems(packages, display)
    return problems, packages


def input_problems() -> list[Problem]:
    """Schemas, vocabularies and reference data (what every package is validated against, and what
    the build reads besides the packages) pass the safety checks before anything reads them: no
    links, special files or hard links, bounded size, UTF-8 without illegal or invisible characters
    (a symlink to /dev/zero in data/schemas would otherwise be read to the end)."""
    problems = []
    for folder, pattern in ((SCHEMAS, "*"), (VOCABULARIES, "*"), (REFERENCE, "*")):
        if folder.is_symlink() or not folder.is_dir():
            problems.append(Problem("unsafe-path", display(folder), value=folder.name,
                                    params={"reason": "not a folder (or a symbolic link)"}))
            continue
        for path in sorted(folder.glob(pattern)):
            if path.name.startswith("."):
                continue
            problem = path_problem(folder, path.name, display(path))
            problems += [problem] if problem else file_problems(path, display(path))
    return problems


def kommune_names() -> dict[str, str]:
    """kommune_code -> name, from the reference list (read after `input_problems` passed)."""
    with open(REFERENCE / "kommuner.csv", encoding="utf-8", newline="") as handle:
        return {row.get("kommune_code"): row.get("name") or "" for row in csv.DictReader(handle)}


__all__ = ["validate", "Problem", "PACKAGE_RESOURCES", "package_digest", "rules_digest", "valid_before"]
