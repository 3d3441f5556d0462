"""Hostile input from a pull request.

1. Contributor text with HTML, <script>, event handlers, javascript: links, Markdown links and
   images and Jinja/MkDocs syntax, in every text column that reaches a page, is built into a
   site and opened in Chromium: no script runs, no such link or image exists, and the text is
   shown literally.
2. Bombs and traps in a package descriptor (JSON nested a hundred thousand deep, a YAML bomb in a
   schema or dialect file, profile URLs, values of the wrong type) are refused with a code: no
   traceback, no hang, no network.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from aktivering.letters import normalised_index
from aktivering.safety import MAX_FILE_BYTES
from aktivering.validate import validate

from conftest import FIXTURES, ROOT
from site_support import html_pages, mkdocs_build, serve

PACKAGE = "217-helsingoer"


def payload(marker: str) -> str:
    """Everything that would be live if it reached the page unescaped. No digits and no Danish
    number words: every number in a transcript must be accounted for, and these are not figures."""
    run = f"window.__pwned='{marker}'"
    return (f'<script>{run}</script><img src=x onerror="{run}"> <a href="javascript:{run}">lenke-{marker}</a> '
            f'[klik-{marker}](javascript:{run}) ![billede-{marker}](http://evil.example/{marker}.png) '
            f'<b onmouseover="{run}">fed-{marker}</b> {{{{ config }}}} {{% raw %}} {{{{ page.title }}}}')


def read_table(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_table(path: Path, rows: list[dict]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def inject(package: Path) -> dict[str, str]:
    """Put a payload into every text column that reaches a page; returns column -> payload."""
    injected = {}

    def put(row: dict, table: str, column: str, text: str | None = None) -> None:
        row[column] = injected[f"{table}.{column}"] = text or payload(f"{table}-{column}".replace("_", "-"))

    documents = read_table(package / "documents.csv")
    for column in ("title", "sender", "sender_role", "recipient", "in_reply_to", "note"):
        put(documents[0], "documents", column)
    write_table(package / "documents.csv", documents)

    figures = read_table(package / "figures.csv")
    part = next(f for f in figures if f["part_of"])  # its category is a chart label and a table cell
    put(part, "figures", "category")
    put(figures[0], "figures", "qualifier", "ca. <script>window.__pwned='qualifier'</script>")
    # A blank line inside a cell must not end the HTML block and let Markdown make a link after it.
    put(figures[0], "figures", "note", "Første linje\n\n[klik-note](javascript:window.__pwned='note')\n\n"
                                       + payload("figures-note"))
    # The quote is extended in the transcript and in the row alike, so it is still found once.
    quoted = figures[1]
    transcript = package / "transcripts" / f"{quoted['document_id']}.txt"
    text = transcript.read_text(encoding="utf-8")
    normal, index = normalised_index(text)
    needle = re.sub(r"\s+", " ", quoted["quote"]).strip()
    assert normal.count(needle) == 1
    end = index[normal.find(needle) + len(needle) - 1] + 1
    extra = payload("figures-quote")
    text = text[:end] + " " + extra + text[end:]
    # And markup in the transcript's own structure: a heading, a list item, a table row.
    text += ("\n\n# " + payload("transcript-heading") + "\n\n- " + payload("transcript-list")
             + "\n\n" + payload("transcript-cell") + "\t" + payload("transcript-cell-b") + "\n")
    transcript.write_text(text, encoding="utf-8")
    for row in figures:
        if row["document_id"] == quoted["document_id"] and re.sub(r"\s+", " ", row["quote"]).strip() == needle:
            row["quote"] = quoted["quote"] + " " + extra
    injected["figures.quote"] = extra
    injected["transcript"] = payload("transcript-heading")
    injected["page:quoted letter"] = f"/breve/{quoted['document_id']}/"
    injected["page:first letter"] = f"/breve/{documents[0]['document_id']}/"
    write_table(package / "figures.csv", figures)

    initiatives = read_table(package / "initiatives.csv")
    # Its name is also a label in the timeline chart; the latest mention of an initiative is the one
    # the kommune page shows (earlier letters' mentions are on their letter pages).
    later = {i["same_as"] for i in initiatives if i.get("same_as")}
    dated = next(i for i in initiatives if i["start"] and i["initiative_id"] not in later)
    for column in ("name", "description", "target_group", "funding_source", "note"):
        put(dated, "initiatives", column)
    write_table(package / "initiatives.csv", initiatives)

    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = injected["descriptor.title"] = payload("descriptor-title")
    descriptor["description"] = injected["descriptor.description"] = payload("descriptor-description")
    descriptor["keywords"] = [payload("descriptor-keyword")]
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    return injected


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    data = work / "data"
    shutil.copytree(ROOT / "data", data)
    injected = inject(data / "packages" / PACKAGE)
    site = work / "site"
    result = mkdocs_build(site, {"AKTIVERING_DATA": str(data), "AKTIVERING_BUILD_DIR": str(work / "build")})
    assert result.returncode == 0, result.stderr[-4000:]
    return site, injected


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with serve(hostile_site[0]) as url:
        yield url


INSPECT = """() => {
    const onAttributes = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            if (attribute.name.toLowerCase().startsWith('on')) {
                onAttributes.push(element.tagName + ' ' + attribute.name);
            }
        }
    }
    return {
        pwned: window.__pwned === undefined ? null : String(window.__pwned),
        javascriptLinks: [...document.querySelectorAll('a[href]')]
            .map(a => a.getAttribute('href')).filter(h => /^\\s*javascript:/i.test(h)),
        images: [...document.querySelectorAll('img')].map(img => img.getAttribute('src')),
        onAttributes: onAttributes,
        // Data blocks (application/ld+json) may hold the text; no script that runs may.
        scripts: [...document.scripts].filter(s => !s.type || /javascript|module/i.test(s.type))
            .map(s => s.textContent).filter(t => t.includes('__pwned')),
        text: document.body.innerText,
    };
}"""


def assert_inert(found: dict[str, dict]) -> None:
    """What INSPECT found on each page: no script ran, nothing live."""
    for path, result in found.items():
        assert result["pwned"] is None, path
        assert result["javascriptLinks"] == [], path
        assert [src for src in result["images"] if src == "x" or "evil" in (src or "")] == [], path
        assert result["onAttributes"] == [], path
        assert result["scripts"] == [], path


def test_no_script_runs_and_no_live_markup_on_any_page(hostile_site, hostile_url, browser):
    site, _ = hostile_site
    context = browser.new_context()
    requests, dialogs = [], []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    found = {}
    for path in html_pages(site):
        page.goto(hostile_url + path, wait_until="load", timeout=30000)
        found[path] = page.evaluate(INSPECT)
    context.close()
    assert_inert(found)
    assert dialogs == []
    assert [url for url in requests if "evil" in url or url.endswith("/x")] == []


def _visible(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("page_path, columns", [
    ("page:quoted letter", ["figures.quote", "transcript"]),
    ("page:first letter", ["documents.title", "documents.sender", "documents.sender_role", "documents.recipient",
                           "documents.in_reply_to", "documents.note"]),
    ("/kommuner/helsingoer/", ["figures.category", "figures.note", "figures.qualifier", "initiatives.name",
                               "initiatives.description", "initiatives.target_group", "initiatives.funding_source",
                               "initiatives.note"]),
    ("/breve/", ["documents.sender", "documents.recipient", "documents.title"]),
    ("/data/", ["descriptor.title"]),
])
def test_contributor_text_is_shown_literally(hostile_site, hostile_url, browser, page_path, columns):
    _, injected = hostile_site
    page = browser.new_page()
    page.goto(hostile_url + injected.get(page_path, page_path), wait_until="load", timeout=30000)
    text = _visible(page.evaluate("document.body.innerText"))
    page.close()
    for column in columns:
        assert _visible(injected[column]) in text, column


def test_json_ld_keeps_contributor_text_inside_its_data_block(hostile_site, hostile_url, browser):
    """The descriptor's title goes into a <script type="application/ld+json"> block: a
    `</script>` in it must not end the block."""
    _, injected = hostile_site
    page = browser.new_page()
    page.goto(hostile_url + "/kommuner/helsingoer/", wait_until="load", timeout=30000)
    blocks = page.evaluate("""[...document.querySelectorAll('script[type="application/ld+json"]')]
                              .map(s => JSON.parse(s.textContent))""")
    page.close()
    assert [block["name"] for block in blocks] == [injected["descriptor.title"]]
    assert blocks[0]["description"] == injected["descriptor.description"]


def test_search_results_show_contributor_text_inert(hostile_url, browser):
    """The search index holds page text with the markup decoded; results must not revive it."""
    page = browser.new_page()
    page.goto(hostile_url + "/", wait_until="networkidle", timeout=30000)
    page.click(".md-search__input")
    page.keyboard.type("lenke-initiatives-note")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    result = page.evaluate(INSPECT)
    results_html = page.inner_html(".md-search-result")
    page.close()
    assert result["pwned"] is None
    assert result["onAttributes"] == [] and result["javascriptLinks"] == []
    assert "<img" not in results_html and "<script" not in results_html


# --- refused before anything reads them ----------------------------------------------------------

def copy_valid(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    shutil.copytree(FIXTURES / "valid", case)
    return case


def codes(folder: Path) -> set[str]:
    problems, _ = validate([str(folder)])
    return {p.code for p in problems}


@pytest.mark.parametrize("depth", [100_000, 900])
def test_deeply_nested_descriptor_is_refused(tmp_path, depth):
    """Guards against a JSON bomb: nesting past the recursion limit crashed json.loads with
    RecursionError, and nesting just below it crashed or stalled the steps after."""
    case = copy_valid(tmp_path)
    (case / "datapackage.json").write_text('{"resources": [], "x": ' + "[" * depth + "]" * depth + "}",
                                           encoding="utf-8")
    assert codes(case) == {"descriptor-too-deep"}


def test_oversized_descriptor_is_refused(tmp_path):
    case = copy_valid(tmp_path)
    descriptor = json.loads((case / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["keywords"] = ["aktivering"] * (MAX_FILE_BYTES // 10)
    (case / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert codes(case) == {"file-too-large"}


def yaml_bomb(key: str) -> str:
    """Billion laughs: nine levels of nine aliases, 9^9 strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + f"\n{key}: *i\n"


