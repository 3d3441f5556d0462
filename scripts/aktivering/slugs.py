"""Slugs: the ASCII names of files and page addresses made from Danish names."""

from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    """'Helsingør' -> 'helsingoer' (Danish transliteration, then ASCII)."""
    text = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
