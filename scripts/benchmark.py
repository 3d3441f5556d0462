"""Benchmark the build on a synthetic corpus of all 98 kommuner (issue 6).

    .venv/bin/python scripts/benchmark.py              # 5 letters, ~60 figures, ~10 initiatives per kommune
    .venv/bin/python scripts/benchmark.py --scale 10   # ten times as many letters, figures and initiatives
    .venv/bin/python scripts/benchmark.py --profile    # also print where the generator spends its time
    .venv/bin/python scripts/benchmark.py --runs 3     # three interleaved rounds of every timed step, medians

Writes a valid corpus (it must pass `aktivering validate`) into a temp folder, then measures in
fresh child processes: validation, the full build, the plain-MkDocs floor, the `mkdocs serve`
rebuild after one CSV is edited, peak memory, site size, page count and kommune page weight.
Nothing in the checkout is touched: corpus, generated Markdown, chart cache and sites live in the
temp folder (AKTIVERING_DATA, AKTIVERING_BUILD_DIR). Results are recorded in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from aktivering import periods, schemas  # noqa: E402
from aktivering.load import normalise_space, read_kommuner, read_package  # noqa: E402
from aktivering.scaffold import descriptor_for  # noqa: E402
from aktivering.slugs import slug  # noqa: E402

PYTHON = sys.executable
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
TIMEOUT = 4 * 3600  # seconds for any one step; a 10x build takes a good while

# --- the synthetic corpus ------------------------------------------------------------------------

CAUSES = [
    ("psykiatrisk diagnose", "har en psykiatrisk diagnose og er i behandling"),
    ("misbrug", "har et problematisk forbrug af alkohol eller hash"),
    ("fysisk sygdom", "er sygemeldt med en fysisk lidelse"),
    ("fejlregistrering", "var fejlregistreret og har reelt haft et tilbud"),
    ("barsel", "har været på barsel i en del af perioden"),
    ("fritagelse", "er fritaget eller kan fritages efter lovens regler"),
    ("udeblivelse", "er udeblevet fra de tilbud, de er blevet visiteret til"),
]
OFFERS = ["Virksomhedspraktik", "Løntilskud", "Vejledning og opkvalificering", "Mentorstøtte", "Nytteindsats"]
PROJECTS = ["Vejen Videre", "Job i Fokus", "Ny Start", "Aktiv Hverdag", "Sammen om Job", "Brobygning",
            "Flere skal med", "Mentor+", "Fra Ledig til Ansat", "Helhed i Indsatsen", "Trin for Trin",
            "Jobspor", "Kom i Gang", "Styrket Samarbejde", "Sundhed og Job"]
NOTES = [
    "Kommunens eget udtræk; nævneren er ikke oplyst i brevet.",
    "Brevet skriver ikke, om fritagne borgere er talt med. Tallet afviger fra STARs opgørelse på samme tidspunkt, "
    "fordi udtrækket er lavet på en anden dato.",
    "Tallet er gengivet som brevet skriver det; summen af delene er ikke oplyst.",
    "Opgjort ved manuel sagsgennemgang, ifølge brevet.",
]


def da_number(value: float) -> str:
    """10000 -> '10.000', 12.5 -> '12,5' (as a letter writes it)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def da_date(day: date) -> str:
    return f"{day.day}. {periods.MONTHS_DA_LONG[day.month - 1]} {day.year}"


# The group each synthetic measure is counted in (data/vocabularies/bases.csv).
BASES = {"uden_indsats_antal": "ydelse-mindst-et-aar", "uden_indsats_andel": "ydelse-mindst-et-aar",
         "aarsag_antal": "uden-tilbud-et-aar", "deltagere_antal": "initiativets-deltagere",
         "mentorer_antal": "ikke-en-gruppe"}  # mentors hired count staff, not citizens

