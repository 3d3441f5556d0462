"""Writing generated files: only when the bytes differ, so an unchanged file keeps its mtime (and
MkDocs, `serve --dirty` and the incremental record see it unchanged), and atomically, so a reader
never sees half a file."""

from __future__ import annotations

import os
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly these bytes; whether it wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if _holds(path, data):
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def _holds(path: Path, data: bytes, chunk: int = 1 << 20) -> bool:
    """Whether the file holds exactly `data`: its size first, then a megabyte at a time (issue 17:
    reading a 30 MB combined file whole to compare it held a second copy at the serve process's peak)."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return False
    with handle:
        if os.fstat(handle.fileno()).st_size != len(data):
            return False
        view = memoryview(data)
        for start in range(0, len(data), chunk):
            if handle.read(chunk) != view[start:start + chunk]:
                return False
        return handle.read(1) == b""
