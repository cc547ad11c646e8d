"""The `timeline` kind: a review's phases and milestones, planned and actual."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from .. import models as m
from ..writes import upsert_rows
from .base import CODE_PATTERN, Column, Context, ImportKind, Record
from .cells import (
    parse_choice,
    parse_code,
    parse_count,
    parse_date,
    parse_text,
    parse_yes_no,
    uk_date,
)
from .problems import CellError, Problem

PHASE, MILESTONE = "phase", "milestone"


def _review_slug(value, ctx: Context) -> str:
    slug = parse_code(value, max_length=80)
    if slug == ctx.review_slug:
        return slug
    other = ctx.session.execute(select(m.Review.id).where(m.Review.slug == slug)).scalar()
    if other is None:
        raise CellError("is not a review in the database")
    raise CellError(f"is another review: this file is being imported for '{ctx.review_slug}'")


def _date(value, ctx: Context):
    return parse_date(value)


def _milestone_code(value, ctx: Context) -> str:
    code = parse_code(value)
    if not CODE_PATTERN.match(code):
        raise CellError("must be lower-case letters, digits and hyphens, like 'document-return'")
    return code


class TimelineKind(ImportKind):
    name = "timeline"
    summary = ("A review's phases and milestones, planned against actual. Phases are matched on their `seq`, "
               "milestones on their `code`.")
    key_words = "phase seq or milestone code"
    review_date_columns = ("planned_start", "planned_end", "actual_start", "actual_end")
    columns = (
        Column("review", "The review's slug; must be the review given with `--review`.",
               "social-work-governance", _review_slug),
        Column("kind", "`phase` or `milestone`.", MILESTONE, lambda v, c: parse_choice(v, (PHASE, MILESTONE))),
        Column("seq", "Order within the review, from 1. Identifies a phase; orders milestones.", 5,
               lambda v, c: parse_count(v, allow_zero=False)),
        Column("code", "A milestone's code (lower case, digits, hyphens); identifies the milestone. "
               "Blank for a phase.", "document-return", _milestone_code, required=False, blank_means="a phase"),
        Column("name", "What the phase or milestone is called (at most 120 characters for a phase, 160 for "
               "a milestone).", "Documents returned", lambda v, c: parse_text(v, max_length=160)),
        Column("phase_seq", "For a milestone: the `seq` of the phase it belongs to; blank for a phase. "
               "`CLEAR` takes a stored milestone out of its phase.", 2,
               lambda v, c: parse_count(v, allow_zero=False), required=False,
               blank_means="a phase, or a new milestone outside any phase; for a stored milestone, no change"),
        Column("planned_start", "Planned start. Required for a phase; for a milestone that spans days "
               "(a survey, a round of interviews) its first day.", "", _date, required=False,
               blank_means="a milestone on one day; for a stored row, no change"),
        Column("planned_end", "Planned end of a phase; a milestone's due date.", dt.date(2024, 8, 27), _date),
        Column("actual_start", "When a phase actually started. Blank for a milestone.", "", _date,
               required=False, blank_means="not started yet; for a stored phase, no change"),
        Column("actual_end", "When a phase actually ended, or a milestone was met. `CLEAR` empties a "
               "recorded date.", dt.date(2024, 8, 29), _date, required=False,
               blank_means="not yet; for a stored row, no change"),
        Column("per_authority", "For a milestone: `yes` when each authority's progress on it is tracked "
               "(see the progress kind), else `no`. Blank for a phase.", "yes", lambda v, c: parse_yes_no(v),
               required=False, blank_means="a phase; for a stored milestone, no change"),
    )

    def row_key(self, record: Record) -> tuple:
        return (PHASE, record["seq"]) if record["kind"] == PHASE else (MILESTONE, record["code"])

    def describe_key(self, record: Record) -> str:
        return f"phase {record['seq']}" if record["kind"] == PHASE else f"milestone {record['code']}"

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        out, seq_of = {}, {}
        for p in ctx.session.execute(select(m.Phase).where(m.Phase.review_id == ctx.review_id)).scalars():
            seq_of[p.id] = p.seq
            out[(PHASE, p.seq)] = {"name": p.name, "planned_start": p.planned_start, "planned_end": p.planned_end,
                                   "actual_start": p.actual_start, "actual_end": p.actual_end}
        for ms in ctx.session.execute(select(m.Milestone).where(m.Milestone.review_id == ctx.review_id)).scalars():
            out[(MILESTONE, ms.code)] = {"seq": ms.seq, "name": ms.name, "phase_seq": seq_of.get(ms.phase_id),
                                         "planned_start": ms.planned_start, "planned_end": ms.planned_date,
                                         "actual_end": ms.actual_date, "per_authority": ms.per_authority}
        return out

    def check_row(self, record: Record, ctx: Context, problems: list[Problem]) -> None:
        def problem(column: str, rule: str) -> None:
            problems.append(Problem(record.row, column, record.shown(column), rule))

        if record["kind"] == PHASE:
            for column in ("code", "phase_seq", "per_authority"):
                if record[column] is not None:
                    problem(column, "must be blank for a phase")
            if record["planned_start"] is None:
                problem("planned_start", "a phase needs a planned start")
            if record["name"] and len(record["name"]) > 120:
                problem("name", f"is {len(record['name'])} characters long; a phase name fits at most 120")
        else:
            if record["code"] is None:
                problem("code", "a milestone needs a code")
            if record["per_authority"] is None:
                problem("per_authority", "a milestone needs yes or no here")
            if record["actual_start"] is not None:
                problem("actual_start", "must be blank for a milestone: record the date it was met in actual_end")
        start, end = record["planned_start"], record["planned_end"]
        if start and end and end < start:
            what = "the phase ends" if record["kind"] == PHASE else "the milestone is due"
            problem("planned_end", f"is before planned_start ({uk_date(start)}): {what} before it starts")
        start, end = record["actual_start"], record["actual_end"]
        if start and end and end < start:
            problem("actual_end", f"is before actual_start ({uk_date(start)}): the phase ends before it starts")

    def check(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        self.check_duplicates(records, problems)
        session = ctx.session
        merged: dict[int, dict] = {}
        for seq, name, planned_start, actual_start in session.execute(
            select(m.Phase.seq, m.Phase.name, m.Phase.planned_start, m.Phase.actual_start)
            .where(m.Phase.review_id == ctx.review_id)
        ):
            merged[seq] = {"name": name, "planned_start": planned_start, "actual_start": actual_start,
                           "record": None}
        for record in records:
            if record["kind"] == PHASE:
                merged[record["seq"]] = {"name": record["name"], "planned_start": record["planned_start"],
                                         "actual_start": record["actual_start"], "record": record}
        names: dict[str, int] = {}
        for seq in sorted(merged):
            phase = merged[seq]
            if phase["name"] in names and phase["record"] is not None:
                problems.append(Problem(phase["record"].row, "name", phase["record"].shown("name"),
                                        f"is already the name of phase {names[phase['name']]}: phase names "
                                        "must differ"))
            names.setdefault(phase["name"], seq)
        order = sorted(merged)
        for before, after in zip(order, order[1:]):
            earlier, later = merged[before], merged[after]
            for column in ("planned_start", "actual_start"):
                a, b = earlier[column], later[column]
                if a is None or b is None or b >= a:
                    continue
                if later["record"] is not None:
                    problems.append(Problem(
                        later["record"].row, column, later["record"].shown(column),
                        f"puts phase {after} ({uk_date(b)}) before phase {before} starts ({uk_date(a)}): "
                        "a phase cannot start before the phase before it"))
                elif earlier["record"] is not None:
                    problems.append(Problem(
                        earlier["record"].row, column, earlier["record"].shown(column),
                        f"puts phase {before} ({uk_date(a)}) after phase {after} starts ({uk_date(b)}): "
                        "a phase cannot start before the phase before it"))
        for record in records:
            if record["kind"] == MILESTONE and record["phase_seq"] is not None and record["phase_seq"] not in merged:
                problems.append(Problem(record.row, "phase_seq", record.shown("phase_seq"),
                                        "is not the seq of a phase of this review (phases: "
                                        + ", ".join(str(s) for s in order) + ")"))

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        rid = ctx.review_id
        upsert_rows(ctx.session, m.Phase, ["review_id", "seq"], [
            {"review_id": rid, "seq": r["seq"], "name": r["name"], "planned_start": r["planned_start"],
             "planned_end": r["planned_end"], "actual_start": r["actual_start"], "actual_end": r["actual_end"]}
            for r in records if r["kind"] == PHASE], counts)
        phase_ids = dict(ctx.session.execute(select(m.Phase.seq, m.Phase.id).where(m.Phase.review_id == rid)).all())
        upsert_rows(ctx.session, m.Milestone, ["review_id", "code"], [
            {"review_id": rid, "code": r["code"], "phase_id": phase_ids.get(r["phase_seq"]), "seq": r["seq"],
             "name": r["name"], "planned_start": r["planned_start"], "planned_date": r["planned_end"],
             "actual_date": r["actual_end"], "per_authority": r["per_authority"]}
            for r in records if r["kind"] == MILESTONE], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        slug = session.execute(select(m.Review.slug).where(m.Review.id == review_id)).scalar_one()
        rows = []
        phase_seq = {}
        for p in session.execute(select(m.Phase).where(m.Phase.review_id == review_id).order_by(m.Phase.seq)).scalars():
            phase_seq[p.id] = p.seq
            rows.append({"review": slug, "kind": PHASE, "seq": p.seq, "code": None, "name": p.name,
                         "phase_seq": None, "planned_start": p.planned_start, "planned_end": p.planned_end,
                         "actual_start": p.actual_start, "actual_end": p.actual_end, "per_authority": None})
        for ms in session.execute(select(m.Milestone).where(m.Milestone.review_id == review_id)
                                  .order_by(m.Milestone.seq, m.Milestone.code)).scalars():
            rows.append({"review": slug, "kind": MILESTONE, "seq": ms.seq, "code": ms.code, "name": ms.name,
                         "phase_seq": phase_seq.get(ms.phase_id), "planned_start": ms.planned_start,
                         "planned_end": ms.planned_date, "actual_start": None, "actual_end": ms.actual_date,
                         "per_authority": ms.per_authority})
        return rows
