"""Page quality of the built site: Lighthouse (mobile and desktop) and pa11y (HTML_CodeSniffer and axe).

    make quality                                     # build the site, audit one page of each type
    .venv/bin/python scripts/pagequality.py --site site --runs 3 --out PAGEQUALITY.md

Not a test: scores move a point or two between runs, so this prints a table (and writes it to
PAGEQUALITY.md) for people to read, like scripts/benchmark.py. One page of each page type is
audited: the site's pages are grouped by their first path segment and depth (`/kommuner/x/`,
`/breve/x/`, `/loefter/x/x/`, `/tal/x/`, …), so a new page type is picked up without editing this
file, and of each group the largest page is audited (the heaviest is the likeliest to miss a target).

The site is served from loopback the way GitHub Pages serves it (gzip, `Cache-Control:
max-age=600`), Chromium is Debian's (`/usr/lib/chromium/chromium`) and every non-loopback host
fails at once, so a third-party request shows up as an error instead of leaving the machine.
Lighthouse 12.2.3 and pa11y 9 come from package.json (npm): the newest Lighthouse wants Node 22.
Targets (issue 13): Lighthouse mobile performance >= 98 and 100 for accessibility, best practices
and SEO; desktop 100 in all four; pa11y without errors, or each finding a documented false positive.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / "node_modules" / ".bin"
CHROME = os.environ.get("CHROME_PATH", "/usr/lib/chromium/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"mobile": {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100},
           "desktop": dict.fromkeys(CATEGORIES, 100)}
TIMEOUT = 300  # seconds for one tool run on one page

# pa11y findings that are not faults of the page, each with the reason. A code listed here is
# counted apart in the table, never hidden; add one only with a reason a reviewer can check.
FALSE_POSITIVES: dict[str, str] = {}

_COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ttl", ".csv", ".map"}


class _PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as GitHub Pages serves them: gzip for text, a ten-minute cache lifetime."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in _COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path):
    handler = functools.partial(_PagesLikeHandler, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page_types(site: Path) -> dict[str, str]:
    """One URL path per page type (first path segment and depth): the type's largest page, the one
    most likely to miss a target (the first in sorted order of those as large), in sorted order."""
    chosen: dict[str, tuple[int, str]] = {}
    for index in sorted(site.rglob("index.html")):
        parts = index.parent.relative_to(site).parts
        if parts[:1] in (("assets",), ("search",), ("downloads",)):
            continue
        kind = "/" if not parts else "/" + parts[0] + "/" + "x/" * (len(parts) - 1)
        size = index.stat().st_size
        if kind not in chosen or size > chosen[kind][0]:
            chosen[kind] = (size, "/" + "".join(f"{part}/" for part in parts))
    pages = {kind: path for kind, (_size, path) in sorted(chosen.items())}
    if (site / "404.html").is_file():
        pages["404"] = "/404.html"
    return pages


def lighthouse(url: str, form_factor: str, home: Path) -> dict:
    out = home / "lighthouse.json"
    command = [str(BIN / "lighthouse"), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--chrome-flags={' '.join(CHROME_FLAGS)}", "--only-categories=" + ",".join(CATEGORIES)]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, timeout=TIMEOUT, capture_output=True,
                   env={**os.environ, "CHROME_PATH": CHROME, "HOME": str(home)})
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    failing = sorted(audit["id"] for audit in report["audits"].values()
                     if audit.get("score") is not None and audit["score"] < 0.9
                     and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    return {"scores": scores, "failing": failing}


def pa11y(url: str, runner: str, home: Path) -> list[dict]:
    config = home / "pa11y.json"
    config.write_text(json.dumps({
        "chromeLaunchConfig": {"executablePath": CHROME, "args": CHROME_FLAGS},
        "runners": [runner], "standard": "WCAG2AA", "timeout": TIMEOUT * 1000,
    }), encoding="utf-8")
    result = subprocess.run([str(BIN / "pa11y"), "--config", str(config), "--reporter", "json", url],
                            timeout=TIMEOUT, capture_output=True, text=True,
                            env={**os.environ, "HOME": str(home), "PUPPETEER_SKIP_DOWNLOAD": "1"})
    if result.returncode not in (0, 2):  # 2: issues found
        raise RuntimeError(f"pa11y failed on {url}: {result.stderr.strip()[-500:]}")
    return [issue for issue in json.loads(result.stdout or "[]") if issue.get("type") == "error"]


def audit(base: str, pages: dict[str, str], runs: int) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="pagequality-") as tmp:
        home = Path(tmp)
        for kind, path in pages.items():
            url = base + path
            row = {"kind": kind, "path": path}
            for form_factor in ("mobile", "desktop"):
                results = [lighthouse(url, form_factor, home) for _ in range(runs)]
                row[form_factor] = {name: statistics.median(r["scores"][name] for r in results)
                                    for name in CATEGORIES}
                row[f"{form_factor}-failing"] = sorted({a for r in results for a in r["failing"]})
            for runner in ("htmlcs", "axe"):
                row[runner] = sorted({issue["code"] for issue in pa11y(url, runner, home)})
            rows.append(row)
            print(f"  {path}: mobile {row['mobile']}, desktop {row['desktop']}, "
                  f"htmlcs {len(row['htmlcs'])}, axe {len(row['axe'])}", file=sys.stderr)
    return rows


def _scores(row: dict, form_factor: str) -> str:
    marks = []
    for name in CATEGORIES:
        value = row[form_factor][name]
        marks.append(f"{value:g}" if value >= TARGETS[form_factor][name] else f"**{value:g}**")
    return " / ".join(marks)


def _findings(codes: list[str]) -> str:
    real = [code for code in codes if code not in FALSE_POSITIVES]
    known = len(codes) - len(real)
    text = ", ".join(f"`{code}`" for code in real) if real else "0"
    return text + (f" (+{known} documented)" if known else "")


def table(rows: list[dict], runs: int, chromium: str) -> str:
    lines = [
        "# Page quality",
        "",
        "Written by `scripts/pagequality.py` (`make quality`); not a test. One page of each type,",
        f"served like GitHub Pages (gzip) from loopback; Lighthouse 12.2.3 and pa11y 9 with {chromium};",
        f"Lighthouse scores are the median of {runs} run(s). Scores are performance / accessibility /",
        "best practices / SEO; a **bold** score misses its target (mobile performance >= 98, everything",
        "else 100). pa11y lists the codes of its errors (WCAG 2 AA), per runner.",
        "",
        "| page type | page | Lighthouse mobile | Lighthouse desktop | pa11y HTML_CodeSniffer | pa11y axe |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(f"| `{row['kind']}` | `{row['path']}` | {_scores(row, 'mobile')} | {_scores(row, 'desktop')} | "
                     f"{_findings(row['htmlcs'])} | {_findings(row['axe'])} |")
    failing = sorted({(audit, ff) for row in rows for ff in ("mobile", "desktop") for audit in row[f"{ff}-failing"]})
    if failing:
        lines += ["", "Lighthouse audits scoring under 0.9 on at least one page:", ""]
        for form_factor in ("mobile", "desktop"):
            audits = sorted(audit for audit, ff in failing if ff == form_factor)
            if audits:
                lines.append(f"- {form_factor}: " + ", ".join(f"`{audit}`" for audit in audits))
    if FALSE_POSITIVES:
        lines += ["", "Documented pa11y false positives:", ""]
        lines += [f"- `{code}`: {reason}" for code, reason in sorted(FALSE_POSITIVES.items())]
    return "\n".join(lines) + "\n"


def build(site: Path) -> None:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(site)], cwd=ROOT, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one into a temp folder)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and form factor (median)")
    parser.add_argument("--out", type=Path, default=ROOT / "PAGEQUALITY.md", help="where the table is written")
    parser.add_argument("--only", nargs="*", default=None, help="page types to audit, e.g. / /kommuner/x/")
    args = parser.parse_args(argv)
    for tool in ("lighthouse", "pa11y"):
        if not (BIN / tool).exists():
            print(f"{tool} is missing: run `npm ci` (package.json pins it)", file=sys.stderr)
            return 2
    if not Path(CHROME).exists():
        print(f"Chromium is missing at {CHROME}: run `make browser-tools` or set CHROME_PATH", file=sys.stderr)
        return 2
    chromium = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip() or "Chromium"
    with tempfile.TemporaryDirectory(prefix="pagequality-site-") as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build(site)
        pages = page_types(site)
        if args.only:
            pages = {kind: path for kind, path in pages.items() if kind in args.only}
        with serve(site) as base:
            rows = audit(base, pages, args.runs)
    text = table(rows, args.runs, chromium)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    if shutil.which("node") is None:
        sys.exit("node is missing: it comes with npm (Debian package npm)")
    sys.exit(main())
