"""What people take away: combined downloads, citations, DCAT-AP-DK catalogue, schema.org
Dataset JSON-LD and an Atom feed. All dates come from the data or from git, never the clock."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd
from rdflib import DCTERMS, FOAF, RDF, XSD, Graph, Literal, Namespace, URIRef

from . import cache, escape, schemas, typed, urls
from .load import Package, read_csv, records
from .model import Site
from .paths import OPTIONAL_RESOURCES, PUBLISHED_RESOURCES
from .templating import render_text
from .writes import write_if_changed

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
SITE_NAME = "Aktivering i kommunerne"
PUBLISHER = "Aktivering i kommunerne (open data-projekt)"
COMBINED_DESCRIPTION = "Alle tal, initiativer og breve fra alle pakker samlet. Hver række findes præcis én gang."


@dataclass
class Download:
    path: str        # relative to the site root
    title: str
    rows: int | None
    size: int
    updated: str


def _csv_text(frame: pd.DataFrame, header: bool) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=header, lineterminator="\n")
    return buffer.getvalue()


def _excel_text(frame: pd.DataFrame, number_columns: list[str], header: bool) -> str:
    """Danish Excel's dialect: semicolons, decimal comma in number columns, CRLF (the BOM goes first).
    A text cell Excel would read as a formula (= + - @ TAB CR first) gets a leading ' (OWASP); the
    number columns hold numbers, so -5 stays -5."""
    frame = frame.copy()
    for column in frame.columns:
        if column in number_columns:
            frame[column] = frame[column].str.replace(".", ",", regex=False)
        else:
            frame[column] = frame[column].map(escape.spreadsheet_cell)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=header, sep=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()


# Each package's share of the combined files, kept by this process (`mkdocs serve`) until the
# package changes: (package, table) -> (digest, (CSV rows, how many rows, JSON rows, Excel rows)),
# each file's part as the UTF-8 bytes it is written as (issue 17: as text, a share that holds an en
# dash is two bytes a character, and the whole file was joined as text and then encoded again).
_SHARES: dict[tuple[str, str], tuple[str, tuple[bytes, int, bytes, bytes]]] = cache.process_memo({})


def _share(package: Package, table: str, number_columns: list[str]) -> tuple[bytes, int, bytes, bytes]:
    """One package's rows of a combined table as CSV, JSON (its rows, `,\n` between them) and Excel
    bytes (no header), and how many rows."""
    cached = _SHARES.get((package.name, table))
    if package.digest and cached and cached[0] == package.digest:
        return cached[1]
    frame = package.frame(table) if table in package.tables or table in OPTIONAL_RESOURCES \
        else read_csv(package.folder / f"{table}.csv")
    rows = [json.dumps(row, ensure_ascii=False) for row in typed.rows(table, records(frame))]
    share = (_csv_text(frame, header=False).encode("utf-8"), len(rows), ",\n".join(rows).encode("utf-8"),
             _excel_text(frame, number_columns, header=False).encode("utf-8"))
    _SHARES[package.name, table] = (package.digest, share)
    return share


def combined_files(packages: list[Package], table: str) -> tuple[int, Iterator[tuple[str, bytes]]]:
    """(rows, (file name, bytes) of each file) of every package's rows of one table, each exactly
    once, as CSV (UTF-8), JSON (an array, one row per line: it diffs like the CSV; values typed as
    the Table Schema says, see typed.py) and Danish Excel CSV. Each file is joined when it is asked
    for, so that one file's bytes are held at a time (30 MB for figures.json at 10×)."""
    number_columns = schemas.number_columns(table)
    columns = [f["name"] for f in schemas.canonical(table)["fields"]]
    empty = pd.DataFrame(columns=columns, dtype=str)
    shares = [_share(p, table, number_columns) for p in packages]
    count = sum(share[1] for share in shares)
    rows = [part for share in shares if share[1] for part in (b",\n", share[2])][1:]

    def files():  # each file joined once from its parts' bytes, when it is asked for
        yield f"{table}.csv", b"".join([_csv_text(empty, header=True).encode("utf-8"), *(s[0] for s in shares)])
        yield f"{table}.json", b"".join([b"[\n", *rows, b"\n]\n"]) if count else b"[]\n"
        excel_header = _excel_text(empty, number_columns, header=True).encode("utf-8")
        yield f"{table}-excel.csv", b"".join([b"\xef\xbb\xbf", excel_header, *(s[3] for s in shares)])

    return count, files()


