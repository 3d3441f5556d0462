"""catalog.ttl as a `mkdocs serve` process makes it again when only byte sizes changed (issue 17)."""

from __future__ import annotations

import pytest

from aktivering import opendata
from aktivering.model import build_site_model
from aktivering.pages import feeds


@pytest.fixture
def catalogue(real_validation, monkeypatch):
    """triples(byte_size) and direct(byte_size) for the real site, counting rdflib's serialisations,
    with nothing kept."""
    _, packages = real_validation
    site = build_site_model(packages)
    pages = {p.name: f"kommuner/{p.name}/" for p in site.packages}
    monkeypatch.setattr(feeds, "_CATALOGUE", {})
    serialised = []
    turtle = opendata.turtle
    monkeypatch.setattr(opendata, "turtle", lambda triples: serialised.append(1) or turtle(triples))
    version = [site.version]

    def triples(byte_size):
        return opendata.dcat_triples(site, "https://example.org/site/", version[0], pages, byte_size=byte_size)

    def direct(sizes):
        return turtle(triples(dict(sizes).get))

    listed = [path for _, path, _ in opendata.combined_distributions()]
    listed += [path for p in site.packages for _, path, _ in opendata.package_distributions(p.name, p)]
    return triples, direct, serialised, listed, version


def test_a_catalogue_with_only_new_sizes_is_not_serialised_again_and_equals_one_made_directly(catalogue):
    """Bug guarded (issue 17, eighth session): the rebuild the deferred child's files start changes
    only byte sizes, and serialised the whole catalogue with rdflib again (0.7 s at 98 kommuner).
    Now it is kept with its triples and placeholders, and the sizes are put in; the text must equal
    rdflib's with those sizes byte for byte, and a file gaining or losing its size, or any other
    triple changed, serialises it again."""
    triples, direct, serialised, listed, version = catalogue
    sizes = [(path, None if i % 7 == 3 else 1000 + 37 * i) for i, path in enumerate(listed)]
    text = feeds.catalogue_text(triples, sizes)
    assert serialised == [1] and text == direct(sizes)
    assert "dcat:byteSize 1037.0" in text and feeds._TOKEN not in text
    serialised.clear()
    resized = [(path, None if size is None else size * 3 + 1) for path, size in sizes]
    assert feeds.catalogue_text(triples, resized) == direct(resized) and serialised == []
    fewer = [(path, None if i == 0 else size) for i, (path, size) in enumerate(resized)]
    assert feeds.catalogue_text(triples, fewer) == direct(fewer) and serialised == [1]
    version[0] = "2031-01-01"
    assert feeds.catalogue_text(triples, fewer) == direct(fewer) and serialised == [1, 1]
    assert "2031-01-01" in feeds.catalogue_text(triples, fewer) and serialised == [1, 1]


def test_a_catalogue_whose_placeholders_do_not_come_out_once_each_is_serialised_with_the_sizes(catalogue):
    """Bug guarded (issue 17, eighth session): a placeholder's digits found elsewhere in the text (a
    title, an address) must not be taken for a size: then the catalogue is serialised with the sizes."""
    triples, direct, serialised, listed, version = catalogue
    sizes = [(path, 500 + i) for i, path in enumerate(listed)]
    echo = f"{feeds._TOKEN}{0:010d}.0"

    def echoed(byte_size):
        made = triples(byte_size)
        made.add((made[0][0], made[0][1], opendata.Literal(echo)))
        return made

    text = feeds.catalogue_text(echoed, sizes)
    assert text == opendata.turtle(echoed(dict(sizes).get)) and echo in text
    assert feeds._CATALOGUE == {}
