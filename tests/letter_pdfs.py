"""Print a transcript to PDF the way a contributor's browser would: Chromium's own header (date,
title) and footer (address, page x/y) on every page. Used by the import tests and the trial; the
PDFs are made in the test from the transcripts in the repo, never committed."""

from __future__ import annotations

import contextlib
import html
import os
import re
from pathlib import Path

from site_support import CHROMIUM, CHROMIUM_ARGS


def transcript_html(text: str, title: str) -> str:
    """A transcript in the canonical form as an HTML page: headings, paragraphs, nested lists, tables."""
    body: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.split("\n")
        if all("\t" in line for line in lines):
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>"
                           for line in lines)
            body.append(f"<table>{rows}</table>")
        elif lines[0].startswith("# "):
            body.append(f"<h1>{html.escape(lines[0][2:])}</h1>")
        elif lines[0].startswith("## "):
            body.append(f"<h2>{html.escape(lines[0][3:])}</h2>")
        elif lines[0].startswith("### "):  # the raw seed letters use a third level
            body.append(f"<h3>{html.escape(lines[0][4:])}</h3>")
        elif re.match(r"\s*- ", lines[0]):
            body.append(_list(lines))
        else:
            body.append("<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>")
    style = ("body{font-family:'DejaVu Serif',serif;font-size:11pt;line-height:1.35;margin:0}"
             "h1{font-size:16pt}h2{font-size:13pt}td{padding:2pt 14pt 2pt 0;vertical-align:top}"
             "table{border-collapse:collapse}")
    return (f"<!doctype html><html lang=da><head><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>")


def _list(lines: list[str]) -> str:
    """`- ` items, two spaces more per level; a line without a dash continues the item above."""
    out, depth = [], 0
    for line in lines:
        match = re.match(r"(\s*)- (.*)", line)
        if not match:
            out.append("<br>" + html.escape(line.strip()))
            continue
        level = len(match.group(1)) // 2 + 1
        while depth < level:
            out.append("<ul>")
            depth += 1
        while depth > level:
            out.append("</li></ul>")
            depth -= 1
        if out and out[-1] != "<ul>":
            out.append("</li>")
        out.append("<li>" + html.escape(match.group(2)))
    out.append("</li></ul>" * depth)
    return "".join(out)


def print_pdf(page_html: str, path: Path, browser, headers: bool = True) -> Path:
    """Chromium prints the page to `path`, with its own header and footer on every page (A4).
    `browser` is a Playwright browser: the tests' session-wide one (conftest's `browser`), or one
    from `chromium()` outside pytest."""
    page = browser.new_page()
    try:
        page.set_content(page_html)
        page.pdf(path=str(path), format="A4", display_header_footer=headers,
                 margin={"top": "2.5cm", "bottom": "2.5cm", "left": "2.5cm", "right": "2.5cm"})
    finally:
        page.close()
    return path


@contextlib.contextmanager
def chromium(home: Path):
    """A headless, offline Chromium for scripts (the trial); the tests use conftest's `browser`."""
    from playwright.sync_api import sync_playwright

    for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[variable] = str(home)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
