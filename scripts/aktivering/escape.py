"""One escaping place per output format (issue 10, deliverable 4).

Every value that reaches an output goes through the function for that output's format, whatever
it came from: package CSVs and descriptors, vocabularies (ids and labels), the reference list of
kommuner and regions, ids and folder names. Validation refuses characters XML cannot hold, but
each function here still makes its format well-formed and inert on its own.

| format                         | function                    |
|--------------------------------|-----------------------------|
| HTML text and attributes       | `html` (Jinja's autoescape in templates is the same) |
| XML/SVG text, XML/SVG attribute| `xml_text`, `xml_attribute` |
| Markdown inline (headings)     | `markdown` (Jinja filter `md`) |
| YAML front matter              | `yaml_value` (Jinja filter `yaml`) |
| IRIs (Turtle, feed, JSON-LD)   | `iri`                       |
| JSON-LD inside <script>        | `jsonld_script`             |
| CSV a spreadsheet opens        | `spreadsheet_cell`          |
| CI log lines and job summary   | `ci_line`, `markdown_code`  |
"""

from __future__ import annotations

import html as _html
import json
import re
import urllib.parse

import markupsafe
import yaml

# Characters XML 1.0 cannot hold at all: C0 controls but TAB, LF, CR; lone surrogates; U+FFFE/FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_legal(text: object) -> str:
    """text with every character XML cannot hold replaced by U+FFFD (validation refuses them first)."""
    return _XML_ILLEGAL.sub("\ufffd", str(text))


def html(text: object) -> markupsafe.Markup:
    """HTML text or a quoted attribute value: & < > " ' as references (what autoescape does)."""
    return markupsafe.escape(text)


def xml_text(text: object) -> str:
    """Text inside an XML or SVG element."""
    return _html.escape(xml_legal(text), quote=True)


def xml_attribute(text: object) -> str:
    """A double- or single-quoted XML or SVG attribute value (an id, aria-labelledby)."""
    return _html.escape(xml_legal(text), quote=True).replace("\n", "&#10;").replace("\r", "&#13;").replace(
        "\t", "&#9;")


# Python-Markdown's backslash escapes (the characters it can escape, so none is left showing a
# backslash); with `&lt;`/`&amp;` from the HTML step, no character can start a link, an image,
# emphasis, code, raw HTML, an attribute list ({: …}) or a heading id. The site enables no
# strikethrough, and a heading is never a table row.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def one_line(text: object) -> str:
    """Text with each run of line breaks made one space (a heading's text: it stays on its line)."""
    return " ".join(_LINE_BREAKS.split(xml_legal(text)))


def markdown(text: object) -> markupsafe.Markup:
    """Text shown inside a Markdown line (a heading): as text, on that one line, never markup."""
    escaped = str(html(one_line(text)))
    # `-` and `.` only matter at the start of a line (a list), which a value inside a line never is.
    return markupsafe.Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


# CommonMark/GFM (a download's README.md, read on GitHub): the characters that can start a link,
# an image, raw HTML, an entity, code or emphasis, backslash-escaped (CommonMark escapes any ASCII
# punctuation; these are the ones that matter, so ordinary text is left as it is).
_GFM_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~&])")


def markdown_document(text: object) -> str:
    """Contributor text in a Markdown document's paragraph or heading: one line, no markup."""
    return _GFM_SPECIAL.sub(r"\\\1", " ".join(xml_legal(text).split()))


class _Dumper(yaml.SafeDumper):
    pass


def yaml_value(value: object) -> str:
    """One YAML value in flow style, for `key: {{ value | yaml }}` in front matter: safe_dump
    quotes and escapes what YAML needs (an emoji stays itself, a control character is escaped)."""
    def dump(style: str | None) -> str:
        text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_flow_style=True, width=float("inf"),
                         default_style=style)
        return text.removesuffix("\n").removesuffix("\n...")  # a plain scalar's document end marker

    dumped = dump(None)
    # One line: MkDocs ends front matter at the first line that is --- or ..., so a value never spans
    # lines (double quotes write a line break as an escape).
    return dumped if "\n" not in dumped else dump('"')


def front_matter(value: object) -> markupsafe.Markup:
    """A front matter value (Jinja filter `yaml`): YAML, which autoescape must not touch."""
    return markupsafe.Markup(yaml_value(value))


