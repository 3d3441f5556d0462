"""Issue 10, the output, cache and CI side: nothing in the tree is trusted as cache or output, one
escaping place per output format, formula neutralisation, CI output that cannot be hijacked, and
broken caches that end in a re-make or a message, never a traceback.

Hostile values come from the parts nobody thinks of as contributor text: vocabulary ids and
labels, kommune and region names, package folder names, ids; forged and tracked cache files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import jinja2
import markdown
import pandas as pd
import pytest
import yaml
from rdflib import Graph, URIRef
from test_hostile import INSPECT, assert_inert, read_table, write_table
from test_review import GIT, committed_package, git

from aktivering import cache, charts, escape, incremental, opendata, review
from aktivering.scaffold import slug
from aktivering.validate import package_digest, rules_digest, valid_before, validate

from conftest import FIXTURES, ROOT
from site_support import html_pages, mkdocs_build, serve

RUN = "window.__pwned='{}'"
MARKDOWN_PAYLOAD = ("[klik-{m}](javascript:window.__pwned='{m}') ![billede-{m}](http://evil.example/{m}.png) "
                    "<img src=x onerror=\"window.__pwned='{m}'\"> *fed* `kode` {{: onclick=\"window.__pwned='{m}'\" }}")


class _Elements(HTMLParser):
    """Tags and attributes of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


# --- one escaping place per format -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    MARKDOWN_PAYLOAD.format(m="heading"),
    "Region {: #id onclick=\"x()\" }",
    "Navn <https://evil.example/> [x]: https://evil.example/",
    "Navn # ## \\ | ~~gennemstreget~~ _kursiv_ & &amp; &lt;",
])
def test_markdown_heading_shows_text_and_no_markup(text):
    """Vocabulary labels and kommune/region names reached Markdown headings as Markdown: a
    javascript: link, a third-party image and attr_list's {: onclick=… } were live."""
    rendered = markdown.markdown(f"## {escape.markdown(text)} Kommune", extensions=["attr_list", "toc"])
    parsed = _parse(rendered)
    assert [tag for tag, _ in parsed.tags] == ["h2"], rendered
    assert [name for name in parsed.tags[0][1] if name != "id"] == [], rendered
    assert parsed.text == f"{text} Kommune"


@pytest.mark.parametrize("value", ["Helsingør 😀", 'a "quoted": #not-a-comment', "line\nbreak", "\x07bell",
                                   "'single'", "- list", "2026-11-23", "{flow: [x]}", "", "…\u2028…",
                                   "ends with...", "a\n---\nb", "a\n...\n"])
def test_front_matter_value_reads_back_as_itself(value):
    """An emoji in a title broke the page's front matter (tojson wrote surrogate escapes YAML
    refuses) and its JSON-LD vanished. A value is one line: MkDocs ends front matter at a line of
    --- or ..., and a trailing "..." is not YAML's document end marker."""
    dumped = escape.yaml_value(value)
    assert "\n" not in dumped
    assert yaml.safe_load(f"key: {dumped}\nnext: 1\n") == {"key": value, "next": 1}


def test_front_matter_text_is_html_escaped_for_the_theme():
    """The theme prints title and description into <title> and <meta content="…"> unescaped."""
    dumped = escape.front_matter_text('x"><script>y</script>')
    value = yaml.safe_load(f"title: {dumped}")["title"]
    assert value == "x&#34;&gt;&lt;script&gt;y&lt;/script&gt;"


@pytest.mark.parametrize("name", ["217-helsingør", "a b", 'x"<>{}|\\^`', "100%", "%41", "#frag?q", "\x01ctl"])
def test_iri_is_valid_turtle_and_keeps_its_meaning(name):
    iri = escape.iri(f"https://example.org/downloads/{escape.path_segment(name)}.zip")
    assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", iri), iri
    graph = Graph().parse(data=f"<{iri}> <http://purl.org/dc/terms/title> \"x\" .", format="turtle")
    assert [str(s) for s in graph.subjects()] == [iri]
    from urllib.parse import unquote
    assert unquote(iri) == f"https://example.org/downloads/{name}.zip"


