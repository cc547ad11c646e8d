"""The `oversight` command: schema, demonstration data, users, import/export, server, benchmark."""
from __future__ import annotations

import argparse
import getpass
import importlib.util
import subprocess
import sys
from pathlib import Path

from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from data_access import audit, backup
from data_access.db import Database, UpgradeRefused, default_database_url
from data_access.importers import set_max_upload_mb
from data_access.users import (
    UserError,
    add_user,
    ensure_demo_users,
    issue_token,
    list_tokens,
    list_users,
    revoke_tokens,
    set_active,
    valid_username,
)
from seed_data.load import seed

from . import cli_data
from .pages.present import pack as present_pack
from .settings import ConfigError, Settings
from .settings import load as load_settings

ROOT = Path(__file__).resolve().parent.parent


def _db(settings: Settings) -> Database:
    return Database(settings.database_url or default_database_url(settings.instance_path))


def cmd_init_db(args, db: Database) -> int:
    """Create or upgrade the schema; the migration lock lets several hosts run this at once."""
    db.upgrade()
    print(f"Schema is up to date on {db!r}.")
    return 0


def cmd_seed(args, db: Database) -> int:
    if args.scale < 1:
        print("--scale must be 1 or more", file=sys.stderr)
        return 2
    db.upgrade()
    if args.if_empty and db.has_review_data():
        print("Review data already present; nothing loaded.")
        return 0
    counts = seed(db, scale=args.scale)
    print(f"Demonstration data (scale {args.scale}): {counts.inserted} rows inserted, {counts.updated} updated, "
          f"{counts.unchanged} unchanged; data version {db.data_version()}.")
    return 0


def cmd_users_add(args, db: Database) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Password (12 characters or more): ")
    else:
        print("give the password with --password-stdin when not at a terminal", file=sys.stderr)
        return 2
    try:
        add_user(db, args.name, args.role, password, args.la)
    except UserError as exc:
        print(f"Not added: {exc}.", file=sys.stderr)
        return 1
    print(f"Added {valid_username(args.name)} ({args.role}{', ' + args.la if args.la else ''}).")
    return 0


def cmd_users_list(args, db: Database) -> int:
    for u in list_users(db):
        state = "active" if u["active"] else "disabled"
        print(f"{u['username']:<24} {u['role']:<12} {u['gss_code'] or '':<10} {state}{' demo' if u['is_demo'] else ''}")
    return 0


def cmd_users_token(args, db: Database) -> int:
    days = args.settings.token_days
    try:
        print(issue_token(db, args.name, days))
    except UserError as exc:
        print(f"No token: {exc}.", file=sys.stderr)
        return 1
    print(f"It expires in {days} days. Keep it like a password: it is not shown again.", file=sys.stderr)
    return 0


def _when(value) -> str:
    """A stored time the UK way, in UTC: '5 November 2024 14:03'."""
    return f"{value.day} {value:%B %Y %H:%M}" if value is not None else "never"


def cmd_users_tokens(args, db: Database) -> int:
    try:
        tokens = list_tokens(db, args.name)
    except UserError as exc:
        print(f"No tokens listed: {exc}.", file=sys.stderr)
        return 1
    if not tokens:
        print(f"{args.name} has no API tokens.")
        return 0
    print(f"{'id':>5}  {'state':<8} {'created (UTC)':<24} {'expires (UTC)':<24} last used (UTC)")
    for t in tokens:
        print(f"{t.id:>5}  {t.state():<8} {_when(t.created_at):<24} {_when(t.expires_at):<24} {_when(t.last_used_at)}")
    return 0


def cmd_users_revoke_token(args, db: Database) -> int:
    try:
        count = revoke_tokens(db, args.name, args.id)
    except UserError as exc:
        print(f"Not revoked: {exc}.", file=sys.stderr)
        return 1
    which = f"token {args.id}" if args.id is not None else "all tokens"
    audit.record(db, "revoke token", audit.OK, username=getpass.getuser()[:80], role="console",
                 detail=f"{which} of {args.name} revoked from the command line")
    print(f"Revoked {which} of {args.name} ({count} still usable until now).")
    return 0


