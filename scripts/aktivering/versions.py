"""Data versions from git history (issue 15, item 7): the releases, what each changed, and each
release's package zips, kept downloadable so a citation of a version always returns the same bytes.

A release is a day with a data commit: its version is that date (what `site.version` and every
citation name), its content the newest commit of that day touching `data/packages/`. No tag is
needed, so every clone with its history agrees on the releases; a later commit on the same day
replaces that day's release, as it replaces the site's data version.

Everything read from history is a stranger's text (commit messages, old CSVs that may not validate
today): it is parsed by the project's readers (`review.rows_by_key`, `csvformat`), never trusted as
markup, and an old release that would not pass today's checks is shown with a note, never allowed
to fail the build. Work is bounded by git's content addresses: the package trees of a commit, a
commit's message, the changes between two package trees, a tree's verdict and a zip are kept in
the signed cache (cache.py) under the ids they are made from, so only new commits cost anything.
Outside git, or in a shallow clone, the page says what is missing and the build goes on.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import csvformat, escape, fmt, incremental, opendata, periods, review, safety, schemas, urls
from .cache import Store, module_digest
from .downloads import TABLES as ZIP_TABLES
from .downloads import zip_bytes
from .model import reader_note
from .paths import PACKAGES
from .problems import Problem
from .writes import write_if_changed

PAGE = urls.CHANGES
TEMPLATE = "aendringer.md.j2"
STORE = Store("versions")
# What the cached change lists and verdicts were made by: this module and every module it imports
# (cache.module_digest, by the code, never a hand-bumped number). Not the zips' bytes: those are
# promised never to change for a version, so they are keyed by tree and version alone.
FORMAT = module_digest(Path(__file__))
MAX_BLOB_BYTES = 5 * 1024 * 1024   # as safety.MAX_FILE_BYTES: larger files are not read from history
LONG_TEXT = 60                      # texts at least this long on both sides show only the words that changed
MAX_MESSAGE_CHARS = 2000            # a commit message shown on the page is cut here
MAX_REASONS = 10                    # commit messages shown per package and version (the newest)
MAX_ROWS = 200                      # changed rows listed per table, package and version
_SAFE_NAME = re.compile(r"[A-Za-z0-9æøåÆØÅ._-]{1,200}")
_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}")
TABLE_WORDS = {"documents": ("Brev", "Breve"), "figures": ("Tal", "Tal"),
               "initiatives": ("Initiativ", "Initiativer"),
               "non_figures": ("Tal i brevet, der ikke er en opgørelse", "Tal i brevene, der ikke er opgørelser")}
NUMBER_COLUMNS = {"figures": ("value", "value_max"), "initiatives": ("participants_planned", "participants_actual")}
# Columns naming another row: shown as that row's name, never as its id.
_REFERENCES = {"document_id": "documents", "in_reply_to_document_id": "documents", "initiative_id": "initiatives",
               "same_as": "initiatives", "part_of": "figures"}


class GitUnavailable(Exception):
    """Not a git checkout, or git is missing: there is no history to read."""


@dataclass
class Release:
    version: str                                        # YYYY-MM-DD, the data version it is cited by
    commit: str                                         # the newest data commit of that day
    trees: dict[str, str]                               # package folder -> its tree id at that commit
    touched: dict[str, list[str]] = field(default_factory=dict)  # package -> commits of that day touching it
    first: bool = False                                 # the oldest release of the full history
    cut: bool = False                                   # the oldest of a shallow clone: what came before is missing
    # package -> its own version in this release: the newest release up to this one that changed it
    # (what its kommune page cites); missing when a shallow clone does not say.
    package_versions: dict[str, str] = field(default_factory=dict)


@dataclass
class History:
    releases: list[Release]                             # newest first
    notices: list[Problem]                              # what is missing, said on the page and to the builder
    uncommitted: bool = False                           # data in the checkout that no commit holds yet
    top: Path | None = None                             # the repository's top folder


def _git(top: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=top, input=stdin,
                                capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        raise GitUnavailable(str(error)) from None
    if result.returncode != 0:
        raise GitUnavailable(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


def _cached_json(key: str, make):
    """make() kept in the signed cache under key (an entry that does not verify is made again)."""
    payload = STORE.get(f"{FORMAT}:{key}")
    if payload is not None:
        try:
            return json.loads(payload)
        except ValueError:
            pass
    value = make()
    STORE.put(f"{FORMAT}:{key}", json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return value


# --- the releases -----------------------------------------------------------------------------


def history(packages: Path = PACKAGES) -> History:
    """Every release in the history of `packages`, newest first, and what is missing from it."""
    where = str(packages)
    try:
        top = Path(_git(packages, "rev-parse", "--show-toplevel").decode().strip()).resolve()
        relative = packages.resolve().relative_to(top).as_posix()
        shallow = _git(top, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
        log = _git(top, "log", "--format=@@%H %cs %P", "--name-only", "--", relative).decode("utf-8", "replace")
    except (GitUnavailable, ValueError):
        return History([], [Problem("history-not-git", where)])
    commits: list[tuple[str, str, list[str]]] = []  # (commit, date, packages it touched), newest first
    for line in log.splitlines():
        if line.startswith("@@"):
            commit, date, *_parents = line[2:].split(" ")
            commits.append((commit, date, []))
        elif line.startswith(relative + "/") and commits:
            name = line[len(relative) + 1:].split("/", 1)[0]
            if name not in commits[-1][2]:
                commits[-1][2].append(name)
    releases: dict[str, Release] = {}
    for commit, date, touched in commits:
        if not _VERSION.fullmatch(date):
            continue
        if date not in releases:
            releases[date] = Release(date, commit, _trees(top, commit, relative))
        for name in touched:
            releases[date].touched.setdefault(name, []).append(commit)
    ordered = sorted(releases.values(), key=lambda r: r.version, reverse=True)
    notices = []
    if ordered:
        oldest = ordered[-1]
        if shallow:
            oldest.cut = True
            notices.append(Problem("history-shallow", where, value=oldest.version))
        else:
            oldest.first = True
    own: dict[str, str] = {}
    for release in reversed(ordered):
        for name in release.trees:
            if name in release.touched or (name not in own and release.first):
                own[name] = release.version
        release.package_versions = {name: own[name] for name in release.trees if name in own}
    try:
        uncommitted = bool(_git(top, "status", "--porcelain", "--", relative).strip())
    except GitUnavailable:
        uncommitted = False
    return History(ordered, notices, uncommitted, top)


def _trees(top: Path, commit: str, relative: str) -> dict[str, str]:
    """package folder -> tree id in `commit` (a commit never changes: cached by its id)."""
    def make():
        listing = _git(top, "ls-tree", "-z", commit, "--", relative + "/").decode("utf-8", "replace")
        trees = {}
        for entry in filter(None, listing.split("\0")):
            meta, _, path = entry.partition("\t")
            mode, kind, sha = meta.split(" ")
            name = path[len(relative) + 1:]
            if kind == "tree" and _SAFE_NAME.fullmatch(name) and not name.startswith("."):
                trees[name] = sha
        return trees

    return _cached_json(f"trees:{commit}:{relative}", make)


def message(top: Path, commit: str) -> str:
    """A commit's message as one bounded text (cached: a commit never changes)."""
    def make():
        text = _git(top, "show", "-s", "--format=%B", commit).decode("utf-8", "replace").strip()
        return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"

    return _cached_json(f"message:{commit}", make)


