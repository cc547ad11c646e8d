"""`oversight backup` and `oversight restore` on the embedded SQLite database while `oversight serve` answers
steady traffic: no request fails, and once the restore returns every answer is the restored data under
a data version above any served before, read afresh (the host's cache was cleared)."""
from __future__ import annotations

import secrets
import subprocess
import sys

import accounts
from production.support import Host, Load, host_env
from services import ROOT
from sqlalchemy import text

from data_access.db import bump_data_version
from data_access.users import add_user, issue_token

GOV = "social-work-governance"
RATES = f"/api/v1/reviews/{GOV}/survey-rates"


def _oversight(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.cli", *args], cwd=str(ROOT), env=env,
                          capture_output=True, text=True, timeout=120)


def _rates(load: Load, phase: str) -> set[str]:
    """The survey rates answered to requests asked in `phase`."""
    return {body for _, path, status, body in load.in_phase(phase) if path == RATES and status == 200}


def test_backup_and_restore_while_serving(seeded_url, seeded_db, tmp_path):
    add_user(seeded_db, "backup-reader", "inspector", accounts.PASSWORD)
    token = issue_token(seeded_db, "backup-reader", 1)
    env = host_env(tmp_path / "host", seeded_url, secrets.token_hex(32), trusted_proxies=0)
    host = Host(env)
    copy = tmp_path / "nightly.sqlite3"
    try:
        host.wait_ready()
        with Load(host, [RATES, f"/api/v1/reviews/{GOV}/progress"], headers={"Authorization": f"Bearer {token}"},
                  clients=2) as load:
            load.wait_for("before", 20)
            original = _rates(load, "before")
            assert len(original) == 1
            load.phase = "backing up"
            made = _oversight(env, "backup", str(copy))
            assert made.returncode == 0 and "Backed up to" in made.stdout, made.stdout + made.stderr

            with seeded_db.session() as s:  # the data changes after the backup, as an import changes it
                s.execute(text("UPDATE survey_eligible SET eligible = eligible + 11"))
                changed_version = bump_data_version(s)
            load.phase = "changed"
            load.wait_for("changed", 20)
            changed = _rates(load, "changed")
            assert len(changed) == 1 and changed != original

            load.phase = "restoring"
            restored = _oversight(env, "restore", str(copy))
            assert restored.returncode == 0, restored.stdout + restored.stderr
            assert f"data version {changed_version + 1}" in restored.stdout
            load.phase = "restored"
            load.wait_for("restored", 20)
        assert load.server_errors() == []
        assert {status for _, _, status, _ in load.answers} == {200}
        # The restored figures, under the new version: the host did not answer from its cache.
        assert _rates(load, "restored") == original
        assert seeded_db.data_version() == changed_version + 1
        assert "cache entries cleared" in restored.stdout and " 0 cache entries" not in restored.stdout
    finally:
        host.stop()
    assert "Traceback" not in host.output()
