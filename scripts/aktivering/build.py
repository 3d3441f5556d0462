"""Validate, then generate every page and download into one folder. Plain Python: the MkDocs
hook only calls `generate` and hands the files to MkDocs, so another site generator could too."""

from __future__ import annotations

import os
from dataclasses import asdict
from datetime import UTC
from pathlib import Path

from . import incremental, opendata, versions
from .cache import BUILD_FOLDERS, tracked_in_build_folders
from .database import write_database
from .downloads import member_names, write_downloads
from .model import build_site_model
from .opendata import Download
from .pages import PageWriter, page_url
from .paths import CACHE_DIR, DOCS, GENERATED, ROOT
from .problems import Problem
from .validate import display, rules_digest, validate
from .workbook import combined_workbook, package_workbook

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


def generate(out: Path = GENERATED, site_url: str = DEFAULT_SITE_URL) -> list[str]:
    _refuse(tree_problems(out), "Arbejdskopien kan ikke bygges")
    problems, packages = validate()
    _refuse(problems, "Data er ikke gyldige")
    try:
        return _generate(packages, out, site_url)
    except OSError as error:  # the output folder deleted or made unwritable while the build ran
        _refuse([Problem("build-folder-unusable", str(out), value=str(error.filename or out),
                         params={"reason": error.strerror or type(error).__name__})], "Bygningen blev afbrudt")
        raise


def _generate(packages: list, out: Path, site_url: str) -> list[str]:
    packages = without_letters_left_out(packages)
    site = build_site_model(packages)
    out.mkdir(parents=True, exist_ok=True)
    # What every page shares: the rules, vocabularies and kommuner, the generator's code, the URL and
    # the data version. A package's pages and downloads are made again only when this or it changes.
    outputs = incremental.Outputs(out)
    shared = incremental.key(rules_digest(), incremental.code_digest(), site_url, site.version,
                             opendata.project_citation())
    writer = PageWriter(site, out, site_url, outputs, shared)
    downloads = []
    for package in packages:
        def make(package=package):
            updated = site.updated[package.name]
            page = page_url(site_url, writer.package_page(package.name))
            readme = opendata.readme_for(package, site_url, updated, page, member_names(package))
            made = write_downloads(package, out, readme, updated)
            made.append(package_workbook(package, out, site_url, updated, page))
            made += opendata.write_citations(out, f"downloads/{package.name}", f"aktivering-{package.name}-{updated}",
                                             package.descriptor.get("title", package.name), updated, page)
            return [d.path for d in made], [asdict(d) for d in made]

        _, made = outputs.unit(f"downloads:{package.name}", writer.package_key(package), make)
        downloads += [Download(**d) for d in made]
    data_page = page_url(site_url, "data.md")

    def everything():  # the workbook and database of everything: made again only when a package changed
        made = [combined_workbook(packages, out, site_url, site.version, data_page),
                *write_database(packages, out, site_url, site.version)]
        return [d.path for d in made], [asdict(d) for d in made]

    _, made = outputs.unit("downloads:alle", incremental.key(shared, [writer.package_key(p) for p in packages]),
                           everything)
    # The Data page lists them in this order: what most readers want first, the citation last.
    downloads += [Download(**d) for d in made]
    downloads += opendata.write_combined(packages, out, site.version, site_url)
    downloads += opendata.write_citations(out, "downloads/alle/aktivering", f"aktivering-alle-{site.version}",
                                          f"{opendata.SITE_NAME}: alle kommuner", site.version, data_page)
    opendata._write(out / opendata.CITATION_FILE,
                    opendata.published_citation_file(site_url, site.version).encode("utf-8"))
    written = [d.path for d in downloads] + [opendata.CITATION_FILE]
    written += writer.write_all(downloads)
    written += versions.publish(writer, out, outputs)  # aendringer/ and every release's zips (issue 15)
    written += writer.write_feeds()
    keep = set(written) | {incremental.RECORD}
    for path in sorted(out.rglob("*"), reverse=True):  # remove what a deleted package left behind
        relative = path.relative_to(out).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    outputs.save()
    gone = sorted(p for p in keep - {incremental.RECORD} if not (out / p).is_file())
    if gone:  # removed while the build ran: MkDocs must not be handed a page that is not there
        raise FileNotFoundError(2, "deleted while the build ran", str(out / gone[0]))
    return sorted(keep - {incremental.RECORD})


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

    from .model import _git_date
    from .paths import DATA

    date = _git_date("-1", "--format=%cs", "--", str(DATA))
    return int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp()) if date else 0


def build_site(strict: bool = True) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(ROOT / "mkdocs.yml"), strict=strict))
    return 0
