"""The parts of a review's definition that say how it runs: phases, milestones, each authority's own
dates (a rolling programme's partnerships), surveys and the theme framework. One worksheet each.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from .. import models as m
from ..writes import upsert_rows
from .base import AUTHORITY_MEANING, CODE_PATTERN, Column, Context, ImportKind, Record, parse_participant
from .cells import parse_count, parse_date, parse_text, parse_yes_no, uk_date
from .problems import CellError, Problem


def _date(value, ctx: Context):
    return parse_date(value)


def _code(value, ctx: Context) -> str:
    code = parse_text(value, max_length=60).lower()
    if not CODE_PATTERN.match(code):
        raise CellError("must be lower-case letters, digits and hyphens, like 'document-return'")
    return code


def parse_rate(value, ctx: Context | None = None) -> float:
    """A target rate as a percentage (`40`, `40%`) or a fraction (`0.4`)."""
    text = str(value).strip()
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        raise CellError("must be a percentage such as 40 or 40%") from None
    if percent or number > 1:
        number /= 100
    if not 0 < number <= 1:
        raise CellError("must be above 0% and at most 100%")
    return round(number, 6)


def show_rate(value, ctx: Context | None = None) -> str:
    return f"{value * 100:g}%"


def _pair(problems: list[Problem], record: Record, first: str, second: str, what: str) -> None:
    a, b = record[first], record[second]
    if a and b and b < a:
        problems.append(Problem(record.row, second, record.shown(second), f"is before {first} ({uk_date(a)}): {what}"))


class PhasesSheet(ImportKind):
    name = "phases"
    key = ("seq",)
    key_words = "phase seq"
    review_date_columns = ("planned_start", "planned_end", "actual_start", "actual_end")
    columns = (
        Column("seq", "The phase's order within the review, from 1; identifies the phase.", 1,
               lambda v, c: parse_count(v, allow_zero=False)),
        Column("name", "What the phase is called (at most 120 characters).", "Evidence gathering",
               lambda v, c: parse_text(v, max_length=120)),
        Column("planned_start", "Planned start.", dt.date(2024, 8, 19), _date),
        Column("planned_end", "Planned end.", dt.date(2024, 11, 1), _date),
        Column("actual_start", "When it actually started.", "", _date, required=False,
               blank_means="not started yet; for a stored phase, no change"),
        Column("actual_end", "When it actually ended. `CLEAR` empties a recorded date.", "", _date, required=False,
               blank_means="not ended yet; for a stored phase, no change"),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        p = m.Phase
        return {(seq,): {"name": n, "planned_start": ps, "planned_end": pe, "actual_start": a, "actual_end": e}
                for seq, n, ps, pe, a, e in ctx.session.execute(
                    select(p.seq, p.name, p.planned_start, p.planned_end, p.actual_start, p.actual_end)
                    .where(p.review_id == ctx.review_id))}

    def check_row(self, record: Record, ctx: Context, problems: list[Problem]) -> None:
        _pair(problems, record, "planned_start", "planned_end", "the phase ends before it starts")
        _pair(problems, record, "actual_start", "actual_end", "the phase ends before it starts")

    def check(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        self.check_duplicates(records, problems)
        merged = {seq: (old["name"], old["planned_start"], None) for (seq,), old in ctx.stored.items()}
        merged.update({r["seq"]: (r["name"], r["planned_start"], r) for r in records})
        names: dict[str, int] = {}
        order = sorted(merged)
        for seq in order:
            name, _start, record = merged[seq]
            if name in names and record is not None:
                problems.append(Problem(record.row, "name", record.shown("name"),
                                        f"is already the name of phase {names[name]}: phase names must differ"))
            names.setdefault(name, seq)
        for before, after in zip(order, order[1:]):
            (_, a, _), (_, b, record) = merged[before], merged[after]
            if record is not None and b < a:
                problems.append(Problem(record.row, "planned_start", record.shown("planned_start"),
                                        f"puts phase {after} ({uk_date(b)}) before phase {before} starts "
                                        f"({uk_date(a)}): phases run in the order of their seq"))
        ctx.lookups["phase_seqs"] = set(merged)

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.Phase, ["review_id", "seq"], [
            {"review_id": ctx.review_id, **{c.name: r[c.name] for c in self.columns}} for r in records], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        p = m.Phase
        return [{"seq": seq, "name": n, "planned_start": ps, "planned_end": pe, "actual_start": a, "actual_end": e}
                for seq, n, ps, pe, a, e in session.execute(
                    select(p.seq, p.name, p.planned_start, p.planned_end, p.actual_start, p.actual_end)
                    .where(p.review_id == review_id).order_by(p.seq))]


class MilestonesSheet(ImportKind):
    name = "milestones"
    key = ("code",)
    key_words = "milestone code"
    review_date_columns = ("planned_start", "due_date", "actual_date")
    columns = (
        Column("seq", "Order within the review, from 1.", 5, lambda v, c: parse_count(v, allow_zero=False)),
        Column("code", "The milestone's code (lower case, digits, hyphens); identifies it.", "document-return", _code),
        Column("name", "What the milestone is (at most 160 characters).", "Documents returned",
               lambda v, c: parse_text(v, max_length=160)),
        Column("phase_seq", "The `seq` of the phase it belongs to. `CLEAR` takes a stored milestone out of its "
               "phase.", 2, lambda v, c: parse_count(v, allow_zero=False), required=False,
               blank_means="outside any phase; for a stored milestone, no change"),
        Column("planned_start", "For a milestone that spans days (a survey, a round of interviews), its first day.",
               "", _date, required=False, blank_means="a milestone on one day; for a stored one, no change"),
        Column("due_date", "The date it is due (for a rolling programme, the last partnership's date; each "
               "partnership's own date goes in the partnerships sheet).", dt.date(2024, 8, 27), _date),
        Column("actual_date", "When it was met nationally. `CLEAR` empties a recorded date.", "", _date,
               required=False, blank_means="not yet; for a stored milestone, no change"),
        Column("per_authority", "`yes` when each authority's progress on it is tracked (the progress import), "
               "`no` for a national step such as a report.", "yes", lambda v, c: parse_yes_no(v)),
        Column("applies_to", "For a per-authority milestone: the participation it applies to (as written in the "
               "authorities sheet, e.g. `phase 2 area`). `CLEAR` makes it apply to every authority again.", "",
               lambda v, c: parse_text(v, max_length=40).lower(), required=False,
               blank_means="every authority taking part; for a stored milestone, no change"),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        ms, p = m.Milestone, m.Phase
        seqs = dict(ctx.session.execute(select(p.id, p.seq).where(p.review_id == ctx.review_id)).all())
        return {(code,): {"seq": seq, "name": n, "phase_seq": seqs.get(pid), "planned_start": ps, "due_date": due,
                          "actual_date": a, "per_authority": per, "applies_to": to}
                for code, seq, n, pid, ps, due, a, per, to in ctx.session.execute(
                    select(ms.code, ms.seq, ms.name, ms.phase_id, ms.planned_start, ms.planned_date, ms.actual_date,
                           ms.per_authority, ms.applies_to).where(ms.review_id == ctx.review_id))}

    def check_row(self, record: Record, ctx: Context, problems: list[Problem]) -> None:
        _pair(problems, record, "planned_start", "due_date", "the milestone is due before it starts")
        if record["applies_to"] and not record["per_authority"]:
            problems.append(Problem(record.row, "applies_to", record.shown("applies_to"),
                                    "must be blank for a national milestone (per_authority no)"))

    def check(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        self.check_duplicates(records, problems)
        phases = ctx.lookups.get("phase_seqs", set())
        groups = ctx.lookups.get("participations", set())
        for record in records:
            if record["phase_seq"] is not None and record["phase_seq"] not in phases:
                problems.append(Problem(record.row, "phase_seq", record.shown("phase_seq"),
                                        "is not the seq of a phase of this review (phases: "
                                        + (", ".join(str(s) for s in sorted(phases)) or "none") + ")"))
            if record["applies_to"] and record["applies_to"] not in groups:
                problems.append(Problem(record.row, "applies_to", record.shown("applies_to"),
                                        "is not a participation given in the authorities sheet ("
                                        + (", ".join(sorted(groups)) or "none") + ")"))
        ctx.lookups["milestones"] = {code: (old["per_authority"], old["applies_to"], old["due_date"])
                                     for (code,), old in ctx.stored.items()}
        ctx.lookups["milestones"].update({r["code"]: (r["per_authority"], r["applies_to"], r["due_date"])
                                          for r in records})

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        phase_ids = dict(ctx.session.execute(select(m.Phase.seq, m.Phase.id)
                                             .where(m.Phase.review_id == ctx.review_id)).all())
        upsert_rows(ctx.session, m.Milestone, ["review_id", "code"], [
            {"review_id": ctx.review_id, "code": r["code"], "seq": r["seq"], "name": r["name"],
             "phase_id": phase_ids.get(r["phase_seq"]), "planned_start": r["planned_start"],
             "planned_date": r["due_date"], "actual_date": r["actual_date"], "per_authority": r["per_authority"],
             "applies_to": r["applies_to"]} for r in records], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        ms, p = m.Milestone, m.Phase
        seqs = dict(session.execute(select(p.id, p.seq).where(p.review_id == review_id)).all())
        return [{"seq": seq, "code": code, "name": n, "phase_seq": seqs.get(pid), "planned_start": ps,
                 "due_date": due, "actual_date": a, "per_authority": per, "applies_to": to}
                for seq, code, n, pid, ps, due, a, per, to in session.execute(
                    select(ms.seq, ms.code, ms.name, ms.phase_id, ms.planned_start, ms.planned_date, ms.actual_date,
                           ms.per_authority, ms.applies_to).where(ms.review_id == review_id)
                    .order_by(ms.seq, ms.code))]


class PartnershipsSheet(ImportKind):
    """Each authority's own due date for a milestone, where a rolling programme staggers them."""

    name = "partnerships"
    key = ("authority", "milestone")
    key_words = "authority and milestone"
    review_date_columns = ("due_date",)
    columns = (
        Column("authority", AUTHORITY_MEANING, "Highland", parse_participant),
        Column("milestone", "The code of a per-authority milestone from the milestones sheet.", "report", _code),
        Column("due_date", "This authority's own due date for it.", dt.date(2024, 6, 17), _date),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        am, ms = m.AuthorityMilestone, m.Milestone
        return {(aid, code): {"due_date": due} for aid, code, due in ctx.session.execute(
            select(am.authority_id, ms.code, am.due_date).join(ms, ms.id == am.milestone_id)
            .where(ms.review_id == ctx.review_id))}

    def check(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        self.check_duplicates(records, problems)
        milestones = ctx.lookups.get("milestones", {})
        for record in records:
            known = milestones.get(record["milestone"])
            if known is None or not known[0]:
                problems.append(Problem(record.row, "milestone", record.shown("milestone"),
                                        "is not a per-authority milestone of this review"))

    def changes(self, records: list[Record], ctx: Context):
        return []  # each authority's dates are written, and shown, with their milestones

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        """Every per-authority milestone gets a row for each authority it applies to, due on its own date."""
        own = {(r["authority"], r["milestone"]): r["due_date"] for r in records}
        ids = dict(ctx.session.execute(select(m.Milestone.code, m.Milestone.id)
                                       .where(m.Milestone.review_id == ctx.review_id)).all())
        taking_part = ctx.lookups.get("taking_part", {})
        rows = []
        for code, (per_authority, applies_to, due) in sorted(ctx.lookups.get("written_milestones", {}).items()):
            if not per_authority:
                continue
            for aid, participation in sorted(taking_part.items()):
                if applies_to and participation != applies_to:
                    continue
                rows.append({"milestone_id": ids[code], "authority_id": aid, "due_date": own.get((aid, code), due)})
        done = {(r["authority_id"], r["milestone_id"]) for r in rows}
        rows += [{"milestone_id": ids[code], "authority_id": aid, "due_date": day}
                 for (aid, code), day in sorted(own.items()) if (aid, ids[code]) not in done]
        upsert_rows(ctx.session, m.AuthorityMilestone, ["milestone_id", "authority_id"], rows, counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        am, ms, la = m.AuthorityMilestone, m.Milestone, m.LocalAuthority
        return [{"authority": name, "milestone": code, "due_date": due} for name, code, due in session.execute(
            select(la.name, ms.code, am.due_date).join(ms, ms.id == am.milestone_id)
            .join(la, la.id == am.authority_id)
            .where(ms.review_id == review_id, am.due_date != ms.planned_date).order_by(ms.seq, la.name))]


class SurveysSheet(ImportKind):
    name = "surveys"
    key = ("code",)
    key_words = "survey code"
    review_date_columns = ("opens_on", "closes_on")
    columns = (
        Column("code", "The survey's code (lower case, digits, hyphens); identifies it in the survey imports.",
               "staff-survey", _code),
        Column("title", "The survey's name (at most 160 characters).", "Staff survey",
               lambda v, c: parse_text(v, max_length=160)),
        Column("audience", "Who is surveyed (at most 120 characters).", "Frontline social work staff",
               lambda v, c: parse_text(v, max_length=120)),
        Column("counts_people", "`yes` when responses come from people (disclosure control protects them), `no` "
               "when each authority makes one return.", "yes", lambda v, c: parse_yes_no(v)),
        Column("opens_on", "The day it opens.", dt.date(2024, 8, 19), _date),
        Column("closes_on", "The day it closes.", dt.date(2024, 10, 4), _date),
        Column("target_rate", "The response rate it aims for: a percentage such as `40` or `40%`.", 40, parse_rate,
               show=show_rate),
        Column("late_returns_until", "The last day a late return is accepted, after `closes_on`. `CLEAR` stops "
               "accepting them.", "", _date, required=False,
               blank_means="no response dated after closes_on is accepted; for a stored survey, no change"),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        s = m.Survey
        return {(code,): {"title": n, "audience": a, "counts_people": p, "opens_on": o, "closes_on": c,
                          "target_rate": round(t, 6), "late_returns_until": late}
                for code, n, a, p, o, c, t, late in ctx.session.execute(
                    select(s.code, s.name, s.audience, s.counts_people, s.opens_on, s.closes_on, s.target_rate,
                           s.late_returns_until).where(s.review_id == ctx.review_id))}

    def check_row(self, record: Record, ctx: Context, problems: list[Problem]) -> None:
        _pair(problems, record, "opens_on", "closes_on", "the survey closes before it opens")
        _pair(problems, record, "closes_on", "late_returns_until", "late returns end before the survey closes")

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.Survey, ["review_id", "code"], [
            {"review_id": ctx.review_id, "code": r["code"], "name": r["title"], "audience": r["audience"],
             "counts_people": r["counts_people"], "opens_on": r["opens_on"], "closes_on": r["closes_on"],
             "target_rate": r["target_rate"], "late_returns_until": r["late_returns_until"]} for r in records], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        s = m.Survey
        return [{"code": code, "title": n, "audience": a, "counts_people": p, "opens_on": o, "closes_on": c,
                 "target_rate": round(t * 100, 4), "late_returns_until": late}
                for code, n, a, p, o, c, t, late in session.execute(
                    select(s.code, s.name, s.audience, s.counts_people, s.opens_on, s.closes_on, s.target_rate,
                           s.late_returns_until).where(s.review_id == review_id).order_by(s.opens_on, s.code))]


class ThemesSheet(ImportKind):
    name = "themes"
    key = ("code",)
    key_words = "theme code"
    columns = (
        Column("code", "The theme's code (lower case, digits, hyphens); identifies it in the themes import.",
               "workforce", _code),
        Column("name", "The theme's name (at most 160 characters).", "Workforce pressures",
               lambda v, c: parse_text(v, max_length=160)),
        Column("parent", "For a sub-theme, the code of its theme. `CLEAR` makes a stored sub-theme a theme.", "",
               _code, required=False, blank_means="a theme; for a stored one, no change"),
        Column("question", "The code of the review question or quality indicator it maps to (questions sheet).",
               "RQ2", lambda v, c: parse_text(v, max_length=20), required=False,
               blank_means="not mapped; for a stored theme, no change"),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        t, q = m.Theme, m.ReviewQuestion
        codes = dict(ctx.session.execute(select(t.id, t.code).where(t.review_id == ctx.review_id)).all())
        questions = dict(ctx.session.execute(select(q.id, q.code).where(q.review_id == ctx.review_id)).all())
        return {(code,): {"name": n, "parent": codes.get(pid), "question": questions.get(qid)}
                for code, n, pid, qid in ctx.session.execute(
                    select(t.code, t.name, t.parent_id, t.question_id).where(t.review_id == ctx.review_id))}

    def check(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        self.check_duplicates(records, problems)
        parents = {code: old["parent"] for (code,), old in ctx.stored.items()}
        parents.update({r["code"]: r["parent"] for r in records})
        questions = ctx.lookups.get("question_codes", set())
        for record in records:
            parent = record["parent"]
            if parent is not None and parent not in parents:
                problems.append(Problem(record.row, "parent", record.shown("parent"), "is not a theme of this review"))
            elif parent is not None and parents[parent] is not None:
                problems.append(Problem(record.row, "parent", record.shown("parent"),
                                        "is itself a sub-theme: themes have one level of sub-themes"))
            elif parent == record["code"]:
                problems.append(Problem(record.row, "parent", record.shown("parent"), "is the theme itself"))
            if record["question"] is not None and record["question"] not in questions:
                problems.append(Problem(record.row, "question", record.shown("question"),
                                        "is not a question of this review (" + (", ".join(sorted(questions)) or "none")
                                        + ")"))

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        questions = dict(ctx.session.execute(select(m.ReviewQuestion.code, m.ReviewQuestion.id)
                                             .where(m.ReviewQuestion.review_id == ctx.review_id)).all())
        for children in (False, True):  # themes first, so sub-themes can point at them
            ids = dict(ctx.session.execute(select(m.Theme.code, m.Theme.id)
                                           .where(m.Theme.review_id == ctx.review_id)).all())
            upsert_rows(ctx.session, m.Theme, ["review_id", "code"], [
                {"review_id": ctx.review_id, "code": r["code"], "name": r["name"],
                 "parent_id": ids.get(r["parent"]), "question_id": questions.get(r["question"])}
                for r in records if (r["parent"] is not None) == children], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        t, q = m.Theme, m.ReviewQuestion
        codes = dict(session.execute(select(t.id, t.code).where(t.review_id == review_id)).all())
        questions = dict(session.execute(select(q.id, q.code).where(q.review_id == review_id)).all())
        return [{"code": code, "name": n, "parent": codes.get(pid), "question": questions.get(qid)}
                for code, n, pid, qid in session.execute(
                    select(t.code, t.name, t.parent_id, t.question_id).where(t.review_id == review_id)
                    .order_by(t.id))]
