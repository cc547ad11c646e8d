"""The one database wrapper: engine, sessions, migrations, data version and as-of date."""
from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import create_engine, event, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from .models import DatasetMeta, Review

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The PostgreSQL advisory lock held while the schema is migrated: any fixed number unique to this service.
MIGRATION_LOCK_KEY = 0x0D15_C105


class UpgradeRefused(RuntimeError):
    """A migration found data it cannot upgrade safely; its message says what an admin must do."""


class SchemaStatus(NamedTuple):
    """Where the database's schema stands against the code's migrations."""

    state: str  # "current", "behind", "missing" (no schema at all) or "unknown" (a revision the code lacks)
    database: str | None
    code: str

    @property
    def message(self) -> str:
        return {
            "current": f"The database schema is up to date (revision {self.code}).",
            "behind": "The database schema is behind: run `oversight init-db`.",
            "missing": "The database has no schema yet: run `oversight init-db`.",
            "unknown": f"The database schema (revision {self.database}) is newer than this version of the service "
                       f"knows (revision {self.code}): upgrade the service.",
        }[self.state]


def default_database_url(instance_path: str | os.PathLike | None = None) -> str:
    """The embedded SQLite file in the instance folder, used when OVERSIGHT_DATABASE_URL is not set."""
    folder = Path(instance_path) if instance_path else Path.cwd() / "instance"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'oversight.sqlite3'}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict = {"pool_pre_ping": True, "future": True}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": 10, "check_same_thread": False}
    else:
        kwargs["connect_args"] = {"connect_timeout": 5}
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    """Owns the engine and hands out sessions; nothing else opens connections."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # A read on PostgreSQL needs no transaction of its own: under READ COMMITTED each statement reads
        # its own snapshot either way, and leaving out BEGIN and ROLLBACK saves two round trips per read.
        self._reads = self.engine.execution_options(isolation_level="AUTOCOMMIT") \
            if self.engine.dialect.name == "postgresql" else self.engine
        self._readers = sessionmaker(self._reads, expire_on_commit=False, autoflush=False)

    def __repr__(self) -> str:  # part of cache keys: never include a password
        return f"Database({make_url(self.url).render_as_string(hide_password=True)})"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A session that only reads: nothing added to it is ever written."""
        with self._readers() as session:
            yield session

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    # -- schema -------------------------------------------------------------------------
    def alembic_config(self):
        # Alembic (about 0.2 s to import) is loaded only by the commands that migrate or check the schema.
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.attributes["engine"] = self.engine
        return cfg

    def upgrade(self, revision: str = "head") -> None:
        """Migrate under the migration lock, so two hosts starting together never race."""
        # Alembic (about 0.2 s to import) is loaded only by the commands that migrate or check the schema.
        from alembic import command

        with self.migration_lock():
            command.upgrade(self.alembic_config(), revision)

    def downgrade(self, revision: str = "base") -> None:
        # Alembic (about 0.2 s to import) is loaded only by the commands that migrate or check the schema.
        from alembic import command

        with self.migration_lock():
            command.downgrade(self.alembic_config(), revision)

    @contextmanager
    def migration_lock(self) -> Iterator[None]:
        """Hold the database's migration lock: an advisory lock on PostgreSQL, a file lock beside SQLite.

        The lock lives on a connection of its own; the migration itself runs on another from the pool.
        """
        if self.dialect == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                    conn.commit()
            return
        database = self.engine.url.database
        if self.dialect != "sqlite" or not database or database == ":memory:":
            yield
            return
        with open(f"{database}.migrate-lock", "a", encoding="ascii") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def schema_status(self) -> SchemaStatus:
        """Compare the database's Alembic revision with the code's head; raises when unreachable."""
        # Alembic (about 0.2 s to import) is loaded only by the commands that migrate or check the schema.
        from alembic.migration import MigrationContext
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(self.alembic_config())
        head = script.get_current_head()
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        if current is None:
            return SchemaStatus("missing", None, head)
        if current == head:
            return SchemaStatus("current", current, head)
        known = {rev.revision for rev in script.walk_revisions()}
        return SchemaStatus("behind" if current in known else "unknown", current, head)

    def dispose(self) -> None:
        self.engine.dispose()

    # -- dataset metadata ----------------------------------------------------------------
    def dataset_info(self) -> DatasetInfo:
        """The one metadata row: data version, when review data last changed, stored as-of date."""
        with self._reads.connect() as conn:
            row = conn.execute(
                select(DatasetMeta.data_version, DatasetMeta.updated_at, DatasetMeta.as_of,
                       DatasetMeta.is_demonstration).where(DatasetMeta.id == 1)
            ).first()
        if row is None:
            return DatasetInfo(0, None, None, False)
        return DatasetInfo(int(row[0] or 0), row[1], row[2], bool(row[3]))

    def data_version(self) -> int:
        return self.dataset_info().version

    def has_review_data(self) -> bool:
        with self._reads.connect() as conn:
            return conn.execute(select(Review.id).limit(1)).first() is not None


class DatasetInfo(NamedTuple):
    version: int
    updated_at: dt.datetime | None
    as_of: dt.date | None
    is_demonstration: bool


def ensure_meta(session: Session) -> DatasetMeta:
    meta = session.get(DatasetMeta, 1)
    if meta is None:
        meta = DatasetMeta(id=1, data_version=0)
        session.add(meta)
        session.flush()
    return meta


def bump_data_version(session: Session) -> int:
    """Mark review data as changed, in the caller's transaction; returns the new version."""
    ensure_meta(session)
    session.execute(
        update(DatasetMeta)
        .where(DatasetMeta.id == 1)
        .values(data_version=DatasetMeta.data_version + 1, updated_at=dt.datetime.now(dt.UTC))
    )
    return int(session.execute(select(DatasetMeta.data_version).where(DatasetMeta.id == 1)).scalar_one())


def resolve_as_of(db: Database, override: str | dt.date | None = None,
                  info: DatasetInfo | None = None) -> tuple[dt.date, bool]:
    """The dashboard's 'today': OVERSIGHT_AS_OF when set, else the stored date, else today.

    Returns the date and whether the data is demonstration data. Pass `info` when the metadata
    row has been read already.
    """
    info = info or db.dataset_info()
    value = override
    if isinstance(value, str):
        value = dt.date.fromisoformat(value.strip())
    if value is None:
        value = info.as_of or dt.date.today()
    return value, info.is_demonstration
