"""The built site: every page loads offline without errors, is accessible, valid, linked, and
shows every figure with a link to its passage. Browser tests run in Debian's Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from aktivering.fmt import value_da
from aktivering.validate import validate

from site_support import ROOT, html_pages, mkdocs_build

NODE_MODULES = ROOT / "node_modules"

# One page of each type, for the slower checks (axe, JavaScript off).
PAGE_TYPES = ["/", "/kommuner/", "/kommuner/helsingoer/", "/breve/", "/breve/706-2018-08-09/",
              "/sammenligning/", "/initiativer/", "/initiativer/helsingoer/", "/metode/", "/om/", "/national/",
              "/loefter/", "/loefter/status/opfyldt/", "/mangler/",  # issue 14
              "/loefter/kommuner/", "/aendringer/", "/tal/217-f001/", "/data/", "/ordliste/", "/bidrag/"]


def _kind(path: str) -> str:
    """A page's type as scripts/pagequality.py groups pages: its first path segment and its depth."""
    parts = path.strip("/").split("/") if path != "/" else []
    return "/" if not parts else "/" + parts[0] + "/" + "x/" * (len(parts) - 1)


def test_every_page_type_is_built(built_site):
    """Every page type the site has is in PAGE_TYPES: the list stopped at issue 14's pages, so the
    axe and no-JavaScript checks never opened Ændringer, a figure page or Løfter by kommune."""
    pages = set(html_pages(built_site))
    assert set(PAGE_TYPES) <= pages
    assert {_kind(page) for page in pages} - {"/assets/x/", "/search/", "/downloads/x/"} == \
        {_kind(page) for page in PAGE_TYPES}
    _, packages = validate()
    for package in packages:
        for document_id in package.documents["document_id"]:
            assert f"/breve/{document_id}/" in pages


