"""The rule registry (issue 12, item 3): each rule is one registered function with its codes, each
code has its two templates and a fixture that triggers it, and a rule in a new module runs, even
on a package whose clean verdict was cached before the module existed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from test_validate import EXPECTED

import aktivering
from aktivering import cache, rules
from aktivering import validate as validate_module
from aktivering.problems import TEMPLATES

from conftest import FIXTURES, ROOT

# Codes a fixture folder in git cannot hold: git keeps no hard links, and a file over the size
# limit does not belong in the repository. The tests named make them at run time.
MADE_AT_RUN_TIME = {"hard-link": "test_a_hard_linked_transcript_is_not_read_or_quoted",
                    "file-too-large": "test_damaged_inputs_are_refused"}


def declared() -> set[str]:
    return {code for each in rules.registered() for code in each.codes}


def test_every_rule_code_has_danish_and_english_templates():
    assert rules.registered(), "no rule is registered"
    missing = sorted(code for code in declared() if set(TEMPLATES.get(code, {})) != {"da", "en"})
    assert missing == []


def test_every_rule_code_is_the_code_of_a_fixture():
    """Each code is what some fixture under tests/fixtures/packages/ is expected to fail with
    (test_validate.EXPECTED; test_broken_fixture_fails_with_its_code proves it does)."""
    primary = {code for code, _ in EXPECTED.values()}
    gate = (ROOT / "tests" / "test_gate.py").read_text(encoding="utf-8")
    for code, test in MADE_AT_RUN_TIME.items():
        assert f"def {test}(" in gate and f'"{code}"' in gate, (code, test)
    assert sorted(declared() - primary - set(MADE_AT_RUN_TIME)) == []


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_no_rule_reports_a_code_it_did_not_register(monkeypatch, case):
    monkeypatch.setattr(rules, "STRICT", True)
    validate_module.validate([str(FIXTURES / case)], cache.NO_MEMORY)  # raises rules.UndeclaredCode otherwise


PROBE = '''
from aktivering.rules import rule


@rule("draft-unreviewed")
def check_probe(rules):
    rules.add("draft-unreviewed", "figures", 2, "note", "probe")
'''


def test_a_rule_in_a_new_module_runs_although_the_package_passed_before(monkeypatch, tmp_path):
    """Guards against verdicts keyed by a hand-kept list of rule modules: a rule in a module that
    list did not name never ran on a package with a cached clean verdict."""
    valid = str(FIXTURES / "valid")
    monkeypatch.setattr(cache, "CLEAN_FOLDERS", {})
    assert validate_module.validate([valid])[0] == []  # clean: a verdict is cached now
    code = tmp_path / "aktivering"
    shutil.copytree(cache.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    (code / "probe_rule.py").write_text(PROBE, encoding="utf-8")
    monkeypatch.setattr(cache, "CODE", code)
    monkeypatch.setattr(aktivering, "__path__", [*aktivering.__path__, str(code)])
    monkeypatch.setattr(rules, "_LOADED", [])
    monkeypatch.setattr(rules, "REGISTRY", dict(rules.REGISTRY))
    monkeypatch.delitem(sys.modules, "aktivering.probe_rule", raising=False)
    monkeypatch.setattr(cache, "CLEAN_FOLDERS", {})
    try:
        problems, _ = validate_module.validate([valid])
    finally:
        sys.modules.pop("aktivering.probe_rule", None)
    assert [(p.code, p.value) for p in problems] == [("draft-unreviewed", "probe")]


def test_a_module_in_a_subpackage_changes_the_rules_digest(monkeypatch, tmp_path):
    code = tmp_path / "aktivering"
    shutil.copytree(cache.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "CODE", code)
    before = cache.rules_digest()
    (code / "checks").mkdir()
    (code / "checks" / "new_rule.py").write_text("RULE = 1\n", encoding="utf-8")
    assert cache.rules_digest() != before
    assert Path(code / "checks" / "new_rule.py") in cache.code_files(".py")
