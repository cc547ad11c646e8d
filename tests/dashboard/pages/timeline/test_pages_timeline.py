"""Timeline page: the numbers on its charts against independent SQL, and what each role sees."""
from __future__ import annotations

import datetime as dt

from page_helpers import call_as, split_panels, sql

from data_access.reference import AUTHORITIES
from data_access.scope import Scope

GOV = "social-work-governance"
JOINT = "joint-inspections-children-at-risk"


def panels(out, app=None, scope=Scope("inspector"), names=("gantt", "portfolio", "programme")):
    """The callback's flat output as {panel: {summary, figure, rows, ...}}, after the URL search; given
    the app, with each chart's table as `scope` gets it when opened."""
    return split_panels(out, names, app, scope)[1]


def test_gantt_has_every_phase_and_milestone_and_counts_completed_milestones(app):
    from dashboard.pages.timeline.callbacks import update_timeline

    out = call_as(app, update_timeline, GOV, None, None)
    p = panels(out, app)["gantt"]
    search, summary, figure, rows = out[0], p["summary"], p["figure"], p["rows"]
    assert search == f"?review={GOV}"
    (n_phases,), = sql(app, "SELECT count(*) FROM phase p JOIN review r ON r.id = p.review_id WHERE r.slug = :s", s=GOV)
    (n_miles,), = sql(app, "SELECT count(*) FROM milestone m JOIN review r ON r.id = m.review_id WHERE r.slug = :s",
                       s=GOV)
    assert len(rows) == n_phases + n_miles
    (done,), = sql(app, "SELECT count(*) FROM milestone m JOIN review r ON r.id = m.review_id "
                         "WHERE r.slug = :s AND m.actual_date <= :d", s=GOV, d=dt.date(2024, 10, 1))
    assert f"{done} of {n_miles} milestones are complete" in summary
    # the today line sits on the as-of date
    assert figure["layout"]["shapes"][0]["x0"] == "2024-10-01"
    assert any(t["name"] == "Planned span" for t in figure["data"])


def test_date_range_goes_into_the_url_and_the_axis(app):
    from dashboard.pages.timeline.callbacks import update_timeline

    out = call_as(app, update_timeline, GOV, "2024-12-31", "2024-07-01")  # back to front is turned round
    assert out[0] == f"?review={GOV}&start=2024-07-01&end=2024-12-31"
    assert panels(out)["gantt"]["figure"]["layout"]["xaxis"]["range"] == ["2024-07-01", "2024-12-31"]


def test_programme_names_each_partnership_for_inspectors(app):
    from dashboard.pages.timeline.callbacks import update_timeline

    out = call_as(app, update_timeline, GOV, None, None, scope=Scope("inspector"))
    p = panels(out, app)["programme"]
    programme_summary, programme_rows = p["summary"], p["rows"]
    (n,), = sql(app, "SELECT count(DISTINCT am.authority_id) FROM authority_milestone am JOIN milestone m "
                      "ON m.id = am.milestone_id JOIN review r ON r.id = m.review_id WHERE r.slug = :s", s=JOINT)
    assert programme_summary.startswith(f"{n} partnerships in the programme")
    assert len({r["Partnership"] for r in programme_rows}) == n


def test_presenter_sees_counts_by_stage_and_no_authority(app):
    from dashboard.pages.timeline.callbacks import update_timeline

    out = call_as(app, update_timeline, GOV, None, None, scope=Scope("presenter"))
    blob = repr(out) + repr(panels(out, app, Scope("presenter")))
    for a in AUTHORITIES:
        assert a.name not in blob and a.gss_code not in blob
    rows = panels(out, app, Scope("presenter"))["programme"]["rows"]
    assert sum(r["Partnerships"] for r in rows) == 8


def test_coordinator_outside_a_review_gets_no_timeline(app):
    from dashboard.pages.timeline.callbacks import update_timeline

    # Orkney is not one of the four care experienced young people areas, but every authority
    # answered that review's national survey; the joint programme does not include Orkney.
    out = call_as(app, update_timeline, JOINT, None, None, scope=Scope("coordinator", "S12000023"))
    assert out[1] == "That review is not available."


def test_timeline_csv_download(signed_in_client):
    resp = signed_in_client.get(f"/download/timeline-gantt.csv?review={GOV}")
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    assert "Slippage (days)" in body and "Evidence gathering" in body
