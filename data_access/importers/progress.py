"""The `progress` kind: each authority's due date and completion date on a review's milestones."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from .. import models as m
from ..writes import upsert_rows
from .base import (
    AUTHORITY_CODE,
    AUTHORITY_MEANING,
    Column,
    Context,
    ImportKind,
    Record,
    code_lookup,
    listing,
    parse_participant,
)
from .cells import parse_code, parse_date
from .problems import CellError


def _milestones(ctx: Context) -> dict:
    return {code: (mid, per_authority) for mid, code, per_authority in ctx.session.execute(
        select(m.Milestone.id, m.Milestone.code, m.Milestone.per_authority)
        .where(m.Milestone.review_id == ctx.review_id))}


def _milestone(value, ctx: Context) -> int:
    code = parse_code(value)
    known = code_lookup(ctx, "milestones", _milestones)
    if code not in known:
        raise CellError(f"is not a milestone of this review (its milestones are {listing(known)})")
    milestone_id, per_authority = known[code]
    if not per_authority:
        raise CellError("is a milestone of the whole review, not tracked for each authority")
    return milestone_id


class ProgressKind(ImportKind):
    name = "progress"
    summary = "Each authority's progress on a review's milestones. Rows are matched on authority and milestone."
    key = ("authority", "milestone")
    key_words = "authority and milestone"
    review_date_columns = ("due_date", "completed_on")
    columns = (
        Column("authority", AUTHORITY_MEANING, "Shetland Islands", parse_participant),
        AUTHORITY_CODE,
        Column("milestone", "The milestone's code, as in the timeline; it must be tracked per authority.",
               "document-return", _milestone),
        Column("due_date", "When this authority is due to complete the milestone.", dt.date(2024, 8, 27),
               lambda v, c: parse_date(v)),
        Column("completed_on", "When the authority completed it. `CLEAR` empties a recorded date.",
               dt.date(2024, 8, 26), lambda v, c: parse_date(v), required=False,
               blank_means="not completed yet, or for a stored row: no change"),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        am, ms = m.AuthorityMilestone, m.Milestone
        rows = ctx.session.execute(select(am.authority_id, am.milestone_id, am.due_date, am.completed_on)
                                   .join(ms, ms.id == am.milestone_id).where(ms.review_id == ctx.review_id))
        return {(aid, mid): {"due_date": due, "completed_on": done} for aid, mid, due, done in rows}

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.AuthorityMilestone, ["milestone_id", "authority_id"], [
            {"milestone_id": r["milestone"], "authority_id": r["authority"], "due_date": r["due_date"],
             "completed_on": r["completed_on"]} for r in records], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        am, ms, la = m.AuthorityMilestone, m.Milestone, m.LocalAuthority
        query = (select(la.name, la.gss_code, ms.code, am.due_date, am.completed_on)
                 .join(ms, ms.id == am.milestone_id).join(la, la.id == am.authority_id)
                 .where(ms.review_id == review_id).order_by(ms.seq, ms.code, la.name))
        return [{"authority": name, "gss_code": gss, "milestone": code, "due_date": due, "completed_on": done}
                for name, gss, code, due, done in session.execute(query)]
