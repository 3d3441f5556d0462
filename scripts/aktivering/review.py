"""What changed in the packages since a git ref (`aktivering diff <ref>`): letters, figures,
initiatives and non-figures added, changed (column: old → new) and removed, per package — what a
reviewer reads on a pull request."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import csvformat
from .escape import markdown_code, markdown_text
from .paths import PACKAGES

# table -> the columns that identify a row. Letters are included (a new letter is what most pull
# requests add), and so are non-figures: a number filed there is one that no figure reports.
TABLES = {"documents": ("document_id",), "figures": ("figure_id",), "initiatives": ("initiative_id",),
          "non_figures": ("document_id", "text", "quote")}
# What identifies a row for a reader, shown for added and removed rows.
SUMMARY = {
    "documents": ("date", "title"),
    "figures": ("value", "value_max", "unit", "measure", "benefit", "category", "reference_period"),
    "initiatives": ("name", "status", "participants_planned", "participants_actual"),
    "non_figures": ("reason", "note"),
}
WORDS = {
    "da": {"added": "tilføjet", "changed": "ændret", "removed": "fjernet", "none": "Ingen ændringer i breve, tal "
           "eller initiativer siden {ref}.", "title": "Ændringer siden {ref}", "unreadable": "kan ikke læses",
           "documents": "Breve", "figures": "Tal", "initiatives": "Initiativer",
           "non_figures": "Tal, der ikke er opgørelser", "empty": "(tom)"},
    "en": {"added": "added", "changed": "changed", "removed": "removed", "none": "No changes to letters, figures "
           "or initiatives since {ref}.", "title": "Changes since {ref}", "unreadable": "cannot be read",
           "documents": "Letters", "figures": "Figures", "initiatives": "Initiatives",
           "non_figures": "Numbers that are not figures", "empty": "(empty)"},
}


class GitError(RuntimeError):
    """git refused: not a repository, or an unknown ref."""


@dataclass
class Change:
    table: str
    id: str                                                # the id; for a non-figure: document and number
    kind: str                                              # added | changed | removed
    row: dict = field(default_factory=dict)                # the new row (the old one when removed)
    columns: list[tuple[str, str, str]] = field(default_factory=list)  # (column, old, new) when changed


def _git(args: list[str], cwd: Path) -> bytes:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


def rows_by_key(raw: bytes, where: str, table: str) -> dict[str, dict]:
    """identifying text -> row, read as the validator reads (an Excel-saved file included)."""
    parsed = csvformat.read(raw, where, csvformat.schema_for(table))
    rows = [dict(zip(parsed.header, row)) for row in parsed.rows if any(cell.strip() for cell in row)]
    return {" ".join(row.get(column, "") for column in TABLES[table]): row for row in rows}


def _shown(table: str, key: str, row: dict) -> str:
    # A non-figure is named by its letter and number; its quote is shown after it.
    return f"{row.get('document_id', '')} {row.get('text', '')}" if table == "non_figures" else key


def diff_rows(table: str, old: dict[str, dict], new: dict[str, dict]) -> list[Change]:
    changes = [Change(table, _shown(table, key, new[key]), "added", new[key]) for key in new if key not in old]
    for key in new:
        if key in old:
            columns = [(c, old[key].get(c, ""), new[key].get(c, "")) for c in dict.fromkeys([*new[key], *old[key]])
                       if old[key].get(c, "") != new[key].get(c, "")]
            if columns:
                changes.append(Change(table, _shown(table, key, new[key]), "changed", new[key], columns))
    changes += [Change(table, _shown(table, key, old[key]), "removed", old[key]) for key in old if key not in new]
    return sorted(changes, key=lambda c: csvformat.natural_key(c.id))


def changes_since(ref: str, packages: Path = PACKAGES) -> dict[str, list[Change] | str]:
    """package folder name -> its changes (or why a file cannot be read), for every package with any."""
    top = Path(_git(["rev-parse", "--show-toplevel"], packages).decode().strip()).resolve()
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], packages).decode().strip()
    except GitError:
        raise GitError(f"{ref!r} is not a commit in {top}") from None
    relative = packages.resolve().relative_to(top).as_posix()
    listing = _git(["ls-tree", "--name-only", f"{commit}:{relative}"], top).decode().split() \
        if _exists(commit, relative, top) else []
    names = sorted(set(listing) | {p.name for p in packages.iterdir() if p.is_dir() and not p.name.startswith(".")})
    report: dict[str, list[Change] | str] = {}
    for name in names:
        changes: list[Change] = []
        try:
            for table in TABLES:
                path = f"{relative}/{name}/{table}.csv"
                old = (rows_by_key(_git(["show", f"{commit}:{path}"], top), path, table)
                       if _exists(commit, path, top) else {})
                current = packages / name / f"{table}.csv"
                new = rows_by_key(current.read_bytes(), path, table) if current.is_file() else {}
                changes += diff_rows(table, old, new)
        except csvformat.Refused as refused:
            report[name] = "; ".join(p.location() for p in refused.problems)
            continue
        if changes:
            report[name] = changes
    return report


def _exists(commit: str, path: str, top: Path) -> bool:
    return subprocess.run(["git", "cat-file", "-e", f"{commit}:{path}"], cwd=top, capture_output=True).returncode == 0


def _cell(text: str, words: dict, limit: int | None = None) -> str:
    if not text:
        return words["empty"]
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return markdown_code(text)


def report(ref: str, changes: dict[str, list[Change] | str], lang: str = "da") -> str:
    """Markdown: one section per package, one bullet per row (for a terminal and a job summary)."""
    words = WORDS[lang]
    if not changes:
        return words["none"].format(ref=ref) + "\n"
    lines = [f"## {words['title'].format(ref=ref)}"]
    for package, items in changes.items():
        lines += ["", f"### {markdown_text(package)}"]
        if isinstance(items, str):
            lines.append(f"- {words['unreadable']}: {markdown_code(items)}")
            continue
        for table in TABLES:
            mine = [c for c in items if c.table == table]
            if not mine:
                continue
            counts = ", ".join(f"{sum(c.kind == k for c in mine)} {words[k]}" for k in ("added", "changed", "removed"))
            lines += ["", f"**{words[table]}** ({table}.csv): {counts}", ""]
            for change in mine:
                if change.kind == "changed":
                    detail = "; ".join(f"{markdown_text(column)}: {_cell(old, words)} → {_cell(new, words)}"
                                       for column, old, new in change.columns)
                else:
                    summary = [change.row.get(c, "") for c in SUMMARY[table] if change.row.get(c)]
                    detail = " · ".join(markdown_text(text) for text in summary)
                    if change.row.get("quote"):
                        detail += " — " + _cell(change.row["quote"], words, 160)
                lines.append(f"- {words[change.kind]} {markdown_code(change.id)}: {detail}")
    return "\n".join(lines) + "\n"
