"""Writes the demonstration dataset into the database by natural key (idempotent)."""
from __future__ import annotations

from sqlalchemy import select

from data_access import models as m
from data_access.db import Database, bump_data_version, ensure_meta
from data_access.importers import ImportCommand, describe
from data_access.writes import WriteCounts, refresh_response_totals, upsert_rows

from . import definitions, generator, programme


def _ids(session, model, *cols) -> dict:
    key_cols = [getattr(model, c) for c in cols]
    out = {}
    for row in session.execute(select(*key_cols, model.id)):
        out[row[0] if len(cols) == 1 else tuple(row[:-1])] = row[-1]
    return out


def seed(db: Database, scale: int = 1) -> WriteCounts:
    """Load the demonstration data; running it again with the same scale changes nothing.

    Each review's definition goes in through its review workbook (the path a real review is set
    up by); the synthetic per-authority detail is then written by natural key.
    """
    ds = generator.build(scale)
    counts = WriteCounts()
    with db.session() as s:
        upsert_rows(s, m.LocalAuthority, ["gss_code"], ds.authorities, counts)
    for slug, content in definitions.workbooks(ds).items():
        result = ImportCommand(db, "review", f"{slug}.xlsx", content, record=False).run()
        if not result.ok:
            raise RuntimeError(f"the demonstration review {slug} did not import: "
                               + "; ".join(describe(p) for p in result.problems[:5]))
        for table, (inserted, updated, unchanged) in result.by_table.items():
            counts.add(table, inserted, updated, unchanged)
    with db.session() as s:
        la = _ids(s, m.LocalAuthority, "gss_code")
        rv = _ids(s, m.Review, "slug")
        ms = _ids(s, m.Milestone, "review_id", "code")
        upsert_rows(s, m.AuthorityMilestone, ["milestone_id", "authority_id"], [
            {"milestone_id": ms[(rv[r["review"]], r["milestone"])], "authority_id": la[r["gss_code"]],
             "due_date": r["due_date"], "completed_on": r["completed_on"]} for r in ds.authority_milestones], counts)
        upsert_rows(s, m.MilestoneCommentary, ["milestone_id", "authority_id", "written_on"], [
            {"milestone_id": ms[(rv[r["review"]], r["milestone"])], "authority_id": la[r["gss_code"]],
             "written_on": r["written_on"], "body": r["body"]} for r in ds.commentary], counts)
        upsert_rows(s, m.DocumentReturn, ["review_id", "authority_id"], [
            {"review_id": rv[r["review"]], "authority_id": la[r["gss_code"]], "documents": r["documents"],
             "returned_on": r["returned_on"]} for r in ds.documents], counts)
        sv = _ids(s, m.Survey, "review_id", "code")
        upsert_rows(s, m.SurveyEligible, ["survey_id", "authority_id"], [
            {"survey_id": sv[(rv[r["review"]], r["survey"])], "authority_id": la[r["gss_code"]],
             "eligible": r["eligible"]} for r in ds.eligible], counts)
        before = counts.by_table.get("survey_response_daily", [0, 0, 0])[:2]
        upsert_rows(s, m.SurveyResponseDaily, ["survey_id", "authority_id", "day"], [
            {"survey_id": sv[(rv[r["review"]], r["survey"])], "authority_id": la[r["gss_code"]], "day": r["day"],
             "responses": r["responses"]} for r in ds.responses], counts, chunk=2000)
        if counts.by_table["survey_response_daily"][:2] != before:
            refresh_response_totals(s, sv.values())
        th = _ids(s, m.Theme, "review_id", "code")
        upsert_rows(s, m.ThemeTally, ["theme_id", "authority_id", "source", "polarity", "week_start"], [
            {"theme_id": th[(rv[r["review"]], r["theme"])], "authority_id": la[r["gss_code"]], "source": r["source"],
             "polarity": r["polarity"], "week_start": r["week_start"], "tally": r["tally"]} for r in ds.tallies],
            counts, chunk=2000)
        upsert_rows(s, m.Publication, ["title", "published_on"], [
            {"title": r["title"], "published_on": r["published_on"], "downloads": r["downloads"], "review_id": None}
            for r in ds.publications if not r["review"]], counts)
        meta = ensure_meta(s)
        if meta.as_of != programme.DEMO_AS_OF or not meta.is_demonstration:
            first = meta.as_of is None
            meta.as_of = programme.DEMO_AS_OF
            meta.is_demonstration = True
            counts.add("dataset_meta", int(first), int(not first), 0)
        else:
            counts.add("dataset_meta", 0, 0, 1)
        if counts.changed:
            bump_data_version(s)
    return counts
