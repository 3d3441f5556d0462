"""A page per figure (issue 15, item 5): `tal/<figure_id>/`, what one number is, where it stands
in its letter, what it may be compared with, and how to cite it.

The page shows the number as the letter writes it (`value_da`, never rounded), what it counts,
its base, date and counter, the quote with a link that lands on the passage (the letter page's
anchor and a `#:~:text=` text fragment, percent-encoded as the URL Fragment Text Directives spec
requires), the caveats, the figures it may be compared with (compare.py's rule, nothing looser),
the citation and the row as CSV. Figure pages are not in the navigation and not in the search
index; each package's pages are one incremental unit (incremental.py), made again only when the
package or what its figures are compared with changed.
"""

from __future__ import annotations

import re
import urllib.parse
from functools import lru_cache

import pandas as pd

from . import cache, chartfiles, compare, figurehtml, opendata, schemas, tablewrap, urls
from .letters import normalised_index
from .load import records

TEMPLATE = "tal.html.j2"  # the content as finished HTML (figurehtml.py)
MARKDOWN_TEMPLATE = "tal.md.j2"  # the whole page as Markdown, for the benchmark's floor only
PRECISION = {"exact": "", "approximate": "omtrentligt tal", "lower-bound": "mindst så mange (nedre grænse)",
             "upper-bound": "højst så mange (øvre grænse)"}
# A figure may be compared with the figures of the same measure, benefit, base and counter
# (compare.KEY); a part of a breakdown only with parts of the same category.
MATCH = [*compare.KEY, "category"]
SHOWN = ["figure_id", "package", "kommune_name", "value_da", "period_da", "forecast", "document_label", "period_end"]


def page_for(figure_id: str) -> str:
    """The generated Markdown page of one figure (URL `tal/<figure_id>/`)."""
    return urls.figure_page(figure_id)


# --- the link that lands on the passage -------------------------------------------------------

_BOUNDARY = re.compile(r"[\t\n]+")  # a table cell or a line may be its own block on the letter page
_MARKER = re.compile(r"^\s*(?:- |#+ )")  # a list item's or heading's marker is not shown as text


def _directive_value(text: str) -> str:
    """One textStart/textEnd value: percent-encoded UTF-8, with the directive's own syntax
    characters `-`, `&` and `,` encoded too (urllib leaves `-` as it is)."""
    return urllib.parse.quote(text, safe="").replace("-", "%2D")


def _words_unique(words: list[str], haystack: str, want: int, from_end: bool, start: int = 0) -> str:
    """The fewest words (at least 4, or all) from the start (or end) of `words` whose first
    occurrence in haystack (lower case) from `start` is at `want`; '' when even all are not."""
    for count in range(min(4, len(words)), len(words) + 1):
        part = " ".join(words[-count:] if from_end else words[:count])
        at = haystack.find(part.lower(), start)
        if at == (want - len(part) if from_end else want):
            return part
    return ""


def _shown(text: str) -> str:
    """Text as the letter page shows it, whitespace collapsed, list and heading markers dropped, with
    NUL between pieces that may be blocks of their own (table cells, lines)."""
    pieces = (" ".join(_MARKER.sub("", p).split()) for p in _BOUNDARY.split(text))
    return "\0".join(p for p in pieces if p)


@lru_cache(maxsize=256)
def _haystack(transcript: str) -> str:
    """The transcript as a browser matches a text directive in it (once per transcript, not per figure)."""
    return _shown(transcript).replace("\0", " ").lower()


