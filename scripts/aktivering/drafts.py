"""The mark `aktivering suggest` puts on every row it drafts, and the rows that still carry it.

Apart from suggest.py (which compiles its guessing patterns on import) so that the validator's
`draft-unreviewed` rule reads the mark without importing the drafting.
"""

from __future__ import annotations

DRAFT_MARK = "KLADDE:"


def draft_rows(rows: list[dict]) -> list[tuple[int, dict]]:
    """(spreadsheet row, record) of every row still marked as a draft."""
    return [(index, row) for index, row in enumerate(rows, start=2)
            if (row.get("note") or "").lstrip().startswith(DRAFT_MARK)]
