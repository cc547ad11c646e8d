"""The demonstration reviews' definitions, written as the review workbooks a regulator would fill in.

The seed imports these workbooks with `oversight import review`'s own code, so the path a real
review is set up by is the path every fresh database is built by.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from data_access.importers.review import write_book
from data_access.importers.surveys import LATE_RETURN_DAYS
from data_access.reference import AUTHORITY_BY_CODE

from .generator import ALL_CODES, Dataset


def _by_review(rows: list[dict]) -> dict[str, list[dict]]:
    out = defaultdict(list)
    for row in rows:
        out[row["review"]].append(row)
    return out


def _taking_part(rows: list[dict]) -> list[dict]:
    """`all` with the commonest participation when all 32 take part, then each authority that differs."""
    parts = {r["gss_code"]: r["participation"] for r in rows}
    if set(parts) != set(ALL_CODES):
        return [{"authority": AUTHORITY_BY_CODE[c].name, "participation": p} for c, p in sorted(parts.items())]
    common = max(set(parts.values()), key=list(parts.values()).count)
    return [{"authority": "all", "participation": common}] + [
        {"authority": AUTHORITY_BY_CODE[c].name, "participation": p} for c, p in sorted(parts.items()) if p != common]


def workbooks(ds: Dataset) -> dict[str, bytes]:
    """Each review's workbook by slug, from the generated dataset."""
    participation, questions = _by_review(ds.participation), _by_review(ds.questions)
    phases, milestones, surveys = _by_review(ds.phases), _by_review(ds.milestones), _by_review(ds.surveys)
    themes, dues = _by_review(ds.themes), _by_review(ds.authority_milestones)
    publications = _by_review([p for p in ds.publications if p["review"]])
    out = {}
    for review in ds.reviews:
        slug = review["slug"]
        planned = {ms["code"]: ms["planned_date"] for ms in milestones[slug]}
        fields = {"slug": slug, "title": review["title"], "kind": review["kind"],
                  "legal_basis": review.get("legal_basis"), "summary": review["summary"],
                  "starts_on": review["starts_on"], "ends_on": review["ends_on"], "status": "active",
                  "demonstration": True}
        out[slug] = write_book({
            "review": [{"field": k, "value": v} for k, v in fields.items()],
            "authorities": _taking_part(participation[slug]),
            "questions": [{"code": q["code"], "text": q["text"]} for q in questions[slug]],
            "phases": [{k: p[k] for k in ("seq", "name", "planned_start", "planned_end", "actual_start",
                                           "actual_end")} for p in phases[slug]],
            "milestones": [{"seq": ms["seq"], "code": ms["code"], "name": ms["name"], "phase_seq": ms["phase_seq"],
                            "planned_start": ms["planned_start"], "due_date": ms["planned_date"],
                            "actual_date": ms["actual_date"], "per_authority": ms["per_authority"],
                            "applies_to": ms["applies_to"]} for ms in milestones[slug]],
            "partnerships": [{"authority": AUTHORITY_BY_CODE[d["gss_code"]].name, "milestone": d["milestone"],
                              "due_date": d["due_date"]} for d in dues[slug]
                             if d["due_date"] != planned[d["milestone"]]],
            "surveys": [{"code": sv["code"], "title": sv["name"], "audience": sv["audience"],
                         "counts_people": sv["counts_people"], "opens_on": sv["opens_on"],
                         "closes_on": sv["closes_on"], "target_rate": round(sv["target_rate"] * 100, 4),
                         # Late returns: an authority's late submission, a partnership's own window.
                         "late_returns_until": sv["closes_on"] + dt.timedelta(days=LATE_RETURN_DAYS)}
                        for sv in surveys[slug]],
            "themes": [{"code": t["code"], "name": t["name"], "parent": t["parent"], "question": t["question"]}
                       for t in themes[slug]],
            "publications": [{"title": p["title"], "published_on": p["published_on"], "downloads": p["downloads"]}
                             for p in publications[slug]],
        })
    return out
