"""The Data page: every download, per package and of everything, with the citation of it all."""

from __future__ import annotations

from .. import opendata, urls
from .writer import PageType, PageWriter, Unit

TEMPLATE = "data.md.j2"


def write(w: PageWriter) -> None:
    per_package = []
    for package in w.site.packages:
        files = [d for d in w.downloads if urls.is_package_download(d.path, package.name)]
        per_package.append((package, w.package_page(package.name), files))
    combined = [d for d in w.downloads if urls.is_combined_download(d.path)]
    counts = {name: sum(len(getattr(p, name)) for p in w.site.packages)
              for name in ("documents", "figures", "initiatives")}
    here = w.urls.page(urls.DATA)
    w.write(urls.DATA, TEMPLATE, per_package=per_package, combined=combined, counts=counts, remaking=w.remaking,
            citation=opendata.citation(w.site_url, "Alle kommuner", w.site.version, here),
            jsonld=opendata.combined_jsonld(w.site.packages, w.site_url, here, w.site.version))


PAGE = PageType("data", TEMPLATE, lambda w: [Unit("page:data", None, lambda: write(w))])
