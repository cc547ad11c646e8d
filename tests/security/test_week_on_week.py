"""An insider with a protected role (presenter, co-ordinator) reads the Overview's "change since a
week earlier" beside the cumulative responses series the Surveys page draws, and tries to work out
a hidden point of that series (SPEC section 5: differencing any two answers must not recover a
hidden value).

The underlying numbers are the national responses received each day. Every point of the series
shown is an equation (the sum of the days up to it); every change the Overview shows is another
(the sum of the days since its baseline). For each point the series hides, linear programming
gives the smallest and largest value consistent with the series and non-negativity, with and
without the Overview's changes: the changes must not narrow any range, and each range must stay
at least k wide.
"""
from __future__ import annotations

import datetime as dt
import shutil

import numpy as np
import pytest
from scipy.optimize import linprog
from sqlalchemy import func, select

from data_access import models as m
from data_access import portfolio, queries, surveys
from data_access.db import Database
from data_access.disclosure import exact
from data_access.scope import Scope

K = 5
AS_OF = dt.date(2024, 10, 1)
ROLES = {"presenter": Scope("presenter", k=K),
         "coordinator-edinburgh": Scope("coordinator", "S12000036", k=K),
         "coordinator-shetland": Scope("coordinator", "S12000027", k=K)}


@pytest.fixture(scope="module")
def db(tmp_path_factory, _seeded_template):
    path = tmp_path_factory.mktemp("week-on-week") / "seeded.sqlite3"
    shutil.copy(_seeded_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


def _days(db, review: str, survey: str) -> list[dt.date]:
    """Every day the national series could have a point on: the unknowns of the attack."""
    d, sv, r = m.SurveyResponseDaily, m.Survey, m.Review
    with db.reader() as s:
        return list(s.execute(
            select(d.day).join(sv, sv.id == d.survey_id).join(r, r.id == sv.review_id)
            .where(r.slug == review, sv.code == survey, d.day <= AS_OF).group_by(d.day).order_by(d.day)).scalars())


def _up_to(days: list[dt.date], day: dt.date) -> list[int]:
    """The cumulative point on `day` as a sum over the unknown days."""
    return [1 if d <= day else 0 for d in days]


def _range(a_eq, b_eq, target) -> tuple[float, float]:
    bounds = [(0, None)] * len(target)
    lo = linprog(np.array(target, float), A_eq=np.array(a_eq, float), b_eq=np.array(b_eq, float), bounds=bounds)
    hi = linprog(-np.array(target, float), A_eq=np.array(a_eq, float), b_eq=np.array(b_eq, float), bounds=bounds)
    assert lo.status == 0 and hi.status == 0, "the shown numbers must be consistent"
    return lo.fun, -hi.fun


@pytest.mark.parametrize("role", list(ROLES))
def test_change_since_a_week_earlier_recovers_no_hidden_point(db, role):
    scope = ROLES[role]
    rows = portfolio.portfolio_status(db, scope, as_of=AS_OF)
    checked, problems = 0, []
    for row in rows.itertuples():
        people = queries.survey_totals(db, scope, row.slug, as_of=AS_OF)
        people = people[people.counts_people.astype(bool)]
        total_change = 0
        for code in people.code:
            days = _days(db, row.slug, code)
            if not days:
                continue
            index = {d: i for i, d in enumerate(days)}
            shown = surveys.cumulative_responses(db, scope, row.slug, code, as_of=AS_OF)
            a_eq = [_up_to(days, d) for d in shown.day]
            b_eq = [int(c) for c in shown.cumulative]
            # The Overview's change for this survey, as the insider reads it: from its baseline to the as-of date.
            change, since = portfolio.responses_change(db, scope, row.slug, code, AS_OF)
            total_change += change
            assert change == 0 or change >= K, f"{row.slug}/{code}: a change of {change}"
            with_change = a_eq + [[1 if since < d <= AS_OF else 0 for d in days]]
            b_with = b_eq + [change]
            for day in days:
                if day in set(shown.day):
                    continue
                target = _up_to(days, day)
                before = _range(a_eq, b_eq, target)
                after = _range(with_change, b_with, target)
                checked += 1
                if after[1] - after[0] < K or abs(after[0] - before[0]) > 1e-6 or abs(after[1] - before[1]) > 1e-6:
                    problems.append(f"{role} {row.slug}/{code} {day}: {before} -> {after}")
            assert index  # the survey had days to attack
        if exact(row.responses_change):
            assert int(row.responses_change) == total_change
    assert checked > 0, "some hidden points were attacked"
    assert not problems, "; ".join(problems[:5])


@pytest.mark.parametrize("role", list(ROLES))
def test_milestone_changes_are_counts_of_authorities_and_name_none(db, role):
    scope = ROLES[role]
    rows = portfolio.portfolio_status(db, scope, as_of=AS_OF)
    with db.reader() as s:
        names = set(s.execute(select(m.LocalAuthority.name)).scalars())
        authorities = s.execute(select(func.count()).select_from(m.LocalAuthority)).scalar()
    for row in rows.itertuples():
        assert row.completed_lately >= 0 and row.overdue >= 0
        assert not any(n in row.reason for n in names), row.reason
    assert authorities == 32