def paragraphs(text: str) -> list[str]:
    """A commit message as paragraphs, each on one line (a line break inside raw HTML is no markup),
    without characters a reader cannot see (a stranger's bidi override turns the words round)."""
    text = safety.without_invisible(text)
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


# --- one package tree's files -------------------------------------------------------------------


_TREE_FILES: dict[tuple[Path, str], dict[str, bytes]] = {}


def tree_files(top: Path, tree: str) -> dict[str, bytes]:
    """tree's files (below), read once per process: a tree id names its content for good."""
    if (top, tree) not in _TREE_FILES:
        if len(_TREE_FILES) > 256:
            _TREE_FILES.clear()
        _TREE_FILES[top, tree] = _tree_files(top, tree)
    return _TREE_FILES[top, tree]


def _tree_files(top: Path, tree: str) -> dict[str, bytes]:
    """The files a package's zip and validation read from one of its trees: the descriptor and the
    tables at the root, the transcripts; safe names only, none larger than MAX_BLOB_BYTES."""
    listing = _git(top, "ls-tree", "-r", "-z", "-l", tree).decode("utf-8", "replace")
    wanted = []
    for entry in filter(None, listing.split("\0")):
        meta, _, path = entry.partition("\t")
        mode, kind, sha, size = meta.split()
        parts = PurePosixPath(path).parts
        if kind != "blob" or mode not in ("100644", "100755") or not size.isdigit() \
                or int(size) > MAX_BLOB_BYTES or not all(_SAFE_NAME.fullmatch(p) for p in parts):
            continue
        if (len(parts) == 1 and path in ZIP_TABLES) or (len(parts) == 2 and parts[0] == "transcripts"
                                                        and parts[1].endswith(".txt")):
            wanted.append((path, sha))
    return dict(zip((p for p, _ in wanted), _blobs(top, [s for _, s in wanted])))


