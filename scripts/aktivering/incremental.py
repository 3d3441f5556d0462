"""Produce again only what changed since the last run (what makes `mkdocs serve` rebuilds fast).

A unit of output (a kommune page, a letter page, one package's downloads) is made from inputs
summed up in a key: content digests of its package, of the code and of the shared data, the site
URL and the data version. `<out>/.keys.json` keeps each unit's key, the files it wrote and what
it returned; a unit whose key is the same and whose files are all still there is not made again.
A missing or unreadable record, or a changed key, makes it again: the record can only save work.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

RECORD = ".keys.json"


def key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def code_digest() -> str:
    """Every source file and template of the generator: a change to how pages look remakes all
    (read on every build: `mkdocs serve` reloads a template edited while it runs)."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in here.rglob("*") if p.suffix in (".py", ".j2")):
        digest.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class Outputs:
    def __init__(self, out: Path):
        self.out = out
        self.path = out / RECORD
        try:
            self.previous = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, dict] = {}

    def unit(self, name: str, unit_key: str, make: Callable[[], tuple[list[str], object]]) -> tuple[list[str], object]:
        """(files, value) of make(), or of its last run when the key and the files are unchanged."""
        old = self.previous.get(name)
        if isinstance(old, dict) and old.get("key") == unit_key and all((self.out / f).is_file() for f in old["files"]):
            self.current[name] = old
            return old["files"], old["value"]
        files, value = make()
        self.current[name] = {"key": unit_key, "files": files, "value": value}
        return files, value

    def save(self) -> None:
        if self.current == self.previous:
            return
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.current, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)
