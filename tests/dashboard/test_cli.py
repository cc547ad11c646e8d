"""The `oversight` command: schema, demonstration data and users, with the exit codes scripts rely on."""
import importlib.util
import io
import os
import shutil
import socket
import subprocess
import sys

import pytest
from services import ROOT
from sqlalchemy import inspect

from dashboard.cli import main
from data_access import db as db_module
from data_access.db import Database
from data_access.models import Base


@pytest.fixture
def env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("OVERSIGHT_DATABASE_URL", url)
    monkeypatch.setenv("OVERSIGHT_INSTANCE_PATH", str(tmp_path))
    return url


def run(argv, stdin: str = "", monkeypatch=None):
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_init_db_then_seed_if_empty_loads_once(env, capsys):
    assert main(["init-db"]) == 0
    assert main(["seed", "--if-empty"]) == 0
    first = capsys.readouterr().out
    assert "rows inserted" in first and "data version 1" in first
    assert main(["seed", "--if-empty"]) == 0
    assert "already present" in capsys.readouterr().out
    assert main(["seed"]) == 0
    assert "0 rows inserted, 0 updated" in capsys.readouterr().out


def test_users_add_list_and_token(env, capsys, monkeypatch):
    main(["seed"])
    assert run(["users", "add", "lead1", "--role", "leader", "--password-stdin"], "a-long-password-1\n",
               monkeypatch) == 0
    assert run(["users", "add", "co1", "--role", "coordinator", "--la", "Edinburgh", "--password-stdin"],
               "a-long-password-1\n", monkeypatch) == 0
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "lead1" in listing and "co1" in listing and "S12000036" in listing
    assert main(["users", "token", "lead1"]) == 0
    assert capsys.readouterr().out.strip().startswith("ro_")


@pytest.mark.parametrize("argv,stdin", [
    (["users", "add", "x", "--role", "coordinator", "--password-stdin"], "a-long-password-1\n"),  # no --la
    (["users", "add", "x", "--role", "leader", "--password-stdin"], "short\n"),
    (["users", "add", "x", "--role", "leader", "--la", "Fife", "--password-stdin"], "a-long-password-1\n"),
])
def test_bad_users_are_refused_with_a_reason(env, capsys, monkeypatch, argv, stdin):
    main(["seed"])
    capsys.readouterr()
    assert run(argv, stdin, monkeypatch) == 1
    assert "Not added:" in capsys.readouterr().err


def test_usage_errors_exit_2(env, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["users", "add", "x", "--role", "wizard"])
    assert exc.value.code == 2
    assert main(["seed", "--scale", "0"]) == 2


# -- the schema as its own step, and plain messages for a database that is away or wrong ------------


def oversight(argv: list[str], url: str, tmp_path, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, OVERSIGHT_DATABASE_URL=url, OVERSIGHT_INSTANCE_PATH=str(tmp_path), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "dashboard.cli", *argv], env=env, cwd=str(ROOT),
                          capture_output=True, text=True, timeout=timeout)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("command", [["init-db"], ["seed", "--if-empty"], ["users", "list"]])
@pytest.mark.parametrize("kind", ["unreachable", "wrong url", "unknown driver"])
def test_no_traceback_for_a_database_that_is_away_or_wrongly_named(tmp_path, command, kind):
    url = {"unreachable": f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/oversight",
           "wrong url": "this is not a database url",
           "unknown driver": "wibble://db.example/oversight"}[kind]
    done = oversight(command, url, tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in output
    expected = "Cannot reach the database" if kind == "unreachable" else "is not one this service can use"
    assert expected in done.stderr, output


@pytest.mark.parametrize("command", [["users", "list"], ["serve", "--port", "1"]])
def test_a_missing_schema_is_named_with_the_command_that_makes_it(tmp_path, command):
    done = oversight(command, f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert "no schema yet: run `oversight init-db`" in done.stderr


def test_serve_refuses_a_schema_that_is_behind_and_never_migrates(env, tmp_path, monkeypatch, capsys):
    """A release with a migration the database has not had: serve says to run init-db, and does not."""
    assert main(["init-db"]) == 0
    newer = tmp_path / "migrations"
    shutil.copytree(db_module.MIGRATIONS_DIR, newer, ignore=shutil.ignore_patterns("__pycache__"))
    head = Database(env).schema_status().code
    (newer / "versions" / "0099_next.py").write_text(
        f'revision = "0099_next"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")
    monkeypatch.setattr(db_module, "MIGRATIONS_DIR", newer)
    capsys.readouterr()
    assert main(["serve", "--port", str(_closed_port())]) == 1
    assert "The database schema is behind: run `oversight init-db`." in capsys.readouterr().err
    status = Database(env).schema_status()
    assert (status.state, status.database, status.code) == ("behind", head, "0099_next")
    assert main(["init-db"]) == 0
    assert Database(env).schema_status().state == "current"


@pytest.mark.postgres
def test_two_hosts_running_init_db_at_once_both_succeed(postgres_url, tmp_path):
    env = dict(os.environ, OVERSIGHT_DATABASE_URL=postgres_url, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "dashboard.cli", "init-db"], cwd=str(ROOT), text=True,
                              env=dict(env, OVERSIGHT_INSTANCE_PATH=str(tmp_path / f"host{n}")),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert code == 0 and "Schema is up to date" in out, err
    db = Database(postgres_url)
    try:
        assert db.schema_status().state == "current"
        assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
    finally:
        db.dispose()


def test_bench_without_its_extra_says_how_to_install_it(env, monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "playwright" else real(name, *a))
    assert main(["bench", "--scale", "1"]) == 2
    assert "needs the [bench] extra" in capsys.readouterr().err
