"""The `oversight` command: schema, demonstration data and users, with the exit codes scripts rely on."""
import io
import sys

import pytest

from dashboard.cli import main


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
