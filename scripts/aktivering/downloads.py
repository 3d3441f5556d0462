"""Downloadable copies of each package: its files, a README, and a deterministic zip."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .load import Package, read_csv
from .opendata import Download, _write
from .paths import DESCRIPTOR_RESOURCES

# A fixed timestamp keeps zips byte-identical between builds of the same data.
ZIP_TIME = (2017, 1, 1, 0, 0, 0)
# Everything the descriptor lists, so that the unzipped package validates on its own.
TABLES = ["datapackage.json", *(f"{name}.csv" for name in DESCRIPTOR_RESOURCES)]


def package_files(package: Package) -> list[Path]:
    files = [package.folder / n for n in TABLES]
    return files + sorted((package.folder / "transcripts").glob("*.txt"))


def write_downloads(package: Package, out: Path, readme: str, updated: str) -> list[Download]:
    """One package's files as published, and its zip with the README."""
    downloads = []
    folder = out / "downloads" / package.name
    for name in TABLES:
        data = (package.folder / name).read_bytes()
        _write(folder / name, data)
        table = name.removesuffix(".csv")
        rows = (None if name.endswith(".json") else len(package.rows(table)) if table in package.tables
                else len(read_csv(package.folder / name)))  # non_figures, when the validator did not parse it
        downloads.append(Download(f"downloads/{package.name}/{name}", name, rows, len(data), updated))
    members = [(f"{package.name}/{p.relative_to(package.folder).as_posix()}", p.read_bytes())
               for p in package_files(package)]
    members.append((f"{package.name}/README.md", readme.encode("utf-8")))
    archive = out / "downloads" / f"{package.name}.zip"
    tmp = archive.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for member, data in members:
            info = zipfile.ZipInfo(member, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    _write(archive, tmp.read_bytes())
    tmp.unlink()
    downloads.append(Download(f"downloads/{package.name}.zip", "Datapakke (zip)", None, archive.stat().st_size,
                              updated))
    return downloads
