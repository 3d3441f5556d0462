"""The benchmark's synthetic corpus stays valid: when a new rule refused it (issue 10's participant
rule, issue 11's bases), scripts/benchmark.py could measure nothing and no test noticed."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from site_support import ROOT


def test_the_synthetic_corpus_validates(tmp_path):
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    counts = benchmark.write_corpus(tmp_path / "data", scale=1, kommuner=3)
    assert counts["figures"] > 0 and counts["initiatives"] > 0
    done = subprocess.run([sys.executable, "-m", "aktivering.cli", "--lang", "en", "validate"], cwd=ROOT,
                          env={**os.environ, "AKTIVERING_DATA": str(tmp_path / "data")},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
