"""How a path is shown in a message to a contributor."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .paths import ROOT


@lru_cache(maxsize=1 << 14)
def display(path: Path) -> str:
    """A path as messages show it: relative to the repository when inside it, else to the folder the
    command runs in (a contributor's own copy of the data), else as it is."""
    resolved = path.resolve()
    for base in (ROOT, Path.cwd()):
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return str(path)
