"""The Publications page: the programme's eight publications with their downloads, sortable, and the
documents returned to each review; the 'About this review' panel and the 'About this data' notes."""
from __future__ import annotations

import pytest
from accounts import csrf_header, leaks, login_as
from dash_helpers import call, dependencies, find_callback, opened_table, response_props
from page_helpers import call_as

from dashboard.ui.about_review import about_review_content, follow_review
from dashboard.ui.data_note import data_note
from data_access.scope import Scope

GOV = "social-work-governance"
DOWNLOADS = [4011, 3661, 3503, 3457, 3424, 3398, 3311, 3308]  # as the regulator's website reports them


def _page(client, sort="downloads"):
    dep = find_callback(dependencies(client), "publications-sort")
    resp = call(client, dep, {"publications-sort.value": sort}, csrf_header(client), pathname="/publications")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return resp


@pytest.mark.parametrize("role", ["admin", "leader", "inspector", "coordinator", "presenter"])
def test_every_role_sees_the_eight_publications_and_their_downloads(auth_client, role):
    login_as(auth_client, role)
    assert auth_client.get("/publications").status_code == 200
    resp = _page(auth_client)
    props = response_props(resp)
    table = opened_table(auth_client, props, "publications-list", pathname="/publications")
    rows = table["rowData"]
    assert [r["Downloads"] for r in rows] == DOWNLOADS
    assert rows[0]["Title"] == "Week by week guide" and rows[0]["Published"] == "16 August 2022"
    assert rows[-1]["Title"] == "Provider and services template"
    assert rows[0]["Link"] == "[Open the review](/?review=joint-inspections-children-at-risk)"
    assert {"field": "Link", "cellRenderer": "markdown"} in table["columnDefs"]
    summary = props["publications-list-summary"]["children"]
    assert summary.startswith(f"8 publications, downloaded {sum(DOWNLOADS):,} times")
    documents = {r["Review"]: r["Documents returned (Scotland)"]
                 for r in props["publications-documents-table"]["rowData"]}
    assert documents["Social work governance and assurance review"] == 1032
    assert "1,032 to the Social work governance and assurance review" in \
        props["publications-documents-summary"]["children"]
    assert not leaks(resp.get_data(as_text=True), role)
    download = auth_client.get(props["publications-list-download"]["href"])
    assert download.status_code == 200 and not leaks(download.get_data(as_text=True), role)
    assert download.headers["X-Oversight-Title"] == "Publications and their downloads"


def _list_rows(client, props) -> list[dict]:
    return opened_table(client, props, "publications-list", pathname="/publications")["rowData"]


def test_the_list_sorts_and_the_order_goes_into_the_address(auth_client):
    login_as(auth_client, "leader")
    newest = response_props(_page(auth_client, "newest"))
    dates = [r["Published"] for r in _list_rows(auth_client, newest)]
    assert dates[0] == "21 August 2024" and dates[-1] == "1 June 2020"
    assert newest["publications-url"]["search"] == "?sort=newest"
    titles = [r["Title"] for r in _list_rows(auth_client, response_props(_page(auth_client, "title")))]
    assert titles == sorted(titles)
    unknown = response_props(_page(auth_client, "<script>"))
    assert [r["Downloads"] for r in _list_rows(auth_client, unknown)] == DOWNLOADS


def test_a_coordinator_sees_their_own_document_returns_beside_scotlands(app):
    from dashboard.pages.publications.callbacks import update_publications

    out = call_as(app, update_publications, "downloads", scope=Scope("coordinator", "S12000036"))
    rows = out[-5]  # the documents panel (no chart): summary, rows, columns, updated, CSV link, XLSX link
    gov = next(r for r in rows if r["Review"].startswith("Social work governance"))
    assert gov["Documents returned (Scotland)"] == 1032 and 0 < gov["Your authority's documents"] < 1032


def test_about_this_review_says_what_the_review_is(app):
    with app.server.test_request_context("/"):
        app.server.extensions["oversight_scope"] = lambda: Scope("presenter")
        text = repr(about_review_content(GOV))
    assert "About this review: Social work governance and assurance review" in text
    assert "How well governance and assurance arrangements support social work leaders" in text  # the summary
    assert "15 July 2024" in text and "1,032 from 32 authorities" in text
    assert "More information about the review" in text and "3,311 downloads" in text
    assert f"/download/review/{GOV}.zip" in text
    assert "Choose a review" in repr(call_as(app, about_review_content, "no-such-review"))


def test_about_this_review_follows_the_address_within_the_scope(auth_client):
    login_as(auth_client, "coordinator")
    dep = find_callback(dependencies(auth_client), "url", "search", output="about-review")
    resp = call(auth_client, dep, {"url.search": "?review=care-experienced-young-people"}, csrf_header(auth_client))
    assert resp.status_code == 200 and "Care experienced young people" in resp.get_data(as_text=True)
    # A review the co-ordinator's authority is not in: their default review instead, nothing of the other.
    other = call(auth_client, dep, {"url.search": "?review=joint-inspections-children-at-risk"},
                 csrf_header(auth_client))
    assert "children at risk" not in other.get_data(as_text=True) and not leaks(other.get_data(as_text=True),
                                                                              "coordinator")


def test_about_this_data_tells_each_role_how_small_numbers_are_shown(app):
    shown = {}
    for scope in (Scope("inspector"), Scope("presenter")):
        shown[scope.role] = repr(call_as(app, data_note, "surveys", scope=scope))
    assert "Your role sees small counts exactly" in shown["inspector"]
    assert "Counts of people from 1 to 4 are shown as c" in shown["presenter"]
    for text in shown.values():
        assert "Source" in text and "Next update" in text and "data version" in text
    assert "shown exactly" in repr(call_as(app, data_note, "documents", scope=Scope("presenter")))


def test_follow_review_defaults_to_the_most_active_review(app):
    assert "About this review:" in repr(call_as(app, follow_review, ""))