def _stub_site(names: list[str], title: str) -> SimpleNamespace:
    columns = {("documents", "document_id"): ["x-2017-12-10"], ("documents", "date"): ["2017-12-10"],
               ("figures", "reference_period"): ["2017-11"]}
    packages = [SimpleNamespace(name=name, descriptor={"title": title, "description": title, "keywords": [title]},
                                documents=pd.DataFrame({"date": ["2017-12-10"]}), kommune_code=None,
                                column=lambda table, column: columns[table, column])
                for name in names]
    return SimpleNamespace(packages=packages, updated={name: "2026-11-23" for name in names},
                           added={"x-2017-12-10": "2026-11-23"})


HOSTILE_NAMES = ["217-helsingør", 'x"> <y', "a b#c?d", "{}|^`\\", "..", "%zz"]
HOSTILE_TITLE = "Titel \x01\x0b med \ufffe kontrol </script> ]]> \"'<&> 😀 \ud800"


def test_catalogue_parses_with_hostile_folder_names_and_titles():
    """Package folder names broke catalog.ttl and made invalid IRIs."""
    site = _stub_site(HOSTILE_NAMES, HOSTILE_TITLE)
    pages = {name: f"kommuner/{escape.path_segment(name)}/" for name in HOSTILE_NAMES}
    text = opendata.dcat_catalogue(site, "https://example.org/site/", "2026-11-23", pages)
    graph = Graph().parse(data=text, format="turtle")
    datasets = sorted(str(s) for s in graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                     URIRef("http://www.w3.org/ns/dcat#Dataset")))
    assert len(datasets) == len(HOSTILE_NAMES) + 1  # and the combined dataset
    for node in graph.all_nodes():
        if isinstance(node, URIRef):
            assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", str(node)), node


def test_feed_is_well_formed_with_control_characters():
    """Control characters made feed.xml not well-formed."""
    entries = [{"title": HOSTILE_TITLE, "url": "https://example.org/a b/<x>", "id": "https://example.org/\x01",
                "updated": "2026-11-23", "summary": HOSTILE_TITLE}]
    root = ET.fromstring(opendata.atom_feed(entries, "https://example.org/", "2026-11-23").encode("utf-8"))
    atom = "{http://www.w3.org/2005/Atom}"
    entry = root.find(f"{atom}entry")
    assert entry.find(f"{atom}title").text == escape.xml_legal(HOSTILE_TITLE)
    assert " " not in entry.find(f"{atom}link").get("href")


def test_json_ld_stays_inside_its_script_block():
    site = _stub_site(["x</script><script>"], HOSTILE_TITLE)
    text = opendata.dataset_jsonld(site.packages[0], "https://example.org/", "https://example.org/p/", "2026-11-23",
                                   None)
    assert "<" not in text
    data = json.loads(text)
    assert data["name"] == HOSTILE_TITLE
    assert all(" " not in d["contentUrl"] and "<" not in d["contentUrl"] for d in data["distribution"])


def test_download_readme_is_inert_markdown():
    """The zip's README.md printed the descriptor's title, description and sources as Markdown."""
    from markdown_it import MarkdownIt

    hostile = MARKDOWN_PAYLOAD.format(m="readme") + " <script>x</script> &amp; \n# ny overskrift"
    package = SimpleNamespace(name="101-x", descriptor={"title": hostile, "description": hostile,
                                                        "sources": [{"title": hostile}]})
    text = opendata.readme_for(package, "https://example.org/", "2026-11-23", "https://example.org/p/")
    parsed = _parse(MarkdownIt("commonmark").render(text))
    assert {tag for tag, _ in parsed.tags} <= {"h1", "h2", "p", "ul", "li", "code"}, text
    assert " ".join(hostile.split()) in " ".join(parsed.text.split())


