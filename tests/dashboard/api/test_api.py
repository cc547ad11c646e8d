"""The data API returns the same scoped numbers as the pages, as JSON records or CSV, with ETags and
RFC 9457 problems."""
import csv
import io

import pandas as pd
import pytest
from sqlalchemy import text

from dashboard.api.respond import split_suppressed
from data_access.disclosure import SUPPRESSED

GOV = "social-work-governance"
REVIEW_PARTS = ("progress", "timeline", "survey-rates", "themes", "surveys", "document-returns",
                "surveys/staff-survey/responses")


@pytest.fixture
def inspector(sign_in):
    return sign_in("inspector")


def test_reviews_and_authorities(inspector):
    resp = inspector.get("/api/v1/reviews")
    # The metadata moved from a wrapper object into headers: the body is the rows themselves.
    assert resp.headers["X-Oversight-As-Of"] == "2024-10-01"
    assert resp.headers["X-Oversight-Demonstration"] == "true"
    assert resp.headers["X-Oversight-Data-Version"].isdigit()
    rows = resp.get_json()
    assert isinstance(rows, list) and {r["slug"] for r in rows} >= {GOV, "self-evaluation-qi-6-4"}
    authorities = inspector.get("/api/v1/local-authorities").get_json()
    assert len(authorities) == 32 and authorities[0]["gss_code"].startswith("S12")


def test_progress_matches_sql(inspector, seeded_db):
    rows = inspector.get(f"/api/v1/reviews/{GOV}/progress").get_json()
    with seeded_db.engine.connect() as conn:
        done = conn.execute(text("""SELECT COUNT(*) FROM authority_milestone am
            JOIN milestone m ON m.id = am.milestone_id
            JOIN review r ON r.id = m.review_id WHERE r.slug = :s AND am.completed_on <= '2024-10-01'"""),
            {"s": GOV}).scalar()
    assert len(rows) == 32
    assert sum(r["complete"] for r in rows) == done


def test_every_review_endpoint_answers_in_json_and_csv(inspector):
    for part in REVIEW_PARTS:
        resp = inspector.get(f"/api/v1/reviews/{GOV}/{part}")
        assert resp.status_code == 200, part
        assert resp.get_json(), part
        got = inspector.get(f"/api/v1/reviews/{GOV}/{part}?format=csv")
        assert got.status_code == 200 and got.mimetype == "text/csv"
        body = got.get_data(as_text=True)
        # The header is the first line: no preamble; the metadata is in the headers.
        assert body.splitlines()[0].split(",") == [k for k in resp.get_json()[0] if not k.endswith("_suppressed")]
        assert "Data as of" not in body and got.headers["X-Oversight-As-Of"] == "2024-10-01"
        assert "demonstration" in got.headers["Content-Disposition"] and GOV in got.headers["Content-Disposition"]


