"""Reviews as things that begin and end: their life-cycle state, and which of them are demonstrations.

A review is planned, then active, then reporting, then closed, and at last archived. Closed and
archived reviews leave the Overview's default and refuse imports until reopened; they stay
reachable by name. Demonstration data belongs to a review: its per-authority detail is
synthetic, and only pages that show such a review say so. Every change of state, and every
removal of demonstration reviews, leaves an audit row.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from . import models as m
from .audit import OK
from .cache import per_data_version
from .db import Database, bump_data_version

PLANNED, ACTIVE, REPORTING, CLOSED, ARCHIVED = "planned", "active", "reporting", "closed", "archived"
STATES = (PLANNED, ACTIVE, REPORTING, CLOSED, ARCHIVED)
SHUT = frozenset({CLOSED, ARCHIVED})  # states that leave the default view and refuse imports
STATE_MEANING = {
    PLANNED: "set up, not yet started",
    ACTIVE: "under way: fieldwork, surveys and milestones",
    REPORTING: "fieldwork done, findings being written and shared",
    CLOSED: "finished: shown on request, refuses imports until reopened",
    ARCHIVED: "kept for the record: shown on request, refuses imports until reopened",
}


class ReviewStateError(ValueError):
    """A change of state that cannot be made; the message says why in plain words."""


@dataclass(frozen=True)
class ReviewState:
    slug: str
    title: str
    status: str
    is_demonstration: bool

    @property
    def shut(self) -> bool:
        return self.status in SHUT


def states(db: Database) -> list[ReviewState]:
    """Every review's state, by start date then title."""
    r = m.Review
    with db.reader() as s:
        rows = s.execute(select(r.slug, r.title, r.status, r.is_demonstration).order_by(r.starts_on, r.title))
        return [ReviewState(slug, title, status or ACTIVE, bool(demo)) for slug, title, status, demo in rows]


def shut_message(slug: str, status: str) -> str:
    return (f"the review '{slug}' is {status}, so it takes no imports: reopen it first (on the Data page, or "
            f"with `oversight review state {slug} active`)")


def set_state(db: Database, slug: str, status: str, *, username: str | None = None, role: str | None = None) -> str:
    """Move a review to `status`; returns its previous state. Every change writes an audit row."""
    if status not in STATES:
        raise ReviewStateError(f"'{status}' is not a review state: choose one of {', '.join(STATES)}")
    with db.session() as s:
        found = s.execute(select(m.Review.id, m.Review.status).where(m.Review.slug == slug)).first()
        if found is None:
            raise ReviewStateError(f"there is no review '{slug}'")
        review_id, before = found[0], found[1] or ACTIVE
        if before == status:
            return before
        s.execute(update(m.Review).where(m.Review.id == review_id).values(status=status))
        bump_data_version(s)
        s.add(m.AuditEntry(username=username, role=role, action="review state", outcome=OK,
                           detail=f"{slug}: {before} -> {status}"[:500]))
    return before


@dataclass(frozen=True)
class Removed:
    reviews: tuple[str, ...]
    publications: int


def remove_demonstrations(db: Database, *, everything: bool = False, username: str | None = None,
                          role: str | None = None) -> Removed:
    """Delete every demonstration review with its data (and the publications linked to it).

    Refuses, changing nothing, when no other review would be left, unless `everything`: a real
    deployment starts clean only on purpose.
    """
    r = m.Review
    with db.session() as s:
        demo = dict(s.execute(select(r.id, r.slug).where(r.is_demonstration.is_(True))).all())
        if not demo:
            return Removed((), 0)
        others = s.execute(select(r.id).where(r.is_demonstration.is_(False)).limit(1)).first()
        if others is None and not everything:
            raise ReviewStateError(
                "every review is a demonstration review, so removing them would leave no review at all: set up "
                "a real review first (`oversight import review`), or give --all to start from an empty database")
        ids = sorted(demo)
        publications = s.execute(delete(m.Publication).where(m.Publication.review_id.in_(ids))).rowcount or 0
        # Rows that reach a review through a milestone, survey or theme go with it (ON DELETE CASCADE);
        # deleted explicitly too, so an engine without foreign keys enforced keeps nothing behind.
        for model, column, parent in (
            (m.AuthorityMilestone, m.AuthorityMilestone.milestone_id, m.Milestone),
            (m.MilestoneCommentary, m.MilestoneCommentary.milestone_id, m.Milestone),
            (m.SurveyResponseDaily, m.SurveyResponseDaily.survey_id, m.Survey),
            (m.SurveyResponseTotal, m.SurveyResponseTotal.survey_id, m.Survey),
            (m.SurveyEligible, m.SurveyEligible.survey_id, m.Survey),
            (m.ThemeTally, m.ThemeTally.theme_id, m.Theme),
        ):
            s.execute(delete(model).where(column.in_(select(parent.id).where(parent.review_id.in_(ids)))))
        s.execute(update(m.Theme).where(m.Theme.review_id.in_(ids)).values(parent_id=None))
        for model in (m.Theme, m.Milestone, m.Phase, m.Survey, m.ReviewQuestion, m.DocumentReturn,
                      m.ReviewAuthority):
            s.execute(delete(model).where(model.review_id.in_(ids)))
        s.execute(delete(r).where(r.id.in_(ids)))
        meta = m.DatasetMeta
        s.execute(update(meta).where(meta.id == 1).values(is_demonstration=False))
        bump_data_version(s)
        slugs = tuple(sorted(demo.values()))
        s.add(m.AuditEntry(username=username, role=role, action="demo remove", outcome=OK,
                           detail=(f"removed {len(slugs)} demonstration review(s) and {publications} publication(s): "
                                   + ", ".join(slugs))[:500]))
    return Removed(slugs, publications)


@per_data_version
def demonstrations(db: Database) -> tuple[frozenset[str], bool]:
    """The demonstration reviews' slugs, and whether every review is one; one read per data version."""
    with db.reader() as s:
        rows = s.execute(select(m.Review.slug, m.Review.is_demonstration)).all()
    demo = frozenset(slug for slug, flag in rows if flag)
    return demo, bool(demo) and len(demo) == len(rows)


def demonstration_slugs(db: Database) -> frozenset[str]:
    """The slugs of the demonstration reviews."""
    with db.reader() as s:
        return frozenset(s.execute(select(m.Review.slug).where(m.Review.is_demonstration.is_(True))).scalars())