def _blobs(top: Path, shas: list[str]) -> list[bytes]:
    """Many blobs from one `git cat-file --batch`."""
    if not shas:
        return []
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in shas).encode())
    blobs, at = [], 0
    for _ in shas:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if len(header) != 3 or not header[2].isdigit():  # "<sha> missing": a partial clone without it
            raise GitUnavailable(out[at:header_end].decode("utf-8", "replace"))
        size = int(header[2])
        blobs.append(out[header_end + 1: header_end + 1 + size])
        at = header_end + 1 + size + 1
    return blobs


def ordered_members(files: dict[str, bytes]) -> list[tuple[str, bytes]]:
    """The zip's entries in the order of the current zips: descriptor, tables, transcripts."""
    first = [(name, files[name]) for name in ZIP_TABLES if name in files]
    return first + sorted((name, data) for name, data in files.items() if name not in ZIP_TABLES)


def release_zip(top: Path, tree: str, version: str) -> bytes:
    """A package as it was in a release: the files git holds for it, entries dated by the version.
    Made from the tree id and the version only, so the same citation always returns the same bytes."""
    key = f"zip:{tree}:{version}"
    data = STORE.get(key)
    if data is None:
        data = zip_bytes(ordered_members(tree_files(top, tree)), version)
        STORE.put(key, data)
    return data


# --- what changed ---------------------------------------------------------------------------------


def _label(table: str, row: dict, labels: dict) -> str:
    """A row named for a reader: a letter by its title and date, a figure by its number and what it
    counts, an initiative by its name, a non-figure by its number."""
    if table == "documents":
        return f"{row.get('title', '')} ({fmt.date_long_da(row.get('date', ''))})".strip()
    if table == "figures":
        parts = [_vocabulary(labels, "measures", row.get("measure", "")),
                 _vocabulary(labels, "benefits", row.get("benefit", "")).lower(),
                 periods.format_da(row.get("reference_period", "")) if row.get("reference_period") else ""]
        return f"{_value(row)} – " + ", ".join(p for p in parts if p)
    if table == "initiatives":
        return row.get("name", "")
    return f"{row.get('text', '')} – «{' '.join(row.get('quote', '').split())[:160]}»"


def _value(row: dict) -> str:
    try:
        return fmt.value_da(row.get("value", ""), row.get("unit", ""), row.get("qualifier", ""),
                            row.get("value_max", ""))
    except (ValueError, ArithmeticError):  # an old release's value that is no number: as written
        return " ".join(filter(None, [row.get("qualifier", ""), row.get("value", ""), row.get("unit", "")]))


def _vocabulary(labels: dict, vocabulary: str, code: str) -> str:
    return labels.get(vocabulary, {}).get(code, code)


def _titles() -> dict[str, dict[str, str]]:
    """table -> column -> its Danish title in today's schema."""
    return {table: {f["name"]: f.get("title") or f["name"] for f in schemas.canonical(table)["fields"]}
            for table in review.TABLES}


def _vocabulary_labels() -> dict[str, dict[str, str]]:
    from .load import read_vocabulary

    return {name: dict(zip(read_vocabulary(name).iloc[:, 0], read_vocabulary(name)["label"]))
            for name in schemas.VOCABULARY_RESOURCES}