def cmd_users_demo(args, db: Database) -> int:
    """One demonstration account per role, for trying the dashboard out; never in production."""
    if args.settings.production:
        print("Demonstration accounts are for development only; OVERSIGHT_ENV is production.", file=sys.stderr)
        return 1
    db.upgrade()
    try:
        created = ensure_demo_users(db)
    except UserError as exc:
        print(f"No demonstration accounts: {exc}.", file=sys.stderr)
        return 1
    print("Demonstration accounts (development only; passwords change each time this runs):")
    for username, role, la, password in created:
        where = f" for {la}" if la else ""
        print(f"  {username:<18} {role + where:<24} password: {password}")
    return 0


def cmd_users_disable(args, db: Database) -> int:
    try:
        set_active(db, args.name, False)
    except UserError as exc:
        print(f"Not disabled: {exc}.", file=sys.stderr)
        return 1
    audit.record(db, "disable user", audit.OK, username=getpass.getuser()[:80], role="console",
                 detail=f"{args.name} disabled from the command line")
    print(f"Disabled {args.name}; their sessions have ended and their API tokens are revoked.")
    return 0


def cmd_serve(args, db: Database) -> int:
    """Serve, never migrate: refuse a schema that is behind; start anyway when the database is down."""
    from .serving import gunicorn_command  # loads Dash: only `serve` pays for it, not every command

    try:
        cmd = gunicorn_command(f"{args.host}:{args.port}", args.workers, args.threads)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        status = db.schema_status()
    except DBAPIError as exc:
        # The database may come back: serve meanwhile, /readyz says why it is not ready.
        print(f"The database is unreachable just now ({_first_line(exc)}); serving anyway: /readyz answers 503 "
              "and pages say the service is unavailable until it returns.", file=sys.stderr, flush=True)
    else:
        if status.state != "current":
            print(status.message, file=sys.stderr)
            return 1
    print(f"Serving Review Oversight on http://{args.host}:{args.port} with {args.workers} workers.", flush=True)
    return subprocess.call(cmd, cwd=str(ROOT))


def cmd_backup(args, db: Database) -> int:
    print(backup.backup(db, args.path).message)
    return 0


def cmd_restore(args, db: Database) -> int:
    cache_dir = Path(args.settings.instance_path) / "cache"  # the on-disk cache, as dashboard.config places it
    print(backup.restore(db, args.path, cache_dir=cache_dir, redis_url=args.settings.redis_url).message)
    return 0


def cmd_bench(args, db: Database) -> int:
    # Imported here, not at the top: the benchmark is a tool outside the product package, with its
    # own optional extra (Playwright), so the service and every other command run without it.
    if importlib.util.find_spec("playwright") is None:
        print(BENCH_MISSING, file=sys.stderr)
        return 2
    try:
        from tools.bench.run import main as bench_main
    except ImportError:
        print(BENCH_MISSING, file=sys.stderr)
        return 2
    return bench_main(args)


BENCH_MISSING = ("The benchmark needs the [bench] extra: pip install 'review-oversight[bench]' "
                 "(or run `make bench`).")


