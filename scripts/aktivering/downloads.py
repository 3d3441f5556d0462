"""Downloadable copies of each package: the folder's files and a deterministic zip."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from .load import Package

# A fixed timestamp keeps zips byte-identical between builds of the same data.
ZIP_TIME = (2017, 1, 1, 0, 0, 0)


def package_files(package: Package) -> list[Path]:
    names = ["datapackage.json", "documents.csv", "figures.csv", "initiatives.csv"]
    files = [package.folder / n for n in names]
    files += sorted((package.folder / "transcripts").glob("*.txt"))
    return files


def write_downloads(packages: list[Package], out: Path) -> list[str]:
    written = []
    for package in packages:
        folder = out / "downloads" / package.name
        folder.mkdir(parents=True, exist_ok=True)
        for path in package_files(package)[:4]:
            target = folder / path.name
            if not target.exists() or target.read_bytes() != path.read_bytes():
                shutil.copyfile(path, target)
            written.append(f"downloads/{package.name}/{path.name}")
        archive = out / "downloads" / f"{package.name}.zip"
        tmp = archive.with_suffix(".zip.tmp")
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in package_files(package):
                info = zipfile.ZipInfo(f"{package.name}/{path.relative_to(package.folder).as_posix()}", ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes())
        if archive.exists() and archive.read_bytes() == tmp.read_bytes():
            tmp.unlink()
        else:
            tmp.replace(archive)
        written.append(f"downloads/{package.name}.zip")
    return written
