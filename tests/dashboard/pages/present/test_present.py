"""Presenter mode: every slide is national and disclosure-controlled, whoever presents."""
import re

import pytest
from dash_helpers import call, dependencies, find_callback, response_props

from dashboard.pages.present.panels import SLIDE_KEYS
from data_access.reference import AUTHORITIES

GOV = "social-work-governance"


def slide(client, index, review=GOV):
    dep = find_callback(dependencies(client), "present-index", output="present-url")
    return call(client, dep, {"present-review.value": review, "present-index.data": index})


def named(text: str) -> list[str]:
    return [s for a in AUTHORITIES for s in (a.name, a.gss_code) if s in text]


@pytest.mark.parametrize("role", ["presenter", "admin", "leader", "inspector"])
def test_every_slide_is_national_whoever_presents(sign_in, role):
    client = sign_in(role)
    headings = []
    for index in range(len(SLIDE_KEYS)):
        resp = slide(client, index)
        assert resp.status_code == 200, (role, index)
        body = resp.get_data(as_text=True)
        assert named(body) == [], (role, index)
        props = response_props(resp)
        headings.append(props["present-heading"]["children"])
        assert props["present-counter"]["children"] == f"Slide {index + 1} of {len(SLIDE_KEYS)}"
        download = client.get(props["present-download"]["href"])
        assert named(download.get_data(as_text=True)) == []
        assert download.headers["X-Oversight-Demonstration"] == "true"
    assert len(set(headings)) == len(SLIDE_KEYS)


def test_small_counts_are_controlled_on_slides_even_for_an_admin(sign_in):
    """Raise k to 200: no step of the survey slide's running total shows fewer than 200 responses
    (days are merged or shown as 'c'), although an admin sees exact numbers everywhere else."""
    client = sign_in("admin")
    index = SLIDE_KEYS.index("survey")
    column = "Responses that day (or since the previous row)"
    exact = [r[column] for r in response_props(slide(client, index))["present-table"]["rowData"]]
    assert any(v != "c" and int(v) < 200 for v in exact)
    client.application.config["SDC_K"] = 200
    rows = response_props(slide(client, index))["present-table"]["rowData"]
    controlled = [r[column] for r in rows]
    assert controlled and all(v == "c" or int(v) >= 200 for v in controlled)
    assert len(controlled) < len(exact) or "c" in controlled


def test_previous_and_next_stay_within_the_deck(sign_in):
    client = sign_in("presenter")
    dep = find_callback(dependencies(client), "present-next", output="present-index")
    forward = call(client, dep, {"present-next.n_clicks": 1, "present-index.data": 0},
                   changed=["present-next.n_clicks"])
    assert response_props(forward)["present-index"]["data"] == 1
    back = call(client, dep, {"present-prev.n_clicks": 1, "present-index.data": 3}, changed=["present-prev.n_clicks"])
    assert response_props(back)["present-index"]["data"] == 2
    at_end = call(client, dep, {"present-next.n_clicks": 1, "present-index.data": len(SLIDE_KEYS) - 1},
                  changed=["present-next.n_clicks"])
    assert at_end.status_code == 204  # nothing after the last slide


def test_the_deck_is_deep_linkable(sign_in):
    client = sign_in("presenter")
    props = response_props(slide(client, 2))
    assert props["present-url"]["search"] == f"?review={GOV}&slide=3"
    assert client.get(f"/present?review={GOV}&slide=3").status_code == 200


def test_coordinators_may_not_present(sign_in):
    client = sign_in("coordinator", "S12000036")
    assert client.get("/present").status_code == 403
    assert slide(client, 0).status_code == 403
    assert re.search(r"S120000(?!36)\d\d", client.get(f"/download/present-slide.csv?review={GOV}&slide=2")
                     .get_data(as_text=True)) is None