def test_pages_load_with_no_console_errors_and_no_third_party_requests(built_site, site_url, browser):
    context = browser.new_context()
    requests, failures, errors = [], [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("requestfailed", lambda request: failures.append(f"{request.url} {request.failure}"))
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in html_pages(built_site):
        page.goto(site_url + path, wait_until="networkidle")
    # Use the search, so that the search worker's fetches are among the requests.
    page.goto(site_url + "/", wait_until="networkidle")
    page.click(".md-search__input")
    page.keyboard.type("Helsingør")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    context.close()
    local = urlparse(site_url).netloc
    foreign = [url for url in requests
               if urlparse(url).scheme not in ("data", "blob") and urlparse(url).netloc != local]
    assert foreign == []
    assert failures == []
    assert errors == []


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_axe_violations(site_url, browser, path):
    axe = (NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(site_url + path, wait_until="networkidle")
    page.add_script_tag(content=axe)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    page.close()
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_charts_are_there_without_javascript(built_site, site_url, browser, path):
    """Every chart is there with JavaScript off: the map an SVG picture with a Danish name, every
    other chart a table with a caption, a row header per bar and each bar drawn (CSS, no script)."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + path)
    charts = page.eval_on_selector_all("figure.diagram", """figures => figures.map(figure => {
        const svg = figure.querySelector('svg');
        const table = figure.querySelector('table.soejler, table.forloeb');
        if (svg) {
            const ids = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
            const box = svg.getBoundingClientRect();
            return {kind: 'svg', role: svg.getAttribute('role'),
                    name: ids.map(id => document.getElementById(id)?.textContent || '').join(' '),
                    width: box.width, height: box.height, marks: svg.querySelectorAll('path, text').length};
        }
        if (!table) return {kind: 'none'};
        const bars = [...table.querySelectorAll('tbody .soejle, tbody .forloeb-segment, tbody .forloeb-point')];
        return {kind: 'table', caption: table.caption?.textContent || '',
                rows: table.querySelectorAll('tbody th[scope=row]').length,
                bodyRows: table.querySelectorAll('tbody tr').length,
                drawn: bars.filter(b => b.getBoundingClientRect().width > 0).length,
                nonzero: bars.filter(b => b.getAttribute('style') !== '--andel: 0').length};
    })""")
    context.close()
    source = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    assert len(charts) == source.count('<figure class="diagram')
    for chart in charts:
        assert chart["kind"] in ("svg", "table"), chart
        if chart["kind"] == "svg":
            assert chart["role"] == "img"
            assert len(chart["name"].strip()) > 20
            assert chart["width"] > 100 and chart["height"] > 30 and chart["marks"] > 3
        else:
            assert len(chart["caption"].strip()) > 10
            assert chart["rows"] == chart["bodyRows"] >= 1
            assert chart["drawn"] == chart["nonzero"] >= 1


def test_kommune_page_has_charts(built_site):
    text = (built_site / "kommuner" / "helsingoer" / "index.html").read_text(encoding="utf-8")
    assert text.count('<figure class="diagram') >= 5
    assert "aria-roledescription" not in text  # Vega's English ARIA phrases are removed


def test_charts_fit_a_360px_phone(site_url, browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    for path in ("/kommuner/helsingoer/", "/kommuner/guldborgsund/", "/sammenligning/", "/"):
        page.goto(site_url + path, wait_until="networkidle")
        widths = page.eval_on_selector_all("figure.diagram, figure.diagram *",
                                           "s => s.map(e => e.getBoundingClientRect().right)")
        # Sammenligning draws a chart only where two kommuner have comparable figures (none yet).
        assert widths or path == "/sammenligning/"
        assert max(widths, default=0) <= 360
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_vnu_finds_no_html_errors(built_site):
    jar = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    # Material 9.8 writes autocomplete="off" on its checkbox toggles (drawer, search); vnu rejects
    # autocomplete on checkboxes. That one message is Material's, not ours, and is the only filter.
    result = subprocess.run(["java", "-jar", str(jar), "--skip-non-html", "--errors-only",
                             "--filterpattern", '.*Attribute “autocomplete” is only allowed when the input type is.*',
                             str(built_site)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[:4000]


def test_linkchecker_finds_no_broken_links_or_anchors(site_url, tmp_path):
    config = tmp_path / "linkcheckerrc"
    config.write_text("[AnchorCheck]\n\n[output]\nlog=text\n", encoding="utf-8")
    linkchecker = shutil.which("linkchecker", path=str(Path(__import__("sys").executable).parent))
    # A figure page's link into its letter carries a text fragment (`#217-f001:~:text=…`), which
    # linkchecker takes for an anchor of that name: its syntax only (the anchor: test_figurepages.py);
    # a figure's row and citations download from data: links, read in test_figurepages.py too.
    result = subprocess.run([linkchecker, "-f", str(config), "--no-status", "--threads", "4",
                             "--ignore-url", r"~(?::|%3A)text=", "--ignore-url", "^data:", site_url + "/"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:]
    assert re.search(r"0 errors found", result.stdout), result.stdout[-2000:]


def test_every_figure_is_on_its_kommune_page_and_links_to_its_passage(built_site):
    from aktivering.load import read_kommuner
    from aktivering.urls import kommune_page

    names = dict(zip(read_kommuner()["kommune_code"], read_kommuner()["name"]))
    _, packages = validate()
    count = 0
    for package in packages:
        code = package.kommune_code
        page = built_site / kommune_page(code, names.get(code)).removesuffix(".md") / "index.html"
        text = page.read_text(encoding="utf-8")
        for row in package.figures.to_dict("records"):
            expected_value = html.escape(value_da(row["value"], row["unit"], row["qualifier"], row["value_max"]))
            match = re.search(rf'<tr id="tal-{re.escape(row["figure_id"])}"[^>]*>(.*?)</tr>', text, re.S)
            assert match, (page, row["figure_id"])
            assert expected_value in match.group(1)
            link = f'breve/{row["document_id"]}/#{row["figure_id"]}"'
            assert f'href="../../{link}' in match.group(1) or f'href="../{link}' in match.group(1)
            letter = built_site / "breve" / row["document_id"] / "index.html"
            assert f'id="{row["figure_id"]}"' in letter.read_text(encoding="utf-8")
            count += 1
    assert count == sum(len(p.figures) for p in packages) >= 90


def test_passage_is_highlighted_when_it_is_the_link_target(site_url, browser):
    page = browser.new_page()
    page.goto(site_url + "/breve/217-2017-12-14/#217-f038", wait_until="networkidle")
    style = page.eval_on_selector('[id="217-f038"]', "e => getComputedStyle(e).outlineStyle")
    other = page.eval_on_selector("mark.citat:not(:target)", "e => getComputedStyle(e).outlineStyle")
    page.close()
    assert style == "solid" and other == "none"


def test_no_built_file_loads_from_another_host(built_site):
    """Static twin of the browser check: no CDN, font host or remote asset in any built file.
    Plain <a href> links to other sites are navigation, not requests, and are allowed."""
    offenders = []
    loading = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest", "prefetch"}
    for path in built_site.rglob("*"):
        if not path.is_file() or path.suffix not in {".html", ".css"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            tag = r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="(?:https?:)?//[^"]+"'
            offenders += re.findall(tag, text)
            # <link rel="canonical"/"alternate"> only names a URL; stylesheet, icon and the like load it.
            for link in re.findall(r"<link\b[^>]*>", text):
                rel = re.search(r'rel="([^"]+)"', link)
                if rel and set(rel.group(1).split()) & loading and re.search(r'href="(?:https?:)?//', link):
                    offenders.append(link)
        offenders += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]+\)|@import\s+['\"]?(?:https?:)?//", text)
    assert offenders == []


def test_invalid_data_stops_the_build_and_leaves_the_old_site(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    figures = data / "packages" / "376-guldborgsund" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",38.5,", ",138.5,"), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "marker.txt").write_text("previous build", encoding="utf-8")
    result = mkdocs_build(site, {"AKTIVERING_DATA": str(data)})
    assert result.returncode != 0
    assert "[percent-out-of-range]" in result.stderr + result.stdout
    assert "376-guldborgsund/figures.csv" in result.stderr + result.stdout
    assert [p.name for p in site.iterdir()] == ["marker.txt"]


def test_downloads_are_the_package_files(built_site):
    import zipfile

    archive = built_site / "downloads" / "217-helsingoer.zip"
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        descriptor = json.loads(zf.read("datapackage.json"))  # the zip is the package (issue 15)
    assert {"figures.csv", "transcripts/217-2017-09-13.txt"} <= names
    assert descriptor["kommune_code"] == "217"
