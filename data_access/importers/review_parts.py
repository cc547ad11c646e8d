"""The parts of a review's definition that say what it is: the review itself, who takes part, its
questions, its theme framework and its publications. One worksheet each in the review workbook.

Each part is an import kind of its own (columns, key, stored rows, checks, writing, export), so
blanks, CLEAR, duplicates and the before-and-after change list work as in every other import.
"""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from .. import models as m
from ..reviews import ACTIVE, STATES
from ..writes import upsert_rows
from .base import AUTHORITY_MEANING, CODE_PATTERN, Column, Context, ImportKind, Record, parse_authority
from .cells import is_blank, parse_choice, parse_code, parse_count, parse_date, parse_text, parse_yes_no, shown
from .header import RawRow
from .problems import CellError, Problem

ALL_AUTHORITIES = "all"  # in the authorities sheet: every one of the 32
DEFAULT_PARTICIPATION = "all authorities"
_URL = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)


def parse_slug(value, ctx: Context | None = None) -> str:
    slug = parse_code(value, max_length=80)
    if not CODE_PATTERN.match(slug):
        raise CellError("must be lower-case letters, digits and hyphens, like 'social-work-governance'")
    return slug


def parse_link(value, ctx: Context | None = None) -> str:
    text = parse_text(value, max_length=500)
    if not _URL.match(text):
        raise CellError("must be a web address starting https:// (or http://), or a mailto: address")
    return text


def _date(value, ctx: Context):
    return parse_date(value)


# -- the review itself: one field per row --------------------------------------------------
REVIEW_FIELDS = (
    Column("slug", "The review's short name in addresses and files: lower-case letters, digits and hyphens. "
           "A workbook whose slug is already a review updates it; a new slug creates one.",
           "social-work-governance", parse_slug),
    Column("title", "The review's title as published (at most 200 characters).",
           "Social work governance and assurance review", lambda v, c: parse_text(v, max_length=200),
           required=False, blank_means="required for a new review; for a stored one, no change"),
    Column("kind", "What sort of review: `thematic review`, `joint inspection`, `self-evaluation` or another "
           "short description (at most 32 characters).", "thematic review",
           lambda v, c: parse_text(v, max_length=32).lower(), required=False,
           blank_means="required for a new review; for a stored one, no change"),
    Column("legal_basis", "The power the review is carried out under.",
           "Section 53 of the Public Services Reform (Scotland) Act 2010",
           lambda v, c: parse_text(v, max_length=500), required=False, blank_means="none given"),
    Column("summary", "What the review looks at, in a sentence or two (shown in About this review).",
           "How well governance and assurance arrangements support social work leaders.",
           lambda v, c: parse_text(v, max_length=2000), required=False, blank_means="none given"),
    Column("starts_on", "The day the review starts.", dt.date(2024, 7, 15), _date, required=False,
           blank_means="required for a new review; for a stored one, no change"),
    Column("ends_on", "The day the review is planned to end.", dt.date(2025, 6, 26), _date, required=False,
           blank_means="required for a new review; for a stored one, no change"),
    Column("status", "Where the review is in its life: " + ", ".join(f"`{s}`" for s in STATES) + ". Closed and "
           "archived reviews refuse imports until reopened.", ACTIVE, lambda v, c: parse_choice(v, STATES),
           required=False, blank_means=f"`{ACTIVE}` for a new review; for a stored one, no change"),
    Column("demonstration", "`yes` for a demonstration review whose per-authority detail is synthetic: its pages "
           "say so. `no` for a real review.", "no", lambda v, c: parse_yes_no(v), required=False,
           blank_means="`no` for a new review; for a stored one, no change"),
    Column("feedback_url", "Where people can give feedback on the review (a web or mailto: address).",
           "https://www.careinspectorate.com/index.php/feedback", parse_link, required=False,
           blank_means="none given"),
    Column("next_update_on", "When the review's figures are next due to be updated.", dt.date(2024, 10, 8), _date,
           required=False, blank_means="none given"),
)
NEW_REVIEW_NEEDS = ("title", "kind", "starts_on", "ends_on")
NEW_REVIEW_DEFAULTS = {"status": ACTIVE, "demonstration": False}


