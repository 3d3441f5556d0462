"""The one cache module (issue 12, item 4): every kind of entry is known to it, keys come from the
code by glob and imports, `make clean` removes every cache and build folder."""

from __future__ import annotations

import re
import shutil
import tomllib

from aktivering import cache

from conftest import NEEDS, ROOT


def test_every_kind_of_cache_entry_in_the_code_is_one_make_clean_removes():
    used = set()
    for path in cache.code_files(".py"):
        used |= set(re.findall(r"\bStore\(\"([a-z-]+)\"", path.read_text(encoding="utf-8")))
    assert used and used <= set(cache.KINDS)


def test_clean_removes_every_kind_and_this_checkouts_pages_only(tmp_path):
    root, generated, other = tmp_path / "cache", tmp_path / "cache" / "generated" / "mine", None
    for kind in cache.KINDS:
        (root / kind).mkdir(parents=True)
        (root / kind / "entry").write_bytes(b"x")
    generated.mkdir(parents=True)
    other = root / "generated" / "another-checkout"
    other.mkdir()
    (root / cache.SECRET).write_bytes(b"k" * 32)
    removed = cache.clean(root, generated)
    assert sorted(removed) == sorted([root / kind for kind in cache.KINDS] + [generated])
    assert not any((root / kind).exists() for kind in cache.KINDS) and not generated.exists()
    assert other.is_dir() and (root / cache.SECRET).is_file()


def test_make_clean_removes_every_build_folder_and_the_caches():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nclean:\n", 1)[1].split("\n\n", 1)[0]
    assert "-m aktivering.cache" in recipe
    removed = re.search(r"rm -rf (.*)", recipe).group(1).split()
    assert set(cache.BUILD_FOLDERS) <= set(removed)
    assert {".pytest_cache", "$(VENV)"} <= set(removed)


def test_a_chart_is_keyed_by_every_module_it_imports(monkeypatch, tmp_path):
    """Guards against chart SVGs keyed by charts.py alone: a change to how fmt.py wrote numbers
    kept serving SVGs with the old numbers from the cache. (Only the map is an SVG now; it writes
    its text through escape.py.)"""
    code = tmp_path / "aktivering"
    shutil.copytree(cache.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "CODE", code)
    before = cache.module_digest(code / "charts.py")
    (code / "pdfimport.py").write_text("# not imported by charts\n", encoding="utf-8")
    assert cache.module_digest(code / "charts.py") == before
    with open(code / "escape.py", "a", encoding="utf-8") as handle:
        handle.write("\n# a change to how the chart's text is escaped\n")
    assert cache.module_digest(code / "charts.py") != before


def test_a_template_or_module_anywhere_in_the_package_changes_the_code_digest(monkeypatch, tmp_path):
    code = tmp_path / "aktivering"
    shutil.copytree(cache.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "CODE", code)
    digests = [cache.code_digest()]
    (code / "templates" / "new.md.j2").write_text("{{ x }}\n", encoding="utf-8")
    digests.append(cache.code_digest())
    (code / "pages" / "new_page_type.py").write_text("X = 1\n", encoding="utf-8")  # in a subpackage
    digests.append(cache.code_digest())
    assert len(set(digests)) == 3


def test_the_markers_conftest_sets_are_registered_and_make_check_leaves_them_out():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    registered = {line.split(":")[0] for line in config["tool"]["pytest"]["ini_options"]["markers"]}
    assert set(NEEDS) == registered
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    check = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    assert all(f"not {name}" in check for name in NEEDS) and "browser-tools" not in check
