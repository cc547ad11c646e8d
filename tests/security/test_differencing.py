"""An insider with a protected role (presenter, co-ordinator) collects every theme tally and survey
count the data layer gives them, over every filter value the pages may send, and tries to work the
hidden ones out (SPEC section 5).

Each number obtained is a sum over the underlying tallies (theme, sub-theme, polarity, evidence
source, week, own authority or not). Together the shown numbers are linear equations and the counts
of combinations coded (saturation, co-occurrence) are floors; for every hidden number linear
programming gives the smallest and largest value consistent with all of them and non-negativity,
and that range must be at least k wide. CI sends a fixed sample of date windows (each single week
and every third week-to-date window: the attacks that found the weekly tallies);
OVERSIGHT_TEST_FULL_MATRIX=1 sends every window between two week starts.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil

import numpy as np
import pandas as pd
import pytest
from import_corpus import review_book
from scipy.optimize import linprog
from sqlalchemy import func, select

from data_access import models as m
from data_access import profiles, queries, surveys, themes
from data_access.db import Database
from data_access.disclosure import SUPPRESSED
from data_access.queries import NotFound
from data_access.scope import Scope

K = 5
AS_OF = dt.date(2024, 10, 1)  # the demonstration data's stored date: protected roles cannot change it
# The demonstration reviews, and a real one set up from its workbook and publishers' files.
REVIEWS = ["social-work-governance", "care-experienced-young-people", "self-evaluation-qi-6-4",
           "joint-inspections-children-at-risk", review_book.SLUG]
ROLES = {"presenter": Scope("presenter", k=K),
         "coordinator-edinburgh": Scope("coordinator", "S12000036", k=K),
         "coordinator-shetland": Scope("coordinator", "S12000027", k=K)}
FULL_MATRIX = os.environ.get("OVERSIGHT_TEST_FULL_MATRIX", "") not in ("", "0")


@pytest.fixture(scope="module")
def db(tmp_path_factory, _seeded_template):
    path = tmp_path_factory.mktemp("differencing") / "seeded.sqlite3"
    shutil.copy(_seeded_template, path)
    database = Database(f"sqlite:///{path}")
    book, eligible, responses = review_book.set_up_review(database, path.parent)
    assert book.ok and eligible.ok and responses.ok
    yield database
    database.dispose()


# -- what the insider learns --------------------------------------------------------------------
class Obtained:
    """Every number obtained, as a sum over the underlying cells; hidden ones kept for the attack."""

    def __init__(self, cells: list[tuple], values: list[int], k: int):
        self.cells, self.values, self.k = cells, values, k  # cell: (top, sub, polarity, source, week, own)
        self.known: dict[frozenset, int] = {}
        self.hidden: dict[frozenset, str] = {}
        self.floors: dict[frozenset, int] = {}
        self.small: list[str] = []

    def where(self, window, **want) -> frozenset:
        if not hasattr(self, "_columns"):
            fields = ("top", "sub", "polarity", "source", "week", "own")
            self._columns = {f: np.array([c[i] for c in self.cells], dtype=object) for i, f in enumerate(fields)}
        mask = np.ones(len(self.cells), dtype=bool)
        start, end = window
        if start is not None:
            mask &= self._columns["week"] >= start
        if end is not None:
            mask &= self._columns["week"] <= end
        for f, v in want.items():
            mask &= self._columns[f] == v
        return frozenset(np.flatnonzero(mask).tolist())

    def add(self, cells: frozenset, value, label: str) -> None:
        if value == SUPPRESSED:
            self.hidden.setdefault(cells, label)
            return
        value = int(value)
        if 0 < value < self.k:
            self.small.append(f"{label} = {value}")
        truth = sum(self.values[i] for i in cells)
        assert value == truth, f"the test's reading of {label} is wrong: {value} shown, {truth} summed"
        self.known[cells] = value

    def floor(self, cells: frozenset, value: int) -> None:
        self.floors[cells] = max(int(value), self.floors.get(cells, 0))

    def narrowed(self) -> list[str]:
        """Hidden numbers whose feasible range is under k wide, from everything obtained together."""
        hidden = [f for f in self.hidden if f not in self.known]
        shown_again = [self.hidden[f] for f in self.hidden if f in self.known]
        if not hidden:
            return [f"{label} is hidden in one answer and shown in another" for label in shown_again]
        # Cells that every functional treats alike collapse into one variable (exact for sums).
        functionals = list(self.known) + list(self.floors) + hidden
        signature: dict[int, list[int]] = {}
        for j, f in enumerate(functionals):
            for i in f:
                signature.setdefault(i, []).append(j)
        groups: dict[tuple, int] = {}
        for _i, sig in signature.items():
            groups.setdefault(tuple(sig), len(groups))
        column = {i: groups[tuple(sig)] for i, sig in signature.items()}

        def row(f):
            a = np.zeros(len(groups))
            for col in {column[i] for i in f}:
                a[col] = 1
            return a

        a_eq = np.array([row(f) for f in self.known]) if self.known else None
        b_eq = np.array(list(self.known.values()), dtype=float) if self.known else None
        a_ub = np.array([-row(f) for f in self.floors]) if self.floors else None
        b_ub = np.array([-v for v in self.floors.values()], dtype=float) if self.floors else None
        found = [f"{label} is hidden in one answer and shown in another" for label in shown_again]
        for f in hidden:
            c = row(f)
            low = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            high = linprog(-c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            assert low.status == 0, "the numbers obtained contradict each other: the test's model is wrong"
            hi = float("inf") if high.status == 3 else -high.fun
            if hi - low.fun < self.k - 1e-6:
                found.append(f"{self.hidden[f]} lies in [{low.fun:g}, {hi:g}]")
        return found


def underlying(db: Database, review: str, own: str | None) -> tuple[list[tuple], list[int]]:
    """The review's tallies to the as-of date by (top theme, sub-theme, polarity, source, week, own)."""
    t, th, la = m.ThemeTally, m.Theme, m.LocalAuthority
    parent = m.Theme.__table__.alias("parent")
    top = func.coalesce(parent.c.name, th.name)
    q = (select(top, th.code, t.polarity, t.source, t.week_start, la.gss_code == (own or ""), func.sum(t.tally))
         .join(th, th.id == t.theme_id).outerjoin(parent, parent.c.id == th.parent_id)
         .join(la, la.id == t.authority_id).join(m.Review, m.Review.id == th.review_id)
         .where(m.Review.slug == review, t.week_start <= AS_OF)
         .group_by(top, th.code, t.polarity, t.source, t.week_start, la.gss_code == (own or "")))
    with db.reader() as s:
        rows = s.execute(q).all()
    found = {tuple(r[:5]) + (bool(r[5]),): int(r[6]) for r in rows}
    # Every combination is an unknown to the insider, not only those coded: which are zero is
    # not published (a sub-theme, source or week never coded at all is, by its absence).
    subs = {(r[0], r[1]) for r in rows}
    sources = sorted({r[3] for r in rows})
    weeks = sorted({r[4] for r in rows})
    owns = (False, True) if own else (False,)
    cells = [(top, sub, pol, src, week, o) for top, sub in sorted(subs) for pol in ("strength", "improvement")
             for src in sources for week in weeks for o in owns]
    return cells, [found.get(c, 0) for c in cells]


