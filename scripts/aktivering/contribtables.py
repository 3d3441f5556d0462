"""CONTRIBUTING.md's tables of columns and measures, generated from the schemas and vocabularies.

Each table sits between `<!-- BEGIN generated: NAME -->` and `<!-- END generated: NAME -->` in
CONTRIBUTING.md; `python -m aktivering.contribtables` writes them again after a schema or
vocabulary change, and tests/test_contributor_path.py fails while the file is out of step.
"""

from __future__ import annotations

import csv
import re
import sys

from . import schemas
from .paths import PUBLISHED_RESOURCES, ROOT, VOCABULARIES

GUIDE = ROOT / "CONTRIBUTING.md"
BLOCK = re.compile(r"(<!-- BEGIN generated: (?P<name>[\w-]+) -->\n)(.*?)(<!-- END generated: (?P=name) -->)", re.S)
TYPES = {"string": "tekst", "number": "tal (punktum som decimaltegn)", "integer": "helt tal",
         "date": "dato ÅÅÅÅ-MM-DD", "boolean": "`true` eller `false`"}


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _form(resource: str, field: dict) -> str:
    constraints = field.get("constraints", {})
    vocabulary = schemas.vocabulary_fields(resource).get(field["name"])
    if vocabulary:
        return f"et id fra `data/vocabularies/{vocabulary}.csv`"
    if "enum" in constraints:
        return "en af: " + ", ".join(f"`{v}`" for v in constraints["enum"])
    form = TYPES.get(field.get("type", "string"), field.get("type", ""))
    if constraints.get("pattern"):
        form += " i fast form (se beskrivelsen)"
    return form


def columns_table(resource: str) -> str:
    lines = ["| kolonne | navn | skal udfyldes | form | beskrivelse (fra skemaet, på engelsk) |",
             "|---|---|---|---|---|"]
    for field in schemas.canonical(resource)["fields"]:
        required = "ja" if field.get("constraints", {}).get("required") else ""
        lines.append(f"| `{field['name']}` | {_cell(field.get('title', ''))} | {required} | "
                     f"{_cell(_form(resource, field))} | {_cell(field.get('description', ''))} |")
    return "\n".join(lines) + "\n"


def vocabulary_table(name: str, columns: tuple[str, ...]) -> str:
    with open(VOCABULARIES / f"{name}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = [f"`{row[c]}`" if i == 0 else _cell(row.get(c, "")) for i, c in enumerate(columns)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def tables() -> dict[str, str]:
    """Block name -> its Markdown."""
    made = {f"{resource}-columns": columns_table(resource) for resource in PUBLISHED_RESOURCES}
    made["measures"] = vocabulary_table("measures", ("measure", "label", "unit", "kind", "definition"))
    made["benefits"] = vocabulary_table("benefits", ("id", "label", "definition"))
    made["counted_by"] = vocabulary_table("counted_by", ("id", "label", "definition"))
    made["funding"] = vocabulary_table("funding", ("id", "label", "definition"))
    return made


def render(text: str) -> str:
    """The guide with every generated block written again; a block with an unknown name is an error."""
    made = tables()

    def replace(match: re.Match) -> str:
        name = match.group("name")
        if name not in made:
            raise KeyError(f"CONTRIBUTING.md names a generated block that does not exist: {name}")
        return match.group(1) + made[name] + match.group(4)

    return BLOCK.sub(replace, text)


def main() -> int:
    text = GUIDE.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        GUIDE.write_text(new, encoding="utf-8")
        print(f"updated {GUIDE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
