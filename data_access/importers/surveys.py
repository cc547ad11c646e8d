"""The `survey-eligible` and `survey-responses` kinds: eligible populations and daily response counts."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select

from .. import models as m
from ..reference import possessive
from ..writes import refresh_response_totals, upsert_rows
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
from .cells import parse_code, parse_count, parse_date, uk_date
from .problems import CellError, Problem

# Responses must fall in their survey's window: not before it opens, and not after it closes unless the
# survey takes late returns (its late_returns_until, set in the review workbook). A date this long after
# the close is more likely a typo in the year, and the report says so.
LATE_RETURN_DAYS = 90


def _surveys(ctx: Context) -> dict:
    return dict(ctx.session.execute(
        select(m.Survey.code, m.Survey.id).where(m.Survey.review_id == ctx.review_id)).all())


def _survey(value, ctx: Context) -> int:
    code = parse_code(value)
    known = code_lookup(ctx, "surveys", _surveys)
    if code not in known:
        raise CellError(f"is not a survey of this review (its surveys are {listing(known)})")
    return known[code]


def _survey_codes(ctx: Context) -> dict[int, str]:
    return {sid: code for code, sid in code_lookup(ctx, "surveys", _surveys).items()}


def _survey_windows(ctx: Context) -> dict:
    return {sid: (opens, closes, late) for sid, opens, closes, late in ctx.session.execute(
        select(m.Survey.id, m.Survey.opens_on, m.Survey.closes_on, m.Survey.late_returns_until)
        .where(m.Survey.review_id == ctx.review_id))}


class SurveyEligibleKind(ImportKind):
    name = "survey-eligible"
    summary = ("How many people (or, for a survey of authorities, submissions) each authority could return "
               "to a survey: the denominator of its response rate. Rows are matched on survey and authority.")
    key = ("survey", "authority")
    key_words = "survey and authority"
    columns = (
        Column("survey", "The survey's code within the review.", "staff-survey", _survey),
        Column("authority", AUTHORITY_MEANING, "Shetland Islands", parse_participant),
        AUTHORITY_CODE,
        Column("eligible", "The number eligible to respond: a whole number, 0 or more. It cannot be fewer "
               "than the responses already recorded.", 120, lambda v, c: parse_count(v)),
    )

    def check(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        self.check_duplicates(records, problems)
        survey_ids = {r["survey"] for r in records}
        t = m.SurveyResponseTotal
        recorded = {(sid, aid): n for sid, aid, n in ctx.session.execute(
            select(t.survey_id, t.authority_id, t.responses).where(t.survey_id.in_(survey_ids)))}
        codes = _survey_codes(ctx)
        for r in records:
            responses = recorded.get((r["survey"], r["authority"]), 0)
            if r["eligible"] < responses:
                problems.append(Problem(
                    r.row, "eligible", r.shown("eligible"),
                    f"is fewer than the {responses:,} responses already recorded for "
                    f"{ctx.authority_name(r['authority'])} in survey {codes[r['survey']]}: the response rate "
                    "would be over 100%"))

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        se = m.SurveyEligible
        rows = ctx.session.execute(select(se.survey_id, se.authority_id, se.eligible)
                                   .where(se.survey_id.in_(sorted({r["survey"] for r in records}))))
        return {(sid, aid): {"eligible": n} for sid, aid, n in rows}

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.SurveyEligible, ["survey_id", "authority_id"], [
            {"survey_id": r["survey"], "authority_id": r["authority"], "eligible": r["eligible"]}
            for r in records], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        se, sv, la = m.SurveyEligible, m.Survey, m.LocalAuthority
        query = (select(sv.code, la.name, la.gss_code, se.eligible).join(sv, sv.id == se.survey_id)
                 .join(la, la.id == se.authority_id).where(sv.review_id == review_id).order_by(sv.code, la.name))
        return [{"survey": code, "authority": name, "gss_code": gss, "eligible": n}
                for code, name, gss, n in session.execute(query)]


class SurveyResponsesKind(ImportKind):
    name = "survey-responses"
    summary = ("Responses received per authority per day: counts only, never anything about a respondent. "
               "Rows are matched on survey, authority and date.")
    key = ("survey", "authority", "date")
    key_words = "survey, authority and date"
    columns = (
        Column("survey", "The survey's code within the review.", "staff-survey", _survey),
        Column("authority", AUTHORITY_MEANING, "Shetland Islands", parse_participant),
        AUTHORITY_CODE,
        Column("date", "The day the responses arrived.", dt.date(2024, 9, 3), lambda v, c: parse_date(v)),
        Column("responses", "How many responses arrived that day: a whole number, 0 or more. An authority's "
               "total (this file plus what is recorded) cannot exceed its eligible population.", 3,
               lambda v, c: parse_count(v)),
    )

    def check(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        self.check_duplicates(records, problems)
        d, se = m.SurveyResponseDaily, m.SurveyEligible
        groups: dict[tuple[int, int], list[Record]] = defaultdict(list)
        for r in records:
            groups[(r["survey"], r["authority"])].append(r)
        survey_ids = {sid for sid, _ in groups}
        eligible = {(sid, aid): n for sid, aid, n in ctx.session.execute(
            select(se.survey_id, se.authority_id, se.eligible).where(se.survey_id.in_(survey_ids)))}
        recorded_total = {(sid, aid): int(n) for sid, aid, n in ctx.session.execute(
            select(d.survey_id, d.authority_id, func.sum(d.responses))
            .where(d.survey_id.in_(survey_ids)).group_by(d.survey_id, d.authority_id))}
        # Days in the file replace the recorded count for that day rather than adding to it.
        recorded_day = {key: row["responses"] for key, row in ctx.stored.items()}
        codes = _survey_codes(ctx)
        for (sid, aid), rows in groups.items():
            name = ctx.authority_name(aid)
            if (sid, aid) not in eligible:
                first = rows[0]
                problems.append(Problem(
                    first.row, "authority", first.shown("authority"),
                    f"has no eligible population recorded for survey {codes[sid]}: import it with the "
                    "survey-eligible kind first"))
                continue
            seen_days = {}
            for r in rows:
                seen_days[r["date"]] = r["responses"]
            total = recorded_total.get((sid, aid), 0)
            total -= sum(recorded_day.get((sid, aid, day), 0) for day in seen_days)
            total += sum(seen_days.values())
            limit = eligible[(sid, aid)]
            if total > limit:
                last = rows[-1]
                rate = f"{total / limit:.0%}" if limit else "undefined"
                problems.append(Problem(
                    last.row, "responses", last.shown("responses"),
                    f"brings {possessive(name)} responses to survey {codes[sid]} to {total:,}, more than its eligible "
                    f"population of {limit:,} (a response rate of {rate}, over 100%)"))

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        d = m.SurveyResponseDaily
        rows = ctx.session.execute(select(d.survey_id, d.authority_id, d.day, d.responses)
                                   .where(d.survey_id.in_(sorted({r["survey"] for r in records}))))
        return {(sid, aid, day): {"responses": n} for sid, aid, day, n in rows}

    def check_row(self, record: Record, ctx: Context, problems: list[Problem]) -> None:
        opens, closes, late_until = code_lookup(ctx, "survey_windows", _survey_windows)[record["survey"]]
        day, survey = record["date"], record.shown("survey").strip()
        if day < opens:
            problems.append(Problem(record.row, "date", record.shown("date"),
                                    f"is {uk_date(day)}, before survey {survey} opened on {uk_date(opens)}: "
                                    "responses cannot arrive before a survey opens"))
        elif day > closes and (late_until is None or day > late_until):
            typo = (": is the year right?" if day > closes + dt.timedelta(days=LATE_RETURN_DAYS) else "")
            late = (f"it takes late returns up to {uk_date(late_until)}" if late_until else
                    "it takes no late returns (the review workbook's surveys sheet can allow them, in "
                    "late_returns_until)")
            problems.append(Problem(record.row, "date", record.shown("date"),
                                    f"is {uk_date(day)}, after survey {survey} closed on {uk_date(closes)}, and "
                                    f"{late}{typo}"))
        elif day > closes:
            ctx.notes.late_response(survey, closes, day)

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        before = counts.by_table.get("survey_response_daily", [0, 0, 0])[:2]
        upsert_rows(ctx.session, m.SurveyResponseDaily, ["survey_id", "authority_id", "day"], [
            {"survey_id": r["survey"], "authority_id": r["authority"], "day": r["date"], "responses": r["responses"]}
            for r in records], counts, chunk=2000)
        if counts.by_table["survey_response_daily"][:2] != before:
            refresh_response_totals(ctx.session, {r["survey"] for r in records})

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        d, sv, la = m.SurveyResponseDaily, m.Survey, m.LocalAuthority
        query = (select(sv.code, la.name, la.gss_code, d.day, d.responses).join(sv, sv.id == d.survey_id)
                 .join(la, la.id == d.authority_id).where(sv.review_id == review_id)
                 .order_by(sv.code, la.name, d.day))
        return [{"survey": code, "authority": name, "gss_code": gss, "date": day, "responses": n}
                for code, name, gss, day, n in session.execute(query)]