def test_csv_writes_integers_as_integers_and_missing_as_empty(inspector):
    body = inspector.get(f"/api/v1/reviews/{GOV}/timeline?format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["seq"] == "1"
    assert any(r["slippage_days"] == "" for r in rows)  # not started: no slippage, written as empty
    assert all(r["slippage_days"] == "" or r["slippage_days"].lstrip("-").isdigit() for r in rows)
    assert not any("<NA>" in v or v == "nan" for r in rows for v in r.values())


def test_document_returns_count_every_document(inspector, seeded_db):
    rows = inspector.get(f"/api/v1/reviews/{GOV}/document-returns").get_json()
    scotland = rows[-1]
    assert scotland == {"gss_code": "S92000003", "name": "Scotland", "documents": 1032, "authorities": 32,
                        "returned_on": scotland["returned_on"]}
    assert sum(r["documents"] for r in rows[:-1]) == 1032 and len(rows) == 33


def test_publications_and_their_review_filter(inspector):
    rows = inspector.get("/api/v1/publications").get_json()
    assert len(rows) == 8
    assert max(r["downloads"] for r in rows) == 4011 and min(r["downloads"] for r in rows) == 3308
    assert [r["published_on"] for r in rows] == sorted((r["published_on"] for r in rows), reverse=True)
    own = inspector.get("/api/v1/publications?review=care-experienced-young-people").get_json()
    assert len(own) == 3 and {r["review"] for r in own} == {"care-experienced-young-people"}
    assert inspector.get("/api/v1/publications?review=no-such-review").status_code == 404


def test_daily_responses_add_up_and_filter_by_date_and_family_group(inspector):
    base = f"/api/v1/reviews/{GOV}/surveys/staff-survey/responses"
    days = inspector.get(base).get_json()
    assert days and days[-1]["cumulative"] == sum(d["responses"] for d in days)
    window = inspector.get(f"{base}?start=2024-09-01&end=2024-09-07").get_json()
    assert window and all("2024-09-01" <= d["day"] <= "2024-09-07" for d in window)
    assert inspector.get(f"{base}?start=2024-09-10&end=2024-09-01").get_json() == []  # an empty window
    group = inspector.get(f"{base}?family_group=1").get_json()
    assert {d["area"] for d in group} == {"Family group 1"}
    assert group[-1]["cumulative"] < days[-1]["cumulative"]


def test_survey_filter_on_rates(inspector):
    rows = inspector.get(f"/api/v1/reviews/{GOV}/survey-rates?survey=staff-survey").get_json()
    assert [r["code"] for r in rows] == ["staff-survey"]
    assert inspector.get(f"/api/v1/reviews/{GOV}/survey-rates?survey=nope").status_code == 404


@pytest.mark.parametrize("path, status", [
    ("/api/v1/reviews/nope/progress", 404),
    (f"/api/v1/reviews/{GOV}/surveys/nope/responses", 404),
    ("/api/v1/no-such-thing", 404),
    ("/api/v1/", 404),
    (f"/api/v1/reviews/{GOV}/themes?format=xml", 400),
    (f"/api/v1/reviews/{GOV}/themes?colour=red", 400),
    (f"/api/v1/reviews/{GOV}/themes?format=csv&format=json", 400),
    (f"/api/v1/reviews/{GOV}/surveys/staff-survey/responses?start=1%20Sept", 400),
    (f"/api/v1/reviews/{GOV}/surveys/staff-survey/responses?family_group=9", 400),
    ("/api/v1/publications?review=BAD%20SLUG", 400),
])
def test_bad_requests_are_problems(inspector, path, status):
    resp = inspector.get(path)
    assert resp.status_code == status and resp.mimetype == "application/problem+json"
    problem = resp.get_json()
    assert problem["status"] == status and problem["type"].startswith("/api/v1/docs#problem-")
    assert problem["title"] and problem["detail"]
    assert "<html" not in resp.get_data(as_text=True).lower()


def test_other_methods_are_405_problems(app, seeded_db):
    from data_access.users import add_user, issue_token

    add_user(seeded_db, "method-tester", "inspector", "a-long-test-password-1")
    token = issue_token(seeded_db, "method-tester")
    resp = app.server.test_client().post("/api/v1/reviews", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 405 and resp.mimetype == "application/problem+json"
    assert "GET" in resp.headers["Allow"]


def test_anonymous_api_requests_get_401_problems_and_no_data(client):
    for path in (f"/api/v1/reviews/{GOV}/progress", "/api/v1/publications", "/api/v1/anything"):
        resp = client.get(path)
        assert resp.status_code == 401 and resp.mimetype == "application/problem+json", path
        assert resp.get_json()["status"] == 401
        assert "S120" not in resp.get_data(as_text=True)


def test_etag_answers_304_and_changes_with_the_url_and_the_caller(sign_in):
    client = sign_in("inspector")
    url = f"/api/v1/reviews/{GOV}/themes"
    first = client.get(url)
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("private")
    assert first.headers["Vary"] == "Authorization, Cookie"
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag
    assert client.get(url + "?format=csv").headers["ETag"] != tag
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200
    presenter = sign_in("presenter")
    answer = presenter.get(url, headers={"If-None-Match": tag})
    assert answer.status_code == 200 and answer.headers["ETag"] != tag


def test_304_is_answered_before_any_data_is_read(sign_in, monkeypatch):
    from dashboard.api import views

    client = sign_in("inspector")
    url = f"/api/v1/reviews/{GOV}/themes"
    tag = client.get(url).headers["ETag"]

    def refuse(*_a, **_k):
        raise AssertionError("the data was read")

    monkeypatch.setitem(views.READS, "themes", refuse)
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304


def test_split_suppressed_turns_the_marker_into_null_and_a_flag():
    frame = pd.DataFrame({"name": ["a", "b"], "responses": [12, SUPPRESSED], "rate": [0.5, SUPPRESSED]})
    out = split_suppressed(frame, ["responses", "rate"])
    assert list(out.columns) == ["name", "responses", "responses_suppressed", "rate", "rate_suppressed"]
    assert out.responses.tolist() == [12, None] and out.responses_suppressed.tolist() == [False, True]
    assert out.rate.tolist() == [0.5, None] and out.rate_suppressed.tolist() == [False, True]


def test_csv_escapes_formula_text_but_not_numbers():
    from dashboard.downloads import frame_to_csv

    body = frame_to_csv(pd.DataFrame({"Note": ["=HYPERLINK(1)", "@x", "-5", "plain"], "n": [-3, 0, 4, 2]}))
    lines = body.splitlines()
    assert lines[1] == "'=HYPERLINK(1),-3"
    assert lines[2] == "'@x,0" and lines[3] == "-5,4" and lines[4] == "plain,2"
