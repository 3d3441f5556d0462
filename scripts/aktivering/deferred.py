"""The workbook and the database of everything, made by another process during `mkdocs serve`
(issue 17): after an edit they took most of a serve rebuild (openpyxl, 13 s at 98 kommuner), and
no page reads them, only their sizes.

Only `mkdocs serve` defers (the hook's `on_startup` says which command runs); `mkdocs build` and
`generate()` make them in the build as before, so a published site always holds complete,
current files. When a serve rebuild finds them out of date it keeps the last build's files in
place, and the catalogue and feed that list their sizes (pages/feeds.py; the Data page says they
are being made again), and serves the pages; then (the hook's
on_post_build) it starts one child process (`python -m aktivering.deferred`). The child validates and loads the data
itself, refuses to make anything when the data or the code is no longer what the build saw, makes
the files in a folder of its own under `<out>/.alle/work/` with a signed manifest (their paths,
sizes and hashes), and then writes `<out>/.alle/signal/ready`, which `mkdocs serve` watches. The
rebuild that follows moves the files into place, but only those the manifest lists with
matching hashes under the build's own key. Nothing half-made is ever published: files are moved
only once the manifest is complete, and a forged or changed manifest is not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from . import cache, urls

FOLDER = ".alle"   # in the output folder: never handed to MkDocs, never removed by the build's clean-up
KIND = "alle"      # the manifests' signature kind (cache.sign)

_child: dict = {}  # the one child process of this build process: {"key": ..., "process": Popen}


def folder(out: Path) -> Path:
    return out / FOLDER


def signal_folder(out: Path) -> Path:
    """What `mkdocs serve` watches: the child writes `ready` here once its files are complete."""
    return folder(out) / "signal"


def _work(out: Path, key: str) -> Path:
    return folder(out) / "work" / key


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def data_digests(packages: list) -> list[list[str]]:
    """What the child checks it reads the same data as the build: each package's name and digest."""
    from .digests import package_digest

    return [[p.name, p.digest or package_digest(p.folder)] for p in packages]


def make(packages: list, out: Path, site_url: str, version: str, data_page: str) -> list:
    """The workbook and the database of everything into `out` (opendata.Download each)."""
    from .database import write_database
    from .workbook import combined_workbook

    return [combined_workbook(packages, out, site_url, version, data_page),
            *write_database(packages, out, site_url, version)]


def adopt(out: Path, key: str) -> tuple[list[str], list[dict]] | None:
    """(files, downloads) the child made under this key, moved into `out`; None when it has not
    finished, or its manifest does not verify, or a file is not the one it lists."""
    work = _work(out, key)
    try:
        record = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        manifest = record["manifest"]
        if not cache.verify(KIND, str(out), json.dumps(manifest, sort_keys=True).encode(), record["mac"]):
            return None
        files, hashes = manifest["files"], manifest["hashes"]
        if manifest["key"] != key or set(files) != set(hashes) or any(
                "\\" in f or f.startswith("/") or ".." in f.split("/") for f in files):
            return None
        if any(_sha256(work / f) != hashes[f] for f in files):
            return None
        for name in files:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(work / name, out / name)
        shutil.rmtree(work, ignore_errors=True)
        return files, manifest["value"]
    except (OSError, ValueError, TypeError, KeyError):
        return None


def start(out: Path, key: str, site_url: str, version: str, packages: list) -> None:
    """Ask for the child that makes the files for this key; it starts at launch(), after the build
    (the hook's on_post_build), so it does not slow the pages being served."""
    job = {"out": str(out), "key": key, "site_url": site_url, "version": version,
           "data_page": urls.Urls(site_url).page(urls.DATA), "code": cache.code_digest(),
           "digests": data_digests(packages)}
    _child["job"] = job


def launch() -> None:
    """Start the child asked for (unless one already makes the files for its key); a child still
    making them for an older key is stopped: its files could never be used."""
    job = _child.pop("job", None)
    if job is None:
        return
    out, key = Path(job["out"]), job["key"]
    running = _child.get("process")
    if running is not None and running.poll() is None:
        if _child["key"] == key:
            return
        running.terminate()
        running.wait()
    old = folder(out) / "work"
    if old.is_dir():  # what earlier children left (for older keys, or cut off)
        for entry in old.iterdir():
            shutil.rmtree(entry, ignore_errors=True)
    signal_folder(out).mkdir(parents=True, exist_ok=True)
    from .paths import ROOT

    _child.update(key=key, process=subprocess.Popen(
        [sys.executable, "-m", "aktivering.deferred", json.dumps(job)], cwd=ROOT,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))


def wait() -> int | None:
    """Launch the child asked for and wait for it (tests, the benchmark); its exit code, or None
    when there was none."""
    launch()
    process = _child.get("process")
    return None if process is None else process.wait()


def stop() -> None:
    """End the child this process started (when `mkdocs serve` stops)."""
    _child.pop("job", None)
    process = _child.pop("process", None)
    if process is not None and process.poll() is None:
        process.terminate()
        process.wait()


def run(job: dict) -> int:
    """The child: 0 when the files are made, 1 when the data is invalid now, 2 when the data or the
    code changed since the build that started it (the next build starts another child)."""
    from .build import without_letters_left_out
    from .validate import validate

    out, key = Path(job["out"]), job["key"]
    problems, packages = validate()
    if problems:
        return 1
    packages = without_letters_left_out(packages)
    if data_digests(packages) != job["digests"] or cache.code_digest() != job["code"]:
        return 2
    scratch = folder(out) / "work" / f".{key}.{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        made = make(packages, scratch, job["site_url"], job["version"], job["data_page"])
        files = [d.path for d in made]
        manifest = {"key": key, "files": files, "value": [asdict(d) for d in made],
                    "hashes": {f: _sha256(scratch / f) for f in files}}
        mac = cache.sign(KIND, str(out), json.dumps(manifest, sort_keys=True).encode())
        if mac is None:
            return 3  # no cache secret: nothing could be verified
        (scratch / "manifest.json").write_text(json.dumps({"manifest": manifest, "mac": mac}, sort_keys=True),
                                               encoding="utf-8")
        work = _work(out, key)
        shutil.rmtree(work, ignore_errors=True)
        os.replace(scratch, work)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    signal = signal_folder(out)
    signal.mkdir(parents=True, exist_ok=True)
    tmp = signal / f".ready.{os.getpid()}"
    tmp.write_text(key, encoding="utf-8")
    os.replace(tmp, signal / "ready")
    return 0


if __name__ == "__main__":
    sys.exit(run(json.loads(sys.argv[1])))