def _shown_value(table: str, column: str, value: str, rows: dict, labels: dict) -> str:
    """One cell as a reader reads it: a code as its label, an id as the row it names."""
    if not value:
        return "(tom)"
    if column in NUMBER_COLUMNS.get(table, ()):
        try:
            return fmt.number_da(value)
        except (ValueError, ArithmeticError):
            return value
    vocabulary = schemas.vocabulary_fields(table).get(column)
    if vocabulary:
        return _vocabulary(labels, vocabulary, value)
    target = _REFERENCES.get(column)
    if target and value in rows.get(target, {}):
        return _label(target, rows[target][value], labels)
    if column == "note":  # ids in a curator's note become the names they stand for, as on the site
        return reader_note(" ".join(value.split()), *_note_names(rows, labels))
    if column == "reference_period":
        return periods.format_da(value)
    return " ".join(value.split())


def word_changes(old: str, new: str, context: int = 6) -> list[list[str]] | None:
    """A long text's change as [kind, words] runs (same, del, ins), long unchanged runs cut to
    `context` words each side: a reader sees what changed in a note, not the note twice. None for
    short texts (shown whole: old → new)."""
    if min(len(old), len(new)) < LONG_TEXT:
        return None
    a, b = old.split(), new.split()
    runs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(["same", a[i1:i2]])
            continue
        if i2 > i1:
            runs.append(["del", a[i1:i2]])
        if j2 > j1:
            runs.append(["ins", b[j1:j2]])
    for index, (kind, words) in enumerate(runs):
        if kind == "same":
            head = words[:context] if index else []
            tail = words[-context:] if index < len(runs) - 1 else []
            if len(head) + len(tail) < len(words):
                words = [*head, "…", *tail]
            runs[index][1] = words
    return [[kind, " ".join(words)] for kind, words in runs if words]


def _note_names(rows: dict, labels: dict) -> tuple[dict, dict, dict]:
    """(letters, initiatives, figures) by id, as reader_note names them."""
    return ({i: f"brevet af {fmt.date_long_da(r.get('date', ''))}" for i, r in rows.get("documents", {}).items()},
            {i: r.get("name", "") for i, r in rows.get("initiatives", {}).items()},
            {i: _value(r) for i, r in rows.get("figures", {}).items()})


def _read_tables(top: Path, tree: str | None) -> dict[str, dict[str, dict]]:
    """table -> identifying text -> row, for one package tree (no tree: nothing)."""
    if tree is None:
        return {table: {} for table in review.TABLES}
    files = tree_files(top, tree)
    tables = {}
    for table in review.TABLES:
        raw = files.get(f"{table}.csv")
        tables[table] = review.rows_by_key(raw, f"{table}.csv", table) if raw is not None else {}
    return tables


def package_changes(top: Path, old: str | None, new: str | None) -> dict:
    """What changed in one package between two of its trees (None: it did not exist), as plain
    values for the cache and the page: per table the rows added, changed (field: old → new) and
    removed, each named for a reader; or `unreadable` when a table cannot be read today."""
    def make():
        try:
            before, after = _read_tables(top, old), _read_tables(top, new)
        except csvformat.Refused:
            return {"unreadable": True, "tables": {}, "summaries": {}, "counts": {}, "transcripts": []}
        titles, labels = _titles(), _vocabulary_labels()
        # Ids are named by the rows they point to, in the newer release if it has them.
        by_id = {t: {**{r.get(review.TABLES[t][0], ""): r for r in before[t].values()},
                     **{r.get(review.TABLES[t][0], ""): r for r in after[t].values()}}
                 for t in ("documents", "initiatives", "figures")}
        tables = {}
        for table in review.TABLES:
            rows = []
            for change in review.diff_rows(table, before[table], after[table]):
                fields = []
                for column, o, n in change.columns:
                    shown = _shown_value(table, column, o, by_id, labels), _shown_value(table, column, n, by_id, labels)
                    fields.append([titles[table].get(column, column), *shown, word_changes(*shown)])
                rows.append({"kind": change.kind, "label": _label(table, change.row, labels), "fields": fields,
                             "note": " ".join(change.row.get("note", "").split())})
            if rows:
                tables[table] = rows
        summaries = {table: ", ".join(f"{n} {word}" for kind, word in (("added", "tilføjet"), ("changed", "ændret"),
                                                                     ("removed", "fjernet"))
                                      if (n := sum(r["kind"] == kind for r in rows)))
                     for table, rows in tables.items()}
        counts = {table: len(after[table] if new else before[table]) for table in review.TABLES}
        counts["text"] = count_text(counts)
        transcripts = _transcripts_changed(top, old, new, before, after) if old and new else []
        return {"unreadable": False, "tables": tables, "summaries": summaries, "counts": counts,
                "transcripts": transcripts}

    return _cached_json(f"changes:{old}:{new}", make)


