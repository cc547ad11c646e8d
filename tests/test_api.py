"""The data API returns the same scoped numbers as the pages, as JSON or CSV."""
import pytest

from sqlalchemy import text

GOV = "social-work-governance"


def test_reviews_and_authorities(inspector):
    body = inspector.get("/api/v1/reviews").get_json()
    assert body["as_of"] == "2024-10-01" and body["demonstration_data"] is True
    assert {r["slug"] for r in body["data"]} >= {GOV, "self-evaluation-qi-6-4"}
    assert len(inspector.get("/api/v1/local-authorities").get_json()["data"]) == 32


def test_progress_matches_sql(inspector, seeded_db):
    rows = inspector.get(f"/api/v1/reviews/{GOV}/progress").get_json()["data"]
    with seeded_db.engine.connect() as conn:
        done = conn.execute(text("""SELECT COUNT(*) FROM authority_milestone am JOIN milestone m ON m.id = am.milestone_id
            JOIN review r ON r.id = m.review_id WHERE r.slug = :s AND am.completed_on <= '2024-10-01'"""),
            {"s": GOV}).scalar()
    assert len(rows) == 32
    assert sum(r["complete"] for r in rows) == done


def test_every_review_endpoint_answers_in_json_and_csv(inspector):
    for part in ("progress", "timeline", "survey-rates", "themes"):
        resp = inspector.get(f"/api/v1/reviews/{GOV}/{part}")
        assert resp.status_code == 200, part
        assert resp.get_json()["data"], part
        csv = inspector.get(f"/api/v1/reviews/{GOV}/{part}?format=csv")
        assert csv.status_code == 200 and csv.mimetype == "text/csv"
        assert "Data as of 1 October 2024" in csv.get_data(as_text=True)


def test_unknown_review_and_format_are_clear_errors(inspector):
    resp = inspector.get("/api/v1/reviews/nope/progress")
    assert resp.status_code == 404 and resp.get_json() == {"error": "no such review"}
    assert inspector.get(f"/api/v1/reviews/{GOV}/themes?format=xml").status_code == 400


@pytest.fixture
def inspector(sign_in):
    return sign_in("inspector")


def test_anonymous_api_requests_get_401_and_no_data(client):
    resp = client.get(f"/api/v1/reviews/{GOV}/progress")
    assert resp.status_code == 401
    assert "S120" not in resp.get_data(as_text=True)


def test_csv_escapes_formula_text_but_not_numbers():
    import pandas as pd

    from dashboard.downloads import frame_to_csv

    body = frame_to_csv(pd.DataFrame({"Note": ["=HYPERLINK(1)", "@x", "-5", "plain"], "n": [-3, 0, 4, 2]}))
    lines = body.splitlines()
    assert lines[1] == "'=HYPERLINK(1),-3"
    assert lines[2] == "'@x,0" and lines[3] == "-5,4" and lines[4] == "plain,2"
