"""Frictionless' verdict on a synced package, without its per-resource metadata cost.

`frictionless.validate()` spends about 100 ms on every package before it reads a row: it copies
and re-validates the metadata of every field with jsonschema, for each resource and again for each
foreign-key lookup. Our packages' resources are all the same (`aktivering sync` writes them from
the canonical schemas), so that work is done once per process here, and each table is read with
frictionless' own cell readers (types, missing values and field constraints stay frictionless'
code). The CSV dialect is sniffed as frictionless does; header, row width, blank rows, unique and primary
keys and foreign keys are checked here, each conservatively.

This module only answers *clean or not*. Any doubt — a descriptor that is not exactly synced, an
extra resource, any failed check — sends the package
through `frictionless.validate()`, whose report is the one contributors read. A test holds the
two to the same verdict on every fixture and on generated tables.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import frictionless
from frictionless.formats import CsvControl

from . import schemas

# frictionless sniffs the dialect from the first 100 lines with these delimiters (formats/csv).
_SNIFF_LINES = 100
_SNIFF_DELIMITERS = ",\t;|"


class _Table:
    """One resource's schema, with its cell readers built once."""

    def __init__(self, schema: dict):
        parsed = frictionless.Schema.from_descriptor(schema)
        self.names = parsed.field_names
        self.readers = [field.create_cell_reader() for field in parsed.fields]
        self.unique = [i for i, field in enumerate(parsed.fields) if field.constraints.get("unique")]
        self.primary_key = [self.names.index(name) for name in parsed.primary_key]
        self.foreign_keys = [(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
                             for fk in schema.get("foreignKeys", [])]


@cache
def _table(name: str) -> _Table:
    """The canonical schema's table: every resource the fast path reads is that resource exactly
    (`clean_tables` compares it first), so it is looked up by name, not by its schema's text."""
    return _Table(schemas.expected_view(name)["schema"])


@cache
def _metadata_valid(stub_json: str) -> bool:
    """Whether frictionless finds the package's own metadata (name, licences, sources…) valid."""
    return not any(frictionless.Package.metadata_validate(json.loads(stub_json)))


# csv.Sniffer's first guess, as Python 3.11 writes it (Sniffer._guess_quote_and_delimiter): quoted
# text between the same delimiter on both sides, then weaker forms.
_QUOTED = [re.compile(pattern, re.DOTALL | re.MULTILINE) for pattern in (
    r'(?P<delim>[^\w\n"\'])(?P<space> ?)(?P<quote>["\']).*?(?P=quote)(?P=delim)',  # ,".*?",
    r'(?:^|\n)(?P<quote>["\']).*?(?P=quote)(?P<delim>[^\w\n"\'])(?P<space> ?)',    #  ".*?",
    r'(?P<delim>[^\w\n"\'])(?P<space> ?)(?P<quote>["\']).*?(?P=quote)(?:$|\n)',    # ,".*?"
    r'(?:^|\n)(?P<quote>["\']).*?(?P=quote)(?:$|\n)')]                             #  ".*?"


_QUOTE_CHARS = re.compile("[\"']")


def _can_delimit(char: str) -> bool:
    """What the first pattern's `[^\\w\\n"']` takes for a delimiter (a test holds the two equal at
    every code point)."""
    return not (char.isalnum() or char in "_\n\"'")


def _quoted_between_delimiters(sample: str) -> list[tuple[str, str, str]]:
    """`_QUOTED[0].findall(sample)` — (delimiter, space, quote) of every `,".*?",` — found from the
    quote characters instead of trying the pattern at every position of the sample (it ran on
    every CSV, most of the Sniffer's time). A match starts one character before its opening quote,
    or two with the optional space between; from there the lazy `.*?` ends at the first closing
    quote followed by the same delimiter. A test holds the two to the same list."""
    found: list[tuple[str, str, str]] = []
    after = 0  # findall's matches do not overlap: the next starts where the last ended
    for opening in _QUOTE_CHARS.finditer(sample):
        at = opening.start()
        quote = sample[at]
        for start in (at - 2, at - 1):  # in the order the pattern tries them
            if start < after or (start == at - 2 and sample[at - 1] != " "):
                continue
            delimiter = sample[start]
            if not _can_delimit(delimiter):
                continue
            closing = sample.find(quote + delimiter, at + 1)
            if closing >= 0:
                found.append((delimiter, " " if start == at - 2 else "", quote))
                after = closing + 2
                break
    return found


def _sniff(sample: str, delimiters: str) -> tuple[str, str, bool]:
    """(delimiter, quote character, skip initial space) as `csv.Sniffer().sniff(sample, delimiters)`
    finds them (csv.Error when it finds no delimiter). The Sniffer's last step, a search for doubled
    quotes across the whole sample, is left out: frictionless does not use what it finds (its
    `doublequote`), and it was half the Sniffer's time. A test holds the two to the same answer."""
    matches, regexp = _quoted_between_delimiters(sample), _QUOTED[0]
    for regexp in _QUOTED[1:] if not matches else ():
        matches = regexp.findall(sample)
        if matches:
            break
    quotechar, delimiter, skip = "", None, 0
    if matches:
        quotes: dict[str, int] = {}
        delims: dict[str, int] = {}
        spaces = 0
        groups = regexp.groupindex
        for match in matches:
            key = match[groups["quote"] - 1]
            if key:
                quotes[key] = quotes.get(key, 0) + 1
            if "delim" not in groups:
                continue
            key = match[groups["delim"] - 1]
            if key and key in delimiters:
                delims[key] = delims.get(key, 0) + 1
            if "space" in groups and match[groups["space"] - 1]:
                spaces += 1
        quotechar = max(quotes, key=quotes.get)
        if delims:
            delimiter = max(delims, key=delims.get)
            skip = delims[delimiter] == spaces
            if delimiter == "\n":  # most likely a file with a single column
                delimiter = ""
        else:
            delimiter, skip = "", 0
    if not delimiter:
        delimiter, skip = csv.Sniffer()._guess_delimiter(sample, delimiters)
    if not delimiter:
        raise csv.Error("Could not determine delimiter")
    return delimiter, quotechar or '"', skip


def _dialect(lines: list[str]):
    """The dialect frictionless reads a CSV with: sniffed from the first lines (formats/csv/parser.py)."""
    try:
        delimiter, quotechar, skip = _sniff("".join(lines), _SNIFF_DELIMITERS)
        sniffed = (delimiter, "\r\n", None, quotechar, skip)
    except csv.Error:
        sniffed = (csv.excel.delimiter, csv.excel.lineterminator, csv.excel.escapechar, csv.excel.quotechar,
                   csv.excel.skipinitialspace)
    control = CsvControl()
    for name, value in zip(("delimiter", "line_terminator", "escape_char", "quote_char", "skip_initial_space"),
                           sniffed):
        control.set_not_defined(name, '"' if name == "quote_char" and value == "'" else value, distinct=True)
    return control.to_python()


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines(keepends=True)
    return list(csv.reader(lines, dialect=_dialect(lines[:_SNIFF_LINES])))


def _table_clean(table: _Table, rows: list[list[str]]) -> tuple[bool, list[list]]:
    """(clean, parsed columns) for one CSV's rows, header first. Column by column: each distinct
    cell of a column is read once (ids, codes, units and dates repeat down a column)."""
    if not rows or rows[0] != table.names:
        return False, []
    width = len(table.names)
    body = rows[1:]
    if any(len(row) != width or not any(row) for row in body):
        return False, []
    columns = []
    for reader, cells in zip(table.readers, zip(*body) if body else [()] * width):
        values = {}
        for cell in set(cells):
            value, notes = reader(cell)
            if notes:
                return False, []
            values[cell] = value
        columns.append([values[cell] for cell in cells])
    for column in table.unique:
        present = [value for value in columns[column] if value is not None]
        if len(set(present)) != len(present):
            return False, []
    if table.primary_key:
        keys = list(zip(*(columns[i] for i in table.primary_key)))
        if any(None in key for key in keys) or len(set(keys)) != len(keys):
            return False, []
    return True, columns


def is_clean(path: Path, descriptor: dict) -> bool:
    """True only if `frictionless.validate(path)` would report nothing (see the module text)."""
    return clean_tables(path, descriptor) is not None


def clean_tables(path: Path, descriptor: dict) -> dict[str, list[list[str]]] | None:
    """Each resource's rows as strings, header first, when `is_clean`; else None. The loader
    builds its DataFrames from them instead of parsing every file again."""
    names = schemas.resources_for(path) + schemas.optional_for(path, descriptor)
    resources = descriptor["resources"]
    if [r.get("name") for r in resources] != list(names):
        return None
    if any(r != schemas.expected_view(r["name"]) for r in resources):
        return None
    stub = {**descriptor, "resources": [{"name": r["name"], "path": r["path"]} for r in resources]}
    if not _metadata_valid(json.dumps(stub, sort_keys=True)):
        return None
    tables, parsed, raw = {}, {}, {}
    for resource, rows in _resource_rows(path, resources):
        table = _table(resource["name"])
        clean, values = _table_clean(table, rows)
        if not clean:
            return None
        tables[resource["name"]], parsed[resource["name"]], raw[resource["name"]] = table, values, rows
    for name, table in tables.items():
        for fields, target, target_fields in table.foreign_keys:
            target = target or name
            if target not in tables:
                return None
            known = set(zip(*(parsed[target][tables[target].names.index(f)] for f in target_fields)))
            for key in zip(*(parsed[name][table.names.index(f)] for f in fields)):
                if None not in key and key not in known:
                    return None
    return raw


def _resource_rows(path: Path, resources: list[dict]):
    """(resource, its file's rows) in the descriptor's order, each file read when reached."""
    for resource in resources:
        yield resource, _rows(path.parent / resource["path"])


def passed_tables(path: Path, descriptor: dict) -> dict[str, list[list[str]]]:
    """What `clean_tables` returned for these bytes, read again without checking: only for a
    package whose verdict says the fast path passed exactly these files (cache.Verdict "rows")."""
    return {resource["name"]: rows for resource, rows in _resource_rows(path, descriptor["resources"])}
