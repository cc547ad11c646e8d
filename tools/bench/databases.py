"""The databases a benchmark measures: the one the user names with --database-url, or temporary ones it
creates, and drops again when it ends (Ctrl-C and SIGTERM included).

A benchmark writes into a database it did not create only when the user named it. On PostgreSQL the
temporary databases are created on the same server as the user's (or on the local one), through a
connection to the server's maintenance database.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from .client import BenchError

ENGINES = ("sqlite", "postgresql")
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
LOCAL_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
MAINTENANCE_DATABASES = ("postgres", "template1")
TEMPORARY_PREFIX = "oversight_bench_"


def engine_of(url: str) -> str:
    return make_url(url).get_backend_name()


def choose_engine(engine: str | None, database_url: str | None) -> str:
    """The engine to measure: --engine, else the one --database-url names, else SQLite."""
    named = engine_of(database_url) if database_url else None
    if named is not None and named not in ENGINES:
        raise BenchError(f"the benchmark measures SQLite or PostgreSQL, not {named}")
    if engine and named and engine != named:
        raise BenchError(f"--engine {engine} does not match --database-url, which is {named}")
    return engine or named or "sqlite"


def shown(url: str) -> str:
    """A URL fit for a report: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


class Databases:
    """One database URL per scale: the user's own (--database-url) for the scale asked for, temporary
    ones for the rest (SQLite files in the bench's folder, or PostgreSQL databases it creates)."""

    def __init__(self, engine: str, folder: Path, scale: int, database_url: str | None, log):
        self.engine, self.folder, self.scale, self.log = engine, folder, scale, log
        self.database_url = database_url
        self.urls: dict[int, str] = {}
        self.created: list[str] = []  # temporary PostgreSQL databases, by name
        self._admin = None
        self._server: URL = make_url(database_url or LOCAL_POSTGRESQL)
        if self._server.drivername == "postgresql":
            self._server = self._server.set(drivername="postgresql+psycopg")  # as data_access does

    def url_for(self, scale: int) -> str:
        if scale not in self.urls:
            if scale == self.scale and self.database_url:
                self.urls[scale] = self.database_url
            elif self.engine == "sqlite":
                self.urls[scale] = f"sqlite:///{self.folder / f'scale-{scale}.sqlite3'}"
            else:
                self.urls[scale] = self.create_temporary(scale)
        return self.urls[scale]

    def is_temporary(self, scale: int) -> bool:
        return not (scale == self.scale and self.database_url)

    def admin(self):
        """An AUTOCOMMIT engine on the server's maintenance database (CREATE DATABASE runs outside a
        transaction)."""
        if self._admin is None:
            problems = []
            for name in MAINTENANCE_DATABASES:
                engine = create_engine(self._server.set(database=name), isolation_level="AUTOCOMMIT",
                                       connect_args={"connect_timeout": 5})
                try:
                    with engine.connect() as conn:
                        conn.execute(text("SELECT 1"))
                except Exception as exc:
                    engine.dispose()
                    problems.append(f"{name}: {type(exc).__name__}")
                    continue
                self._admin = engine
                break
            else:
                raise BenchError(f"cannot reach the PostgreSQL server at {shown(str(self._server))} to create a "
                                 f"temporary database ({'; '.join(problems)})")
        return self._admin

    def create_temporary(self, scale: int) -> str:
        name = f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}"
        admin = self.admin()
        self.created.append(name)  # first, so an interrupt while it is being created still drops it
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = self._server.set(database=name).render_as_string(hide_password=False)
        self.log(f"temporary database {name} created for scale {scale} on {self._server.host or 'localhost'}")
        return url

    def drop_temporary(self) -> None:
        """Drop every database this bench created, ending any connection still open to it."""
        while self.created:
            name = self.created.pop()
            try:
                with self.admin().connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                self.log(f"temporary database {name} dropped")
            except Exception as exc:
                self.log(f"could not drop the temporary database {name}: {type(exc).__name__}: {exc}")
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None

    def describe(self) -> dict:
        return {"engine": self.engine, "scale": self.scale, "temporary": self.is_temporary(self.scale),
                "urls": {str(scale): shown(url) for scale, url in sorted(self.urls.items())}}
