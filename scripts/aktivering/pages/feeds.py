"""catalog.ttl (DCAT-AP-DK, written by rdflib) and feed.xml (Atom, written by ElementTree), both
dated from the data. XML and RDF are serialised by their libraries, not by a template: they escape
what they write by the format's own rules.

Both are one incremental unit (issue 17): rdflib took seconds of every build, also when nothing
changed. Its key is everything they read: the shared inputs (code, rules and kommuner, site URL,
data version), every package's key (its files, dates and letters' dates), the releases, and the
byte size of every file the catalogue lists."""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import cache, escape, incremental, opendata, urls, versions
from ..load import records
from ..writes import write_if_changed
from . import promises as promised
from .writer import PageWriter


def listed_sizes(w: PageWriter) -> list[tuple[str, int | None]]:
    """(path, byte size or None) of every file the catalogue lists (DCAT's byteSize)."""
    listed = [path for _, path, _ in opendata.combined_distributions()]
    listed += [path for p in w.site.packages
               for _, path, _ in opendata.package_distributions(escape.path_segment(p.name), p)]
    sizes = []
    for path in listed:
        try:
            sizes.append((path, (w.out / path).stat().st_size))
        except OSError:
            sizes.append((path, None))
    return sizes


def feeds_key(w: PageWriter, sizes: list[tuple[str, int | None]]) -> str:
    """sizes: listed_sizes(w), which the catalogue is written with."""
    return incremental.key(w.shared_key, [w.package_key(p) for p in w.site.packages],
                           [view["version"] for view in w.releases], sizes)


def write_feeds(w: PageWriter) -> list[str]:
    """catalog.ttl and feed.xml, made again only when what they show changed. While the downloads
    of everything are being made again (`mkdocs serve`, deferred.py) the last ones are kept: they
    would be made again when those are ready (the sizes they list change), and the Data page says so."""
    sizes = listed_sizes(w)
    key = feeds_key(w, sizes)
    if w.remaking and w.outputs.reuse("feeds", key) is None:
        kept = w.outputs.reuse("feeds", None)
        if kept is not None:
            return kept[0]
    files, _ = w.outputs.unit("feeds", key, lambda: (_write_feeds(w, sizes), None))
    return files


# The last catalogue this process made, with a placeholder where each byte size goes (`mkdocs
# serve`): the rebuild the deferred child's files start changes only sizes, and rdflib took 0.7 s
# of it at 98 kommuner. Kept with its triples: the same triples (sizes as placeholders) are the
# same text, whatever edit changed the packages' keys.
_CATALOGUE: dict[str, tuple[list[str], str]] = cache.process_memo({})
_TOKEN = "918273645"  # a placeholder is this and ten digits (the file's place in the list)
_PLACEHOLDER = re.compile(_TOKEN + r"([0-9]{10})\.0\b")


def catalogue_text(triples: Callable[[Callable[[str], int | None]], opendata.Triples],
                   sizes: list[tuple[str, int | None]]) -> str:
    """triples(byte_size): the catalogue's triples with those sizes. Serialised (rdflib) with
    placeholders for the sizes and kept with its triples, then the sizes put in where rdflib writes
    them (a decimal: `12345.0`); serialised with the sizes when a placeholder does not come out
    exactly once."""
    sized = [(path, size) for path, size in sizes if size is not None]
    places = {path: int(_TOKEN + f"{i:010d}") for i, (path, _) in enumerate(sized)}
    made = triples(places.get)
    terms = [" ".join(term.n3() for term in triple) for triple in made] + [f"@{p} {n}" for p, n in made.prefixes]
    kept = _CATALOGUE.get("catalogue")
    if kept is None or kept[0] != terms:
        text = opendata.turtle(made)
        found = [int(m.group(1)) for m in _PLACEHOLDER.finditer(text)]
        if sorted(found) != list(range(len(sized))):
            _CATALOGUE.pop("catalogue", None)
            return opendata.turtle(triples(dict(sized).get))
        kept = _CATALOGUE["catalogue"] = (terms, text)
    return _PLACEHOLDER.sub(lambda m: f"{sized[int(m.group(1))][1]}.0", kept[1])


def _write_feeds(w: PageWriter, sizes: list[tuple[str, int | None]]) -> list[str]:
    site = w.site
    pages = {p.name: w.package_page(p.name) for p in site.packages}
    links = {name: urls.url(urls.FRONT, page).removeprefix("./") for name, page in pages.items()}
    catalogue = catalogue_text(lambda byte_size: opendata.dcat_triples(site, w.site_url, site.version, links,
                                                                       byte_size=byte_size), sizes)
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
