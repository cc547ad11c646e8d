"""Replaying the programme to another day: leaders, inspectors and admins may (the header's control,
?as_of= in the address); co-ordinators and presenters always get the stored as-of date, whatever they
send in the address, a download link or a forged callback value."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from accounts import csrf_header, login_as
from dash_helpers import call, dependencies, find_callback, response_props
from page_helpers import call_as

from data_access.scope import Scope

GOV = "social-work-governance"
STORED = "2024-10-01"  # the demonstration data's as-of date
AFTER_CLOSE = "2024-10-05"  # the governance staff survey closed on 4 October 2024 with 3,935 responses


def _surveys(client, search: str):
    dep = find_callback(dependencies(client), "surveys-review", output="surveys-url")
    resp = call(client, dep, {"surveys-review.value": GOV, "surveys-survey.value": "staff-survey",
                              "url.search": search}, csrf_header(client), pathname="/surveys")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return response_props(resp)


def _header_date(client, search: str) -> str:
    dep = find_callback(dependencies(client), "url", "search", output="as-of-date")
    resp = call(client, dep, {"url.search": search}, csrf_header(client))
    assert resp.status_code == 200
    return response_props(resp)["as-of-date"]["children"]


@pytest.mark.parametrize("role", ["leader", "inspector", "admin"])
def test_a_leader_replays_the_governance_review_to_its_final_survey_count(auth_client, role):
    login_as(auth_client, role)
    props = _surveys(auth_client, f"?review={GOV}&as_of={AFTER_CLOSE}")
    assert props["surveys-cumulative-summary"]["children"].startswith("3,935 responses by 4 October 2024")
    # The replayed day stays in the address and travels with every download link.
    assert f"as_of={AFTER_CLOSE}" in props["surveys-url"]["search"]
    assert f"as_of={AFTER_CLOSE}" in props["surveys-cumulative-download"]["href"]
    assert props["surveys-cumulative-download-xlsx"]["href"].startswith("/download/surveys-cumulative.xlsx?")
    assert _header_date(auth_client, f"?as_of={AFTER_CLOSE}") == "5 October 2024"
    download = auth_client.get(props["surveys-cumulative-download"]["href"])
    assert download.headers["X-Oversight-As-Of"] == AFTER_CLOSE
    assert pd.read_csv(io.BytesIO(download.data))["Responses so far"].iloc[-1] == 3935
    # Without the parameter, the stored day.
    stored = _surveys(auth_client, f"?review={GOV}")
    assert stored["surveys-cumulative-summary"]["children"].startswith("3,629 responses by 1 October 2024")
    assert "as_of" not in stored["surveys-url"]["search"]


@pytest.mark.parametrize("role", ["coordinator", "presenter"])
def test_protected_roles_get_the_stored_day_whatever_they_send(auth_client, role):
    login_as(auth_client, role)
    for search in (f"?as_of={AFTER_CLOSE}", "?as_of=2025-06-30", f"?review={GOV}&as_of=2024-08-20"):
        props = _surveys(auth_client, search)
        assert props["surveys-cumulative-summary"]["children"].startswith("3,629 responses by 1 October 2024")
        assert "as_of" not in props["surveys-url"]["search"] + props["surveys-cumulative-download"]["href"]
        assert _header_date(auth_client, search) == "1 October 2024"
    download = auth_client.get(f"/download/surveys-cumulative.csv?review={GOV}&as_of={AFTER_CLOSE}")
    assert download.headers["X-Oversight-As-Of"] == STORED
    assert pd.read_csv(io.BytesIO(download.data))["Responses so far"].iloc[-1] == 3629
    assert f"-{STORED}-" in download.headers["Content-Disposition"]
    bundle = auth_client.get(f"/download/review/{GOV}.zip?as_of={AFTER_CLOSE}")
    assert bundle.headers["X-Oversight-As-Of"] == STORED


@pytest.mark.parametrize("role", ["coordinator", "presenter"])
def test_the_replay_control_is_not_theirs(auth_client, role):
    login_as(auth_client, role)
    assert "as-of-picker" not in auth_client.get("/_dash-layout").get_data(as_text=True)
    auth_client.post("/logout", data={"csrf_token": auth_client.get_cookie("_csrf_token").value})
    # The control's callback, sent by hand, is refused.
    login_as(auth_client, "leader")  # a leader's page names the control's callback
    dep = find_callback(dependencies(auth_client), "as-of-picker")
    auth_client.post("/logout", data={"csrf_token": auth_client.get_cookie("_csrf_token").value})
    login_as(auth_client, role)
    resp = call(auth_client, dep, {"as-of-picker.value": AFTER_CLOSE, "url.pathname": "/", "url.search": ""},
                csrf_header(auth_client))
    assert resp.status_code == 403


def test_the_picker_follows_the_address_and_is_left_alone_when_it_already_shows_the_day(auth_client):
    login_as(auth_client, "leader")
    dep = find_callback(dependencies(auth_client), "url", "search", output="as-of-picker")
    moved = call(auth_client, dep, {"url.search": f"?as_of={AFTER_CLOSE}", "as-of-picker.value": "01/10/2024"},
                 csrf_header(auth_client), pathname=f"/?as_of={AFTER_CLOSE}")
    shown = response_props(moved)["as-of-picker"]["value"]
    assert shown != "01/10/2024" and re.fullmatch(r"\d\d/\d\d/\d{4}", shown)
    # Already showing that day (every page load): no update, so nothing follows from it.
    same = call(auth_client, dep, {"url.search": f"?as_of={AFTER_CLOSE}", "as-of-picker.value": shown},
                csrf_header(auth_client), pathname=f"/?as_of={AFTER_CLOSE}")
    assert same.status_code == 204


def test_the_day_is_read_only_from_the_registered_input(auth_client):
    """A date slipped in elsewhere (another input's value, the changed-property list) is not used."""
    login_as(auth_client, "leader")
    dep = find_callback(dependencies(auth_client), "surveys-review", output="surveys-url")
    resp = call(auth_client, dep, {"surveys-review.value": GOV, "surveys-survey.value": "staff-survey",
                                   "surveys-start.value": f"?as_of={AFTER_CLOSE}", "url.search": ""},
                csrf_header(auth_client), pathname=f"/surveys?as_of={AFTER_CLOSE}")
    assert response_props(resp)["surveys-cumulative-summary"]["children"].startswith("3,629 responses")


def test_a_leaders_day_is_held_to_the_days_the_data_covers(auth_client):
    login_as(auth_client, "leader")
    assert "as-of-picker" in auth_client.get("/_dash-layout").get_data(as_text=True)
    far = auth_client.get(f"/download/surveys-cumulative.csv?review={GOV}&as_of=2031-01-01")
    assert far.headers["X-Oversight-As-Of"] == "2025-06-30"  # the last day in the data: the national webinar
    for nonsense in ("2024-13-45", "yesterday", "2024-10-05&as_of=2024-10-06"):
        resp = auth_client.get(f"/download/surveys-cumulative.csv?review={GOV}&as_of={nonsense}")
        assert resp.status_code == 200 and resp.headers["X-Oversight-As-Of"] == STORED, nonsense


def test_the_header_control_writes_the_day_into_the_address(app):
    from dashboard.shell import replay_to
    from dashboard.ui.filters import with_param

    assert call_as(app, replay_to, AFTER_CLOSE, "/surveys", f"?review={GOV}", scope=Scope("leader")) == \
        f"/surveys?review={GOV}&as_of={AFTER_CLOSE}"
    assert call_as(app, replay_to, STORED, "/surveys", f"?review={GOV}&as_of={AFTER_CLOSE}",
                   scope=Scope("leader")) == f"/surveys?review={GOV}"

    assert with_param("?review=x&as_of=2024-01-01", "as_of", "2024-10-05") == "?review=x&as_of=2024-10-05"
    assert with_param("?review=x&as_of=2024-01-01", "as_of", None) == "?review=x"
    assert with_param("", "as_of", None) == ""
