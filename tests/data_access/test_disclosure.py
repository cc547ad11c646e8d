"""Disclosure control (SPEC section 5): primary and secondary suppression, checked by linear
programming from what the role can see: the cells shown, the totals shown, and non-negativity."""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from accounts import csrf_header, login_as
from forged_callbacks import body_for, post, server_callbacks
from scipy.optimize import linprog

from data_access import queries
from data_access.disclosure import SUPPRESSED, TOTAL, protect, protect_cumulative, protect_table
from data_access.scope import Scope

K = 5
PRESENTER = Scope("presenter", k=K)
COORDINATOR = Scope("coordinator", "S12000036", k=K)
LEADER = Scope("leader", k=K)
AS_OF = dt.date(2024, 10, 1)
REVIEWS = ["social-work-governance", "care-experienced-young-people", "self-evaluation-qi-6-4",
           "joint-inspections-children-at-risk"]


def feasible_ranges(shown: pd.DataFrame, row: str, col: str, value: str) -> dict:
    """What an attacker can work out: each hidden cell's (min, max) from the shown cells and totals."""
    cells = shown[(shown[row] != TOTAL) & (shown[col] != TOTAL)]
    hidden = [(r, c) for r, c, v in zip(cells[row], cells[col], cells[value]) if v == SUPPRESSED]
    hidden_totals = [(r, c) for r, c, v in zip(shown[row], shown[col], shown[value])
                     if v == SUPPRESSED and (r == TOTAL or c == TOTAL)]
    unknowns = hidden + hidden_totals
    index = {key: i for i, key in enumerate(unknowns)}
    known = {(r, c): v for r, c, v in zip(shown[row], shown[col], shown[value]) if v != SUPPRESSED}
    rows = list(dict.fromkeys(cells[row]))
    cols = list(dict.fromkeys(cells[col]))
    a_eq, b_eq = [], []

    def equation(members, margin):
        if margin not in index and margin not in known:
            return  # that total is not shown
        a, b = np.zeros(len(unknowns)), 0.0
        for m in members:
            if m in index:
                a[index[m]] += 1
            else:
                b -= float(known.get(m, 0))
        if margin in index:
            a[index[margin]] -= 1
        else:
            b += float(known[margin])
        a_eq.append(a)
        b_eq.append(b)

    for r in rows:
        equation([(r, c) for c in cols], (r, TOTAL))
    for c in cols:
        equation([(r, c) for r in rows], (TOTAL, c))
    equation([(r, c) for r in rows for c in cols], (TOTAL, TOTAL))
    out = {}
    for key, i in index.items():
        obj = np.zeros(len(unknowns))
        obj[i] = 1
        kw = {"A_eq": np.array(a_eq), "b_eq": np.array(b_eq)} if a_eq else {}
        lo = linprog(obj, bounds=(0, None), method="highs", **kw)
        hi = linprog(-obj, bounds=(0, None), method="highs", **kw)
        assert lo.status == 0, "the shown numbers must be consistent"
        out[key] = (lo.fun, float("inf") if hi.status == 3 else -hi.fun)
    return out


def assert_protected(shown, row, col, value, k=K):
    numbers = [v for v in shown[value] if v != SUPPRESSED]
    assert not [v for v in numbers if 0 < v < k], "a small count is shown"
    for key, (lo, hi) in feasible_ranges(shown, row, col, value).items():
        assert hi - lo >= k - 1e-9, f"cell {key} can be narrowed to [{lo}, {hi}]"


def long_table(matrix):
    return pd.DataFrame([(f"r{i}", f"c{j}", v) for i, line in enumerate(matrix) for j, v in enumerate(line)],
                        columns=["theme", "source", "tally"])


# -- primary -----------------------------------------------------------------------------------
def test_protect_hides_small_counts_and_their_rates():
    frame = pd.DataFrame({"responses": [3, 0, 40, 12], "eligible": [50, 10, 4, 60], "rate": [.06, 0, 10, .2]})
    out = protect(frame, PRESENTER, counts=["responses", "eligible"], rates={"rate": ("responses", "eligible")})
    assert list(out.responses) == [SUPPRESSED, 0, 40, 12]
    assert list(out.eligible) == [50, 10, SUPPRESSED, 60]
    assert list(out.rate) == [SUPPRESSED, 0, SUPPRESSED, .2]


