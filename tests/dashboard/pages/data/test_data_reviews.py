"""The Data page and reviews: a review's workbook checked (what would change, how it was read) and
committed, and the life-cycle control, for the roles that may import and against those that may not."""
from __future__ import annotations

import base64

import pytest
from dash_helpers import call, dependencies, find_callback, response_props
from import_corpus.review_book import SHEETS, SLUG, filled_template
from sqlalchemy import select

from data_access import models as m
from data_access import reviews

XLSX = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
GOV = "social-work-governance"


@pytest.fixture
def app(file_cache_app):
    """Uploads are held in the cache between checking and committing: a real (file-system) one."""
    return file_cache_app


def _upload(client, body: bytes, filename="review.xlsx", kind="review", review=GOV):
    dep = find_callback(dependencies(client), "data-upload", output="data-check")
    return call(client, dep, {"data-upload.contents": XLSX + base64.b64encode(body).decode(),
                              "data-upload.filename": filename, "data-kind.value": kind, "data-review.value": review})


def _commit(client, token):
    dep = find_callback(dependencies(client), "data-commit", output="data-result")
    return call(client, dep, {"data-commit.n_clicks": 1, "data-token.data": token})


def _set_state(client, slug, state):
    dep = find_callback(dependencies(client), "data-state-apply", output="data-state-result")
    return call(client, dep, {"data-state-apply.n_clicks": 1, "data-state-review.value": slug,
                              "data-state-value.value": state})


def _status(db, slug):
    with db.reader() as s:
        return s.execute(select(m.Review.status).where(m.Review.slug == slug)).scalar()


def test_a_review_workbook_is_checked_with_its_changes_listed_then_committed(sign_in, seeded_db, tmp_path):
    inspector = sign_in("inspector")
    props = response_props(_upload(inspector, filled_template(tmp_path)))
    check = str(props["data-check"]["children"])
    assert "What committing it would change" in check and "(review: carers-support-review): new row" in check
    assert "read 'Western Isles' as Na h-Eileanan Siar" in check  # how the workbook was read
    assert _status(seeded_db, SLUG) is None  # checking wrote nothing
    assert "alert-success" in str(response_props(_commit(inspector, props["data-token"]["data"])))
    assert _status(seeded_db, SLUG) == "active"
    edited = {**SHEETS, "surveys": [[*SHEETS["surveys"][0][:6], "45%"]]}
    again = str(response_props(_upload(inspector, filled_template(tmp_path, edited)))["data-check"]["children"])
    assert "(surveys: carers-survey): target_rate 35% -> 45%" in again


def test_the_life_cycle_control_closes_a_review_which_then_refuses_uploads(sign_in, seeded_db, tmp_path):
    admin = sign_in("admin")
    props = response_props(_set_state(admin, GOV, "closed"))
    assert "moved from active to closed" in str(props["data-state-result"]["children"])
    assert any(o["value"] == GOV and "(closed)" in o["label"] for o in props["data-state-review"]["options"])
    assert _status(seeded_db, GOV) == "closed"
    refused = response_props(_upload(admin, b"survey,authority,eligible\nstaff-survey,Fife,10\n",
                                     filename="eligible.csv", kind="survey-eligible"))
    assert "is closed, so it takes no imports" in str(refused["data-check"]["children"])
    with seeded_db.reader() as s:
        audit = s.execute(select(m.AuditEntry.username, m.AuditEntry.detail)
                          .where(m.AuditEntry.action == "review state")).all()
    assert audit == [("admin-all", f"{GOV}: active -> closed")]
    response_props(_set_state(admin, GOV, reviews.ACTIVE))
    assert _status(seeded_db, GOV) == "active"


@pytest.mark.parametrize("slug,state", [(["x"], "closed"), (GOV, {"a": 1}), (None, None), ("no-such", "closed"),
                                        (GOV, "paused"), (GOV * 20, "closed")])
def test_odd_values_for_the_life_cycle_control_change_nothing_and_never_fail(sign_in, seeded_db, slug, state):
    inspector = sign_in("inspector")
    resp = _set_state(inspector, slug, state)
    assert resp.status_code in (200, 400), resp.status_code
    if resp.status_code == 200:
        assert "Not changed" in str(resp.get_json()) or "Choose a review" in str(resp.get_json())
    assert _status(seeded_db, GOV) == "active"


@pytest.mark.parametrize("role,la", [("leader", None), ("presenter", None), ("coordinator", "S12000036")])
def test_other_roles_cannot_change_a_reviews_state_or_upload_a_workbook(sign_in, seeded_db, tmp_path, role, la):
    client = sign_in(role, la)
    assert _set_state(client, GOV, "closed").status_code == 403
    assert _upload(client, filled_template(tmp_path)).status_code == 403
    assert _status(seeded_db, GOV) == "active" and _status(seeded_db, SLUG) is None
