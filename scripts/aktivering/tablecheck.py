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
def _table(schema_json: str) -> _Table:
    return _Table(json.loads(schema_json))


@cache
def _metadata_valid(stub_json: str) -> bool:
    """Whether frictionless finds the package's own metadata (name, licences, sources…) valid."""
    return not any(frictionless.Package.metadata_validate(json.loads(stub_json)))


def _dialect(lines: list[str]):
    """The dialect frictionless reads a CSV with: sniffed from the first lines (formats/csv/parser.py)."""
    try:
        sniffed = csv.Sniffer().sniff("".join(lines), _SNIFF_DELIMITERS)
    except csv.Error:
        sniffed = csv.excel
    control = CsvControl()
    for name, value in (("delimiter", sniffed.delimiter), ("line_terminator", sniffed.lineterminator),
                        ("escape_char", sniffed.escapechar),
                        ("quote_char", '"' if sniffed.quotechar == "'" else sniffed.quotechar),
                        ("skip_initial_space", sniffed.skipinitialspace)):
        control.set_not_defined(name, value, distinct=True)
    return control.to_python()


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines(keepends=True)
    return list(csv.reader(lines, dialect=_dialect(lines[:_SNIFF_LINES])))


def _table_clean(table: _Table, rows: list[list[str]]) -> tuple[bool, list[list]]:
    """(clean, parsed rows) for one CSV's rows, header first."""
    if not rows or rows[0] != table.names:
        return False, []
    width = len(table.names)
    seen: list[set] = [set() for _ in table.unique]
    keys: set = set()
    parsed = []
    for row in rows[1:]:
        if len(row) != width or not any(row):
            return False, []
        values = []
        for reader, cell in zip(table.readers, row):
            value, notes = reader(cell)
            if notes:
                return False, []
            values.append(value)
        for index, column in enumerate(table.unique):
            value = values[column]
            if value is not None:
                if value in seen[index]:
                    return False, []
                seen[index].add(value)
        if table.primary_key:
            key = tuple(values[i] for i in table.primary_key)
            if None in key or key in keys:
                return False, []
            keys.add(key)
        parsed.append(values)
    return True, parsed


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
    if any(r != schemas.expected_resource(r["name"]) for r in resources):
        return None
    stub = {**descriptor, "resources": [{"name": r["name"], "path": r["path"]} for r in resources]}
    if not _metadata_valid(json.dumps(stub, sort_keys=True)):
        return None
    tables, parsed, raw = {}, {}, {}
    for resource, rows in _resource_rows(path, resources):
        table = _table(json.dumps(resource["schema"], sort_keys=True))
        clean, values = _table_clean(table, rows)
        if not clean:
            return None
        tables[resource["name"]], parsed[resource["name"]], raw[resource["name"]] = table, values, rows
    for name, table in tables.items():
        for fields, target, target_fields in table.foreign_keys:
            target = target or name
            if target not in tables:
                return None
            source_columns = [table.names.index(f) for f in fields]
            target_columns = [tables[target].names.index(f) for f in target_fields]
            known = {tuple(row[i] for i in target_columns) for row in parsed[target]}
            for row in parsed[name]:
                key = tuple(row[i] for i in source_columns)
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
