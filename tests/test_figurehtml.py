"""Figure pages as finished HTML outside MkDocs (issue 17, figurehtml.py): every figure has its page,
the pages are byte for byte what MkDocs made of the Markdown form (which the benchmark's floor still
renders), contributor text with `<`, `&` and `"` is escaped in the title, the description and the
body, the shell page MkDocs renders is not in the site, the sitemap or the search index, and a
`--dirty` rebuild rewrites the edited figure's page and no other."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from test_hostile import read_table, write_table

from aktivering import escape, figurehtml, urls
from aktivering.letters import normalised_index
from aktivering.load import read_csv
from aktivering.slugs import slug

from conftest import ROOT
from site_support import mkdocs_build

PACKAGE = "217-helsingoer"
HOSTILE = {
    "kommune": 'Helsingør <b>&</b> "Kronborg"',
    "note": 'Note med <i>kursiv</i> & "anførsel" og &amp; som tekst',
    "category": 'over <30 år & "unge"',
    "quote": 'og <b>fed</b> & "citat"',
}


# --- the headings, as MkDocs' toc extension writes them -------------------------------------------

def _mkdocs_markdown() -> markdown.Markdown:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


@pytest.mark.parametrize("texts", [
    ["Andel uden aktivt tilbud: 18-29 år", "Citatet", "Forbehold", "Sammenlignelige tal", "Citér", "Hent"],
    [HOSTILE["category"], HOSTILE["kommune"], "Citatet", "Citatet", "Hent"],
    ["Citatet", "Citatet", "Citatet_1", "x  *y*  `z` #", "Æblegrød & <mad> \"i dag\" 'nu' [1](2)"],
    ["  mellemrum\tog\nlinjeskift  ", "Citér", "citér"],
])
def test_headings_are_what_the_toc_extension_writes(texts):
    """Guards against a figure page's headings (ids, unique suffixes, escaped text, permalink)
    drifting from what Python-Markdown made of `# {{ text | md }}` with mkdocs.yml's settings."""
    headings = figurehtml.Headings()
    ours = [str(headings(1 if i == 0 else 2, text)) for i, text in enumerate(texts)]
    source = "\n\n".join(("#" if i == 0 else "##") + " " + str(escape.markdown(t)) for i, t in enumerate(texts))
    theirs = re.findall(r"<h[12] .*?</h[12]>", _mkdocs_markdown().convert(source))
    assert ours == theirs


def test_the_permalink_title_is_mkdocs_yml_s():
    assert f'title="{figurehtml.PERMALINK_TITLE}"' in _mkdocs_markdown().convert("# x")


def test_a_shell_without_its_markers_is_refused():
    with pytest.raises(figurehtml.ShellError):
        figurehtml.Shell("<html><title>Aktivering</title></html>")


# --- built: the finished pages against the Markdown pages -----------------------------------------

def _with_quote_extended(text: str, quote: str, extra: str) -> str | None:
    normal, index = normalised_index(text)
    needle = " ".join(quote.split())
    if normal.count(needle) != 1:
        return None
    end = index[normal.find(needle) + len(needle) - 1] + 1
    return text[:end] + " " + extra + text[end:]


