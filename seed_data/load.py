"""Writes the demonstration dataset into the database by natural key (idempotent)."""
from __future__ import annotations

from sqlalchemy import select

from data_access import models as m
from data_access.db import Database, bump_data_version, ensure_meta
from data_access.writes import WriteCounts, refresh_response_totals, upsert_rows

from . import generator, programme


def _ids(session, model, *cols) -> dict:
    key_cols = [getattr(model, c) for c in cols]
    out = {}
    for row in session.execute(select(*key_cols, model.id)):
        out[row[0] if len(cols) == 1 else tuple(row[:-1])] = row[-1]
    return out


def seed(db: Database, scale: int = 1) -> WriteCounts:
    """Load the demonstration data; running it again with the same scale changes nothing."""
    ds = generator.build(scale)
    counts = WriteCounts()
    with db.session() as s:
        upsert_rows(s, m.LocalAuthority, ["gss_code"], ds.authorities, counts)
        la = _ids(s, m.LocalAuthority, "gss_code")
        upsert_rows(s, m.Review, ["slug"], ds.reviews, counts)
        rv = _ids(s, m.Review, "slug")
        upsert_rows(s, m.ReviewAuthority, ["review_id", "authority_id"], [
            {"review_id": rv[r["review"]], "authority_id": la[r["gss_code"]], "participation": r["participation"]}
            for r in ds.participation], counts)
        upsert_rows(s, m.ReviewQuestion, ["review_id", "code"], [
            {"review_id": rv[r["review"]], "code": r["code"], "text": r["text"]} for r in ds.questions], counts)
        rq = _ids(s, m.ReviewQuestion, "review_id", "code")
        upsert_rows(s, m.Phase, ["review_id", "name"], [
            {"review_id": rv[r["review"]], **{k: v for k, v in r.items() if k != "review"}} for r in ds.phases], counts)
        ph = _ids(s, m.Phase, "review_id", "seq")
        upsert_rows(s, m.Milestone, ["review_id", "code"], [
            {"review_id": rv[r["review"]], "phase_id": ph[(rv[r["review"]], r["phase_seq"])],
             **{k: v for k, v in r.items() if k not in ("review", "phase_seq")}} for r in ds.milestones], counts)
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
        upsert_rows(s, m.Survey, ["review_id", "code"], [
            {"review_id": rv[r["review"]], **{k: v for k, v in r.items() if k != "review"}}
            for r in ds.surveys], counts)
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
        for parent_pass in (False, True):  # parents first, so children can point at them
            th = _ids(s, m.Theme, "review_id", "code")
            upsert_rows(s, m.Theme, ["review_id", "code"], [
                {"review_id": rv[r["review"]], "code": r["code"], "name": r["name"],
                 "parent_id": th[(rv[r["review"]], r["parent"])] if r["parent"] else None,
                 "question_id": rq[(rv[r["review"]], r["question"])]}
                for r in ds.themes if bool(r["parent"]) == parent_pass], counts)
        th = _ids(s, m.Theme, "review_id", "code")
        upsert_rows(s, m.ThemeTally, ["theme_id", "authority_id", "source", "polarity", "week_start"], [
            {"theme_id": th[(rv[r["review"]], r["theme"])], "authority_id": la[r["gss_code"]], "source": r["source"],
             "polarity": r["polarity"], "week_start": r["week_start"], "tally": r["tally"]} for r in ds.tallies],
            counts, chunk=2000)
        upsert_rows(s, m.Publication, ["title", "published_on"], [
            {"title": r["title"], "published_on": r["published_on"], "downloads": r["downloads"],
             "review_id": rv[r["review"]] if r["review"] else None} for r in ds.publications], counts)
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
