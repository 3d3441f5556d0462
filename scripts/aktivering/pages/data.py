"""The Data page: every download, per package and of everything, with the citation of it all."""

from __future__ import annotations

import bisect
from dataclasses import asdict

from .. import incremental, opendata, urls
from .promises import every_package_key
from .writer import PageType, PageWriter, Unit

TEMPLATE = "data.md.j2"


def package_files(downloads: list, name: str, paths: list[tuple[str, int]]) -> list:
    """The downloads of one package, in their order. `paths`: (path, position) of every download,
    sorted: a package's paths share a prefix, so they are found by bisection, not by testing every
    download for every package (a tenth of a second of every build at 98 kommuner)."""
    prefix = urls.package_folder(name)
    start = bisect.bisect_left(paths, (prefix, -1))
    found = []
    for path, position in paths[start:]:
        if not path.startswith(prefix):
            break
        if urls.is_package_download(path, name):
            found.append(position)
    return [downloads[i] for i in sorted(found)]


def write(w: PageWriter) -> None:
    per_package = []
    paths = sorted((d.path, i) for i, d in enumerate(w.downloads))
    for package in w.site.packages:
        files = package_files(w.downloads, package.name, paths)
        per_package.append((package, w.package_page(package.name), files))
    combined = [d for d in w.downloads if urls.is_combined_download(d.path)]
    counts = {name: sum(len(getattr(p, name)) for p in w.site.packages)
              for name in ("documents", "figures", "initiatives")}
    here = w.urls.page(urls.DATA)
    w.write(urls.DATA, TEMPLATE, per_package=per_package, combined=combined, counts=counts, remaking=w.remaking,
            citation=opendata.citation(w.site_url, "Alle kommuner", w.site.version, here),
            jsonld=opendata.combined_jsonld(w.site.packages, w.site_url, here, w.site.version))


def units(w: PageWriter) -> list[Unit]:
    # Made again when a package (or what every page shares), a download's size, title, rows or date,
    # or what is being made again (`mkdocs serve`, deferred.py) changed: it was made on every build.
    key = incremental.key(every_package_key(w), [asdict(d) for d in w.downloads], w.remaking)
    return [Unit("page:data", key, lambda: write(w))]


PAGE = PageType("data", TEMPLATE, units)
