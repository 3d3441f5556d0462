"""Validate, then generate every page and download into one folder. Plain Python: the MkDocs
hook only calls `generate` and hands the files to MkDocs, so another site generator could too."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from . import opendata
from .downloads import write_downloads
from .model import build_site_model
from .pages import PageWriter, page_url
from .paths import GENERATED, ROOT
from .validate import validate

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


class InvalidData(Exception):
    """The data did not validate: nothing was generated. The message is the validator's."""


def generate(out: Path = GENERATED, site_url: str = DEFAULT_SITE_URL) -> list[str]:
    problems, packages = validate()
    if problems:
        lines = "\n".join(p.format("da") for p in problems)
        raise InvalidData(f"Data er ikke gyldige – siden bygges ikke ({len(problems)} problem(er)):\n{lines}")
    site = build_site_model(packages)
    out.mkdir(parents=True, exist_ok=True)
    writer = PageWriter(site, out, site_url)

    def readme(package):
        return opendata.readme_for(package, site_url, site.updated[package.name],
                                   page_url(site_url, writer.package_page(package.name)))

    downloads = write_downloads(packages, out, readme, site.updated)
    downloads += opendata.write_combined(packages, out, site.version)
    written = [d.path for d in downloads]
    written += writer.write_all(downloads)
    written += writer.write_feeds()
    keep = set(written)
    for path in sorted(out.rglob("*"), reverse=True):  # remove what a deleted package left behind
        relative = path.relative_to(out).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sorted(keep)


def data_epoch() -> int:
    """Seconds since 1970 of the last data change (git), for SOURCE_DATE_EPOCH; 0 outside git."""
    from datetime import datetime

    from .model import _git_date
    from .paths import DATA

    date = _git_date("-1", "--format=%cs", "--", str(DATA))
    return int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp()) if date else 0


def build_site(strict: bool = True) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(ROOT / "mkdocs.yml"), strict=strict))
    return 0
