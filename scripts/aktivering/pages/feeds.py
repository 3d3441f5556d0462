"""catalog.ttl (DCAT-AP-DK, written by rdflib) and feed.xml (Atom, written by ElementTree), both
dated from the data. XML and RDF are serialised by their libraries, not by a template: they escape
what they write by the format's own rules."""

from __future__ import annotations

from .. import opendata, urls, versions
from ..load import records
from ..writes import write_if_changed
from . import promises as promised
from .writer import PageWriter


def write_feeds(w: PageWriter) -> list[str]:
    site = w.site
    pages = {p.name: w.package_page(p.name) for p in site.packages}
    catalogue = opendata.dcat_catalogue(site, w.site_url, site.version,
                                        {name: urls.url(urls.FRONT, page).removeprefix("./")
                                         for name, page in pages.items()}, out=w.out)
    entries, arrived = [], promised.arrived(site)
    for d in records(site.documents):
        entries.append({"title": promised.feed_title(f"Nyt brev: {d['sender_name']}, {d['date_da']}",
                                                     d["document_id"], arrived),
                        "url": w.urls.page(d["page"]), "id": w.urls.page(d["page"]),
                        "updated": site.added[d["document_id"]],
                        "summary": f"{d['title']} ({d['kind']} fra {d['sender']})"})
    for package in site.packages:
        updated = site.updated[package.name]
        entries.append({"title": f"Data opdateret: {package.descriptor.get('title', package.name)}",
                        "url": w.urls.page(pages[package.name]),
                        "id": w.urls.page(pages[package.name], urls.updated_anchor(updated)),
                        "updated": updated,
                        "summary": f"{len(package.figures)} tal, {len(package.initiatives)} initiativer, "
                                   f"{len(package.documents)} breve."})
    entries += versions.feed_entries(w.releases, w.site_url)
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    files = {urls.CATALOGUE: catalogue, urls.FEED: opendata.atom_feed(entries, w.site_url, site.version)}
    for name, text in files.items():
        write_if_changed(w.out / name, text.encode("utf-8"))
    return list(files)
