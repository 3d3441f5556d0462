"""How well `aktivering import` and `aktivering suggest` do on the curated letters (issue 16).

    .venv/bin/python scripts/measure_import.py

Each letter's curated transcript is printed to PDF by Chromium with its own header and footer on
every page (as tests/test_pdfimport.py does), imported, and the draft rows `suggest` writes for it
are compared with the curated package: the share of curated quotes found verbatim in the imported
transcript, the share of curated figure (value, quote) pairs proposed, and per column how many of
the proposed figures' cells a reviewer still has to correct. Prints a Markdown table.
"""

from __future__ import annotations

import collections
import csv
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

from aktivering.load import normalise_space  # noqa: E402
from aktivering.pdfimport import pdf_transcript  # noqa: E402
from aktivering.suggest import suggest  # noqa: E402

from letter_pdfs import chromium, print_pdf, transcript_html  # noqa: E402

COLUMNS = ("measure", "benefit", "category", "part_of", "value_max", "unit", "precision", "qualifier",
           "reference_period", "forecast", "counted_by", "initiative_id", "quote")


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def same_pair(draft: dict, curated: dict) -> bool:
    quote, proposed = normalise_space(curated["quote"]), normalise_space(draft["quote"])
    return float(draft["value"]) == float(curated["value"]) and (proposed in quote or quote in proposed)


def main() -> int:
    letters = sorted(ROOT.glob("data/packages/*/transcripts/*.txt"))
    wrong: collections.Counter = collections.Counter()
    matched_total = 0
    print("| letter | quotes found | figure pairs proposed |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as temporary, chromium(Path(temporary)) as browser:
        work = Path(temporary)
        for letter in letters:
            source, document_id = letter.parents[1], letter.stem
            pdf = print_pdf(transcript_html(letter.read_text(encoding="utf-8"), f"Brev {document_id}"),
                            work / f"{document_id}.pdf", browser)
            text, _ = pdf_transcript(pdf)
            package = work / document_id
            (package / "transcripts").mkdir(parents=True)
            shutil.copy(source / "datapackage.json", package)
            for table in ("documents", "figures", "initiatives", "non_figures"):
                header = (source / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
                (package / f"{table}.csv").write_text(header + "\n", encoding="utf-8")
            (package / "transcripts" / letter.name).write_text(text, encoding="utf-8")
            curated = {t: [r for r in rows(source / f"{t}.csv") if r["document_id"] == document_id]
                       for t in ("figures", "initiatives", "non_figures")}
            quotes = {r["quote"] for table in curated.values() for r in table}
            found = sum(normalise_space(q) in normalise_space(text) for q in quotes)
            drafts = suggest(package).figures
            # part_of names another row's id, and the drafts are numbered apart: compare the totals' values.
            draft_values = {d["figure_id"]: d["value"] for d in drafts}
            curated_values = {f["figure_id"]: f["value"] for f in curated["figures"]}
            proposed = 0
            for figure in curated["figures"]:
                match = next((d for d in drafts if same_pair(d, figure)), None)
                if match:
                    proposed += 1
                    wrong.update(c for c in COLUMNS if c != "part_of" and match.get(c, "") != figure[c])
                    if draft_values.get(match["part_of"], "") != curated_values.get(figure["part_of"], ""):
                        wrong["part_of"] += 1
            matched_total += proposed
            print(f"| {document_id} | {found}/{len(quotes)} | {proposed}/{len(curated['figures'])} |")
    print(f"\nCells a reviewer corrects in the {matched_total} proposed figures, by column:\n")
    print("| column | to correct |\n|---|---|")
    for column in COLUMNS:
        print(f"| `{column}` | {wrong[column]}/{matched_total} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
