"""Presenters' own decks on each engine: saved per user and review, replaced on a second save, and every
save audited."""
import datetime as dt

import pytest
from accounts import PASSWORD

from data_access import audit
from data_access.models import Review
from data_access.presenter_decks import deck_prefs, save_deck_prefs
from data_access.queries import NotFound
from data_access.users import add_user

KNOWN = ["title", "facts", "timeline", "closing"]


def _review(db, slug):
    with db.session() as s:
        s.add(Review(slug=slug, title=slug.title(), kind="thematic review", starts_on=dt.date(2024, 1, 1),
                     ends_on=dt.date(2025, 1, 1)))


def test_each_presenter_keeps_their_own_deck(migrated_db):
    _review(migrated_db, "one")
    _review(migrated_db, "two")
    ann = add_user(migrated_db, "ann", "presenter", PASSWORD)
    bob = add_user(migrated_db, "bob", "presenter", PASSWORD)
    assert deck_prefs(migrated_db, ann.id, "one") == ([], frozenset())
    save_deck_prefs(migrated_db, ann.id, "ann", "presenter", "one", ["closing", "title", "junk"], ["facts", "x"], KNOWN)
    assert deck_prefs(migrated_db, ann.id, "one") == (["closing", "title"], frozenset({"facts"}))
    save_deck_prefs(migrated_db, ann.id, "ann", "presenter", "one", ["title"], [], KNOWN)  # replaces, not adds
    assert deck_prefs(migrated_db, ann.id, "one") == (["title"], frozenset())
    assert deck_prefs(migrated_db, bob.id, "one") == ([], frozenset())
    assert deck_prefs(migrated_db, ann.id, "two") == ([], frozenset())
    rows = audit.recent(migrated_db)
    assert (rows[rows.action == "presenter deck saved"].username == "ann").sum() == 2
    with pytest.raises(NotFound):
        save_deck_prefs(migrated_db, bob.id, "bob", "presenter", "three", ["title"], [], KNOWN)
