"""The benchmark's synthetic corpus stays valid: when a new rule refused it (issue 10's participant
rule, issue 11's bases), scripts/benchmark.py could measure nothing and no test noticed."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from site_support import ROOT


def _benchmark():
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    return benchmark


def test_first_view_counts_the_page_and_what_it_references_on_the_site(tmp_path):
    """Issue 13's bar (a kommune page's first view at most 150 KB) is measured by the benchmark:
    the HTML plus every same-site stylesheet, script and image, each once; not links to other
    pages, not other hosts, not files outside the site."""
    import gzip

    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "kommuner" / "x").mkdir(parents=True)
    css, js = b"body{color:red}" * 500, b"console.log(1);" * 700
    (site / "assets" / "a.css").write_bytes(css)
    (site / "assets" / "b.js").write_bytes(js)
    (site / "kommuner" / "index.html").write_bytes(b"<p>another page</p>" * 900)
    (tmp_path / "outside.css").write_bytes(b"x" * 9000)
    html = (b'<link href="../../assets/a.css"><script src="../../assets/b.js"></script>'
            b'<script src="../../assets/b.js"></script><a href="../index.html">k</a>'
            b'<link href="https://cdn.example/x.css"><link href="../../../outside.css">')
    page = site / "kommuner" / "x" / "index.html"
    page.write_bytes(html)

    def size(data):
        return len(gzip.compress(data, compresslevel=6, mtime=0))

    assert _benchmark().first_view(site, page) == size(html) + size(css) + size(js)


def test_the_synthetic_corpus_validates(tmp_path):
    benchmark = _benchmark()
    counts = benchmark.write_corpus(tmp_path / "data", scale=1, kommuner=3)
    assert counts["figures"] > 0 and counts["initiatives"] > 0
    done = subprocess.run([sys.executable, "-m", "aktivering.cli", "--lang", "en", "validate"], cwd=ROOT,
                          env={**os.environ, "AKTIVERING_DATA": str(tmp_path / "data")},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
