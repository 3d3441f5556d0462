"""The `aktivering` command: validate, sync and build the data and the site."""

from __future__ import annotations

import argparse
import sys

from . import schemas


def cmd_validate(args) -> int:
    from .validate import validate

    problems, packages = validate(args.packages or None)
    for problem in problems:
        print(problem.format(args.lang))
    if problems:
        print(f"{len(problems)} problem(s) found." if args.lang == "en" else f"{len(problems)} problem(er) fundet.",
              file=sys.stderr)
        return 1
    count = len(args.packages) if args.packages else len(schemas.all_descriptors())
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


def main(argv: list[str] | None = None) -> int:
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

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
