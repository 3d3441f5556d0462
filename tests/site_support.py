"""Helpers for the build and browser tests: build once, serve on loopback, an offline Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") and "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions",
    "--disable-features=NetworkTimeServiceQuerying,AutofillServerCommunication",
    # Every non-loopback name fails at once: a page's third-party request shows as a failure.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def mkdocs_build(site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    from conftest import require_mark

    require_mark("build")
    # The generator's output and caches go beside the site, never into the developer's build/.
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
                   "AKTIVERING_BUILD_DIR": str(site_dir.parent / f"{site_dir.name}-build"), **(env or {})}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    return subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=600)


def build_with_packages(tmp: Path, packages: Path) -> tuple[Path, Path]:
    """(site, data): the site built from data/ with `packages` as its packages (plus the national
    package, which the site needs), in `tmp`."""
    data = tmp / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("packages"))
    shutil.copytree(packages, data / "packages")
    shutil.copytree(ROOT / "data" / "packages" / "national", data / "packages" / "national")
    result = mkdocs_build(tmp / "site", {"AKTIVERING_DATA": str(data)})
    assert result.returncode == 0, result.stderr
    return tmp / "site", data


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def html_pages(site: Path) -> list[str]:
    """URL paths of every built page (directory URLs)."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        pages.append("/" if relative == "." else f"/{relative}/")
    return pages
