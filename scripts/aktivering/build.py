"""Validate, then generate every page and download into one folder. Plain Python: the MkDocs
hook only calls `generate` and hands the files to MkDocs, so another site generator could too."""

from __future__ import annotations

from pathlib import Path

from .downloads import write_downloads
from .model import build_site_model
from .pages import PageWriter
from .paths import ROOT
from .validate import validate

GENERATED = ROOT / "build" / "generated"


class InvalidData(Exception):
    """The data did not validate: nothing was generated. The message is the validator's."""


def generate(out: Path = GENERATED) -> list[str]:
    problems, packages = validate()
    if problems:
        lines = "\n".join(p.format("da") for p in problems)
        raise InvalidData(f"Data er ikke gyldige – siden bygges ikke ({len(problems)} problem(er)):\n{lines}")
    site = build_site_model(packages)
    out.mkdir(parents=True, exist_ok=True)
    written = PageWriter(site, out).write_all() + write_downloads(packages, out)
    keep = set(written)
    for path in sorted(out.rglob("*"), reverse=True):  # remove what a deleted package left behind
        relative = path.relative_to(out).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sorted(written)


def build_site(strict: bool = True) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(ROOT / "mkdocs.yml"), strict=strict))
    return 0
