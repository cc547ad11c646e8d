"""Per-request facts the callbacks and routes need: the database, the caller's scope, the as-of date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qs

from flask import current_app, g, has_request_context

from data_access.cache import dataset_info
from data_access.coverage import covered_dates
from data_access.db import Database, resolve_as_of
from data_access.reviews import demonstrations
from data_access.scope import Scope

from .ui.format import uk_datetime


@dataclass(frozen=True)
class Ask:
    """Who is asking and when: what every panel reads with. Built on the server, never from the browser."""

    db: Database
    scope: Scope
    day: dt.date  # the as-of date
    demo: bool = False  # every review is a demonstration review: whatever is shown is demonstration data
    demo_reviews: frozenset[str] = frozenset()  # the slugs of the demonstration reviews

    def is_demo(self, review: str | None) -> bool:
        """Whether what is shown for `review` (for no one review: for all of them) is demonstration data."""
        return self.demo if review is None else review in self.demo_reviews


def current_ask() -> Ask:
    """The signed-in caller's Ask for this request."""
    day, demo = as_of()
    return Ask(current_db(), current_scope(), day, demo, demonstration_reviews())


def current_db() -> Database:
    return current_app.extensions["oversight_db"]


# Leaders, inspectors and administrators may replay the programme to another day; co-ordinators and
# presenters always see the stored as-of date (their disclosure control is worked out for it).
REPLAY_ROLES = frozenset({"admin", "leader", "inspector"})
AS_OF_PARAM = "as_of"  # ?as_of=YYYY-MM-DD in a page's, a download's or a callback's address


def asked_as_of(query: str | None) -> dt.date | None:
    """The as-of date a query string asks for ('?as_of=2025-01-31'), or None; never trusted as it is."""
    if not isinstance(query, str):
        return None
    values = parse_qs(query.lstrip("?")).get(AS_OF_PARAM) or []
    if len(values) != 1:
        return None
    try:
        return dt.date.fromisoformat(values[0].strip()[:10])
    except ValueError:
        return None


def may_replay() -> bool:
    account = g.get("oversight_account")
    return account is not None and account.role in REPLAY_ROLES


def replay_range() -> tuple[dt.date, dt.date] | None:
    """The days the data covers, read once per request."""
    if "_oversight_replay_range" not in g:
        g._oversight_replay_range = covered_dates(current_db())
    return g._oversight_replay_range


def as_of() -> tuple[dt.date, bool]:
    """The as-of date, and whether every review is a demonstration review; decided once per request.

    The day is the configured or stored one, unless a leader, inspector or administrator asked for
    another: the guard notes the date the request asked for (`g.oversight_asked_as_of`, from the
    address or the registered `url.search` input of a callback) and only their role may use it, held
    to the days the data covers. Anyone else's request for another day is ignored.
    """
    if "_oversight_as_of" not in g:
        db = current_db()
        day, _ = resolve_as_of(db, current_app.config.get("AS_OF"), dataset_info(db))
        demonstration_reviews()
        demo = g._oversight_all_demo
        g._oversight_stored_as_of = day
        asked = g.get("oversight_asked_as_of")
        covered = replay_range() if asked is not None and may_replay() else None
        if covered is not None:
            day = min(max(asked, covered[0]), covered[1])
        g._oversight_as_of = (day, demo)
    return g._oversight_as_of


def stored_as_of() -> dt.date:
    """The configured or stored as-of date, whatever this request asked for."""
    as_of()
    return g._oversight_stored_as_of


def replayed_as_of() -> dt.date | None:
    """The day shown when it is not the stored one (a replay), else None: links carry it on."""
    if not has_request_context():
        return None
    day, _ = as_of()
    return day if day != g.get("_oversight_stored_as_of") else None


def demonstration_reviews() -> frozenset[str]:
    """The demonstration reviews' slugs: pages and files showing one of them say it is synthetic."""
    if "_oversight_demo" not in g:
        g._oversight_demo, g._oversight_all_demo = demonstrations(current_db())
    return g._oversight_demo


def current_scope() -> Scope:
    """The logged-in user's scope, from their record on the server (never from the browser)."""
    resolver = current_app.extensions.get("oversight_scope")
    if resolver is None:
        # No sign-in installed means nobody is signed in: never fall back to an open scope.
        raise RuntimeError("no user scope: the sign-in layer is not installed")
    return resolver()


def updated_stamp() -> str:
    """'Last updated 1 October 2024, 09:30 (data version 3)', read once per request."""
    if "_oversight_stamp" not in g:
        info = dataset_info(current_db())
        g._oversight_stamp = f"Last updated {uk_datetime(info.updated_at) or 'never'} (data version {info.version})"
    return g._oversight_stamp
