"""The programme's outputs: publications and the documents authorities returned to each review.

Scoped like data_access.queries. Neither needs disclosure control: publications are public
documents with their download counts, and documents are counted exactly (SPEC section 5).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, or_, select

from . import models as m
from .cache import cached
from .db import Database
from .queries import NotFound, _authority_filter, _frame
from .scope import Scope
from .timeline import visible_review_id

SCOTLAND_CODE = "S92000003"  # the GSS code of Scotland as a whole, beside the national total
SCOTLAND = "Scotland"


@cached
def publications(db: Database, scope: Scope, *, as_of: dt.date, review: str | None = None) -> pd.DataFrame:
    """Publications out by `as_of`, newest first, with their download counts and review (if any).

    Publications are public documents that name no authority, so every role sees all of them;
    `review` narrows them to one review the scope may see (NotFound otherwise).
    """
    p, r = m.Publication, m.Review
    with db.reader() as s:
        q = (select(p.title, p.published_on, p.downloads, r.slug.label("review"), r.title.label("review_title"))
             .outerjoin(r, r.id == p.review_id)
             .where(p.published_on <= as_of)
             .order_by(p.published_on.desc(), p.title))
        if review is not None:
            q = q.where(p.review_id == visible_review_id(s, scope, review))
        df = _frame(s.execute(q))
    df["downloads"] = df["downloads"].astype("int64")
    return df


@cached
def document_returns(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """Documents returned to a review by `as_of`: one row per authority the scope may see by name,
    then Scotland's total over every authority (always shown; documents are counted exactly).

    A return with no date recorded counts whatever the as-of date, since it cannot be placed in time.
    """
    d, la = m.DocumentReturn, m.LocalAuthority
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        known = (d.review_id == rid) & or_(d.returned_on.is_(None), d.returned_on <= as_of)
        own = _frame(s.execute(
            select(la.gss_code, la.name, d.documents, d.returned_on)
            .join(la, la.id == d.authority_id)
            .where(known, _authority_filter(scope, la.gss_code))
            .order_by(la.name)))
        total = s.execute(select(func.coalesce(func.sum(d.documents), 0), func.count(), func.max(d.returned_on))
                          .where(known)).one()
    own["authorities"] = 1
    national = pd.DataFrame([{"gss_code": SCOTLAND_CODE, "name": SCOTLAND, "documents": int(total[0]),
                              "returned_on": total[2], "authorities": int(total[1])}])
    df = pd.concat([own, national], ignore_index=True) if not own.empty else national
    df["documents"] = df["documents"].astype("int64")
    df["authorities"] = df["authorities"].astype("int64")
    return df[["gss_code", "name", "documents", "authorities", "returned_on"]]


@cached
def review_about(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> dict:
    """What a review is: title, kind, summary and dates (NotFound outside the scope). Nothing in it
    names an authority, so every role that may see the review reads the same."""
    r = m.Review
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        row = s.execute(select(r.slug, r.title, r.kind, r.summary, r.starts_on, r.ends_on).where(r.id == rid)).one()
    return dict(row._mapping)


__all__ = ["NotFound", "SCOTLAND", "SCOTLAND_CODE", "document_returns", "publications", "review_about"]
