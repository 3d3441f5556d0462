"""Where things live in the repository. Everything else asks here."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# AKTIVERING_DATA points the whole pipeline at another data folder (tests build broken copies).
DATA = Path(os.environ.get("AKTIVERING_DATA", ROOT / "data")).resolve()
SCHEMAS = DATA / "schemas"
VOCABULARIES = DATA / "vocabularies"
REFERENCE = DATA / "reference"
PACKAGES = DATA / "packages"
DOCS = ROOT / "docs"
# Nothing the build keeps between runs lives in the checkout, where a pull request could put a
# file (see cache.py): caches go to AKTIVERING_CACHE_DIR, default ${XDG_CACHE_HOME:-~/.cache}/aktivering,
# and the generated pages beside them, one folder per checkout. AKTIVERING_BUILD_DIR puts output and
# caches together in one folder (benchmarks and tests build in temp folders).
_BUILD_DIR = os.environ.get("AKTIVERING_BUILD_DIR")


def _cache_dir() -> Path:
    if os.environ.get("AKTIVERING_CACHE_DIR"):
        return Path(os.environ["AKTIVERING_CACHE_DIR"]).resolve()
    if _BUILD_DIR:
        return Path(_BUILD_DIR, "cache").resolve()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "aktivering").resolve()


CACHE_DIR = _cache_dir()
_CHECKOUT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:16]
GENERATED = Path(_BUILD_DIR, "generated").resolve() if _BUILD_DIR else CACHE_DIR / "generated" / _CHECKOUT

# The three tables every kommune/national package publishes, in this order.
PACKAGE_RESOURCES = ("documents", "figures", "initiatives")
# Every resource a package descriptor lists: the published tables, then the numbers in the letters
# that are not figures (dates, addresses, …), which make "every number is accounted for" checkable.
# Kept apart so that code iterating the published tables (pages, downloads) need not know it.
DESCRIPTOR_RESOURCES = (*PACKAGE_RESOURCES, "non_figures")
# Resources a package may list after those (issue 14): its promises and the letters its letters
# mention. A package without them has none recorded; `aktivering new` writes both.
OPTIONAL_RESOURCES = ("commitments", "referred_letters")
# What the combined downloads (CSV, JSON, xlsx, SQLite) and the catalogue publish.
PUBLISHED_RESOURCES = (*DESCRIPTOR_RESOURCES, *OPTIONAL_RESOURCES)
