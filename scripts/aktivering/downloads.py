"""Downloadable copies of each package: its files, a README, and a deterministic zip.

The zip is itself a Frictionless package (issue 15): datapackage.json at the root beside every
table, the transcripts and the README, so `frictionless.Package("217-helsingoer.zip")` opens it
and validates every table. Entries are dated by the package's data version, not the clock; a
name outside ASCII is written as UTF-8 with the zip's UTF-8 flag (zipfile does so)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from . import urls
from .load import Package, read_csv, records
from .opendata import Download
from .paths import DESCRIPTOR_RESOURCES, OPTIONAL_RESOURCES
from .writes import write_if_changed

# The entry date when a package has no data version (outside git, no letter date): 1980, the
# earliest a zip can hold. Either way a zip is byte-identical between builds of the same data.
ZIP_EPOCH = "1980-01-01"
# Everything the descriptor lists, so that the unzipped package validates on its own.
TABLES = ["datapackage.json", *(f"{name}.csv" for name in DESCRIPTOR_RESOURCES)]


def tables_of(package: Package) -> list[str]:
    """TABLES, and the optional tables (commitments, referred_letters) the package lists."""
    listed = {r.get("name") for r in package.descriptor.get("resources", []) if isinstance(r, dict)}
    return TABLES + [f"{name}.csv" for name in OPTIONAL_RESOURCES if name in listed]


def package_files(package: Package) -> list[Path]:
    files = [package.folder / n for n in tables_of(package)]
    return files + sorted((package.folder / "transcripts").glob("*.txt"))


def table_rows(package: Package, table: str) -> list[dict]:
    """A table's rows as CSV cells; non_figures read from its file when the validator did not parse it."""
    if table in package.tables or table in OPTIONAL_RESOURCES:  # an optional table may have no file: no rows
        return package.rows(table)
    return records(read_csv(package.folder / f"{table}.csv"))


def member_names(package: Package) -> list[str]:
    """What the zip holds, in its order (the README lists them)."""
    return [p.relative_to(package.folder).as_posix() for p in package_files(package)] + ["README.md"]


def zip_bytes(members: list[tuple[str, bytes]], updated: str) -> bytes:
    """A deterministic zip: entries in the given order, dated `updated` (YYYY-MM-DD) at midnight."""
    year, month, day = (int(part) for part in (updated or ZIP_EPOCH).split("-"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for member, data in members:
            info = zipfile.ZipInfo(member, (max(year, 1980), month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()


def write_downloads(package: Package, out: Path, readme: str, updated: str) -> list[Download]:
    """One package's files as published, and its zip with the README."""
    downloads = []
    for name in tables_of(package):
        data = (package.folder / name).read_bytes()
        path = urls.package_file(package.name, name)
        write_if_changed(out / path, data)
        table = name.removesuffix(".csv")
        rows = None if name.endswith(".json") else len(table_rows(package, table))
        downloads.append(Download(path, name, rows, len(data), updated))
    members = [(p.relative_to(package.folder).as_posix(), p.read_bytes()) for p in package_files(package)]
    members.append(("README.md", readme.encode("utf-8")))
    archive = urls.package_zip(package.name)
    data = zip_bytes(members, updated)
    write_if_changed(out / archive, data)
    downloads.append(Download(archive, "Datapakke (zip)", None, len(data), updated))
    return downloads
