"""Shared paths and helpers for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "packages"


@pytest.fixture(scope="session")
def real_validation():
    from aktivering.validate import validate

    return validate()
