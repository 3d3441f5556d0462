"""Links between generated pages: the fast relative path agrees with posixpath.relpath."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from aktivering.pages import _relpath, url

# Page and asset paths as the generator makes them: relative to the site root, no "." or "..".
PATHS = st.lists(st.sampled_from(["a", "b", "kommuner", "breve", "x.csv"]), max_size=4).map("/".join)


@given(PATHS, PATHS)
def test_relpath_agrees_with_the_standard_library(path, start):
    assert _relpath(path, start) == posixpath.relpath(path or ".", start or ".")


def test_urls_between_directory_pages():
    letter = url("kommuner/helsingoer.md", "breve/217-2017-09-13.md", "217-f001")
    assert letter == "../../breve/217-2017-09-13/#217-f001"
    assert url("index.md", "kommuner/index.md") == "kommuner/"
    assert url("kommuner/index.md", "index.md") == "../"
    assert url("data.md", "data.md") == "./"
