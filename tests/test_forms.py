"""Form controls on every page have a label (pa11y's HTML_CodeSniffer: F68, H91 — Material writes the
table-of-contents checkbox on pages without headings, with no label) and every form a submit button."""

from __future__ import annotations

import re


def test_every_form_control_has_a_label_and_every_form_a_submit_button(built_site):
    missing = {}
    for page in sorted(built_site.rglob("*.html")):
        source = page.read_text(encoding="utf-8")
        labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', source))
        for control in re.findall(r"<input\b[^>]*>", source):
            named = re.search(r'\baria-label="[^"]+"', control)
            identity = re.search(r'\bid="([^"]+)"', control)
            if not named and not (identity and identity.group(1) in labelled):
                missing.setdefault(page.relative_to(built_site).as_posix(), []).append(control)
        for form in re.findall(r"<form\b.*?</form>", source, re.S):
            if not re.search(r'<button[^>]*type="submit"', form):
                missing.setdefault(page.relative_to(built_site).as_posix(), []).append("form without submit")
    assert missing == {}
