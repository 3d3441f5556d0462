"""Read packages into plain objects: descriptor, three DataFrames, transcripts.

Only call this on packages the validator has passed (or in the validator, after its safety
checks): it trusts the paths it is given.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .paths import PACKAGES, REFERENCE, VOCABULARIES
from .safety import file_problems, path_problem


def read_csv(path: Path) -> pd.DataFrame:
    """Every cell as the string it is in the file; empty cells are ''."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def records(frame: pd.DataFrame) -> list[dict]:
    """frame.to_dict("records"), four times faster (pandas boxes every cell on its own)."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Package:
    folder: Path
    descriptor: dict
    documents: pd.DataFrame
    figures: pd.DataFrame
    initiatives: pd.DataFrame
    transcripts: dict[str, str] = field(default_factory=dict)  # document_id -> text
    digest: str = ""  # of every file in the folder, set by the validator (keys for incremental builds)
    _rows: dict[str, list[dict]] = field(default_factory=dict, repr=False, compare=False)

    def rows(self, table: str) -> list[dict]:
        """One table's rows as dicts, converted once (the validator's rules each walk them)."""
        if table not in self._rows:
            self._rows[table] = records(getattr(self, table))
        return self._rows[table]

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def prefix(self) -> str:
        return self.descriptor.get("id_prefix") or self.kommune_code or ""

    @property
    def kommune_code(self) -> str | None:
        return self.descriptor.get("kommune_code")


def read_package(folder: Path) -> Package:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables = {name: read_csv(folder / f"{name}.csv") for name in ("documents", "figures", "initiatives")}
    transcripts = {}
    documents = tables["documents"]
    # .get: a renamed or emptied header must reach the validator's header-mismatch, not a KeyError.
    for document_id, transcript in zip(documents.get("document_id", []), documents.get("transcript", [])):
        # Unsafe or unreadable transcripts are left out here; the validator reports them.
        if transcript and path_problem(folder, transcript, "") is None \
                and not file_problems(folder / transcript, ""):
            transcripts[document_id] = (folder / transcript).read_text(encoding="utf-8")
    return Package(folder, descriptor, tables["documents"], tables["figures"], tables["initiatives"], transcripts)


def package_folders(root: Path = PACKAGES) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def read_vocabulary(name: str) -> pd.DataFrame:
    return read_csv(VOCABULARIES / f"{name}.csv")


def read_kommuner() -> pd.DataFrame:
    return read_csv(REFERENCE / "kommuner.csv")


def kommune_codes() -> set[str]:
    with open(REFERENCE / "kommuner.csv", encoding="utf-8", newline="") as handle:
        return {row["kommune_code"] for row in csv.DictReader(handle)}
