"""Choices shared by page layouts: the reviews the caller may see, and the default."""
from __future__ import annotations

from data_access import queries

from ..context import as_of, current_db, current_scope


def review_options(requested: str | None) -> tuple[list[dict], str | None]:
    day, _ = as_of()
    frame = queries.reviews(current_db(), current_scope(), as_of=day)
    options = [{"label": t, "value": s} for s, t in zip(frame.slug, frame.title)]
    slugs = set(frame.slug)
    chosen = requested if requested in slugs else queries.most_active_review(frame)
    return options, chosen
