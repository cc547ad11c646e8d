"""Sign-in, sessions, CSRF, throttling and the denials every route gives (SPEC section 4)."""
from __future__ import annotations

import json
import time

import pytest
from accounts import (
    ALL_CODES,
    EDINBURGH,
    OTHER_CODE,
    PASSWORD,
    PRODUCTION_SECRET,
    csrf_from,
    csrf_header,
    login,
    login_as,
)
from services import REDIS_TEST_URL, unavailable
from sqlalchemy import func, select

from data_access.db import Database
from data_access.models import AuditEntry

REVIEW = "social-work-governance"


def audit_rows(app, action=None):
    db = app.server.extensions["oversight_db"]
    with db.reader() as s:
        q = select(AuditEntry.username, AuditEntry.action, AuditEntry.outcome, AuditEntry.detail)
        if action:
            q = q.where(AuditEntry.action == action)
        return s.execute(q.order_by(AuditEntry.id)).all()


def routing_body(pathname: str) -> str:
    return json.dumps({
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                   {"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": ["_pages_location.pathname"],
    })


def post_callback(client, body: str, headers: dict | None = None):
    return client.post("/_dash-update-component", data=body,
                       headers={"Content-Type": "application/json", **(headers or {})})


# -- anonymous ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/timeline", "/surveys?review=x", "/admin", f"/local-authorities/{EDINBURGH}"])
def test_anonymous_page_redirects_to_login(auth_client, path):
    resp = auth_client.get(path)
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", [f"/download/overview-progress.csv?review={REVIEW}", "/api/v1/reviews",
                                  f"/api/v1/reviews/{REVIEW}/progress"])
def test_anonymous_data_requests_get_401(auth_client, path):
    resp = auth_client.get(path)
    assert resp.status_code == 401
    assert b"S12" not in resp.data


def test_public_paths_open_to_anonymous(auth_client):
    for path in ["/login", "/healthz", "/readyz", "/about", "/_dash-layout", "/_dash-dependencies",
                 "/vendor/bootstrap/css/bootstrap.min.css", "/assets/oversight.css"]:
        assert auth_client.get(path).status_code == 200, path


def test_anonymous_may_render_about_only(auth_client):
    auth_client.get("/about")
    headers = csrf_header(auth_client)
    assert post_callback(auth_client, routing_body("/about"), headers).status_code in (200, 204)
    for path in ["/", "/present", "/admin", f"/local-authorities/{EDINBURGH}"]:
        assert post_callback(auth_client, routing_body(path), headers).status_code == 401, path


def test_anonymous_layout_has_no_data_navigation(auth_client):
    body = auth_client.get("/_dash-layout").get_data(as_text=True)
    assert "/admin" not in body and "/timeline" not in body
    assert "Sign in" in body


# -- signing in ------------------------------------------------------------------------------
def test_login_and_logout(auth_app, auth_client):
    resp = login(auth_client, "t-leader", next_url="/timeline")
    assert resp.status_code == 302 and resp.headers["Location"] == "/timeline"
    assert auth_client.get("/").status_code == 200
    resp = auth_client.post("/logout", data={"csrf_token": csrf_header(auth_client)["X-CSRFToken"]})
    assert resp.status_code == 302
    assert auth_client.get("/").status_code == 302
    actions = [(r.action, r.outcome) for r in audit_rows(auth_app)]
    assert ("login", "ok") in actions and ("logout", "ok") in actions


def test_next_never_leaves_the_site(auth_client):
    resp = login(auth_client, "t-leader", next_url="//evil.example/x")
    assert resp.headers["Location"] == "/"