def windows(weeks: list[dt.date]) -> list[tuple]:
    """Date windows the pages may send: none, each single week, each week to date; every pair in full."""
    out = [(None, None)]
    if FULL_MATRIX:
        out += [(a, b) for i, a in enumerate(weeks) for b in weeks[i:]]
    else:
        # Every single week (the weekly tallies themselves) and every third week-to-date window
        # (differences of totals), ending with the whole period.
        out += [(w, w + dt.timedelta(days=6)) for w in weeks] + [(weeks[0], w) for w in weeks[2::3] + weeks[-1:]]
    return list(dict.fromkeys(out))


def answered_window(db, scope, review, asked):
    """The window an answer covers: the data layer's fixed period where it offers one (and says so),
    else the one asked for."""
    offered = getattr(themes, "offered_windows", None)
    if offered is None:
        return asked
    frame = offered(db, scope, review, as_of=AS_OF)
    if frame.empty:
        return asked
    assert len(frame) == 1, "one fixed period is offered"
    return frame.start.iloc[0], frame.end.iloc[0]


def collect_themes(db, scope, review, own_name, matrix: bool = True) -> Obtained:
    cells, values = underlying(db, review, scope.authority)
    seen = Obtained(cells, values, scope.k)
    top = themes.top_themes(db, scope, review, as_of=AS_OF)
    weeks = sorted({c[4] for c in cells})
    national = None
    for asked in windows(weeks) if matrix else [(None, None)]:
        win = answered_window(db, scope, review, asked)
        kw = {"as_of": AS_OF, "start": asked[0], "end": asked[1]}
        freq = themes.theme_frequency(db, scope, review, **kw)
        if asked == (None, None):
            national = freq
            for fg in (1, 2, 3, 4):  # a family group is not a filter these roles may narrow by
                pd.testing.assert_frame_equal(themes.theme_frequency(db, scope, review, family_group=fg, **kw), freq)
        for r in freq.itertuples():
            for col, pol in (("strengths", "strength"), ("improvements", "improvement")):
                seen.add(seen.where(win, top=r.theme, polarity=pol), getattr(r, col), f"{r.theme} {pol} {asked}")
            seen.add(seen.where(win, top=r.theme), r.total, f"{r.theme} total {asked}")
        for code in top.code:
            for r in themes.theme_frequency(db, scope, review, parent=code, **kw).itertuples():
                for col, pol in (("strengths", "strength"), ("improvements", "improvement")):
                    seen.add(seen.where(win, sub=r.code, polarity=pol), getattr(r, col), f"{r.code} {pol} {asked}")
                seen.add(seen.where(win, sub=r.code), r.total, f"{r.code} total {asked}")
        for r in themes.theme_by_source(db, scope, review, **kw).itertuples():
            seen.add(seen.where(win, top=r.theme, source=r.source), r.tally, f"{r.theme} from {r.source} {asked}")
        for r in themes.theme_weekly(db, scope, review, **kw).itertuples():
            week = seen.where(win, week=r.week)
            seen.add(week, r.tallies, f"week of {r.week} {asked}")
            seen.floor(week, r.new_combinations)
        co = themes.theme_cooccurrence(db, scope, review, **kw)
        for r in co[co.theme_a == co.theme_b].itertuples():
            seen.floor(seen.where(win, top=r.theme_a), r.combinations)
        assert themes.theme_by_area(db, scope, review, "family_group", **kw).empty
        mine = themes.theme_by_area(db, scope, review, "authority", **kw)
        assert scope.authority or mine.empty, "a presenter sees no authority"
        assert set(mine.gss_code) <= {scope.authority}
        low, high = 0.0, float("inf")  # the own total behind the shares, from every tally and share shown
        for r in mine.itertuples():
            seen.add(seen.where(win, top=r.theme, own=True), r.tally, f"own {r.theme} {asked}")
            if _exact(r.tally) and _exact(r.share) and r.share > 0:
                low = max(low, r.tally / (r.share + 5e-5))
                high = min(high, r.tally / (r.share - 5e-5)) if r.share > 5e-5 else high
        if high < float("inf") and np.floor(high) == np.ceil(low):
            seen.add(seen.where(win, own=True), int(np.ceil(low)), f"own total {asked}")
    whole = answered_window(db, scope, review, (None, None))
    for r in themes.theme_questions(db, scope, review, as_of=AS_OF).itertuples():
        if r.theme in set(national.theme):
            for col, pol in (("strengths", "strength"), ("improvements", "improvement")):
                seen.add(seen.where(whole, top=r.theme, polarity=pol), getattr(r, col), f"{r.theme} {pol} (questions)")
    for r in queries.theme_totals(db, scope, review, as_of=AS_OF).itertuples():
        seen.add(seen.where((None, None), top=r.theme, polarity=r.polarity), r.tally, f"{r.theme} {r.polarity} (API)")
    if scope.authority:
        for r in profiles.profile_themes(db, scope, scope.authority, review, as_of=AS_OF).itertuples():
            own = r.area == own_name
            cells = seen.where(whole, top=r.theme, **({"own": True} if own else {}))
            seen.add(cells, r.tally, f"{'own' if own else 'Scotland'} {r.theme} (profile)")
    return seen


