"""The generated pages, one module per page type, and the site-wide orchestration (site.py).

A page type is a module here that defines `PAGE = PageType(name, template, units)` (writer.py):
the template it renders (in ../templates/) and the units it writes, each with the key it is made
from. urls.PAGE_TYPES lists them, in the order they are written, beside where their pages live;
ARCHITECTURE.md, "Add a page type", says how to add one.
"""

from __future__ import annotations

from importlib import import_module

from .. import urls
from .environment import template_cache
from .writer import PageType, PageWriter, Unit


def page_types() -> list[PageType]:
    """The registered page types (urls.PAGE_TYPES), in the order their pages are written."""
    return [import_module(f"{__name__}.{name}").PAGE for name in urls.PAGE_TYPES]


__all__ = ["PageType", "PageWriter", "Unit", "page_types", "template_cache"]
