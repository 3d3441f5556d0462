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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once per test session with `mkdocs build --strict`."""
    from site_support import mkdocs_build

    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    from site_support import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from site_support import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM:
        pytest.fail("Chromium is not installed: run `make browser-tools` (Debian package chromium)")
    import os

    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[variable] = str(home)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
