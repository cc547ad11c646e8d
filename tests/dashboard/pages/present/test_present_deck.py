"""Each presenter shapes their own deck: hidden and reordered slides are saved on the server for that
user only, with an audit row; nothing else can be written from presenter mode."""
from dash_helpers import call, dependencies, find_callback, response_props

from dashboard.pages.present.panels import SLIDE_KEYS
from data_access import audit

GOV = "social-work-governance"


def headings(client, review=GOV) -> list[str]:
    dep = find_callback(dependencies(client), "present-nav", output="present-heading")
    first = response_props(call(client, dep, {"present-nav.data": {"review": review, "slide": 1}}))
    count = int(first["present-count"]["children"])
    out = [first["present-heading"]["children"]]
    for n in range(2, count + 1):
        props = response_props(call(client, dep, {"present-nav.data": {"review": review, "slide": n}}))
        out.append(props["present-heading"]["children"])
    return out


def ticks(shown) -> dict:
    return {f"present-deck-show-{k}.value": k in shown for k in SLIDE_KEYS}


def save(client, order, shown, review=GOV):
    dep = find_callback(dependencies(client), "present-deck-save", output="present-deck-status")
    return call(client, dep, {"present-deck-save.n_clicks": 1, "present-review.value": review,
                              "present-deck-order.data": order, **ticks(shown),
                              "present-nav.data": {"review": review, "slide": 2}},
                changed=["present-deck-save.n_clicks"])


def test_a_presenter_hides_and_reorders_slides_for_themselves_only(sign_in, seeded_db):
    usual = headings(sign_in("presenter"))
    order = ["title", "closing", "facts", "timeline", "participation", "strengths", "improvements", "questions",
             "not-a-slide"]
    shown = ["title", "closing", "strengths", "improvements", "questions", "participation", "timeline", "<script>"]
    resp = save(sign_in("presenter"), order, shown)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    props = response_props(resp)
    assert props["present-deck-status"]["children"].startswith("Saved")
    assert props["present-nav"]["data"]["review"] == GOV
    mine = headings(sign_in("presenter"))
    assert mine[:2] == [usual[0], "Publications and how to give feedback"]
    assert "Key facts" not in mine and len(mine) == len(usual) - 1
    rows = audit.recent(seeded_db)
    saved = rows[rows.action == "presenter deck saved"]
    assert len(saved) == 1 and saved.iloc[0].username == "presenter-all"
    assert "hidden facts" in saved.iloc[0].detail and "not-a-slide" not in saved.iloc[0].detail
    assert headings(sign_in("inspector")) == usual  # another user's deck is untouched


def test_moving_a_slide_earlier_changes_only_the_list_until_saved(sign_in):
    client = sign_in("presenter")
    load = find_callback(dependencies(client), "present-review", output="present-deck-list")
    props = response_props(call(client, load, {"present-review.value": GOV}))
    order = props["present-deck-order"]["data"]
    assert order[0] == "title" and order[-1] == "closing"
    dep = find_callback(dependencies(client), "present-deck-up", output="present-deck-list")
    moved = response_props(call(client, dep, {"present-deck-up.n_clicks": 1, "present-deck-pick.value": "closing",
                                              "present-deck-order.data": order, **ticks(order)},
                                changed=["present-deck-up.n_clicks"]))
    assert moved["present-deck-order"]["data"][-2:] == ["closing", "questions"]
    assert headings(client)[-1] == "Publications and how to give feedback"


def test_hiding_every_slide_is_refused_and_an_unknown_review_is_not_saved(sign_in, seeded_db):
    client = sign_in("presenter")
    assert response_props(save(client, [], []))["present-deck-status"]["children"] == "Keep at least one slide."
    refused = response_props(save(client, ["title"], ["title"], review="no-such-review"))
    assert refused["present-deck-status"]["children"] == "That review is not available."
    rows = audit.recent(seeded_db)
    assert (rows.action == "presenter deck saved").sum() == 0


def test_coordinators_may_not_save_a_deck(sign_in, seeded_db):
    client = sign_in("coordinator", "S12000036")
    assert save(client, ["title"], ["title"]).status_code == 403
