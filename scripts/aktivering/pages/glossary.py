"""Ordliste: the words readers meet on the site (the template alone)."""

from .. import urls
from .writer import static_page

PAGE = static_page("glossary", urls.GLOSSARY, "ordliste.md.j2")
