"""Characters lost in an 8-bit save, found against the version in git.

Danish Excel's "CSV (semikolonsepareret)" saves Windows-1252, which has no `≈`, `−` (minus), `→`,
`≤` …: Excel writes `?` instead, and the file is still valid text. A cell that now reads exactly
what the committed cell becomes when squeezed through Windows-1252 (every such character a `?`)
lost characters in the save. `aktivering validate` reports it and `aktivering format` refuses to
rewrite the file (`characters-lost`): the `?` would become the truth.

Only files that hold a `?` and differ from the last commit (or from AKTIVERING_COMPARE_REF) are
compared (one `git ls-tree` for such a file, one `git cat-file` when it changed); outside a git
checkout nothing is compared.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
from pathlib import Path

from .problems import Problem


def squeezed(cell: str) -> str:
    """The cell as a Windows-1252 save leaves it: every character it cannot hold becomes `?`."""
    return cell.encode("cp1252", errors="replace").decode("cp1252")


def committed(path: Path, raw: bytes) -> bytes | None:
    """The file's bytes in the last commit (or in AKTIVERING_COMPARE_REF: a pull request's checks
    compare with its base, where the lossy save is already committed), when the file differs from
    them; else None."""
    ref = os.environ.get("AKTIVERING_COMPARE_REF") or "HEAD"
    try:
        listed = subprocess.run(["git", "-C", str(path.parent), "ls-tree", ref, "--", path.name],
                                capture_output=True, text=True, timeout=30)
        if listed.returncode != 0 or not listed.stdout.strip():
            return None
        blob = listed.stdout.split()[2]
        if hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest() == blob:
            return None
        shown = subprocess.run(["git", "-C", str(path.parent), "cat-file", "blob", blob], capture_output=True,
                               timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None  # no git here: nothing to compare against
    return shown.stdout if shown.returncode == 0 else None


def lost_characters(path: Path, raw: bytes, header: list[str], rows: list[list[str]], where: str) -> list[Problem]:
    """One problem per cell that reads as its committed version with characters replaced by `?`."""
    if b"?" not in raw:
        return []
    old = committed(path, raw)
    if old is None:
        return []
    try:
        old_cells = [cell for row in csv.reader(io.StringIO(old.decode("utf-8"), newline="")) for cell in row]
    except (UnicodeDecodeError, csv.Error):
        return []
    before = {squeezed(cell): cell for cell in old_cells if squeezed(cell) != cell}
    problems = []
    for number, row in enumerate(rows, start=2):
        for index, cell in enumerate(row[: len(header)]):
            if "?" in cell and cell in before:
                lost = "".join(sorted({c for c in before[cell] if squeezed(c) == "?"}))
                problems.append(Problem("characters-lost", where, number, header[index], cell, before[cell],
                                        params={"lost": lost}))
    return problems