def test_unknown_user_and_wrong_password_look_the_same(auth_app, auth_client):
    wrong = login(auth_client, "t-leader", "not the password at all")
    unknown = login(auth_client, "nobody-here", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    strip = lambda r: r.get_data(as_text=True).replace("t-leader", "X").replace("nobody-here", "X")  # noqa: E731
    assert csrf_from(strip(wrong)) and "The username or password is not right." in strip(wrong)
    assert strip(wrong).split("csrf_token")[0] == strip(unknown).split("csrf_token")[0]
    assert [r.outcome for r in audit_rows(auth_app, "login")] == ["failed", "failed"]


def test_disabled_user_cannot_sign_in(auth_app, auth_client):
    from data_access.users import set_active

    set_active(auth_app.server.extensions["oversight_db"], "t-leader", False)
    assert login(auth_client, "t-leader").status_code == 401


def test_sixth_failed_attempt_for_an_account_is_throttled(auth_app):
    results = []
    for i in range(6):
        client = auth_app.server.test_client()  # fresh cookies each time; the count is server-side
        results.append(login(client, "t-leader", "wrong password " + str(i)).status_code)
    assert results == [401] * 5 + [429]
    # The right password is refused too until the minute has passed.
    assert login(auth_app.server.test_client(), "t-leader").status_code == 429


def test_sixth_failed_attempt_from_one_client_is_throttled(auth_client):
    codes = [login(auth_client, f"someone-{i}", "wrong password").status_code for i in range(6)]
    assert codes == [401] * 5 + [429]


def test_failed_logins_are_counted_in_the_database(auth_app, auth_client):
    from data_access.models import LoginAttempt

    login(auth_client, "t-leader", "wrong password")
    with auth_app.server.extensions["oversight_db"].reader() as s:
        assert s.execute(select(func.count()).select_from(LoginAttempt)).scalar_one() == 1


@pytest.mark.redis
def test_failed_logins_are_counted_in_redis(make_app):
    import uuid

    import redis


    url = REDIS_TEST_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception as exc:
        unavailable(f"Redis is not reachable at {url}: {type(exc).__name__}")
    app = make_app(REDIS_URL=url)
    name = f"redis-{uuid.uuid4().hex[:8]}"
    ip = "10.{}.{}.{}".format(*uuid.uuid4().bytes[:3])

    def client():
        c = app.server.test_client()
        c.environ_base["REMOTE_ADDR"] = ip
        return c

    codes = [login(client(), name, "wrong password").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    from data_access.models import LoginAttempt

    with app.server.extensions["oversight_db"].reader() as s:
        assert s.execute(select(func.count()).select_from(LoginAttempt)).scalar_one() == 0


# -- sessions --------------------------------------------------------------------------------
def _session_cookie_header(resp) -> str:
    return next(h for h in resp.headers.getlist("Set-Cookie") if h.startswith("oversight_session="))


def test_session_cookie_flags(auth_client):
    header = _session_cookie_header(login(auth_client, "t-leader"))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header


def test_production_cookie_is_secure(make_app, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_ENV", "production")
    monkeypatch.setenv("OVERSIGHT_SECRET_KEY", PRODUCTION_SECRET)
    app = make_app(ENV="production", SECRET_KEY=PRODUCTION_SECRET)
    header = _session_cookie_header(login(app.server.test_client(), "t-leader"))
    assert "Secure" in header


def test_production_refuses_demo_accounts(make_app, auth_db_url, monkeypatch):
    from dashboard.config import ConfigError
    from data_access.users import ensure_demo_users

    ensure_demo_users(Database(auth_db_url))
    monkeypatch.setenv("OVERSIGHT_ENV", "production")
    monkeypatch.setenv("OVERSIGHT_SECRET_KEY", PRODUCTION_SECRET)
    with pytest.raises(ConfigError, match="demonstration"):
        make_app(ENV="production", SECRET_KEY=PRODUCTION_SECRET)


def test_production_refuses_without_secret(monkeypatch, tmp_path):
    from dashboard import create_app
    from dashboard.config import ConfigError

    monkeypatch.setenv("OVERSIGHT_ENV", "production")
    monkeypatch.delenv("OVERSIGHT_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3", "CACHE_TYPE": "NullCache"})


def _copy_session(src, dst):
    cookie = src.get_cookie("oversight_session")
    dst.set_cookie("oversight_session", cookie.value)


def test_logout_invalidates_copied_cookie(auth_app):
    a, thief = auth_app.server.test_client(), auth_app.server.test_client()
    login(a, "t-leader")
    _copy_session(a, thief)
    assert thief.get("/").status_code == 200
    a.post("/logout", data={"csrf_token": csrf_header(a)["X-CSRFToken"]})
    assert thief.get("/").status_code == 302


def test_password_change_invalidates_other_sessions(auth_app):
    a, other = auth_app.server.test_client(), auth_app.server.test_client()
    login(a, "t-leader")
    login(other, "t-leader")
    page = a.get("/account").get_data(as_text=True)
    resp = a.post("/account", data={"csrf_token": csrf_from(page), "current_password": PASSWORD,
                                    "new_password": "a brand new password", "confirm_password": "a brand new password"})
    assert resp.status_code == 200
    assert a.get("/").status_code == 200  # this browser carries on
    assert other.get("/").status_code == 302
    assert login(auth_app.server.test_client(), "t-leader", "a brand new password").status_code == 302


def test_password_change_needs_current_password(auth_app, auth_client):
    login(auth_client, "t-leader")
    page = auth_client.get("/account").get_data(as_text=True)
    resp = auth_client.post("/account", data={"csrf_token": csrf_from(page), "current_password": "wrong one here",
                                              "new_password": "a brand new password",
                                              "confirm_password": "a brand new password"})
    assert resp.status_code == 400


def test_disabling_a_user_ends_their_session(auth_app, auth_client):
    from data_access.users import set_active

    login(auth_client, "t-leader")
    set_active(auth_app.server.extensions["oversight_db"], "t-leader", False)
    assert auth_client.get("/").status_code == 302


def test_idle_session_expires(auth_client):
    login(auth_client, "t-leader")
    with auth_client.session_transaction() as sess:
        sess["seen"] = int(time.time()) - 31 * 60
    assert auth_client.get("/").status_code == 302


# -- CSRF -----------------------------------------------------------------------------------
def test_login_form_needs_csrf(auth_client):
    auth_client.get("/login")
    resp = auth_client.post("/login", data={"username": "t-leader", "password": PASSWORD})
    assert resp.status_code == 400


def test_callbacks_need_the_csrf_header(auth_client):
    login_as(auth_client, "leader")
    body = routing_body("/")
    assert post_callback(auth_client, body).status_code == 400
    assert post_callback(auth_client, body, {"X-CSRFToken": "forged-token"}).status_code == 400
    assert post_callback(auth_client, body, csrf_header(auth_client)).status_code == 200


def test_csrf_token_from_another_session_is_refused(auth_app):
    a, b = auth_app.server.test_client(), auth_app.server.test_client()
    login_as(a, "leader")
    login_as(b, "leader")
    assert post_callback(a, routing_body("/"), csrf_header(b)).status_code == 400


def test_logout_needs_csrf(auth_client):
    login_as(auth_client, "leader")
    assert auth_client.post("/logout").status_code == 400
    assert auth_client.get("/").status_code == 200


# -- tokens ------------------------------------------------------------------------------------
def test_bearer_token_authenticates_without_csrf(auth_app):
    from data_access.users import issue_token

    token = issue_token(auth_app.server.extensions["oversight_db"], "t-presenter")
    client = auth_app.server.test_client()
    ok = client.get(f"/download/overview-progress.csv?review={REVIEW}", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    body = ok.get_data(as_text=True)
    assert not any(code in body for code in ALL_CODES)
    bad = client.get(f"/download/overview-progress.csv?review={REVIEW}", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


# -- denials ---------------------------------------------------------------------------------
@pytest.mark.parametrize("role,path", [("leader", "/data"), ("leader", "/admin"), ("inspector", "/admin"),
                                       ("presenter", f"/local-authorities/{EDINBURGH}"), ("presenter", "/data"),
                                       ("coordinator", f"/local-authorities/{OTHER_CODE}"),
                                       ("coordinator", "/present"), ("coordinator", "/admin")])
def test_forbidden_pages_get_403_and_an_audit_row(auth_app, auth_client, role, path):
    login_as(auth_client, role)
    resp = auth_client.get(path)
    assert resp.status_code == 403
    assert [r.outcome for r in audit_rows(auth_app, "denied")] == ["denied"]
    # The same page claimed through the router gets the same answer.
    assert post_callback(auth_client, routing_body(path), csrf_header(auth_client)).status_code == 403


@pytest.mark.parametrize("role,path", [("coordinator", f"/local-authorities/{EDINBURGH}"), ("presenter", "/present"),
                                       ("inspector", "/data"), ("admin", "/admin"), ("presenter", "/about")])
def test_allowed_pages_open(auth_client, role, path):
    login_as(auth_client, role)
    assert auth_client.get(path).status_code == 200
    assert post_callback(auth_client, routing_body(path), csrf_header(auth_client)).status_code == 200


def test_download_with_another_authority_is_refused(auth_app, auth_client):
    login_as(auth_client, "coordinator")
    resp = auth_client.get(f"/download/overview-progress.csv?review={REVIEW}&authority={OTHER_CODE}")
    assert resp.status_code == 403
    assert OTHER_CODE not in resp.get_data(as_text=True)


def test_downloads_are_audited(auth_app, auth_client):
    login_as(auth_client, "leader")
    assert auth_client.get(f"/download/overview-progress.csv?review={REVIEW}").status_code == 200
    assert [r.outcome for r in audit_rows(auth_app, "download")] == ["ok"]


def test_navigation_shows_only_the_roles_pages(auth_client):
    login_as(auth_client, "presenter")
    layout = auth_client.get("/_dash-layout").get_data(as_text=True)
    assert '"/admin"' not in layout and '"/data"' not in layout
    assert "t-presenter" in layout