def text_fragment(transcript: str, quote: str) -> str:
    """`:~:text=…` for the quote as the letter page shows it, or '' when no text directive would
    land on it (the quote is not in the transcript, or its first and last block occur earlier in
    the letter: the link then relies on the passage's anchor alone). A quote within one block of at
    most eight words is matched whole; otherwise by its first and last words (`textStart,textEnd`),
    enough of them that the first match in the transcript is the quote, each within one block of
    the page. Matches are checked as plain substrings, case-insensitively: looser than a browser's
    word-bounded, case-insensitive match, so what is unique here is unique there."""
    normal, index = normalised_index(transcript)
    needle = " ".join(quote.split())
    at = normal.find(needle) if needle else -1
    if at < 0:
        return ""
    raw = transcript[index[at]: index[at + len(needle) - 1] + 1]
    pieces = [p for p in _shown(raw).split("\0") if p]
    shown = " ".join(pieces)
    # Browsers match a text directive case-insensitively: so is uniqueness checked here.
    haystack = _haystack(transcript)
    where = len(_shown(transcript[: index[at]] + "\uffff")) - 1  # where the quote starts in it
    if not haystack.startswith(shown.lower(), where):
        return ""
    if len(pieces) == 1 and len(shown.split()) <= 8:
        return ":~:text=" + _directive_value(shown) if where == haystack.find(shown.lower()) else ""
    first = _words_unique(pieces[0].split(), haystack, where, from_end=False)
    last = _words_unique(pieces[-1].split(), haystack, where + len(shown), from_end=True, start=where + len(first))
    if not first or not last:
        return ""
    return f":~:text={_directive_value(first)},{_directive_value(last)}"


# --- the row as CSV ---------------------------------------------------------------------------

def row_csv(row: dict) -> str:
    """The figure's row of figures.csv, with its header, as standard CSV (comma, `"` quoting, LF).
    A text cell a spreadsheet would read as a formula gets a leading ' (escape.spreadsheet_cell),
    as in the downloads for spreadsheets; the number columns are numbers and stay as written."""
    fields = [f["name"] for f in schemas.canonical("figures")["fields"]]
    numbers = set(schemas.number_columns("figures"))
    return chartfiles.csv_bytes(fields, [[row[name] for name in fields]], numbers).decode("utf-8")


# --- comparable figures -----------------------------------------------------------------------

# Each package's share of Comparables, kept by this process (`mkdocs serve`) while the package's
# key (its content and every input its rows are joined from) is what it was: package name -> (key,
# share). A rebuild after one edit groups and digests only the edited package's figures again.
_SHARES: dict[str, tuple[str, tuple]] = cache.process_memo({})


def _share(rows: list[dict]) -> tuple:
    """One package's figures (rows sorted by date and id): each figure's group, the package's own
    comparable figures in each group, how many each group holds, and the digest of all of it."""
    key_of: dict[str, tuple] = {}
    own: dict[tuple, list[dict]] = {}
    for row in rows:
        key = tuple(row[c] for c in MATCH)
        key_of[row["figure_id"]] = (key, row["package"])
        own.setdefault((key, row["package"]), []).append({c: row[c] for c in SHOWN})
    counts = {group: len(figures) for group, figures in own.items()}
    return key_of, own, counts, cache.key([[list(key), package, figures] for (key, package), figures in own.items()])


class Comparables:
    """For every figure, the other figures it may be compared with: those of its own sender (all of
    them, by date) and how many of other senders (the Sammenligning page compares across kommuner).
    Grouped once, in plain Python: asking pandas per figure took seconds at 98 kommuner. `keys`
    (package name -> its key): a package's share is kept in this process while its key is unchanged
    (`mkdocs serve`: an edit groups only the edited package's figures again)."""

    def __init__(self, figures: pd.DataFrame, keys: dict[str, str]):
        columns = list(dict.fromkeys(SHOWN + MATCH))
        shares = {}
        for package, positions in figures.groupby("package", sort=False).indices.items():
            kept = _SHARES.get(package)
            if kept is None or kept[0] != keys[package]:
                kept = _SHARES[package] = (keys[package], _share(
                    records(figures.iloc[positions][columns].sort_values(["period_end", "figure_id"]))))
            shares[package] = kept[1]
        self._key_of: dict[str, tuple] = {}
        self._own: dict[tuple, list[dict]] = {}
        self._senders: dict[tuple, dict[str, int]] = {}
        self._digests: dict[str, tuple[str, list[tuple]]] = {}  # package -> (its digest, its groups)
        for name, (key_of, own, counts, digest) in shares.items():
            self._key_of.update(key_of)
            self._own.update(own)
            for (key, package), count in counts.items():
                self._senders.setdefault(key, {})[package] = count
            self._digests[name] = digest, [key for key, _package in own]

    def of(self, figure_id: str) -> tuple[list[dict], int, int]:
        """(own sender's comparable figures, figures of other senders, how many other senders)."""
        key, package = self._key_of[figure_id]
        own = [r for r in self._own[key, package] if r["figure_id"] != figure_id]
        senders = self._senders[key]
        return own, sum(senders.values()) - senders[package], len(senders) - 1

    def package_summary(self, package: str) -> list:
        """What a package's figure pages show of other packages (for its incremental key): the digest
        of its own figures in each of its comparable groups and how many each sender has in each,
        from which every `of` of its figures follows. (Each figure's `of` was quadratic in a sender's
        letters; JSON-encoding every package's figures on every rebuild took 0.1 s at 98 kommuner.)"""
        digest, groups = self._digests[package]
        return [digest, [sorted(self._senders[key].items()) for key in groups]]


