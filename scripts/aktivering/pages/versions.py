"""Ændringer (issue 15, item 7): every data version from git history, what it added, changed and
removed, and each version's package zips to fetch again (versions.py reads the history)."""

from __future__ import annotations

from .. import versions
from .writer import PageType, PageWriter, Unit


def write(w: PageWriter) -> None:
    # The page and the zips; the zips are made again only when a release's trees changed (their
    # own unit in versions.publish), the page on every build (it is cheap and reads every release).
    w.written += [f for f in versions.publish(w, w.out, w.outputs) if f != versions.PAGE]


def units(w: PageWriter) -> list[Unit]:
    return [Unit("page:aendringer", None, lambda: write(w))]


PAGE = PageType("versions", versions.TEMPLATE, units)
