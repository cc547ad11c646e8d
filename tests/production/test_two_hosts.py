"""Two hosts behind one load balancer: two `oversight serve` (real gunicorn, production settings, each
with its own instance folder) on one PostgreSQL database and one Redis, as the README's deployment
section describes. Whatever one host learns, the other knows at once: imported data, cached reads,
held uploads, sessions, the sign-in throttle and revoked tokens.

The Redis is the shared one, in a database number of this module's own; every key the hosts write
is told apart by this test's PostgreSQL database (cache keys), fresh user names and client addresses
(throttle keys) or random tokens (held uploads), so parallel runs never meet.
"""
from __future__ import annotations

import base64
import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import accounts
import pytest
from production.support import Browser, Host, fresh_postgres, host_env
from services import REDIS_TEST_URL, unavailable
from sqlalchemy import func, select, text

from data_access import models as m
from data_access.db import Database
from data_access.users import add_user, issue_token
from seed_data.load import seed

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

GOV = "social-work-governance"
RATES = f"/api/v1/reviews/{GOV}/survey-rates"
REDIS_DB = 14  # this module's own database number on the shared Redis


def _redis_url() -> str:
    parts = urlsplit(REDIS_TEST_URL)
    return urlunsplit(parts._replace(path=f"/{REDIS_DB}"))


@dataclass
class Site:
    a: Host
    b: Host
    db: Database
    redis: object
    names: dict[str, str]  # role (or "throttled", a leader whose sign-in the tests throttle) -> user name


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # Imported here: only the tests that need Redis load its client.
    import redis

    url = _redis_url()
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        client.ping()
    except Exception as exc:
        unavailable(f"Redis is not reachable at {url}: {type(exc).__name__}")
    folder = tmp_path_factory.mktemp("two-hosts")
    existing = set(client.scan_iter(match="oversight:*", count=1000))
    with fresh_postgres() as database_url:
        db = Database(database_url)
        db.upgrade()
        seed(db)
        run = uuid.uuid4().hex[:6]
        roles = {"admin": "admin", "inspector": "inspector", "leader": "leader", "throttled": "leader"}
        names = {key: f"{key[:4]}-{run}" for key in roles}
        for key, name in names.items():
            add_user(db, name, roles[key], accounts.PASSWORD)
        secret = secrets.token_hex(32)  # the one key every host signs sessions and cache entries with
        a = Host(host_env(folder / "a", database_url, secret, redis_url=url))
        b = Host(host_env(folder / "b", database_url, secret, redis_url=url))
        try:
            a.wait_ready()
            b.wait_ready()
            yield Site(a, b, db, client, names)
        finally:
            a.stop()
            b.stop()
            db.dispose()
            ours = set(client.scan_iter(match="oversight:*", count=1000)) - existing
            if ours:  # leave the shared Redis as it was found
                client.delete(*ours)
            for host in (a, b):
                assert "Traceback" not in host.output(), host.output()[-3000:]


def _signed_in(site: Site, host: Host, role: str) -> Browser:
    browser = Browser()
    resp = browser.sign_in(host, site.names[role], accounts.PASSWORD)
    assert resp.status_code in (302, 303), resp.text[:300]
    return browser


def _eligible(db: Database, code: str = accounts.EDINBURGH) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("""SELECT e.eligible FROM survey_eligible e JOIN survey s ON s.id = e.survey_id
            JOIN review r ON r.id = s.review_id JOIN local_authority la ON la.id = e.authority_id
            WHERE r.slug = :r AND s.code = 'staff-survey' AND la.gss_code = :c"""), {"r": GOV, "c": code}).scalar()


