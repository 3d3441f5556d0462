"""The gate's rules for commitments.csv and referred_letters.csv (issue 14), per package.

A registered rule (rules.py), run with the others. Quotes are checked by the same rule as every other quote
(`quote-not-found`, `quote-ambiguous`); the rest have their own codes (problems.py, "issue 14").
"""

from __future__ import annotations

import dataclasses

from . import periods
from .integrity import in_window, window_params
from .paths import OPTIONAL_RESOURCES
from .problems import Problem
from .rules import rule
from .safety import character_params, refused_cells


def listed(package, table: str) -> bool:
    return any(isinstance(r, dict) and r.get("name") == table for r in package.descriptor.get("resources", []))


@rule("optional-resource-unlisted", "commitment-due-invalid", "commitment-due-before-letter",
      "commitment-due-text-not-in-quote", "commitment-link-unknown", "commitment-figure-not-forecast",
      "followup-incomplete", "followup-not-later", "forecast-without-commitment", "referred-letter-not-earlier",
      "id-prefix", "quote-not-found", "quote-ambiguous", "char-illegal", "char-invisible")
def check_package(rules) -> None:
    package = rules.package
    for table in OPTIONAL_RESOURCES:
        if (package.folder / f"{table}.csv").is_file() and not listed(package, table):
            rules.add("optional-resource-unlisted", table, value=f"{table}.csv")
    try:
        commitments = list(rules.rows("commitments")) if listed(package, "commitments") else []
        referred = list(rules.rows("referred_letters")) if listed(package, "referred_letters") else []
    except (ValueError, UnicodeDecodeError):
        return  # unreadable: frictionless and the CSV checks have said why
    for table, rows in (("commitments", commitments), ("referred_letters", referred)):
        if table not in package.tables:  # parsed by the fast path: check_cells has seen them
            _check_cells(rules, table, rows)
    dates = rules.document_dates()
    figures = {f.get("figure_id"): f for f in package.rows("figures")}
    initiatives = set(package.column("initiatives", "initiative_id"))
    stated: set[str] = set()
    for row, c in commitments:
        rules.check_prefix("commitments", row, "commitment_id", c.get("commitment_id"))
        rules.check_quote("commitments", row, c)
        _check_due(rules, row, c, dates.get(c.get("document_id", "")))
        for figure_id in (c.get("figure_ids") or "").split():
            stated.add(figure_id)
            figure = figures.get(figure_id)
            if figure is None:
                rules.add("commitment-link-unknown", "commitments", row, "figure_ids", figure_id, "figures.csv")
            elif figure.get("forecast") != "true" or figure.get("document_id") != c.get("document_id"):
                rules.add("commitment-figure-not-forecast", "commitments", row, "figure_ids", figure_id,
                          c.get("document_id"))
        if c.get("initiative_id") and c["initiative_id"] not in initiatives:
            rules.add("commitment-link-unknown", "commitments", row, "initiative_id", c["initiative_id"],
                      "initiatives.csv")
        _check_followup(rules, row, c, dates)
    if commitments:  # a package that records its commitments records all of them
        for row, figure in rules.rows("figures"):
            if figure.get("forecast") == "true" and figure.get("figure_id") not in stated:
                rules.add("forecast-without-commitment", "figures", row, "figure_id", figure.get("figure_id"))
    for row, r in referred:
        rules.check_quote("referred_letters", row, r)
        mentioned = dates.get(r.get("document_id", ""))
        if mentioned and r.get("date") and r["date"] >= mentioned:
            rules.add("referred-letter-not-earlier", "referred_letters", row, "date", r["date"], mentioned)


def _check_cells(rules, table: str, rows) -> None:
    for row, column, cell, (code, position) in refused_cells(rows):
        rules.add(code, table, row, column, None, **character_params(cell, position))


def _check_due(rules, row: int, c: dict, letter_date: str | None) -> None:
    due, text = c.get("due") or "", c.get("due_text") or ""
    if text and " ".join(text.split()).lower() not in " ".join((c.get("quote") or "").split()).lower():
        rules.add("commitment-due-text-not-in-quote", "commitments", row, "due_text", text)
    if not due:
        return
    try:
        first, last = periods.bounds(due)
    except ValueError:
        rules.add("commitment-due-invalid", "commitments", row, "due", due, **window_params())
        return
    if not in_window(last) or (first and not in_window(first)):
        rules.add("commitment-due-invalid", "commitments", row, "due", due, **window_params())
    elif letter_date and last.isoformat() < letter_date:
        rules.add("commitment-due-before-letter", "commitments", row, "due", due, letter_date)


def _check_followup(rules, row: int, c: dict, dates: dict[str, str]) -> None:
    parts = {k: c.get(k) or "" for k in ("followup_document_id", "followup_status", "followup_quote")}
    if not any(parts.values()):
        return
    empty = [k for k, v in parts.items() if not v]
    if empty:
        rules.add("followup-incomplete", "commitments", row, empty[0], "", ", ".join(parts))
        return
    later = parts["followup_document_id"]
    if later not in dates:
        rules.add("commitment-link-unknown", "commitments", row, "followup_document_id", later, "documents.csv")
        return
    if dates[later] <= dates.get(c.get("document_id", ""), "9999"):
        rules.add("followup-not-later", "commitments", row, "followup_document_id", later,
                  dates.get(c.get("document_id", "")))
        return
    before = len(rules.problems)
    rules.check_quote("commitments", row, {"quote": parts["followup_quote"], "document_id": later})
    rules.problems[before:] = [dataclasses.replace(p, column="followup_quote") for p in rules.problems[before:]]


__all__ = ["check_package", "Problem"]
