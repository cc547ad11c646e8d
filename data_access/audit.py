"""The audit log: one row per login, failed login, denial, download and administrative action."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import delete, func, or_, select

from .db import Database
from .models import AuditEntry, LoginAttempt

# Outcomes written to the log.
OK, FAILED, DENIED = "ok", "failed", "denied"


def record(db: Database, action: str, outcome: str, *, username: str | None = None, role: str | None = None,
           scope: str | None = None, detail: str = "") -> None:
    """Write one audit row in its own transaction, so a failed request still leaves its trace."""
    with db.session() as s:
        s.add(AuditEntry(username=(username or None) and username[:80], role=role, scope=(scope or None) and scope[:40],
                         action=action[:60], outcome=outcome[:20], detail=(detail or "")[:500],
                         at=dt.datetime.now(dt.UTC)))


def recent(db: Database, limit: int = 1000) -> pd.DataFrame:
    """The newest audit rows first."""
    a = AuditEntry
    with db.reader() as s:
        rows = s.execute(select(a.at, a.username, a.role, a.scope, a.action, a.outcome, a.detail)
                         .order_by(a.at.desc(), a.id.desc()).limit(limit))
        return pd.DataFrame(rows.all(), columns=["at", "username", "role", "scope", "action", "outcome", "detail"])


# -- failed logins, counted in the database when no Redis is configured ----------------------
def add_failed_login(db: Database, username: str, client: str) -> None:
    with db.session() as s:
        s.add(LoginAttempt(username=username[:80], client=client[:64], at=dt.datetime.now(dt.UTC)))


def failed_logins_since(db: Database, username: str, client: str, since: dt.datetime) -> tuple[int, int]:
    """Failed attempts since `since`: (for this account, from this client)."""
    la = LoginAttempt
    with db.reader() as s:
        by_user = s.execute(select(func.count()).where(la.at >= since, la.username == username[:80])).scalar_one()
        by_client = s.execute(select(func.count()).where(la.at >= since, la.client == client[:64])).scalar_one()
    return int(by_user), int(by_client)


def prune_failed_logins(db: Database, before: dt.datetime, username: str | None = None) -> None:
    """Forget attempts older than `before`, and, after a good login, that account's (never a client's)."""
    la = LoginAttempt
    with db.session() as s:
        cond = la.at < before
        if username is not None:
            cond = or_(cond, la.username == username[:80])
        s.execute(delete(la).where(cond))