def count_text(counts: dict[str, int]) -> str:
    """'1 brev, 14 tal og 6 initiativer'."""
    words = {"documents": ("brev", "breve"), "figures": ("tal", "tal"), "initiatives": ("initiativ", "initiativer")}
    parts = [f"{counts[t]} {one if counts[t] == 1 else many}" for t, (one, many) in words.items()]
    return f"{parts[0]}, {parts[1]} og {parts[2]}"


def _transcripts_changed(top: Path, old: str, new: str, before: dict, after: dict) -> list[str]:
    """Letters in both releases whose text (the transcript) changed."""
    def blobs(tree):
        listing = _git(top, "ls-tree", "-z", tree, "--", "transcripts/").decode("utf-8", "replace")
        return {entry.partition("\t")[2]: entry.split(" ")[2].split("\t")[0]
                for entry in filter(None, listing.split("\0"))}

    then, now = blobs(old), blobs(new)
    letters = []
    for document in after["documents"].values():
        path = document.get("transcript", "")
        if path in then and path in now and then[path] != now[path]:
            letters.append(_label("documents", document, {}))
    return sorted(letters)


def valid_today(top: Path, name: str, tree: str) -> int:
    """How many problems today's validator finds in a package as it was in a tree (0: valid);
    cached by the rules and the tree. Never raises: an old release is shown, not refused."""
    from .validate import rules_digest, validate

    def make():
        with tempfile.TemporaryDirectory(prefix="aktivering-version-") as folder:
            package = Path(folder, name)
            for path, data in tree_files(top, tree).items():
                (package / path).parent.mkdir(parents=True, exist_ok=True)
                (package / path).write_bytes(data)
            try:
                problems, _ = validate([str(package)])
            except Exception:  # noqa: BLE001 – an old package must never stop today's build
                return 1
            return len(problems)

    return _cached_json(f"valid:{rules_digest()}:{name}:{tree}", make)


# --- the page and the zips -------------------------------------------------------------------------


def release_view(top: Path, release: Release, previous: Release | None, titles: dict[str, str]) -> dict:
    """What the page shows of one release."""
    packages = []
    before = previous.trees if previous else {}
    for name in sorted(set(before) | set(release.trees), key=lambda n: titles.get(n, n)):
        old, new = before.get(name), release.trees.get(name)
        if old == new or release.cut:
            continue
        changes = package_changes(top, old, new)
        commits = release.touched.get(name, [])
        reasons = [p for commit in commits[:MAX_REASONS] for p in paragraphs(message(top, commit))
                   if not p.startswith("Merge ")]
        problems = valid_today(top, name, new) if new else 0
        packages.append({"name": name, "title": titles.get(name, name),
                         "kind": "added" if old is None else "removed" if new is None else "changed",
                         "changes": changes, "reasons": list(dict.fromkeys(reasons)), "problems": problems,
                         "more_reasons": max(0, len(commits) - MAX_REASONS)})
    zips = []
    for name in sorted(release.trees, key=lambda n: titles.get(n, n)):
        own = release.package_versions.get(name)
        zips.append({"name": name, "title": titles.get(name, name), "version": own,
                     "path": zip_path(name, own) if own else None})
    return {"version": release.version, "first": release.first, "cut": release.cut, "packages": packages,
            "zips": zips, "manifest": manifest_path(release.version)}


def zip_path(name: str, version: str) -> str:
    """Where a package's zip of one of its versions is published."""
    return urls.version_zip(version, name)


def package_titles(top: Path, releases: list[Release]) -> dict[str, str]:
    """package folder -> its title, from the newest release that has it (a removed package keeps
    the name it had)."""
    titles: dict[str, str] = {}
    for release in releases:
        for name, tree in release.trees.items():
            if name not in titles:
                titles[name] = _cached_json(f"title:{tree}", lambda tree=tree, name=name: _title(top, tree, name))
    return titles


def _title(top: Path, tree: str, name: str) -> str:
    try:
        descriptor = json.loads(tree_files(top, tree).get("datapackage.json", b"{}"))
        title = descriptor.get("title") if isinstance(descriptor, dict) else None
    except ValueError:
        title = None
    return " ".join(title.split())[:200] if isinstance(title, str) and title.strip() else name


