"""Where things live in the repository. Everything else asks here."""

from __future__ import annotations

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
# AKTIVERING_BUILD_DIR moves the generator's output and its chart cache out of the checkout
# (benchmarks and tests build in temp folders without touching a developer's own build).
_BUILD_DIR = os.environ.get("AKTIVERING_BUILD_DIR")
GENERATED = Path(_BUILD_DIR, "generated").resolve() if _BUILD_DIR else ROOT / "build" / "generated"
CHART_CACHE = Path(_BUILD_DIR, "chart-cache").resolve() if _BUILD_DIR else ROOT / ".cache" / "charts"
VALIDATION_CACHE = Path(_BUILD_DIR, "validation-cache").resolve() if _BUILD_DIR else ROOT / ".cache" / "validation"
TEMPLATE_CACHE = Path(_BUILD_DIR, "template-cache").resolve() if _BUILD_DIR else ROOT / ".cache" / "templates"

# The three tables every kommune/national package publishes, in this order.
PACKAGE_RESOURCES = ("documents", "figures", "initiatives")
# Every resource a package descriptor lists: the published tables, then the numbers in the letters
# that are not figures (dates, addresses, …), which make "every number is accounted for" checkable.
# Kept apart so that code iterating the published tables (pages, downloads) need not know it.
DESCRIPTOR_RESOURCES = (*PACKAGE_RESOURCES, "non_figures")