class Letter:
    """One synthetic letter: transcript blocks plus the figure and initiative rows quoting them."""

    def __init__(self, rng: random.Random, code: str, name: str, document_id: str, day: date, first_figure: int,
                 first_initiative: int):
        self.rng, self.code, self.name, self.id, self.day = rng, code, name, document_id, day
        self.blocks: list[str] = []
        self.figures: list[dict] = []
        self.initiatives: list[dict] = []
        self.next_figure, self.next_initiative = first_figure, first_initiative

    def figure(self, measure: str, benefit: str, value: float, unit: str, period: str, quote: str, *,
               counted_by: str = "kommune", category: str = "", part_of: str = "", forecast: bool = False,
               initiative_id: str = "", qualifier: str = "") -> str:
        figure_id = f"{self.code}-f{self.next_figure:03d}"
        self.next_figure += 1
        self.figures.append({
            "figure_id": figure_id, "document_id": self.id, "measure": measure, "benefit": benefit,
            "base": BASES.get(measure, "alle-aktivitetsparate"), "category": category, "part_of": part_of,
            "value": f"{value:g}",
            "value_max": "", "unit": unit, "precision": "approximate" if qualifier else "exact",
            "qualifier": qualifier, "reference_period": period, "forecast": "true" if forecast else "false",
            "counted_by": counted_by, "initiative_id": initiative_id, "quote": quote,
            "note": self.rng.choice(NOTES) if self.rng.random() < 0.3 else "",
        })
        return figure_id

    def initiative(self, name: str, start: date, planned: int | None, quote: str) -> str:
        initiative_id = f"{self.code}-i{self.next_initiative:02d}"
        self.next_initiative += 1
        funding = self.rng.choice(["kommune", "statslig-pulje", "eu", "fond", "ikke-oplyst"])
        self.initiatives.append({
            "initiative_id": initiative_id, "document_id": self.id, "same_as": "", "name": name,
            "description": f"Forløb for aktivitetsparate borgere med fokus på {self.rng.choice(OFFERS).lower()} "
                           "og en fast kontaktperson gennem hele forløbet.",
            "target_group": "aktivitetsparate kontanthjælpsmodtagere", "benefit": "kontanthjælp",
            "start": start.isoformat(), "end": (start + timedelta(days=self.rng.choice([180, 365, 730]))).isoformat(),
            "participants_planned": "" if planned is None else str(planned),
            "participants_planned_date": "" if planned is None else start.isoformat(),
            "participants_actual": "", "participants_actual_date": "", "funding": funding,
            "funding_source": "Puljen «Flere skal med»" if funding == "statslig-pulje" else "",
            "status": "planlagt", "quote": quote,
            "note": "Samme initiativ kan være nævnt i kommunens andre breve." if self.rng.random() < 0.3 else "",
        })
        return initiative_id

    def write(self) -> None:
        rng, day = self.rng, self.day
        counted = day - timedelta(days=rng.randint(3, 40))
        self.blocks += [f"{self.name} Kommune\nJobcenter {self.name}\nRådhuspladsen {rng.randint(1, 40)}",
                        "Kære minister",
                        f"Tak for dit brev af 28. november 2017, hvor du beder om en redegørelse for, hvordan "
                        f"{self.name} Kommune sikrer, at aktivitetsparate modtagere af kontanthjælp, "
                        "uddannelseshjælp og integrationsydelse får den aktive indsats, de har ret og pligt til."]
        total = rng.randint(80, 900)
        share = round(rng.uniform(4, 40), 1)
        young = rng.randint(10, 200)
        star = total + rng.randint(-30, 60)
        s_total = (f"Pr. {da_date(counted)} havde {da_number(total)} aktivitetsparate kontanthjælpsmodtagere i "
                   f"{self.name} Kommune ikke modtaget et aktivt tilbud eller mentorstøtte inden for det seneste år.")
        s_share = f"Det svarer til {da_number(share)} pct. af de aktivitetsparate kontanthjælpsmodtagere."
        s_young = (f"For de aktivitetsparate uddannelseshjælpsmodtagere er tallet {da_number(young)} på samme "
                   "tidspunkt.")
        s_star = (f"Styrelsen for Arbejdsmarked og Rekruttering har opgjort, at {da_number(star)} aktivitetsparate "
                  "kontanthjælps- og uddannelseshjælpsmodtagere i kommunen ikke har fået en aktiv indsats.")
        self.blocks.append(" ".join([s_total, s_share, s_young]))
        self.blocks.append(s_star + " Kommunen genkender ikke helt tallet, fordi udtrækket er lavet på et andet "
                                    "tidspunkt end kommunens eget.")
        period = counted.isoformat()
        total_id = self.figure("uden_indsats_antal", "kontanthjælp", total, "personer", period, s_total)
        self.figure("uden_indsats_andel", "kontanthjælp", share, "pct.", period, s_share)
        self.figure("uden_indsats_antal", "uddannelseshjælp", young, "personer", period, s_young)
        self.figure("uden_indsats_antal", "kontanthjælp+uddannelseshjælp", star, "personer",
                    f"../{(counted - timedelta(days=7)).isoformat()}", s_star, counted_by="star")
        # A breakdown of the total, as a list: the parts never exceed it.
        causes = rng.sample(CAUSES, 4)
        left, items = total, []
        for category, phrase in causes:
            part = rng.randint(1, max(1, left // 3))
            left -= part
            quote = f"{da_number(part)} borgere {phrase}"
            items.append(f"- {quote}.")
            self.figure("aarsag_antal", "kontanthjælp", part, "personer", period, quote, category=category,
                        part_of=total_id)
        self.blocks.append(f"Kommunen har gennemgået de {da_number(total)} sager. Gennemgangen viser følgende:")
        self.blocks.append("\n".join(items))
        # A breakdown without a total, as a table.
        rows = []
        for offer in rng.sample(OFFERS, 2):
            number = rng.randint(5, 300)
            rows.append(f"{offer}\t{da_number(number)}")
            self.figure("tilbud_antal", "kontanthjælp", number, "personer", period,
                        f"{offer} {da_number(number)}", category=offer)
        self.blocks.append("Borgerne i aktive tilbud er fordelt således:")
        self.blocks.append("\n".join(rows))
        # Two initiatives, each with a number of its own.
        first, second = rng.sample(PROJECTS, 2)
        start = day + timedelta(days=rng.randint(20, 120))
        planned = rng.randint(20, 250)
        while planned == start.day:  # '28 borgere fra 28. maj': the date's '28' would be a second '28'
            planned = rng.randint(20, 250)
        s_first = (f"Kommunen igangsætter projektet '{first}' for {da_number(planned)} borgere fra "
                   f"{da_date(start)}.")
        initiative_id = self.initiative(first, start, planned, s_first)
        self.figure("deltagere_antal", "kontanthjælp", planned, "personer", start.isoformat(), s_first,
                    forecast=True, initiative_id=initiative_id)
        mentors = rng.randint(2, 12)
        s_second = (f"Samtidig ansætter kommunen {da_number(mentors)} nye mentorer i indsatsen '{second}', så "
                    "borgerne får en fast kontaktperson.")
        initiative_id = self.initiative(second, start, None, s_second)  # the sentence gives no participants
        self.figure("mentorer_antal", "kontanthjælp", mentors, "mentorer", start.isoformat(), s_second,
                    forecast=True, initiative_id=initiative_id)
        self.blocks.append(f"## Nye initiativer\n\n{s_first} {s_second}")
        self.blocks += ["Kommunen følger udviklingen tæt og vender tilbage, hvis du har spørgsmål til redegørelsen.",
                        f"Med venlig hilsen\n\nBorgmester\n{self.name} Kommune"]

    @property
    def transcript(self) -> str:
        return "\n\n".join(self.blocks) + "\n"

    def quotes_are_unique(self) -> bool:
        text = normalise_space(self.transcript)
        quotes = [r["quote"] for r in self.figures + self.initiatives]
        return all(text.count(normalise_space(q)) == 1 for q in quotes)


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def columns(resource: str) -> list[str]:
    return [field["name"] for field in schemas.canonical(resource)["fields"]]


def write_descriptor(folder: Path, descriptor: dict) -> None:
    """Every resource the validator expects; tables this script does not fill get a header only."""
    names = schemas.resources_for(folder / "datapackage.json")
    descriptor["resources"] = [schemas.expected_resource(n) for n in names]
    schemas.write_descriptor(folder / "datapackage.json", descriptor)
    for name in names:
        if not (folder / f"{name}.csv").exists():
            write_csv(folder / f"{name}.csv", [], columns(name))


def account_for_other_numbers(folder: Path) -> None:
    """non_figures.csv: a row for every number in the transcripts that no figure captures (dates,
    addresses, repetitions), as a contributor would write it."""
    if "non_figures" not in schemas.resources_for(folder / "datapackage.json"):
        return
    from aktivering import coverage

    existing = coverage.read_non_figures(folder)
    rows = {(r["document_id"], r["quote"], r["text"]): r for r in existing}
    for number in coverage.account(read_package(folder), existing):
        if number.accounted_by:
            continue
        if number.value is None or re.fullmatch(r"20\d\d", number.text):
            reason, note = "dato", ""
        elif number.sentence.startswith("Rådhuspladsen"):
            reason, note = "adresse", ""
        else:
            reason, note = "gentagelse", "Gentager et tal, der står som tal tidligere i brevet."
        rows[number.document_id, number.sentence, number.text] = {
            "document_id": number.document_id, "text": number.text, "quote": number.sentence, "reason": reason,
            "note": note}
    write_csv(folder / "non_figures.csv", list(rows.values()), columns("non_figures"))


def write_kommune(packages: Path, code: str, name: str, letters_per_kommune: int) -> tuple[int, int, int]:
    rng = random.Random(f"{code}-{letters_per_kommune}")
    folder = packages / f"{code}-{slug(name)}"
    (folder / "transcripts").mkdir(parents=True)
    first, last = date(2017, 9, 1), date(2018, 12, 31)
    days = sorted(rng.sample(range((last - first).days), letters_per_kommune))
    documents, figures, initiatives = [], [], []
    for offset in days:
        day = first + timedelta(days=offset)
        document_id = f"{code}-{day.isoformat()}"
        for _attempt in range(50):  # a random draw can make one quote a substring of another
            letter = Letter(rng, code, name, document_id, day, len(figures) + 1, len(initiatives) + 1)
            letter.write()
            if letter.quotes_are_unique():
                break
        else:
            raise RuntimeError(f"no letter with unique quotes for {document_id}")
        (folder / "transcripts" / f"{document_id}.txt").write_text(letter.transcript, encoding="utf-8")
        documents.append({
            "document_id": document_id, "kommune_code": code, "date": day.isoformat(),
            "title": f"Svar om aktivering af aktivitetsparate modtagere af kontanthjælp i {name} Kommune",
            "kind": rng.choice(["brev", "brev", "notat", "redegørelse"]),
            "sender": f"{name} Kommune, Jobcenter {name}", "sender_role": "Borgmester",
            "recipient": "Beskæftigelsesministeren", "case_number": f"{day.year}-{rng.randint(1000, 99999)}",
            "journal_number": "", "document_number": "", "in_reply_to_date": "2017-11-28",
            "in_reply_to": "Ministerens brev af 28. november 2017 om aktivering af aktivitetsparate",
            "in_reply_to_document_id": "", "transcript": f"transcripts/{document_id}.txt", "source_file": "",
            "source_url": "",
            "note": "Brevet har ingen overskrift; titlen er en kort beskrivelse." if rng.random() < 0.5 else "",
        })
        figures += letter.figures
        initiatives += letter.initiatives
    write_csv(folder / "documents.csv", documents, columns("documents"))
    write_csv(folder / "figures.csv", figures, columns("figures"))
    write_csv(folder / "initiatives.csv", initiatives, columns("initiatives"))
    write_descriptor(folder, descriptor_for(code, name))
    account_for_other_numbers(folder)
    return len(documents), len(figures), len(initiatives)


def write_corpus(data: Path, scale: int, kommuner: int = 98) -> dict:
    """data/ with the repository's schemas, vocabularies, reference and national package, plus one
    synthetic package per kommune."""
    for part in ("schemas", "vocabularies", "reference"):
        shutil.copytree(ROOT / "data" / part, data / part)
    national = data / "packages" / "national"
    shutil.copytree(ROOT / "data" / "packages" / "national", national)
    write_descriptor(national, json.loads((national / "datapackage.json").read_text(encoding="utf-8")))
    account_for_other_numbers(national)
    counts = [0, 0, 0]
    for code, name in list(zip(read_kommuner()["kommune_code"], read_kommuner()["name"]))[:kommuner]:
        for index, count in enumerate(write_kommune(data / "packages", code, name, 5 * scale)):
            counts[index] += count
    return {"kommuner": kommuner, "documents": counts[0], "figures": counts[1], "initiatives": counts[2]}


# --- measuring -------------------------------------------------------------------------------------

def run(command: list[str], env: dict, cwd: Path = ROOT) -> dict:
    """Run one child; wall seconds, peak RSS (wait4: this child and what it waited for), stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
                                   stdout=out, stderr=err)
        timer = threading.Timer(TIMEOUT, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-4000:]}")
    # CPU seconds (user + system, of the child and what it waited for): on a shared machine the wall
    # clock counts the neighbours' work too, the CPU time hardly does.
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "stdout": stdout}


VALIDATE = """
import json, time
start = time.perf_counter()
from aktivering.validate import validate
imported = time.perf_counter()
cpu = time.process_time()
problems, packages = validate()
done = time.perf_counter()
print(json.dumps({"import": imported - start, "validate": done - imported, "packages": len(packages),
                  "validate_cpu": time.process_time() - cpu,
                  "problems": [p.format("en") for p in problems[:10]], "count": len(problems)}))
"""

# The `make serve` path (`mkdocs serve --dirty`): one process keeps its imports and rebuilds
# (config reload + dirty build) after a file under data/ changes. serve's own file watching and
# livereload are left out. Two edits to København's figures.csv: a note, then a figure's reference
# date (which also changes its charts and the comparison page).
REBUILD = """
import csv, json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
site, csv_path = sys.argv[1], sys.argv[2]
cpu = []  # CPU seconds of each build, in order
def once(dirty):  # strict like CI for the first build; serve is not strict (and --dirty warns)
    config = load_config("mkdocs.yml", strict=not dirty, site_dir=site)
    config.plugins.on_startup(command="serve", dirty=dirty)  # as `mkdocs serve` does, its first build too
    start, cpu_start = time.perf_counter(), time.process_time()
    build(config, dirty=dirty)
    seconds = time.perf_counter() - start
    cpu.append(round(time.process_time() - cpu_start, 2))  # this process only: the wall clock counts the neighbours
    from aktivering import deferred
    deferred.wait()  # the downloads of everything, made after the pages: not timed, not left running
    return seconds
def edit(change):
    with open(csv_path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    change(rows)
    with open(csv_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\\n")
        writer.writeheader()
        writer.writerows(rows)
    return once(True)
first = once(False)
unchanged = once(True)
note = edit(lambda rows: rows[0].update(note="Rettet: " + rows[0]["note"]))
adopted = once(True)  # the rebuild the finished downloads of everything start (serve watches for them)
def earlier_period(rows):  # a reference date one day earlier: new chart labels, new comparison bars
    from datetime import date, timedelta
    rows[0]["reference_period"] = (date.fromisoformat(rows[0]["reference_period"]) - timedelta(days=1)).isoformat()
value = edit(earlier_period)
print(json.dumps({"first": first, "unchanged": unchanged, "changed": note, "adopted": adopted,
                  "changed_value": value, "cpu": dict(zip(["first", "unchanged", "changed", "adopted",
                                                           "changed_value"], cpu))}))
"""

# Where the generator's time goes: cProfile around generate(), cumulative time per function name.
PROFILE = """
import cProfile, json, pstats, sys, time
from aktivering.build import generate
from aktivering.paths import GENERATED
profile = cProfile.Profile()
start = time.perf_counter()
profile.runcall(generate, GENERATED)
wall = time.perf_counter() - start
stats = pstats.Stats(profile)
wanted = sys.argv[1].split(",")
cumulative = {}
for (file, line, function), (cc, calls, tottime, cumtime, callers) in stats.stats.items():
    for name in wanted:
        module, _, func = name.rpartition(".")
        if (function == func and file.endswith(f"/{module}.py")) or function.endswith(f".{func}>"):  # built-in
            calls_, cum_ = cumulative.get(name, (0, 0.0))
            cumulative[name] = (calls_ + calls, max(cum_, cumtime))
top = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:int(sys.argv[2])]
print(json.dumps({"wall": wall, "cumulative": cumulative,
                  "top": [[f"{f.rsplit('/', 2)[-2:]}:{l}({fn})", s[1], s[2], s[3]] for (f, l, fn), s in top]}))
"""
# module.function; this package's modules are matched by path (frictionless has a validate.py too).
# Then Altair's to_dict (builds and validates a spec) and vl-convert's renderer.
STAGES = [f"aktivering/{name}" for name in (
    "validate.validate", "validate.frictionless_problems", "validate.run", "model.build_site_model",
    "model.git_dates", "model.git_added", "pages/writer.write_all", "pages/pieces.bar_chart_block",
    "pages/kommune.timeline", "bars.bar_table", "bars.timeline", "charts.map_chart", "charts.render",
    "letters.transcript_html", "pages/writer.write", "downloads.write_downloads", "opendata.write_combined",
    "pages/feeds.write_feeds")] + ["api.to_dict", "vegalite_to_svg"]


# The emitted pages with the figure pages as Markdown (figurehtml.MARKDOWN), for the floor's copy.
FLOOR_PAGES = """
import sys
from pathlib import Path
from aktivering.build import generate
generate(Path(sys.argv[1]))
"""


def floor_config(folder: Path) -> Path:
    """mkdocs.yml without the hook and the watch list, its docs_dir holding the emitted Markdown."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^(hooks|watch):\n(?:[ \t]+.*\n|\n)*", "", text, flags=re.M)
    if re.search(r"^hooks:", text, flags=re.M):
        raise RuntimeError("could not remove the hook from mkdocs.yml")
    path = folder / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def fill_repository_url(docs: Path) -> None:
    """What the hook's on_page_markdown does, done once on the copied pages: the floor has no hook,
    and `{repository_url}` left in a link fails `--strict` (an unresolvable relative link)."""
    from mkdocs.config import load_config

    from aktivering import urls
    url = load_config(str(ROOT / "mkdocs.yml")).extra.get("repository_url")
    page = docs / urls.CONTRIBUTE
    page.write_text(urls.with_repository_url(page.read_text(encoding="utf-8"), url), encoding="utf-8")


def first_view(site: Path, page: Path) -> int:
    """Bytes a browser fetches (gzip level 6) to show `page` the first time: the HTML and every
    stylesheet, script and image it references on the same site. The search index is not counted
    because the Danish search worker fetches it on the first query only (issue 13); if a page ever
    referenced it directly, it would be counted here."""
    html = page.read_bytes()
    total = len(gzip.compress(html, compresslevel=6, mtime=0))
    seen = set()
    for ref in re.findall(rb'(?:src|href)="([^"#?]+)', html):
        target = (page.parent / ref.decode()).resolve()
        if target in seen or not target.is_file() or target.suffix not in {".css", ".js", ".png", ".svg", ".json",
                                                                              ".woff2", ".ico"}:
            continue
        if ref.startswith((b"http:", b"https:")) or not target.is_relative_to(site.resolve()):
            continue
        seen.add(target)
        total += len(gzip.compress(target.read_bytes(), compresslevel=6, mtime=0))
    return total


def site_metrics(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.name.endswith(".html")]
    weights = []
    for page in sorted((site / "kommuner").glob("*/index.html")):
        html = page.read_bytes()
        svg = sum(len(m) for m in re.findall(rb"<svg\b.*?</svg>", html, flags=re.S))
        weights.append((len(html), len(gzip.compress(html, compresslevel=6, mtime=0)), svg))
    largest = sorted(pages, key=lambda p: p.stat().st_size, reverse=True)[:4]
    views = [first_view(site, page) for page in sorted((site / "kommuner").glob("*/index.html"))]
    return {
        "first_view_median": statistics.median(views), "first_view_max": max(views),
        "files": len(files), "bytes": sum(p.stat().st_size for p in files), "pages": len(pages),
        "kommune_pages": len(weights),
        "raw_median": statistics.median(w[0] for w in weights), "raw_max": max(w[0] for w in weights),
        "gzip_median": statistics.median(w[1] for w in weights), "gzip_max": max(w[1] for w in weights),
        "svg_median": statistics.median(w[2] for w in weights),
        "largest": [(p.relative_to(site).as_posix(), p.stat().st_size,
                     len(gzip.compress(p.read_bytes(), compresslevel=6, mtime=0))) for p in largest],
        "largest_raw": max(p.stat().st_size for p in pages), "by_kind": page_kinds(site, pages),
    }


def page_kind(site: Path, page: Path) -> str:
    """A page's kind by its address: '/kommuner/x/' for every kommune page, '/initiativer/' alone."""
    parts = page.parent.relative_to(site).parts
    return "/" + "".join(f"{part}/" if i == 0 else "x/" for i, part in enumerate(parts))


def page_kinds(site: Path, pages: list[Path]) -> dict[str, dict]:
    """Per kind of page (issue 17): how many, and the largest one's raw and gzip bytes."""
    kinds: dict[str, dict] = {}
    for page in pages:
        raw = page.stat().st_size
        kind = kinds.setdefault(page_kind(site, page), {"pages": 0, "raw_max": 0, "gzip_max": 0, "largest": ""})
        kind["pages"] += 1
        if raw > kind["raw_max"]:
            kind.update(raw_max=raw, largest=page.parent.relative_to(site).as_posix(),
                        gzip_max=len(gzip.compress(page.read_bytes(), compresslevel=6, mtime=0)))
    return dict(sorted(kinds.items()))


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} CPUs ({cpu}), {memory / 1024:.1f} GiB memory, Python {sys.version.split()[0]}"


def benchmark(work: Path, scale: int, profile_top: int | None, kommuner: int = 98, round_: int = 1,
              floor_once: bool = False) -> dict:
    """profile_top: None skips the profiled cold generation (at 10× it alone takes most of an hour).
    round_: the first round writes the corpus and the floor's pages and measures the site; a later
    one (`--runs`) times every step again in folders of its own (cold caches), then removes them.
    floor_once: a later round does not build the floor again (`--floor-once`: at 10× the floor alone
    takes ten minutes a round, and no 10× target is a ratio to it)."""
    results: dict = {"scale": scale, "machine": machine()}
    suffix = "" if round_ == 1 else f"-{round_}"
    data, build, site = work / "data", work / f"build{suffix}", work / f"site{suffix}"
    if round_ == 1:
        start = time.perf_counter()
        results["corpus"] = write_corpus(data, scale, kommuner)
        results["corpus_seconds"] = time.perf_counter() - start
        print(f"corpus: {results['corpus']} in {results['corpus_seconds']:.1f} s", file=sys.stderr)
    env = {"AKTIVERING_DATA": str(data), "AKTIVERING_BUILD_DIR": str(build)}

    validation = run([PYTHON, "-c", VALIDATE], env)
    report = json.loads(validation["stdout"])
    if report["count"]:
        raise RuntimeError("the synthetic corpus is not valid:\n" + "\n".join(report["problems"]))
    results["validate"] = {**report, "wall": validation["seconds"], "peak_mb": validation["peak_mb"],
                           "cpu_seconds": validation["cpu_seconds"]}
    print(f"validation: {report['validate']:.2f} s", file=sys.stderr)

    command = [MKDOCS, "build", "--strict", "--site-dir", str(site)]
    results["build_cold"] = run(command, env)  # empty chart cache, no generated Markdown yet
    results["build_warm"] = run(command, env)  # a second `mkdocs build`: chart cache and Markdown there
    print(f"full build: {results['build_cold']['seconds']:.1f} s cold, {results['build_warm']['seconds']:.1f} s warm",
          file=sys.stderr)

    floor = work / "floor"
    if round_ == 1:  # the same pages for every round's floor
        shutil.copytree(ROOT / "docs", floor / "docs")
        # The floor is defined as before issue 17: plain MkDocs over the emitted pages, the figure pages
        # among them as the Markdown pages MkDocs renders (the build writes them as finished HTML, which
        # MkDocs only copies). The generator writes that form only when asked, here, outside the timing.
        run([PYTHON, "-c", FLOOR_PAGES, str(work / "floor-generated")], {**env, "AKTIVERING_FIGURE_MARKDOWN": "1"})
        shutil.copytree(work / "floor-generated", floor / "docs", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".keys.json"))
        fill_repository_url(floor / "docs")
    if round_ == 1 or not floor_once:
        results["floor"] = run([MKDOCS, "build", "--strict", "-f", str(floor_config(floor)), "--site-dir",
                                str(work / "floor-site")], {}, cwd=floor)
        print(f"floor: {results['floor']['seconds']:.1f} s", file=sys.stderr)

    edited = sorted((data / "packages").glob("[0-9]*/figures.csv"))[0]  # København's
    unedited = edited.read_bytes()  # put back after the rebuilds' edits: every round measures one corpus
    rebuild = run([PYTHON, "-c", REBUILD, str(work / f"serve-site{suffix}"), str(edited)], env)
    edited.write_bytes(unedited)
    results["rebuild"] = {**json.loads(rebuild["stdout"]), "peak_mb": rebuild["peak_mb"]}
    print(f"rebuild after one CSV edit: {results['rebuild']['changed']:.1f} s (note), "
          f"{results['rebuild']['changed_value']:.1f} s (date)", file=sys.stderr)

    if round_ > 1:  # the first round's site is the one measured; a later round's folders only take room
        results["peak_mb"] = max(results[k]["peak_mb"] for k in ("validate", "build_cold", "build_warm", "rebuild"))
        for folder in (build, site, work / f"serve-site{suffix}"):
            shutil.rmtree(folder, ignore_errors=True)
        return results
    if profile_top is not None:
        profile_env = {**env, "AKTIVERING_BUILD_DIR": str(work / "profile-build")}  # cold chart cache again
        profiled = run([PYTHON, "-c", PROFILE, ",".join(STAGES), str(profile_top)], profile_env)
        results["profile"] = json.loads(profiled["stdout"])
    results["site"] = site_metrics(site)
    results["peak_mb"] = max(results[k]["peak_mb"] for k in ("validate", "build_cold", "build_warm", "rebuild"))
    return results


