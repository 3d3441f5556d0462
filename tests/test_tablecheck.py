"""The validator's fast path (aktivering.tablecheck) may only call a package clean when
frictionless.validate() would report nothing; otherwise the contributor would miss an error."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import BOUNDED, CELLS, copy_of_valid, mutate_descriptor, replace_cell

from aktivering import schemas, tablecheck
from aktivering.validate import frictionless_problems, read_descriptor, structural_problems

from conftest import FIXTURES


def _past_safety_checks(folder) -> bool:
    descriptor, _ = read_descriptor(folder / "datapackage.json")
    return descriptor is not None and not structural_problems(folder / "datapackage.json", descriptor)


def verdicts(folder):
    """(fast path clean?, frictionless clean?) or None when the safety checks stop it first."""
    path = folder / "datapackage.json"
    if not _past_safety_checks(folder):
        return None
    descriptor, _ = read_descriptor(path)
    return tablecheck.is_clean(path, descriptor), not frictionless_problems(path)


@pytest.mark.parametrize("path", schemas.all_descriptors(), ids=lambda p: p.parent.name)
def test_every_real_package_takes_the_fast_path(path):
    descriptor, _ = read_descriptor(path)
    assert tablecheck.is_clean(path, descriptor)


# Fixtures the safety checks refuse (unsafe paths, unreadable files) reach neither frictionless nor
# the fast path; test_validate asserts their problems.
@pytest.mark.parametrize("folder", sorted(p for p in FIXTURES.iterdir() if p.is_dir() and _past_safety_checks(p)),
                         ids=lambda p: p.name)
def test_fast_path_and_frictionless_agree_on_every_fixture(folder):
    fast, slow = verdicts(folder)
    descriptor, _ = read_descriptor(folder / "datapackage.json")
    names = schemas.resources_for(folder / "datapackage.json") + schemas.optional_for(folder / "datapackage.json",
                                                                                    descriptor)
    if schemas.drift(descriptor, names) or [r.get("name") for r in descriptor["resources"]] != list(names):
        assert not fast  # not exactly as `aktivering sync` writes it (or an extra resource): frictionless decides
    else:
        assert fast == slow


@BOUNDED
@given(data=st.data(), cell=CELLS, change=st.sampled_from(["cell", "descriptor"]))
def test_fast_path_never_passes_what_frictionless_fails(data, cell, change):
    """One cell of a table or one value in the descriptor (package metadata is checked by a
    cheaper frictionless call) changed: if frictionless fails it, so must the fast path."""
    with tempfile.TemporaryDirectory() as parent:
        folder = copy_of_valid(parent)
        if change == "cell":
            replace_cell(data, folder, cell)
        else:
            mutate_descriptor(data, folder)
        result = verdicts(folder)
        if result is not None:
            fast, slow = result
            assert slow or not fast