def front_matter_text(text: object) -> markupsafe.Markup:
    """A front matter value the theme prints into HTML as it is (title, description; Jinja filter
    `meta`): HTML-escaped first, then YAML."""
    return markupsafe.Markup(yaml_value(str(html(xml_legal(text)))))


# An IRI's characters that stay as they are; everything else (space, < > " { } | \ ^ `, non-ASCII,
# controls) is percent-encoded as UTF-8. A % stays only when it already starts an escape.
_IRI_SAFE = "/:?#[]@!$&'()*+,;=-._~"
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def iri(url: str) -> str:
    """A URL as a valid absolute IRI/URI for Turtle, Atom and JSON-LD (RFC 3987/3986)."""
    return urllib.parse.quote(_PERCENT.sub("%25", str(url)), safe=_IRI_SAFE + "%")


def path_segment(name: str) -> str:
    """One folder or file name inside a URL path: / ? # and % are encoded too."""
    return urllib.parse.quote(str(name), safe="-._~!$&'()*+,;=@")


def jsonld_script(data: object) -> str:
    """JSON for a <script type="application/ld+json"> block: `<` as \\u003c, so the text can never
    close the element or open a comment; XML-illegal characters as JSON escapes."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


# OWASP CSV injection: a text cell a spreadsheet would read as a formula gets a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_start(text: str) -> str | None:
    """The character that makes a spreadsheet read text as a formula, or None."""
    return text[0] if text and text[0] in FORMULA_STARTS else None


def spreadsheet_cell(text: str) -> str:
    """A text cell for a file a spreadsheet opens. Numbers of the schema's number columns are not
    passed here: -5 stays a number."""
    return "'" + text if formula_start(text) else text


# GitHub reads a line whose text (after spaces) starts with `::` as a workflow command, and `##[`
# anywhere as an old-style one.
_COMMAND = re.compile(r"^(\s*):(?=:)|##\[")


def ci_line(text: object) -> str:
    """One line of CI output (a log line GitHub reads, a line of the job summary): line breaks and
    control characters written as visible escapes, so contributor text never begins a line of its
    own, and no workflow command."""
    text = str(text)

    def visible(match: re.Match) -> str:
        return "".join(json.dumps(c).strip('"') if ord(c) < 0x10000 else c for c in match.group())

    text = re.sub(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]", visible, text)
    return _COMMAND.sub(lambda m: (m.group(1) + ":\u200b") if m.group() != "##[" else "##\u200b[", text)


# Text that GitHub Markdown shows as it is: letters, digits, spaces, a few signs; `.` only inside a
# number (12.5, not www.example.org) and `_` only inside a word (not _emphasis_).
_PLAIN = re.compile(r"(?:[^\W_]|[ ,%·–'\-]|(?<=\d)\.(?=\d)|(?<=[^\W_])_(?=[^\W_]))*")


def markdown_text(text: object) -> str:
    """Contributor text in a job summary line: as it is when it is plain words and numbers, else
    as an inline code span (markdown_code)."""
    text = " ".join(str(text).split())
    return text if _PLAIN.fullmatch(text) and not text.startswith(("-", "+")) else markdown_code(text)


def markdown_code(text: object) -> str:
    """Contributor text as one inline code span of GitHub Markdown (a job summary): no HTML, link
    or fence can start inside it, and it stays on its line."""
    text = " ".join(str(text).split())
    ticks = max((len(run) for run in re.findall(r"`+", text)), default=0) + 1
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{'`' * ticks}{pad}{text}{pad}{'`' * ticks}"


# BibTeX (issue 15): a value inside braces. Characters TeX reads as commands or that end the field
# are written as TeX escapes; every other character is itself (biber and BibTeX 0.99 read UTF-8).
_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&", "$": r"\$",
        "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def bibtex_value(text: object) -> str:
    """Contributor text as the inside of a BibTeX field's braces: one line, no unbalanced brace."""
    return "".join(_TEX.get(c, c) for c in " ".join(xml_legal(text).split()))


def ris_value(text: object) -> str:
    """A RIS field's value: one line (a line break would start a new tag), XML-legal."""
    return " ".join(xml_legal(text).split())