def test_exact_roles_see_everything():
    frame = long_table([[1, 2], [3, 40]])
    assert protect_table(frame, LEADER, "theme", "source", "tally").equals(frame)
    assert protect(frame, Scope("admin"), counts=["tally"]).equals(frame)


# -- secondary, tables ---------------------------------------------------------------------------
def test_single_small_cell_gets_a_complement():
    out = protect_table(long_table([[2, 30, 40], [10, 13, 50]]), PRESENTER, "theme", "source", "tally",
                        include_totals=True)
    hidden = (out.tally == SUPPRESSED).sum()
    assert hidden >= 4  # the small cell, one in its row, and the pair in the other row its column needs
    assert_protected(out, "theme", "source", "tally")


def test_small_total_is_hidden_too():
    out = protect_table(long_table([[1, 2], [30, 40]]), COORDINATOR, "theme", "source", "tally", include_totals=True)
    totals = out[(out.theme == "r0") & (out.source == TOTAL)].tally.tolist()
    assert totals == [SUPPRESSED]
    assert_protected(out, "theme", "source", "tally")


@pytest.mark.parametrize("seed", range(12))
def test_random_tables_leave_every_hidden_cell_at_least_k_wide(seed):
    rng = np.random.default_rng(seed)
    n_rows, n_cols = rng.integers(2, 9), rng.integers(2, 7)
    matrix = rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15, 40, 120], size=(n_rows, n_cols)).tolist()
    totals = [("row", "col", "grand"), ("row",), ("col", "grand"), ()][seed % 4]
    out = protect_table(long_table(matrix), PRESENTER, "theme", "source", "tally", totals=totals,
                        include_totals=True)
    assert_protected(out, "theme", "source", "tally")


def test_larger_k_from_the_scope():
    out = protect_table(long_table([[6, 30, 40], [10, 13, 50]]), Scope("presenter", k=10), "theme", "source",
                        "tally", include_totals=True)
    assert_protected(out, "theme", "source", "tally", k=10)


# -- secondary, cumulative series -------------------------------------------------------------
def check_cumulative(values, shown, k=K, final_known=True):
    points = [(i, v) for i, v in enumerate(shown) if v != SUPPRESSED]
    previous = 0
    for _, v in points:
        assert v - previous == 0 or v - previous >= k, f"a step of {v - previous} is shown"
        previous = v
    if final_known:
        assert shown[-1] == values[-1] or values[-1] < k
    # Each hidden point lies between the shown points around it: that gap is its feasible range.
    edges = [(-1, 0)] + points
    for i, v in enumerate(shown):
        if v == SUPPRESSED:
            before = max((p for p in edges if p[0] < i), key=lambda p: p[0])[1]
            after = [p[1] for p in points if p[0] > i]
            if after:
                assert after[0] - before >= k, f"point {i} narrowed to [{before}, {after[0]}]"


@pytest.mark.parametrize("seed", range(10))
def test_cumulative_series_hide_small_steps(seed):
    rng = np.random.default_rng(100 + seed)
    steps = rng.choice([0, 0, 1, 2, 3, 4, 6, 8, 20], size=25)
    values = np.cumsum(steps).tolist()
    frame = pd.DataFrame({"day": range(len(values)), "responses": values})
    out = protect_cumulative(frame, COORDINATOR, "day", "responses")
    check_cumulative(values, out.responses.tolist())


def test_cumulative_by_group():
    frame = pd.DataFrame({"area": ["a"] * 4 + ["b"] * 4, "day": list(range(4)) * 2,
                          "responses": [0, 2, 9, 30, 5, 6, 7, 30]})
    out = protect_cumulative(frame, PRESENTER, "day", "responses", by="area")
    for area in ("a", "b"):
        part = out[out.area == area]
        check_cumulative(frame[frame.area == area].responses.tolist(), part.responses.tolist())


# -- the queries apply it ----------------------------------------------------------------------
@pytest.fixture
def seeded(auth_db_url):
    from data_access.db import Database

    db = Database(auth_db_url)
    yield db
    db.dispose()


