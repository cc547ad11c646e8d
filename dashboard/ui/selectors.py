"""Choices shared by page layouts: the reviews the caller may see, and the default."""
from __future__ import annotations

from data_access import queries
from data_access.reviews import SHUT

from ..context import as_of, current_db, current_scope


def _label(status: str, demo: bool) -> str:
    """What a review's name in a chooser adds: whether it is closed or archived, or a demonstration."""
    words = [status] if status in SHUT else []
    if demo:
        words.append("demonstration")
    return f" ({', '.join(words)})" if words else ""


def review_options(requested: str | None) -> tuple[list[dict], str | None]:
    day, _ = as_of()
    frame = queries.reviews(current_db(), current_scope(), as_of=day)
    _, all_demo = as_of()
    options = [{"label": title + _label(status, demo and not all_demo), "value": slug}
               for slug, title, status, demo in zip(frame.slug, frame.title, frame.status, frame.is_demonstration)]
    slugs = set(frame.slug)
    chosen = requested if requested in slugs else queries.most_active_review(frame)
    return options, chosen
