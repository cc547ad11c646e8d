"""The `document-returns` kind: how many documents each authority returned for a review, and when."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from .. import models as m
from ..writes import upsert_rows
from .base import AUTHORITY_CODE, AUTHORITY_MEANING, Column, Context, ImportKind, Record, parse_participant
from .cells import parse_count, parse_date


class DocumentReturnsKind(ImportKind):
    name = "document-returns"
    summary = ("How many documents each authority returned for a review, and the day it returned them. Documents "
               "are counted exactly (they are not people). Rows are matched on authority.")
    key = ("authority",)
    key_words = "authority"
    review_date_columns = ("returned_on",)
    columns = (
        Column("authority", AUTHORITY_MEANING, "Shetland Islands", parse_participant),
        AUTHORITY_CODE,
        Column("documents", "How many documents it returned: a whole number, 0 or more.", 31,
               lambda v, c: parse_count(v)),
        Column("returned_on", "The day the documents were returned. `CLEAR` empties a recorded date.",
               dt.date(2024, 8, 26), lambda v, c: parse_date(v), required=False,
               blank_means="not returned yet, or for a stored row: no change"),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        d = m.DocumentReturn
        rows = ctx.session.execute(select(d.authority_id, d.documents, d.returned_on)
                                   .where(d.review_id == ctx.review_id))
        return {(aid,): {"documents": n, "returned_on": day} for aid, n, day in rows}

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.DocumentReturn, ["review_id", "authority_id"], [
            {"review_id": ctx.review_id, "authority_id": r["authority"], "documents": r["documents"],
             "returned_on": r["returned_on"]} for r in records], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        d, la = m.DocumentReturn, m.LocalAuthority
        query = (select(la.name, la.gss_code, d.documents, d.returned_on).join(la, la.id == d.authority_id)
                 .where(d.review_id == review_id).order_by(la.name))
        return [{"authority": name, "gss_code": gss, "documents": n, "returned_on": day}
                for name, gss, n, day in session.execute(query)]
