"""Command-line glue for `oversight import`, `export` and `template`; the work is in data_access.importers."""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from sqlalchemy.exc import OperationalError, ProgrammingError
from tqdm import tqdm

from data_access import reviews
from data_access.importers import (
    KINDS,
    ImportCommand,
    UsageError,
    export_kind,
    terminal_report,
    write_report_csv,
    write_template,
)

EXIT_IMPORTED, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
PROGRESS_FROM_ROWS = 5000


def _progress(rows):
    """A progress bar on large files, only when someone is watching the terminal."""
    show = sys.stderr.isatty() and len(rows) >= PROGRESS_FROM_ROWS
    return tqdm(rows, desc="Checking rows", unit=" rows", file=sys.stderr, disable=not show, leave=False)


def _operator() -> str | None:
    try:
        return getpass.getuser()
    except Exception:
        return None


def _usage(message: str) -> int:
    print(f"oversight: {message}", file=sys.stderr)
    return EXIT_USAGE


def _guarded(handler):
    """Usage errors and a database without the schema are exit code 2, with a plain message."""

    def run(args, db) -> int:
        try:
            return handler(args, db)
        except (UsageError, reviews.ReviewStateError) as exc:
            return _usage(str(exc))
        except (OperationalError, ProgrammingError) as exc:
            first = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            hint = ("; has `oversight init-db` been run?"
                    if "no such table" in first or "does not exist" in first else "")
            return _usage(f"the database cannot be used ({first}){hint}")

    run.__name__ = handler.__name__
    return run


@_guarded
def cmd_import(args, db) -> int:
    if args.kind == "review" and args.review:
        raise UsageError("a review workbook names its review on its review sheet: leave out --review")
    if args.report and not Path(args.report).resolve().parent.is_dir():
        raise UsageError(f"there is no folder to write the report '{args.report}' into")
    command = ImportCommand.from_path(db, args.kind, args.path, review=args.review, username=_operator(),
                                      dry_run=args.dry_run, strict=args.strict, progress=_progress)
    result = command.run()
    print(terminal_report(result, report_path=args.report))
    if args.report:
        write_report_csv(args.report, result.problems)
        print(f"Report written to {args.report}.")
    return EXIT_IMPORTED if result.ok else EXIT_REJECTED


@_guarded
def cmd_export(args, db) -> int:
    rows = export_kind(db, args.kind, args.path, args.review)
    scope = f" for {args.review}" if args.review else ""
    print(f"Wrote {rows:,} rows of {args.kind}{scope} to {args.path}.")
    return 0


@_guarded
def cmd_template(args, db) -> int:
    write_template(args.kind, args.path)
    if args.kind == "review":
        print(f"Wrote the review template (one sheet per part, an example row on each, and a guide) to {args.path}.")
    else:
        print(f"Wrote the {args.kind} template (header and one example row) to {args.path}.")
    return 0


@_guarded
def cmd_review_list(args, db) -> int:
    for state in reviews.states(db):
        label = " (demonstration)" if state.is_demonstration else ""
        print(f"{state.slug}\t{state.status}\t{state.title}{label}")
    return 0


@_guarded
def cmd_review_state(args, db) -> int:
    before = reviews.set_state(db, args.slug, args.state, username=_operator())
    if before == args.state:
        print(f"{args.slug} is already {args.state}; nothing changed.")
    else:
        print(f"{args.slug}: {before} -> {args.state}.")
    return 0


@_guarded
def cmd_demo_remove(args, db) -> int:
    removed = reviews.remove_demonstrations(db, everything=args.all, username=_operator())
    if not removed.reviews:
        print("There are no demonstration reviews; nothing changed.")
        return 0
    print(f"Removed {len(removed.reviews)} demonstration review(s) and their data: {', '.join(removed.reviews)}; "
          f"{removed.publications} publication(s) went with them.")
    return 0


def add_parsers(subparsers) -> None:
    kinds = list(KINDS)
    p = subparsers.add_parser(
        "import", help="import review data from a CSV or XLSX file (all or nothing)",
        description="Check every row, then import the whole file in one transaction, or nothing. "
                    "Exit 0 imported, 1 rejected, 2 usage error. Formats: docs/import-formats.md.")
    p.add_argument("kind", choices=kinds)
    p.add_argument("path", help="the .csv or .xlsx file")
    p.add_argument("--review", metavar="SLUG", help="the review the file belongs to (all kinds but publications)")
    p.add_argument("--dry-run", action="store_true",
                   help="check, and list what would change (each updated cell before and after); write nothing")
    p.add_argument("--strict", action="store_true",
                   help="refuse columns the format does not read, instead of ignoring and listing them")
    p.add_argument("--report", metavar="REPORT.csv", help="also write the problems as CSV (row, column, value, rule)")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("export", help="export review data in the format import reads")
    p.add_argument("kind", choices=kinds)
    p.add_argument("path", help="where to write: .csv or .xlsx")
    p.add_argument("--review", metavar="SLUG", help="the review (all kinds but publications)")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("template", help="write an import template: the header and one example row (for a "
                                               "review, a workbook with a sheet per part)")
    p.add_argument("kind", choices=kinds)
    p.add_argument("path", help="where to write: .csv or .xlsx (.xlsx for a review)")
    p.set_defaults(func=cmd_template)

    review = subparsers.add_parser("review", help="list reviews and move them through their life cycle")
    commands = review.add_subparsers(dest="review_command", required=True)
    p = commands.add_parser("list", help="every review with its state")
    p.set_defaults(func=cmd_review_list)
    p = commands.add_parser("state", help="set a review's state (closed and archived reviews refuse imports)")
    p.add_argument("slug")
    p.add_argument("state", choices=reviews.STATES)
    p.set_defaults(func=cmd_review_state)

    demo = subparsers.add_parser("demo", help="the demonstration reviews")
    commands = demo.add_subparsers(dest="demo_command", required=True)
    p = commands.add_parser("remove", help="delete the demonstration reviews and their data, so a real "
                                           "deployment starts clean")
    p.add_argument("--all", action="store_true", help="remove them even when no other review would be left")
    p.set_defaults(func=cmd_demo_remove)
