"""The whole generated site in one place: every package's downloads, the downloads of everything,
the citation file, every page of every page type, the feeds, and removing what a deleted package
left behind. Each package's part is made again only when its key changed (incremental.py)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from .. import deferred, incremental, opendata, urls
from ..cache import rules_digest
from ..downloads import member_names, write_downloads
from ..model import build_site_model
from ..opendata import Download
from ..workbook import package_workbook
from ..writes import write_if_changed
from . import page_types
from .feeds import write_feeds
from .writer import PageType, PageWriter


def write_downloads_of(writer: PageWriter, packages: list, defer: bool = False) -> list[Download]:
    """Every download, in the order the Data page lists them: each package's, then everything's
    (what most readers want first, the citation last). defer: the workbook and database of
    everything may be made by another process when out of date (`mkdocs serve`: deferred.py)."""
    site, out, site_url, outputs = writer.site, writer.out, writer.site_url, writer.outputs
    downloads = []
    for package in packages:
        def make(package=package):
            updated = site.updated[package.name]
            page = writer.urls.page(writer.package_page(package.name))
            readme = opendata.readme_for(package, site_url, updated, page, member_names(package))
            made = write_downloads(package, out, readme, updated)
            made.append(package_workbook(package, out, site_url, updated, page))
            made += opendata.write_citations(out, urls.package_citation(package.name),
                                             f"aktivering-{package.name}-{updated}",
                                             package.descriptor.get("title", package.name), updated, page)
            return [d.path for d in made], [asdict(d) for d in made]

        _, made = outputs.unit(f"downloads:{package.name}", writer.package_key(package), make)
        downloads += [Download(**d) for d in made]
    data_page = writer.urls.page(urls.DATA)

    def everything():  # the workbook and database of everything: made again only when a package changed
        made = deferred.make(packages, out, site_url, site.version, data_page)
        return [d.path for d in made], [asdict(d) for d in made]

    key = incremental.key(writer.shared_key, [writer.package_key(p) for p in packages])
    made = outputs.reuse("downloads:alle", key)
    if made is None and defer:  # `mkdocs serve`: made by another process, the pages served first
        adopted = deferred.adopt(out, key)
        if adopted is not None:
            outputs.made("downloads:alle", key, *adopted)
            made = adopted
        else:
            made = outputs.reuse("downloads:alle", None)  # the last build's files, until the new ones are made
            if made is not None:
                deferred.start(out, key, site_url, site.version, packages)
                writer.remaking = [d["path"] for d in made[1]]
    _, made = made if made is not None else outputs.unit("downloads:alle", key, everything)
    downloads += [Download(**d) for d in made]
    downloads += opendata.write_combined(packages, out, site.version, site_url)
    downloads += opendata.write_citations(out, urls.COMBINED_CITATION, f"aktivering-alle-{site.version}",
                                          f"{opendata.SITE_NAME}: alle kommuner", site.version, data_page)
    return downloads


class Written(list):
    """The generated files, sorted, and `changed`: those whose bytes this run wrote (every other
    file is as an earlier run wrote it). figurehtml.finish, on a `serve --dirty` rebuild, makes
    only the figure pages whose part is among them."""

    changed: frozenset[str] = frozenset()


def remove_left_behind(out: Path, keep: set[str]) -> None:
    """Remove every file in `out` that is not in `keep` (what a deleted package left behind), and
    the folders left empty; never another process' work (deferred.py), which MkDocs is not handed.
    By os.walk, children first: pathlib's rglob and a stat per path took 0.1 s of every rebuild."""
    root = str(out)
    for folder, _dirs, files in os.walk(root, topdown=False):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        if relative == deferred.FOLDER or relative.startswith(deferred.FOLDER + "/"):
            continue
        prefix = "" if relative == "." else relative + "/"
        for name in files:
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
        if prefix and not os.listdir(folder):
            os.rmdir(folder)


def write_site(packages: list, out: Path, site_url: str, types: Iterable[PageType] | None = None,
               defer: bool = False) -> Written:
    """Generate every page and download of these (valid) packages into `out`; the files, sorted.
    `types`: the page types to write (default: the registry, urls.PAGE_TYPES); defer: see
    write_downloads_of."""
    site = build_site_model(packages)
    out.mkdir(parents=True, exist_ok=True)
    # What every page shares: the rules, vocabularies and kommuner, the generator's code, the URL and
    # the data version. A package's pages and downloads are made again only when this or it changes.
    outputs = incremental.Outputs(out)
    shared = incremental.key(rules_digest(), incremental.code_digest(), site_url, site.version,
                             opendata.project_citation())
    writer = PageWriter(site, out, site_url, outputs, shared, page_types() if types is None else types)
    downloads = write_downloads_of(writer, packages, defer)
    write_if_changed(out / urls.CITATION, opendata.published_citation_file(site_url, site.version).encode("utf-8"))
    written = [d.path for d in downloads] + [urls.CITATION]
    written += writer.write_all(downloads)
    written += write_feeds(writer)
    keep = set(written) | {incremental.RECORD}
    remove_left_behind(out, keep)
    outputs.save()
    root = str(out)
    gone = sorted(p for p in keep - {incremental.RECORD} if not os.path.isfile(os.path.join(root, p)))
    if gone:  # removed while the build ran: MkDocs must not be handed a page that is not there
        raise FileNotFoundError(2, "deleted while the build ran", str(out / gone[0]))
    written = Written(sorted(keep - {incremental.RECORD}))
    written.changed = frozenset(writer.changed)
    return written
