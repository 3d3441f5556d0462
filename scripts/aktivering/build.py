"""Validate, then generate every page and download into one folder. Plain Python: the MkDocs
hook only calls `generate` and hands the files to MkDocs, so another site generator could too."""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path

from .cache import BUILD_FOLDERS, tracked_in_build_folders
from .displaypath import display
from .pages.site import write_site
from .paths import CACHE_DIR, DOCS, GENERATED, ROOT
from .problems import Problem
from .validate import validate

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


class InvalidData(Exception):
    """The data did not validate: nothing was generated. The message is the validator's."""


def tree_problems(out: Path) -> list[Problem]:
    """What in the checkout the build refuses to use (issue 10): a file git tracks in a folder only
    builds write (a forged cache entry or page), a symbolic link in docs/ (MkDocs would publish
    its target), and an output folder that cannot be written."""
    folders = [out, CACHE_DIR]
    problems = [Problem("build-file-tracked", name, value=name,
                        params={"folder": next((f for f in BUILD_FOLDERS if name.startswith(f + "/")),
                                               name.rsplit("/", 1)[0])})
                for name in tracked_in_build_folders(folders)]
    for root, dirs, files in os.walk(DOCS):
        for name in sorted(dirs + files):
            path = Path(root, name)
            if path.is_symlink():
                problems.append(Problem("docs-symlink", display(path), value=path.relative_to(DOCS).as_posix(),
                                        params={"target": os.readlink(path)}))
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".probe.{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        problems.append(Problem("build-folder-unusable", str(out), value=str(out),
                                params={"reason": error.strerror or type(error).__name__}))
    return problems


def _refuse(problems: list[Problem], why: str) -> None:
    if problems:
        lines = "\n".join(p.format("da") for p in problems)
        raise InvalidData(f"{why} – siden bygges ikke ({len(problems)} problem(er)):\n{lines}")


def generate(out: Path = GENERATED, site_url: str = DEFAULT_SITE_URL, defer: bool = False) -> list[str]:
    """defer: `mkdocs serve` — the workbook and database of everything may be made after the build
    by another process (deferred.py); a build never defers."""
    _refuse(tree_problems(out), "Arbejdskopien kan ikke bygges")
    problems, packages = validate()
    _refuse(problems, "Data er ikke gyldige")
    try:
        return _generate(packages, out, site_url, defer)
    except OSError as error:  # the output folder deleted or made unwritable while the build ran
        _refuse([Problem("build-folder-unusable", str(out), value=str(error.filename or out),
                         params={"reason": error.strerror or type(error).__name__})], "Bygningen blev afbrudt")
        raise


def _generate(packages: list, out: Path, site_url: str, defer: bool = False) -> list[str]:
    return write_site(without_letters_left_out(packages), out, site_url, defer=defer)


def without_letters_left_out(packages: list) -> list:
    """A package scaffolded by `aktivering new` has no letter yet: it is valid, but there is nothing
    to show. It is left out of the site, with a notice, until documents.csv has a row."""
    import sys

    kept = [p for p in packages if p.column("documents", "document_id")]
    for package in packages:
        if package not in kept:
            print(f"Bemærk: {package.name} har endnu intet brev i documents.csv og er ikke med på siden "
                  f"(Note: {package.name} has no letter in documents.csv yet and is left out of the site).",
                  file=sys.stderr)
    return kept


def data_epoch() -> int:
    """Seconds since 1970 of the last data change (git), for SOURCE_DATE_EPOCH; 0 outside git."""
    from datetime import datetime

    from .gitdates import git_date
    from .paths import DATA

    date = git_date("-1", "--format=%cs", "--", str(DATA))
    return int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp()) if date else 0


def build_site(strict: bool = True) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(ROOT / "mkdocs.yml"), strict=strict))
    return 0
