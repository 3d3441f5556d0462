"""The `aktivering` command: scaffold, format, validate, review and build the data and the site.

Exit codes: 0 done, 1 problems found (validate, coverage), 2 refused (nothing was changed)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import schemas


def cmd_validate(args) -> int:
    from .cautions import formula_warnings
    from .escape import ci_line
    from .validate import validate

    problems, packages = validate(args.packages or None)
    # One line per problem and nothing a contributor wrote can start a line: CI reads this output
    # (workflow commands, the job summary's code block).
    for problem in problems + formula_warnings(packages):
        print(ci_line(problem.format(args.lang)))
    if problems:
        print(f"{len(problems)} problem(s) found." if args.lang == "en" else f"{len(problems)} problem(er) fundet.",
              file=sys.stderr)
        return 1
    count = len(packages)  # the kommune and national packages (not vocabularies or reference)
    print(f"OK: {count} package(s) valid." if args.lang == "en" else f"OK: {count} pakke(r) er gyldige.")
    return 0


def cmd_sync(args) -> int:
    changed = [path for path in schemas.all_descriptors() if schemas.sync(path)]
    for path in changed:
        print(f"updated {path}")
    print(f"{len(changed)} descriptor(s) updated.")
    return 0


def cmd_build(args) -> int:
    from .build import build_site

    return build_site(strict=True)


def say(args, da: str, en: str) -> str:
    return en if args.lang == "en" else da


def cmd_new(args) -> int:
    from .displaypath import display
    from .scaffold import ScaffoldRefused, create_package

    try:
        folder = create_package(" ".join(args.kommune))
    except ScaffoldRefused as refused:
        print(refused.problem.format(args.lang), file=sys.stderr)
        return 2
    where = display(folder)
    print(say(args, f"Oprettet {where}/ med datapackage.json, CSV-filer med overskrifter og transcripts/.",
              f"Created {where}/ with datapackage.json, CSV files with their headers and transcripts/."))
    print(say(args, f"Næste skridt (se CONTRIBUTING.md): læg transskriptionen i {where}/transcripts/, udfyld "
                    f"CSV-filerne, og kør `aktivering coverage {where}` og `aktivering validate {where}`.",
              f"Next (see CONTRIBUTING.md): put the transcript in {where}/transcripts/, fill the CSV files, "
              f"then run `aktivering coverage {where}` and `aktivering validate {where}`."))
    return 0


def _package_folders(targets: list[str]) -> list[Path]:
    from .load import package_folders

    return [Path(t).parent if t.endswith("datapackage.json") else Path(t) for t in targets] or package_folders()


def cmd_format(args) -> int:
    from .csvformat import format_package
    from .displaypath import display

    changed, refused = [], []
    for folder in _package_folders(args.packages):
        done, not_done = format_package(folder, display)
        changed += done
        refused += not_done
    for where in changed:
        print(say(args, f"omskrevet {where}", f"rewritten {where}"))
    for problem in refused:
        print(problem.format(args.lang))
    print(say(args, f"{len(changed)} fil(er) omskrevet, {len(refused)} afvist (uændret).",
              f"{len(changed)} file(s) rewritten, {len(refused)} refused (left unchanged)."),
          file=sys.stderr if refused else sys.stdout)
    return 2 if refused else 0


def cmd_coverage(args) -> int:
    import csv

    from .coverage import account, read_non_figures
    from .displaypath import display
    from .validate import validate

    folders = _package_folders(args.packages)
    # The validator's safety checks come first: only packages it could read are read here.
    _, packages = validate([str(f) for f in folders])
    unreadable = {f.resolve() for f in folders} - {p.folder.resolve() for p in packages}
    for folder in sorted(unreadable):
        print(say(args, f"{display(folder)}: kan ikke læses – kør `aktivering validate {display(folder)}`",
                  f"{display(folder)}: cannot be read – run `aktivering validate {display(folder)}`"), file=sys.stderr)
    missing = 0
    writer = csv.writer(sys.stdout, lineterminator="\n") if args.csv else None
    if writer:
        writer.writerow(["document_id", "text", "quote", "reason", "note"])
    for package in packages:
        non_figures = read_non_figures(package.folder)
        numbers = account(package, non_figures) if non_figures is not None else []
        missing += sum(not n.accounted_by for n in numbers)
        if writer:
            writer.writerows([n.document_id, n.text, n.sentence, "", ""] for n in numbers if not n.accounted_by)
            continue
        for transcript in dict.fromkeys(n.transcript for n in numbers):
            mine = [n for n in numbers if n.transcript == transcript]
            print(display(package.folder / transcript))
            for n in mine:
                if args.missing and n.accounted_by:
                    continue
                status = ", ".join(n.accounted_by) or say(args, "MANGLER", "MISSING")
                sentence = n.sentence if not n.accounted_by or len(n.sentence) <= 90 else n.sentence[:89] + "…"
                print(f"  {n.line:>4}  {n.text:<12} {status:<24} {sentence}")
            left = sum(not n.accounted_by for n in mine)
            print(say(args, f"  {len(mine)} tal, {len(mine) - left} redegjort for, {left} mangler",
                      f"  {len(mine)} numbers, {len(mine) - left} accounted for, {left} missing"))
    if not args.csv:
        print(coverage_summary(args, packages, missing))
    if unreadable:
        return 2
    return 1 if missing else 0


def coverage_summary(args, packages, missing: int) -> str:
    """The last line of `aktivering coverage`: never silent, also when there is nothing to do."""
    from .displaypath import display

    empty = [display(p.folder) for p in packages if not p.transcripts]
    letters = sum(len(p.transcripts) for p in packages)
    if not letters:
        where = ", ".join(empty) or "data/packages"
        return say(args, f"Ingen transskriptioner at tjekke i {where}: læg brevet i transcripts/ og skriv det i "
                         "documents.csv (eller brug `aktivering import BREV.pdf --kommune K`).",
                   f"No transcripts to check in {where}: put the letter in transcripts/ and list it in "
                   "documents.csv (or use `aktivering import LETTER.pdf --kommune K`).")
    if missing:
        return say(args, f"{missing} tal mangler stadig i {letters} transskription(er).",
                   f"{missing} number(s) still missing in {letters} transcript(s).")
    return say(args, f"Alle tal i {letters} transskription(er) er redegjort for.",
               f"Every number in {letters} transcript(s) is accounted for.")


def cmd_import(args) -> int:
    from .displaypath import display
    from .pdfimport import ImportRefused, pdf_transcript
    from .problems import Problem
    from .scaffold import ScaffoldRefused, create_package, find_kommune, package_folder
    from .suggest import letter_date

    found = find_kommune(" ".join(args.kommune))
    try:
        if not found:
            create_package(" ".join(args.kommune))  # refuses with the closest names
        text, report = pdf_transcript(Path(args.pdf))
        date = args.date or letter_date(text)
        if not date or not re.fullmatch(r"\d{4}-\d{2}-\d{2}[a-z]?", date):
            raise ImportRefused(Problem("letter-date-unknown", args.pdf))
        folder = package_folder(found[0])
        created = folder is None
        folder = folder or create_package(found[0])
        path = folder / "transcripts" / f"{found[0]}-{date}.txt"
        if path.exists():
            raise ImportRefused(Problem("transcript-exists", display(path), value=display(path)))
    except (ImportRefused, ScaffoldRefused) as refused:
        print(refused.problem.format(args.lang), file=sys.stderr)
        return 2
    if created:
        print(say(args, f"Oprettet {display(folder)}/", f"Created {display(folder)}/"))
    path.write_text(text, encoding="utf-8")
    for line in report.lines(args.lang):
        print(f"  {line}")
    print(say(args, f"Skrevet {display(path)} (en kladde: læs den igennem mod brevet). Næste skridt: "
                    f"`aktivering suggest {display(folder)}`.",
              f"Wrote {display(path)} (a draft: read it through against the letter). Next: "
              f"`aktivering suggest {display(folder)}`."))
    return 0


def cmd_suggest(args) -> int:
    from .displaypath import display
    from .suggest import suggest, write_drafts
    from .validate import validate

    folder = _package_folders([args.package])[0]
    _, packages = validate([str(folder)])
    if not packages:
        print(say(args, f"{display(folder)}: kan ikke læses – kør `aktivering validate {display(folder)}`",
                  f"{display(folder)}: cannot be read – run `aktivering validate {display(folder)}`"), file=sys.stderr)
        return 2
    drafts = suggest(folder)
    written = write_drafts(folder, drafts, display)
    for table in ("documents", "figures", "non_figures"):
        rows = getattr(drafts, table)
        if rows:
            print(say(args, f"{display(folder / (table + '.csv'))}: {len(rows)} kladderække(r)",
                      f"{display(folder / (table + '.csv'))}: {len(rows)} draft row(s)"))
    if not written:
        print(say(args, "Intet at foreslå: alle tal er redegjort for, og alle breve står i documents.csv.",
                  "Nothing to suggest: every number is accounted for and every letter is in documents.csv."))
        return 0
    print(say(args, "Hver kladderække har 'KLADDE:' forrest i note. Tjek den mod brevet (mål, ydelse, periode, "
                    "hvem der har talt), ret eller slet den, og slet så 'KLADDE:'; `aktivering validate` afviser "
                    "rækker, der stadig er kladder.",
              "Every draft row's note starts with 'KLADDE:' (draft). Check it against the letter (measure, "
              "benefit, period, who counted), correct or delete it, then delete 'KLADDE:'; `aktivering validate` "
              "refuses rows that are still drafts."))
    return 0


def cmd_diff(args) -> int:
    from .review import GitError, changes_since, report

    try:
        changes = changes_since(args.ref)
    except GitError as error:
        print(f"git: {error}", file=sys.stderr)
        return 2
    from .escape import ci_line

    print("".join(ci_line(line) + "\n" for line in report(args.ref, changes, args.lang).splitlines()), end="")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Every command and option (tests/test_architecture.py holds the README's table to it)."""
    parser = argparse.ArgumentParser(prog="aktivering", description=__doc__)
    parser.add_argument("--lang", choices=["da", "en"], default="da",
                        help="language of messages (default: da)")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="validate packages (default: all of data/)")
    validate.add_argument("packages", nargs="*", help="package folders or datapackage.json files")
    validate.set_defaults(func=cmd_validate)

    sync = commands.add_parser("sync", help="copy data/schemas into every package descriptor")
    sync.set_defaults(func=cmd_sync)

    build = commands.add_parser("build", help="validate and build the site into site/")
    build.set_defaults(func=cmd_build)

    new = commands.add_parser("new", help="scaffold a package for a kommune (code or name)")
    new.add_argument("kommune", nargs="+", help="kommune code (217) or name (Helsingør)")
    new.set_defaults(func=cmd_new)

    fmt = commands.add_parser("format", help="rewrite CSVs and transcripts in the canonical form (default: all)")
    fmt.add_argument("packages", nargs="*", help="package folders")
    fmt.set_defaults(func=cmd_format)

    coverage = commands.add_parser("coverage", help="every number in the transcripts and what accounts for it")
    coverage.add_argument("packages", nargs="*", help="package folders (default: all)")
    coverage.add_argument("--missing", action="store_true", help="list only the numbers nothing accounts for")
    coverage.add_argument("--csv", action="store_true",
                          help="print the missing numbers as non_figures.csv rows (reason left for you to choose)")
    coverage.set_defaults(func=cmd_coverage)

    diff = commands.add_parser("diff", help="letters, figures, initiatives and non-figures added, changed and "
                                            "removed since a git ref")
    diff.add_argument("ref", help="a git ref, e.g. origin/main")
    diff.set_defaults(func=cmd_diff)

    pdf = commands.add_parser("import", help="a draft transcript from a letter's PDF")
    pdf.add_argument("pdf", help="the letter as PDF (with a text layer)")
    pdf.add_argument("--kommune", nargs="+", required=True, help="kommune code (580) or name (Aabenraa)")
    pdf.add_argument("--date", help="the letter's date (YYYY-MM-DD) when it is not found in the letterhead")
    pdf.set_defaults(func=cmd_import)

    suggest = commands.add_parser("suggest", help="draft documents, figures and non_figures rows to review")
    suggest.add_argument("package", help="package folder")
    suggest.set_defaults(func=cmd_suggest)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `aktivering … | head`: the reader has seen enough; no traceback
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