def write_combined(packages: list[Package], out: Path, updated: str, site_url: str) -> list[Download]:
    downloads = []
    descriptor = {
        "name": "aktivering-i-kommunerne",
        "title": f"{SITE_NAME}: alle kommuner",
        "description": COMBINED_DESCRIPTION,
        "version": updated,
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                      "path": LICENSE_URL}],
        "sources": [{"title": p.descriptor.get("title", p.name)} for p in packages],
        "resources": [schemas.expected_resource(name) for name in PUBLISHED_RESOURCES],
    }
    kinds = ("CSV (UTF-8)", "JSON", "CSV til dansk Excel (semikolon, komma)")
    for name in PUBLISHED_RESOURCES:
        count, files = combined_files(packages, name)
        for (filename, data), kind in zip(files, kinds):
            write_if_changed(out / urls.combined_file(filename), data)
            downloads.append(Download(urls.combined_file(filename), f"{RESOURCE_LABELS[name]} – {kind}",
                                      count, len(data), updated))
            del data  # before the next file is joined: one file's bytes at a time
        schema = typed.json_schema(name, f"{RESOURCE_LABELS[name]} (JSON)",
                                   escape.iri(urls.Urls(site_url).file(urls.combined_file(f"{name}.schema.json"))))
        data = (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        write_if_changed(out / urls.combined_file(f"{name}.schema.json"), data)
        downloads.append(Download(urls.combined_file(f"{name}.schema.json"), f"{RESOURCE_LABELS[name]} – JSON Schema "
                                  f"til {name}.json", None, len(data), updated))
    data = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    write_if_changed(out / urls.combined_file("datapackage.json"), data)
    downloads.append(Download(urls.combined_file("datapackage.json"), "Samlet datapakke (datapackage.json)",
                              None, len(data), updated))
    return downloads


RESOURCE_LABELS = {"documents": "Alle breve", "figures": "Alle tal", "initiatives": "Alle initiativer",
                   "non_figures": "Alle tal der ikke er opgørelser",
                   "commitments": "Alle løfter, planer og forventninger", "referred_letters": "Alle nævnte breve"}


# --- citation ---------------------------------------------------------------------------------

CITATION_FILE = "CITATION.cff"


def project_citation() -> dict:
    """CITATION.cff in the repository: the one source of the project's title, authors, abstract,
    licence and keywords. Every citation the site shows and the CITATION.cff it publishes read it."""
    from .paths import ROOT

    return _parsed_citation((ROOT / CITATION_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _parsed_citation(text: str) -> dict:
    import yaml

    return yaml.safe_load(text)


def citation_author() -> str:
    return "; ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
                     for a in project_citation()["authors"])


def citation(site_url: str, title: str, version: str, page_url: str) -> dict[str, str]:
    """How to cite one page's data: author and the dataset's title from CITATION.cff, the part
    cited (`title`), the data version and the page's address."""
    year, author, dataset = version[:4], citation_author(), project_citation()["title"]
    return {
        "short": f"{author} ({year}): {title}. Version {version}. CC BY 4.0.",
        "full": (f"{author} ({year}). {title}. I: {dataset} [datasæt]. Version {version}. "
                 f"Tal fra kommunernes og Beskæftigelsesministerens breve, hvert med kildecitat. "
                 f"Licens: CC BY 4.0. {page_url}"),
    }


def published_citation_file(site_url: str, version: str) -> str:
    """The CITATION.cff the site publishes: the repository's, with the data version as version and
    release date, and the site's address (cffconvert and Zotero read it)."""
    import yaml

    data = json.loads(json.dumps(project_citation()))  # a copy
    data.update({"version": version, "date-released": version, "url": escape.iri(site_url.rstrip("/") + "/")})
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def bibtex_entry(key: str, title: str, version: str, page_url: str) -> str:
    """One @misc entry (BibTeX and biblatex both read it) citing `title` at `version`."""
    return render_text("citation.bib.j2", key=key, author=citation_author(), title=title,
                       dataset=project_citation()["title"], version=version, page_url=page_url)


def ris_entry(title: str, version: str, page_url: str) -> str:
    """The same citation as RIS (Zotero, EndNote, Mendeley), CRLF as the format's readers expect."""
    return render_text("citation.ris.j2", author=citation_author(), title=title, dataset=project_citation()["title"],
                       version=version, publisher=PUBLISHER, page_url=page_url)


def write_citations(out: Path, stem: str, key: str, title: str, version: str, page_url: str) -> list[Download]:
    """<stem>.bib and <stem>.ris, each citing one package (or everything) at its data version."""
    made = []
    for suffix, text, label in ((".bib", bibtex_entry(key, title, version, page_url), "BibTeX"),
                                (".ris", ris_entry(title, version, page_url), "RIS: Zotero, EndNote, Mendeley")):
        label = f"Citation til referenceprogrammer ({label})"
        data = text.encode("utf-8")
        write_if_changed(out / f"{stem}{suffix}", data)
        made.append(Download(f"{stem}{suffix}", label, None, len(data), version))
    return made


FILE_DESCRIPTIONS = {
    "datapackage.json": "Frictionless Data Package: beskrivelse af pakken med skemaerne indlejret",
    "documents.csv": "brevene, ét pr. række",
    "figures.csv": "tallene, ét pr. række med citatet fra brevet",
    "initiatives.csv": "initiativerne, ét pr. række med citat",
    "non_figures.csv": "tal i brevene, der ikke er opgørelser (datoer, adresser, numre …), med grund",
    "commitments.csv": "løfter, planer og forventninger i brevene, med citat og en senere opfølgning",
    "referred_letters.csv": "breve, som brevenes tekst nævner, med citat",
    "README.md": "denne fil",
}


def readme_for(package: Package, site_url: str, version: str, page_url: str, files: list[str] = ()) -> str:
    """The zip's README.md (templates/zip-readme.md.j2): contributor text through
    escape.markdown_document; `files` is what the zip holds, each listed with what it is."""
    title = package.descriptor.get("title", package.name)
    return render_text("zip-readme.md.j2", title=title, description=package.descriptor.get("description", ""),
                       files=list(files), descriptions=FILE_DESCRIPTIONS,
                       sources=[s.get("title", "") for s in package.descriptor.get("sources", [])],
                       license_url=LICENSE_URL, version=version, page_url=page_url,
                       cite=citation(site_url, escape.markdown_document(title), version, page_url))


# --- DCAT-AP-DK -------------------------------------------------------------------------------

FILE_TYPES = {"csv": "CSV", "json": "JSON", "zip": "ZIP", "xlsx": "XLSX", "db": None}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "zip": "application/zip",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "db": "application/vnd.sqlite3"}
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
# Where a kommune is named once and for all: DAWA's resource for it (the four-digit code, DAGI's).
DAWA_KOMMUNE = "https://api.dataforsyningen.dk/kommuner/{code:0>4}"
# EU data themes, with their Danish labels: population and society; government and public sector
THEMES = {"SOCI": "Befolkning og samfund", "GOVE": "Regeringen og den offentlige sektor"}


def _ref(url: str) -> URIRef:
    return URIRef(escape.iri(url))


def package_distributions(name: str, package: Package | None = None) -> list[tuple[str, str, str]]:
    """(kind, path, title) of every file a package's dataset is distributed as (with the optional
    tables the package lists, issue 14)."""
    from .downloads import TABLES, tables_of

    optional = [f for f in tables_of(package) if f not in TABLES] if package is not None else []
    return [("zip", urls.package_zip(name), "Datapakke (zip)"),
            ("xlsx", urls.package_workbook(name), "Regneark (xlsx)"),
            ("json", urls.package_file(name, "datapackage.json"), "datapackage.json"),
            ("csv", urls.package_file(name, "figures.csv"), "Tal (CSV)"),
            ("csv", urls.package_file(name, "initiatives.csv"), "Initiativer (CSV)"),
            ("csv", urls.package_file(name, "documents.csv"), "Breve (CSV)"),
            ("csv", urls.package_file(name, "non_figures.csv"), "Tal der ikke er opgørelser (CSV)"),
            *(("csv", urls.package_file(name, f), f"{OPTIONAL_LABELS[f]} (CSV)") for f in optional)]


OPTIONAL_LABELS = {"commitments.csv": "Løfter", "referred_letters.csv": "Nævnte breve"}


def combined_distributions() -> list[tuple[str, str, str]]:
    files = [("json", urls.combined_file("datapackage.json"), "Samlet datapakke (datapackage.json)"),
             ("xlsx", urls.COMBINED_WORKBOOK, "Alt i ét regneark (xlsx)"),
             ("db", urls.database(".db"), "SQLite-database med fuldtekstsøgning")]
    for table in PUBLISHED_RESOURCES:
        label = RESOURCE_LABELS[table]
        files += [("csv", urls.combined_file(f"{table}.csv"), f"{label} (CSV)"),
                  ("json", urls.combined_file(f"{table}.json"), f"{label} (JSON, typede værdier)"),
                  ("csv", urls.combined_file(f"{table}-excel.csv"), f"{label} (CSV til dansk Excel)")]
    return files


def figure_period(periods: list[str]) -> tuple[str, str] | None:
    """(first day, last day) the figures' reference periods cover together; an open start
    ('../2017-08-18') counts by its end only. None when there are no figures."""
    from .periods import bounds

    spans = [bounds(p) for p in periods if p]
    if not spans:
        return None
    firsts = [first or last for first, last in spans]
    return min(firsts).isoformat(), max(last for _, last in spans).isoformat()


def dcat_catalogue(site: Site, site_url: str, updated: str, package_pages: dict[str, str],
                   byte_size: Callable[[str], int | None] | None = None) -> str:
    """DCAT-AP-DK 2.0.2 catalogue in Turtle: the collection, the combined dataset and one dataset per
    package, each with every file it is distributed as (byte_size(path): its size, or None for a
    file listed without one; pages/feeds.py gives the sizes of the files in the site), spatial
    coverage (DAWA's kommune, or Denmark), the figures' temporal coverage, themes, a contact point,
    identifier and dates. Written by rdflib, every IRI percent-encoded (escape.iri): no folder name
    or title can break it."""
    return turtle(dcat_triples(site, site_url, updated, package_pages, byte_size))


class Triples(list):
    """A graph's triples in the order they were added, and its prefixes: what rdflib's Graph is
    given (`add`, `bind`), kept apart from serialising it (turtle)."""

    def __init__(self):
        super().__init__()
        self.prefixes: list[tuple[str, Namespace]] = []

    def add(self, triple: tuple) -> None:
        self.append(triple)

    def bind(self, prefix: str, namespace: Namespace) -> None:
        self.prefixes.append((prefix, namespace))


def turtle(triples: Triples) -> str:
    graph = Graph()
    for prefix, namespace in triples.prefixes:
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph.serialize(format="turtle")


def dcat_triples(site: Site, site_url: str, updated: str, package_pages: dict[str, str],
                 byte_size: Callable[[str], int | None] | None = None) -> Triples:
    """The triples of dcat_catalogue, in order."""
    base = escape.iri(site_url.rstrip("/") + "/")
    graph = Triples()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("xsd", XSD), ("vcard", VCARD),
                              ("skos", SKOS)):
        graph.bind(prefix, namespace)

    def text(value: object) -> Literal:
        return Literal(escape.xml_legal(value), lang="da")

    def date(value: str) -> Literal:
        return Literal(value, datatype=XSD.date)

    publisher, licence = _ref(f"{base}#publisher"), _ref(LICENSE_URL)
    language, country = _ref(f"{EU}language/DAN"), _ref(f"{EU}country/DNK")
    contact = _ref(f"{base}#kontakt")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, text(PUBLISHER)))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, text(PUBLISHER)))
    graph.add((contact, VCARD.hasURL, _ref(base + urls.url(urls.FRONT, urls.CONTRIBUTE))))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((language, RDF.type, DCTERMS.LinguisticSystem))
    graph.add((country, RDF.type, DCTERMS.Location))
    themes = [_ref(f"{EU}data-theme/{theme}") for theme in THEMES]
    for theme, label in zip(themes, THEMES.values()):
        graph.add((theme, RDF.type, SKOS.Concept))
        graph.add((theme, SKOS.prefLabel, text(label)))
    for kind in FILE_TYPES.values():
        if kind:
            graph.add((_ref(f"{EU}file-type/{kind}"), RDF.type, DCTERMS.MediaTypeOrExtent))
    for media in MEDIA_TYPES.values():
        graph.add((_ref(IANA + media), RDF.type, DCTERMS.MediaType))
    catalog = _ref(f"{base}#catalog")

    def dataset(key: str, title: str, description: str, page: str, modified: str, issued: str,
                spatial: URIRef, periods: list[str], keywords: list[str], files: list[tuple[str, str, str]]) -> None:
        node = _ref(f"{base}#{urls.dataset_anchor(key)}")
        landing = _ref(base + page)
        graph.add((catalog, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        graph.add((node, DCTERMS.title, text(title)))
        graph.add((node, DCTERMS.description, text(description or title)))
        graph.add((node, DCTERMS.identifier, Literal(str(node))))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((node, DCTERMS.modified, date(modified)))
        if issued:
            graph.add((node, DCTERMS.issued, date(issued)))
        graph.add((node, DCTERMS.language, language))
        graph.add((node, DCTERMS.spatial, spatial))
        span = figure_period(periods)
        if span:
            period = _ref(f"{node}-periode")
            graph.add((node, DCTERMS.temporal, period))
            graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
            graph.add((period, DCAT.startDate, date(span[0])))
            graph.add((period, DCAT.endDate, date(span[1])))
        for theme in themes:
            graph.add((node, DCAT.theme, theme))
        graph.add((node, DCAT.landingPage, landing))
        graph.add((landing, RDF.type, FOAF.Document))
        for keyword in keywords:
            graph.add((node, DCAT.keyword, text(keyword)))
        for number, (kind, path, label) in enumerate(files):
            distribution, url = URIRef(f"{node}-{number}"), _ref(base + path)
            graph.add((node, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCTERMS.title, text(label)))
            graph.add((distribution, DCAT.accessURL, url))
            graph.add((distribution, DCAT.downloadURL, url))
            if FILE_TYPES[kind]:
                graph.add((distribution, DCTERMS["format"], _ref(f"{EU}file-type/{FILE_TYPES[kind]}")))
            graph.add((distribution, DCAT.mediaType, _ref(IANA + MEDIA_TYPES[kind])))
            graph.add((distribution, DCTERMS.license, licence))
            size = byte_size(path) if byte_size is not None else None
            if size is not None:
                graph.add((distribution, DCAT.byteSize, Literal(Decimal(size))))

    def first_added(packages: list[Package]) -> str:
        return min((site.added.get(d, "") for p in packages for d in p.column("documents", "document_id")
                    if site.added.get(d)), default="")

    dataset("alle", f"{SITE_NAME}: alle kommuner", COMBINED_DESCRIPTION, urls.url(urls.FRONT, urls.DATA), updated,
            first_added(site.packages), country,
            [r for p in site.packages for r in p.column("figures", "reference_period")],
            sorted({k for p in site.packages for k in p.descriptor.get("keywords", [])}), combined_distributions())
    for package in site.packages:
        name = escape.path_segment(package.name)
        code = package.kommune_code
        spatial = _ref(DAWA_KOMMUNE.format(code=code)) if code else country
        if code:
            graph.add((spatial, RDF.type, DCTERMS.Location))
            kommune = site.kommuner.loc[site.kommuner["kommune_code"] == code, "name"]
            if len(kommune):
                graph.add((spatial, SKOS.prefLabel, text(f"{kommune.iloc[0]} Kommune")))
        dataset(name, package.descriptor.get("title", package.name), package.descriptor.get("description", ""),
                package_pages[package.name], site.updated.get(package.name, updated), first_added([package]),
                spatial, package.column("figures", "reference_period"), package.descriptor.get("keywords", []),
                package_distributions(name, package))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, text(SITE_NAME)))
    graph.add((catalog, DCTERMS.description, text(
        "Hvad kommunerne har svaret Beskæftigelsesministeren om aktivering af aktivitetsparate "
        "kontanthjælpsmodtagere – tal, initiativer og breve som åbne data.")))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, DCTERMS.modified, date(updated)))
    graph.add((catalog, FOAF.homepage, _ref(base)))
    graph.add((_ref(base), RDF.type, FOAF.Document))
    return graph


