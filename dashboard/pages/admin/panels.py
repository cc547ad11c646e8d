"""The Administration page's tables: users and roles, and the audit log, each from one read.

There are no charts here, so these return plain DataFrames; the page's callback turns them into
table rows.
"""
from __future__ import annotations

import pandas as pd

from dashboard.ui.format import uk_datetime
from data_access import audit
from data_access import users as accounts
from data_access.db import Database

USER_COLUMNS = ("Username", "Role", "Authority", "Active", "Demonstration")
AUDIT_COLUMNS = ("When", "User", "Role", "Scope", "Action", "Outcome", "Detail")
AUDIT_ROWS = 1000


def _yes(flag) -> str:
    return "yes" if flag else "no"


def users_table(db: Database) -> pd.DataFrame:
    """Every account, by username: role, co-ordinator's authority, active, demonstration."""
    rows = [(u["username"], u["role"], u["gss_code"] or "", _yes(u["active"]), _yes(u["is_demo"]))
            for u in accounts.list_users(db)]
    return pd.DataFrame(rows, columns=list(USER_COLUMNS))


def audit_table(db: Database) -> pd.DataFrame:
    """The newest audit rows first, times written the UK way."""
    log = audit.recent(db, limit=AUDIT_ROWS)
    rows = [(uk_datetime(r.at), r.username or "", r.role or "", r.scope or "", r.action, r.outcome, r.detail)
            for r in log.itertuples()]
    return pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
