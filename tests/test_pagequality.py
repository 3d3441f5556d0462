"""scripts/pagequality.py: which pages it audits and how it serves them (the audits themselves are not tests)."""

from __future__ import annotations

import gzip
import importlib.util
import urllib.request
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pagequality.py"
spec = importlib.util.spec_from_file_location("pagequality", SCRIPT)
pagequality = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pagequality)


def _page(site: Path, *parts: str) -> None:
    folder = site.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(f"<p>{'/'.join(parts)}</p>", encoding="utf-8")


def test_one_page_per_type_and_a_new_type_is_found_without_editing_the_script(tmp_path):
    """The audited page of a type is its largest: the first in sorted order was Guldborgsund, the
    smallest kommune page, so the table said nothing of the heaviest (Helsingør)."""
    for parts in [(), ("kommuner",), ("kommuner", "guldborgsund"), ("kommuner", "helsingoer"),
                  ("kommuner", "syddjurs"), ("breve", "217-x"), ("tal", "217-f001"), ("tal", "217-f002"),
                  ("loefter", "status", "opfyldt"), ("assets", "x"), ("search",), ("downloads", "alle")]:
        _page(tmp_path, *parts)
    (tmp_path / "kommuner" / "helsingoer" / "index.html").write_text("<p>" + "tal " * 100 + "</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>404</p>", encoding="utf-8")
    assert pagequality.page_types(tmp_path) == {
        "/": "/", "/breve/x/": "/breve/217-x/", "/kommuner/": "/kommuner/",
        "/kommuner/x/": "/kommuner/helsingoer/", "/loefter/x/x/": "/loefter/status/opfyldt/",
        "/tal/x/": "/tal/217-f001/", "404": "/404.html",
    }


def test_served_like_github_pages_gzip_with_the_same_bytes(tmp_path):
    body = "<!doctype html><title>ø</title>" + "tekst " * 500
    (tmp_path / "index.html").write_text(body, encoding="utf-8")
    (tmp_path / "kort.png").write_bytes(b"\x89PNG not text")
    with pagequality.serve(tmp_path) as base:
        request = urllib.request.Request(base + "/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert response.headers["Cache-Control"] == "max-age=600"
            assert gzip.decompress(response.read()).decode("utf-8") == body
        with urllib.request.urlopen(base + "/kort.png") as response:
            assert response.headers["Content-Encoding"] is None
            assert response.read() == b"\x89PNG not text"