# --- schema.org -------------------------------------------------------------------------------

def _jsonld(name: str, description: str, page_url: str, identifier: str, updated: str, keywords: list[str],
            place: str, periods: list[str], files: list[tuple[str, str, str]], site_url: str) -> str:
    base = site_url.rstrip("/") + "/"
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": page_url,
        "identifier": identifier,
        "version": updated,
        "inLanguage": "da",
        "license": LICENSE_URL,
        "isAccessibleForFree": True,
        "dateModified": updated,
        "keywords": keywords,
        "creator": {"@type": "Organization", "name": citation_author()},
        "citation": citation(site_url, name, updated, page_url)["full"],
        "spatialCoverage": {"@type": "Place", "name": place},
        "distribution": [{"@type": "DataDownload", "encodingFormat": MEDIA_TYPES[kind], "name": label,
                          "contentUrl": escape.iri(base + path)} for kind, path, label in files],
    }
    span = figure_period(periods)
    if span:  # what the figures count, not when the letters were written
        data["temporalCoverage"] = f"{span[0]}/{span[1]}"
    return escape.jsonld_script(data)


def dataset_jsonld(package: Package, site_url: str, page_url: str, updated: str, kommune: str | None) -> str:
    """schema.org Dataset of one package (its kommune page): identifier, version (the data version)
    and temporal coverage from the figures' reference periods."""
    name = escape.path_segment(package.name)
    return _jsonld(package.descriptor.get("title", package.name), package.descriptor.get("description", ""),
                   page_url, escape.iri(urls.Urls(site_url).anchor(urls.dataset_anchor(name))), updated,
                   package.descriptor.get("keywords", []), f"{kommune} Kommune" if kommune else "Danmark",
                   package.column("figures", "reference_period"), package_distributions(name, package), site_url)