@pytest.mark.parametrize("k", [5, 150, 400])
@pytest.mark.parametrize("scope_role", ["presenter", "coordinator"])
def test_queries_return_no_small_people_counts(seeded, k, scope_role):
    scope = Scope(scope_role, "S12000036" if scope_role == "coordinator" else None, k=k)
    for review in REVIEWS:
        surveys = queries.survey_totals(seeded, scope, review, as_of=AS_OF)
        people = surveys[surveys.counts_people.astype(bool)]
        for column in ("responses", "eligible"):
            assert not [v for v in people[column] if v != SUPPRESSED and 0 < v < k]
        for rate, n, d in zip(people.rate, people.responses, people.eligible):
            if n == SUPPRESSED or d == SUPPRESSED or n < k or d < k:
                assert rate == SUPPRESSED
        themes = queries.theme_totals(seeded, scope, review, as_of=AS_OF)
        assert not [v for v in themes.tally if v != SUPPRESSED and 0 < v < k]
        if (themes.tally == SUPPRESSED).any():
            # Theme, polarity and grand totals are all shown somewhere: recompute them as the role could.
            full = queries.theme_totals(seeded, Scope("admin"), review, as_of=AS_OF)
            shown = protect_table(full, scope, "theme", "polarity", "tally", include_totals=True)
            assert_protected(shown, "theme", "polarity", "tally", k=k)


# -- responses carry no small counts -------------------------------------------------------------
PEOPLE_WORDS = ("respon", "eligib", "tall", "people", "staff", "young")
# A shortfall against a target is derived from counts that are shown, not a count of people.
NOT_PEOPLE_WORDS = ("needed", "shortfall", "target")


def small_people_counts(payload, k, key=""):
    found = []
    if isinstance(payload, dict):
        for name, v in payload.items():
            found += small_people_counts(v, k, str(name))
    elif isinstance(payload, list):
        for v in payload:
            found += small_people_counts(v, k, key)
    elif (isinstance(payload, (int, float)) and not isinstance(payload, bool)
          and any(w in key.lower() for w in PEOPLE_WORDS) and not any(w in key.lower() for w in NOT_PEOPLE_WORDS)
          and 0 < payload < k):
        found.append((key, payload))
    return found


@pytest.mark.parametrize("role", ["presenter", "coordinator"])
def test_callback_responses_hold_no_small_people_counts(make_app, role):
    k = 200
    app = make_app(SDC_K=k)
    client = app.server.test_client()
    login_as(client, role)
    headers = csrf_header(client)
    for dep in server_callbacks(client):
        # The self-evaluation's survey counts authorities' own submissions, shown exactly.
        for review in [r for r in REVIEWS if r != "self-evaluation-qi-6-4"]:
            resp = post(client, body_for(dep, review), headers)
            if resp.status_code != 200:
                continue
            found = small_people_counts(json.loads(resp.get_data(as_text=True)), k)
            assert not found, (dep["output"], review, found[:5])


def test_a_suppressed_value_cannot_be_mistaken_for_a_number():
    import pickle

    from dashboard.ui.format import cell, percent
    from dashboard.ui.format import number as written
    from data_access.disclosure import Suppressed, exact, number

    assert Suppressed() is SUPPRESSED and pickle.loads(pickle.dumps(SUPPRESSED)) is SUPPRESSED
    for attempt in (lambda: float(SUPPRESSED), lambda: SUPPRESSED + 1, lambda: int(SUPPRESSED),
                    lambda: SUPPRESSED < 5):
        with pytest.raises(TypeError):
            attempt()
    assert SUPPRESSED != "c" and SUPPRESSED != 0
    assert not exact(SUPPRESSED) and number(SUPPRESSED) is None
    assert exact(0) and exact(3.5) and not exact(float("nan")) and not exact(None) and not exact("12")
    # One way to write it for people: "c"; in a frame it stays the sentinel.
    assert (written(SUPPRESSED), percent(SUPPRESSED), cell(SUPPRESSED)) == ("c", "c", "c")
    assert (written(1234), percent(0.375), cell(float("nan"))) == ("1,234", "38%", None)
