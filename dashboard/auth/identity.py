"""Who is asking: the signed-in account of this request, its scope, role checks and the audit trail."""
from __future__ import annotations

import logging

from flask import current_app, g
from flask_login import UserMixin

from data_access import audit
from data_access import users as accounts
from data_access.scope import Scope

log = logging.getLogger(__name__)


class Forbidden(Exception):
    """The signed-in user asked for something their role may not see: 403 and an audit row."""


class NotSignedIn(Exception):
    """No user: anonymous requests never reach data."""


class SignedIn(UserMixin):
    """The Flask-Login user: an account record read from the database on every request."""

    def __init__(self, account: accounts.Account):
        self.account = account

    def get_id(self) -> str:
        return str(self.account.id)

    @property
    def is_active(self) -> bool:
        return self.account.active


def current_account() -> accounts.Account | None:
    """The signed-in (or token-authenticated) account for this request, else None."""
    if "oversight_account" in g:
        return g.oversight_account
    return None


def scope_for(account: accounts.Account, k: int) -> Scope:
    return Scope(account.role, account.authority if account.role == "coordinator" else None, k=k)


def current_user_scope() -> Scope:
    """The scope data_access reads with; installed as `extensions['oversight_scope']`."""
    account = current_account()
    if account is None:
        raise NotSignedIn("no signed-in user")
    return scope_for(account, current_app.config["SDC_K"])


def require_role(*roles: str) -> accounts.Account:
    """For callbacks and routes that only some roles may run (e.g. the admin page)."""
    account = current_account()
    if account is None:
        raise NotSignedIn("no signed-in user")
    if account.role not in roles:
        raise Forbidden(f"needs role {' or '.join(roles)}")
    return account


def _scope_label(account: accounts.Account | None) -> str | None:
    if account is None:
        return None
    if account.role == "coordinator":
        return account.authority
    return "national" if account.role == "presenter" else "all authorities"


def write_audit(action: str, outcome: str, detail: str = "", account: accounts.Account | None = None,
                username: str | None = None) -> None:
    account = account or current_account()
    try:
        audit.record(current_app.extensions["oversight_db"], action, outcome,
                     username=username or (account.username if account else None),
                     role=account.role if account else None, scope=_scope_label(account), detail=detail)
    except Exception:
        log.exception("could not write the audit row for %s %s", action, outcome)
