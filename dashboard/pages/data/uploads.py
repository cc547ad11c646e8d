"""The Data page's upload: check a file (writing nothing), hold it server-side, commit it.

The uploaded bytes are held in the shared cache (disk, or Redis across hosts) under a random
token for half an hour; the browser keeps only the token. Only the roles that may import can
check or commit, and that is checked here as well as by the request guard.
"""
from __future__ import annotations

import base64
import binascii
import secrets

import pandas as pd
from dash import html
from dash.exceptions import PreventUpdate
from flask import abort

from dashboard.auth import current_account
from dashboard.context import current_db, current_scope
from dashboard.ui.tables import column_defs, records
from data_access.cache import cache
from data_access.importers import (
    REJECTED,
    ImportCommand,
    UsageError,
    change_lines,
    describe,
    get_kind,
    summary_line,
)
from data_access.importers.problems import FileRejected
from data_access.scope import Scope

from .panels import IMPORT_ROLES

HOLD_SECONDS = 1800
SHOWN_PROBLEMS = 50  # a check of a large file lists its first problems; the rest are a CSV download


def require_importer() -> Scope:
    """The caller's scope, or 403 when their role may not import."""
    scope = current_scope()
    if scope.role not in IMPORT_ROLES:
        abort(403)
    return scope


def _username() -> str | None:
    account = current_account()
    return account.username if account is not None else None


def _problems_frame(problems) -> pd.DataFrame:
    return pd.DataFrame([{"Row": p.row, "Column": p.column or "", "Value": p.value or "", "Problem": describe(p)}
                         for p in problems], columns=["Row", "Column", "Value", "Problem"])


def _alert(text, kind: str):
    return html.Div(text, className=f"alert alert-{kind}", role="status")


def _listed(frame: pd.DataFrame, summary: str) -> tuple[list, list, list]:
    """The alert's text, and the grid's rows and columns: at most SHOWN_PROBLEMS problems, with the whole
    list held for a while as a CSV download, so a large file's check stays a small answer."""
    shown = frame.head(SHOWN_PROBLEMS)
    text: list = [summary]
    if len(frame) > SHOWN_PROBLEMS:
        token = secrets.token_urlsafe(24)
        if cache.set(f"problems:{token}", {"frame": frame, "user": _username()}, timeout=HOLD_SECONDS):
            text += [f" The first {SHOWN_PROBLEMS} of {len(frame):,} problems are listed below; ",
                     html.A("download all of them (CSV)", href=f"/download/data-problems.csv?check={token}"), "."]
    return text, records(shown), column_defs(shown)


def held_problems(_ask, params: dict) -> pd.DataFrame:
    """Every problem of a check this user ran, for its CSV download."""
    require_importer()
    held = cache.get(f"problems:{params.get('check') or ''}")
    if not held or held.get("user") != _username():
        abort(404)
    return held["frame"]


def _read_and_changed(result) -> list:
    """How the file was read (names mapped, rows skipped), and what committing it would change."""
    out = []
    if result.notes:
        out += [html.P("How the file was read:", className="mb-0 mt-2"),
                html.Ul([html.Li(note) for note in result.notes[:SHOWN_PROBLEMS]])]
    lines = change_lines(result, limit=SHOWN_PROBLEMS)
    if lines:
        out += [html.P("What committing it would change:", className="mb-0 mt-2"),
                html.Ul([html.Li(line) for line in lines], className="change-list")]
    elif result.status != REJECTED:
        out.append(html.P("Committing it would change nothing: every row is already held.", className="mt-2"))
    return out


def check_upload(contents: str | None, filename: str | None, kind: str, review: str | None):
    """Decode the upload, check every row (writing nothing), hold the file if it passed."""
    scope = require_importer()
    if not contents or not isinstance(contents, str) or "," not in contents:
        raise PreventUpdate
    try:
        _, encoded = contents.split(",", 1)
        data = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        return _alert("The file could not be read from the upload; please try again.", "danger"), True, None, [], []
    try:
        needs_review = get_kind(kind).review_scoped
    except (KeyError, UsageError):
        return _alert("Choose what the file holds from the list.", "danger"), True, None, [], []
    try:
        command = ImportCommand(current_db(), kind, filename or "upload", data,
                                review=review if needs_review else None, username=_username(),
                                role=scope.role, dry_run=True)
        result = command.run()
    except (UsageError, FileRejected) as exc:
        return _alert(f"Not imported: {exc}", "danger"), True, None, [], []
    text, rows, columns = _listed(_problems_frame(result.problems), summary_line(result))
    details = _read_and_changed(result)
    if result.status == REJECTED:
        return _alert([*text, *details], "danger"), True, None, rows, columns
    token = secrets.token_urlsafe(24)
    held = cache.set(f"upload:{token}", {"data": data, "filename": filename, "kind": kind,
                                         "review": review if needs_review else None,
                                         "user": _username()}, timeout=HOLD_SECONDS)
    if not held:
        return _alert("The file passed its checks but could not be held for committing; please try again.",
                      "warning"), True, None, [], []
    return (_alert([*text, " Commit it to write these changes.", *details], "success"), False, token, rows,
            columns)


def commit_upload(n_clicks: int | None, token: str | None):
    """Write the held file in one transaction; it is checked again as it is written."""
    scope = require_importer()
    if not n_clicks or not token:
        raise PreventUpdate
    held = cache.get(f"upload:{token}")
    if not held or held.get("user") != _username():
        return _alert("That upload has expired; please upload the file again.", "warning"), True, None
    cache.delete(f"upload:{token}")
    result = ImportCommand(current_db(), held["kind"], held["filename"] or "upload", held["data"],
                           review=held["review"], username=_username(), role=scope.role).run()
    kind = "danger" if result.status == REJECTED else "success"
    return _alert(summary_line(result), kind), True, None
