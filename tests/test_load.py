"""What the browser does again after a long page has loaded (issue 13: Lighthouse mobile's total
blocking time on the kommune page, a letter page and Sammenligning was style and layout of every
element, repeated each time Material's script changed something that touched them all). Counts
and events, never timings: the work itself is measured in PAGEQUALITY.md."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import material

from aktivering import tablewrap

from site_support import ROOT, html_pages

_SCRIPT = ROOT / "scripts" / "pagequality.py"
_spec = importlib.util.spec_from_file_location("pagequality", _SCRIPT)
pagequality = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pagequality)

LONG_PAGES = ["/kommuner/helsingoer/", "/breve/217-2017-09-13/", "/sammenligning/"]

# Installed before any of the page's scripts run: every change to <html>'s class and focus-visible
# attribute (and whether the page's body existed then), and every table taken out of the page.
WATCH = """
window.__changes = [];
window.__movedTables = [];
new MutationObserver(records => {
  for (const r of records) {
    if (r.type === "attributes" && r.target === document.documentElement) {
      const now = r.target.getAttribute(r.attributeName);
      const same = r.attributeName === "class"
        ? [...new Set((r.oldValue || "").split(/\\s+/).filter(Boolean))].sort().join(" ")
          === [...new Set((now || "").split(/\\s+/).filter(Boolean))].sort().join(" ")
        : r.oldValue === now;
      if (!same) window.__changes.push([r.attributeName, r.oldValue, now, document.body !== null]);
    }
    for (const node of r.removedNodes || [])
      if (node.nodeName === "TABLE") window.__movedTables.push(node.querySelector("caption")?.textContent || "");
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ["class", "data-js-focus-visible"]});
"""


def test_material_changes_nothing_on_html_and_moves_no_long_table(site_url, browser):
    """Material's script changed <html>'s classes (no-js to js, the focus-visible polyfill's class and
    attribute) at the end of the page, which restyled all 1 450 elements of Helsingør's page, and
    moved each table of figures and initiatives into a wrapper of its own, which styled and laid out
    every cell again. Both are now done before the page's content exists (a script in the head, and
    the wrapper in the HTML): Material's own changes find nothing left to change."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        for path in LONG_PAGES:
            page.goto(site_url + path, wait_until="networkidle")
            changes, moved = page.evaluate("[window.__changes, window.__movedTables]")
            root = page.evaluate("""[document.documentElement.className.split(/\\s+/).sort(),
                                     document.documentElement.hasAttribute('data-js-focus-visible')]""")
            frames = page.evaluate("""[...document.querySelectorAll('.tal-ramme table')].map(t =>
                [t.className, t.parentElement.className, t.parentElement.parentElement.className,
                 t.closest('.tal-ramme').querySelectorAll('.md-typeset__scrollwrap').length])""")
            # Material's script ran (it leaves these), and every real change came before the body.
            assert root == [["js", "js-focus-visible"], True], path
            assert changes and all(not body_existed for *_, body_existed in changes), (path, changes)
            assert moved == [], (path, moved)
            assert frames and all(frame == ["tabel", "md-typeset__table", "md-typeset__scrollwrap", 1]
                                  for frame in frames), (path, frames)
    finally:
        context.close()


def test_material_moves_no_table_on_any_page_type(built_site, site_url, browser):
    """Guards against Material's script moving a table after load on any page: it takes every
    table without a class out of the page and puts it back in a wrapper of its own, styling and
    laying out every cell again (issue 13: the Data page's and Metode's tables, the front page's
    and the figure pages' were still moved after the tables of figures and initiatives no longer
    were). Every page's tables now come wrapped (tablewrap.py in the hook, tal.html.j2)."""
    pages = list(pagequality.page_types(built_site).values())  # the pages Lighthouse audits
    assert {"/data/", "/metode/", "/", "/initiativer/", "/breve/"} <= set(pages)
    context = browser.new_context(viewport={"width": 412, "height": 823})
    context.add_init_script(WATCH)
    page = context.new_page()
    seen = {}
    try:
        for path in pages:
            page.goto(site_url + path, wait_until="networkidle")
            moved, tables = page.evaluate("""[window.__movedTables, [...document.querySelectorAll(
                '.md-content table')].map(t => [t.matches('[class]'), t.closest('.md-typeset__table') !== null
                || !t.matches('.tabel')])]""")
            assert moved == [], (path, moved)
            assert all(has_class and wrapped for has_class, wrapped in tables), (path, tables)
            seen[path] = len(tables)
    finally:
        context.close()
    # The pages whose tables were moved before have tables: the check looked at something.
    assert all(seen[path] for path in ("/data/", "/metode/", "/", "/initiativer/", "/breve/")), seen


def test_every_table_of_every_page_has_a_class(built_site):
    """Guards against a table that Material's script would move after load (any `<table>` without a
    class in a page's content, which the script matches with `table:not([class])`): every built
    page, the figure pages among them; each table with class "tabel" sits in Material's wrapper."""
    plain, unwrapped, counted = [], [], 0
    for path in html_pages(built_site):
        text = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        for tag in re.finditer(r"<table(?=[\s>])[^>]*>", text):
            counted += 1
            if "class=" not in tag.group(0):
                plain.append(path)
            elif 'class="tabel"' in tag.group(0) and not text[:tag.start()].endswith(tablewrap.OPEN):
                unwrapped.append(path)
    assert counted > 50
    assert plain == [] and unwrapped == []


