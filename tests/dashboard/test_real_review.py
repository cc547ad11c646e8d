"""A real review beside the demonstration ones: set up from its workbook and publishers' files, seen on
every page and in the API without a demonstration label; then the demonstration reviews removed."""
from __future__ import annotations

import json

import pytest
from import_corpus.review_book import SLUG, TITLE, set_up_review
from page_helpers import nodes, route
from sqlalchemy import text

from data_access import reviews
from seed_data import programme as P

PAGES = ["/", "/timeline", "/surveys", "/themes", "/present", "/local-authorities/S12000036"]
SYNTHETIC = "synthetic"


def _render(client, path: str, search: str = "") -> str:
    resp = route(client, path, search)
    assert resp.status_code == 200, (path, resp.status_code)
    return resp.get_data(as_text=True)


def _options(page: str) -> dict[str, str]:
    """The review chooser's options on a rendered page: label by slug."""
    return {option["value"]: option.get("label") for node in nodes(json.loads(page))
            for option in (node.get("options") if isinstance(node.get("options"), list) else [])
            if isinstance(option, dict) and "value" in option}


@pytest.fixture
def real_review(app, seeded_db, tmp_path):
    book, eligible, responses = set_up_review(seeded_db, tmp_path)
    assert book.ok and eligible.ok and responses.ok
    return SLUG


def test_a_real_review_is_on_every_page_and_in_the_api_without_a_demonstration_label(real_review, sign_in,
                                                                                    seeded_db):
    client = sign_in("inspector")
    for path in PAGES:
        page = _render(client, path, f"?review={SLUG}")
        assert TITLE in page, path
        options = _options(page)
        if SLUG in options:
            assert options[SLUG].startswith(TITLE) and "demonstration" not in options[SLUG], path
        if path != "/local-authorities/S12000036":  # a profile shows every review, demonstration ones too
            assert SYNTHETIC not in page, path
    # A demonstration review's page still says so, and its name in the chooser is labelled.
    demo = _render(client, "/surveys", f"?review={P.GOVERNANCE}")
    assert SYNTHETIC in demo and _options(demo)[P.GOVERNANCE].endswith("(demonstration)")
    # Mixed data: the header's badge, which speaks for every page, is not shown.
    assert "demo-badge" not in client.get("/_dash-layout").get_data(as_text=True)

    rates = client.get(f"/api/v1/reviews/{SLUG}/survey-rates")
    assert rates.status_code == 200 and rates.headers["X-Oversight-Demonstration"] == "false"
    assert [r["code"] for r in rates.get_json()] == ["carers-survey"]
    daily = client.get(f"/api/v1/reviews/{SLUG}/surveys/carers-survey/responses")
    assert daily.status_code == 200 and daily.headers["X-Oversight-Demonstration"] == "false"
    with seeded_db.reader() as s:
        held = s.execute(text("SELECT SUM(responses) FROM survey_response_daily d JOIN survey v ON v.id = d.survey_id "
                              "WHERE v.code = 'carers-survey'")).scalar()
    assert daily.get_json()[-1]["cumulative"] == held > 0
    progress = client.get(f"/api/v1/reviews/{SLUG}/progress").get_json()
    # Every authority takes part in three milestones; the two fieldwork areas in the fieldwork visit too.
    milestones = {r["gss_code"]: r["milestones"] for r in progress}
    assert len(milestones) == 32 and milestones["S12000036"] == 3 and milestones["S12000033"] == 2
    listed = {r["slug"] for r in client.get("/api/v1/reviews").get_json()}
    assert SLUG in listed and P.GOVERNANCE in listed
    demo_rates = client.get(f"/api/v1/reviews/{P.GOVERNANCE}/survey-rates")
    assert demo_rates.headers["X-Oversight-Demonstration"] == "true"
    csv = client.get(f"/api/v1/reviews/{SLUG}/survey-rates?format=csv")
    assert "demonstration" not in csv.headers["Content-Disposition"]


def test_after_demo_remove_no_page_or_answer_is_labelled_demonstration(real_review, sign_in, seeded_db):
    reviews.remove_demonstrations(seeded_db, username="admin1")
    client = sign_in("inspector")
    assert "demo-badge" not in client.get("/_dash-layout").get_data(as_text=True)
    for path in [*PAGES, "/about"]:
        page = _render(client, path)
        assert SYNTHETIC not in page and "emonstration" not in page, path
    assert [r["slug"] for r in client.get("/api/v1/reviews").get_json()] == [SLUG]
    assert client.get(f"/api/v1/reviews/{SLUG}/progress").headers["X-Oversight-Demonstration"] == "false"


def test_the_demonstration_dataset_alone_keeps_its_badge(sign_in):
    client = sign_in("leader")
    assert "demo-badge" in client.get("/_dash-layout").get_data(as_text=True)
