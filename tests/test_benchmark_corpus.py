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


def test_rounds_are_combined_into_their_medians_and_each_round_is_kept():
    """Issue 17 asks for medians of at least three interleaved runs: `--runs N` times every step in
    each of N rounds; the table's figures are the medians, field by field, and every round's
    figures stay in the results (and in a table of their own)."""
    benchmark = _benchmark()

    def round_(seconds, cpu, note):
        return {"scale": 1, "site": {"pages": 7}, "peak_mb": seconds * 10,
                "validate": {"validate": seconds, "validate_cpu": cpu, "import": 0.5, "problems": [], "count": 0},
                "build_cold": {"seconds": seconds * 4, "cpu_seconds": cpu * 4, "stdout": "x"},
                "build_warm": {"seconds": seconds * 2, "cpu_seconds": cpu * 2},
                "floor": {"seconds": seconds * 3, "cpu_seconds": cpu * 3},
                "rebuild": {"changed": note, "changed_value": note, "unchanged": 0.1, "cpu": {"changed": note / 2}}}

    rounds = [round_(1.0, 0.9, 2.0), round_(3.0, 2.5, 6.0), round_(2.0, 1.0, 1.0)]
    combined = benchmark.combine(rounds)
    assert combined["validate"]["validate"] == 2.0 and combined["validate"]["validate_cpu"] == 1.0
    assert combined["build_cold"]["seconds"] == 8.0 and combined["build_cold"]["stdout"] == "x"
    assert combined["rebuild"]["changed"] == 2.0 and combined["rebuild"]["cpu"]["changed"] == 1.0
    assert combined["peak_mb"] == 30.0 and combined["site"] == {"pages": 7}
    assert [r["floor"]["seconds"] for r in combined["runs"]] == [3.0, 9.0, 6.0]
    table = "\n".join(benchmark.runs_table(combined))
    assert "| validation, `validate()` | 1.00 / 3.00 / 2.00 s | 2.00 s | 0.90 / 2.50 / 1.00 s | 1.00 s |" in table
    assert "| floor | 3.00 / 9.00 / 6.00 s | 6.00 s |" in table


def test_a_floor_built_once_is_the_floor_of_every_round():
    """`--floor-once` (10× rounds) builds the floor in the first round only: the rounds' table and the
    medians must take the one floor and every round of the other steps, not fail on the rounds
    without a floor or count a missing floor as a round."""
    benchmark = _benchmark()

    def round_(seconds, floor=True):
        steps = {"scale": 10, "site": {"pages": 7}, "peak_mb": seconds * 10,
                 "validate": {"validate": seconds, "validate_cpu": seconds, "import": 0.5, "problems": [],
                              "count": 0},
                 "build_cold": {"seconds": seconds * 4, "cpu_seconds": seconds * 4},
                 "build_warm": {"seconds": seconds * 2, "cpu_seconds": seconds * 2},
                 "rebuild": {"changed": seconds, "changed_value": seconds, "unchanged": 0.1,
                             "cpu": {"changed": seconds}}}
        return {**steps, "floor": {"seconds": 50.0, "cpu_seconds": 40.0}} if floor else steps

    combined = benchmark.combine([round_(1.0), round_(3.0, floor=False), round_(2.0, floor=False)])
    assert combined["floor"]["seconds"] == 50.0 and combined["build_cold"]["seconds"] == 8.0
    assert [("floor" in r) for r in combined["runs"]] == [True, False, False]
    table = "\n".join(benchmark.runs_table(combined))
    assert "| floor | 50.00 s | 50.00 s | 40.00 s | 40.00 s |" in table
    assert "| full build, cold chart cache | 4.00 / 12.00 / 8.00 s | 8.00 s |" in table
