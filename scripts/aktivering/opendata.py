"""What people take away: combined downloads, citations, DCAT-AP-DK catalogue, schema.org
Dataset JSON-LD and an Atom feed. All dates come from the data or from git, never the clock."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import schemas
from .load import Package, records
from .model import Site
from .paths import PACKAGE_RESOURCES

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
SITE_NAME = "Aktivering i kommunerne"
PUBLISHER = "Aktivering i kommunerne (open data-projekt)"


@dataclass
class Download:
    path: str        # relative to the site root
    title: str
    rows: int | None
    size: int
    updated: str


def _write(path: Path, data: bytes) -> None:
    """Write only when the bytes differ, so unchanged files keep their mtime (fast rebuilds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def _csv_text(frame: pd.DataFrame, header: bool) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=header, lineterminator="\n")
    return buffer.getvalue()


def _excel_text(frame: pd.DataFrame, number_columns: list[str], header: bool) -> str:
    """Danish Excel's dialect: semicolons, decimal comma in number columns, CRLF (the BOM goes first)."""
    frame = frame.copy()
    for column in number_columns:
        frame[column] = frame[column].str.replace(".", ",", regex=False)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=header, sep=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()


# Each package's share of the combined files, kept by this process (`mkdocs serve`) until the
# package changes: (package, table) -> (digest, (CSV rows, JSON rows, Excel rows)).
_SHARES: dict[tuple[str, str], tuple[str, tuple[str, list[str], str]]] = {}


def _share(package: Package, table: str, number_columns: list[str]) -> tuple[str, list[str], str]:
    """One package's rows of a combined table as CSV, JSON and Excel text (no header)."""
    cached = _SHARES.get((package.name, table))
    if package.digest and cached and cached[0] == package.digest:
        return cached[1]
    frame = getattr(package, table)
    share = (_csv_text(frame, header=False), [json.dumps(row, ensure_ascii=False) for row in records(frame)],
             _excel_text(frame, number_columns, header=False))
    _SHARES[package.name, table] = (package.digest, share)
    return share


def combined_files(packages: list[Package], table: str) -> tuple[int, dict[str, bytes]]:
    """(rows, {file name: bytes}) of every package's rows of one table, each exactly once, as
    CSV (UTF-8), JSON (an array, one row per line: it diffs like the CSV) and Danish Excel CSV."""
    number_columns = [f["name"] for f in schemas.canonical(table)["fields"] if f["type"] in ("number", "integer")]
    columns = [f["name"] for f in schemas.canonical(table)["fields"]]
    empty = pd.DataFrame(columns=columns, dtype=str)
    shares = [_share(p, table, number_columns) for p in packages]
    rows = [row for share in shares for row in share[1]]
    return len(rows), {
        f"{table}.csv": (_csv_text(empty, header=True) + "".join(s[0] for s in shares)).encode("utf-8"),
        f"{table}.json": ("[\n" + ",\n".join(rows) + "\n]\n" if rows else "[]\n").encode("utf-8"),
        f"{table}-excel.csv": b"\xef\xbb\xbf" + (_excel_text(empty, number_columns, header=True)
                                                + "".join(s[2] for s in shares)).encode("utf-8"),
    }


def write_combined(packages: list[Package], out: Path, updated: str) -> list[Download]:
    folder = out / "downloads" / "alle"
    downloads = []
    descriptor = {
        "name": "aktivering-i-kommunerne",
        "title": f"{SITE_NAME}: alle kommuner",
        "description": "Alle tal, initiativer og breve fra alle pakker samlet. Hver række findes præcis én gang.",
        "version": updated,
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                      "path": LICENSE_URL}],
        "sources": [{"title": p.descriptor.get("title", p.name)} for p in packages],
        "resources": [schemas.expected_resource(name) for name in PACKAGE_RESOURCES],
    }
    kinds = ("CSV (UTF-8)", "JSON", "CSV til dansk Excel (semikolon, komma)")
    for name in PACKAGE_RESOURCES:
        count, files = combined_files(packages, name)
        for (filename, data), kind in zip(files.items(), kinds):
            _write(folder / filename, data)
            downloads.append(Download(f"downloads/alle/{filename}", f"{RESOURCE_LABELS[name]} – {kind}",
                                      count, len(data), updated))
    data = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    _write(folder / "datapackage.json", data)
    downloads.append(Download("downloads/alle/datapackage.json", "Samlet datapakke (datapackage.json)",
                              None, len(data), updated))
    return downloads


