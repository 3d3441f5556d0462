"""Produce again only what changed since the last run (what makes `mkdocs serve` rebuilds fast).

A unit of output (a kommune page, a letter page, one package's downloads) is made from inputs
summed up in a key: content digests of its package, of the code and of the shared data, the site
URL and the data version. `<out>/.keys.json` keeps each unit's key, the files it wrote and what
it returned; a unit whose key is the same and whose files are all still there is not made again.
A missing, unreadable or unsigned record, a changed key, or a file whose bytes are not the ones
recorded makes it again: the record can only save work.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from . import cache

RECORD = ".keys.json"

# The record this process saved last, by output folder (`mkdocs serve`): the sha256 of its bytes and
# its units. A record on disk with exactly those bytes is the one this process signed and checked:
# it is not parsed and verified again (issue 17: 0.03 s of every rebuild at 98 kommuner).
_SAVED: dict[str, tuple[bytes, dict]] = cache.process_memo({})


# The keys and the file-digest memo are the cache module's (one table of what invalidates what).
key, code_digest, _file_digest = cache.key, cache.code_digest, cache.file_digest


class Outputs:
    """The record is signed with the cache's secret (cache.py) and every file it lists is checked
    against its content hash before it is reused: a record or page put in the output folder by
    anyone but this build, or changed since, is made again, never published as it is."""

    def __init__(self, out: Path):
        self.out = out
        self.path = out / RECORD
        self.previous = {}
        try:
            data = self.path.read_bytes()
            kept = _SAVED.get(str(out))
            if kept is not None and kept[0] == hashlib.sha256(data).digest():
                self.previous = kept[1]  # the bytes this process wrote and signed: read and checked then
            else:
                record = json.loads(data.decode("utf-8"))
                units = record["units"]
                if cache.verify("generated", str(out), json.dumps(units, sort_keys=True).encode(), record["mac"]):
                    self.previous = units
        except (OSError, ValueError, TypeError, KeyError):
            pass
        self.current: dict[str, dict] = {}

    def _intact(self, old: object, unit_key: str) -> bool:
        if not (isinstance(old, dict) and old.get("key") == unit_key and isinstance(old.get("hashes"), dict)):
            return False
        hashes, root = old["hashes"], str(self.out)
        return set(hashes) == set(old["files"]) and all(_file_digest(os.path.join(root, f)) == h
                                                        for f, h in hashes.items())

    def unit(self, name: str, unit_key: str, make: Callable[[], tuple[list[str], object]]) -> tuple[list[str], object]:
        """(files, value) of make(), or of its last run when the key and the files are unchanged."""
        kept = self.reuse(name, unit_key)
        if kept is not None:
            return kept
        files, value = make()
        self.made(name, unit_key, files, value)
        return files, value

    def reuse(self, name: str, unit_key: str | None) -> tuple[list[str], object] | None:
        """(files, value) of the unit's last run when its files are unchanged and it was made from
        this key; with unit_key None, from whatever key it was made (out-of-date files kept in place
        while they are made again elsewhere: deferred.py). Kept in the record as they were."""
        old = self.previous.get(name)
        if not self._intact(old, old.get("key") if unit_key is None and isinstance(old, dict) else unit_key):
            return None
        self.current[name] = old
        return old["files"], old["value"]

    def made(self, name: str, unit_key: str, files: list[str], value: object) -> None:
        """Record files made (by make() or by another process) from this key."""
        # The files' hashes are taken in save(): a page waiting for its charts is written later.
        self.current[name] = {"key": unit_key, "files": files, "value": value, "hashes": None}

    def save(self) -> None:
        """Record what this build made, once every file is written."""
        for unit in self.current.values():
            if unit["hashes"] is None:
                unit["hashes"] = {f: _file_digest(self.out / f) for f in unit["files"]}
        if self.current == self.previous:
            return
        units = json.loads(json.dumps(self.current, sort_keys=True, ensure_ascii=False))
        mac = cache.sign("generated", str(self.out), json.dumps(units, sort_keys=True).encode())
        if mac is None:
            return  # no cache secret: nothing is reused next time
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        data = json.dumps({"units": units, "mac": mac}, sort_keys=True, ensure_ascii=False).encode("utf-8")
        try:
            tmp.write_bytes(data)
            tmp.replace(self.path)
        except OSError:
            _SAVED.pop(str(self.out), None)
            return  # the record only saves work
        _SAVED[str(self.out)] = (hashlib.sha256(data).digest(), units)