def test_svg_label_attributes_are_escaped():
    """Vocabulary ids end up in the chart's id and aria-labelledby: an onload ran in Chromium."""
    chart_id = "diagram-x\" onload=\"window.__pwned=1\" y=\"<"
    svg = charts._label('<svg class="marks" width="10"><g/></svg>', chart_id, "Titel <b>", "Beskrivelse & mere")
    root = ET.fromstring(svg)
    assert "onload" not in root.attrib
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root.find("title").text == "Titel <b>"


# --- formula neutralisation --------------------------------------------------------------------

def test_excel_download_neutralises_formulas_and_keeps_numbers():
    """Cells beginning = + - @ TAB or CR went unneutralised into the Excel-bound downloads."""
    texts = ["=1+1", "+45 12 34 56", "-abc", "@SUM(A1)", "\tTAB", "\rCR", "almindelig", "", "'allerede"]
    frame = pd.DataFrame({"note": texts, "value": ["-5", "12.5", "-0.5", "7", "1", "2", "3", "4", "5"]})
    text = opendata._excel_text(frame, ["value"], header=True)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["note", "value"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+45 12 34 56", "'-abc", "'@SUM(A1)", "'\tTAB", "'\rCR",
                                        "almindelig", "", "'allerede"]
    assert [r[1] for r in rows[1:]] == ["-5", "12,5", "-0,5", "7", "1", "2", "3", "4", "5"]


