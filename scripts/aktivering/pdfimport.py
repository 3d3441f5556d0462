"""`aktivering import LETTER.pdf --kommune K`: a draft transcript from a letter's PDF.

The text layer is read with pdfminer.six (pure Python, pinned; it gives every line's position,
font and size, which is what finding headers, footers, page numbers, headings, list bullets and
table cells needs). The draft is in the canonical form of data/README.md "Transcripts":

- lines broken by the layout are joined with a space; a hyphen at a line end is joined to the word
  on the next line (`førtids-` + `pension`) unless the next line starts with `og`/`eller`/… (the
  Danish `kontanthjælps- og uddannelseshjælp` keeps its hyphen) or a capital or digit (`EU-` +
  `Socialfond` keeps the hyphen, without a space);
- a paragraph broken by a page break is joined;
- lines that repeat at the top or bottom of the pages (a browser's or a writer's header and footer,
  a letterhead) and page numbers are moved, unchanged and each text once, to the top of the
  transcript as their own blocks;
- larger type becomes `# `/`## ` headings, bulleted lines `- ` items (two spaces more per level),
  lines of cells side by side TAB-separated table rows.

Everything moved, joined or guessed is reported (`Report`), so the contributor knows what to check.
A PDF without a text layer (a scan) is refused: there is nothing to read without OCR.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

# A hyphen at a line end before one of these is the Danish suspended hyphen: "kontanthjælps- og".
SUSPENDED = {"og", "eller", "samt", "til", "som", "men", "mv.", "m.v.", "&"}
BULLETS = "•●▪◦■‣∙·"
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
                           "\u00a0": " "})
PAGE_NUMBER = re.compile(r"(?:side\s+|page\s+)?[-–]?\s*\d{1,3}\s*(?:(?:/|af|of)\s*\d{1,3})?\s*[-–]?",
                         re.IGNORECASE)


class ImportRefused(ValueError):
    """Nothing was written; `problem` says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format("da"))
        self.problem = problem


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    top: float      # distance from the page's top edge (grows downwards)
    bottom: float
    text: str
    size: float
    bullet: bool = False
    first_word: float = 0.0  # width of the line's first word (would it have fitted on the line above?)


@dataclass
class Report:
    """What the import did that a person should know about: lines moved to the top (page, text),
    and what it joined and where it was unsure, as (Danish, English) sentences."""

    moved: list[tuple[int, str]] = field(default_factory=list)
    joined: list[tuple[str, str]] = field(default_factory=list)
    unsure: list[tuple[str, str]] = field(default_factory=list)

    def lines(self, lang: str) -> list[str]:
        pick = 1 if lang == "en" else 0
        out = []
        texts: dict[str, list[int]] = {}
        for page, text in self.moved:
            texts.setdefault(text, []).append(page)
        for text, pages in texts.items():
            where = ", ".join(map(str, pages))
            out.append(f"moved to the top (page {where}): {text!r}" if lang == "en"
                       else f"flyttet til toppen (side {where}): {text!r}")
        out += [("joined: " if lang == "en" else "samlet: ") + item[pick] for item in self.joined]
        out += [("check: " if lang == "en" else "tjek: ") + item[pick] for item in self.unsure]
        return out


