"""Read packages into plain objects: descriptor, three DataFrames, transcripts.

Only call this on packages the validator has passed (or in the validator, after its safety
checks): it trusts the paths it is given.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import OPTIONAL_RESOURCES, PACKAGES, REFERENCE, SCHEMAS, VOCABULARIES
from .safety import checked_text, file_problems, path_problem


def read_csv(path: Path) -> pd.DataFrame:
    """Every cell as the string it is in the file; empty cells are ''."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def records(frame: pd.DataFrame) -> list[dict]:
    """frame.to_dict("records"), four times faster (pandas boxes every cell on its own)."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


@lru_cache(maxsize=1 << 16)
def normalise_space(text: str) -> str:
    """Whitespace runs to one space (cached: each quote is normalised by several rules).
    `str.split` splits at exactly the characters `\\s` matches and strip() strips (tested)."""
    return " ".join(text.split())


class Package:
    """A package's descriptor, its three tables and its transcripts. A table is held as the rows the
    validator parsed (header first) or as a DataFrame read from the CSV; each form is made from
    the other only when asked for (validating 98 packages needs no DataFrames)."""

    def __init__(self, folder: Path, descriptor: dict, tables: dict[str, list[list[str]] | pd.DataFrame],
                 transcripts: dict[str, str] | None = None):
        self.folder = folder
        self.descriptor = descriptor
        self.transcripts = transcripts or {}  # document_id -> text
        self.safe_transcripts: set[str] = set()  # transcript paths read_package found safe and read
        self.digest = ""  # of every file in the folder, set by the validator (keys for incremental builds)
        self._parsed = {name: t for name, t in tables.items() if isinstance(t, list)}
        self.tables = set(tables)  # documents, figures, initiatives (and non_figures when parsed)
        self._frames = {name: t for name, t in tables.items() if isinstance(t, pd.DataFrame)}
        self._rows: dict[str, list[dict]] = {}

    def _unlisted(self, table: str) -> bool:
        """An optional table the descriptor does not list (and nothing parsed): none recorded."""
        return table in OPTIONAL_RESOURCES and table not in self._frames and table not in self._parsed \
            and not any(isinstance(r, dict) and r.get("name") == table for r in self.descriptor.get("resources", []))

    def frame(self, table: str) -> pd.DataFrame:
        if table not in self._frames and table not in self._parsed and table in OPTIONAL_RESOURCES:
            # None recorded without the file; a file the descriptor does not list is never read (unchecked).
            self._frames[table] = optional_frame(None if self._unlisted(table) else self.folder, table)
        if table not in self._frames:
            header, *rows = self._parsed[table]
            self._frames[table] = pd.DataFrame(rows, columns=header, dtype=str)
        return self._frames[table]

    documents = property(lambda self: self.frame("documents"))
    figures = property(lambda self: self.frame("figures"))
    initiatives = property(lambda self: self.frame("initiatives"))

    def rows(self, table: str) -> list[dict]:
        """One table's rows as dicts, converted once (the validator's rules each walk them)."""
        if table not in self._rows:
            if self._unlisted(table):
                self._rows[table] = []  # what the empty frame gives, without making one (every validation asks)
            elif table in self._parsed:
                header, *rows = self._parsed[table]
                self._rows[table] = [dict(zip(header, row)) for row in rows]
            else:
                self._rows[table] = records(self.frame(table))
        return self._rows[table]

    def columns(self, table: str) -> list[str]:
        return self._parsed[table][0] if table in self._parsed else list(self.frame(table).columns)

    def column(self, table: str, name: str) -> list[str]:
        """A column's values; [] when the table has no such column (a renamed header is reported
        by the validator, not a KeyError)."""
        return [row[name] for row in self.rows(table)] if name in self.columns(table) else []

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def prefix(self) -> str:
        return self.descriptor.get("id_prefix") or self.kommune_code or ""

    @property
    def kommune_code(self) -> str | None:
        return self.descriptor.get("kommune_code")


def read_package(folder: Path, parsed: dict[str, list[list[str]]] | None = None,
                 descriptor: dict | None = None) -> Package:
    """`parsed`: the tables' rows as the validator's fast path read them (header first), if it did;
    `descriptor`: datapackage.json as the validator has just read it (else it is read here)."""
    if descriptor is None:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = ("documents", "figures", "initiatives")
    kept = (*names, "non_figures", *OPTIONAL_RESOURCES)
    package = Package(folder, descriptor, {n: parsed[n] for n in kept if n in parsed} if parsed
                      else {n: read_csv(folder / f"{n}.csv") for n in names})
    for document_id, transcript in zip(package.column("documents", "document_id"),
                                       package.column("documents", "transcript")):
        # Unsafe or unreadable transcripts are left out here; the validator reports them.
        if transcript and path_problem(folder, transcript, "") is None:
            text, problems = checked_text(folder / transcript, "")
            if not problems:
                package.transcripts[document_id] = text
                package.safe_transcripts.add(transcript)
    return package


def optional_frame(folder: Path | None, table: str) -> pd.DataFrame:
    """An optional table (issue 14) read from its file, or empty with the schema's columns."""
    path = folder / f"{table}.csv" if folder is not None else None
    if path is not None and path_problem(folder, path.name, "") is None and not file_problems(path, ""):
        return read_csv(path)
    fields = json.loads((SCHEMAS / f"{table}.schema.json").read_text(encoding="utf-8"))["fields"]
    return pd.DataFrame(columns=[f["name"] for f in fields], dtype=str)


def package_folders(root: Path = PACKAGES) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def read_vocabulary(name: str) -> pd.DataFrame:
    return read_csv(VOCABULARIES / f"{name}.csv")


def read_kommuner() -> pd.DataFrame:
    return read_csv(REFERENCE / "kommuner.csv")


def kommune_codes() -> set[str]:
    with open(REFERENCE / "kommuner.csv", encoding="utf-8", newline="") as handle:
        return {row["kommune_code"] for row in csv.DictReader(handle)}
