"""Presenter mode's own reads and its one write: each presenter's deck for a review (saved with an audit
row), and the review's feedback link for the closing slide."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from . import audit
from .db import Database
from .models import PresenterDeck, Review
from .queries import NotFound

MAX_KEYS = 20


def _keys(text: str) -> list[str]:
    return [k for k in (text or "").split(",") if k]


def deck_prefs(db: Database, user_id: int, review: str) -> tuple[list[str], frozenset[str]]:
    """The user's order and hidden slide kinds for the review; nothing saved means the usual deck."""
    with db.reader() as s:
        row = s.execute(select(PresenterDeck.slide_order, PresenterDeck.hidden).join(Review)
                        .where(PresenterDeck.user_id == user_id, Review.slug == review)).first()
    if row is None:
        return [], frozenset()
    return _keys(row.slide_order), frozenset(_keys(row.hidden))


def save_deck_prefs(db: Database, user_id: int, username: str, role: str, review: str, order: list[str],
                    hidden: list[str], known: list[str]) -> None:
    """Save the user's deck for the review (only slide kinds in `known`), and write an audit row."""
    order = [k for k in dict.fromkeys(order) if k in known][:MAX_KEYS]
    hidden = [k for k in dict.fromkeys(hidden) if k in known][:MAX_KEYS]
    with db.session() as s:
        review_id = s.execute(select(Review.id).where(Review.slug == review)).scalar()
        if review_id is None:
            raise NotFound(f"no review '{review}'")
        row = s.execute(select(PresenterDeck).where(PresenterDeck.user_id == user_id,
                                                    PresenterDeck.review_id == review_id)).scalar()
        if row is None:
            row = PresenterDeck(user_id=user_id, review_id=review_id)
            s.add(row)
        row.slide_order, row.hidden = ",".join(order), ",".join(hidden)
        row.updated_at = dt.datetime.now(dt.UTC)
    audit.record(db, "presenter deck saved", audit.OK, username=username, role=role,
                 detail=f"{review}: order {','.join(order)}; hidden {','.join(hidden) or 'none'}")


def feedback_link(db: Database, review: str) -> str | None:
    """Where the review asks people to give feedback (its workbook's feedback link), if it has one."""
    with db.reader() as s:
        return s.execute(select(Review.feedback_url).where(Review.slug == review)).scalar()
