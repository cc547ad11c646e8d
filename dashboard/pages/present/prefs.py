"""Each presenter's own deck for a review: which slides they hide and in what order (their only write)."""
from __future__ import annotations


def current_prefs(review: str) -> tuple[list[str], frozenset[str]]:
    """The signed-in presenter's order and hidden slides for the review (the usual deck until they change it)."""
    return [], frozenset()


def register(app) -> None:
    """Wires the deck editor's callbacks."""
