"""Authority profile and About pages: numbers against SQL, role limits, the path template."""
from __future__ import annotations

import datetime as dt

from page_helpers import call_as, split_panels, sql

from data_access.reference import AUTHORITIES
from data_access.scope import Scope

GOV = "social-work-governance"
EDI = "S12000036"
AS_OF = dt.date(2024, 10, 1)
NAMES = ("milestones", "surveys", "themes")


def _run(app, *args, scope: Scope = Scope("inspector")):
    from dashboard.pages.local_authority.callbacks import update_profile

    return split_panels(call_as(app, update_profile, *args, scope=scope), NAMES, app, scope)


def test_milestones_beside_family_group_and_scotland_matchsql(app):
    search, p = _run(app, GOV, EDI)
    assert search == f"?review={GOV}"
    rows = {r["Milestone"]: r for r in p["milestones"]["rows"]}
    truth = sql(app, """
        SELECT m.name,
               SUM(CASE WHEN am.completed_on <= :d THEN 1 ELSE 0 END) * 1.0 / COUNT(*),
               SUM(CASE WHEN am.completed_on <= :d AND la.family_group = 1 THEN 1 ELSE 0 END) * 1.0
                 / SUM(CASE WHEN la.family_group = 1 THEN 1 ELSE 0 END)
        FROM authority_milestone am JOIN milestone m ON m.id = am.milestone_id
        JOIN local_authority la ON la.id = am.authority_id JOIN review r ON r.id = m.review_id
        WHERE r.slug = :r GROUP BY m.name""", r=GOV, d=AS_OF)
    assert set(rows) == {n for n, _, _ in truth}
    for name, scot, fg in truth:
        assert rows[name]["Scotland complete"] == f"{100 * scot:.1f}%"
        assert rows[name]["Family group complete"] == f"{100 * fg:.1f}%"
    (done,), = sql(app, "SELECT count(*) FROM authority_milestone am JOIN milestone m ON m.id = am.milestone_id "
                         "JOIN review r ON r.id = m.review_id JOIN local_authority la ON la.id = am.authority_id "
                         "WHERE r.slug = :r AND la.gss_code = :c AND am.completed_on <= :d", r=GOV, c=EDI, d=AS_OF)
    assert p["milestones"]["summary"].startswith(f"City of Edinburgh has completed {done} of {len(rows)} milestones")


def test_survey_rate_matchessql(app):
    _, p = _run(app, GOV, EDI)
    (elig, resp), = sql(app, """
        SELECT e.eligible, (SELECT SUM(d.responses) FROM survey_response_daily d WHERE d.survey_id = s.id
                            AND d.authority_id = la.id AND d.day <= :d)
        FROM survey s JOIN review r ON r.id = s.review_id JOIN survey_eligible e ON e.survey_id = s.id
        JOIN local_authority la ON la.id = e.authority_id WHERE r.slug = :r AND la.gss_code = :c""",
                         r=GOV, c=EDI, d=AS_OF)
    own = next(r for r in p["surveys"]["rows"] if r["Area"] == "City of Edinburgh")
    assert (own["Eligible"], own["Responses"], own["Rate"]) == (elig, resp, f"{100 * resp / elig:.1f}%")
    assert {r["Area"] for r in p["surveys"]["rows"]} == {"City of Edinburgh", "Family group 1", "Scotland"}


def test_coordinator_sees_own_profile_beside_scotland_only(app):
    _, p = _run(app, GOV, EDI, scope=Scope("coordinator", EDI))
    assert {r["Area"] for r in p["surveys"]["rows"]} == {"City of Edinburgh", "Scotland"}
    assert "Family group complete" not in p["milestones"]["rows"][0]
    for a in AUTHORITIES:
        if a.gss_code != EDI:
            assert a.name not in repr(p)


def test_coordinator_cannot_open_another_authority(app):
    _, p = _run(app, GOV, "S12000049", scope=Scope("coordinator", EDI))
    assert p["milestones"]["summary"] == "That authority or review is not available."
    assert "Glasgow" not in repr(p)


def test_profile_page_opens_from_its_path(sign_in):
    client = sign_in("inspector")
    page = client.get(f"/local-authorities/{EDI}")
    assert page.status_code == 200
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    resp = client.get(f"/download/profile-milestones.csv?review={GOV}&authority={EDI}")
    assert resp.status_code == 200 and "Scotland complete" in resp.get_data(as_text=True)


def test_about_page_is_registered_with_definitions(app):
    import dash

    from dashboard.pages import about

    assert any(p["path"] == "/about" for p in dash.page_registry.values())
    with app.server.test_request_context("/about"):
        text_blob = repr(about.layout())
    assert "Disclosure control" in text_blob and "href='/accessibility'" in text_blob
    assert "1 October 2024" in text_blob


def test_profile_csv_downloads_are_the_panel_tables(sign_in):
    client = sign_in("inspector")
    body = client.get(f"/download/profile-surveys.csv?review={GOV}&authority={EDI}").get_data(as_text=True)
    assert body.startswith("Survey,Area,GSS code,Eligible,Responses,Rate,Target") and "Family group 1" in body
    themes = client.get(f"/download/profile-themes.csv?review={GOV}&authority={EDI}").get_data(as_text=True)
    assert themes.startswith("Theme,Area,GSS code,Times coded,Share of the area's coding")
    assert client.get(f"/download/profile-milestones.csv?authority={EDI}").status_code == 404
    assert client.get(f"/download/profile-milestones.csv?review=no-such-review&authority={EDI}").status_code == 404


def test_coordinator_download_of_another_profile_is_refused(sign_in):
    client = sign_in("coordinator", EDI)
    resp = client.get(f"/download/profile-milestones.csv?review={GOV}&authority=S12000049")
    assert resp.status_code in (403, 404) and "Glasgow" not in resp.get_data(as_text=True)
    own = client.get(f"/download/profile-milestones.csv?review={GOV}&authority={EDI}").get_data(as_text=True)
    assert "Scotland complete" in own and "Family group complete" not in own
