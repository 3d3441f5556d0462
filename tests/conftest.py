"""Shared paths and helpers for the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "packages"

# Property tests (issue 10, deliverable 9). A red `make test` must mean a real failure, never an
# unlucky draw: the suite's profile draws the same examples on every run and machine
# (derandomize), keeps no example database (nothing in .hypothesis/ is replayed or needed) and has
# no deadline (two shared cores make timings noise). `make fuzz` runs the same properties deep and
# random; a failure it finds is printed with its example, to be pinned with @example.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("ci", derandomize=True, database=None, max_examples=30, print_blob=True, **_COMMON)
settings.register_profile("fuzz", derandomize=False, database=None, print_blob=True,
                          max_examples=int(os.environ.get("EXAMPLES", 1000)), **_COMMON)
# CI sets CI; the default for a developer's `pytest` is the same deterministic profile.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")
# What Hypothesis still keeps on disk (constants it collects from the code) goes with the project's
# other caches, outside the checkout: nothing in .hypothesis/ is read or needed.
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    from hypothesis.configuration import set_hypothesis_home_dir

    from aktivering.paths import CACHE_DIR

    set_hypothesis_home_dir(CACHE_DIR / "hypothesis")


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

    require_mark("browser")
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


# --- what a test needs beyond Python (issue 12, item 7) ------------------------------------------
# `make check` runs every test that needs neither a browser, nor Java, nor a MkDocs build; the
# markers are registered in pyproject.toml. A test is marked here from what its code uses — itself,
# the fixtures it asks for, and the helpers of its module it calls — so a new test is never
# forgotten: `mkdocs_build` and the `browser` fixture also refuse to run in a test not marked.
import inspect  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402

TESTS = Path(__file__).resolve().parent

NEEDS = {
    "browser": re.compile(r"\bbrowser\b|sync_playwright|axe-core|CHROMIUM\b"),
    "java": re.compile(r"\"java\"|vnu\.jar"),
    "build": re.compile(r"\bmkdocs_build\(|/ \"mkdocs\"|\"mkdocs\", \"build\""),
}
_NEEDS_CACHE: dict[object, frozenset[str]] = {}


def _needs(function, module, seen: set) -> set[str]:
    """The markers a function's source (and that of the module's functions it calls) calls for."""
    if function in seen:
        return set()
    seen.add(function)
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return set()
    found = {name for name, pattern in NEEDS.items() if pattern.search(source)}
    for name in set(re.findall(r"\b([A-Za-z_]\w*)\(", source)):
        helper = getattr(module, name, None)
        home = sys.modules.get(getattr(helper, "__module__", None) or "")
        # the test module's own helpers and those it imports from tests/ (site_support's builders)
        if inspect.isfunction(helper) and Path(getattr(home, "__file__", None) or "/").parent == TESTS:
            found |= _needs(helper, home, seen)
    return found


def pytest_collection_modifyitems(config, items):
    for item in items:
        found: set[str] = set()
        seen: set = set()
        if isinstance(item, pytest.Function):
            found |= _needs(item.function, item.module, seen)
            for name, definitions in item._fixtureinfo.name2fixturedefs.items():
                if name == "browser":
                    found.add("browser")
                for definition in definitions:
                    module = inspect.getmodule(definition.func)
                    if module is not None:
                        found |= _needs(definition.func, module, seen)
        for name in sorted(found - {mark.name for mark in item.iter_markers()}):
            item.add_marker(getattr(pytest.mark, name))


MARKS: set[str] = set()


def pytest_runtest_setup(item):
    MARKS.clear()
    MARKS.update(mark.name for mark in item.iter_markers())


def require_mark(name: str) -> None:
    """Fail a test that builds or opens a browser without being marked so (`make check` would run it)."""
    if name not in MARKS:
        pytest.fail(f"this test needs the `{name}` marker (tests/conftest.py marks by what the code uses)")
