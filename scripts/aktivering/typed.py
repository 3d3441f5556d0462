"""Values as their Table Schema types, for the outputs that hold types (JSON, spreadsheets, SQLite).

The CSV cell is the truth: "36" is the number 36 and "15.7" the number 15.7, exactly as written
(an integer stays an integer; a decimal becomes the float whose shortest form is the decimal
written); "true"/"false" are booleans; an empty cell is null (every schema's missingValues is
[""]). Dates stay ISO 8601 text in JSON, which has no date type; JSON Schema marks them
`format: date`. Only packages the validator has passed reach here, so a cell is already known to be
of its column's type.
"""

from __future__ import annotations

import re

from . import schemas

_INTEGER = re.compile(r"-?[0-9]+")
NUMBER_TYPES = ("number", "integer")


def value(field_type: str, text: str) -> object:
    """One cell as its type: int or float for numbers, bool for booleans, None for empty."""
    if text == "":
        return None
    if field_type in NUMBER_TYPES:
        return int(text) if _INTEGER.fullmatch(text) else float(text)
    if field_type == "boolean":
        return text.lower() in ("true", "1", "yes")
    return text


def field_types(table: str) -> dict[str, str]:
    return {f["name"]: f["type"] for f in schemas.canonical(table)["fields"]}


def rows(table: str, records: list[dict]) -> list[dict]:
    """Rows of `table` (dicts of strings, the CSV's cells) with every value typed."""
    types = field_types(table)
    return [{name: value(types.get(name, "string"), text) for name, text in row.items()} for row in records]


_JSON_TYPES = {"number": "number", "integer": "integer", "boolean": "boolean"}


def json_schema(table: str, title: str, url: str) -> dict:
    """A JSON Schema (2020-12) of the typed JSON array of `table`, made from its Table Schema: what
    a client needs to read the JSON without guessing (types, null where a cell may be empty,
    allowed values, titles and descriptions)."""
    package_schema = schemas.package_schema(table)
    required = set()
    properties = {}
    for field in package_schema["fields"]:
        constraints = field.get("constraints", {})
        kind = _JSON_TYPES.get(field["type"], "string")
        described: dict = {"type": kind if constraints.get("required") else [kind, "null"],
                           "title": field.get("title", field["name"])}
        if field.get("description"):
            described["description"] = field["description"]
        if field["type"] == "date":
            described["format"] = "date"
        if "enum" in constraints:
            described["enum"] = list(constraints["enum"]) + ([] if constraints.get("required") else [None])
        if "pattern" in constraints:
            described["pattern"] = constraints["pattern"]
        properties[field["name"]] = described
        required.add(field["name"])  # every key is present; an empty cell is null
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "title": title,
        "description": "Hver række i CSV-filen som et objekt med typede værdier: tal er tal, "
                       "sand/falsk er booleans, en tom celle er null. Datoer er ISO 8601-tekst.",
        "type": "array",
        "items": {
            "type": "object",
            "properties": properties,
            "required": [f["name"] for f in package_schema["fields"] if f["name"] in required],
            "additionalProperties": False,
        },
    }
