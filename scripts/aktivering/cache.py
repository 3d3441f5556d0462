"""Caches the build may reuse, and why nothing in the checkout is one of them.

Everything a build keeps between runs (validation verdicts, chart SVGs, compiled templates, the
record of generated pages) lives outside the checkout, under `AKTIVERING_CACHE_DIR` (default
`${XDG_CACHE_HOME:-~/.cache}/aktivering`), where a pull request cannot put a file. Every entry
carries an HMAC of its key and bytes under a secret made once per cache folder, so an entry that
was forged, truncated, emptied or copied from elsewhere does not verify: it is removed and made
again, never used. A cache that cannot be used at all (a file where its folder should be, no
permission, deleted while the build runs) only costs time: `get` finds nothing, `put` keeps
nothing. Nothing from a cache is ever unpickled or unmarshalled before it has verified.

This module owns every key and memo of the build: what is kept, under which key, and what makes
it stale. Code is always found by glob over the package (every ``*.py`` under
``scripts/aktivering/``, at any depth, and the templates), never by a hand-kept list, so a rule or
page in a new module invalidates what was cached before it existed.

=============================  =========================================  ==============================================
what is kept                   where, under which key                     made stale by
=============================  =========================================  ==============================================
validation verdict             Store("validation") (``Memory``):          any ``*.py`` of the package (rules_digest), a
                               rules_digest + package_digest              schema, vocabulary or kommuner.csv, any file
                                                                          in the package folder
clean folders (one process)    ``CLEAN_FOLDERS`` (``Memory``):            rules_digest, or lstat of anything in the
                               folder -> (rules, folder_signature)        folder (name, size, mtime, inode, mode)
chart SVG                      Store("charts"), charts.render: builder    charts.py or any module it imports
                               and inputs + ``module_digest(charts.py)``  (``module_digest``), its inputs, the versions
                               + altair and vl-convert versions           of altair and vl-convert
compiled templates             Store("templates") via ``TemplateCache``:  the template's source (Jinja's checksum)
                               Jinja's bucket key
data versions (history)        Store("versions"), versions.py: a          versions.py or a module it imports (FORMAT =
                               commit's trees and message by commit id;   module_digest); a commit or tree id names its
                               changes by the pair of tree ids; an old    content; an old release's verdict also by
                               release's verdict by rules_digest + tree   rules_digest. Zips: tree + version only
a page's HTML (MkDocs)         Store("rendered"), hooks/generate.py       the page's Markdown or address, any file's
                               cached_render: render_context + the        address, the Markdown extensions' settings,
                               page's address and Markdown                the hook's code, MkDocs'/Markdown's versions
generated pages and downloads  ``<out>/.keys.json`` (incremental.Outputs) ``code_digest`` (any ``*.py`` or ``*.j2``),
                               signed with ``sign``; per unit ``key()``   rules_digest, site URL, data version, the
                               of shared key + package digest + its data  package's digest, or a file's bytes changed
downloads of everything made   ``<out>/.alle/work/<key>/`` (deferred.py): the unit's key (above); the child refuses when
by a child (``mkdocs serve``)  paths and sha256s in a manifest signed     the packages' digests or code_digest differ
                               with ``sign`` (kind ``alle``)              from the build's; a file whose hash is not the
                                                                          manifest's is not moved into place
generated file digests         ``FILE_DIGESTS`` (one process)             lstat of the file (size, mtime, inode, mode)
figure pages' comparables      figurepages ``_SHARES`` (one process):     the package's key (its digest and the shared
(figure keys)                  package -> (package key, its share)        key: code, rules, vocabularies, kommuner)
figure pages finished          figurehtml ``_finished`` (site folder ->   a part the generator wrote since (write_site's
(``serve --dirty``)            the shell's hash) and ``_updated`` (each   ``changed``, gathered by the hook until finish
                               part's date), one process                  runs), another shell, another site folder, or
                                                                          a build that is not dirty: every page again
site tables (one process)      model ``_CONCATENATED``: the packages'     a package's joined tables not the same ones:
                               joined tables -> the concatenated ones;    made again, or one package's rows put in place
                               ``_SITE``: the last Site (its once memo)   (same columns and types only)
generated pages' record        incremental ``_SAVED`` (one process): out  other bytes in ``.keys.json`` than those this
(one process)                  folder -> sha256 of the bytes it wrote     process wrote (then parsed and verified)
catalogue text (one process)   feeds ``_CATALOGUE``: the catalogue's      another triple (the sizes as placeholders), or
                               triples as N3 -> its text, placeholders    a placeholder not found exactly once
                               where the byte sizes go
memos of pure functions        functools caches in load, coverage,        nothing: keyed by their whole input (a text,
                               tablecheck, opendata, pages.url, letters,  a schema's JSON, a transcript)
                               figurepages, integrity, displaypath
schemas read once per process  ``schemas.canonical``, vocabulary_ids,    a restart (``make serve`` imports the code and
                               charts' and pages' templates, locales,     reads these once; README says so)
                               the synced resources (expected_view)
=============================  =========================================  ==============================================

The one-process memos (``CLEAN_FOLDERS``, ``FILE_DIGESTS``, the model's joined and concatenated
tables, the combined files' shares, the figure pages' comparables, the record's bytes, the
catalogue's text) are registered with ``process_memo``;
``forget_process_memos`` empties them, which the hook does after generating for a ``mkdocs build``
(one build: nothing to keep for a next one).

``make clean`` removes every kind of entry in the cache folder (``KINDS``: ``paths.CACHE_DIR``), this
checkout's generated pages (``paths.GENERATED``), the checkout's build folders (``BUILD_FOLDERS``) and
the venv.
"""

