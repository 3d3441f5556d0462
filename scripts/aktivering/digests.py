"""Content digests: of files (a package folder, the rules' inputs) and of a site table."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd


def files_digest(paths: list[Path], folder: Path | None = None) -> str:
    """Every file by name (relative to `folder` when inside it) and bytes, in the given order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(folder) if folder and path.is_relative_to(folder) else path.name).encode())
        digest.update(b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def package_digest(folder: Path) -> str:
    """Every file in a package folder, by relative name and bytes."""
    return files_digest(sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()), folder)


def frame_digest(frame: pd.DataFrame) -> str:
    """A table's values and column names: what a site-wide page reading one table depends on."""
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    return hashlib.sha256(hashed + json.dumps(list(frame.columns)).encode()).hexdigest()
