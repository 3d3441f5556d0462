"""Caches the build may reuse, and why nothing in the checkout is one of them.

Everything a build keeps between runs (validation verdicts, chart SVGs, compiled templates, the
record of generated pages) lives outside the checkout, under `AKTIVERING_CACHE_DIR` (default
`${XDG_CACHE_HOME:-~/.cache}/aktivering`), where a pull request cannot put a file. Every entry
carries an HMAC of its key and bytes under a secret made once per cache folder, so an entry that
was forged, truncated, emptied or copied from elsewhere does not verify: it is removed and made
again, never used. A cache that cannot be used at all (a file where its folder should be, no
permission, deleted while the build runs) only costs time: `get` finds nothing, `put` keeps
nothing. Nothing from a cache is ever unpickled or unmarshalled before it has verified.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import subprocess
import threading
from pathlib import Path

import jinja2

from .paths import CACHE_DIR, ROOT

SECRET = "secret.key"
MAGIC = b"aktivering-cache-1\n"
_DIGEST = hashlib.sha256().digest_size


_SECRETS: dict[Path, bytes] = {}


def _secret(folder: Path) -> bytes | None:
    """The folder's HMAC key, made on first use (readable by its owner only); None when the folder
    cannot hold one: then nothing is cached (and the next call tries again)."""
    if folder in _SECRETS:
        return _SECRETS[folder]
    path = folder / SECRET
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            key = handle.read(64)
    except OSError:
        return None
    if len(key) != 32:
        return None
    _SECRETS[folder] = key
    return key


def _mac(secret: bytes, kind: str, key: str, payload: bytes) -> bytes:
    message = kind.encode() + b"\0" + key.encode() + b"\0" + payload
    return hmac.new(secret, message, hashlib.sha256).digest()


class Store:
    """One kind of entry (charts, verdicts, templates) in the cache folder, by key."""

    def __init__(self, kind: str, root: Path | None = None):
        self.kind = kind
        self.root = root or CACHE_DIR
        self.folder = self.root / kind

    def _path(self, key: str) -> Path:
        return self.folder / hashlib.sha256(key.encode()).hexdigest()

    def get(self, key: str) -> bytes | None:
        """The bytes kept under key, or None: missing, unreadable, or not what this cache wrote."""
        secret = _secret(self.root)
        if secret is None:
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        head, mac, payload = data[: len(MAGIC)], data[len(MAGIC): len(MAGIC) + _DIGEST], data[len(MAGIC) + _DIGEST:]
        if head == MAGIC and hmac.compare_digest(mac, _mac(secret, self.kind, key, payload)):
            return payload
        try:
            path.unlink()  # forged or broken: made again by the caller
        except OSError:
            pass
        return None

    def put(self, key: str, payload: bytes) -> None:
        """Keep payload under key (atomically), or nothing when the cache cannot be written."""
        secret = _secret(self.root)
        if secret is None:
            return
        path = self._path(key)
        tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(MAGIC + _mac(secret, self.kind, key, payload) + payload)
            tmp.replace(path)
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass


class Verdict:
    """That one package's exact bytes passed the rules before (validate.valid_before). Only an
    entry this cache signed counts: a file created under a computed name is not a verdict."""

    STORE = Store("validation")
    VALID = b"valid"

    def __init__(self, key: str):
        self.key = key

    def exists(self) -> bool:
        return self.STORE.get(self.key) == self.VALID

    def touch(self) -> None:
        self.STORE.put(self.key, self.VALID)


class TemplateCache(jinja2.BytecodeCache):
    """Jinja's compiled templates (ours and the theme's) as signed entries: Jinja unpickles and
    unmarshals a bytecode file, so only one this cache wrote and signed is handed to it; jinja2's
    FileSystemBytecodeCache read whatever file had the right name."""

    STORE = Store("templates")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.STORE.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # checks the template source's checksum, else resets

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.STORE.put(bucket.key, bucket.bytecode_to_string())


def sign(kind: str, key: str, payload: bytes) -> str | None:
    """A hex HMAC of payload for a record kept elsewhere (the generated pages' record), or None
    when the cache folder holds no secret."""
    secret = _secret(CACHE_DIR)
    return None if secret is None else _mac(secret, kind, key, payload).hex()


def verify(kind: str, key: str, payload: bytes, signature: object) -> bool:
    expected = sign(kind, key, payload)
    return expected is not None and isinstance(signature, str) and hmac.compare_digest(expected, signature)


# --- nothing the build writes may be a file git tracks -------------------------------------------

# Folders of the checkout that only builds write: a tracked file in one was put there by hand.
BUILD_FOLDERS = (".cache", "build", "site", "docs/generated")


def tracked_in_build_folders(folders: list[Path] | None = None) -> list[str]:
    """Files git tracks under the build's own folders (and under the cache and output folders when
    they are inside the checkout), as paths relative to the checkout. [] outside a git checkout."""
    wanted = [ROOT / name for name in BUILD_FOLDERS] + list(folders or [])
    inside = sorted({p.relative_to(ROOT).as_posix() for p in (Path(os.path.abspath(f)) for f in wanted)
                     if p.is_relative_to(ROOT) and p != ROOT})
    if not inside:
        return []
    try:
        result = subprocess.run(["git", "ls-files", "-z", "--", *inside], cwd=ROOT, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return []
    if result.returncode != 0:
        return []  # not a git checkout (an unpacked release): nothing is tracked
    return sorted(name for name in result.stdout.decode("utf-8", "replace").split("\0") if name)
