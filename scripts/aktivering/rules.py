"""The domain rules, as small registered units.

A rule is one function of the package's rules object (`validate.Rules`: its package, vocabularies,
kommuner and `add`), registered with the problem codes it may report:

    @rule("unit-mismatch", "base-unit-mismatch")
    def check_units(rules): ...

Each code has its Danish and English templates in problems.py and a fixture under
tests/fixtures/packages/ that triggers it (tests/test_rules.py walks this registry and fails
otherwise). Rules run in stages (lower first; in the order they were registered within a stage).
A rule may live in any module of the package: `registered()` imports every module whose source
registers one (found by glob, never by a list), and the cached verdicts are keyed by every module
(cache.rules_digest), so a new module's rule runs on every package the next time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from . import cache

# Stages: rules on one package's rows first, then the checks across its tables, drafts last.
ROWS, TABLES, LAST = 10, 50, 90


@dataclass(frozen=True)
class Rule:
    name: str
    codes: tuple[str, ...]
    check: Callable
    stage: int


REGISTRY: dict[str, Rule] = {}
# Tests set this: a rule that reports a code it did not register is then an error (UndeclaredCode).
STRICT = False


class UndeclaredCode(Exception):
    pass


def rule(*codes: str, stage: int = TABLES):
    """Register a function as a rule that may report these codes."""
    def register(function: Callable) -> Callable:
        name = f"{function.__module__}.{function.__qualname__}"
        REGISTRY[name] = Rule(name, codes, function, stage)
        return function
    return register


_LOADED: list[bool] = []


def load() -> None:
    """Import every module of the package that registers a rule (by glob over its source), once."""
    if _LOADED:
        return
    _LOADED.append(True)
    for path in cache.code_files(".py"):
        if path.stem != "rules" and "@rule(" in path.read_text(encoding="utf-8"):
            parts = path.relative_to(cache.CODE).with_suffix("").parts
            importlib.import_module(".".join(("aktivering", *parts)))


def registered() -> list[Rule]:
    load()
    return sorted(REGISTRY.values(), key=lambda r: r.stage)  # stable: registration order within a stage


def run(rules, problems: list) -> None:
    """Every registered rule on one package; each reports into `problems` (through rules.add)."""
    for each in registered():
        start = len(problems)
        each.check(rules)
        if STRICT:
            stray = {p.code for p in problems[start:]} - set(each.codes)
            if stray:
                raise UndeclaredCode(f"{each.name} reported {sorted(stray)} without registering them")
