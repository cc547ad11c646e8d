"""Surveys page: rates, shortfalls and the cumulative series against independent SQL, per role."""
from __future__ import annotations

import datetime as dt
import math

from page_helpers import call_as, split_panels
from sqlalchemy import text

from data_access import surveys
from data_access.reference import AUTHORITIES
from data_access.scope import Scope

GOV = "social-work-governance"
CEYP = "care-experienced-young-people"
AS_OF = dt.date(2024, 10, 1)
NAMES = ("rates", "cumulative", "funnel", "shortfall")


def _run(app, *args, scope: Scope = Scope("inspector")):
    from dashboard.pages.surveys.callbacks import update_surveys

    return split_panels(call_as(app, update_surveys, *args, scope=scope), NAMES, app, scope)


def _by_authority(app, review, survey):
    db = app.server.extensions["oversight_db"]
    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT la.name, e.eligible, COALESCE((SELECT SUM(d.responses) FROM survey_response_daily d "
            " WHERE d.survey_id = s.id AND d.authority_id = la.id AND d.day <= :d), 0) "
            "FROM survey s JOIN review r ON r.id = s.review_id JOIN survey_eligible e ON e.survey_id = s.id "
            "JOIN local_authority la ON la.id = e.authority_id WHERE r.slug = :r AND s.code = :s"),
            {"r": review, "s": survey, "d": AS_OF}).all()
    return {n: (int(e), int(r)) for n, e, r in rows}


def test_rates_by_authority_match_sql_and_are_sorted(app):
    search, p = _run(app, GOV, "staff-survey", None, None, None)
    assert search == f"?review={GOV}&survey=staff-survey"
    truth = _by_authority(app, GOV, "staff-survey")
    rows = [r for r in p["rates"]["rows"] if r["GSS code"]]
    assert len(rows) == 32
    for r in rows:
        assert (r["Eligible"], r["Responses"]) == truth[r["Area"]]
    scotland = next(r for r in p["rates"]["rows"] if r["Area"] == "Scotland")
    assert scotland["Responses"] == sum(v[1] for v in truth.values())
    rates = [r / e for e, r in (truth[x["Area"]] for x in rows)]
    assert rates == sorted(rates, reverse=True)
    below = sum(1 for e, r in truth.values() if r / e < 0.40)
    assert f"{below} of 32 authorities are below it" in p["rates"]["summary"]


def test_shortfall_is_the_responses_each_still_needs(app):
    _, p = _run(app, GOV, "staff-survey", None, None, None)
    truth = _by_authority(app, GOV, "staff-survey")
    needed = {r["Authority"]: r["Responses still needed"] for r in p["shortfall"]["rows"]}
    expect = {n: math.ceil(0.40 * e) - r for n, (e, r) in truth.items() if r / e < 0.40}
    assert needed == expect
    assert f"need {sum(expect.values()):,} more responses" in p["shortfall"]["summary"]


def test_cumulative_series_ends_at_the_national_total(app):
    _, p = _run(app, GOV, "staff-survey", None, "2024-08-01", "2024-10-10")
    total = sum(r for _, r in _by_authority(app, GOV, "staff-survey").values())
    rows = p["cumulative"]["rows"]
    assert rows[-1]["Responses so far"] == total
    assert p["cumulative"]["figure"]["layout"]["xaxis"]["range"] == ["2024-08-01", "2024-10-10"]


def test_family_group_filter_narrows_the_rates_and_goes_into_the_url(app):
    search, p = _run(app, GOV, "staff-survey", "4", None, None)
    assert "family_group=4" in search
    fg4 = {a.name for a in AUTHORITIES if a.family_group == 4}
    assert {r["Area"] for r in p["rates"]["rows"] if r["GSS code"]} == fg4


def test_coordinator_sees_own_authority_and_scotland_only(app):
    own = "S12000036"
    _, p = _run(app, GOV, "staff-survey", "2", None, None, scope=Scope("coordinator", own))
    blob = repr(p)
    for a in AUTHORITIES:
        if a.gss_code != own:
            assert a.name not in blob, a.name
    assert {r["Area"] for r in p["rates"]["rows"]} == {"City of Edinburgh", "Scotland"}


def test_presenter_sees_no_authority_and_no_small_count(app):
    for review, survey in ((GOV, "staff-survey"), (CEYP, "young-people"), (CEYP, "frontline-staff")):
        _, p = _run(app, review, survey, None, None, None, scope=Scope("presenter"))
        blob = repr(p)
        for a in AUTHORITIES:
            assert a.name not in blob and a.gss_code not in blob
        for panel in p.values():
            for row in panel["rows"]:
                for v in row.values():
                    assert not (isinstance(v, int) and 0 < v < 5), (survey, row)


def test_cumulative_steps_are_never_small_for_controlled_roles(app):
    db = app.server.extensions["oversight_db"]
    for scope in (Scope("presenter"), Scope("coordinator", "S12000027")):
        for review, survey in ((CEYP, "young-people"), (GOV, "staff-survey")):
            daily = surveys.cumulative_responses.uncached(db, scope, review, survey, as_of=AS_OF)
            steps = list(daily.responses)
            assert all(s == 0 or s >= scope.k for s in steps), steps


def test_funnel_limits_surround_the_national_rate():
    lim = surveys.funnel_limits(0.37, 1000, 20)
    assert (lim["lower 99.8%"] <= lim["lower 95%"]).all() and (lim["upper 95%"] <= lim["upper 99.8%"]).all()
    assert (lim["lower 95%"] < 0.37).all() and (lim["upper 95%"] > 0.37).all()
    n = 400
    se = math.sqrt(0.37 * 0.63 / n)
    assert surveys.funnel_position(0.37 - 2.5 * se, n, 0.37) == "below the 95% limit"
    assert surveys.funnel_position(0.37 - 3.5 * se, n, 0.37) == "below the 99.8% limit"
    assert surveys.funnel_position(0.37, n, 0.37) == "within the limits"


def test_surveys_csv_download(sign_in):
    client = sign_in("inspector")
    resp = client.get(f"/download/surveys-rates.csv?review={GOV}&survey=staff-survey")
    assert resp.status_code == 200
    assert "Scotland" in resp.get_data(as_text=True)
