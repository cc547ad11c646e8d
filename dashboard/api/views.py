"""What each data API endpoint reads: the same scoped, disclosure-controlled reads as the pages.

Each function takes the caller's `Ask`, the path values and the checked query parameters, and
returns the rows as a DataFrame with the name of the contract shape they have.
"""
from __future__ import annotations

from data_access import outputs, queries, surveys, timeline
from data_access.queries import NotFound

from ..auth import Forbidden as OutOfScope
from ..context import Ask


def _visible_review(ask: Ask, slug: str) -> None:
    if slug not in set(queries.reviews(ask.db, ask.scope, as_of=ask.day).slug):
        raise NotFound(f"There is no review '{slug}' that you can see.")


def reviews(ask: Ask, query: dict):
    frame = queries.reviews(ask.db, ask.scope, as_of=ask.day)
    return frame.assign(demonstration=frame.is_demonstration.astype(bool)), "review"


def local_authorities(ask: Ask, query: dict):
    return queries.local_authorities(ask.db, ask.scope, as_of=ask.day), "authority"


def progress(ask: Ask, query: dict, slug: str):
    _visible_review(ask, slug)
    if ask.scope.sees_any_authority:
        return queries.authority_progress(ask.db, ask.scope, slug, as_of=ask.day), "authority"
    return queries.national_status_counts(ask.db, ask.scope, slug, as_of=ask.day), "national"


def timeline_bars(ask: Ask, query: dict, slug: str):
    _visible_review(ask, slug)
    return timeline.review_gantt(ask.db, ask.scope, slug, as_of=ask.day), "bar"


def survey_rates(ask: Ask, query: dict, slug: str):
    _visible_review(ask, slug)
    frame = queries.survey_totals(ask.db, ask.scope, slug, as_of=ask.day)
    if "survey" in query:
        frame = frame[frame.code == query["survey"]]
        if frame.empty:
            raise NotFound(f"The review '{slug}' has no survey '{query['survey']}'.")
    return frame, "survey"


def themes(ask: Ask, query: dict, slug: str):
    _visible_review(ask, slug)
    return queries.theme_totals(ask.db, ask.scope, slug, as_of=ask.day), "theme"


def publications(ask: Ask, query: dict):
    review = query.get("review")
    if review is not None:
        _visible_review(ask, review)
    return outputs.publications(ask.db, ask.scope, as_of=ask.day, review=review), "publication"


def review_surveys(ask: Ask, query: dict, slug: str):
    _visible_review(ask, slug)
    return surveys.review_surveys(ask.db, ask.scope, slug, as_of=ask.day), "survey"


def survey_responses(ask: Ask, query: dict, slug: str, code: str):
    _visible_review(ask, slug)
    group = query.get("family_group")
    if group is not None and not surveys.sees_family_groups(ask.scope):
        raise OutOfScope("Family groups are not shown to your role.")
    frame = surveys.cumulative_responses(ask.db, ask.scope, slug, code, as_of=ask.day, family_group=group)
    # A window keeps only days already shown: every step between them is a sum of shown steps,
    # so narrowing the dates reveals nothing the whole series does not.
    if "start" in query:
        frame = frame[frame.day >= query["start"]]
    if "end" in query:
        frame = frame[frame.day <= query["end"]]
    return frame, "day"


def document_returns(ask: Ask, query: dict, slug: str):
    _visible_review(ask, slug)
    return outputs.document_returns(ask.db, ask.scope, slug, as_of=ask.day), "area"


READS = {
    "reviews": reviews, "local_authorities": local_authorities, "progress": progress, "timeline": timeline_bars,
    "survey_rates": survey_rates, "themes": themes, "publications": publications, "surveys": review_surveys,
    "survey_responses": survey_responses, "document_returns": document_returns,
}

__all__ = ["NotFound", "OutOfScope", "READS"]
