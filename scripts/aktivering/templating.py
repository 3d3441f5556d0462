"""Templates for the text files the site publishes besides its pages (a zip's README.md, the
BibTeX and RIS citations): one Jinja environment per format, autoescaping off, because each
format's escaping is done explicitly by the filters from escape.py the template names (`md`,
`code`, `bib`, `ris`). XML (the Atom feed) and RDF (the catalogue) are written by ElementTree and
rdflib, which escape by the format's own rules; YAML (CITATION.cff) by PyYAML."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from . import escape

TEMPLATES = Path(__file__).parent / "templates"


# Per format: the line ending, and for BibTeX (whose values sit in braces) << >> around a value.
FORMATS = {".bib": {"newline_sequence": "\n", "variable_start_string": "<<", "variable_end_string": ">>"},
           ".ris": {"newline_sequence": "\r\n"}}


@cache
def _environment(suffix: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, **FORMATS.get(suffix, {}))
    env.filters.update(md=escape.markdown_document, code=escape.markdown_code, bib=escape.bibtex_value,
                       ris=escape.ris_value, iri=escape.iri)
    return env


def render_text(template: str, **context) -> str:
    """A text file from templates/<template> ('<name>.<format>.j2'), in its format's environment."""
    return _environment(Path(template.removesuffix(".j2")).suffix).get_template(template).render(**context)