RESOURCE_LABELS = {"documents": "Alle breve", "figures": "Alle tal", "initiatives": "Alle initiativer"}


# --- citation ---------------------------------------------------------------------------------

def citation(site_url: str, title: str, version: str, page_url: str) -> dict[str, str]:
    year = version[:4]
    return {
        "short": f"{SITE_NAME} ({year}): {title}. Version {version}. CC BY 4.0.",
        "full": (f"{SITE_NAME} ({year}). {title} [datasæt]. Version {version}. "
                 f"Tal fra kommunernes og Beskæftigelsesministerens breve, hvert med kildecitat. "
                 f"Licens: CC BY 4.0. {page_url}"),
    }


def readme_for(package: Package, site_url: str, version: str, page_url: str) -> str:
    cite = citation(site_url, package.descriptor.get("title", package.name), version, page_url)
    sources = "\n".join(f"- {s.get('title', '')}" for s in package.descriptor.get("sources", []))
    return f"""# {package.descriptor.get('title', package.name)}

{package.descriptor.get('description', '')}

Filer: `datapackage.json` (Frictionless Data Package med skemaerne indlejret), `documents.csv`
(brevene), `figures.csv` (ét tal pr. række med citat), `initiatives.csv`, `transcripts/` (brevene
som tekst). Tjek pakken med `frictionless validate datapackage.json`.

## Kilder

{sources}

Brevene er offentlige dokumenter fra de myndigheder, der har skrevet dem.

## Licens

Sammenstillingen (tal, citater, transskriptioner) udgives under CC BY 4.0: {LICENSE_URL}

## Citér

Kort: {cite['short']}

Fuld: {cite['full']}

Version {version}. Side: {page_url}
"""


# --- DCAT-AP-DK -------------------------------------------------------------------------------

def _lit(text: str, lang: str | None = "da") -> str:
    """A Turtle literal. JSON's string escapes are a subset of Turtle's."""
    return json.dumps(str(text), ensure_ascii=False) + (f"@{lang}" if lang else "")


def _iri(url: str) -> str:
    return f"<{url}>"


FILE_TYPES = {"csv": "CSV", "json": "JSON", "zip": "ZIP"}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "zip": "application/zip"}


