"""Command-line glue for `oversight import`, `export` and `template`; the work is in data_access.importers."""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from sqlalchemy.exc import OperationalError, ProgrammingError
from tqdm import tqdm

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
        except UsageError as exc:
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
    print(f"Wrote the {args.kind} template (header and one example row) to {args.path}.")
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

    p = subparsers.add_parser("template", help="write an import template: the header and one example row")
    p.add_argument("kind", choices=kinds)
    p.add_argument("path", help="where to write: .csv or .xlsx")
    p.set_defaults(func=cmd_template)
