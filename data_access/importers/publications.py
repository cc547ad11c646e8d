"""The `publications` kind: published resources, their publication dates and download counts."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from .. import models as m
from ..writes import upsert_rows
from .base import Column, Context, ImportKind, Record, code_lookup
from .cells import parse_code, parse_count, parse_date, parse_text
from .problems import CellError, Problem


def _reviews(ctx: Context) -> dict:
    return dict(ctx.session.execute(select(m.Review.slug, m.Review.id)).all())


def _review_slug(review_id: int, ctx: Context) -> str:
    return {rid: slug for slug, rid in code_lookup(ctx, "reviews", _reviews).items()}.get(review_id, str(review_id))


def _review(value, ctx: Context) -> int:
    slug = parse_code(value, max_length=80)
    known = code_lookup(ctx, "reviews", _reviews)
    if slug not in known:
        raise CellError("is not a review in the database")
    if ctx.review_slug and slug != ctx.review_slug:
        raise CellError(f"is another review: this file is being imported for '{ctx.review_slug}'")
    return known[slug]


class PublicationsKind(ImportKind):
    name = "publications"
    summary = ("Published resources and their download counts. Rows are matched on title and publication "
               "date (two resources may share a title). `--review` is optional: with it, export lists that "
               "review's publications and import accepts only rows for it.")
    review_scoped = False
    key = ("title", "published_on")
    key_words = "title and publication date"
    columns = (
        Column("title", "The resource's title (at most 200 characters).", "Week by week guide",
               lambda v, c: parse_text(v, max_length=200)),
        Column("published_on", "The date it was published.", dt.date(2022, 8, 16), lambda v, c: parse_date(v)),
        Column("downloads", "How many times it has been downloaded: a whole number, 0 or more.", 4011,
               lambda v, c: parse_count(v)),
        Column("review", "The slug of the review it belongs to. `CLEAR` unlinks a stored resource.",
               "joint-inspections-children-at-risk", _review, required=False,
               blank_means="not linked to a review; for a stored resource, no change", show=_review_slug),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        p = m.Publication
        rows = ctx.session.execute(select(p.title, p.published_on, p.downloads, p.review_id))
        return {(title, day): {"downloads": n, "review": rid} for title, day, n, rid in rows}

    def check_row(self, record: Record, ctx: Context, problems) -> None:
        if not ctx.review_slug or record["review"] == ctx.review_id:
            return
        if record["review"] is None:
            rule = f"a value is required: this file is being imported for '{ctx.review_slug}'"
        else:  # blank, and the stored resource belongs to another review
            rule = (f"is blank, and the stored resource belongs to {_review_slug(record['review'], ctx)}: this file "
                    f"is being imported for '{ctx.review_slug}'")
        problems.append(Problem(record.row, "review", "", rule))

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.Publication, ["title", "published_on"], [
            {"title": r["title"], "published_on": r["published_on"], "downloads": r["downloads"],
             "review_id": r["review"]} for r in records], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        p, rv = m.Publication, m.Review
        query = select(p.title, p.published_on, p.downloads, rv.slug).outerjoin(rv, rv.id == p.review_id)
        if review_id is not None:
            query = query.where(p.review_id == review_id)
        return [{"title": t, "published_on": d, "downloads": n, "review": slug}
                for t, d, n, slug in session.execute(query.order_by(p.published_on, p.title))]
