"""Two builds of the same commit are byte-identical, file for file; dates come from the data or
git, never from the clock."""

from __future__ import annotations

import ast
import difflib
import gzip
import time
from pathlib import Path

from site_support import ROOT, mkdocs_build

# MkDocs reads the clock only through SOURCE_DATE_EPOCH or, without it, datetime.now() (page
# update dates, the sitemap.xml.gz header). Handing the second build a clock a year and a half
# later is a build on another day as far as MkDocs is concerned.
LATER = str(int(time.time()) + 550 * 24 * 3600)


def build(site: Path, build_dir: Path, hash_seed: str, clock: str | None) -> None:
    env = {"AKTIVERING_BUILD_DIR": str(build_dir), "PYTHONHASHSEED": hash_seed}
    if clock:
        env["SOURCE_DATE_EPOCH"] = clock
    result = mkdocs_build(site, env)
    assert result.returncode == 0, result.stderr[-4000:]


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def explain(name: str, first: bytes, second: bytes) -> str:
    if name.endswith(".gz"):
        header = f"gzip header mtime {first[4:8].hex()} vs {second[4:8].hex()}; "
        first, second = gzip.decompress(first), gzip.decompress(second)
        if first == second:
            return f"{name}: {header}content identical"
    try:
        lines = difflib.unified_diff(first.decode().splitlines(), second.decode().splitlines(), lineterm="", n=0)
        return f"{name}:\n" + "\n".join(list(lines)[2:8])
    except UnicodeDecodeError:
        return f"{name}: binary, {len(first)} vs {len(second)} bytes"


def test_two_builds_are_byte_identical(tmp_path):
    """First build: empty chart cache, this hash seed, today's clock. Second build: the first's
    warm cache, another hash seed (set and dict order), and a clock 550 days on."""
    cache = tmp_path / "build"
    build(tmp_path / "first", cache, "1", None)
    build(tmp_path / "second", cache, "2", LATER)
    first, second = files(tmp_path / "first"), files(tmp_path / "second")
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], "\n\n".join(explain(n, first[n], second[n]) for n in differing[:10])


# Calls that read the clock. The generator must take its dates from the data or from git.
CLOCK_ATTRIBUTES = {"now", "utcnow", "today", "time_ns"}
CLOCK_IN_TIME_MODULE = {"time", "localtime", "gmtime", "ctime", "asctime", "strftime"}


def clock_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [f"{path.name}:{node.lineno} from time import {a.name}" for a in node.names
                      if a.name in CLOCK_IN_TIME_MODULE | CLOCK_ATTRIBUTES]
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        attribute, owner = node.func.attr, node.func.value
        in_time = isinstance(owner, ast.Name) and owner.id == "time" and attribute in CLOCK_IN_TIME_MODULE
        if attribute in CLOCK_ATTRIBUTES or in_time:
            found.append(f"{path.name}:{node.lineno} {ast.unparse(node.func)}()")
    return found


def test_generator_never_reads_the_clock():
    sources = sorted((ROOT / "scripts" / "aktivering").glob("*.py")) + sorted((ROOT / "hooks").glob("*.py"))
    assert len(sources) > 10
    assert [hit for path in sources for hit in clock_reads(path)] == []


def test_the_clock_check_finds_clock_reads(tmp_path):
    example = tmp_path / "example.py"
    example.write_text("import time\nfrom datetime import date, datetime\n"
                       "a = datetime.now()\nb = date.today()\nc = time.time()\nd = time.strftime('%Y')\n",
                       encoding="utf-8")
    assert len(clock_reads(example)) == 4