# --- rounds (`--runs N`) ------------------------------------------------------------------------------

TIMED_STEPS = ("validate", "build_cold", "build_warm", "floor", "rebuild")


def median_of(values: list):
    """The median of each number across the rounds' results, field by field (nested dicts too);
    a text or list is the first round's."""
    first = values[0]
    if isinstance(first, dict):
        return {key: median_of([v[key] for v in values if key in v]) for key in first}
    if isinstance(first, (int, float)) and not isinstance(first, bool) and all(
            isinstance(v, (int, float)) for v in values):
        return statistics.median(values)
    return first


def combine(rounds: list[dict]) -> dict:
    """The first round's results (corpus, site, profile) with every timed step as the median of all
    rounds, and each round's steps under "runs" (issue 17: ratios from one run, medians of three)."""
    results = dict(rounds[0])
    results["runs"] = [{step: r[step] for step in TIMED_STEPS if step in r} for r in rounds]
    for step in TIMED_STEPS:
        if step in results:
            results[step] = median_of([r[step] for r in rounds if step in r])
    results["peak_mb"] = max(r["peak_mb"] for r in rounds)
    return results


def runs_table(results: dict) -> list[str]:
    """Each round's wall and CPU seconds per step, and their median (the main table's figures)."""
    runs = results["runs"]

    def seconds(step: dict, step_name: str) -> tuple[float, float]:
        if step_name == "validate":  # the validate() call itself, as the main table shows it
            return step["validate"], step.get("validate_cpu", float("nan"))
        if step_name == "rebuild":  # after one CSV edit (a note)
            return step["changed"], step.get("cpu", {}).get("changed", float("nan"))
        return step["seconds"], step.get("cpu_seconds", float("nan"))

    names = {"validate": "validation, `validate()`", "build_cold": "full build, cold chart cache",
             "build_warm": "full build, warm", "floor": "floor", "rebuild": "serve rebuild after one CSV edit (a note)"}
    lines = ["", f"Interleaved rounds ({len(runs)}: each round every step once, in this order; the table above "
                 "shows the medians):", "", "| step | wall, each round | median | CPU, each round | median |",
             "|---|---|---|---|---|"]
    for step in TIMED_STEPS:
        if step not in runs[0]:
            continue
        walls, cpus = zip(*(seconds(r[step], step) for r in runs if step in r))  # the floor: once with --floor-once
        lines.append(f"| {names[step]} | {' / '.join(f'{w:.2f}' for w in walls)} s | {statistics.median(walls):.2f} s "
                     f"| {' / '.join(f'{c:.2f}' for c in cpus)} s | {statistics.median(cpus):.2f} s |")
    return lines


