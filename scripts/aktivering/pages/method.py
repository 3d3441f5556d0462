"""Metode: how the data is gathered and checked (the template alone)."""

from .. import urls
from .writer import static_page

PAGE = static_page("method", urls.METHOD, "metode.md.j2")