def test_formula_like_text_is_a_warning_not_an_error():
    folder = FIXTURES / "formula-like-text"
    problems, packages = validate([str(folder)])
    assert problems == []
    from aktivering.cautions import formula_warnings

    warnings = formula_warnings(packages)
    assert [(w.code, w.row, w.column) for w in warnings] == [("formula-like-text", 3, "note")]
    assert warnings[0].format("en").startswith("tests/fixtures/packages/formula-like-text/figures.csv:3:note: "
                                               "[formula-like-text] warning:")
    assert "advarsel" in warnings[0].format("da")
    done = subprocess.run([sys.executable, "-m", "aktivering.cli", "validate", str(folder)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0 and "[formula-like-text]" in done.stdout


# --- CI output ---------------------------------------------------------------------------------

def _assert_ci_safe(output: str) -> None:
    for line in output.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line
        assert not line.lstrip().startswith(("```", "~~~", "<")), line


@pytest.mark.parametrize("case", ["ci-command-in-header", "ci-command-in-cell"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_validate_output_holds_no_workflow_command(case, lang):
    """A newline in a cell or header made `validate` print GitHub workflow commands (`::error …`)
    or close the job summary's code block."""
    done = subprocess.run([sys.executable, "-m", "aktivering.cli", "--lang", lang, "validate",
                           str(FIXTURES / case)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert "::" in done.stdout  # the text is shown, escaped
    _assert_ci_safe(done.stdout)
    assert all(line.startswith("tests/fixtures/packages/") for line in done.stdout.splitlines())


@pytest.mark.parametrize("text", ["::error file=x::y", "  ::add-mask::secret", "a\n::stop-commands::t",
                                  "a\r::warning::b", "x ##[error]y", "a\u2028::error::b", "\x1b[31mred"])
def test_ci_line_is_one_line_and_never_a_command(text):
    line = escape.ci_line(text)
    assert "\n" not in line and "\r" not in line and "\u2028" not in line and "\x1b" not in line
    _assert_ci_safe(line)


@pytest.fixture
def hostile_diff_repo(tmp_path):
    packages = committed_package(tmp_path)
    figures = packages / "101-koebenhavn" / "figures.csv"
    rows = read_table(figures)
    rows[0]["category"] = "x\n::error title=pwned::y\n```\n<img src=x onerror=alert(1)>"
    rows[0]["note"] = "[klik](javascript:alert(1)) `` ` `` https://evil.example/"
    rows[1]["value"] = "13.5"
    added = dict(rows[1], figure_id="101-f009", unit="<b>pct.</b>", measure="![i](http://evil.example/i.png)")
    write_table(figures, [*rows, added])
    shutil.copytree(packages / "101-koebenhavn", packages / "::error::x [y](javascript:z)")
    return tmp_path


def test_diff_report_is_inert_markdown(hostile_diff_repo):
    """`aktivering diff` printed contributor markup into the job summary."""
    done = subprocess.run([sys.executable, "-m", "aktivering.cli", "diff", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **GIT, "AKTIVERING_DATA": str(hostile_diff_repo / "data")})
    assert done.returncode == 0, done.stderr
    _assert_ci_safe(done.stdout)
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(done.stdout)
    parsed = _parse(html)
    assert {tag for tag, _ in parsed.tags} <= {"h2", "h3", "p", "strong", "ul", "li", "code"}, html
    assert "101-f009" in done.stdout and "javascript:" in done.stdout  # shown, as code
    for line in done.stdout.splitlines():
        for text in ("javascript:", "evil.example", "<img", "<b>"):
            if text in line:  # contributor text only inside code spans
                assert all(text not in outside for outside in re.split(r"(`+)[^`]*?\1", line)[::2]), line


def test_real_diff_output_is_unchanged_in_form():
    assert review.report("x", {}) == "Ingen ændringer i breve, tal eller initiativer siden x.\n"
    assert escape.markdown_text("101-koebenhavn") == "101-koebenhavn"
    assert escape.markdown_text("50 · personer · deltagere_antal") == "50 · personer · deltagere_antal"
    assert escape.markdown_text("12.5") == "12.5"
    assert escape.markdown_text("www.evil.example") == "`www.evil.example`"
    assert escape.markdown_code("a ` b") == "``a ` b``"


# --- nothing in the tree is trusted as cache or output -----------------------------------------

@pytest.fixture
def stores(tmp_path, monkeypatch):
    """Every cache in a temp folder, as the build would use it."""
    root = tmp_path / "cache"
    monkeypatch.setattr(cache, "CACHE_DIR", root)
    for owner in (cache.Verdict, cache.TemplateCache):
        monkeypatch.setattr(owner, "STORE", cache.Store(owner.STORE.kind, root))
    monkeypatch.setattr(charts, "CACHE", cache.Store("charts", root))
    return root


@pytest.mark.parametrize("forged", [b"", b"valid", cache.MAGIC + b"\0" * 32 + b"valid"])
def test_a_verdict_cannot_be_forged_by_creating_a_file(stores, forged):
    """The verdict cache was a file whose name anyone can compute: `touch` it and an invalid
    package published."""
    folder = FIXTURES / "value-not-a-number"
    verdict = valid_before(rules_digest(), package_digest(folder))
    path = verdict.STORE._path(verdict.key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(forged)
    problems, _ = validate([str(folder)])
    assert "type-error" in {p.code for p in problems}
    assert not verdict.exists()


def test_a_warm_validation_reads_the_rows_a_cold_one_read_without_pandas(stores, monkeypatch):
    """A warm validation (the verdict cached) parsed every table again with pandas: a third of
    its time at 98 kommuner. The fast path's verdict now says so, and the tables are read again as
    that path read them: the same rows, and no pandas parse."""
    from aktivering import load

    folder = FIXTURES / "valid"
    monkeypatch.setattr(cache, "CLEAN_FOLDERS", {})
    problems, (cold,) = validate([str(folder)])
    assert not problems
    assert valid_before(rules_digest(), package_digest(folder)).kind() == "rows"
    monkeypatch.setattr(cache, "CLEAN_FOLDERS", {})  # a new process: only the signed verdict is left

    read_csv = load.read_csv

    def no_pandas(path):
        assert folder not in Path(path).parents, f"{path} parsed by pandas"
        return read_csv(path)  # the vocabularies are read so, once per validation

    monkeypatch.setattr(load, "read_csv", no_pandas)
    problems, (warm,) = validate([str(folder)])
    assert not problems
    assert warm is not cold and warm.tables == cold.tables
    for table in sorted(cold.tables):
        assert warm.rows(table) == cold.rows(table)
        pd.testing.assert_frame_equal(warm.frame(table), cold.frame(table))


def test_a_verdict_from_frictionless_alone_still_loads_with_pandas(stores, monkeypatch):
    """A verdict written before the fast path's kind existed (or for a package only frictionless
    passed) says nothing about how the fast path reads it: such a package is read by pandas."""
    folder = FIXTURES / "valid"
    monkeypatch.setattr(cache, "CLEAN_FOLDERS", {})
    valid_before(rules_digest(), package_digest(folder)).touch()
    problems, (package,) = validate([str(folder)])
    assert not problems
    assert package._frames and not package._parsed


def test_a_verdict_from_another_cache_folder_does_not_count(stores, tmp_path):
    other = cache.Store("validation", tmp_path / "other")
    other.put("key", b"valid")
    copy = cache.Store("validation", stores)
    copy.folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(other._path("key"), copy._path("key"))
    assert other.get("key") == b"valid" and copy.get("key") is None


def test_a_truncated_or_empty_cached_svg_is_rendered_again(stores):
    """A truncated SVG in the cache was published half; an empty one crashed the build."""
    square = {"type": "Polygon", "coordinates": [[[10, 55], [11, 55], [11, 56], [10, 56], [10, 55]]]}
    geojson = {"type": "FeatureCollection",
               "features": [{"type": "Feature", "properties": {"kommune_code": "101"}, "geometry": square}]}

    def render() -> str:
        charts.forget_pending()
        return charts.resolve(charts.render(charts.map_chart, geojson, {"101": True}, chart_id="t",
                                            title="T", description="D"))

    first = render()
    [entry] = [p for p in (stores / "charts").iterdir() if not p.name.endswith(".tmp")]
    for broken in (entry.read_bytes()[: len(entry.read_bytes()) // 2], b""):
        entry.write_bytes(broken)
        again = render()
        assert again == first
        ET.fromstring(again)  # whole and well-formed
    assert render() == first  # and the re-made entry is used


def test_a_forged_template_bytecode_file_is_never_unpickled(stores):
    """A force-added Jinja bytecode file was unpickled before its checksum was checked: code ran."""
    marker = stores / "pwned"

    class Exploit:
        def __reduce__(self):
            return (Path.touch, (marker,))

    environment = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": "hej {{ x }}"}),
                                     bytecode_cache=cache.TemplateCache())
    bucket = environment.bytecode_cache.get_bucket(environment, "t.j2", None, "hej {{ x }}")
    path = cache.TemplateCache.STORE._path(bucket.key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jinja2.bccache.bc_magic + pickle.dumps(Exploit()))
    assert environment.get_template("t.j2").render(x=1) == "hej 1"
    assert not marker.exists()


def test_generated_files_and_their_record_are_checked_before_reuse(stores, tmp_path):
    """A generated page (or its .keys.json) put in the output folder was used as it is."""
    out = tmp_path / "generated"
    made = []

    def make():
        made.append(1)
        (out / "page.md").parent.mkdir(parents=True, exist_ok=True)
        (out / "page.md").write_text("ægte", encoding="utf-8")
        return ["page.md"], None

    def run():
        outputs = incremental.Outputs(out)
        outputs.unit("page", "k", make)
        outputs.save()

    run()
    run()
    assert len(made) == 1  # reused while intact
    (out / "page.md").write_text("forfalsket", encoding="utf-8")
    run()
    assert len(made) == 2 and (out / "page.md").read_text(encoding="utf-8") == "ægte"
    record = json.loads((out / incremental.RECORD).read_text(encoding="utf-8"))
    record["units"]["page"]["hashes"]["page.md"] = hashlib.sha256(b"forfalsket").hexdigest()
    (out / "page.md").write_text("forfalsket", encoding="utf-8")
    (out / incremental.RECORD).write_text(json.dumps(record), encoding="utf-8")
    run()
    assert len(made) == 3 and (out / "page.md").read_text(encoding="utf-8") == "ægte"


def test_tracked_files_in_build_folders_are_found(tmp_path, monkeypatch):
    """`git add -f` of a verdict, chart or page under the build's folders made the build use it."""
    repo = tmp_path / "repo"
    (repo / ".cache" / "validation").mkdir(parents=True)
    (repo / ".cache" / "validation" / "abc").write_bytes(b"")
    (repo / "build" / "generated").mkdir(parents=True)
    (repo / "build" / "generated" / "index.md").write_text("x", encoding="utf-8")
    (repo / "elsewhere").mkdir()
    (repo / "elsewhere" / "kept.txt").write_text("x", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-f", ".")
    monkeypatch.setattr(cache, "ROOT", repo)
    assert cache.tracked_in_build_folders([repo / "elsewhere" / "out"]) == [".cache/validation/abc",
                                                                              "build/generated/index.md"]


def test_this_checkout_tracks_no_file_in_build_folders():
    """CI fails when a commit adds a file under .cache/, build/, site/ or docs/generated/."""
    assert cache.tracked_in_build_folders() == []


def test_caches_live_outside_the_checkout():
    from aktivering import paths

    assert not paths.CACHE_DIR.is_relative_to(ROOT) or os.environ.get("AKTIVERING_CACHE_DIR")
    assert not paths.GENERATED.is_relative_to(ROOT) or os.environ.get("AKTIVERING_BUILD_DIR")


def test_docs_symlink_is_refused(tmp_path, monkeypatch):
    """A symlink in docs/ published /etc/passwd."""
    from aktivering import build

    docs = tmp_path / "docs"
    (docs / "stylesheets").mkdir(parents=True)
    (docs / "om.md").write_text("# Om\n", encoding="utf-8")
    (docs / "stylesheets" / "passwd.txt").symlink_to("/etc/passwd")
    monkeypatch.setattr(build, "DOCS", docs)
    problems = build.tree_problems(tmp_path / "out")
    assert [(p.code, p.value) for p in problems] == [("docs-symlink", "stylesheets/passwd.txt")]
    assert "/etc/passwd" in problems[0].format("en") and "symbolsk link" in problems[0].format("da")


# --- broken caches: a re-make or a message, never a traceback ----------------------------------

def test_a_cache_that_is_a_file_or_unwritable_or_deleted_only_costs_time(tmp_path):
    as_file = tmp_path / "file"
    as_file.write_text("x", encoding="utf-8")
    for root in (as_file, as_file / "below", Path("/proc/aktivering-cache")):
        store = cache.Store("charts", root)
        store.put("k", b"svg")
        assert store.get("k") is None
    live = cache.Store("charts", tmp_path / "live")
    live.put("k", b"svg")
    shutil.rmtree(tmp_path / "live")  # deleted while the build runs
    assert live.get("k") is None
    live.put("k", b"svg")
    assert live.get("k") == b"svg"


def test_an_unusable_build_folder_ends_in_a_message(tmp_path):
    blocker = tmp_path / "build"
    blocker.write_text("not a folder", encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", {"AKTIVERING_BUILD_DIR": str(blocker)})
    assert result.returncode != 0
    assert "[build-folder-unusable]" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


# --- the site built from hostile vocabularies and reference data, in Chromium --------------------

HEADINGS = """sel => [...document.querySelectorAll(sel)].map(h => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll('.headerlink').forEach(a => a.remove());
    return copy.textContent.trim();
})"""
HOSTILE_COUNTED_BY = "kommune\" onload=\"window.__pwned='svg-id'\" x=\""
HOSTILE_REGION = "Region Hovedstaden " + MARKDOWN_PAYLOAD.format(m="region")
HOSTILE_MEASURE = "Uden tilbud " + MARKDOWN_PAYLOAD.format(m="measure")
HOSTILE_NAME = "Helsingør " + MARKDOWN_PAYLOAD.format(m="name")
EMOJI_TITLE = "Helsingør Kommune 😀 aktivering"


def _rewrite(path: Path, change) -> None:
    rows = read_table(path)
    for row in rows:
        change(row)
    write_table(path, rows)


@pytest.fixture(scope="module")
def reference_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile-reference")
    data = work / "data"
    shutil.copytree(ROOT / "data", data)
    vocab, reference = data / "vocabularies", data / "reference"
    _rewrite(vocab / "counted_by.csv", lambda r: r.update(id=HOSTILE_COUNTED_BY) if r["id"] == "kommune" else None)
    for figures in (data / "packages").glob("*/figures.csv"):
        _rewrite(figures, lambda r: r.update(counted_by=HOSTILE_COUNTED_BY) if r["counted_by"] == "kommune" else None)
    _rewrite(vocab / "measures.csv", lambda r: r.update(label=HOSTILE_MEASURE) if r["measure"] == "uden_indsats_antal"
             else None)
    _rewrite(reference / "kommuner.csv", lambda r: (r.update(region_name=HOSTILE_REGION) if r["region_code"] == "1084"
                                                    else None, r.update(name=HOSTILE_NAME)
                                                    if r["kommune_code"] == "217" else None))
    folder = data / "packages" / f"217-{slug(HOSTILE_NAME)}"
    (data / "packages" / "217-helsingoer").rename(folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = EMOJI_TITLE
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")
    env = {"AKTIVERING_DATA": str(data), "AKTIVERING_BUILD_DIR": str(work / "build")}
    synced = subprocess.run([sys.executable, "-m", "aktivering.cli", "sync"], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, **env})  # the descriptors embed the vocabularies' ids
    assert synced.returncode == 0, synced.stderr
    site = work / "site"
    result = mkdocs_build(site, env)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return site, f"/kommuner/{slug(HOSTILE_NAME)}/"


def test_hostile_vocabulary_and_reference_values_are_inert_in_chromium(reference_site, browser):
    site, kommune = reference_site
    with serve(site) as url:
        context = browser.new_context()
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        found = {}
        for path in html_pages(site):
            page.goto(url + path, wait_until="load", timeout=30000)
            found[path] = page.evaluate(INSPECT)
        blocks = []
        page.goto(url + kommune, wait_until="load", timeout=30000)
        blocks = page.evaluate("""[...document.querySelectorAll('script[type="application/ld+json"]')]
                                  .map(s => JSON.parse(s.textContent))""")
        heading = page.evaluate(HEADINGS, "h1")
        page.goto(url + "/kommuner/", wait_until="load", timeout=30000)
        regions = page.evaluate(HEADINGS, "h2")
        page.goto(url + "/sammenligning/", wait_until="load", timeout=30000)
        measures = page.evaluate(HEADINGS, "h2")
        context.close()
    assert_inert(found)
    assert [u for u in requests if not u.startswith(url)] == []
    assert [b["name"] for b in blocks] == [EMOJI_TITLE]  # the emoji kept the front matter whole
    assert heading == [f"{HOSTILE_NAME} Kommune"]
    assert HOSTILE_REGION in regions
    assert HOSTILE_MEASURE in measures


def test_hostile_reference_site_feeds_parse(reference_site):
    site, _ = reference_site
    ET.parse(site / "feed.xml")
    graph = Graph().parse(site / "catalog.ttl", format="turtle")
    titles = {str(o) for o in graph.objects(None, URIRef("http://purl.org/dc/terms/title"))}
    assert EMOJI_TITLE in titles


def test_formula_like_text_in_commitments_and_mentions_is_pointed_out():
    """Regression: the formula warning looked at documents, figures and initiatives only, so a
    stranger's `=HYPERLINK(…)` in commitments.csv or `@SUM(…)` in referred_letters.csv (both in the
    xlsx and CSV downloads) passed `aktivering validate` without a word to the reviewer."""
    folder = FIXTURES / "formula-in-commitment-and-mention"
    problems, packages = validate([str(folder)])
    assert problems == []
    from aktivering.cautions import formula_warnings

    warnings = formula_warnings(packages)
    assert [(w.code, w.file.rsplit("/", 1)[-1], w.row, w.column) for w in warnings] == [
        ("formula-like-text", "commitments.csv", 2, "promise"),
        ("formula-like-text", "referred_letters.csv", 2, "sender")]
    assert "'=HYPERLINK" in warnings[0].format("en") and "advarsel" in warnings[1].format("da")
