"""The canonical Table Schemas and the copies inside each package.

data/schemas/*.schema.json is the one place a schema is defined. Packages must be valid with
the plain `frictionless` CLI on their own, so each descriptor carries an inline copy, written
by `aktivering sync` with the vocabularies' ids added as enum constraints. `expected_resource`
is what a copy must equal; anything else is schema drift.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

from .paths import DESCRIPTOR_RESOURCES, OPTIONAL_RESOURCES, PACKAGES, REFERENCE, SCHEMAS, VOCABULARIES

VOCABULARY_RESOURCES = ("measures", "benefits", "counted_by", "funding", "bases")
# The schema of each vocabulary file (the vocabularies other than measures share one).
VOCABULARY_SCHEMAS = {name: "measures" if name == "measures" else "terms" for name in VOCABULARY_RESOURCES}


@cache
def _schema_file(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def canonical(name: str) -> dict:
    """A canonical schema as a Table Schema: without its editor's comment, and without the
    project's own field property `vocabulary` (read by `vocabulary_fields`)."""
    schema = json.loads(json.dumps(_schema_file(name)))
    schema.pop("$comment", None)
    for field in schema.get("fields", []):
        field.pop("vocabulary", None)
    return schema


@cache
def vocabulary_fields(resource: str) -> dict[str, str]:
    """field -> the vocabulary whose ids are its allowed values, as the canonical schema says
    (a field's `"vocabulary": "benefits"`): the one place validation, the model's labels, the
    downloads' references and the contributor docs learn it from."""
    if not (SCHEMAS / f"{resource}.schema.json").is_file():
        return {}
    return {field["name"]: field["vocabulary"] for field in _schema_file(resource).get("fields", [])
            if "vocabulary" in field}


def number_columns(resource: str) -> list[str]:
    """The columns whose values are numbers (Table Schema `number` or `integer`), in schema order:
    never a text a spreadsheet could read as a formula, so never neutralised or warned about."""
    return [f["name"] for f in canonical(resource)["fields"] if f["type"] in ("number", "integer")]


def vocabulary_key(vocabulary: str) -> str:
    """The id column of a vocabulary (measures.csv: measure; the others: id)."""
    return canonical(VOCABULARY_SCHEMAS[vocabulary])["primaryKey"][0]


@cache
def vocabulary_ids(vocabulary: str) -> tuple[str, ...]:
    with open(VOCABULARIES / f"{vocabulary}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return tuple(row[0] for row in rows[1:] if row)


def package_schema(resource: str) -> dict:
    """The schema a package's copy of `resource` must equal: canonical + vocabulary enums."""
    schema = json.loads(json.dumps(canonical(resource)))
    for field in schema["fields"]:
        vocabulary = vocabulary_fields(resource).get(field["name"])
        if vocabulary:
            field.setdefault("constraints", {})["enum"] = list(vocabulary_ids(vocabulary))
    return schema


def _resource(name: str, schema: dict, title: str) -> dict:
    return {
        "name": name,
        "title": title,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


RESOURCE_TITLES = {
    "documents": "Dokumenter (brevene)",
    "figures": "Tal fra brevene",
    "initiatives": "Initiativer",
    "non_figures": "Tal i brevene, der ikke er opgørelser (datoer, adresser, …)",
    "measures": "Mål (hvad der tælles)",
    "benefits": "Ydelser",
    "counted_by": "Hvem har opgjort tallet",
    "funding": "Finansieringstyper",
    "bases": "Grundlag (hvilken gruppe et tal er opgjort for)",
    "kommuner": "De 98 kommuner",
    "commitments": "Løfter, planer og forventninger i brevene",
    "referred_letters": "Breve, som brevene nævner",
}


def expected_resource(name: str) -> dict:
    """The resource `aktivering sync` writes for `name`, as a fresh copy (callers put it into
    descriptors and change them)."""
    return json.loads(_expected_json(name))


def expected_view(name: str) -> dict:
    """The same resource, made once per process and shared: for reading and comparing only (the
    validator compares every resource of every package with it); never change it."""
    return _expected(name)


@cache
def _expected_json(name: str) -> str:
    return json.dumps(_expected(name))


@cache
def _expected(name: str) -> dict:
    if name in DESCRIPTOR_RESOURCES or name in OPTIONAL_RESOURCES:
        schema = package_schema(name)
    elif name == "measures":
        schema = canonical("measures")
    elif name == "kommuner":
        schema = canonical("kommuner")
    else:
        schema = canonical("terms")
    return _resource(name, schema, RESOURCE_TITLES[name])


def resources_for(descriptor_path: Path) -> tuple[str, ...]:
    folder = descriptor_path.parent
    if folder == VOCABULARIES:
        return VOCABULARY_RESOURCES
    if folder == REFERENCE:
        return ("kommuner",)
    return DESCRIPTOR_RESOURCES


def optional_for(descriptor_path: Path, descriptor: dict) -> tuple[str, ...]:
    """The optional resources (commitments, referred_letters) a package descriptor lists, in order."""
    if descriptor_path.parent in (VOCABULARIES, REFERENCE):
        return ()
    listed = {r.get("name") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    return tuple(name for name in OPTIONAL_RESOURCES if name in listed)


def drift(descriptor: dict, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(resource, reason) for every resource whose copy differs from what sync would write."""
    found = {r.get("name"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    problems = []
    for name in names:
        if name not in found:
            continue  # reported as resource-missing by the validator
        want = expected_view(name)
        have = found[name]
        differing = sorted(k for k in want if have.get(k) != want[k])
        extra = sorted(set(have) - set(want))
        if differing or extra:
            problems.append((name, "differs in: " + ", ".join(differing + extra)))
    return problems


def write_descriptor(path: Path, descriptor: dict) -> None:
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")


def sync(descriptor_path: Path) -> bool:
    """Rewrite the resources of one descriptor from the canonical schemas. True if it changed."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    before = json.dumps(descriptor, sort_keys=True)
    optional = tuple(n for n in OPTIONAL_RESOURCES if n in optional_for(descriptor_path, descriptor)
                     or (descriptor_path.parent / f"{n}.csv").is_file())
    names = resources_for(descriptor_path) + (optional if descriptor_path.parent not in (VOCABULARIES, REFERENCE)
                                              else ())
    others = [r for r in descriptor.get("resources", []) if r.get("name") not in names]
    descriptor["resources"] = [expected_resource(n) for n in names] + others
    if json.dumps(descriptor, sort_keys=True) == before:
        return False
    write_descriptor(descriptor_path, descriptor)
    return True


def all_descriptors() -> list[Path]:
    """Vocabularies, reference and every package, in a stable order."""
    packages = sorted(p / "datapackage.json" for p in PACKAGES.iterdir() if p.is_dir())
    return [VOCABULARIES / "datapackage.json", REFERENCE / "datapackage.json", *packages]
