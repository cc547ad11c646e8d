"""The pages Flask serves itself: sign in, sign out and the account page (HTML in templates/)."""
from __future__ import annotations

import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, current_app, g, redirect, request, session
from flask_login import login_user, logout_user
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from data_access import audit
from data_access import users as accounts

from .csrf import csrf_token
from .identity import SignedIn, current_account, write_audit
from .throttle import _client, _count_failure, _forget_failures, _too_many_failures

FAILED_LOGIN_MESSAGE = "The username or password is not right."
OVER_LONG_NAME = "(over-long name)"  # one counter for every name too long to be anyone's

# Our own environment rather than the app's, so these names never collide with another
# package's templates on Flask's shared search path.
_templates = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                         autoescape=select_autoescape(default_for_string=True), keep_trailing_newline=False)


def _page(title: str, template: str, *, status: int = 200, message: str = "", ok: bool = False, **values):
    """A page of the sign-in family: `template` names a file in templates/, or is a short piece
    of markup from this package, shown through message.html."""
    values.update(title=title, message=message, ok=ok, csrf=csrf_token())
    if template.endswith(".html"):
        html = _templates.get_template(template).render(**values)
    else:
        body = Markup(_templates.from_string(template).render(**values))
        html = _templates.get_template("message.html").render(body=body, **values)
    return Response(html, status=status, mimetype="text/html", headers={"Cache-Control": "no-store"})


def _safe_next(target: str | None) -> str:
    """Only a path on this site; anything else (another host, a scheme) goes to the start page."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def _start_session(account: accounts.Account) -> None:
    session.clear()
    login_user(SignedIn(account))
    session.permanent = True
    session["gen"] = account.session_generation
    session["seen"] = int(time.time())
    session["csrf"] = secrets.token_urlsafe(32)
    g.oversight_account = account


def login_view():
    if request.method == "GET":
        if current_account() is not None:
            return redirect(_safe_next(request.args.get("next")))
        return _page("Sign in", "login.html", next=_safe_next(request.args.get("next")), username="")
    typed = request.form.get("username") or ""
    password = request.form.get("password") or ""
    next_url = _safe_next(request.form.get("next"))
    client = _client()
    # The throttle counts, and the look-up finds, the one normalised form of the name, so no
    # other spelling of it (padding, case, full-width letters) counts apart or signs in apart.
    try:
        counter_name = accounts.username_key(typed)
        shown = typed.strip()
    except accounts.UserError:
        counter_name, shown = OVER_LONG_NAME, ""
    if _too_many_failures(counter_name, client):
        _count_failure(counter_name, client)
        write_audit("login", "throttled", f"from {client}", username=counter_name or "(blank)")
        return _page("Sign in", "login.html", status=429, next=next_url, username=shown,
                     message="Too many failed attempts. Wait a minute, then try again.")
    db = current_app.extensions["oversight_db"]
    account = accounts.account_by_name(db, counter_name) if counter_name != OVER_LONG_NAME and counter_name else None
    usable = account is not None and account.active
    if not accounts.verify_password(account.password_hash if usable else None, password) or not usable:
        _count_failure(counter_name, client)
        write_audit("login", audit.FAILED, f"from {client}", username=counter_name or "(blank)")
        return _page("Sign in", "login.html", status=401, next=next_url, username=shown,
                     message=FAILED_LOGIN_MESSAGE)
    _forget_failures(counter_name)
    _start_session(account)
    write_audit("login", audit.OK, f"from {client}", account=account)
    return redirect(next_url)


def logout_view():
    account = current_account()
    if account is not None and not g.get("oversight_via_token"):
        accounts.end_sessions(current_app.extensions["oversight_db"], account.username)
        write_audit("logout", audit.OK, account=account)
    logout_user()
    session.clear()
    return redirect("/login")


def account_view():
    account = current_account()
    values = {"username": account.username, "role": account.role, "authority": account.authority_name}
    if request.method == "GET":
        return _page("Your account", "account.html", **values)
    db = current_app.extensions["oversight_db"]
    current = request.form.get("current_password") or ""
    new, again = request.form.get("new_password") or "", request.form.get("confirm_password") or ""
    full = accounts.account_by_id(db, account.id)
    message = None
    if not accounts.verify_password(full.password_hash if full else None, current):
        message = "Your current password is not right."
    elif new != again:
        message = "The two new passwords are not the same."
    else:
        try:
            accounts.set_password(db, account.username, new)
        except accounts.UserError as exc:
            message = f"Not changed: {exc}."
    if message:
        write_audit("password change", audit.FAILED, account=account)
        return _page("Your account", "account.html", status=400, message=message, **values)
    write_audit("password change", audit.OK, account=account)
    # Other copies of the old session end; this browser carries on with the new generation.
    _start_session(accounts.account_by_id(db, account.id))
    return _page("Your account", "account.html", message="Your password has been changed.", ok=True, **values)