# --- the pages --------------------------------------------------------------------------------

def write_pages(writer, package_name: str, comparables: Comparables) -> None:
    """Write every figure page of one package (writer: pages.PageWriter): its part for figurehtml.py
    (`tal/<figure_id>.part`), or with figurehtml.MARKDOWN its Markdown page (`tal/<figure_id>.md`)."""
    site = writer.site
    figures = writer.rows("figures", "package", package_name)
    if figures.empty:
        return
    package = next(p for p in site.packages if p.name == package_name)
    updated = site.updated.get(package_name, "")
    bases = dict(zip(site.bases["id"], site.bases["definition"]))
    caveats = dict(zip(site.measures["measure"], site.measures["caveat"]))
    by_id = {r["figure_id"]: r for r in writer.records("figures", "package", package_name)}
    initiatives = {r["initiative_id"]: r["name"] for r in writer.records("initiatives", "package", package_name)}
    parts: dict[str, list[dict]] = {}
    for row in by_id.values():
        if row["part_of"]:
            parts.setdefault(row["part_of"], []).append(row)
    for row in by_id.values():
        page = page_for(row["figure_id"])
        address = writer.urls.page(page)
        title = f"{row['sender_name']}: {row['measure_label']}" + (f", {row['category']}" if row["category"] else "")
        title += f" – {row['value_da']} ({row['period_da']})"
        fragment = text_fragment(package.transcripts.get(row["document_id"], ""), row["quote"])
        own, others, other_senders = comparables.of(row["figure_id"])
        citation = opendata.citation(writer.site_url, title, updated, address)
        bibtex = opendata.bibtex_entry(f"aktivering-{row['figure_id']}-{updated}", title, updated, address)
        description = (f"Et tal fra {row['sender_name']}: {row['measure_label']}, som brevet skriver det, "
                       "med citat, grundlag og kilde.")
        context = dict(figure=row, title=title, description=description, precision=PRECISION.get(row["precision"], ""),
                     base_definition=bases.get(row["base"], ""), caveat=caveats.get(row["measure"], ""),
                     total=by_id.get(row["part_of"]), parts=parts.get(row["figure_id"], []),
                     initiative=initiatives.get(row["initiative_id"], ""),
                     passage=row["figure_id"] + fragment, comparable=own, others=others,
                     other_senders=other_senders, citation=citation, address=address,
                     files=[("rækken som CSV", f"{row['figure_id']}.csv", data_url("text/csv", row_csv(row))),
                            ("BibTeX", f"{row['figure_id']}.bib", data_url("application/x-bibtex", bibtex)),
                            ("RIS", f"{row['figure_id']}.ris", data_url("application/x-research-info-systems",
                                                                     opendata.ris_entry(title, updated, address)))],
                     quote=" ".join(row["quote"].split()), updated=updated)
        if figurehtml.MARKDOWN:
            writer.write(page, MARKDOWN_TEMPLATE, **context)
            continue
        headings = figurehtml.Headings()
        # The same table step as every page MkDocs converts (the hook's on_page_content): issue 13
        body = tablewrap.wrap(writer.render(page, TEMPLATE, h=headings, **context))
        writer.save(figurehtml.part_path(row["figure_id"]),
                    figurehtml.part_text(title, description, updated, headings, body))


def data_url(media_type: str, text: str) -> str:
    """A download held in the link itself (RFC 2397): the row and the citations of 5 900 figures
    cost no file each, and no column name or code shows as text on a reader's page. Percent-encoded
    UTF-8, so a TAB or line break in a quote stays itself (Markdown expands a TAB in the page)."""
    return f"data:{media_type};charset=utf-8," + urllib.parse.quote(text, safe="")
