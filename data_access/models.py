"""SQLAlchemy models for review data, users, audit and import history."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DatasetMeta(Base):
    """One row: the data version every review-data write bumps, and the stored as-of date."""

    __tablename__ = "dataset_meta"
    id: Mapped[int] = mapped_column(primary_key=True)
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    is_demonstration: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class LocalAuthority(Base):
    __tablename__ = "local_authority"
    id: Mapped[int] = mapped_column(primary_key=True)
    gss_code: Mapped[str] = mapped_column(String(9), unique=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    family_group: Mapped[int] = mapped_column(Integer)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    tile_col: Mapped[int] = mapped_column(Integer)
    tile_row: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("family_group BETWEEN 1 AND 4", name="ck_la_family_group"),)


class Review(Base):
    __tablename__ = "review"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    # planned, active, reporting, closed or archived (data_access.reviews.STATES); closed and
    # archived reviews leave the Overview's default and refuse imports until reopened.
    status: Mapped[str] = mapped_column(String(12), default="active", server_default="active")
    # A demonstration review: its per-authority detail is synthetic, and every page showing it says so.
    is_demonstration: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    legal_basis: Mapped[str | None] = mapped_column(Text)
    feedback_url: Mapped[str | None] = mapped_column(String(500))
    next_update_on: Mapped[dt.date | None] = mapped_column(Date)
    phases: Mapped[list[Phase]] = relationship(back_populates="review", order_by="Phase.seq")


class ReviewAuthority(Base):
    """An authority taking part in a review, with what part it plays (all, phase 2 area, ...)."""

    __tablename__ = "review_authority"
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), primary_key=True)
    participation: Mapped[str] = mapped_column(String(40), default="all authorities")
    __table_args__ = (Index("ix_review_authority_authority", "authority_id"),)


class ReviewQuestion(Base):
    """A review question or quality indicator that themes map to."""

    __tablename__ = "review_question"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("review_id", "code", name="uq_review_question"),)


class Phase(Base):
    __tablename__ = "phase"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    planned_start: Mapped[dt.date] = mapped_column(Date)
    planned_end: Mapped[dt.date] = mapped_column(Date)
    actual_start: Mapped[dt.date | None] = mapped_column(Date)
    actual_end: Mapped[dt.date | None] = mapped_column(Date)
    review: Mapped[Review] = relationship(back_populates="phases")
    __table_args__ = (
        UniqueConstraint("review_id", "name", name="uq_phase_name"),
        CheckConstraint("planned_end >= planned_start", name="ck_phase_planned_order"),
    )


class Milestone(Base):
    """A dated step in a review. Per-authority ones are tracked for every participating authority."""

    __tablename__ = "milestone"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phase.id", ondelete="SET NULL"))
    seq: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(160))
    planned_start: Mapped[dt.date | None] = mapped_column(Date)
    planned_date: Mapped[dt.date] = mapped_column(Date)  # due date, or end of a span
    actual_date: Mapped[dt.date | None] = mapped_column(Date)
    per_authority: Mapped[bool] = mapped_column(Boolean, default=True)
    # For a per-authority milestone: the participation (e.g. "phase 2 area") it applies to; None for all.
    applies_to: Mapped[str | None] = mapped_column(String(40))
    __table_args__ = (
        UniqueConstraint("review_id", "code", name="uq_milestone_code"),
        Index("ix_milestone_review_seq", "review_id", "seq"),
    )


class AuthorityMilestone(Base):
    """An authority's progress on one milestone; its own due date where the programme staggers them."""

    __tablename__ = "authority_milestone"
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestone.id", ondelete="CASCADE"), primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), primary_key=True)
    due_date: Mapped[dt.date] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (Index("ix_authority_milestone_authority", "authority_id", "milestone_id"),)


class MilestoneCommentary(Base):
    """Short inspector commentary on an authority's milestone (e.g. a reason for delay)."""

    __tablename__ = "milestone_commentary"
    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestone.id", ondelete="CASCADE"))
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"))
    written_on: Mapped[dt.date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(String(500))
    __table_args__ = (UniqueConstraint("milestone_id", "authority_id", "written_on", name="uq_commentary"),)


class DocumentReturn(Base):
    """How many documents an authority returned for a review (documents are counted exactly)."""

    __tablename__ = "document_return"
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (CheckConstraint("documents >= 0", name="ck_documents_nonneg"),)


class Survey(Base):
    __tablename__ = "survey"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(160))
    audience: Mapped[str] = mapped_column(String(120))
    # People are protected by disclosure control; authorities' own submissions are not.
    counts_people: Mapped[bool] = mapped_column(Boolean, default=True)
    target_rate: Mapped[float] = mapped_column(Float)  # a fraction, 0..1
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    # The last day a late return is accepted; None: nothing dated after closes_on is.
    late_returns_until: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (
        UniqueConstraint("review_id", "code", name="uq_survey_code"),
        CheckConstraint("target_rate > 0 AND target_rate <= 1", name="ck_survey_target"),
    )