def write_zips(found: History, out: Path) -> list[str]:
    """Every version of every package as a zip, at downloads/versioner/<its version>/<package>.zip:
    one file per package and day it changed. Each release's list of all its packages, with the
    address, size and SHA-256 of each one's zip (the unchanged ones at the version they kept),
    is downloads/versioner/<version>/pakker.csv. The paths written."""
    written = []
    titles = package_titles(found.top, found.releases) if found.releases else {}
    zips: dict[str, bytes] = {}
    for release in reversed(found.releases):  # oldest first: a kept version's zip is made before it is listed
        for name, tree in sorted(release.trees.items()):
            if release.package_versions.get(name) == release.version:
                path = zip_path(name, release.version)
                zips[path] = release_zip(found.top, tree, release.version)
                write_if_changed(out / path, zips[path])
                written.append(path)
        write_if_changed(out / manifest_path(release.version), manifest(release, titles, zips))
        written.append(manifest_path(release.version))
    return sorted(written)


def manifest_path(version: str) -> str:
    return urls.version_list(version)


def manifest(release: Release, titles: dict[str, str], zips: dict[str, bytes]) -> bytes:
    """pakker.csv: every package of a release, its own version and its zip's address, bytes and
    SHA-256 (empty when a shallow clone cannot say which version it had)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["package", "title", "package_version", "zip", "bytes", "sha256"])
    for name in sorted(release.trees):
        own = release.package_versions.get(name, "")
        path = zip_path(name, own) if own else ""
        data = zips.get(path)
        writer.writerow([name, escape.spreadsheet_cell(titles.get(name, name)), own, path,
                         len(data) if data is not None else "", hashlib.sha256(data).hexdigest() if data else ""])
    return buffer.getvalue().encode("utf-8")


def page_context(found: History, site_url: str, sizes: dict[str, int] | None = None) -> dict:
    """What aendringer.md.j2 is rendered with: every release as the page shows it, the notices."""
    top = found.top or PACKAGES
    titles = package_titles(top, found.releases)
    views = [release_view(top, r, found.releases[i + 1] if i + 1 < len(found.releases) else None, titles)
             for i, r in enumerate(found.releases)]
    for view in views:
        address = urls.Urls(site_url).page(PAGE, urls.version_anchor(view["version"]))
        view["citation"] = opendata.citation(site_url, "Alle kommuner", view["version"], address)["short"]
        for z in view["zips"]:
            z["size"] = (sizes or {}).get(z["path"], 0)
    return {"releases": views, "notices": [n.message("da").split(";")[0] for n in found.notices],
            "uncommitted": found.uncommitted, "table_words": TABLE_WORDS, "max_rows": MAX_ROWS}


def publish(writer, out: Path, outputs: incremental.Outputs, packages: Path = PACKAGES) -> list[str]:
    """Write every release's zips and the aendringer/ page; return the files written. Notices
    (no git, shallow clone) go to stderr and onto the page; nothing here fails the build."""
    found = history(packages)
    try:
        unit_key = incremental.key(FORMAT, incremental.code_digest(),
                                   [(r.version, sorted(r.trees.items())) for r in found.releases])
        files, _ = outputs.unit("versions", unit_key, lambda: (write_zips(found, out), None))
        context = page_context(found, writer.site_url, {f: (out / f).stat().st_size for f in files})
    except GitUnavailable:  # git failed half-way (a broken or partial clone): the page says so
        found, files = History([], [Problem("history-not-git", str(packages))]), []
        context = page_context(found, writer.site_url)
    for notice in found.notices:
        print(f"Bemærk: {notice.format('da')}", file=sys.stderr)
    writer.write(PAGE, TEMPLATE, **context)
    writer.releases = context["releases"]  # the feed's entries
    return [*files, PAGE]


def feed_entries(views: list[dict], site_url: str) -> list[dict]:
    """One Atom entry per release: a new version of the data can be cited and fetched."""
    entries = []
    for view in views:
        address = urls.Urls(site_url).page(PAGE, urls.version_anchor(view["version"]))
        entries.append({"title": f"Ny dataversion: {view['version']}", "url": address, "id": address,
                        "updated": view["version"], "summary": f"Ændringer og datapakker i version {view['version']}."})
    return entries
