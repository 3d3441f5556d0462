"""The site model a `mkdocs serve` process keeps between rebuilds (issue 17, eighth session)."""

from __future__ import annotations

import pandas as pd
import pytest

from aktivering import model
from aktivering.load import Package


def _edited(package: Package, figures: pd.DataFrame) -> Package:
    edited = Package(package.folder, package.descriptor, {"documents": package.documents, "figures": figures,
                                                          "initiatives": package.initiatives}, package.transcripts)
    edited.digest = "edited:" + package.digest
    return edited


@pytest.fixture
def fresh_memos(monkeypatch):
    for name in ("_JOINED", "_CONCATENATED", "_SITE"):
        monkeypatch.setattr(model, name, {})


def test_site_tables_kept_or_updated_for_one_package_equal_tables_made_afresh(real_validation, fresh_memos,
                                                                              monkeypatch):
    """Bug guarded (issue 17, eighth session): every serve rebuild concatenated every package's
    tables again (0.1 s at 98 kommuner), also with nothing changed. Now the last tables are kept
    while no package's tables changed, and one package's rows are put in place when only it changed.
    Kept or updated tables must never differ from a concatenation made afresh: same rows, order,
    columns, types and index; and what Site.once made is carried over only with the same tables."""
    _, packages = real_validation
    concatenations = []
    concat = pd.concat
    monkeypatch.setattr(model.pd, "concat",
                        lambda frames, **k: concatenations.append(len(frames)) or concat(frames, **k))
    first = model.build_site_model(packages)
    assert concatenations == [len(packages)] * 3
    first.memo["probe"] = ((first.documents, first.figures, first.initiatives, *first.packages), "kept")
    concatenations.clear()
    again = model.build_site_model(packages)
    assert concatenations == []
    assert again.figures is first.figures and again.documents is first.documents
    assert again.once("probe", lambda: "made") == "kept"

    index = next(i for i, p in enumerate(packages) if p.name == "217-helsingoer")
    figures = packages[index].figures.copy()
    figures.loc[0, "note"] = "Rettet: " + figures.loc[0, "note"]
    edited = [*packages[:index], _edited(packages[index], figures), *packages[index + 1:]]
    concatenations.clear()
    updated = model.build_site_model(edited)
    assert concatenations == [3, 3, 3]  # the rows before, the package's, the rows after
    assert updated.once("probe", lambda: "made") == "made"
    monkeypatch.setattr(model, "_CONCATENATED", {})
    fresh = model.build_site_model(edited)
    for table in ("documents", "figures", "initiatives"):
        pd.testing.assert_frame_equal(getattr(updated, table), getattr(fresh, table), check_exact=True)
        assert list(getattr(updated, table).dtypes) == list(getattr(fresh, table).dtypes)
    assert "Rettet: " in updated.figures.loc[updated.figures["package"] == "217-helsingoer", "note"].iloc[0]


def test_site_tables_are_concatenated_afresh_when_a_column_type_differs(real_validation, fresh_memos):
    """Bug guarded (issue 17, eighth session): putting one package's rows in place keeps the last
    tables' column types. When the package's edit changes a column's type (here back to the type
    every other package has), only a concatenation of every package gives a fresh build's types."""
    _, packages = real_validation
    index = next(i for i, p in enumerate(packages) if p.name == "217-helsingoer")
    figures = packages[index].figures.copy()
    figures["quote"] = figures["quote"].astype(object)
    odd = [*packages[:index], _edited(packages[index], figures), *packages[index + 1:]]
    assert str(model.build_site_model(odd).figures["quote"].dtype) == "object"
    updated = model.build_site_model(packages)
    model._CONCATENATED.clear()
    fresh = model.build_site_model(packages)
    assert updated.figures["quote"].dtype == fresh.figures["quote"].dtype != object
    pd.testing.assert_frame_equal(updated.figures, fresh.figures, check_exact=True)


def test_every_packages_correspondence_made_in_one_pass_equals_the_scan_over_every_letter(real_validation,
                                                                                          fresh_memos):
    """Bug guarded (issue 17, eighth session): a kommune page's key read its correspondence, made
    by a pass over every letter for each of the 99 packages on every serve rebuild. Made for every
    package in one pass, each thread must equal the one pass over every letter makes, and a package
    the site does not hold (another object under a name it has) still gets its own."""
    from aktivering import promises

    _, packages = real_validation
    site = model.build_site_model(packages)
    for package in site.packages:
        assert promises.thread(site, package) == promises._thread(site, package, None), package.name
    assert any(promises.thread(site, p) for p in site.packages if p.kommune_code)
    stranger = _edited(site.packages[0], site.packages[0].figures)
    assert promises.thread(site, stranger) == promises._thread(site, stranger, None)