class ReviewSheet(ImportKind):
    """The `review` sheet: a column of field names and a column of values, one field per row."""

    name = "review"
    sheet_headers = ("field", "value")
    sheet_optional = ("meaning",)
    key = ("slug",)
    key_words = "field"
    columns = REVIEW_FIELDS

    def parse_rows(self, rows: list[RawRow], ctx: Context, problems: list[Problem]) -> Record | None:
        """The fields as one record; row numbers are kept per field for the report."""
        by_name = {c.name: c for c in self.columns}
        raw, rows_of = {}, {}
        for row in rows:
            field = shown(row.values.get("field")).strip().lower().replace(" ", "_")
            if field not in by_name:
                problems.append(Problem(row.number, "field", shown(row.values.get("field")),
                                        "is not a field of a review: the fields are " + ", ".join(by_name)))
                continue
            if field in rows_of:
                problems.append(Problem(row.number, "field", field, f"repeats row {rows_of[field]}"))
                continue
            raw[field], rows_of[field] = row.values.get("value"), row.number
        if "slug" not in raw or is_blank(raw["slug"]):
            problems.append(Problem(None, "field", "slug", "the review sheet needs a slug row with a value"))
            return None
        before = len(problems)
        record = self.parse(RawRow(rows_of["slug"], raw), ctx, problems)
        for i in range(before, len(problems)):  # report each field's problem on its own row
            p = problems[i]
            problems[i] = Problem(rows_of.get(p.column, p.row), p.column, p.value, p.rule)
        if record is not None:
            record.rows = rows_of
        return record

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        r = m.Review
        row = ctx.session.execute(select(r.slug, r.title, r.kind, r.legal_basis, r.summary, r.starts_on, r.ends_on,
                                         r.status, r.is_demonstration, r.feedback_url, r.next_update_on)
                                  .where(r.slug == records[0]["slug"])).first() if records else None
        if row is None:
            return {}
        names = [c.name for c in self.columns]
        values = dict(zip(names, row))
        values["summary"] = values["summary"] or None
        values["status"] = values["status"] or ACTIVE
        return {(values["slug"],): {k: v for k, v in values.items() if k != "slug"}}

    def check_row(self, record: Record, ctx: Context, problems: list[Problem]) -> None:
        rows = getattr(record, "rows", {})
        if not ctx.stored:
            for name in NEW_REVIEW_NEEDS:
                if record[name] is None:
                    problems.append(Problem(rows.get(name), name, "", "a value is required for a new review"))
            for name, default in NEW_REVIEW_DEFAULTS.items():
                if record[name] is None:
                    record.values[name] = default
        starts, ends = record["starts_on"], record["ends_on"]
        if starts and ends and ends < starts:
            problems.append(Problem(rows.get("ends_on"), "ends_on", record.shown("ends_on"),
                                    "is before starts_on: the review ends before it starts"))

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        r = records[0]
        upsert_rows(ctx.session, m.Review, ["slug"], [{
            "slug": r["slug"], "title": r["title"], "kind": r["kind"], "legal_basis": r["legal_basis"],
            "summary": r["summary"] or "", "starts_on": r["starts_on"], "ends_on": r["ends_on"],
            "status": r["status"], "is_demonstration": r["demonstration"], "feedback_url": r["feedback_url"],
            "next_update_on": r["next_update_on"]}], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        r = m.Review
        row = session.execute(select(r.slug, r.title, r.kind, r.legal_basis, r.summary, r.starts_on, r.ends_on,
                                     r.status, r.is_demonstration, r.feedback_url, r.next_update_on)
                              .where(r.id == review_id)).one()
        values = dict(zip([c.name for c in self.columns], row))
        values["status"] = values["status"] or ACTIVE
        meaning = {c.name: c.meaning for c in self.columns}
        return [{"field": k, "value": (v or None) if k == "summary" else v, "meaning": meaning[k]}
                for k, v in values.items()]


# -- who takes part ------------------------------------------------------------------------
def _taking_part(value, ctx: Context):
    if isinstance(value, str) and value.strip().lower() in (ALL_AUTHORITIES, "all 32", "all authorities"):
        return ALL_AUTHORITIES
    return parse_authority(value, ctx)


class AuthoritiesSheet(ImportKind):
    name = "authorities"
    key = ("authority",)
    key_words = "authority"
    columns = (
        Column("authority", AUTHORITY_MEANING.replace(" It must take part in the review.", "") + " The word `all` "
               "stands for every one of the 32; a row naming one authority then gives its own participation.",
               "all", _taking_part),
        Column("participation", "The part the authority plays, in a few words: `all authorities`, `phase 2 area`, "
               "`partnership inspected`. Milestones can apply to one participation only.", DEFAULT_PARTICIPATION,
               lambda v, c: parse_text(v, max_length=40).lower(), required=False,
               blank_means=f"`{DEFAULT_PARTICIPATION}`; for a stored authority, no change"),
    )

    def parse(self, raw: RawRow, ctx: Context, problems: list[Problem]) -> Record | None:
        value = raw.values.get("authority")
        if isinstance(value, str) and value.strip().lower() in (ALL_AUTHORITIES, "all 32", "all authorities"):
            raw = RawRow(raw.number, {**raw.values, "authority": ALL_AUTHORITIES})
            record = Record(raw.number, {"authority": ALL_AUTHORITIES}, raw.values)
            participation = raw.values.get("participation")
            try:
                record.values["participation"] = (DEFAULT_PARTICIPATION if is_blank(participation)
                                                  else parse_text(participation, max_length=40).lower())
            except CellError as exc:
                problems.append(Problem(raw.number, "participation", shown(participation), str(exc)))
                return None
            return record
        return super().parse(raw, ctx, problems)

    def describe_key(self, record: Record) -> str:
        return "every authority" if record["authority"] == ALL_AUTHORITIES else record.shown("authority").strip()

    def expand(self, records: list[Record], ctx: Context) -> dict[int, str]:
        """Each authority taking part, with its participation: `all` first, then the named rows."""
        out: dict[int, str] = {}
        for record in records:
            if record["authority"] == ALL_AUTHORITIES:
                out.update(dict.fromkeys(ctx.authority_names, record["participation"]))
        for record in records:
            if record["authority"] != ALL_AUTHORITIES:
                out[record["authority"]] = record["participation"] or DEFAULT_PARTICIPATION
        return out

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        ra = m.ReviewAuthority
        rows = ctx.session.execute(select(ra.authority_id, ra.participation).where(ra.review_id == ctx.review_id))
        return {(aid,): {"participation": p} for aid, p in rows} if ctx.review_id else {}

    def changes(self, records: list[Record], ctx: Context):
        named = [r for r in records if r["authority"] != ALL_AUTHORITIES]
        out = super().changes(named, ctx)
        for record in records:
            if record["authority"] == ALL_AUTHORITIES and len(ctx.stored) < len(ctx.authority_names):
                out.extend(super().changes([Record(record.row, {"authority": aid, "participation":
                                                                record["participation"]}, record.raw)
                                            for aid in sorted(ctx.authority_names)
                                            if (aid,) not in ctx.stored], ctx))
        return out

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.ReviewAuthority, ["review_id", "authority_id"], [
            {"review_id": ctx.review_id, "authority_id": aid, "participation": part}
            for aid, part in sorted(self.expand(records, ctx).items())], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        ra, la = m.ReviewAuthority, m.LocalAuthority
        rows = session.execute(select(la.name, la.gss_code, ra.participation).join(la, la.id == ra.authority_id)
                               .where(ra.review_id == review_id).order_by(la.name)).all()
        if not rows:
            return []
        counts: dict[str, int] = {}
        for _name, _code, part in rows:
            counts[part] = counts.get(part, 0) + 1
        common = max(counts, key=lambda p: (counts[p], p == DEFAULT_PARTICIPATION))
        if len(rows) == len(session.execute(select(la.id)).all()):
            return ([{"authority": ALL_AUTHORITIES, "participation": common}]
                    + [{"authority": name, "participation": part} for name, _code, part in rows if part != common])
        return [{"authority": name, "participation": part} for name, _code, part in rows]


# -- questions and themes --------------------------------------------------------------------
class QuestionsSheet(ImportKind):
    name = "questions"
    key = ("code",)
    key_words = "question code"
    columns = (
        Column("code", "The question's or quality indicator's code as the review writes it.", "RQ1",
               lambda v, c: parse_text(v, max_length=20)),
        Column("text", "The question, or the indicator's title.", "How well do governance and assurance "
               "arrangements ensure statutory duties are carried out safely and effectively?",
               lambda v, c: parse_text(v, max_length=1000)),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        q = m.ReviewQuestion
        return {(code,): {"text": text} for code, text in
                ctx.session.execute(select(q.code, q.text).where(q.review_id == ctx.review_id))}

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.ReviewQuestion, ["review_id", "code"], [
            {"review_id": ctx.review_id, "code": r["code"], "text": r["text"]} for r in records], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        q = m.ReviewQuestion
        return [{"code": c, "text": t} for c, t in
                session.execute(select(q.code, q.text).where(q.review_id == review_id).order_by(q.id))]


# -- publications --------------------------------------------------------------------------
class PublicationsSheet(ImportKind):
    name = "publications"
    key = ("title", "published_on")
    key_words = "title and publication date"
    columns = (
        Column("title", "The publication's title (at most 200 characters).", "More information about the review",
               lambda v, c: parse_text(v, max_length=200)),
        Column("published_on", "The date it was published.", dt.date(2024, 7, 9), _date),
        Column("link", "Where it can be read (a web address).", "https://www.careinspectorate.com/", parse_link,
               required=False, blank_means="no link; for a stored publication, no change"),
        Column("downloads", "How many times it has been downloaded: a whole number, 0 or more.", 3311,
               lambda v, c: parse_count(v), required=False, blank_means="0; for a stored publication, no change"),
    )

    def stored(self, records: list[Record], ctx: Context) -> dict[tuple, dict]:
        p = m.Publication
        rows = ctx.session.execute(select(p.title, p.published_on, p.link, p.downloads, p.review_id))
        out = {}
        for title, day, link, downloads, review_id in rows:
            out[(title, day)] = {"link": link, "downloads": downloads}
            if review_id is not None and review_id != ctx.review_id:
                ctx.lookups.setdefault("other_publications", set()).add((title, day))
        return out

    def check(self, records: list[Record], ctx: Context, problems: list[Problem]) -> None:
        self.check_duplicates(records, problems)
        others = ctx.lookups.get("other_publications", set())
        for record in records:
            if self.row_key(record) in others:
                problems.append(Problem(record.row, "title", record.shown("title"),
                                        "is already a publication of another review on the same date"))

    def write(self, records: list[Record], ctx: Context, counts) -> None:
        upsert_rows(ctx.session, m.Publication, ["title", "published_on"], [
            {"title": r["title"], "published_on": r["published_on"], "link": r["link"],
             "downloads": r["downloads"] or 0, "review_id": ctx.review_id} for r in records], counts)

    def export_rows(self, session, review_id: int | None) -> list[dict]:
        p = m.Publication
        return [{"title": t, "published_on": d, "link": link, "downloads": n} for t, d, link, n in
                session.execute(select(p.title, p.published_on, p.link, p.downloads)
                                .where(p.review_id == review_id).order_by(p.published_on, p.title))]