def visible_reviews(db, scope) -> list[str]:
    out = []
    for review in REVIEWS:
        try:
            themes.top_themes(db, scope, review, as_of=AS_OF)
        except NotFound:
            continue
        out.append(review)
    return out


def attack(db, scope, matrix: bool = True) -> list[str]:
    """Every hidden or small tally the insider recovers, over every review the scope can read."""
    own_name = None
    if scope.authority:
        own_name = profiles.authority_reviews(db, scope, scope.authority, as_of=AS_OF).authority.iloc[0]
    reviews = visible_reviews(db, scope)
    assert reviews, "the role can read at least one review"
    problems = []
    for review in reviews:
        seen = collect_themes(db, scope, review, own_name, matrix)
        problems += [f"{review}: shown small count {s}" for s in seen.small[:5]]
        problems += [f"{review}: {s}" for s in seen.narrowed()]
    return problems


@pytest.mark.parametrize("role", list(ROLES))
def test_no_hidden_theme_tally_can_be_worked_out(db, role):
    problems = attack(db, ROLES[role])
    assert not problems, f"{len(problems)} hidden or small tallies recoverable, e.g. " + "; ".join(problems[:8])


@pytest.mark.parametrize("k", [20, 150])
def test_within_rows_and_against_totals_at_a_larger_k(db, k):
    """The whole period only, where a larger k hides more: a hidden cell against its row total, a
    hidden week against the grand total, a co-ordinator's hidden tally against the total behind
    their shares."""
    for name, scope in ROLES.items():
        problems = attack(db, Scope(scope.role, scope.authority, k=k), matrix=False)
        assert not problems, f"{name}: {len(problems)} recoverable, e.g. " + "; ".join(problems[:6])


