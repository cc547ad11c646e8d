"""Speaker notes: generated from the slide's data, read with a presenter's scope whoever asks."""
import pytest
from dash_helpers import call, dependencies, find_callback, response_props

from data_access.reference import AUTHORITIES

GOV = "social-work-governance"


def notes(client, number, review=GOV):
    dep = find_callback(dependencies(client), "notes-nav", output="notes-heading")
    return call(client, dep, {"notes-nav.data": {"review": review, "slide": number}}, pathname="/present/notes")


def named(text: str) -> list[str]:
    return [s for a in AUTHORITIES for s in (a.name, a.gss_code) if s in text]


@pytest.mark.parametrize("role", ["presenter", "admin"])
def test_notes_say_the_sentence_and_the_numbers_with_their_caveats(sign_in, role):
    client = sign_in(role)
    assert client.get(f"/present/notes?review={GOV}&slide=2").status_code == 200
    slide = find_callback(dependencies(client), "present-nav", output="present-heading")
    count = int(response_props(call(client, slide, {"present-nav.data": {"review": GOV, "slide": 1}}))
                ["present-count"]["children"])
    for n in range(1, count + 1):
        shown = response_props(call(client, slide, {"present-nav.data": {"review": GOV, "slide": n}}))
        resp = notes(client, n)
        assert resp.status_code == 200
        props = response_props(resp)
        body = str(props["notes-body"]["children"])
        assert props["notes-heading"]["children"] == f"Slide {n} of {count}: {shown['present-heading']['children']}"
        assert shown["present-summary"]["children"] in body
        assert "no authority is named" in body and named(body) == []
        if n < count:
            assert "Next: " in body
    client.application.config["SDC_K"] = 200
    participation = [n for n in range(1, count + 1)
                     if "Participation" in response_props(notes(client, n))["notes-heading"]["children"]]
    assert participation and "fewer than 200 responses are merged" in str(notes(client, participation[0]).get_json())


def test_coordinators_get_no_notes(sign_in):
    client = sign_in("coordinator", "S12000036")
    assert client.get("/present/notes").status_code == 403
    assert notes(client, 1).status_code == 403


def test_notes_for_junk_follow_the_first_slide_or_refuse(sign_in):
    client = sign_in("presenter")
    assert response_props(notes(client, "x"))["notes-heading"]["children"].startswith("Slide 1 of")
    assert response_props(notes(client, 1, "nope"))["notes-heading"]["children"] == "That review is not available."