class SurveyEligible(Base):
    __tablename__ = "survey_eligible"
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), primary_key=True)
    eligible: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("eligible >= 0", name="ck_eligible_nonneg"),)


class SurveyResponseDaily(Base):
    """Responses received per authority per day: aggregates only, never respondent records."""

    __tablename__ = "survey_response_daily"
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    responses: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("responses >= 0", name="ck_responses_nonneg"),
        Index("ix_response_survey_day", "survey_id", "day", "responses"),
    )


class SurveyResponseTotal(Base):
    """Rollup of responses per survey and authority, kept in step with the daily rows on write."""

    __tablename__ = "survey_response_total"
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), primary_key=True)
    responses: Mapped[int] = mapped_column(Integer)
    last_day: Mapped[dt.date | None] = mapped_column(Date)


class Theme(Base):
    """A theme or sub-theme of a review's coding frame, mapped to a review question or QI."""

    __tablename__ = "theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("review_question.id", ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(160))
    __table_args__ = (UniqueConstraint("review_id", "code", name="uq_theme_code"),)


class ThemeTally(Base):
    """How often a theme was coded, by authority, evidence source, polarity and week."""

    __tablename__ = "theme_tally"
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), primary_key=True)
    source: Mapped[str] = mapped_column(String(20), primary_key=True)
    polarity: Mapped[str] = mapped_column(String(12), primary_key=True)
    week_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    tally: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("tally >= 0", name="ck_tally_nonneg"),
        CheckConstraint("polarity IN ('strength', 'improvement')", name="ck_tally_polarity"),
        Index("ix_tally_authority", "authority_id", "theme_id"),
    )


class Publication(Base):
    __tablename__ = "publication"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    published_on: Mapped[dt.date] = mapped_column(Date)
    downloads: Mapped[int] = mapped_column(Integer, default=0)
    link: Mapped[str | None] = mapped_column(String(500))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id", ondelete="SET NULL"))
    __table_args__ = (UniqueConstraint("title", "published_on", name="uq_publication"),)


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    # The one normalised form (users.username_key) that sign-in, the throttle and creation use.
    username_key: Mapped[str] = mapped_column(String(80), index=True, unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("local_authority.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped on logout, password change or disabling, so copied session cookies stop working.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    authority: Mapped[LocalAuthority | None] = relationship()
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'leader', 'inspector', 'coordinator', 'presenter')", name="ck_user_role"
        ),
        CheckConstraint(
            "(role = 'coordinator') = (authority_id IS NOT NULL)", name="ck_user_coordinator_authority"
        ),
    )


class ApiToken(Base):
    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """Failed logins, counted across workers and hosts for rate limiting."""

    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    username: Mapped[str] = mapped_column(String(80))
    client: Mapped[str] = mapped_column(String(64))
    __table_args__ = (Index("ix_login_attempt_at", "at"),)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, server_default=func.now())
    username: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[str | None] = mapped_column(String(20))
    scope: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(500), default="")
    __table_args__ = (Index("ix_audit_at", "at"),)


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    kind: Mapped[str] = mapped_column(String(40))
    review_slug: Mapped[str | None] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(255))
    checksum: Mapped[str] = mapped_column(String(64))
    username: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))  # imported, rejected
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[int] = mapped_column(Integer, default=0)
    data_version: Mapped[int] = mapped_column(Integer, default=0)


# Tables whose writes change what the dashboard shows, and so bump the data version.
REVIEW_DATA_TABLES = (
    LocalAuthority, Review, ReviewAuthority, ReviewQuestion, Phase, Milestone, AuthorityMilestone,
    MilestoneCommentary, DocumentReturn, Survey, SurveyEligible, SurveyResponseDaily,
    SurveyResponseTotal, Theme, ThemeTally, Publication,
)


class PresenterDeck(Base):
    """One presenter's own deck for one review: their slide order and the slides they hide."""

    __tablename__ = "presenter_deck"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    slide_order: Mapped[str] = mapped_column(String(400), default="")  # slide kinds, comma-separated
    hidden: Mapped[str] = mapped_column(String(400), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    __table_args__ = (UniqueConstraint("user_id", "review_id", name="uq_presenter_deck"),)
