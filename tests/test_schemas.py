"""Schema facts once (issue 12, item 2): which column takes its values from which vocabulary is
said in the canonical schema (a field's `"vocabulary"`), and validation, the model's labels, the
database's references and the contributor guide all learn it from `schemas.vocabulary_fields`."""

from __future__ import annotations

import json

import pandas as pd

from aktivering import contribtables, database, model, schemas
from aktivering.load import read_vocabulary
from aktivering.paths import SCHEMAS
from aktivering.validate import validate

from conftest import FIXTURES

TABLES = ("documents", "figures", "initiatives", "non_figures")


def test_every_vocabulary_a_schema_names_is_a_vocabulary_file():
    named = {v for table in TABLES for v in schemas.vocabulary_fields(table).values()}
    assert named and named <= set(schemas.VOCABULARY_RESOURCES)
    assert schemas.vocabulary_fields("figures")["measure"] == "measures"


def test_published_schemas_are_plain_table_schemas_and_package_copies_carry_the_ids():
    for table in TABLES:
        raw = json.loads((SCHEMAS / f"{table}.schema.json").read_text(encoding="utf-8"))
        assert all("vocabulary" not in f for f in schemas.canonical(table)["fields"])
        copy = {f["name"]: f for f in schemas.package_schema(table)["fields"]}
        for field in raw["fields"]:
            if "vocabulary" in field:
                ids = list(read_vocabulary(field["vocabulary"])[schemas.vocabulary_key(field["vocabulary"])])
                assert copy[field["name"]]["constraints"]["enum"] == ids
            else:
                assert "enum" not in copy[field["name"]].get("constraints", {}) or "enum" in field["constraints"]


def _with_category_from_bases(monkeypatch):
    fields = {**schemas.vocabulary_fields("figures"), "category": "bases"}
    real = schemas.vocabulary_fields
    monkeypatch.setattr(schemas, "vocabulary_fields", lambda table: fields if table == "figures" else real(table))


def test_a_column_given_a_vocabulary_is_labelled_referenced_and_documented(monkeypatch):
    """Guards against the vocabulary of a column being known in several places (validate, model,
    database, contributor docs): the one schema fact now drives them all."""
    _with_category_from_bases(monkeypatch)
    bases = read_vocabulary("bases")
    frame = pd.DataFrame({column: [read_vocabulary(v)[schemas.vocabulary_key(v)].iloc[0]]
                          for column, v in schemas.vocabulary_fields("figures").items()})
    model._label(frame, "figures", {name: read_vocabulary(name) for name in schemas.VOCABULARY_RESOURCES})
    assert frame.loc[0, "category_label"] == bases["label"].iloc[0]
    assert 'FOREIGN KEY ("category") REFERENCES "bases" ("id")' in database._create("figures")
    assert "`data/vocabularies/bases.csv`" in contribtables.columns_table("figures").split("`category`")[1]


def test_a_column_given_a_vocabulary_is_validated_against_it(monkeypatch, tmp_path):
    _with_category_from_bases(monkeypatch)
    problems, _ = validate([str(FIXTURES / "breakdown-parts-exceed-total")])  # has categories
    assert "unknown-term" in {p.code for p in problems}
    assert {p.column for p in problems if p.code == "unknown-term"} == {"category"}
