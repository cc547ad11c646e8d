"""Presenter mode: every slide is national and disclosure-controlled, whoever presents; the deck leaves
out what has nothing to show and follows the slide number the browser sends."""
import csv
import io
import re

import pytest
from dash_helpers import call, dependencies, find_callback, opened_table, response_props

from data_access.reference import AUTHORITIES

GOV = "social-work-governance"
QI64 = "self-evaluation-qi-6-4"
JOINT = "joint-inspections-children-at-risk"


def slide(client, number, review=GOV, survey=None):
    dep = find_callback(dependencies(client), "present-nav", output="present-heading")
    return call(client, dep, {"present-nav.data": {"review": review, "slide": number, "survey": survey}})


def named(text: str) -> list[str]:
    return [s for a in AUTHORITIES for s in (a.name, a.gss_code) if s in text]


PROTECTED = ("Responses", "Strengths", "Areas for improvement", "Total", "Times coded")


def small_counts(text: str, k: int = 5) -> list[str]:
    """Cells of a CSV's people and tally columns holding a protected count from 1 to k-1."""
    rows = list(csv.reader(io.StringIO(text)))
    start = next((i for i, r in enumerate(rows) if any(c.startswith(PROTECTED) for c in r)), None)
    if start is None:
        return []
    head = rows[start]
    cols = [i for i, c in enumerate(head) if c.startswith(PROTECTED)]
    small = {str(n) for n in range(1, k)}
    return [r[i] for r in rows[start + 1:] for i in cols if i < len(r) and r[i].strip() in small]


def deck_of(client, review=GOV, survey=None) -> list[dict]:
    """Every slide as the presenter's screen gets it, with its table opened (it comes only on opening)."""
    first = response_props(slide(client, 1, review, survey))
    count = int(first["present-count"]["children"])
    deck = [first] + [response_props(slide(client, n, review, survey)) for n in range(2, count + 1)]
    for props in deck:
        props["present-table"] = opened_table(client, props, "present", pathname="/present") or \
            {"rowData": [], "columnDefs": []}
    return deck


@pytest.mark.parametrize("role", ["presenter", "admin", "leader", "inspector"])
def test_every_slide_is_national_whoever_presents(sign_in, role):
    client = sign_in(role)
    slides = deck_of(client)
    headings = [p["present-heading"]["children"] for p in slides]
    assert len(set(headings)) == len(slides) >= 7, headings
    for n, props in enumerate(slides, start=1):
        assert props["present-counter"]["children"] == f"Slide {n} of {len(slides)}"
        assert named(str(props)) == [], (role, n)
        download = client.get(props["present-download"]["href"])
        assert named(download.get_data(as_text=True)) == [], (role, n)
        assert download.headers["X-Oversight-Demonstration"] == "true", (role, n)


def test_the_deck_runs_from_title_to_publications_and_feedback(sign_in):
    slides = deck_of(sign_in("presenter"))
    headings = [p["present-heading"]["children"] for p in slides]
    assert headings[0] == "Social work governance and assurance review"
    assert headings[1:3] == ["Key facts", "Timeline: phases and milestones, planned against actual"]
    assert headings[-1] == "Publications and how to give feedback"
    assert {"Top strengths", "Top areas for improvement", "Themes by review question"} <= set(headings)
    closing = slides[-1]
    assert "More information about the review" in str(closing["present-items"]["children"])
    assert "feedback" in closing["present-summary"]["children"]


def test_joint_inspections_show_the_programme_not_one_review_s_milestones(sign_in):
    slides = deck_of(sign_in("presenter"), JOINT)
    timeline = [p for p in slides if p["present-heading"]["children"].startswith("The joint inspection programme")]
    assert len(timeline) == 1
    assert "milestones are complete" not in timeline[0]["present-summary"]["children"]
    assert "partnerships in the programme" in timeline[0]["present-summary"]["children"]


def test_the_presenter_chooses_the_survey(sign_in):
    client = sign_in("presenter")
    review = "care-experienced-young-people"
    first = response_props(slide(client, 1, review))
    codes = [o["value"] for o in first["present-survey"]["options"]]
    assert {"young-people", "frontline-staff"} <= set(codes)
    headings = {}
    for code in ("young-people", "frontline-staff"):
        found = [p for p in deck_of(client, review, code)
                 if p["present-heading"]["children"].startswith("Participation")]
        assert len(found) == 1
        headings[code] = found[0]["present-heading"]["children"]
        assert f"survey={code}" in found[0]["present-download"]["href"]
    assert headings["young-people"] == "Participation: Survey of young people"
    assert headings["frontline-staff"] == "Participation: Survey of frontline staff"


