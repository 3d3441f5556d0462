"""Everything as one SQLite database (issue 15), ready for Datasette.

downloads/alle/aktivering.db holds the four tables of every package, the transcripts, the code
lists and the kommuner, with primary and foreign keys from the Table Schemas, values typed as
typed.py types them (a boolean is 0/1, an empty cell NULL), and full-text search (FTS5, the
tables Datasette finds by their `content=`) over the quotes, notes and transcripts.
aktivering.metadata.json beside it gives Datasette the title, licence, source and every column's
description: `datasette aktivering.db --metadata aktivering.metadata.json`.

The file is written whole in a temporary file and replaces the old one only when its bytes
differ; the same data gives the same bytes (no clock, no random row order).
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from . import schemas, typed, urls
from .load import read_kommuner, read_vocabulary, records
from .paths import PUBLISHED_RESOURCES

NAME = urls.DATABASE_NAME
SQL_TYPES = {"number": "NUMERIC", "integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}
# column -> (table, column) it refers to, besides the schemas' own foreignKeys and the vocabulary
# each field takes its values from (schemas.vocabulary_fields)
REFERENCES = {
    "figures": {"part_of": ("figures", "figure_id"), "initiative_id": ("initiatives", "initiative_id")},
    "initiatives": {"same_as": ("initiatives", "initiative_id")},
    "documents": {"kommune_code": ("kommuner", "kommune_code"),
                  "in_reply_to_document_id": ("documents", "document_id")},
    "commitments": {"initiative_id": ("initiatives", "initiative_id"),
                    "followup_document_id": ("documents", "document_id")},
}
# table -> the columns its full-text index covers
FULL_TEXT = {"figures": ("quote", "note"), "initiatives": ("name", "description", "quote", "note"),
             "documents": ("title", "note"), "transcripts": ("text",),
             "commitments": ("promise", "quote", "followup_quote", "note")}
TABLE_DESCRIPTIONS = {
    "documents": "Brevene, ét pr. række.",
    "figures": "Tallene fra brevene, ét pr. række med citatet, det stammer fra.",
    "initiatives": "Initiativerne, brevene beskriver.",
    "non_figures": "Tal i brevene, der ikke er opgørelser (datoer, adresser, numre …), med grund.",
    "transcripts": "Brevene som tekst (transskriptioner).",
    "commitments": "Løfter, planer og forventninger i brevene, med citat og hvad et senere brev siger om dem.",
    "referred_letters": "Breve, som brevenes tekst nævner (ud over det brev, de svarer på).",
    "kommuner": "De 98 kommuner.",
}
CODE_LISTS = schemas.VOCABULARY_SCHEMAS  # vocabulary -> its schema


def _fields(table: str) -> list[dict]:
    if table == "transcripts":
        return [{"name": "document_id", "type": "string", "title": "Dokument"},
                {"name": "text", "type": "string", "title": "Tekst", "description": "Brevet som tekst."}]
    return schemas.canonical(CODE_LISTS.get(table, table))["fields"]


def _primary_key(table: str) -> list[str]:
    if table == "transcripts":
        return ["document_id"]
    return schemas.canonical(CODE_LISTS.get(table, table))["primaryKey"]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(table: str) -> str:
    fields = _fields(table)
    lines = []
    for field in fields:
        kind = SQL_TYPES.get(field["type"], "TEXT")
        required = " NOT NULL" if field.get("constraints", {}).get("required") else ""
        check = f" CHECK ({_quote(field['name'])} IN (0, 1))" if field["type"] == "boolean" else ""
        lines.append(f"{_quote(field['name'])} {kind}{required}{check}")
    lines.append(f"PRIMARY KEY ({', '.join(map(_quote, _primary_key(table)))})")
    references = {column: (vocabulary, schemas.vocabulary_key(vocabulary))
                  for column, vocabulary in schemas.vocabulary_fields(table).items()}
    references.update(REFERENCES.get(table, {}))
    if table in ("figures", "initiatives", "non_figures", "transcripts", "commitments", "referred_letters"):
        references["document_id"] = ("documents", "document_id")
    for column, (other, key) in references.items():
        lines.append(f"FOREIGN KEY ({_quote(column)}) REFERENCES {_quote(other)} ({_quote(key)})")
    return f"CREATE TABLE {_quote(table)} (\n  " + ",\n  ".join(lines) + "\n)"


def _insert(connection: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    fields = _fields(table)
    types = {f["name"]: f["type"] for f in fields}
    names = [f["name"] for f in fields]
    connection.executemany(
        f"INSERT INTO {_quote(table)} ({', '.join(map(_quote, names))}) VALUES ({', '.join('?' * len(names))})",
        [[typed.value(types[n], row.get(n, "")) for n in names] for row in rows])


def tables_of(packages: list) -> dict[str, list[dict]]:
    """Every table the database holds, as rows of CSV cells, in the order they are written."""
    from .downloads import table_rows

    tables: dict[str, list[dict]] = {"kommuner": records(read_kommuner())}
    for name in CODE_LISTS:
        tables[name] = records(read_vocabulary(name))
    for name in PUBLISHED_RESOURCES:
        tables[name] = [row for p in packages for row in table_rows(p, name)]
    tables["transcripts"] = [{"document_id": d, "text": text} for p in packages
                             for d, text in sorted(p.transcripts.items())]
    return tables


def database_bytes(packages: list, folder: Path) -> bytes:
    """The database, built in a temporary file in `folder` (removed again)."""
    temporary = folder / f".{NAME}.{os.getpid()}.db"
    temporary.unlink(missing_ok=True)
    try:
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                for table, rows in tables_of(packages).items():
                    connection.execute(_create(table))
                    _insert(connection, table, rows)
                for table, columns in FULL_TEXT.items():
                    connection.execute(f"CREATE VIRTUAL TABLE {_quote(table + '_fts')} USING fts5("
                                       f"{', '.join(map(_quote, columns))}, content={_quote(table)})")
                    connection.execute(f"INSERT INTO {_quote(table + '_fts')}({_quote(table + '_fts')}) "
                                       "VALUES ('rebuild')")
            connection.execute("VACUUM")
        finally:
            connection.close()
        return temporary.read_bytes()
    finally:
        temporary.unlink(missing_ok=True)


def metadata(title: str, description: str, licence_url: str, source_url: str) -> dict:
    """Datasette's metadata: title, licence, source, and each table's and column's description."""
    tables = {}
    for table in [*TABLE_DESCRIPTIONS, *CODE_LISTS]:
        fields = _fields(table)
        tables[table] = {
            "description": TABLE_DESCRIPTIONS.get(table) or schemas.RESOURCE_TITLES[table],
            "columns": {f["name"]: f.get("description") or f.get("title", f["name"]) for f in fields},
        }
        if table in FULL_TEXT:
            tables[table]["fts_table"] = f"{table}_fts"
    tables.update({f"{t}_fts": {"hidden": True} for t in FULL_TEXT})
    return {"title": title, "description": description, "license": "CC BY 4.0", "license_url": licence_url,
            "source": title, "source_url": source_url, "databases": {NAME: {"tables": tables}}}


def write_database(packages: list, out: Path, site_url: str, version: str) -> list:
    from .opendata import COMBINED_DESCRIPTION, LICENSE_URL, SITE_NAME, Download
    from .writes import write_if_changed

    folder = out / urls.COMBINED
    folder.mkdir(parents=True, exist_ok=True)
    data = database_bytes(packages, folder)
    write_if_changed(out / urls.database(".db"), data)
    meta = metadata(f"{SITE_NAME}: alle kommuner", COMBINED_DESCRIPTION, LICENSE_URL,
                    urls.Urls(site_url).page(urls.DATA))
    text = (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    write_if_changed(out / urls.database(".metadata.json"), text)
    return [Download(urls.database(".db"), "SQLite-database med alt, fuldtekstsøgning over citater og breve "
                     "(klar til Datasette)", None, len(data), version),
            Download(urls.database(".metadata.json"), "Datasette-metadata til databasen", None, len(text),
                     version)]