from __future__ import annotations

import ast
import hashlib
import hmac
import json
import os
import secrets
import subprocess
import threading
from pathlib import Path

import jinja2

from .digests import files_digest
from .paths import CACHE_DIR, REFERENCE, ROOT, SCHEMAS, VOCABULARIES

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


# --- keys: what a cached thing was made from ----------------------------------------------------

CODE = Path(__file__).parent  # the package whose code every key covers (a test points it at a copy)


def key(*parts: object) -> str:
    """One key from any JSON-able parts (a unit of generated output)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def code_files(*suffixes: str) -> list[Path]:
    """Every file of the package with one of these suffixes, at any depth: by glob, never by list."""
    return sorted(p for p in CODE.rglob("*") if p.suffix in suffixes and "__pycache__" not in p.parts)


def rules_digest() -> str:
    """What every package is checked against: the code (every module: a rule may live in any),
    the schemas, the vocabularies and the kommuner."""
    inputs = code_files(".py")
    inputs += sorted(SCHEMAS.glob("*.json")) + sorted(VOCABULARIES.glob("*.csv"))
    return files_digest(inputs + [REFERENCE / "kommuner.csv"], CODE)


def code_digest() -> str:
    """Every source file and template of the generator: a change to how pages look remakes all
    (read on every build: `mkdocs serve` reloads a template edited while it runs)."""
    digest = hashlib.sha256()
    for path in code_files(".py", ".j2"):
        digest.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _imports(path: Path) -> set[Path]:
    """The package's modules that one module imports (relative imports, and `aktivering.x`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("aktivering")):
            base = (path.parent if node.level else CODE.parent)
            for _ in range(max(node.level - 1, 0)):
                base = base.parent
            parts = [p for p in (node.module or "").split(".") if p]
            names = [parts] if parts else [[alias.name] for alias in node.names]
            if parts:
                names += [parts + [alias.name] for alias in node.names]
            for name in names:
                for candidate in (base.joinpath(*name).with_suffix(".py"), base.joinpath(*name, "__init__.py")):
                    if candidate.is_file() and candidate.is_relative_to(CODE):
                        found.add(candidate)
    return found


def module_digest(path: Path) -> str:
    """A module's source and that of every module of the package it imports, transitively: the
    key of what that module makes (a chart's look also depends on how fmt writes its numbers)."""
    seen, todo = set(), [Path(path)]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += _imports(module) - seen
    return files_digest(sorted(seen), CODE)


# --- memos: what one process keeps --------------------------------------------------------------

# What this process keeps for its next build (`mkdocs serve` rebuilds in one process): the memos
# below and the ones registered by other modules. A `mkdocs build` builds once and forgets them
# when the pages are generated, before MkDocs renders (issue 17: at 10x they held every package's
# parsed tables, joined tables and combined-file rows, hundreds of MB, through MkDocs' own work).
_PROCESS_MEMOS: list = []


def process_memo(memo):
    """Register a dict or a functools cache this process keeps between builds; returns it."""
    _PROCESS_MEMOS.append(memo)
    return memo


def forget_process_memos() -> None:
    """Empty every registered memo (the next build in this process makes them again)."""
    for memo in _PROCESS_MEMOS:
        getattr(memo, "cache_clear", getattr(memo, "clear", None))()


# Clean packages this process has seen, by folder: (rules digest, folder signature, package). The
# `mkdocs serve` process validates again on every rebuild; a package whose files all have the same
# names, sizes, mtimes and inodes as when it passed is not read again. Problems are never kept.
CLEAN_FOLDERS: dict[Path, tuple] = process_memo({})


def folder_signature(folder: Path) -> tuple:
    """lstat of the folder and everything in it: any edit, rename, new file or symlink changes it."""
    entries = []
    for root, dirs, files in os.walk(folder):
        inside = os.path.relpath(root, folder)  # once per folder: relpath per file was a tenth of it
        for name in sorted(dirs) + sorted(files):
            stat = os.lstat(os.path.join(root, name))
            entries.append((name if inside == "." else os.path.join(inside, name), stat.st_mode, stat.st_size,
                            stat.st_mtime_ns, stat.st_ino))
    stat = os.lstat(folder)
    return (stat.st_mode, stat.st_ino, *sorted(entries))


