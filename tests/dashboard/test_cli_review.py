"""`oversight template/import/export review`, `oversight review` and `oversight demo remove`."""
from __future__ import annotations

import pytest
from import_corpus.review_book import ELIGIBLE, SLUG, filled_template

from dashboard.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("OVERSIGHT_INSTANCE_PATH", str(tmp_path))
    assert main(["init-db"]) == 0
    return tmp_path


def test_set_up_a_review_from_the_template_export_it_and_import_it_again(env, capsys):
    template = env / "template.xlsx"
    assert main(["template", "review", str(template)]) == 0
    assert "one sheet per part" in capsys.readouterr().out
    filled = env / "carers.xlsx"
    filled.write_bytes(filled_template(env))
    assert main(["import", "review", str(filled), "--review", SLUG]) == 2
    assert "leave out --review" in capsys.readouterr().err
    assert main(["import", "review", str(filled), "--dry-run"]) == 0
    assert "Would change:" in capsys.readouterr().out
    assert main(["import", "review", str(filled)]) == 0
    out = capsys.readouterr().out
    assert f"Imported carers.xlsx (review, {SLUG})" in out and "read 'Western Isles' as Na h-Eileanan Siar" in out
    exported = env / "exported.xlsx"
    assert main(["export", "review", str(exported), "--review", SLUG]) == 0
    assert main(["export", "review", str(env / "exported.csv"), "--review", SLUG]) == 2
    capsys.readouterr()
    assert main(["import", "review", str(exported)]) == 0
    assert "nothing changed" in capsys.readouterr().out


def test_a_closed_review_refuses_imports_until_reopened(env, capsys):
    filled = env / "carers.xlsx"
    filled.write_bytes(filled_template(env))
    assert main(["import", "review", str(filled)]) == 0
    assert main(["review", "state", SLUG, "closed"]) == 0
    assert f"{SLUG}: active -> closed" in capsys.readouterr().out
    assert main(["import", "survey-eligible", str(ELIGIBLE), "--review", SLUG]) == 2
    assert "is closed, so it takes no imports" in capsys.readouterr().err
    assert main(["import", "review", str(filled)]) == 1
    assert main(["review", "list"]) == 0
    assert f"{SLUG}\tclosed" in capsys.readouterr().out
    assert main(["review", "state", SLUG, "active"]) == 0
    assert main(["import", "survey-eligible", str(ELIGIBLE), "--review", SLUG]) == 0
    assert main(["review", "state", "no-such-review", "active"]) == 2


def test_demo_remove_keeps_real_reviews_and_needs_all_to_empty_the_database(env, capsys):
    assert main(["seed"]) == 0
    assert main(["demo", "remove"]) == 2
    assert "no review at all" in capsys.readouterr().err
    filled = env / "carers.xlsx"
    filled.write_bytes(filled_template(env))
    assert main(["import", "review", str(filled)]) == 0
    assert main(["demo", "remove"]) == 0
    assert "Removed 4 demonstration review(s)" in capsys.readouterr().out
    assert main(["review", "list"]) == 0
    listed = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[0] for line in listed] == [SLUG]
    assert main(["demo", "remove"]) == 0
    assert "nothing changed" in capsys.readouterr().out


def test_demo_remove_all_starts_from_an_empty_database(env, capsys):
    assert main(["seed"]) == 0
    assert main(["demo", "remove", "--all"]) == 0
    assert main(["review", "list"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("Removed 4")
