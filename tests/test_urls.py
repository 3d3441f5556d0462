"""Links between generated pages, and the URL registry (urls.py) every page, download and feed asks."""

from __future__ import annotations

import os
import posixpath

from hypothesis import given
from hypothesis import strategies as st

from aktivering import urls
from aktivering.urls import asset_url, relpath, url

# Page and asset paths as the generator makes them: relative to the site root, no "." or "..".
PATHS = st.lists(st.sampled_from(["a", "b", "kommuner", "breve", "x.csv"]), max_size=4).map("/".join)


def _old_relpath(path: str, start: str) -> str:
    """The hand-written relative path pages.py used before urls.relpath (issue 12, item 6)."""
    to, base = [p for p in path.split("/") if p], [p for p in start.split("/") if p]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


@given(PATHS, PATHS)
def test_relpath_is_the_standard_librarys_and_what_the_hand_written_one_gave(path, start):
    assert relpath(path, start) == posixpath.relpath(path or ".", start or ".") == _old_relpath(path, start)


def test_relpath_never_asks_for_the_working_directory(monkeypatch):
    """Regression: posixpath.relpath of relative paths calls os.getcwd() twice per link, which took
    30 s of a build on a slow file system; urls.relpath anchors both paths at '/' instead."""
    def refuse():
        raise AssertionError("os.getcwd() called")

    monkeypatch.setattr(os, "getcwd", refuse)
    assert relpath("kommuner/helsingoer", "breve") == "../kommuner/helsingoer"
    assert asset_url("kommuner/helsingoer.md", "downloads/x.zip") == "../../downloads/x.zip"


def test_urls_between_directory_pages():
    letter = url("kommuner/helsingoer.md", "breve/217-2017-09-13.md", "217-f001")
    assert letter == "../../breve/217-2017-09-13/#217-f001"
    assert url("index.md", "kommuner/index.md") == "kommuner/"
    assert url("kommuner/index.md", "index.md") == "../"
    assert url("data.md", "data.md") == "./"


def test_registry_paths_and_absolute_urls():
    assert urls.kommune_page("217", "Helsingør") == "kommuner/helsingoer.md"
    assert urls.kommune_page(None, None) == urls.NATIONAL == "national.md"
    assert urls.letter_page("217-2017-09-13") == "breve/217-2017-09-13.md"
    assert urls.package_zip("217-helsingoer") == "downloads/217-helsingoer.zip"
    assert urls.package_file("217-helsingoer", "figures.csv") == "downloads/217-helsingoer/figures.csv"
    assert urls.database(".db") == "downloads/alle/aktivering.db"
    assert urls.is_package_download(urls.package_workbook("217-helsingoer"), "217-helsingoer")
    assert not urls.is_combined_download(urls.package_zip("217-helsingoer"))
    site = urls.Urls("https://example.org/aktivering")
    assert site.page("kommuner/helsingoer.md", "diagram-217-f001") == \
        "https://example.org/aktivering/kommuner/helsingoer/#diagram-217-f001"
    assert site.page(urls.FRONT) == "https://example.org/aktivering/"
    assert site.file(urls.FEED) == "https://example.org/aktivering/feed.xml"
    assert site.anchor(urls.dataset_anchor("alle")) == "https://example.org/aktivering/#dataset-alle"


def test_every_letter_page_in_the_model_is_the_registrys():
    """model.py names each letter's page itself (it is rewritten in parallel, issue 12): the two
    must agree, or links from the figures would point where no page is written."""
    from aktivering.load import read_package
    from aktivering.model import build_site_model
    from aktivering.paths import PACKAGES

    packages = [read_package(p) for p in sorted(PACKAGES.iterdir()) if (p / "datapackage.json").is_file()]
    site = build_site_model(packages)
    assert list(site.documents["page"]) == [urls.letter_page(d) for d in site.documents["document_id"]]
    assert list(site.kommuner["page"]) == [urls.kommune_page(c, n)
                                           for c, n in zip(site.kommuner["kommune_code"], site.kommuner["name"])]