def read_lines(pdf: Path) -> tuple[list[Line], int]:
    """Every text line of the PDF with its page and position, and the page count."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTCurve, LTFigure, LTTextBox, LTTextLine

    def walk(container):
        for item in container:
            if isinstance(item, (LTTextBox, LTFigure)):
                yield from walk(item)
            else:
                yield item

    lines = []
    try:
        pages = list(extract_pages(str(pdf), laparams=LAParams()))
    except Exception as error:  # a broken or encrypted file: pdfminer raises many types of its own
        raise ImportRefused(Problem("pdf-unreadable", str(pdf), params={"reason": type(error).__name__})) from error
    for number, page in enumerate(pages, start=1):
        height = page.height
        marks = [item for item in walk(page) if isinstance(item, LTCurve)
                 and 1 < item.width < 8 and 1 < item.height < 8]
        for item in walk(page):
            if isinstance(item, LTTextLine):
                lines += _segments(item, [c for c in item if isinstance(c, LTChar)], number, height, marks)
    return sorted(lines, key=lambda ln: (ln.page, round(ln.top), ln.x0)), len(pages)


def _segments(item, chars, page: int, height: float, marks) -> list[Line]:
    """A pdfminer line cut where the gap between two characters is wider than the type size
    (table cells side by side; word spaces, even justified, are narrower)."""
    # A space glyph that takes no room (the next glyph starts where it starts) is a soft hyphen
    # that did not break the line, as Chromium writes it: not a word space.
    chars = [c for i, c in enumerate(chars) if not (c.get_text() == " " and i + 1 < len(chars)
                                                     and chars[i + 1].x0 <= c.x0 + 0.5)]
    pieces: list[list] = []
    for char in chars:
        if pieces and char.x0 - pieces[-1][-1].x1 > char.size:
            pieces.append([])
        if not pieces:
            pieces.append([])
        pieces[-1].append(char)
    lines = []
    for piece in pieces:
        text = "".join(c.get_text() for c in piece).translate(LIGATURES).strip()
        if not text:
            continue
        line = Line(page, piece[0].x0, piece[-1].x1, height - item.y1, height - item.y0, text,
                    round(statistics.median(c.size for c in piece), 1))
        if text[:1] in BULLETS or text[:1] == "\uf0b7":
            line.bullet, line.text = True, text[1:].strip()
        elif any(m.x1 < line.x0 + 1 and line.x0 - m.x1 < 20 and m.y0 >= item.y0 - 2 and m.y1 <= item.y1 + 2
                 for m in marks):
            line.bullet = True
        word = re.match(r"\S+", line.text)
        line.first_word = _width(piece, len(word.group())) if word else 0.0
        lines.append(line)
    return lines


def _width(chars, count: int) -> float:
    visible = [c for c in chars if c.get_text().strip()][:count]
    return (visible[-1].x1 - visible[0].x0) if visible else 0.0


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def split_furniture(lines: list[Line], pages: int, report: Report) -> tuple[list[str], list[Line]]:
    """Headers, footers and page numbers: lines in the top or bottom three of a page whose text
    (digits aside) repeats on at least half the pages, or that are a page number. Returns their
    texts (each once, in order of first appearance) and the remaining body lines."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edge: set[int] = set()
    for page_lines in by_page.values():
        rows = sorted({round(ln.top) for ln in page_lines})
        ends = set(rows[:3]) | set(rows[-3:])
        edge |= {id(ln) for ln in page_lines if round(ln.top) in ends}
    counts: dict[str, set[int]] = {}
    for line in lines:
        if id(line) in edge:
            counts.setdefault(_furniture_key(line.text), set()).add(line.page)
    furniture, body, seen = [], [], set()
    for line in lines:
        repeated = len(counts.get(_furniture_key(line.text), ())) >= max(2, (pages + 1) // 2)
        number = PAGE_NUMBER.fullmatch(line.text.strip()) is not None
        if id(line) in edge and (repeated or number):
            if line.text not in seen:
                seen.add(line.text)
                furniture.append(line.text)
            report.moved.append((line.page, line.text))
        else:
            body.append(line)
    if pages == 1:
        report.unsure.append(("kun én side: gentagne sidehoveder og sidefødder kan ikke genkendes; tjek toppen "
                              "og bunden af transskriptionen", "one page only: repeated headers and footers cannot "
                              "be recognised; check the top and the end of the transcript"))
    return furniture, body


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines side by side (same page, overlapping vertically) as one row, left to right."""
    rows: list[list[Line]] = []
    for line in lines:
        last = rows[-1] if rows else None
        if last and last[0].page == line.page and line.top < last[0].bottom - 2 and line.bottom > last[0].top + 2:
            last.append(line)
            last.sort(key=lambda ln: ln.x0)
        else:
            rows.append([line])
    return rows


def _join(previous: str, following: str, report: Report, where: str) -> str:
    """Join a line broken by the layout to the next one: a space, or the hyphenated word mended."""
    if previous.endswith(("\u00ad", "\u2010")):  # a soft hyphen, or the hyphen a writer's hyphenation set
        word = previous.split()[-1][:-1] + following.split(" ", 1)[0]
        report.joined.append((f"{where}: orddeling samlet: {word}", f"{where.replace('side', 'page')}: "
                                                                     f"hyphenation joined: {word}"))
        return previous[:-1] + following
    if re.search(r"\w-$", previous):
        first = following.split(" ", 1)[0]
        if first.lower() in SUSPENDED:
            return previous + " " + following
        if first[:1].isupper() or first[:1].isdigit():
            word = previous.split()[-1] + first
            report.unsure.append((f"{where}: bindestreg ved linjeskift beholdt: {word}",
                                  f"{where.replace('side', 'page')}: hyphen at a line end kept: {word}"))
            return previous + following
        joined = previous[:-1] + following
        word = f"{previous.split()[-1]} + {first} → {previous.split()[-1][:-1] + first}"
        report.joined.append((f"{where}: orddeling samlet: {word}",
                              f"{where.replace('side', 'page')}: hyphenation joined: {word}"))
        return joined
    return previous + " " + following


@dataclass
class Block:
    kind: str            # "p", "h", "li", "table"
    lines: list[str]
    level: int = 0       # heading level 1-2, list depth 0..
    last: Line | None = None
    size: float = 0.0


def build_blocks(body: list[Line], report: Report) -> list[Block]:
    if not body:
        return []
    size = statistics.mode(round(ln.size) for ln in body)
    heading_sizes = sorted({round(ln.size) for ln in body if round(ln.size) > size + 0.5}, reverse=True)
    left = min(ln.x0 for ln in body)
    right = max(ln.x1 for ln in body)
    pitch = _pitch(body)
    bullets = sorted({round(ln.x0) for ln in body if ln.bullet})
    blocks: list[Block] = []
    for row in _rows(body):
        first = row[0]
        where = f"side {first.page}"
        if len(row) > 1:
            cells = "\t".join(ln.text for ln in row)
            if blocks and blocks[-1].kind == "table" and _close(blocks[-1].last, first, pitch):
                blocks[-1].lines.append(cells)
            else:
                blocks.append(Block("table", [cells]))
                report.unsure.append((f"{where}: tabel genkendt (celler adskilt med tabulator); tjek rækker og celler",
                                      f"page {first.page}: table recognised (cells separated by TAB); check rows "
                                      "and cells"))
            blocks[-1].last = row[-1]
            continue
        line = first
        block = blocks[-1] if blocks else None
        level = (1 if line.size >= size * 1.35 else 2) if round(line.size) in heading_sizes else 0
        if level:
            if block and block.kind == "h" and block.size == line.size and _close(block.last, line, pitch):
                block.lines[-1] = _join(block.lines[-1], line.text, report, where)
            else:
                blocks.append(Block("h", [line.text], min(level, 2), size=line.size))
            blocks[-1].last = line
            continue
        continues = block is not None and block.kind in ("p", "li") and _close(block.last, line, pitch) \
            and not line.bullet and abs(line.x0 - block.last.x0) < 3
        across_page = block is not None and block.last is not None and block.last.page != line.page \
            and block.kind in ("p", "li") and not line.bullet and abs(line.x0 - block.last.x0) < 3
        if across_page:
            ended = re.search(r"[.:!?\"”]$", block.lines[-1]) is not None
            if not ended or line.text[:1].islower():
                continues = True
                pages, joint = f"{block.last.page}–{line.page}", f"…{block.lines[-1][-30:]!r} + {line.text[:30]!r}…"
                report.joined.append((f"side {pages}: afsnit samlet over sideskift: {joint}",
                                      f"page {pages}: paragraph joined across the page break: {joint}"))
            else:
                pages = f"{block.last.page}–{line.page}"
                report.unsure.append((f"side {pages}: sideskift efter punktum – taget som nyt afsnit: "
                                      f"{line.text[:40]!r}…", f"page {pages}: page break after a full stop – taken "
                                      f"as a new paragraph: {line.text[:40]!r}…"))
        if continues:
            if _hard_break(block.last, line, right):
                block.lines.append(line.text)
            else:
                block.lines[-1] = _join(block.lines[-1], line.text, report, where)
            block.last = line
            continue
        if line.bullet:
            depth = _depth(bullets, line.x0)
            text = "  " * depth + "- " + line.text
            if block is not None and block.kind == "li" and _close(block.last, line, pitch):
                block.lines.append(text)
                block.last, block.level = line, depth
            else:
                blocks.append(Block("li", [text], depth, last=line))
            continue
        if block is not None and block.kind == "li" and line.x0 > left + 3 and _close(block.last, line, pitch):
            block.lines.append("  " * (block.level + 1) + line.text)  # text under the item above
            block.last = line
            continue
        blocks.append(Block("p", [line.text], last=line))
    return blocks


def _depth(bullets: list[int], x0: float) -> int:
    """List depth from the bullet's indent: the n-th distinct indent from the left is depth n."""
    deeper = [b for b in bullets if b <= round(x0) + 2]
    return max(len(deeper) - 1, 0)


def _pitch(lines: list[Line]) -> float:
    gaps = [b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page and 0 < b.top - a.top < 40]
    return statistics.median(gaps) if gaps else 14.0


def _close(previous: Line | None, line: Line, pitch: float, factor: float = 1.3) -> bool:
    """The line follows the previous one without a paragraph gap (on the same page)."""
    return previous is not None and previous.page == line.page and line.top - previous.top <= pitch * factor


def _hard_break(previous: Line, line: Line, right: float) -> bool:
    """The previous line ended early although the next line's first word would have fitted: the
    break was written (an address, a list of lines), not made by the layout."""
    return previous.x1 + line.first_word + 6 < right and not previous.text.endswith(("-", "\u2010", "\u00ad"))


def render(furniture: list[str], blocks: list[Block]) -> str:
    parts = list(furniture)
    for block in blocks:
        if block.kind == "h":
            parts.append("#" * block.level + " " + " ".join(block.lines))
        else:
            parts.append("\n".join(block.lines))
    return "\n\n".join(part for part in parts if part.strip()) + "\n"


def pdf_transcript(pdf: Path) -> tuple[str, Report]:
    """The draft transcript of a PDF and what was moved, joined and guessed on the way."""
    if not pdf.is_file():
        raise ImportRefused(Problem("file-missing", str(pdf), value=str(pdf)))
    with pdf.open("rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF"):
            raise ImportRefused(Problem("not-a-pdf", str(pdf)))
    report = Report()
    lines, pages = read_lines(pdf)
    if not lines:
        raise ImportRefused(Problem("pdf-no-text", str(pdf), params={"pages": pages}))
    furniture, body = split_furniture(lines, pages, report)
    return render(furniture, build_blocks(body, report)), report