@pytest.mark.parametrize("key, filename", [("dialect", "dialect.yaml"), ("schema", "schema.yaml")])
def test_yaml_bomb_in_a_metadata_file_is_never_read(tmp_path, key, filename):
    """Guards against a YAML bomb: a resource's dialect or schema given as a file was read by
    frictionless, and a billion-laughs dialect hung the validator (its error message expands it)."""
    case = copy_valid(tmp_path)
    (case / filename).write_text(yaml_bomb("delimiter" if key == "dialect" else "fields"), encoding="utf-8")
    descriptor = json.loads((case / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0][key] = filename
    (case / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    # In a child process with a time limit: a regression hangs and eats memory rather than failing.
    result = subprocess.run([sys.executable, "-m", "aktivering.cli", "--lang", "en", "validate", str(case)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"resources[documents].{key}: [metadata-not-inline]" in result.stdout


@pytest.mark.parametrize("where", ["package", "resource"])
def test_profile_url_is_refused(tmp_path, where):
    """Guards against a fetch: frictionless downloads a profile URL to validate against it."""
    case = copy_valid(tmp_path)
    descriptor = json.loads((case / "datapackage.json").read_text(encoding="utf-8"))
    (descriptor if where == "package" else descriptor["resources"][0])["profile"] = "https://evil.example/p.json"
    (case / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert "metadata-not-inline" in codes(case)


def test_validator_never_opens_a_connection(tmp_path, monkeypatch):
    """Guards against any other URL frictionless would fetch (here an extra resource's
    `extrapaths`): the validator reports it and opens no socket."""
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    case = copy_valid(tmp_path)
    descriptor = json.loads((case / "datapackage.json").read_text(encoding="utf-8"))
    extra = {**descriptor["resources"][0], "name": "extra", "extrapaths": ["https://evil.example/x.csv"]}
    descriptor["resources"].append(extra)
    (case / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    problems, _ = validate([str(case)])
    assert attempts == []
    assert any("does not fetch https://evil.example/x.csv" in p.format("en") for p in problems)


@pytest.mark.parametrize("key, value", [("kommune_code", 101), ("kommune_code", ["101"]), ("id_prefix", {"a": 1})])
def test_descriptor_value_of_the_wrong_type_is_refused(tmp_path, key, value):
    """Guards against TypeErrors in the domain rules (`prefix + "-"`, set membership)."""
    case = copy_valid(tmp_path)
    descriptor = json.loads((case / "datapackage.json").read_text(encoding="utf-8"))
    descriptor[key] = value
    (case / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert codes(case) == {"descriptor-invalid"}


def test_long_wrong_quote_in_a_long_transcript_does_not_stall_the_validator(tmp_path):
    """Guards against a denial of service: the nearest-passage suggestion (difflib) costs
    transcript length × quote length, hours for a 1 MB transcript and a 20 kB quote."""
    case = copy_valid(tmp_path)
    transcript = case / "transcripts" / "101-2017-12-10.txt"
    filler = "Kommunen vil sikre, at alle borgere får et tilbud.\n\n" * 20_000  # 1 MB, no numbers
    transcript.write_text(transcript.read_text(encoding="utf-8") + filler, encoding="utf-8")
    rows = read_table(case / "figures.csv")
    rows[0]["quote"] += " Og borgerne får et godt tilbud hver eneste dag." * 400
    write_table(case / "figures.csv", rows)
    result = subprocess.run([sys.executable, "-m", "aktivering.cli", "--lang", "en", "validate", str(case)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "figures.csv:2:quote: [quote-not-found]" in result.stdout


def test_resource_name_that_is_not_a_string_is_refused(tmp_path):
    """Guards against a TypeError: a list as resource name was used as a dict key."""
    case = copy_valid(tmp_path)
    descriptor = json.loads((case / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["name"] = ["documents"]
    (case / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert codes(case) == {"descriptor-invalid"}
