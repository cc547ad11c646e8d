"""The kinds of file the importer reads and the exporter writes, by the name used on the command line."""
from __future__ import annotations

from .base import ImportKind
from .documents import DocumentReturnsKind
from .problems import UsageError
from .progress import ProgressKind
from .publications import PublicationsKind
from .review import ReviewKind
from .surveys import SurveyEligibleKind, SurveyResponsesKind
from .themes import ThemesKind
from .timeline import TimelineKind

KINDS: dict[str, ImportKind] = {
    kind.name: kind
    for kind in (ReviewKind(), TimelineKind(), ProgressKind(), SurveyEligibleKind(), SurveyResponsesKind(),
                 ThemesKind(), DocumentReturnsKind(), PublicationsKind())
}


def get_kind(name: str) -> ImportKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UsageError(f"unknown kind '{name}': choose one of {', '.join(KINDS)}") from None
