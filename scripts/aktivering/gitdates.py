"""Dates from git: the data version and when things were added come from commits, never the clock."""

from __future__ import annotations

import subprocess

from .paths import ROOT


def git_date(*args: str) -> str:
    """The last date `git log` prints (the oldest, for --diff-filter=A), or '' outside git."""
    try:
        lines = subprocess.run(["git", "log", *args], cwd=ROOT, capture_output=True, text=True,
                               timeout=10).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return ""
    return lines[-1] if lines else ""
