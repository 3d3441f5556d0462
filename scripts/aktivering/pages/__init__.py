"""The generated pages, one module per page type, and the site-wide orchestration (site.py).

A page type is a module here that defines `PAGE = PageType(name, template, units)` (writer.py):
the template it renders (in ../templates/) and the units it writes, each with the key it is made
from. PAGE_TYPES below lists them in the order they are written; ARCHITECTURE.md, "Add a page
type", says how to add one.
"""

from __future__ import annotations

from importlib import import_module

from .environment import template_cache
from .writer import PageType, PageWriter, Unit

# The registry: one entry per page type, a module of this package, in the order they are written
# (the Data page first: it is the one that lists the downloads).
PAGE_TYPES = ("data", "kommune", "letter", "comparison", "initiatives", "front", "kommune_list", "letter_list",
              "method", "glossary")


def page_types() -> list[PageType]:
    return [import_module(f"{__name__}.{name}").PAGE for name in PAGE_TYPES]


__all__ = ["PAGE_TYPES", "PageType", "PageWriter", "Unit", "page_types", "template_cache"]
