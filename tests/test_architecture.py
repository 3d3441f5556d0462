"""Documentation that cannot drift from the code (issue 12, item 8): every rule code is explained
for contributors, every command and option is in the README's table, and ARCHITECTURE.md names
only files that exist."""

from __future__ import annotations

import argparse
import re

from aktivering import rules
from aktivering.cli import build_parser

from conftest import ROOT


def test_every_rule_code_is_documented_for_contributors():
    docs = (ROOT / "data" / "README.md").read_text(encoding="utf-8") + (ROOT / "CONTRIBUTING.md").read_text(
        encoding="utf-8")
    codes = {code for each in rules.registered() for code in each.codes}
    assert codes
    assert sorted(code for code in codes if f"`{code}`" not in docs) == []


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings
            if option.startswith("--") and option != "--help"}


def test_every_command_and_option_is_in_the_readme_command_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `aktivering ")]
    parser = build_parser()
    for option in _options(parser):
        assert any(option in row for row in table), option
    for name, command in _subcommands(parser).items():
        rows = [row for row in table if row.startswith(f"| `aktivering {name}")]
        assert rows, f"no row for `aktivering {name}` in README.md's command table"
        for option in _options(command):
            assert any(option in row for row in rows), (name, option)


def test_architecture_names_only_files_that_exist():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:scripts|tests|data|hooks)/[\w./-]+)`", text))
    assert len(named) > 10
    assert sorted(path for path in named if not (ROOT / path).exists()) == []
    # and every module the pipeline picture names
    picture = text.split("## The pipeline", 1)[1].split("## Recipe", 1)[0]
    for module in re.findall(r"\b(\w+\.py)\b", picture):
        assert list((ROOT / "scripts" / "aktivering").rglob(module)) or (ROOT / "hooks" / module).exists(), module
