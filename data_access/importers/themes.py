"""The `themes` kind: how often each theme was coded, by authority, evidence source, polarity and week."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import aliased

from .. import models as m
from ..reference import EVIDENCE_SOURCES, POLARITIES
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
from .cells import parse_choice, parse_code, parse_count, parse_date, uk_date
from .problems import CellError


def _themes(ctx: Context) -> dict:
    theme = m.Theme
    rows = ctx.session.execute(
        select(theme.id, theme.code, theme.parent_id).where(theme.review_id == ctx.review_id)).all()
    children: dict[int, list[str]] = {}
    for _, code, parent in rows:
        if parent is not None:
            children.setdefault(parent, []).append(code)
    return {code: (tid, children.get(tid, [])) for tid, code, _ in rows}


def _theme(value, ctx: Context) -> int:
    code = parse_code(value)
    known = code_lookup(ctx, "themes", _themes)
    if code not in known:
        raise CellError("is not a theme in this review's coding frame")
    theme_id, children = known[code]
    if children:
        raise CellError(f"is a theme with sub-themes: tally against one of them ({listing(children, 4)})")
    return theme_id


def _week(value, ctx: Context):
    day = parse_date(value)
    if day.weekday() != 0:
        raise CellError(f"is a {day:%A}: weeks start on a Monday ({uk_date(day)} is in the week starting "
                        f"{uk_date(day.fromordinal(day.toordinal() - day.weekday()))})")
    return day


class ThemesKind(ImportKind):
    name = "themes"
    summary = ("Tallies of coded evidence: how often a theme was coded as a strength or an area for "
               "improvement, by authority, evidence source and week. Rows are matched on theme, authority, "
               "source, polarity and week.")
    key = ("theme", "authority", "source", "polarity", "week_start")
    key_words = "theme, authority, source, polarity and week"
    columns = (
        Column("theme", "The code of a sub-theme (a theme without sub-themes) in the review's coding frame.",
               "workforce-wellbeing", _theme),
        Column("authority", AUTHORITY_MEANING, "Shetland Islands", parse_participant),
        AUTHORITY_CODE,
        Column("source", "Where the evidence came from: " + ", ".join(f"`{s}`" for s in EVIDENCE_SOURCES) + ".",
               "interviews", lambda v, c: parse_choice(v, EVIDENCE_SOURCES)),
        Column("polarity", "`strength` or `improvement` (an area for improvement).", "strength",
               lambda v, c: parse_choice(v, POLARITIES)),
        Column("week_start", "The Monday of the week the evidence was coded.", dt.date(2024, 9, 30), _week),
        Column("tally", "How many times it was coded: a whole number, 0 or more.", 4, lambda v, c: parse_count(v)),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        tt = m.ThemeTally
        rows = ctx.session.execute(select(tt.theme_id, tt.authority_id, tt.source, tt.polarity, tt.week_start, tt.tally)
                                   .where(tt.theme_id.in_(sorted({r["theme"] for r in records}))))
        return {tuple(row[:5]): {"tally": row[5]} for row in rows}

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.ThemeTally, ["theme_id", "authority_id", "source", "polarity", "week_start"], [
            {"theme_id": r["theme"], "authority_id": r["authority"], "source": r["source"], "polarity": r["polarity"],
             "week_start": r["week_start"], "tally": r["tally"]} for r in records], counts, chunk=2000)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        tt, th, la = m.ThemeTally, aliased(m.Theme), m.LocalAuthority
        query = (select(th.code, la.name, la.gss_code, tt.source, tt.polarity, tt.week_start, tt.tally)
                 .join(th, th.id == tt.theme_id).join(la, la.id == tt.authority_id)
                 .where(th.review_id == review_id)
                 .order_by(th.code, la.name, tt.source, tt.polarity, tt.week_start))
        return [{"theme": code, "authority": name, "gss_code": gss, "source": source, "polarity": polarity,
                 "week_start": week, "tally": tally}
                for code, name, gss, source, polarity, week, tally in session.execute(query)]
