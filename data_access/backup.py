"""Backup and restore of the embedded SQLite database, while the service keeps serving.

`backup` copies the live database with SQLite's online backup API: a consistent snapshot taken
page by page while workers go on reading and writing, written beside its destination and moved
into place only when whole and checked. `restore` first checks that the file is one of this
service's databases, keeps a copy of what it replaces, copies it in the same way, then sets the
data version above any the live database or the backup had and clears the cache, so no worker or
host can answer from what it cached before. PostgreSQL has its own tools (pg_dump and pg_restore):
both commands refuse it, saying so.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import update

from .db import Database, ensure_meta
from .models import DatasetMeta

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every database of this service has, whatever its revision.
OUR_TABLES = frozenset({"alembic_version", "dataset_meta", "local_authority", "review", "app_user"})
CACHE_PREFIX = "oversight:"  # Flask-Caching's prefix for this service's entries (see dashboard.create_app)
KEEP_PREFIXES = ("oversight:login-failed:",)  # the sign-in throttle is not a cache: a restore keeps it


class BackupRefused(RuntimeError):
    """The backup or restore was not done; the message says why and what to do instead."""


class Backup(NamedTuple):
    path: Path
    size: int
    data_version: int

    @property
    def message(self) -> str:
        return (f"Backed up to {self.path} ({self.size:,} bytes, data version {self.data_version}) while serving; "
                f"`oversight restore {self.path}` puts it back.")


class Restored(NamedTuple):
    source: Path
    live: Path
    kept: Path | None  # the copy of the database the restore replaced
    data_version: int  # the version the restored data now carries
    cache_entries: int  # how many cache entries were cleared
    schema_behind: bool  # the backup predates this version's schema: run `oversight init-db`

    @property
    def message(self) -> str:
        kept = f" The database it replaced is kept at {self.kept}." if self.kept else ""
        behind = " Its schema is older than this version's: run `oversight init-db`." if self.schema_behind else ""
        return (f"Restored {self.source} into {self.live}: data version {self.data_version}, above any served "
                f"before; {self.cache_entries} cache entries cleared.{kept}{behind}")


def live_path(db: Database) -> Path:
    """The embedded database's file, or BackupRefused for any other database."""
    if db.dialect == "postgresql":
        raise BackupRefused("The database is PostgreSQL: back it up with its own tools, for example "
                            "`pg_dump --format=custom --file=oversight.dump DATABASE`, and restore with pg_restore. "
                            "`oversight backup` and `oversight restore` copy the embedded SQLite database only.")
    name = db.engine.url.database
    if db.dialect != "sqlite" or not name or name == ":memory:":
        raise BackupRefused(f"{db!r} is not an embedded SQLite file; nothing was copied.")
    return Path(name).resolve()