def test_a_slide_number_past_the_end_shows_the_last_slide(sign_in):
    client = sign_in("presenter")
    last = deck_of(client)[-1]
    for number in (99, "99", 10**9):
        props = response_props(slide(client, number))
        assert props["present-heading"]["children"] == last["present-heading"]["children"]
        assert props["present-next"]["disabled"] is True
    for junk in (0, -3, "two", None, True, [1]):
        props = response_props(slide(client, junk))
        assert props["present-counter"]["children"].startswith("Slide 1 of"), junk


def test_small_counts_are_controlled_on_slides_even_for_an_admin(sign_in):
    """Raise k to 200: no step of the participation slide's running total shows fewer than 200
    responses (days are merged or shown as 'c'), although an admin sees exact numbers elsewhere."""
    client = sign_in("admin")
    column = "Responses that day (or since the previous row)"

    def participation_rows():
        found = [p for p in deck_of(client) if p["present-heading"]["children"].startswith("Participation")]
        return [r[column] for r in found[0]["present-table"]["rowData"]]

    exact = participation_rows()
    assert any(v != "c" and int(v) < 200 for v in exact)
    client.application.config["SDC_K"] = 200
    controlled = participation_rows()
    assert controlled and all(v == "c" or int(v) >= 200 for v in controlled)
    assert len(controlled) < len(exact) or "c" in controlled


def test_no_csv_holds_a_protected_small_count(sign_in):
    client = sign_in("admin")
    for review in (GOV, QI64, JOINT):
        for props in deck_of(client, review):
            text = client.get(props["present-download"]["href"]).get_data(as_text=True)
            assert small_counts(text) == [], (review, props["present-heading"]["children"])


def test_an_unknown_slide_or_review_is_not_found(sign_in):
    client = sign_in("presenter")
    assert client.get(f"/download/present-slide.csv?review={GOV}&slide=nonsense").status_code == 404
    assert client.get("/download/present-slide.csv?review=nope&slide=title").status_code == 404
    props = response_props(slide(client, 1, "nope"))
    assert props["present-heading"]["children"] == "That review is not available."


def test_coordinators_may_not_present(sign_in):
    client = sign_in("coordinator", "S12000036")
    assert client.get("/present").status_code == 403
    assert slide(client, 1).status_code == 403
    assert re.search(r"S120000(?!36)\d\d", client.get(f"/download/present-slide.csv?review={GOV}&slide=facts")
                     .get_data(as_text=True)) is None


def test_the_page_opens_on_the_slide_in_its_address(sign_in):
    client = sign_in("presenter")
    resp = client.get(f"/present?review={GOV}&slide=3")
    assert resp.status_code == 200
    dep = find_callback(dependencies(client), "_pages_location", "pathname")
    props = response_props(call(client, dep, {"_pages_location.pathname": "/present",
                                              "_pages_location.search": f"?review={GOV}&slide=3"}))
    layout = str(props)
    assert "'slide': 3" in layout and "present-stage" in layout and "present-show" in layout


def test_a_slide_with_nothing_to_show_is_left_out(sign_in):
    """The QI 6.4 self-evaluation has no responses to show yet: its deck skips the participation slide."""
    headings = [p["present-heading"]["children"] for p in deck_of(sign_in("presenter"), QI64)]
    assert not any(h.startswith("Participation") for h in headings)
    assert headings[0] == "National self-evaluation against Quality Indicator 6.4" and len(headings) == 7


def test_the_closing_slide_gives_the_review_s_own_feedback_link(sign_in, seeded_db):
    from sqlalchemy import update  # imported here: only this test writes to the review table

    from data_access.models import Review

    with seeded_db.session() as s:
        s.execute(update(Review).where(Review.slug == GOV).values(feedback_url="https://example.org/feedback"))
    closing = deck_of(sign_in("presenter"))[-1]
    assert closing["present-summary"]["children"].endswith("at https://example.org/feedback")