# Digests this process took, by path, with the file's stat then: `mkdocs serve` hashes each
# generated file once, and again only when its size, mtime or inode changed.
FILE_DIGESTS: dict[str, tuple[tuple, str]] = process_memo({})


def file_digest(path: Path | str) -> str | None:
    """sha256 of a file's bytes (None when it cannot be read), memoised by its lstat. By the path as
    text: a Path made and hashed for each of the 9 000 kept files took half of a serve rebuild's check."""
    name = os.fspath(path)
    try:
        stat = os.lstat(name)
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_mode)
        known = FILE_DIGESTS.get(name)
        if known and known[0] == signature:
            return known[1]
        with open(name, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None
    FILE_DIGESTS[name] = (signature, digest)
    return digest


# --- entries -----------------------------------------------------------------------------------

class Verdict:
    """That one package's exact bytes passed the rules before (valid_before). Only an
    entry this cache signed counts: a file created under a computed name is not a verdict."""

    STORE = Store("validation")
    VALID = b"valid"
    # Passed by tablecheck's fast path: every table is then read again as that path read it (the
    # csv module, not pandas), which gives the very rows a cold validation hands the loader.
    VALID_ROWS = b"valid:rows"

    def __init__(self, key: str):
        self.key = key

    def kind(self) -> str | None:
        """None without a verdict; "rows" when the fast path passed these bytes; else "valid"."""
        return {self.VALID: "valid", self.VALID_ROWS: "rows"}.get(self.STORE.get(self.key))

    def exists(self) -> bool:
        return self.kind() is not None

    def touch(self, rows: bool = False) -> None:
        self.STORE.put(self.key, self.VALID_ROWS if rows else self.VALID)


def valid_before(rules: str, digest: str) -> Verdict:
    """The verdict that exists when these exact bytes have passed frictionless and the domain
    rules before. Only clean verdicts are cached, so a package with problems always reports them.
    The key covers every file in the package and `rules_digest()`; safety checks and
    cross-package rules always run, uncached. Verdicts are signed entries outside the checkout:
    one cannot be made by creating a file."""
    return Verdict(f"{rules}:{digest}")


class Memory:
    """What `validate.validate` may skip, and records: checking is the validator's, remembering
    is this. `validate(targets, NO_MEMORY)` checks everything and keeps nothing."""

    def clean_before(self, folder: Path, given: Path, rules: str) -> tuple[bool, object, tuple]:
        """(True, the package, ·) when this process saw the folder pass, unchanged since, under these
        rules; else (False, None, the signature now: what `remember_clean` keeps, so an edit made
        while the folder is checked is seen next time). `folder` is resolved, `given` as named: its
        signature is of the name given (a symbolic link to a clean folder is not that folder)."""
        signature = folder_signature(given) if given.is_dir() else ()
        seen = CLEAN_FOLDERS.get(folder)
        if seen and seen[:2] == (rules, signature):
            return True, seen[2], signature
        CLEAN_FOLDERS.pop(folder, None)
        return False, None, signature

    def remember_clean(self, folder: Path, rules: str, signature: tuple, package: object) -> None:
        CLEAN_FOLDERS[folder] = (rules, signature, package)

    def passed_before(self, rules: str, digest: str) -> str | None:
        """None when these bytes have not passed under these rules; "rows" when they passed by
        tablecheck's fast path (their tables may be read as it reads them), else "valid"."""
        return valid_before(rules, digest).kind()

    def remember_passed(self, rules: str, digest: str, rows: bool = False) -> None:
        valid_before(rules, digest).touch(rows)


class NoMemory(Memory):
    """Check everything, keep nothing (tests of the rules themselves)."""

    def clean_before(self, folder: Path, given: Path, rules: str) -> tuple[bool, object, tuple]:
        return False, None, ()

    def remember_clean(self, folder: Path, rules: str, signature: tuple, package: object) -> None:
        pass

    def passed_before(self, rules: str, digest: str) -> str | None:
        return None

    def remember_passed(self, rules: str, digest: str, rows: bool = False) -> None:
        pass


MEMORY, NO_MEMORY = Memory(), NoMemory()


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


# --- make clean -----------------------------------------------------------------------------------

# Every kind of entry kept in the cache folder (Store kinds, and Hypothesis' folder from tests/conftest.py).
KINDS = ("validation", "charts", "templates", "versions", "hypothesis", "rendered")


def clean(root: Path | None = None, generated: Path | None = None) -> list[Path]:
    """Remove every cache of this checkout: the kinds of entry in the cache folder and this
    checkout's generated pages (other checkouts' generated folders, and the secret, are theirs).
    Returns what was removed."""
    import shutil

    from .paths import GENERATED

    root = root or CACHE_DIR
    removed = []
    for folder in [root / kind for kind in KINDS] + [generated or GENERATED]:
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


if __name__ == "__main__":  # `make clean`
    for folder in clean():
        print(f"removed {folder}")