def test_no_page_waits_for_a_script_download_before_its_first_paint(built_site):
    """Guards against Material's bundle (35 KB gzip) loaded as a plain script at the end of the body:
    a phone fetched it at high priority and held up the first paint until it had arrived (issue 13:
    Lighthouse mobile's FCP 1.5 s on Metode and Data, 1.1 s deferred). Every page, the 404 page and
    the figure pages (the shell) too, loads every external script with defer, after the page's
    configuration, which Material's script reads and our inline script rewrites before it runs."""
    pages = [built_site / path.strip("/") / "index.html" for path in html_pages(built_site)]
    bundles = 0
    for page in pages + [built_site / "404.html"]:
        text = page.read_text(encoding="utf-8")
        for tag in re.finditer(r"<script\b[^>]*\bsrc=[^>]*>", text):
            assert re.search(r"\s(defer|async)[\s>=]", tag.group(0)), (page, tag.group(0))
            if "/bundle." in tag.group(0):
                bundles += 1
                assert " defer " in tag.group(0) and text.index('id="__config"') < tag.start(), (page, tag.group(0))
    assert bundles == len(pages) + 1


def test_tablewrap_wraps_plain_tables_only():
    """Guards against the hook's table step wrapping a table that has a class (the bar tables, the
    letter lists), losing a plain table's attributes, or closing a wrapper at a nested table's end."""
    nested = '<table id="a"><tr><td><table class="soejler"><tr><td>1</td></tr></table></td></tr></table>'
    assert tablewrap.wrap(nested) == (tablewrap.OPEN + '<table class="tabel" id="a"><tr><td><table class="soejler">'
                                      '<tr><td>1</td></tr></table></td></tr></table>' + tablewrap.CLOSE)
    inner = '<table class="x"><tr><td><table><tr><td>2</td></tr></table></td></tr></table><p>efter</p>'
    assert tablewrap.wrap(inner) == ('<table class="x"><tr><td>' + tablewrap.OPEN + '<table class="tabel"><tr><td>2'
                                     '</td></tr></table>' + tablewrap.CLOSE + '</td></tr></table><p>efter</p>')
    two = "<table>\n<tr><td>a</td></tr>\n</table>\n<TABLE>\n</TABLE>"
    assert tablewrap.wrap(two).count(tablewrap.OPEN) == 2 and tablewrap.wrap(two).count(tablewrap.CLOSE) == 2
    untouched = '<p>&lt;table&gt; i en note</p><tablet>x</tablet><table class="tabel"></table>'
    assert tablewrap.wrap(untouched) == untouched


def _rules(css: str) -> set[tuple[str, frozenset[str]]]:
    """(selector, declarations) of every rule, whitespace and the order of declarations ignored
    (a rule inside @media is listed by its own selector)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = set()
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        selector = re.sub(r"\s*([,>+{}])\s*", r"\1", " ".join(selector.split()))
        declarations = frozenset(re.sub(r"\s*:\s*", ":", " ".join(d.split())) for d in body.split(";") if d.strip())
        rules.add((selector.strip(), declarations))
    return rules


def test_tables_with_class_tabel_get_every_rule_material_gives_a_plain_table():
    """The tables of figures and initiatives carry class "tabel", so that Material's script leaves
    them where they are; Material's look for a plain table (`table:not([class])` in its stylesheet)
    is copied for them into extra.css. A Material upgrade that changes those rules fails here until
    the copy is made again (its right-to-left variants excepted: the site is Danish only)."""
    stylesheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    (main,) = stylesheets.glob("main.*.min.css")
    theirs = {(selector.replace("table:not([class])", "table.tabel"), declarations)
              for selector, declarations in _rules(main.read_text(encoding="utf-8"))
              if "table:not([class])" in selector and not selector.startswith("[dir=rtl]")}
    ours = _rules((ROOT / "docs" / "stylesheets" / "extra.css").read_text(encoding="utf-8"))
    assert len(theirs) >= 10
    assert theirs - ours == set()
    # Our own refinements of plain tables name class "tabel" too (print.css gave plain tables .8rem,
    # and the tables of figures printed at Material's .64rem, one A4 page fewer than planned).
    for name in ("extra.css", "print.css"):
        css = re.sub(r"/\*.*?\*/", "", (ROOT / "docs" / "stylesheets" / name).read_text(encoding="utf-8"), flags=re.S)
        assert "table:not([class])" not in css, name
        assert ":is(:not([class]), .tabel)" in css, name


def test_a_page_view_fetches_no_sitemap_and_the_feed_stays_discoverable(site_url, browser):
    """Material's script takes every <link rel="alternate"> for a translation of the site and fetches
    and parses the sitemap.xml beside it: the feed's link made every page view fetch the whole
    sitemap (751 KB at 98 kommuner, some 100 ms of a phone's main thread). The feed's link says
    rel="alternate feed": still "alternate" to a feed reader, not to Material's exact match."""
    context = browser.new_context()
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        page.goto(site_url + "/kommuner/helsingoer/", wait_until="networkidle")
        feeds = page.evaluate("""[...document.querySelectorAll('link[type="application/atom+xml"]')]
            .map(link => [[...link.relList], link.matches('[rel=alternate]'), new URL(link.href).pathname])""")
    finally:
        context.close()
    assert feeds == [[["alternate", "feed"], False, "/feed.xml"]]
    assert [url for url in requests if "sitemap" in url] == []
