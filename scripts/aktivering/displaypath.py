"""How a path is shown in a message to a contributor."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .paths import ROOT


@lru_cache(maxsize=1 << 14)
def display(path: Path) -> str:
    """A path as messages show it: relative to the repository when inside it, else to the folder the
    command runs in (a contributor's own copy of the data), else as it is."""
    resolved = _resolved(path)
    for base in (ROOT, Path.cwd()):
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return str(path)


@lru_cache(maxsize=1 << 12)
def _resolved_folder(folder: Path) -> Path:
    return folder.resolve()


def _resolved(path: Path) -> Path:
    """`path.resolve()`: for a file that is no symbolic link, its folder resolved (once per folder:
    the validator names every file of every package, and a full resolve looks at every folder on
    the way) with its name. A test holds it to `resolve()`."""
    if path.name in ("", ".", ".."):
        return path.resolve()
    try:
        if path.is_symlink():
            return path.resolve()
    except OSError:  # a name the file system refuses (too long): resolve() does not ask it
        return path.resolve()
    return _resolved_folder(path.parent) / path.name