def combined_jsonld(packages: list[Package], site_url: str, page_url: str, updated: str) -> str:
    """schema.org Dataset of everything, for the Data page."""
    return _jsonld(f"{SITE_NAME}: alle kommuner", COMBINED_DESCRIPTION, page_url,
                   escape.iri(urls.Urls(site_url).anchor(urls.dataset_anchor("alle"))), updated,
                   sorted({k for p in packages for k in p.descriptor.get("keywords", [])}), "Danmark",
                   [r for p in packages for r in p.column("figures", "reference_period")],
                   combined_distributions(), site_url)


# --- Atom -------------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(entries: list[dict], site_url: str, updated: str) -> str:
    """entries: title, url, id, updated (YYYY-MM-DD), summary. Newest first. Written by ElementTree:
    text and attributes escaped by the XML writer, characters XML cannot hold replaced first."""
    base = escape.iri(site_url.rstrip("/") + "/")
    ET.register_namespace("", ATOM)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: escape.xml_legal(v) for k, v in attributes.items()})
        if text is not None:
            element.text = escape.xml_legal(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "da"})
    add(feed, "title", f"{SITE_NAME}: nye breve og data")
    add(feed, "link", rel="alternate", type="text/html", href=base)
    add(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{urls.FEED}")
    add(feed, "id", f"{base}{urls.FEED}")
    add(feed, "updated", f"{updated}T00:00:00Z")
    add(add(feed, "author"), "name", PUBLISHER)
    for entry in entries:
        item = add(feed, "entry")
        add(item, "title", entry["title"])
        add(item, "link", rel="alternate", type="text/html", href=escape.iri(entry["url"]))
        add(item, "id", escape.iri(entry["id"]))
        add(item, "updated", f"{entry['updated']}T00:00:00Z")
        add(item, "summary", entry["summary"])
    ET.indent(feed, space="")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