def backup(db: Database, path: str | os.PathLike) -> Backup:
    """Copy the live database to `path` (which must not exist yet) without stopping the service."""
    live, target = live_path(db), Path(path).resolve()
    if not live.is_file():
        raise BackupRefused(f"There is no database at {live} yet: run `oversight init-db` first.")
    if target.exists():
        raise BackupRefused(f"{target} exists already: choose a new name (a backup never overwrites a file).")
    if not target.parent.is_dir():
        raise BackupRefused(f"There is no folder {target.parent} to write the backup into.")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        _copy(live, partial)
        with closing(sqlite3.connect(partial)) as copy:
            # One self-contained file: no -wal or -shm beside it when it is opened later.
            copy.execute("PRAGMA journal_mode=DELETE")
        _check_ours(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(target, target.stat().st_size, _data_version(target))


def restore(db: Database, path: str | os.PathLike, *, cache_dir: str | os.PathLike | None = None,
            redis_url: str | None = None) -> Restored:
    """Replace the live database's contents with a backup of it, while the service keeps serving."""
    live, source = live_path(db), Path(path).resolve()
    if not source.is_file():
        raise BackupRefused(f"There is no file {source} to restore from; nothing was changed.")
    if source == live:
        raise BackupRefused(f"{source} is the live database itself; nothing was changed.")
    revision = _check_ours(source)
    schema_behind = _schema_behind(db, revision)
    kept, before = None, 0
    if live.is_file():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        kept = live.with_name(f"{live.stem}.before-restore-{stamp}{live.suffix}")
        before = backup(db, kept).data_version
    _copy(source, live)
    db.dispose()  # the next connection reads the restored file afresh
    version = max(before, _data_version(source)) + 1
    with db.session() as s:
        ensure_meta(s)
        s.execute(update(DatasetMeta).where(DatasetMeta.id == 1)
                  .values(data_version=version, updated_at=dt.datetime.now(dt.UTC)))
    cleared = clear_cache(cache_dir, redis_url)
    return Restored(source, live, kept, version, cleared, schema_behind)


def clear_cache(cache_dir: str | os.PathLike | None, redis_url: str | None) -> int:
    """Remove every cache entry: the on-disk cache's files, and this service's keys in Redis.

    The raised data version already keeps old entries from answering; clearing them frees the
    space and leaves nothing that was read from the replaced data.
    """
    cleared = 0
    if cache_dir and Path(cache_dir).is_dir():
        for entry in Path(cache_dir).iterdir():
            if entry.is_file():
                entry.unlink(missing_ok=True)
                cleared += 1
    if redis_url:
        # Imported here: only a restore with Redis configured talks to it.
        import redis

        client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
        try:
            doomed = [key for key in client.scan_iter(match=f"{CACHE_PREFIX}*", count=1000)
                      if not key.decode(errors="replace").startswith(KEEP_PREFIXES)]
            for start in range(0, len(doomed), 500):
                cleared += int(client.delete(*doomed[start:start + 500]))
        except redis.RedisError as exc:
            raise BackupRefused(f"The database was restored, but the Redis cache could not be cleared ({exc}); "
                                "its entries carry older data versions and will not be used.") from exc
        finally:
            client.close()
    return cleared


def _copy(source: Path, destination: Path) -> None:
    """SQLite's online backup: a consistent copy while other connections read and write the source."""
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)) as src, \
                closing(sqlite3.connect(destination, timeout=30)) as dst:
            src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupRefused(f"The copy from {source} to {destination} failed: {exc}; nothing was changed.") from exc


def _check_ours(path: Path) -> str:
    """The file's schema revision if it is a whole database of this service, else BackupRefused."""
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise BackupRefused(f"{path} is not a SQLite database, so not a backup of this service; nothing was changed.")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in \
                tables else None
    except sqlite3.Error as exc:
        raise BackupRefused(f"{path} cannot be read as a database ({exc}); nothing was changed.") from exc
    if check != "ok":
        raise BackupRefused(f"{path} is damaged (SQLite's check says: {check}); nothing was changed.")
    missing = OUR_TABLES - tables
    if missing or revision is None:
        raise BackupRefused(f"{path} is a SQLite database but not one of this service's (it has no "
                            f"{', '.join(sorted(missing)) or 'schema revision'}); nothing was changed.")
    return str(revision[0])


def _schema_behind(db: Database, revision: str) -> bool:
    """Whether a backup at `revision` needs `oversight init-db`; BackupRefused when it is newer than this code."""
    # Alembic (about 0.2 s to import) is loaded only when a restore compares schema revisions.
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config())
    if revision == script.get_current_head():
        return False
    if revision in {rev.revision for rev in script.walk_revisions()}:
        return True
    raise BackupRefused(f"The backup's schema (revision {revision}) is newer than this version of the service "
                        "knows: restore it with the version that made it. Nothing was changed.")


def _data_version(path: Path) -> int:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        row = conn.execute("SELECT data_version FROM dataset_meta WHERE id = 1").fetchone()
    return int(row[0] or 0) if row else 0
