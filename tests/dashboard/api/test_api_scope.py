"""A co-ordinator and a presenter get from every API endpoint only what their pages show them: no other
authority by name or code, and no count of people from 1 to k-1."""
from __future__ import annotations

import pytest

from dashboard.api.contract import BY_NAME, ENDPOINTS
from data_access.reference import AUTHORITIES

GOV = "social-work-governance"
OWN = "S12000036"  # City of Edinburgh
K = 5
PATHS = ["/api/v1" + e.path.format(slug=GOV, code="staff-survey") for e in ENDPOINTS] + [
    "/api/v1/reviews/care-experienced-young-people/themes",
    "/api/v1/reviews/care-experienced-young-people/survey-rates",
    "/api/v1/reviews/care-experienced-young-people/surveys/young-people/responses",
    "/api/v1/reviews/care-experienced-young-people/surveys/frontline-staff/responses",
    "/api/v1/publications?review=care-experienced-young-people",
]
PEOPLE_COLUMNS = {c.name for e in ENDPOINTS for s in e.shapes for c in s.columns if c.suppressible}
PEOPLE_COUNTS = {c.name for e in ENDPOINTS for s in e.shapes for c in s.columns
                 if c.suppressible and c.type == "integer"}


def _others(own: str | None) -> list[tuple[str, str]]:
    return [(a.gss_code, a.name) for a in AUTHORITIES if a.gss_code != own]


@pytest.fixture(params=[("coordinator", OWN), ("presenter", None)], ids=["coordinator", "presenter"])
def protected(request, sign_in):
    role, la = request.param
    return sign_in(role, la), la


def test_protected_roles_see_no_other_authority_on_any_endpoint(protected):
    client, own = protected
    for path in PATHS:
        for suffix in ("", "&format=csv" if "?" in path else "?format=csv"):
            resp = client.get(path + suffix)
            assert resp.status_code == 200, (path, resp.status_code)
            body = resp.get_data(as_text=True)
            for code, name in _others(own):
                assert code not in body and name not in body, (path + suffix, name)


def test_protected_roles_see_no_small_count_of_people(protected):
    client, _own = protected
    for path in PATHS:
        for row in client.get(path).get_json():
            for column in PEOPLE_COLUMNS & set(row):
                value = row[column]
                if row.get(f"{column}_suppressed"):
                    assert value is None, (path, column)
                elif column in PEOPLE_COUNTS:
                    assert value is None or not 0 < value < K, (path, column, value)


def test_protected_roles_see_daily_responses_in_steps_of_at_least_k(protected):
    client, _own = protected
    days = client.get(f"/api/v1/reviews/{GOV}/surveys/staff-survey/responses").get_json()
    assert days
    assert all(d["responses"] == 0 or d["responses"] >= K for d in days)
    narrowed = client.get(f"/api/v1/reviews/{GOV}/surveys/staff-survey/responses?start=2024-09-02&end=2024-09-20")
    assert {d["day"] for d in narrowed.get_json()} <= {d["day"] for d in days}


def test_family_groups_are_refused_to_protected_roles(protected):
    client, _own = protected
    resp = client.get(f"/api/v1/reviews/{GOV}/surveys/staff-survey/responses?family_group=1")
    assert resp.status_code == 403 and resp.mimetype == "application/problem+json"
    assert resp.get_json()["status"] == 403


def test_document_returns_by_role(sign_in):
    coordinator = sign_in("coordinator", OWN).get(f"/api/v1/reviews/{GOV}/document-returns").get_json()
    assert [r["gss_code"] for r in coordinator] == [OWN, "S92000003"]
    assert coordinator[-1]["documents"] == 1032
    presenter = sign_in("presenter").get(f"/api/v1/reviews/{GOV}/document-returns").get_json()
    assert presenter == [coordinator[-1]]


def test_a_coordinator_cannot_name_another_authority_or_a_review_they_are_not_in(sign_in, seeded_db):
    from sqlalchemy import text

    client = sign_in("coordinator", OWN)
    resp = client.get(f"/api/v1/reviews/{GOV}/document-returns?review=S12000033")
    assert resp.status_code in (400, 403) and resp.mimetype == "application/problem+json"
    with seeded_db.engine.connect() as conn:
        absent = conn.execute(text("""SELECT r.slug FROM review r WHERE r.id NOT IN (SELECT ra.review_id
            FROM review_authority ra JOIN local_authority la ON la.id = ra.authority_id WHERE la.gss_code = :c)"""),
            {"c": OWN}).scalars().all()
    for slug in absent:
        for part in ("document-returns", "surveys", "progress"):
            answer = client.get(f"/api/v1/reviews/{slug}/{part}")
            assert answer.status_code == 404 and answer.mimetype == "application/problem+json", (slug, part)
        assert client.get(f"/api/v1/publications?review={slug}").status_code == 404


def test_the_contract_names_the_people_counts():
    assert {"eligible", "responses", "rate", "tally"} == PEOPLE_COLUMNS
    assert {"eligible", "responses", "tally"} == PEOPLE_COUNTS
    assert not any(c.suppressible for c in BY_NAME["document_returns"].shapes[0].columns)
