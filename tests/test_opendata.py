"""Open data out: downloads that count right, validate and open in Danish Excel; citations;
DCAT-AP-DK with 0 SHACL violations; schema.org JSON-LD; sitemap and feed dated from the data."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from aktivering.validate import validate

from site_support import ROOT, mkdocs_build

SHAPES = Path(os.environ.get("DCAT_SHAPES", ROOT.parent / "shared" / "reference" / "dcat-ap-dk"))
ID_COLUMNS = {"documents": "document_id", "figures": "figure_id", "initiatives": "initiative_id"}


@pytest.fixture(scope="module")
def packages():
    problems, packages = validate()
    assert problems == []
    return packages


@pytest.mark.parametrize("table", sorted(ID_COLUMNS))
def test_every_row_appears_exactly_once_in_the_combined_files(built_site, packages, table):
    column = ID_COLUMNS[table]
    expected = sorted(i for p in packages for i in getattr(p, table)[column])
    folder = built_site / "downloads" / "alle"
    as_csv = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    as_json = json.loads((folder / f"{table}.json").read_text(encoding="utf-8"))
    as_excel = pd.read_csv(folder / f"{table}-excel.csv", sep=";", dtype=str, keep_default_na=False,
                           encoding="utf-8-sig")
    assert sorted(as_csv[column]) == expected
    assert sorted(row[column] for row in as_json) == expected
    assert sorted(as_excel[column]) == expected
    # Rows are identical to the packages' rows, cell for cell (CSV; JSON typed from those cells).
    original = pd.concat([getattr(p, table) for p in packages], ignore_index=True)
    pd.testing.assert_frame_equal(as_csv, original)
    assert [{k: _as_cell(v) for k, v in row.items()} for row in as_json] == original.to_dict("records")


def _as_cell(value: object) -> str:
    """A typed JSON value written back as the CSV writes it (1.5 -> '1.5', true -> 'true', null -> '')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_excel_file_is_danish_excel_shaped(built_site, packages):
    raw = (built_site / "downloads" / "alle" / "figures-excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    header = raw[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert header.startswith("figure_id;document_id;measure")
    frame = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", dtype={"value": float})
    figures = pd.concat([p.figures for p in packages], ignore_index=True)
    assert list(frame["value"]) == [float(v) for v in figures["value"]]
    assert "15,7" in raw.decode("utf-8")


def _frictionless(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_combined_datapackage_validates(built_site):
    result = _frictionless(built_site / "downloads" / "alle" / "datapackage.json")
    assert result.returncode == 0, result.stdout[-3000:]


def test_each_kommune_zip_validates_once_unzipped(built_site, packages, tmp_path):
    for package in packages:
        archive = built_site / "downloads" / f"{package.name}.zip"
        folder = tmp_path / package.name
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(folder)
        assert _frictionless(folder / "datapackage.json").returncode == 0
        readme = (folder / "README.md").read_text(encoding="utf-8")
        assert "CC BY 4.0" in readme and "Citér" in readme and "Kilder" in readme
        assert sorted(p.name for p in (folder / "transcripts").iterdir()) == \
            sorted(Path(t).name for t in package.documents["transcript"])


def test_data_page_lists_downloads_with_rows_sizes_and_dates(built_site, packages):
    text = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    for package in packages:
        assert f'href="../downloads/{package.name}.zip"' in text
    total = sum(len(p.figures) for p in packages)
    # Cells may stand apart by white space (the search index keeps them apart: aktivering.search);
    # a file name may wrap after its dot (<wbr>: the name's text is unchanged).
    assert re.search(rf">figures\.(?:<wbr>)?csv</a></td>\s*<td>[^<]+</td>\s*<td>{total}</td>"
                     r"\s*<td>[\d,.]+ (kB|byte)</td>"
                     r"\s*<td>\d{1,2}\. [a-z]+ \d{4}</td>", text)  # the date as a reader says it


def test_kommune_pages_offer_short_and_full_citation_and_charts_cite_too(built_site):
    text = (built_site / "kommuner" / "helsingoer" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Kort:</strong> Aktivering i kommunerne (" in text
    assert "<strong>Fuld:</strong>" in text and "Version " in text
    assert text.count("Citér: Aktivering i kommunerne") == text.count('<figure class="diagram')


def test_citation_cff_is_valid_yaml_with_licence():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "CC-BY-4.0" and cff["type"] == "dataset"


def _violations(shapes: Path, data: Path) -> tuple[bool, list[str]]:
    from pyshacl import validate as shacl
    from rdflib import Graph, URIRef

    conforms, graph, _text = shacl(str(data), shacl_graph=str(shapes), data_graph_format="turtle",
                                   shacl_graph_format="turtle")
    violation = URIRef("http://www.w3.org/ns/shacl#Violation")
    severity = URIRef("http://www.w3.org/ns/shacl#resultSeverity")
    message = URIRef("http://www.w3.org/ns/shacl#resultMessage")
    assert isinstance(graph, Graph)
    found = [str(graph.value(result, message)) for result in graph.subjects(severity, violation)]
    return conforms, found


@pytest.mark.parametrize("shapes", ["dcat-ap-dk_2.0.2_shacl_shapes.ttl", "dcat-ap-dk_2.0.2_shacl_shapes-strict.ttl",
                                    "v2.0-folder_dcat-ap-dk_2.0.2_shacl_shapes.ttl",
                                    "v2.0-folder_dcat-ap-dk_2.0.2_shacl_shapes-strict.ttl"])
def test_dcat_catalogue_has_no_shacl_violations(built_site, shapes):
    """0 violations against every copy of the 2.0.2 shapes. The `v 2.1.0` copies still expect the
    outdated `.../resource/dataset/language/` IRIs; we use the canonical `.../authority/language/DAN`,
    which they report as sh:Info (not a violation) on datasets. The `v.2.0` copies fully conform."""
    path = SHAPES / shapes
    assert path.exists(), f"DCAT-AP-DK shapes not found at {path}: set DCAT_SHAPES to the folder"
    conforms, violations = _violations(path, built_site / "catalog.ttl")
    assert violations == []
    if shapes.startswith("v2.0-folder"):
        assert conforms


def test_catalogue_describes_every_package_and_its_distributions(built_site, packages):
    from rdflib import Graph, Namespace

    dcat = Namespace("http://www.w3.org/ns/dcat#")
    graph = Graph().parse(built_site / "catalog.ttl", format="turtle")
    datasets = set(graph.objects(None, dcat.dataset))
    assert len(datasets) == len(packages) + 1  # and the combined dataset
    for package in packages:
        dataset = next(d for d in datasets if str(d).endswith(f"#dataset-{package.name}"))
        urls = {str(graph.value(dist, dcat.downloadURL)) for dist in graph.objects(dataset, dcat.distribution)}
        assert any(u.endswith(f"downloads/{package.name}.zip") for u in urls)
        for url in urls:
            assert (built_site / url.split("/", 3)[3]).is_file(), url


def test_schema_org_dataset_in_the_head_of_each_kommune_page(built_site, packages):
    for page in ("kommuner/helsingoer", "kommuner/guldborgsund", "kommuner/syddjurs", "national"):
        text = (built_site / page / "index.html").read_text(encoding="utf-8")
        head = text.split("</head>")[0]
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
        assert match, page
        data = json.loads(match.group(1))
        assert data["@type"] == "Dataset" and data["license"].startswith("https://creativecommons.org/licenses/by/4.0")
        assert data["url"].endswith(f"/{page}/")
        for distribution in data["distribution"]:
            assert (built_site / distribution["contentUrl"].split("/", 3)[3]).is_file()


@pytest.fixture(scope="module")
def site_outside_git(tmp_path_factory):
    """The site built from a copy of data/ outside git: dates must then come from the letters."""
    tmp = tmp_path_factory.mktemp("nogit")
    shutil.copytree(ROOT / "data", tmp / "data")
    result = mkdocs_build(tmp / "site", {"AKTIVERING_DATA": str(tmp / "data")})
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_sitemap_dates_come_from_the_data_not_the_clock(site_outside_git):
    root = ET.parse(site_outside_git / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
             for u in root.findall("s:url", ns)}
    helsingoer = next(v for k, v in dates.items() if k.endswith("/kommuner/helsingoer/"))
    assert helsingoer == "2017-12-14"  # the newest Helsingør letter, since git has no history here
    assert max(d for d in dates.values() if d) == "2018-08-09"


def test_atom_feed_lists_letters_and_data_changes_dated_from_the_data(site_outside_git, packages):
    root = ET.parse(site_outside_git / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == sum(len(p.documents) for p in packages) + len(packages)
    letter_dates = {d for p in packages for d in p.documents["date"]}
    for entry in entries:
        assert entry.findtext(f"{atom}updated")[:10] in letter_dates
    updated = [e.findtext(f"{atom}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)


def test_pages_link_the_feed_and_a_report_error_form(built_site):
    text = (built_site / "kommuner" / "syddjurs" / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in text
    assert "template=fejl-i-data.yml&amp;side=" in text and "kommuner/syddjurs/" in text


def test_a_file_name_wraps_after_its_dots_and_underscores_and_stays_escaped():
    """Data's tables of files were wider than their frame from 960 px up: a long file name was one
    unbreakable word. The name may now wrap after '.', '_' and '-', and every part is still escaped."""
    from aktivering.pages.environment import breakable

    assert str(breakable("referred_letters.schema.json")) == "referred_<wbr>letters.<wbr>schema.<wbr>json"
    assert str(breakable('<img src=x onerror="a">_b.csv')) == (
        "&lt;img src=x onerror=&#34;a&#34;&gt;_<wbr>b.<wbr>csv")
    assert str(breakable("")) == ""
