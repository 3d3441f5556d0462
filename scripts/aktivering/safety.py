"""Refuse unsafe input before anything reads it.

Frictionless on its own follows symlinks and fetches URLs; a pull request must not make the
build read outside its package or reach the network. So every path a descriptor or a CSV
names is checked here first, and every file is checked for size and UTF-8.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from .problems import Problem

# A data file larger than this is refused: the largest real CSV is a few tens of kB.
MAX_FILE_BYTES = 5 * 1024 * 1024

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def path_problem(package_dir: Path, value: object, where: str, column: str | None = None,
                 row: int | None = None) -> Problem | None:
    """Return a Problem if `value` is not a safe relative path to a regular file in the package."""

    def refuse(reason: str) -> Problem:
        return Problem("unsafe-path", where, row, column, value, params={"reason": reason})

    if not isinstance(value, str) or not value:
        return refuse("not a path")
    if _URL.match(value) or value.startswith("//"):
        return refuse("a URL")
    if "\\" in value:
        return refuse("a backslash")
    pure = PurePosixPath(value)
    if pure.is_absolute():
        return refuse("absolute")
    if ".." in pure.parts:
        return refuse("contains ..")
    # Every step from the package folder down must be a real folder/file, not a link.
    current = package_dir
    for part in pure.parts:
        current = current / part
        if current.is_symlink():
            return refuse("a symbolic link")
    if not current.exists():
        return Problem("file-missing", where, row, column, value)
    if not current.is_file():
        return refuse("not a regular file")
    return None


def file_problems(path: Path, display: str) -> list[Problem]:
    """Size and encoding checks for a file that is about to be read as text."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [Problem("file-too-large", display, value=size, params={"limit": MAX_FILE_BYTES})]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return [Problem("not-utf8", display, params={"reason": "starts with a byte-order mark (BOM)"})]
    if b"\x00" in raw:
        return [Problem("not-utf8", display, params={"reason": "binary content (NUL bytes)"})]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [Problem("not-utf8", display, row=line, params={
            "reason": f"byte 0x{raw[error.start]:02x} at line {line} is not UTF-8; "
                      "probably saved as Windows-1252"})]
    return []