# -- surveys --------------------------------------------------------------------------------------
def _exact(v) -> bool:
    return v is not None and v != SUPPRESSED and v == v


def _check_counts(frame, columns, where, k, problems):
    for col in columns:
        for v in frame[col]:
            if _exact(v) and 0 < float(v) < k:
                problems.append(f"{where}: {col} = {v}")


def _check_rates(frame, where, k, problems):
    for rate, n, d in zip(frame.rate, frame.responses, frame.eligible):
        if _exact(rate) and not (_exact(n) and _exact(d) and (n == 0 or n >= k) and d >= k):
            problems.append(f"{where}: a rate of {rate} is shown on {n} of {d}")


@pytest.mark.parametrize("role", list(ROLES))
def test_no_survey_count_below_k_or_recoverable(db, role):
    """People counts, rates on them and the steps of the cumulative series, for every survey and filter."""
    scope, problems = ROLES[role], []
    for review in visible_reviews(db, scope):
        totals = queries.survey_totals(db, scope, review, as_of=AS_OF)
        people = totals[totals.counts_people.astype(bool)]
        _check_counts(people, ["responses", "eligible"], f"{review} totals", K, problems)
        _check_rates(people, f"{review} totals", K, problems)
        for sv in surveys.review_surveys(db, scope, review, as_of=AS_OF).itertuples():
            if not sv.counts_people:
                continue
            national = people[people.code == sv.code].responses.iloc[0]
            for fg in (None, 1, 2, 3, 4):
                where = f"{review}/{sv.code}/fg={fg}"
                rates = surveys.survey_rates(db, scope, review, sv.code, as_of=AS_OF, family_group=fg)
                assert set(rates.gss_code) <= ({scope.authority} if scope.authority else set())
                _check_counts(rates, ["responses", "eligible"], where, K, problems)
                _check_rates(rates, where, K, problems)
                for need, n, d in zip(rates.needed, rates.responses, rates.eligible):
                    if _exact(need) and not (_exact(n) and _exact(d)):
                        problems.append(f"{where}: responses still needed shown beside a hidden count")
                daily = surveys.cumulative_responses(db, scope, review, sv.code, as_of=AS_OF, family_group=fg)
                assert not any(a.startswith("Family group") for a in daily.area), "only the all-areas series"
                steps = [b - a for a, b in zip([0] + list(daily.cumulative)[:-1], daily.cumulative)]
                problems += [f"{where}: a step of {s} in the cumulative series" for s in steps if 0 < s < K]
                if not daily.empty and _exact(national) and int(daily.cumulative.iloc[-1]) != int(national):
                    problems.append(f"{where}: the series ends at {daily.cumulative.iloc[-1]}, not {national}")
            comps = surveys.survey_comparators(db, scope, review, sv.code, as_of=AS_OF)
            assert list(comps.national) == [True], "only the all-areas comparator for these roles"
            _check_counts(comps, ["responses", "eligible"], f"{review}/{sv.code} Scotland", K, problems)
            _check_rates(comps, f"{review}/{sv.code} Scotland", K, problems)
        if scope.authority:
            mine = profiles.profile_surveys(db, scope, scope.authority, review, as_of=AS_OF)
            mine = mine[mine.counts_people.astype(bool)]
            _check_counts(mine, ["responses", "eligible"], f"{review} profile", K, problems)
            _check_rates(mine, f"{review} profile", K, problems)
    assert not problems, "; ".join(problems[:8])


def test_protected_roles_are_offered_one_fixed_period(db):
    """The pages learn the period from the data layer; whatever window is sent, the answer is that period's."""
    for scope in ROLES.values():
        for review in visible_reviews(db, scope):
            offered = themes.offered_windows(db, scope, review, as_of=AS_OF)
            assert len(offered) == 1 and offered.end.iloc[0] == AS_OF
            whole = themes.theme_by_source(db, scope, review, as_of=AS_OF)
            narrow = themes.theme_by_source(db, scope, review, as_of=AS_OF, start=dt.date(2024, 9, 2),
                                            end=dt.date(2024, 9, 8))
            pd.testing.assert_frame_equal(whole, narrow)
    leader = Scope("leader", k=K)
    assert themes.offered_windows(db, leader, REVIEWS[0], as_of=AS_OF).empty, "named roles choose any window"
    narrow = themes.theme_by_source(db, leader, REVIEWS[0], as_of=AS_OF, start=dt.date(2024, 9, 2),
                                    end=dt.date(2024, 9, 8))
    whole = themes.theme_by_source(db, leader, REVIEWS[0], as_of=AS_OF)
    assert narrow.tally.sum() < whole.tally.sum()
