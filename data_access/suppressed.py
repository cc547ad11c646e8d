"""The value disclosure control puts where a number is withheld: one sentinel, never mistaken for a number."""
from __future__ import annotations

import pandas as pd


class Suppressed:
    """A value withheld by disclosure control. There is one instance, `SUPPRESSED`."""

    _instance: Suppressed | None = None
    __slots__ = ()

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __str__(self) -> str:
        return "c"  # the Office for National Statistics' mark for a confidential value

    def __reduce__(self):
        return "SUPPRESSED"  # unpickled (from the cache) as the same instance


SUPPRESSED = Suppressed()


def is_suppressed(value) -> bool:
    return value is SUPPRESSED


def exact(value) -> bool:
    """Whether a value is a number shown exactly: not missing, not NaN, not suppressed."""
    if value is None or value is SUPPRESSED or isinstance(value, str):
        return False
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return False


def number(value) -> float | None:
    """The value as a float when it is shown exactly, else None (missing or suppressed)."""
    return float(value) if exact(value) else None
