"""The house (issue 12): page types registered in one place, each with its template and its line in
ARCHITECTURE.md; a page type from outside the package is built like the others; no module spells
an address itself or reaches into another module's private names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aktivering import fmt, incremental, urls
from aktivering.build import without_letters_left_out
from aktivering.pages import PageType, Unit, page_types
from aktivering.pages.site import write_site
from aktivering.templating import TEMPLATES

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "aktivering"
# Templates that are not pages: shared macros, and the text files templating.py renders.
# Templates that are not pages: the text outputs; partials that page templates include start with "_".
# tal.md.j2: the figure pages' Markdown form, written only for the benchmark's floor (figurehtml.py).
NOT_PAGES = {"zip-readme.md.j2", "citation.bib.j2", "citation.ris.j2", "tal.md.j2"}


def architecture_page_types() -> list[str]:
    """The names ARCHITECTURE.md lists under "The page types:" in its "Add a page type" section."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## Add a page type", 1)[1].split("\n## ", 1)[0]
    listed = section.split("The page types:", 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^- `([a-z_]+)`", listed, flags=re.M)


def test_every_page_type_has_its_template_and_its_line_in_architecture():
    types = page_types()
    assert [t.name for t in types] == list(urls.PAGE_TYPES), "a page type's PAGE is named as its module"
    for page_type in types:
        assert (TEMPLATES / page_type.template).is_file(), f"{page_type.name}: no template {page_type.template}"
    assert architecture_page_types() == list(urls.PAGE_TYPES), \
        "ARCHITECTURE.md, 'Add a page type', lists every page type in the registry's order"


def test_every_page_template_belongs_to_a_page_type():
    used = {t.template for t in page_types()}
    pages = {p.name for p in TEMPLATES.glob("*.j2") if not p.name.startswith("_")} - NOT_PAGES
    assert pages == used, f"templates without a page type: {sorted(pages - used)}"


def test_the_architecture_list_is_read_as_written():
    """The docs test reads the list itself, not any line starting with a backtick: a page type
    named only in the prose above the list does not count."""
    assert "front" in architecture_page_types()
    assert "pieces" not in architecture_page_types()


PROEVE_TEMPLATE = """---
title: "Prøve"
---

# Prøve

<p>{{ count }} tal i {{ site.packages|length }} pakker. <a href="{{ url(page, urls.DATA) }}">Data</a></p>
"""


def test_a_page_type_from_a_test_module_is_built_and_kept_while_its_key_holds(tmp_path, real_validation):
    """The recipe at work: a page type defined here (module + template + registry entry, here the
    list handed to write_site) is written with the site, listed for MkDocs, and not made again
    while its key holds, yet kept in the output."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "proeve.md.j2").write_text(PROEVE_TEMPLATE, encoding="utf-8")
    made = []

    def write(w):
        made.append(1)
        w.write("proeve.md", "proeve.md.j2", count=len(w.site.figures))

    def units(w):
        return [Unit("page:proeve", incremental.key(w.shared_key, len(w.site.figures)), lambda: write(w))]

    proeve = PageType("proeve", "proeve.md.j2", units, template_dir=tmp_path / "templates")
    problems, packages = real_validation
    assert problems == []
    packages = without_letters_left_out(packages)
    out = tmp_path / "out"
    written = write_site(packages, out, "https://example.org/", [proeve])
    assert "proeve.md" in written and made == [1]
    page = (out / "proeve.md").read_text(encoding="utf-8")
    figures = sum(len(p.figures) for p in packages)
    assert f"<p>{figures} tal i {len(packages)} pakker." in page
    assert '<a href="../data/">Data</a>' in page
    assert not (out / urls.DATA).exists(), "only the page types handed over are written"
    again = write_site(packages, out, "https://example.org/", [proeve])
    assert made == [1], "unchanged key: not made again"
    assert "proeve.md" in again and (out / "proeve.md").read_text(encoding="utf-8") == page


# Literals only urls.py may hold: a page's or download's address spelled by hand.
ADDRESS = re.compile(r"^(downloads|kommuner|breve)/|(?<![A-Z_])[a-z_-]+\.md$|/index\.md$")
ALLOWED: set[tuple[str, str]] = set()


def _literals(tree: ast.AST):
    """Every string constant in code (docstrings left out), with the f-string pieces."""
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module)
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def _modules():
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts] + [ROOT / "hooks" / "generate.py"]


def test_no_module_spells_an_address_by_hand():
    found = []
    for path in _modules():
        if path.name == "urls.py":
            continue
        for text in _literals(ast.parse(path.read_text(encoding="utf-8"))):
            if ADDRESS.search(text) and (path.name, text) not in ALLOWED:
                found.append(f"{path.relative_to(ROOT)}: {text!r}")
    assert found == [], "ask urls.py: " + "; ".join(found)


def test_no_template_spells_an_address_by_hand():
    found = [f"{p.name}: {m.group()}" for p in sorted(TEMPLATES.glob("*.j2"))
             for m in re.finditer(r"""['"](?:downloads/|kommuner/|breve/)[^'"]*['"]|['"][a-z_/-]+\.md['"]""",
                                  p.read_text(encoding="utf-8"))]
    assert found == [], "ask urls (a template global): " + "; ".join(found)


