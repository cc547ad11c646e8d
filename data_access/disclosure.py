"""Statistical disclosure control (SPEC section 5), applied before data leaves data_access.

For roles without exact small counts (co-ordinators, presenters), counts of people from 1 to
k-1 are shown as "c", and so is every rate built on a suppressed or small numerator or
denominator. Counts of authorities, documents and days are never passed through here.
"""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

from .scope import Scope

SUPPRESSED = "c"


def needs_control(scope: Scope) -> bool:
    return not scope.exact_small_counts


def protect(
    frame: pd.DataFrame,
    scope: Scope,
    counts: Iterable[str] = (),
    rates: Mapping[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Primary suppression of people counts and the rates built on them.

    `counts` names columns of people counts; `rates` maps a rate column to its
    (numerator, denominator) count columns. Returns a copy; unchanged for roles that see
    exact small counts.
    """
    if not needs_control(scope) or frame.empty:
        return frame
    k = scope.k
    out = frame.copy()
    counts = list(counts)
    small = {c: out[c].apply(lambda v: v is not None and v == v and 0 < int(v) < k) for c in counts}
    for rate, (num, den) in (rates or {}).items():
        mask = pd.Series(False, index=out.index)
        for part in (num, den):
            if part in small:
                mask |= small[part]
            mask |= out[part].apply(lambda v: v is None or v != v or 0 < int(v) < k)
        out[rate] = out[rate].astype(object).where(~mask, SUPPRESSED)
    for c in counts:
        out[c] = out[c].astype(object).where(~small[c], SUPPRESSED)
    return out
