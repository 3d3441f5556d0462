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

# The three resources every kommune/national package has, in this order.
PACKAGE_RESOURCES = ("documents", "figures", "initiatives")