def dcat_catalogue(site: Site, site_url: str, updated: str, package_pages: dict[str, str]) -> str:
    """DCAT-AP-DK 2.0.2 catalogue in Turtle: the collection and one dataset per package."""
    base = site_url.rstrip("/") + "/"
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .",
        "",
        f"<{base}#publisher> a foaf:Agent , foaf:Organization ; foaf:name {_lit(PUBLISHER)} .",
        f"{_iri(LICENSE_URL)} a dct:LicenseDocument .",
        "<http://publications.europa.eu/resource/authority/language/DAN> a dct:LinguisticSystem .",
        "<http://publications.europa.eu/resource/authority/country/DNK> a dct:Location .",
    ]
    for kind in FILE_TYPES.values():
        lines.append(f"<http://publications.europa.eu/resource/authority/file-type/{kind}> a dct:MediaTypeOrExtent .")
    for media in MEDIA_TYPES.values():
        lines.append(f"<https://www.iana.org/assignments/media-types/{media}> a dct:MediaType .")
    datasets = []
    for package in site.packages:
        dataset = f"{base}#dataset-{package.name}"
        datasets.append(dataset)
        page = base + package_pages[package.name]
        title = package.descriptor.get("title", package.name)
        modified = site.updated.get(package.name, updated)
        distributions = [
            ("zip", f"downloads/{package.name}.zip", "Datapakke (zip)"),
            ("json", f"downloads/{package.name}/datapackage.json", "datapackage.json"),
            ("csv", f"downloads/{package.name}/figures.csv", "Tal (CSV)"),
            ("csv", f"downloads/{package.name}/initiatives.csv", "Initiativer (CSV)"),
            ("csv", f"downloads/{package.name}/documents.csv", "Breve (CSV)"),
        ]
        lines += ["", f"<{dataset}> a dcat:Dataset ;",
                  f"  dct:title {_lit(title)} ;",
                  f"  dct:description {_lit(package.descriptor.get('description', title))} ;",
                  f"  dct:publisher <{base}#publisher> ;",
                  f"  dct:modified {_lit(modified, None)}^^xsd:date ;",
                  "  dct:language <http://publications.europa.eu/resource/authority/language/DAN> ;",
                  "  dct:spatial <http://publications.europa.eu/resource/authority/country/DNK> ;",
                  f"  dcat:landingPage <{page}> ;",
                  *[f"  dcat:keyword {_lit(k)} ;" for k in package.descriptor.get("keywords", [])],
                  "  dcat:distribution " + " , ".join(f"<{dataset}-{i}>" for i in range(len(distributions))) + " ."]
        lines.append(f"<{page}> a foaf:Document .")
        for number, (kind, path, label) in enumerate(distributions):
            url = base + path
            lines += [f"<{dataset}-{number}> a dcat:Distribution ;",
                      f"  dct:title {_lit(label)} ;",
                      f"  dcat:accessURL <{url}> ;",
                      f"  dcat:downloadURL <{url}> ;",
                      f"  dct:format <http://publications.europa.eu/resource/authority/file-type/{FILE_TYPES[kind]}> ;",
                      f"  dcat:mediaType <https://www.iana.org/assignments/media-types/{MEDIA_TYPES[kind]}> ;",
                      f"  dct:license <{LICENSE_URL}> ."]
    lines += ["", f"<{base}#catalog> a dcat:Catalog ;",
              f"  dct:title {_lit(SITE_NAME)} ;",
              f"  dct:description {_lit('Hvad kommunerne har svaret Beskæftigelsesministeren om aktivering af aktivitetsparate kontanthjælpsmodtagere – tal, initiativer og breve som åbne data.')} ;",  # noqa: E501
              f"  dct:publisher <{base}#publisher> ;",
              f"  dct:license <{LICENSE_URL}> ;",
              f"  dct:modified {_lit(updated, None)}^^xsd:date ;",
              f"  foaf:homepage <{base}> ;",
              "  dcat:dataset " + " , ".join(f"<{d}>" for d in datasets) + " .",
              f"<{base}> a foaf:Document ."]
    return "\n".join(lines) + "\n"


# --- schema.org -------------------------------------------------------------------------------

def dataset_jsonld(package: Package, site_url: str, page_url: str, updated: str, kommune: str | None) -> str:
    base = site_url.rstrip("/") + "/"
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": package.descriptor.get("title", package.name),
        "description": package.descriptor.get("description", ""),
        "url": page_url,
        "inLanguage": "da",
        "license": LICENSE_URL,
        "isAccessibleForFree": True,
        "dateModified": updated,
        "keywords": package.descriptor.get("keywords", []),
        "creator": {"@type": "Organization", "name": PUBLISHER},
        "spatialCoverage": {"@type": "Place", "name": f"{kommune} Kommune" if kommune else "Danmark"},
        "temporalCoverage": f"{min(package.documents['date'])}/{max(package.documents['date'])}",
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "application/zip",
             "contentUrl": f"{base}downloads/{package.name}.zip"},
            {"@type": "DataDownload", "encodingFormat": "text/csv",
             "contentUrl": f"{base}downloads/{package.name}/figures.csv"},
        ],
    }
    # "<" escaped so the JSON can never close the <script> element it is placed in.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


# --- Atom -------------------------------------------------------------------------------------

def atom_feed(entries: list[dict], site_url: str, updated: str) -> str:
    """entries: title, url, updated (YYYY-MM-DD), summary. Newest first."""
    from html import escape

    base = site_url.rstrip("/") + "/"
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="da">',
             f"<title>{escape(SITE_NAME)}: nye breve og data</title>",
             f'<link rel="alternate" type="text/html" href="{escape(base)}"/>',
             f'<link rel="self" type="application/atom+xml" href="{escape(base)}feed.xml"/>',
             f"<id>{escape(base)}feed.xml</id>",
             f"<updated>{updated}T00:00:00Z</updated>",
             f"<author><name>{escape(PUBLISHER)}</name></author>"]
    for entry in entries:
        parts += ["<entry>",
                  f"<title>{escape(entry['title'])}</title>",
                  f'<link rel="alternate" type="text/html" href="{escape(entry["url"])}"/>',
                  f"<id>{escape(entry['id'])}</id>",
                  f"<updated>{entry['updated']}T00:00:00Z</updated>",
                  f"<summary>{escape(entry['summary'])}</summary>",
                  "</entry>"]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
