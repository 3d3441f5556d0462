"""Where things live in the repository. Everything else asks here."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SCHEMAS = DATA / "schemas"
VOCABULARIES = DATA / "vocabularies"
REFERENCE = DATA / "reference"
PACKAGES = DATA / "packages"
DOCS = ROOT / "docs"

# The three resources every kommune/national package has, in this order.
PACKAGE_RESOURCES = ("documents", "figures", "initiatives")
