"""What the Administration page's buttons do to an account: add, re-role, reset, disable, enable,
revoke its API tokens.

Each change returns what to tell the administrator and what to write in the audit log; a change
that cannot be made raises `Refused` with the same audit facts, so every attempt is recorded.
"""
from __future__ import annotations

from dataclasses import dataclass

from data_access import users as accounts
from data_access.db import Database

ACTIONS = {"admin-add-button": "add user", "admin-role-button": "change role",
           "admin-reset-button": "reset password", "admin-disable-button": "disable user",
           "admin-enable-button": "enable user", "admin-revoke-button": "revoke tokens"}


@dataclass(frozen=True)
class UserForm:
    """The add and change forms as sent: the new user's fields and the chosen user's."""

    name: str | None = None
    role: str | None = None
    la: str | None = None
    password: str | None = None
    target: str | None = None
    target_role: str | None = None
    target_la: str | None = None
    target_password: str | None = None


@dataclass(frozen=True)
class Done:
    action: str
    detail: str  # for the audit row
    message: str  # for the administrator


class Refused(Exception):
    """The change was not made; `action` and `who` go into the audit row with the reason."""

    def __init__(self, action: str, who: str, reason: accounts.UserError):
        super().__init__(str(reason))
        self.action, self.who = action, who


def change_user(db: Database, me: str, button: str, form: UserForm) -> Done | None:
    """Make the change the button asks for (None: nothing to do), as administrator `me`."""
    action, who = ACTIONS.get(button, "change user"), ""
    try:
        if button == "admin-add-button":
            who = (form.name or "").strip()
            accounts.add_user(db, who, form.role or "", form.password or None, form.la or None)
            return Done(action, f"{who} as {form.role} {form.la or ''}".strip(), f"Added {who} ({form.role}).")
        who = form.target or ""
        if not who:
            raise accounts.UserError("choose a user first")
        if button == "admin-role-button":
            accounts.set_role(db, who, form.target_role or "", form.target_la or None)
            return Done(action, f"{who} to {form.target_role} {form.target_la or ''}".strip(),
                        f"{who} is now {form.target_role}.")
        if button == "admin-reset-button":
            accounts.set_password(db, who, form.target_password or "")
            return Done(action, who, f"Password reset for {who}.")
        if button == "admin-disable-button":
            if who == me:
                raise accounts.UserError("you cannot disable your own account")
            accounts.set_active(db, who, False)
            return Done(action, who, f"Disabled {who}.")
        if button == "admin-enable-button":
            accounts.set_active(db, who, True)
            return Done(action, who, f"Enabled {who}.")
        if button == "admin-revoke-button":
            revoked = accounts.revoke_tokens(db, who)
            tokens = "token" if revoked == 1 else "tokens"
            return Done(action, f"{who}: {revoked} {tokens}", f"Revoked {revoked} API {tokens} of {who}.")
        return None
    except accounts.UserError as exc:
        raise Refused(action, who, exc) from exc
