"""Warnings: what `aktivering validate` points out without refusing it (issue 10, deliverable 5).

A text cell that begins with = + - @ TAB or CR is what a spreadsheet reads as a formula (OWASP's
CSV injection rule). A letter may well write "- 12 borgere …" or "+ 3": the text stays as written
and the spreadsheet downloads neutralise it (escape.spreadsheet_cell), so this is a warning for
the reviewer, not an error. Number columns hold numbers and are not looked at: -5 is a number.
"""

from __future__ import annotations

from . import escape, schemas
from .load import Package
from .paths import OPTIONAL_RESOURCES, PACKAGE_RESOURCES
from .problems import Problem


def formula_warnings(packages: list[Package]) -> list[Problem]:
    from .displaypath import display

    warnings = []
    for package in packages:
        for table in (*PACKAGE_RESOURCES, *OPTIONAL_RESOURCES):  # the tables a package always loads
            numbers = set(schemas.number_columns(table))
            where = display(package.folder / f"{table}.csv")
            for row, cells in enumerate(package.rows(table), start=2):
                for column, text in cells.items():
                    start = escape.formula_start(text) if column not in numbers else None
                    if start:
                        warnings.append(Problem("formula-like-text", where, row=row, column=column, value=text,
                                                params={"start": start}))
    return warnings