def _rates(host: Host, token: str) -> tuple[int, int]:
    """The data version and the staff survey's national eligible count, as the API tells this host's caller."""
    resp = Browser().get(host, RATES, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text[:300]
    staff = next(row for row in resp.json() if row["code"] == "staff-survey")
    return int(resp.headers["X-Oversight-Data-Version"]), staff["eligible"]


def _keys(site: Site) -> set[bytes]:
    return set(site.redis.scan_iter(match="oversight:*", count=1000))


def test_an_import_through_one_host_is_seen_through_the_other_at_once(site):
    token = issue_token(site.db, site.names["inspector"], 1)
    before = _keys(site)
    version, eligible = _rates(site.b, token)
    written_by_b = _keys(site) - before
    assert written_by_b, "host B's read put nothing in the shared cache"
    assert _rates(site.a, token) == (version, eligible)
    assert _keys(site) - before == written_by_b, "host A read again what host B had cached"

    # Checked through A (the file is held in the shared Redis), committed through B.
    inspector = _signed_in(site, site.a, "inspector")
    body = f"survey,authority,eligible\nstaff-survey,Edinburgh,{_eligible(site.db) + 50}\n".encode()
    checked = inspector.callback(site.a, "data-upload", "data-check", {
        "data-upload.contents": "data:text/csv;base64," + base64.b64encode(body).decode(),
        "data-upload.filename": "eligible.csv", "data-kind.value": "survey-eligible", "data-review.value": GOV})
    assert checked.status_code == 200, checked.text[:300]
    held = checked.json()["response"]["data-token"]["data"]
    assert held
    committed = inspector.callback(site.b, "data-commit", "data-result",
                                   {"data-commit.n_clicks": 1, "data-token.data": held})
    assert committed.status_code == 200 and "alert-success" in committed.text, committed.text[:500]

    # Both hosts answer with the new data straight away: no stale cache entry on either.
    assert _rates(site.a, token) == (version + 1, eligible + 50)
    assert _rates(site.b, token) == (version + 1, eligible + 50)


def test_a_session_and_the_sign_in_throttle_are_shared(site):
    browser = _signed_in(site, site.a, "leader")
    assert browser.get(site.b, "/").status_code == 200  # signed in on A, recognised by B
    cookie = browser.http.cookies.get("oversight_session")
    out = browser.post(site.b, "/logout", headers={"X-CSRFToken": browser.csrf()})
    assert out.status_code in (302, 303)
    replay = Browser(browser.address)  # the old cookie, kept by someone, is refused by the other host too
    replay.http.cookies.set("oversight_session", cookie)
    refused = replay.get(site.a, "/")
    assert refused.status_code in (302, 303, 401) and "/login" in refused.headers.get("Location", "/login")

    # Failed sign-ins alternate between the hosts; the count is one count.
    attacker, name = Browser(), site.names["throttled"]
    codes = [attacker.sign_in(host, name, "not the password at all").status_code
             for host in (site.a, site.b, site.a, site.b, site.a)]
    assert codes == [401] * 5
    assert attacker.sign_in(site.b, name, "not the password at all").status_code == 429
    assert attacker.sign_in(site.a, name, accounts.PASSWORD).status_code == 429  # even the right one, for now
    assert site.redis.zcard(f"oversight:login-failed:user:{name}") >= 5
    with site.db.reader() as s:  # counted in Redis, not in the database
        assert s.scalar(select(func.count()).select_from(m.LoginAttempt)) == 0


def test_a_token_revoked_on_one_host_is_refused_by_the_other(site):
    leader = site.names["leader"]
    token = issue_token(site.db, leader, 1)
    bearer = {"Authorization": f"Bearer {token}"}
    assert [Browser().get(h, RATES, headers=bearer).status_code for h in (site.a, site.b)] == [200, 200]

    admin = _signed_in(site, site.a, "admin")
    revoked = admin.callback(site.a, "admin-revoke-button", "admin-message",
                             {"admin-revoke-button.n_clicks": 1, "admin-target.value": leader,
                              "admin-version.data": 0})
    assert revoked.status_code == 200 and f"Revoked 1 API token of {leader}" in revoked.text, revoked.text[:500]

    answers = [Browser().get(h, RATES, headers=bearer) for h in (site.b, site.a)]
    assert [r.status_code for r in answers] == [401, 401]
    assert all("Traceback" not in r.text for r in answers)