def _first_line(exc: BaseException) -> str:
    """The driver's own message, first line only: enough to act on, never a traceback."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()
    return text[0] if text else type(inner).__name__


def describe_database_error(db: Database | None, exc: SQLAlchemyError) -> str:
    """A plain sentence for a database failure: unreachable, no schema or behind, or refused."""
    if db is None or isinstance(exc, ArgumentError):
        return f"The database URL (OVERSIGHT_DATABASE_URL) is not one this service can use: {_first_line(exc)}."
    try:
        db.ping()
    except SQLAlchemyError as again:
        return f"Cannot reach the database {db!r}: {_first_line(again)}."
    try:
        status = db.schema_status()
    except SQLAlchemyError:
        status = None
    if status is not None and status.state != "current":
        return status.message
    return f"The database refused the request: {_first_line(exc)}."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="oversight", description="Review Oversight dashboard tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init-db", help="create or upgrade the schema")
    p.set_defaults(func=cmd_init_db)

    p = sub.add_parser("seed", help="load the demonstration dataset")
    p.add_argument("--scale", type=int, default=1, help="multiply the volume (for benchmarks)")
    p.add_argument("--if-empty", action="store_true", help="load only when there is no review data yet")
    p.set_defaults(func=cmd_seed)

    users = sub.add_parser("users", help="manage users").add_subparsers(dest="users_command", required=True)
    p = users.add_parser("add", help="add a user")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["admin", "leader", "inspector", "coordinator", "presenter"])
    p.add_argument("--la", help="the co-ordinator's authority (GSS code or name)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_users_add)
    p = users.add_parser("list", help="list users")
    p.set_defaults(func=cmd_users_list)
    p = users.add_parser("token", help="issue an API token (valid for OVERSIGHT_TOKEN_DAYS days, default 90)")
    p.add_argument("name")
    p.set_defaults(func=cmd_users_token)
    p = users.add_parser("tokens", help="list a user's API tokens (never the tokens themselves)")
    p.add_argument("name")
    p.set_defaults(func=cmd_users_tokens)
    p = users.add_parser("revoke-token", help="revoke one of a user's API tokens, or all of them")
    p.add_argument("name")
    p.add_argument("id", nargs="?", type=int, help="the token's id from 'oversight users tokens' (all when left out)")
    p.set_defaults(func=cmd_users_revoke_token)
    p = users.add_parser("demo", help="create one demonstration account per role and print the passwords "
                                      "(development only)")
    p.set_defaults(func=cmd_users_demo)
    p = users.add_parser("disable", help="disable a user, end their sessions and revoke their API tokens")
    p.add_argument("name")
    p.set_defaults(func=cmd_users_disable)

    cli_data.add_parsers(sub)

    p = sub.add_parser("export-pack", help="write a review's webinar pack (PNG, PDF, PPTX, CSV) to a folder")
    p.add_argument("slug")
    p.add_argument("outdir")
    p.set_defaults(func=present_pack.command)

    p = sub.add_parser("serve", help="run the production server (gunicorn)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4, help="threads per worker")
    p.set_defaults(func=cmd_serve)

    for name, func, what in (("backup", cmd_backup, "copy the embedded SQLite database to PATH while serving"),
                             ("restore", cmd_restore, "put a backup made by `oversight backup` back")):
        p = sub.add_parser(name, help=what)
        p.add_argument("path", metavar="PATH")
        p.set_defaults(func=func)

    p = sub.add_parser("bench", help="run the performance benchmark")
    p.add_argument("--scale", type=int, default=1, help="the volume the server is measured at (the cold callback "
                                                        "is measured at scale 1 and 100 as well)")
    p.add_argument("--runs", type=int, default=3, help="measure this many times and report each figure's median "
                                                       "(default 3)")
    p.add_argument("--engine", choices=["sqlite", "postgresql"],
                   help="the database engine; postgresql without --database-url uses temporary databases on "
                        "127.0.0.1:5432 (default: the engine of --database-url, else sqlite)")
    p.add_argument("--json", dest="json_path", metavar="FILE",
                   help="write the figures, each run's values, the commit and the machine to FILE")
    p.add_argument("--markdown", action="store_true", help="print the README's table of this run as well")
    p.add_argument("--database-url", help="measure on this database (migrated, seeded, given a bench user) "
                                         "instead of a temporary one; the other scale still gets a temporary "
                                         "database on the same engine (and server)")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    db = None
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    args.settings = settings
    set_max_upload_mb(settings.max_upload_mb)
    try:
        db = _db(settings)
        return int(args.func(args, db) or 0)
    except SQLAlchemyError as exc:
        print(describe_database_error(db, exc), file=sys.stderr)
        return 1
    except (UpgradeRefused, backup.BackupRefused) as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        if db is not None:
            db.dispose()


if __name__ == "__main__":
    sys.exit(main())
