"""Statistical disclosure control (SPEC section 5), applied before data leaves data_access.

Who: roles without exact small counts (co-ordinators, presenters; `needs_control(scope)`).
For everyone else every function here returns its input unchanged. What: counts of people
(survey responses, eligible populations, young people, staff) and theme tallies, and every
rate built on them. Counts of authorities, documents and days are never passed through here.
A suppressed value is `SUPPRESSED`, the one instance of `Suppressed`: not a number (arithmetic
and `float()` on it fail), printed as "c" for people (`dashboard.ui.format`), carried as null plus
a `<column>_suppressed` flag in machine formats (the API). Columns that may hold it become object
dtype. Consumers ask `exact(v)` (a number shown exactly) or `number(v)` (the number, else None),
never compare with a marker themselves.

Three functions, one per shape of data. Call the one that matches what the page shows,
inside the (cached) query function, with the caller's scope:

`protect(frame, scope, counts=(), rates=None)`
    A list of independent counts with no totals shown across rows (e.g. one row per
    survey). Primary suppression only: counts 1..k-1 become "c"; a rate in `rates`
    ({rate column: (numerator column, denominator column)}) becomes "c" when either part
    is below k or suppressed.

`protect_table(frame, scope, row, col, value, totals=("row", "col", "grand"), rates=None,
               include_totals=False)`
    A matrix in long form, one line per (row, col) cell, e.g. theme x evidence source,
    theme x polarity, authority x week. `totals` names the margins the role can see for
    this measure anywhere (row totals, column totals, the grand total). Cells 1..k-1 are
    suppressed, then further cells (secondary suppression) until, using only
    non-negativity and the totals shown, every suppressed cell's feasible range (linear
    programming) is at least k wide. Margins that are themselves 1..k-1 are suppressed
    too. Cells absent from the frame are taken as published zeros. With
    `include_totals=True` the result also holds the margins as extra lines whose row or
    col is `TOTAL` ("Total"): show those, never totals summed from the protected cells.

`protect_cumulative(frame, scope, time, value, by=None, final_shown=True, rates=None)`
    A cumulative series (e.g. responses to date by day), optionally one per `by` group.
    Points are suppressed so that no difference between shown points is 1..k-1, and each
    suppressed point lies between shown points at least k apart. `final_shown=True` (the
    default) treats the last point as known from elsewhere (e.g. a national total card)
    and keeps it consistent with that.

`LinkedCounts(values, lines, published, k, lower)`
    The engine behind `protect_table`, for several tables of one measure that share totals
    (data_access.theme_protection builds one per review for the theme tallies): entries tied by
    lines `margin = sum(members)`, some never published, with lower bounds the role can learn.
    `secondary()` hides entries until every hidden one's feasible range is at least k wide.

Cross-checks a role could make between different measures (e.g. one authority's series
against the national one) are the caller's to avoid: show a co-ordinator their own
authority beside the national figure, not beside "the rest of Scotland".
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .scope import Scope
from .suppressed import SUPPRESSED, Suppressed, exact, is_suppressed, number

log = logging.getLogger(__name__)

__all__ = ["SUPPRESSED", "TOTAL", "LinkedCounts", "Suppressed", "exact", "is_suppressed", "needs_control", "number",
           "protect", "protect_cumulative", "protect_table"]

TOTAL = "Total"


def needs_control(scope: Scope) -> bool:
    return not scope.exact_small_counts


def _is_small(v, k: int) -> bool:
    return exact(v) and 0 < float(v) < k


def _missing_or_small(v, k: int) -> bool:
    return not exact(v) or 0 < float(v) < k


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
    small = {c: out[c].apply(lambda v: _is_small(v, k)) for c in counts}
    for rate, (num, den) in (rates or {}).items():
        mask = pd.Series(False, index=out.index)
        for part in (num, den):
            if part in small:
                mask |= small[part]
            mask |= out[part].apply(lambda v: _missing_or_small(v, k))
        out[rate] = out[rate].astype(object).where(~mask, SUPPRESSED)
    for c in counts:
        out[c] = out[c].astype(object).where(~small[c], SUPPRESSED)
    return out


# -- tables and linked tables ------------------------------------------------------------------
class LinkedCounts:
    """Entries of one measure (cells, margins, series points), the linear lines that tie them
    (`margin = sum(members)`), and which published entries are hidden.

    Entries not in `published` are never shown (e.g. a column total no page prints) but still
    take part as unknowns, so whatever can be derived through them is accounted for. `lower`
    gives lower bounds the role can learn elsewhere (e.g. a count of combinations coded that
    week is a floor under that week's tally).
    """

    def __init__(self, values: dict, lines: list, published, k: int, lower: Mapping | None = None):
        self.k = k
        self.values = dict(values)
        self.lines: list[tuple[tuple, list[tuple]]] = list(lines)
        self.published = set(published)
        self.lower = dict(lower or {})
        self.margins = {margin for margin, _ in self.lines}
        self.suppressed = {key for key in self.published if 0 < self.values.get(key, 0) < k}

    def _unknowns(self) -> list:
        hidden = set(self.suppressed)
        for margin, members in self.lines:
            hidden |= {key for key in (margin, *members) if key not in self.published}
        return sorted(hidden, key=repr)

    def ranges(self) -> dict:
        """Each suppressed entry's (min, max) given the shown entries, the lines and the bounds."""
        from scipy.optimize import linprog  # kept lazy: a missing scipy degrades to whole-table suppression

        if not self.suppressed:
            return {}
        unknown = self._unknowns()
        index = {key: i for i, key in enumerate(unknown)}
        rows_a, rows_b = [], []
        for margin, members in self.lines:
            a = np.zeros(len(unknown))
            b = 0.0
            for key in members:
                if key in index:
                    a[index[key]] += 1
                else:
                    b -= self.values.get(key, 0)
            if margin in index:
                a[index[margin]] -= 1
            else:
                b += self.values.get(margin, 0)
            if a.any():
                rows_a.append(a)
                rows_b.append(b)
        a_eq = np.array(rows_a) if rows_a else None
        b_eq = np.array(rows_b) if rows_b else None
        bounds = [(float(self.lower.get(key, 0)), None) for key in unknown]
        out = {}
        for key in sorted(self.suppressed, key=repr):
            c = np.zeros(len(unknown))
            c[index[key]] = 1
            low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            lo = low.fun if low.status == 0 else 0.0
            hi = float("inf") if high.status == 3 else (-high.fun if high.status == 0 else float("inf"))
            out[key] = (lo, hi)
        return out

    def _neighbours(self, key) -> list:
        """Shown entries that share a line with `key`."""
        found = []
        for margin, members in self.lines:
            group = [margin, *members]
            if key in group:
                found += [m for m in group if m not in self.suppressed and m in self.published]
        return list(dict.fromkeys(found))

    def _complement(self, key, within: list | None = None):
        """The entry to hide next to `key`: the smallest non-zero cell sharing a line with it
        (least information lost), else a zero cell, else a margin; None if nothing is left."""
        candidates = self._neighbours(key)
        if within is not None:
            candidates = [c for c in candidates if c in within]
        cells = [c for c in candidates if c not in self.margins]
        pick = (sorted([c for c in cells if self.values[c] > 0], key=lambda c: (self.values[c], repr(c)))
                or sorted(cells, key=repr)
                or sorted(candidates, key=lambda c: (c == ("grand",), self.values[c], repr(c))))
        return pick[0] if pick else None

    def _slack(self, keys) -> float:
        return sum(self.values.get(m, 0) - self.lower.get(m, 0) for m in keys)

    def _line_pass(self) -> None:
        """Cheap first round: no line (with its margin) may hold exactly one hidden entry, or hidden
        entries with less than k of room between them. The linear programme then checks the whole."""
        changed = True
        while changed:
            changed = False
            for margin, members in self.lines:
                group = [margin, *members]
                if any(m not in self.published for m in group):
                    continue  # an unshown entry in the line: only the linear programme can judge it
                hidden = [m for m in group if m in self.suppressed]
                while hidden and (len(hidden) == 1 or self._slack([m for m in hidden if m != margin]) < self.k):
                    pick = self._complement(hidden[0], within=group)
                    if pick is None:
                        break
                    self.suppressed.add(pick)
                    hidden.append(pick)
                    changed = True

    def secondary(self) -> None:
        """Suppress complements until every suppressed entry's feasible range is at least k wide."""
        self._line_pass()
        for _ in range(len(self.published) + 1):
            failing = [key for key, (lo, hi) in sorted(self.ranges().items(), key=lambda kv: repr(kv[0]))
                       if hi - lo < self.k - 1e-9]
            if not failing:
                return
            added = False
            for key in failing:
                pick = self._complement(key)
                if pick is not None and pick not in self.suppressed:
                    self.suppressed.add(pick)
                    added = True
            if not added:
                break
        # Nothing left to pair with: hide everything published.
        self.suppress_everything()

    def suppress_everything(self) -> None:
        self.suppressed |= set(self.published)


class _Table(LinkedCounts):
    """One (row x col) table with the margins named in `totals` shown."""

    def __init__(self, cells: dict, rows: list, cols: list, totals: Sequence[str], k: int):
        values: dict = dict(cells)  # keys ("cell", r, c), ("row", r), ("col", c), ("grand",)
        for r in rows:
            for c in cols:
                values.setdefault(("cell", r, c), 0)
        lines = []
        self.shown = set(totals)
        if "row" in self.shown:
            for r in rows:
                values[("row", r)] = sum(values[("cell", r, c)] for c in cols)
                lines.append((("row", r), [("cell", r, c) for c in cols]))
        if "col" in self.shown:
            for c in cols:
                values[("col", c)] = sum(values[("cell", r, c)] for r in rows)
                lines.append((("col", c), [("cell", r, c) for r in rows]))
        if "grand" in self.shown:
            values[("grand",)] = sum(cells.values())
            lines.append((("grand",), [("cell", r, c) for r in rows for c in cols]))
        published = {key for key in values if key[0] == "cell" or key[0] in self.shown}
        super().__init__(values, lines, published, k)


def protect_table(
    frame: pd.DataFrame,
    scope: Scope,
    row: str,
    col: str,
    value: str,
    totals: Sequence[str] = ("row", "col", "grand"),
    rates: Mapping[str, str] | None = None,
    include_totals: bool = False,
) -> pd.DataFrame:
    """Primary and secondary suppression of a (row x col) table of people counts in long form.

    `rates` maps a rate column to its denominator column; the rate is suppressed where the
    cell is suppressed or the denominator is below k. See the module docstring.
    """
    unknown_totals = set(totals) - {"row", "col", "grand"}
    if unknown_totals:
        raise ValueError(f"unknown totals: {sorted(unknown_totals)}")
    control = needs_control(scope)
    if frame.empty or (not control and not include_totals):
        return frame
    if frame.duplicated([row, col]).any():
        raise ValueError(f"protect_table needs one line per ({row}, {col})")
    rows = list(dict.fromkeys(frame[row]))
    cols = list(dict.fromkeys(frame[col]))
    cells = {("cell", r, c): int(v) for r, c, v in zip(frame[row], frame[col], frame[value].fillna(0))}
    table = _Table(cells, rows, cols, totals, scope.k)
    if control:
        try:
            table.secondary()
        except ImportError:
            log.warning("scipy is not installed: suppressing whole tables for roles without exact counts")
            table.suppress_everything()
    out = frame.copy()
    if include_totals:
        extra = []
        if "row" in table.shown:
            extra += [{row: r, col: TOTAL, value: table.values[("row", r)], "_key": ("row", r)} for r in rows]
        if "col" in table.shown:
            extra += [{row: TOTAL, col: c, value: table.values[("col", c)], "_key": ("col", c)} for c in cols]
        if "grand" in table.shown:
            extra.append({row: TOTAL, col: TOTAL, value: table.values[("grand",)], "_key": ("grand",)})
        out["_key"] = [("cell", r, c) for r, c in zip(out[row], out[col])]
        out = pd.concat([out, pd.DataFrame(extra)], ignore_index=True)
    else:
        out["_key"] = [("cell", r, c) for r, c in zip(out[row], out[col])]
    if control:
        hidden = out["_key"].apply(lambda key: key in table.suppressed)
        out[value] = out[value].astype(object).where(~hidden, SUPPRESSED)
        for rate, den in (rates or {}).items():
            if rate not in out:
                continue
            mask = hidden | out[den].apply(lambda v: _missing_or_small(v, scope.k)) if den in out else hidden
            out[rate] = out[rate].astype(object).where(~mask, SUPPRESSED)
    return out.drop(columns=["_key"])


# -- cumulative series -----------------------------------------------------------------------
def _protect_series(values: list[float], k: int, final_shown: bool) -> list[bool]:
    """Which points of one non-decreasing cumulative series to hide."""
    n = len(values)
    hide = [False] * n
    shown: list[int] = []  # indexes of shown points; the baseline 0 before the start is known
    last = 0.0
    for i, v in enumerate(values):
        step = v - last
        if step == 0 or step >= k:
            shown.append(i)
            last = v
        else:
            hide[i] = True
    if final_shown and n and hide[-1] and values[-1] >= k:
        # The last value is known from elsewhere: keep the gap to it at least k wide.
        hide[-1] = False
        while shown and values[-1] - values[shown[-1]] < k:
            hide[shown.pop()] = True
    return hide


def protect_cumulative(
    frame: pd.DataFrame,
    scope: Scope,
    time: str,
    value: str,
    by: str | Sequence[str] | None = None,
    final_shown: bool = True,
    rates: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Suppress points of cumulative series of people counts (one per `by` group) so that no
    increment 1..k-1 can be recovered from consecutive points. `rates` maps a rate column to
    its denominator column. Returns a copy sorted by (`by`, `time`)."""
    if not needs_control(scope) or frame.empty:
        return frame
    k = scope.k
    keys = [by] if isinstance(by, str) else list(by or [])
    out = frame.sort_values(keys + [time], kind="stable").reset_index(drop=True)
    hide = pd.Series(False, index=out.index)
    groups = out.groupby(keys, sort=False).indices.values() if keys else [np.arange(len(out))]
    for idx in groups:
        idx = list(idx)
        vals = [float(v) if v == v else 0.0 for v in out.loc[idx, value]]
        for i, h in zip(idx, _protect_series(vals, k, final_shown)):
            hide.iloc[i] = h
    out[value] = out[value].astype(object).where(~hide, SUPPRESSED)
    for rate, den in (rates or {}).items():
        mask = hide | out[den].apply(lambda v: _missing_or_small(v, k))
        out[rate] = out[rate].astype(object).where(~mask, SUPPRESSED)
    return out