# --- report -----------------------------------------------------------------------------------------

def table(results: dict) -> str:
    build, floor = results["build_cold"]["seconds"], results["floor"]["seconds"]
    site, corpus = results["site"], results["corpus"]

    def cpu(step: str) -> float:
        return results[step].get("cpu_seconds", float("nan"))

    kb = 1024
    rebuild_cpu = results["rebuild"].get("cpu", {})
    rows = [
        ("corpus", f"{corpus['kommuner']} kommuner, {corpus['documents']} letters, {corpus['figures']} figures, "
                   f"{corpus['initiatives']} initiatives"),
        ("validation, `validate()` in one process", f"{results['validate']['validate']:.2f} s "
                                                    f"(+ {results['validate']['import']:.2f} s imports)"),
        ("full build, `mkdocs build --strict`, cold chart cache", f"{build:.1f} s"),
        ("full build, warm chart cache (second `mkdocs build`)", f"{results['build_warm']['seconds']:.1f} s"),
        ("floor: plain `mkdocs build` of the emitted Markdown (figure pages as Markdown, as before issue 17)",
         f"{floor:.1f} s"),
        ("full build / floor (floor: figure pages rendered by MkDocs)",
         f"{build / floor:.1f}× cold, {results['build_warm']['seconds'] / floor:.1f}× warm"),
        ("CPU seconds (user + system): cold / warm / floor; full build / floor",
         f"{cpu('build_cold'):.1f} / {cpu('build_warm'):.1f} / {cpu('floor'):.1f} s; "
         f"{cpu('build_cold') / cpu('floor'):.1f}× cold, {cpu('build_warm') / cpu('floor'):.1f}× warm"),
        ("rebuild after one CSV edit (`mkdocs serve --dirty` path): a note / a reference date",
         f"{results['rebuild']['changed']:.1f} s / {results['rebuild']['changed_value']:.1f} s "
         f"(no edit: {results['rebuild']['unchanged']:.1f} s)"),
        ("the same rebuilds, CPU seconds of the serving process: a note / a reference date (no edit); "
         "the rebuild the finished downloads of everything start",
         " / ".join(f"{rebuild_cpu.get(k, 0):.2f} s" for k in ("changed", "changed_value"))
         + f" ({rebuild_cpu.get('unchanged', 0):.2f} s); {rebuild_cpu.get('adopted', 0):.2f} s"),
        ("peak memory (max RSS of any step)", f"{results['peak_mb']:.0f} MB"),
        ("site size", f"{site['bytes'] / kb / kb:.1f} MB in {site['files']} files"),
        ("page count (HTML)", f"{site['pages']} ({site['kommune_pages']} kommune pages)"),
        ("kommune page, HTML incl. inline SVG: median / max raw",
         f"{site['raw_median'] / kb:.0f} / {site['raw_max'] / kb:.0f} KB "
         f"(SVG median {site['svg_median'] / kb:.0f} KB)"),
        ("kommune page, gzip: median / max", f"{site['gzip_median'] / kb:.0f} / {site['gzip_max'] / kb:.0f} KB"),
        ("kommune page, first view (HTML + its CSS, JS, images; gzip): median / max",
         f"{site['first_view_median'] / kb:.0f} / {site['first_view_max'] / kb:.0f} KB"),
    ]
    lines = [f"Scale {results['scale']}× on {results['machine']}", "", "| measure | result |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    lines += ["", "Largest pages (raw / gzip):", ""]
    lines += [f"- `{path}`: {raw / kb:.0f} KB / {packed / kb:.0f} KB" for path, raw, packed in site["largest"]]
    lines += ["", f"Largest page of each kind (raw / gzip; largest of all {site['largest_raw'] / kb:.0f} KB raw):", ""]
    lines += [f"- `{kind}` ({k['pages']} pages): {k['raw_max'] / kb:.0f} KB / {k['gzip_max'] / kb:.0f} KB, "
              f"`{k['largest']}`" for kind, k in site["by_kind"].items()]
    if results.get("runs"):
        lines += runs_table(results)
    profile = results.get("profile")
    if not profile:
        return "\n".join(lines)
    lines += ["", f"Where `generate()` spends its time (cProfile, cold chart cache, {profile['wall']:.1f} s "
                  "under the profiler; cumulative, calls):", ""]
    for name in STAGES:
        if name in profile["cumulative"]:
            calls, seconds = profile["cumulative"][name]
            lines.append(f"- `{name.removeprefix('aktivering/')}`: {seconds:.1f} s, {calls} call(s)")
    if profile["top"]:
        lines += ["", "Top functions by own time (tottime):", ""]
        lines += [f"- `{where}`: {tottime:.2f} s own, {cumtime:.2f} s cumulative, {calls} calls"
                  for where, calls, tottime, cumtime in profile["top"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="multiply letters, figures and initiatives (default 1)")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it, instead of a temp folder")
    parser.add_argument("--profile", action="store_true", help="also list the top functions by own time")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled cold generation step")
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument("--kommuner", type=int, default=98, help="fewer kommuner, for a quick try of the script")
    parser.add_argument("--runs", type=int, default=1,
                        help="rounds of every timed step, interleaved; the table shows each and the median (default 1)")
    parser.add_argument("--floor-once", action="store_true",
                        help="build the floor in the first round only (for --scale 10 --runs 3: no 10x target is a "
                             "ratio to the floor, which alone takes about ten minutes a round there)")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True)
        work = args.keep
    else:
        work = Path(tempfile.mkdtemp(prefix="aktivering-benchmark-"))
    try:
        top = None if args.no_profile else 15 if args.profile else 0
        rounds = []
        for round_ in range(1, args.runs + 1):
            rounds.append(benchmark(work, args.scale, top, args.kommuner, round_, args.floor_once))
            if args.json and round_ < args.runs:  # a long run cut short keeps the rounds it finished
                args.json.write_text(json.dumps({**combine(rounds), "rounds_done": round_}, indent=2,
                                                ensure_ascii=False), encoding="utf-8")
        results = combine(rounds) if args.runs > 1 else rounds[0]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