def hostile_data(data: Path) -> tuple[dict[str, str], str]:
    """data/ with `<`, `&` and `"` in Helsingør's name (in every figure page's title, description
    and body), a note, a category and a quote; (which figure holds which, the package's name)."""
    shutil.copytree(ROOT / "data", data)
    kommuner = read_table(data / "reference" / "kommuner.csv")
    next(k for k in kommuner if k["kommune_code"] == "217")["name"] = HOSTILE["kommune"]
    write_table(data / "reference" / "kommuner.csv", kommuner)
    name = f"217-{slug(HOSTILE['kommune'])}"  # the folder is named after the kommune
    package = data / "packages" / name
    (data / "packages" / PACKAGE).rename(package)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["name"] = name
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    figures = read_table(package / "figures.csv")
    noted = figures[0]
    noted["note"] = HOSTILE["note"]
    part = next(f for f in figures if f["part_of"])
    part["category"] = HOSTILE["category"]
    for quoted in figures:  # a quote that no other quote runs past: they are all still found
        transcript = package / "transcripts" / f"{quoted['document_id']}.txt"
        text = _with_quote_extended(transcript.read_text(encoding="utf-8"), quoted["quote"], HOSTILE["quote"])
        others = [f["quote"] for f in figures if f["document_id"] == quoted["document_id"]
                  and " ".join(f["quote"].split()) != " ".join(quoted["quote"].split())]
        if text and all(" ".join(q.split()) in normalised_index(text)[0] for q in others):
            break
    transcript.write_text(text, encoding="utf-8")
    needle = " ".join(quoted["quote"].split())
    for row in figures:  # every figure quoting the same passage quotes it whole
        if row["document_id"] == quoted["document_id"] and " ".join(row["quote"].split()) == needle:
            row["quote"] = row["quote"] + " " + HOSTILE["quote"]
    write_table(package / "figures.csv", figures)
    return {"note": noted["figure_id"], "category": part["figure_id"], "quote": quoted["figure_id"]}, name


@pytest.fixture(scope="module")
def both_forms(tmp_path_factory):
    """The hostile data built twice: figure pages as finished HTML (the site), and as Markdown
    pages MkDocs renders (AKTIVERING_FIGURE_MARKDOWN=1, the benchmark's floor)."""
    work = tmp_path_factory.mktemp("figurehtml")
    which, name = hostile_data(work / "data")
    sites = {}
    for form, extra in (("html", {}), ("markdown", {"AKTIVERING_FIGURE_MARKDOWN": "1"})):
        result = mkdocs_build(work / form, {"AKTIVERING_DATA": str(work / "data"),
                                            "AKTIVERING_BUILD_DIR": str(work / f"{form}-build"), **extra})
        assert result.returncode == 0, result.stderr[-4000:]
        sites[form] = work / form
    return sites, which, work, name


def _figure_ids(data: Path) -> set[str]:
    return {r for folder in (data / "packages").iterdir() if (folder / "figures.csv").is_file()
            for r in read_csv(folder / "figures.csv")["figure_id"]}


def test_every_figure_has_its_page_and_nothing_else_is_under_tal(both_forms):
    """Guards against a figure page missing from the site (a part not filled into the shell) and
    against the shell (tal/_side/) or a part file being published."""
    sites, _, work, _ = both_forms
    ids = _figure_ids(work / "data")
    published = {p.relative_to(sites["html"] / "tal").as_posix() for p in (sites["html"] / "tal").rglob("*")
                 if p.is_file()}
    assert published == {f"{i}/index.html" for i in ids}
    assert not (sites["html"] / "tal" / "_side").exists()


def test_finished_pages_are_byte_identical_to_mkdocs_rendering_of_the_markdown(both_forms):
    """Guards against tal.html.j2 and the shell drifting from tal.md.j2 as MkDocs renders it (the
    floor's form): every figure page, hostile text included, and every other file of the site."""
    sites, _, _, _ = both_forms
    html_files = sorted(p.relative_to(sites["html"]).as_posix() for p in sites["html"].rglob("*") if p.is_file())
    md_files = sorted(p.relative_to(sites["markdown"]).as_posix() for p in sites["markdown"].rglob("*")
                      if p.is_file())
    assert html_files == md_files
    differ = [f for f in html_files if (sites["html"] / f).read_bytes() != (sites["markdown"] / f).read_bytes()]
    assert differ == []


def _page(site: Path, figure_id: str) -> str:
    return (site / "tal" / figure_id / "index.html").read_text(encoding="utf-8")


