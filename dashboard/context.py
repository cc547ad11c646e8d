"""Per-request facts the callbacks and routes need: the database, the caller's scope, the as-of date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, g

from data_access.cache import dataset_info
from data_access.db import Database, resolve_as_of
from data_access.reviews import demonstration_slugs, review_slugs
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


def as_of() -> tuple[dt.date, bool]:
    """The as-of date, and whether every review is a demonstration review; read once per request."""
    if "_oversight_as_of" not in g:
        db = current_db()
        day, _ = resolve_as_of(db, current_app.config.get("AS_OF"), dataset_info(db))
        demo = demonstration_reviews()
        g._oversight_as_of = (day, bool(demo) and demo == review_slugs(db))
    return g._oversight_as_of


def demonstration_reviews() -> frozenset[str]:
    """The demonstration reviews' slugs: pages and files showing one of them say it is synthetic."""
    if "_oversight_demo" not in g:
        g._oversight_demo = demonstration_slugs(current_db())
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
