"""A transcript as HTML, with an anchored <mark> at every quoted passage.

Transcripts are plain text (see data/README.md): blocks separated by blank lines, `- ` list
items, `#` headings, TAB-separated table rows. All text is escaped here; the only markup is
ours. Quotes are matched whitespace-normalised, so a passage may span lines or table cells:
it is clipped per rendered piece and its anchor ids sit on the first piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape


@dataclass
class Passage:
    start: int
    end: int
    ids: list[str] = field(default_factory=list)


@lru_cache(maxsize=256)
def normalised_index(text: str) -> tuple[str, list[int]]:
    """Whitespace-collapsed text and, for each of its characters, the offset in `text`. Kept per
    text (a transcript is searched once for its letter page and once for each of its figures'
    pages); callers only read what it returns."""
    out, index, in_space = [], [], False
    for offset, char in enumerate(text):
        if char.isspace():
            if not in_space and out:
                out.append(" ")
                index.append(offset)
            in_space = True
        else:
            out.append(char)
            index.append(offset)
            in_space = False
    return "".join(out), index


def find_passages(text: str, quotes: list[tuple[str, str]]) -> list[Passage]:
    """quotes: (anchor id, quote). Overlapping passages are merged; ids keep their order."""
    normal, index = normalised_index(text)
    spans = []
    for anchor, quote in quotes:
        needle = re.sub(r"\s+", " ", quote).strip()
        at = normal.find(needle)
        if at < 0:
            continue  # the validator reports it; the page must still build
        spans.append(Passage(index[at], index[at + len(needle) - 1] + 1, [anchor]))
    spans.sort(key=lambda p: (p.start, p.end))
    merged: list[Passage] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            merged[-1].end = max(merged[-1].end, span.end)
            merged[-1].ids += span.ids
        else:
            merged.append(span)
    return merged


class Renderer:
    def __init__(self, text: str, passages: list[Passage]):
        self.text = text
        self.passages = passages
        self.emitted: set[int] = set()

    def span(self, start: int, end: int) -> str:
        """Escaped text[start:end] with the passages in it wrapped in <mark>."""
        out, cursor = [], start
        for number, passage in enumerate(self.passages):
            if passage.end <= start or passage.start >= end:
                continue
            a, b = max(start, passage.start), min(end, passage.end)
            out.append(escape(self.text[cursor:a]))
            if number not in self.emitted:
                self.emitted.add(number)
                main, *others = passage.ids
                extra = "".join(f'<span id="{escape(i)}" class="anker"></span>' for i in others)
                out.append(f'<mark id="{escape(main)}" class="citat">{extra}{escape(self.text[a:b])}</mark>')
            else:
                out.append(f'<mark class="citat">{escape(self.text[a:b])}</mark>')
            cursor = b
        out.append(escape(self.text[cursor:end]))
        return "".join(out)

    def blocks(self):
        """(start, end) of each block: runs of non-blank lines, trimmed of surrounding newlines."""
        for match in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", self.text):
            yield match.start(), match.end()

    def lines(self, start: int, end: int):
        offset = start
        for line in self.text[start:end].split("\n"):
            yield offset, offset + len(line), line
            offset += len(line) + 1

    def render(self) -> str:
        html = []
        for start, end in self.blocks():
            lines = list(self.lines(start, end))
            first = lines[0][2]
            if first.startswith("#"):
                level = 2 if first.startswith("# ") else 3
                skip = len(first) - len(first.lstrip("#")) + 1
                html.append(f'<h{level} class="brev-overskrift">{self.span(start + skip, end)}</h{level}>')
            elif all("\t" in line for _, _, line in lines):
                html.append(self.table(lines))
            elif first.lstrip().startswith("- "):
                html.append(self.list(lines))
            else:
                html.append(f"<p>{self.span(start, end)}</p>")
        return "\n".join(html)

    def table(self, lines) -> str:
        rows = []
        for start, _, line in lines:
            cells, offset = [], start
            for cell in line.split("\t"):
                cells.append(f"<td>{self.span(offset, offset + len(cell))}</td>")
                offset += len(cell) + 1
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return '<table class="brev-tabel"><tbody>' + "".join(rows) + "</tbody></table>"

    def list(self, lines) -> str:
        """Nested lists from indentation; a non-item line continues the previous item."""
        html, depth_stack = [], []
        for start, end, line in lines:
            stripped = line.lstrip()
            indent = (len(line) - len(stripped)) // 2
            if stripped.startswith("- "):
                content = start + (len(line) - len(stripped)) + 2
                while depth_stack and depth_stack[-1] > indent:
                    html.append("</li></ul>")
                    depth_stack.pop()
                if depth_stack and depth_stack[-1] == indent:
                    html.append("</li><li>")
                else:
                    html.append("<ul><li>")
                    depth_stack.append(indent)
                html.append(self.span(content, end))
            else:
                while depth_stack and depth_stack[-1] > indent:
                    html.append("</li></ul>")
                    depth_stack.pop()
                html.append("<br>" + self.span(start + (len(line) - len(stripped)), end))
        while depth_stack:
            html.append("</li></ul>")
            depth_stack.pop()
        return "".join(html)


def transcript_html(text: str, quotes: list[tuple[str, str]]) -> str:
    passages = find_passages(text, quotes)
    return Renderer(text, passages).render()