def test_contributor_text_is_escaped_in_title_description_and_body(both_forms):
    """Guards against a value with <, & or " reaching a finished figure page unescaped: in the
    <title>, the header, the description attribute and the body (kommune name, note, category,
    quote)."""
    sites, which, _, _ = both_forms
    name = escape.html(HOSTILE["kommune"])  # &lt;b&gt;&amp;&lt;/b&gt; &#34;Kronborg&#34;
    for key, figure_id in which.items():
        page = _page(sites["html"], figure_id)
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        description = re.search(r'<meta name="description" content="([^"]*)">', page).group(1)
        assert f"{name} Kommune" in title and f"{name} Kommune" in description, key
        body = page.split('<article class="md-content__inner md-typeset">', 1)[1]
        assert str(escape.html(HOSTILE[key])) in body, key
    for figure_id in which.values():
        page = _page(sites["html"], figure_id)
        for raw in ("<b>", "<i>", '"Kronborg"', '"unge"', '"citat"', '"anførsel"'):
            assert raw not in page, (figure_id, raw)
    assert "&amp;amp; som tekst" in _page(sites["html"], which["note"])  # '&amp;' shown as written


def test_sitemap_lists_every_figure_page_and_not_the_shell(both_forms):
    """Guards against the figure pages dropping out of sitemap.xml (they are no longer MkDocs
    pages) and the shell getting in; sitemap.xml.gz is the same list."""
    sites, _, work, _ = both_forms
    sitemap = (sites["html"] / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>http://127\.0\.0\.1:8000/tal/([^/<]+)/</loc>", sitemap)
    assert sorted(listed) == sorted(_figure_ids(work / "data"))
    assert "_side" not in sitemap
    assert gzip.decompress((sites["html"] / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def test_no_marker_or_shell_leaks_into_the_site(both_forms):
    """Guards against a marker of the shell left in a page, and the shell in the search index."""
    sites, _, _, _ = both_forms
    markers = (figurehtml.TITLE, figurehtml.DESCRIPTION, figurehtml.H1, figurehtml.FIRST, figurehtml.SECOND,
               "zzfigurindholdzz", "tal/_side")
    for path in sites["html"].rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not any(m in text for m in markers), path
    index = json.loads((sites["html"] / "search" / "sok_index.json").read_text(encoding="utf-8"))
    assert not any(d["location"].startswith(urls.FIGURES_FOLDER + "/") for d in index["docs"])


def test_a_dirty_rebuild_rewrites_the_edited_figure_page_only(both_forms):
    """`mkdocs serve --dirty` (here `mkdocs build --dirty`, the same build path): the page of an
    edited figure shows the edit; the other figure pages are not written again (their mtime stays).
    Guards against stale figure pages under serve and against rewriting all 5 880 on every edit."""
    sites, which, work, name = both_forms
    site, build, data = work / "dirty", work / "dirty-build", work / "dirty-data"
    shutil.copytree(sites["html"], site)
    shutil.copytree(work / "html-build", build)
    shutil.copytree(work / "data", data)  # the other tests read the module's data
    figures = data / "packages" / name / "figures.csv"
    rows = read_table(figures)
    edited = next(r for r in rows if r["figure_id"] == which["note"])
    edited["note"] = HOSTILE["note"] + " Rettet i en senere version."
    write_table(figures, rows)
    before = {p: p.stat().st_mtime_ns for p in (site / "tal").rglob("index.html")}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AKTIVERING_DATA": str(data),
           "AKTIVERING_BUILD_DIR": str(build)}
    from conftest import require_mark

    require_mark("build")
    result = subprocess.run([str(mkdocs), "build", "--dirty", "--site-dir", str(site)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    page = site / "tal" / which["note"] / "index.html"
    assert "Rettet i en senere version." in page.read_text(encoding="utf-8")
    rewritten = sorted(p.parent.name for p, mtime in before.items() if p.stat().st_mtime_ns != mtime)
    assert rewritten == [which["note"]]
    assert not (site / "tal" / "_side").exists()


# --- serve --dirty: only the figure pages whose part changed (issue 17, sixth session) -------------

def _shell(nav: str = "") -> str:
    """A rendered shell as finish reads it: the markers, and a toc of one item per heading."""
    f = figurehtml
    return (f"<html><head><title>{f.TITLE}</title><meta content=\"{f.DESCRIPTION}\"></head><body>{nav}"
            f'<a href="#{f.H1}">top</a><ul><li><a href="#{f.FIRST}">{f.FIRST}</a></li>'
            f'<li><a href="#{f.SECOND}">{f.SECOND}</a></li></ul>{f.CONTENT}</body></html>')


def _part(generated: Path, figure_id: str, value: str, updated: str = "2018-01-09") -> str:
    headings = figurehtml.Headings()
    body = f"{headings(1, 'Tal ' + figure_id)}<p>{value}</p>{headings(2, 'Citatet')}"
    path = figurehtml.part_path(figure_id)
    (generated / path).parent.mkdir(parents=True, exist_ok=True)
    (generated / path).write_text(figurehtml.part_text(f"Tal {figure_id}", "Et tal", updated, headings, body),
                                  encoding="utf-8")
    return path


def test_finish_on_a_dirty_rebuild_makes_only_the_changed_parts_pages(tmp_path, monkeypatch):
    """Bug guarded (issue 17): every `serve --dirty` rebuild read every part and made every figure
    page again (5 880 at 98 kommuner, the largest cost of a rebuild after one edit). With the parts
    the generator wrote since the last finish, only their pages are made; the others are neither
    read nor written. A shell that changed (the navigation: a page added) or a site folder not
    finished into before makes every page, and so does an unknown change (None)."""
    generated, site = tmp_path / "generated", tmp_path / "site"
    parts = [_part(generated, f"101-f00{i}", f"værdi {i}") for i in (1, 2, 3)]
    made = []
    original = figurehtml.Shell.page
    monkeypatch.setattr(figurehtml.Shell, "page", lambda self, figure_id, meta, body:
                        made.append(figure_id) or original(self, figure_id, meta, body))

    def page(figure_id: str) -> str:
        return (site / urls.FIGURES_FOLDER / figure_id / "index.html").read_text(encoding="utf-8")

    figurehtml.finish(_shell(), generated, site, parts, {parts[1]})  # never finished here: every page
    assert made == ["101-f001", "101-f002", "101-f003"]
    made.clear()
    _part(generated, "101-f002", "rettet værdi")
    figurehtml.finish(_shell(), generated, site, parts, {parts[1]})
    assert made == ["101-f002"] and "rettet værdi" in page("101-f002") and "værdi 1" in page("101-f001")
    made.clear()
    figurehtml.finish(_shell(), generated, site, parts, set())
    assert made == []
    figurehtml.finish(_shell("<nav>en ny side</nav>"), generated, site, parts, set())
    assert made == ["101-f001", "101-f002", "101-f003"] and "en ny side" in page("101-f003")
    made.clear()
    figurehtml.finish(_shell("<nav>en ny side</nav>"), generated, site, parts, None)
    assert made == ["101-f001", "101-f002", "101-f003"]
    made.clear()
    figurehtml.finish(_shell("<nav>en ny side</nav>"), generated, tmp_path / "other-site", parts, set())
    assert made == ["101-f001", "101-f002", "101-f003"]


def test_the_sitemap_reads_again_the_dates_of_the_changed_parts_only(tmp_path, monkeypatch):
    """Bug guarded (issue 17): the sitemap read the first line of every part on every rebuild. The
    date read last is used unless the part is among the changed ones; None reads every part."""
    generated = tmp_path / "generated"
    parts = [_part(generated, f"101-f00{i}", "x", "2018-01-09") for i in (1, 2)]

    def dates(changed):
        listed = figurehtml.sitemap_pages(parts, [], generated, "https://example.org/", changed)
        return [p.page.meta["updated"] for p in listed]

    assert dates(None) == ["2018-01-09", "2018-01-09"]
    read = []
    original = figurehtml._read_meta
    monkeypatch.setattr(figurehtml, "_read_meta", lambda path: read.append(path.name) or original(path))
    _part(generated, "101-f002", "x", "2018-03-01")
    assert dates({parts[1]}) == ["2018-01-09", "2018-03-01"] and read == ["101-f002.part"]
    assert dates(set()) == ["2018-01-09", "2018-03-01"] and read == ["101-f002.part"]
    assert dates(None) == ["2018-01-09", "2018-03-01"] and len(read) == 3
