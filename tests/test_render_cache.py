"""The hook's cache of MkDocs' Markdown -> HTML conversion (issue 17): a page converted before in the
same context is taken from the signed cache with everything MkDocs keeps of a render; a render that
warned, or a change to the files a page can link to, converts again."""

from __future__ import annotations

import importlib.util
import logging

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from aktivering import cache

from conftest import ROOT


@pytest.fixture
def hook(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("generate_hook_under_test", ROOT / "hooks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "RENDERED", cache.Store("rendered", tmp_path / "cache"))
    return module


def site(tmp_path, pages: dict[str, str]):
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"))
    files = Files([File(name, str(docs), str(tmp_path / "site"), True) for name in pages])
    return config, files


def page(config, files, name: str) -> Page:
    p = Page(None, files.get_file_from_path(name), config)
    p.read_source(config)
    return p


def render(hook, config, files, name, monkeypatch, *, converts: bool) -> Page:
    """Render `name` through the hook; fail if it converts when it should come from the cache."""
    calls = []
    original = Page.render

    def counting(self, config, files):
        calls.append(self.file.src_uri)
        original(self, config, files)

    monkeypatch.setattr(Page, "render", counting)
    hook._context[0] = hook.render_context(config, files)
    p = page(config, files, name)
    hook.cached_render(p, config, files)
    monkeypatch.setattr(Page, "render", original)
    assert calls == ([name] if converts else []), f"{name}: converted {calls}"
    return p


PAGES = {
    "a.md": "# Første\n\nSe [den anden side](b.md#afsnit) og [her](#mere).\n\n## Mere {#mere}\n\nTekst.\n",
    "b.md": "---\ntitle: B\n---\n\n# Anden\n\n## Afsnit\n",
}


def test_a_page_converted_before_is_taken_from_the_cache_with_all_mkdocs_keeps(hook, tmp_path, monkeypatch):
    config, files = site(tmp_path, PAGES)
    first = render(hook, config, files, "a.md", monkeypatch, converts=True)
    again = render(hook, config, files, "a.md", monkeypatch, converts=False)
    assert again.content == first.content and "b/#afsnit" in again.content
    assert str(again.toc) == str(first.toc) and [i.active for i in again.toc] == [True]
    assert again.title == first.title == "Første"
    assert again.present_anchor_ids == first.present_anchor_ids == {"første", "mere"}
    assert again.links_to_anchors == first.links_to_anchors
    assert {f.src_uri: a for f, a in again.links_to_anchors.items()} == {"b.md": {"afsnit": "b.md#afsnit"},
                                                                         "a.md": {"første": "#første", "mere": "#mere"}}


def test_a_changed_text_or_file_set_converts_again(hook, tmp_path, monkeypatch):
    config, files = site(tmp_path, PAGES)
    render(hook, config, files, "a.md", monkeypatch, converts=True)
    (tmp_path / "docs" / "a.md").write_text(PAGES["a.md"] + "\nEt afsnit mere.\n", encoding="utf-8")
    render(hook, config, files, "a.md", monkeypatch, converts=True)
    config, files = site(tmp_path, {**PAGES, "c.md": "# C\n"})  # a new page: a link may now resolve
    render(hook, config, files, "a.md", monkeypatch, converts=True)


def test_a_render_that_warned_is_not_kept(hook, tmp_path, monkeypatch, caplog):
    """Guards against a cached page hiding a broken link: `--strict` must fail on every build, not
    only on the first one after the link broke."""
    config, files = site(tmp_path, {"a.md": "# A\n\nSe [en side der mangler](mangler.md).\n"})
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="mkdocs"):
            render(hook, config, files, "a.md", monkeypatch, converts=True)
        assert any("mangler.md" in r.getMessage() for r in caplog.records)


def test_a_forged_entry_is_not_used(hook, tmp_path, monkeypatch):
    config, files = site(tmp_path, PAGES)
    render(hook, config, files, "a.md", monkeypatch, converts=True)
    for entry in (tmp_path / "cache" / "rendered").iterdir():
        entry.write_bytes(entry.read_bytes().replace(b"Tekst", b"Falsk"))
    again = render(hook, config, files, "a.md", monkeypatch, converts=True)
    assert "Tekst" in again.content and "Falsk" not in again.content