def test_the_address_check_catches_what_it_is_for():
    caught = [t for t in ("downloads/x.zip", "kommuner/helsingoer.md", "breve/", "data.md", "kommuner/index.md")
              if ADDRESS.search(t)]
    missed = [t for t in ("README.md", "CONTRIBUTING.md", "downloads:alle", "page:kommuner", "kommuner")
              if ADDRESS.search(t)]
    assert len(caught) == 5 and missed == []


def test_no_module_imports_another_modules_private_name():
    """Imports one way (issue 12, item 5): a shared helper is public in a module of its own."""
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                local |= {a.asname or a.name for a in node.names}
                found += [f"{path.name}: from {node.module} import {a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in local
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert found == []


def _old_size_da(size: int) -> str:
    """How pages.py wrote a size before babel did (issue 12, item 6): the Data page must not change."""
    return f"{fmt.number_da(round(size / 1024, 1))} kB" if size >= 1024 else f"{size} byte"


@given(st.integers(min_value=0, max_value=10**12))
def test_sizes_by_babel_are_what_the_page_said_before(size):
    assert fmt.size_da(size) == _old_size_da(size)


@pytest.mark.parametrize("size, text", [(0, "0 byte"), (1023, "1023 byte"), (1024, "1 kB"), (1075, "1 kB"),
                                        (1127, "1,1 kB"), (1_264_128, "1.234,5 kB")])
def test_sizes_as_the_data_page_writes_them(size, text):
    assert fmt.size_da(size) == text


def test_a_writers_records_are_its_rows_as_dicts_and_follow_a_replaced_table(tmp_path, real_validation):
    """Figure pages converted their package's slice of the site table to dicts on every call
    (pandas work per page); `PageWriter.records` converts the table once. It must give exactly
    what converting the slice gives, and not keep serving a table the model has since replaced."""
    from aktivering.load import records
    from aktivering.model import build_site_model
    from aktivering.pages.writer import PageWriter

    _, packages = real_validation
    site = build_site_model(packages)
    writer = PageWriter(site, tmp_path, "https://example.org/", incremental.Outputs(tmp_path), "key")
    for package in packages:
        for table in ("figures", "initiatives"):
            assert writer.records(table, "package", package.name) == records(writer.rows(table, "package",
                                                                                        package.name))
    assert writer.records("figures", "package", "no-such-package") == []
    first = packages[0].name
    site.figures = site.figures[site.figures["package"] != first]
    assert writer.records("figures", "package", first) == [] and writer.rows("figures", "package", first).empty
