"""catalog.ttl as a `mkdocs serve` process makes it again when only byte sizes changed (issue 17)."""

from __future__ import annotations

import pytest

from aktivering import opendata
from aktivering.model import build_site_model
from aktivering.pages import feeds


@pytest.fixture
def catalogue(real_validation, monkeypatch):
    """make(byte_size) for the real site, counting rdflib runs, with nothing kept."""
    _, packages = real_validation
    site = build_site_model(packages)
    pages = {p.name: f"kommuner/{p.name}/" for p in site.packages}
    monkeypatch.setattr(feeds, "_CATALOGUE", {})
    runs = []

    def make(byte_size):
        runs.append(byte_size)
        return opendata.dcat_catalogue(site, "https://example.org/site/", site.version, pages, byte_size=byte_size)

    listed = [path for _, path, _ in opendata.combined_distributions()]
    listed += [path for p in site.packages for _, path, _ in opendata.package_distributions(p.name, p)]
    return make, runs, listed


def test_a_catalogue_with_only_new_sizes_is_not_made_by_rdflib_again_and_equals_one_made_directly(catalogue):
    """Bug guarded (issue 17, eighth session): the rebuild the deferred child's files start changes
    only byte sizes, and made the whole catalogue with rdflib again (0.7 s at 98 kommuners). Now it
    is kept with placeholders and the sizes are put in; the text must equal rdflib's with those
    sizes byte for byte, and a file gaining or losing its size, or another key, makes it again."""
    make, runs, listed = catalogue
    sizes = [(path, None if i % 7 == 3 else 1000 + 37 * i) for i, path in enumerate(listed)]
    text = feeds.catalogue_text(make, sizes, "k1")
    assert len(runs) == 1 and text == make(dict(sizes).get)
    assert "1037.0" in text and feeds._TOKEN not in text
    runs.clear()
    resized = [(path, None if size is None else size * 3 + 1) for path, size in sizes]
    assert feeds.catalogue_text(make, resized, "k1") == make(dict(resized).get)
    assert len(runs) == 1  # only the direct one above: the kept catalogue took the new sizes
    runs.clear()
    fewer = [(path, None if i == 0 else size) for i, (path, size) in enumerate(resized)]
    assert feeds.catalogue_text(make, fewer, "k1") == make(dict(fewer).get) and len(runs) == 2
    runs.clear()
    feeds.catalogue_text(make, fewer, "k2")
    assert len(runs) == 1


def test_a_catalogue_whose_placeholders_do_not_come_out_once_each_is_made_directly(catalogue, monkeypatch):
    """Bug guarded (issue 17, eighth session): a placeholder's digits found elsewhere in the text (a
    title, an address) must not be taken for a size: then the catalogue is made with the sizes."""
    make, runs, listed = catalogue
    sizes = [(path, 500 + i) for i, path in enumerate(listed)]
    echoed = lambda byte_size: make(byte_size) + f"# {feeds._TOKEN}{0:010d}.0\n"  # noqa: E731
    text = feeds.catalogue_text(echoed, sizes, "k1")
    assert text == make(dict(sizes).get) + f"# {feeds._TOKEN}{0:010d}.0\n"
    assert feeds._CATALOGUE == {}
