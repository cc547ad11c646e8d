"""The Overview's callbacks, driven over HTTP as the browser does, against the seeded data."""
import datetime as dt

import pytest
from dash_helpers import call, dependencies, find_callback, opened_table, plain_rows, response_props
from sqlalchemy import text

GOV = "social-work-governance"


def overview(client, review=GOV, panel="overview-url", follow=True):
    """One Overview callback's response: the one writing `panel` (with the words that follow a chart's)."""
    dep = find_callback(dependencies(client), "overview-review", output=panel)
    return call(client, dep, {"overview-review.value": review}, follow=follow)


def test_overview_page_is_served_with_language_and_local_css(inspector):
    page = inspector.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="en-GB">' in html
    assert "/vendor/bootstrap/css/bootstrap.min.css" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert inspector.get("/vendor/bootstrap/css/bootstrap.min.css").status_code == 200


def test_overview_shows_all_32_authorities_on_the_map(app, inspector):
    resp = overview(inspector, panel="overview-map")
    assert resp.status_code == 200
    props = response_props(resp)
    fig = props["overview-map-graph"]["figure"]
    codes = [c for trace in fig["data"] for c in trace["customdata"]]
    assert len(codes) == 32 == len(set(codes))
    assert len(opened_table(inspector, props, "overview-map")["rowData"]) == 32
    assert response_props(overview(inspector))["overview-url"]["search"] == f"?review={GOV}"


def test_overview_numbers_match_independent_sql(app, inspector, seeded_db):
    props = {}
    for panel in ("overview-map", "overview-matrix", "overview-overdue"):
        props.update(response_props(overview(inspector, panel=panel)))
    as_of = dt.date(2024, 10, 1)
    with seeded_db.engine.connect() as conn:
        overdue = conn.execute(text("""
            SELECT COUNT(*) FROM authority_milestone am JOIN milestone m ON m.id = am.milestone_id
            JOIN review r ON r.id = m.review_id WHERE r.slug = :s AND am.due_date < :d
            AND (am.completed_on IS NULL OR am.completed_on > :d)"""), {"s": GOV, "d": as_of}).scalar()
        behind = conn.execute(text("""
            SELECT COUNT(DISTINCT am.authority_id) FROM authority_milestone am
            JOIN milestone m ON m.id = am.milestone_id
            JOIN review r ON r.id = m.review_id WHERE r.slug = :s AND am.due_date < :d
            AND (am.completed_on IS NULL OR am.completed_on > :d)"""), {"s": GOV, "d": as_of}).scalar()
    assert len(plain_rows(props["overview-overdue-table"]["children"])) == overdue
    assert f"{behind} " in props["overview-map-summary"]["children"]
    overdue_tiles = [t for t in props["overview-map-graph"]["figure"]["data"] if t["name"].startswith("Behind")]
    assert sum(len(t["customdata"]) for t in overdue_tiles) == behind
    matrix = props["overview-matrix-graph"]["figure"]["data"][0]
    assert len(matrix["y"]) == 32


def test_portfolio_strip_lists_every_review(inspector):
    props = response_props(overview(inspector))
    text_of = str(props["overview-portfolio"]["children"])
    for title in ("Joint inspection of services for children at risk of harm",
                  "Care experienced young people thematic review",
                  "National self-evaluation against Quality Indicator 6.4",
                  "Social work governance and assurance review"):
        assert title in text_of


def test_unknown_review_gets_a_clear_message_not_an_error(inspector):
    for panel in ("overview-url", "overview-map", "overview-overdue"):
        resp = overview(inspector, review="no-such-review", panel=panel)
        assert resp.status_code in (200, 403)  # 403: the guard may refuse a review outside the role
        assert "Traceback" not in resp.get_data(as_text=True)
        if resp.status_code == 200:
            assert "not available" in resp.get_data(as_text=True)


def test_csv_download_matches_the_table(inspector):
    props = response_props(overview(inspector, panel="overview-overdue"))
    href = props["overview-overdue-download"]["href"]
    resp = inspector.get(href)
    lines = [line for line in resp.get_data(as_text=True).splitlines() if line]
    assert lines[0].startswith("Authority,GSS code,")  # the header first: the file's facts are in its headers
    assert len(lines) - 1 == len(plain_rows(props["overview-overdue-table"]["children"]))
    assert resp.headers["X-Oversight-As-Of"] == "2024-10-01"
    assert resp.headers["X-Oversight-Demonstration"] == "true"


@pytest.fixture
def inspector(sign_in):
    return sign_in("inspector")


def test_presenter_overview_is_national_and_names_no_authority(sign_in, seeded_db):
    from data_access.reference import AUTHORITIES

    presenter = sign_in("presenter")
    deps = dependencies(presenter)
    bodies = []
    for panel in ("overview-url", "overview-national", "overview-overdue"):
        resp = overview(presenter, panel=panel)
        assert resp.status_code == 200, panel
        bodies.append(resp.get_data(as_text=True))
    text_all = " ".join(bodies) + presenter.get("/_dash-layout").get_data(as_text=True)
    for a in AUTHORITIES:
        assert a.name not in text_all and a.gss_code not in text_all
    overdue = response_props(overview(presenter, panel="overview-overdue"))
    with seeded_db.engine.connect() as conn:
        late = conn.execute(text("""SELECT COUNT(*) FROM authority_milestone am
            JOIN milestone m ON m.id = am.milestone_id
            JOIN review r ON r.id = m.review_id WHERE r.slug = :s AND am.due_date < '2024-10-01'
            AND (am.completed_on IS NULL OR am.completed_on > '2024-10-01')"""), {"s": GOV}).scalar()
    rows = plain_rows(overdue["overview-overdue-table"]["children"])
    assert sum(int(r["Authorities overdue"]) for r in rows) == late > 0
    assert find_callback(deps, "overview-review", output="overview-map") is not None


def test_coordinator_map_names_only_their_own_authority(sign_in):
    from data_access.reference import AUTHORITIES

    coordinator = sign_in("coordinator", "S12000036")
    resp = overview(coordinator, panel="overview-map")
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    assert "City of Edinburgh" in body and "S12000036" in body
    for a in AUTHORITIES:
        if a.gss_code != "S12000036":
            assert a.name not in body and a.gss_code not in body
    fig = response_props(resp)["overview-map-graph"]["figure"]
    assert sum(len(t["x"]) for t in fig["data"]) == 32  # the whole country is drawn, unlabelled


@pytest.mark.parametrize("graph", ["overview-map-graph", "overview-matrix-graph"])
def test_clicking_an_authority_opens_its_profile_only_when_the_role_may_see_it(sign_in, graph):
    def click(client, code):
        dep = find_callback(dependencies(client), graph, "clickData")
        values = {f"{i['id']}.{i['property']}": None for i in dep["inputs"]}
        values[f"{graph}.clickData"] = {"points": [{"customdata": [code] if "matrix" in graph else code}]}
        return call(client, dep, values)

    inspector = sign_in("inspector")
    resp = click(inspector, "S12000049")
    assert resp.status_code == 200
    assert response_props(resp)["url"]["href"] == "/local-authorities/S12000049"
    coordinator = sign_in("coordinator", "S12000036")
    assert response_props(click(coordinator, "S12000036"))["url"]["href"] == "/local-authorities/S12000036"
    refused = click(coordinator, "S12000049")
    assert refused.status_code in (204, 403)  # the guard refuses a foreign code; the callback would too
    assert "S12000049" not in refused.get_data(as_text=True)


def test_a_request_reads_the_dataset_metadata_once(app, sign_in):
    """The data version (in every cache key), the as-of date and the stamp share one one-row read."""
    from sqlalchemy import event

    inspector = sign_in("inspector")
    engine = app.server.extensions["oversight_db"].engine
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        resp = overview(inspector, panel="overview-map", follow=False)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert resp.status_code == 200
    assert len(seen) > 2  # the panel's own reads ran (no cache here)
    assert sum("dataset_meta" in s for s in seen) == 1


def test_coordinator_gets_no_overview_download_for_a_review_outside_their_portfolio(sign_in):
    """The page says such a review is not available; its downloads agree rather than send its numbers."""
    joint = "joint-inspections-children-at-risk"  # Edinburgh is not in the joint inspection programme
    coordinator = sign_in("coordinator", "S12000036")
    assert response_props(overview(coordinator, review=joint, panel="overview-national"))[
        "overview-national-summary"]["children"] == "That review is not available."
    for name in ("overview-progress", "overview-status", "overview-national", "overview-overdue"):
        resp = coordinator.get(f"/download/{name}.csv?review={joint}")
        assert resp.status_code == 404, name
        assert "Milestone" not in resp.get_data(as_text=True)
    assert coordinator.get(f"/download/overview-national.csv?review={GOV}").status_code == 200


def test_portfolio_cards_put_reviews_needing_attention_first_with_status_in_words(inspector, seeded_db):
    from data_access.portfolio import STATUS_ORDER, STATUS_SYMBOL

    cards = response_props(overview(inspector))["overview-portfolio"]["children"]
    found = []
    for card in cards:
        parts = card["props"]["children"]["props"]["children"]
        lines = {c["props"]["className"].split()[0]: c["props"]["children"] for c in parts}
        status = lines["portfolio-status"]
        word = next(s for s in STATUS_ORDER if status.lower().endswith(s))
        assert status.startswith(STATUS_SYMBOL[word])
        found.append((card["props"]["data-review"], word, lines))
    assert [STATUS_ORDER.index(w) for _, w, _ in found] == sorted(STATUS_ORDER.index(w) for _, w, _ in found)
    by_review = {slug: lines for slug, _, lines in found}
    gov = by_review[GOV]
    assert gov["portfolio-overdue"] == "2 milestones overdue; the oldest by 46 days"
    assert gov["portfolio-change"].startswith("Since 24 September 2024: +") and "responses" in gov["portfolio-change"]
    qi = by_review["self-evaluation-qi-6-4"]
    assert qi["portfolio-overdue"] == "No milestones overdue"


def test_portfolio_card_sentences_for_one_none_and_suppressed():
    from types import SimpleNamespace

    from dashboard.pages.overview.panels import portfolio_lines
    from data_access.disclosure import SUPPRESSED

    base = {"standing": "at risk", "reason": "1 milestone overdue", "current_phase": "Phase 1",
            "next_milestone": None, "next_due": None, "days_to_next": None, "slippage_days": 1,
            "completed_lately": 1, "responses": 10, "responses_change": 1, "responses_since": dt.date(2024, 9, 24)}
    one = portfolio_lines(SimpleNamespace(**base, overdue=1))
    assert one["overdue"] == "1 milestone overdue; the oldest by 1 day"
    assert one["change"] == "Since 24 September 2024: +1 response, 1 milestone completed"
    none = portfolio_lines(SimpleNamespace(**{**base, "completed_lately": 0, "responses_change": None,
                                              "responses_since": None}, overdue=0))
    assert none["overdue"] == "No milestones overdue" and none["next"] == "No milestones ahead"
    assert none["change"] == "In the last 7 days: no milestones completed"
    hidden = portfolio_lines(SimpleNamespace(**{**base, "responses_change": SUPPRESSED}, overdue=2))
    assert hidden["change"].endswith("responses: c, 1 milestone completed")



JOINT = "joint-inspections-children-at-risk"


def test_the_joint_inspections_are_a_programme_of_partnerships_not_one_review(inspector):
    props = response_props(overview(inspector, review=JOINT, panel="overview-programme-summary"))
    rows = plain_rows(props["overview-programme-table"]["children"])
    assert len(rows) == 8 and len({r["Partnership"] for r in rows}) == 8
    published = [r for r in rows if r["Report published"]]
    assert len(published) == 2 and all(r["Stage"] == "Report published" for r in published)
    assert all(int(r["Weeks planned"]) in (22, 24) and 0 <= int(r["Weeks gone"]) <= int(r["Weeks planned"]) + 2
               for r in rows)
    assert props["overview-programme-summary"]["children"].startswith(
        "8 partnerships in the programme, each inspection about 22 weeks long; 2 have a published report")
    header = response_props(overview(inspector, review=JOINT))
    assert header["overview-programme-section"]["hidden"] is False
    text_of = str(header["overview-cards"]["children"])
    assert "Reports published" in text_of and "2 of 8" in text_of
    assert "of 6 milestones" not in text_of and "Reporting stage" not in text_of
    assert response_props(overview(inspector))["overview-programme-section"]["hidden"] is True


def test_a_presenter_sees_the_programme_as_unnamed_counts_and_a_coordinator_their_own_beside_them(sign_in):
    from data_access.reference import AUTHORITIES

    presenter = sign_in("presenter")
    resp = overview(presenter, review=JOINT, panel="overview-programme-summary")
    body = resp.get_data(as_text=True)
    rows = plain_rows(response_props(resp)["overview-programme-table"]["children"])
    assert sum(int(r["Partnerships (Scotland)"]) for r in rows) == 8
    assert not any(a.name in body or a.gss_code in body for a in AUTHORITIES)
    highland = sign_in("coordinator", "S12000017")
    resp = overview(highland, review=JOINT, panel="overview-programme-summary")
    props = response_props(resp)
    rows = plain_rows(props["overview-programme-table"]["children"])
    assert sum(int(r["Partnerships (Scotland)"]) for r in rows) == 8
    mine = [r for r in rows if r.get("Highland")]
    assert len(mine) == 1 and mine[0]["Stage"] == "Report published"
    assert props["overview-programme-summary"]["children"].startswith("Highland: report published, week 22 of about")
    others = [a for a in AUTHORITIES if a.gss_code != "S12000017"]
    assert not any(a.name in resp.get_data(as_text=True) for a in others)


def test_headline_cards_say_whose_figure_and_mark_below_target_in_words(sign_in):
    edinburgh = sign_in("coordinator", "S12000036")
    cards = response_props(overview(edinburgh))["overview-cards"]["children"]["props"]["children"]
    texts = []
    for col in cards:
        parts = col["props"]["children"]["props"]["children"]
        texts.append({p["props"]["className"].split()[0]: p["props"]["children"] for p in parts})
    whose = {(t["card-label"], t["card-whose"]) for t in texts}
    assert ("Survey response rate", "Scotland") in whose and ("Survey response rate", "City of Edinburgh") in whose
    assert ("Overdue milestones", "Scotland") in whose and ("Overdue milestones", "City of Edinburgh") in whose
    survey = next(t for t in texts if t["card-label"] == "Survey response rate" and t["card-whose"] == "Scotland")
    assert survey["card-value"] == "37%" and survey["card-note"].startswith("▼ Below target of 40%")
    assert "+" in survey["card-note"] and " since " in survey["card-note"]
    assert not any(t["card-label"] == "Themes coded" for t in texts)
    top = next(t for t in texts if t["card-label"] == "Top area for improvement")
    assert top["card-note"].startswith("Coded ") and top["card-value"]


def test_the_joint_inspections_card_in_the_portfolio_counts_reports_not_a_phase(inspector):
    cards = response_props(overview(inspector))["overview-portfolio"]["children"]
    joint = next(c for c in cards if c["props"]["data-review"] == JOINT)
    phase = next(p["props"]["children"] for p in joint["props"]["children"]["props"]["children"]
                 if p["props"]["className"] == "portfolio-phase")
    assert phase == "Rolling programme: 2 of 8 partnerships with the report published"
    gov = next(c for c in cards if c["props"]["data-review"] == GOV)
    assert "Evidence gathering" in str(gov)


def test_a_large_portfolio_shows_the_reviews_most_in_need_of_attention_and_says_where_the_rest_are(seeded_db):
    import pandas as pd

    from dashboard.pages.overview.layout import PORTFOLIO_SHOWN, portfolio_cards
    from data_access.portfolio import portfolio_status
    from data_access.scope import Scope

    four = portfolio_status(seeded_db, Scope("inspector"), as_of=dt.date(2024, 10, 1))
    assert [c.href for c in portfolio_cards(four)] == [f"/?review={s}" for s in four.slug]  # all, no note
    many = pd.concat([four.assign(slug=[f"{s}-{i}" for s in four.slug]) for i in range(10)], ignore_index=True)
    shown = portfolio_cards(many)
    assert len(shown) == PORTFOLIO_SHOWN + 1
    assert [c.href for c in shown[:-1]] == [f"/?review={s}" for s in many.slug[:PORTFOLIO_SHOWN]]
    note = shown[-1]
    assert note.id == "portfolio-more"
    said = "".join(p if isinstance(p, str) else p.children for p in note.children)
    assert f"the {PORTFOLIO_SHOWN} of {len(many)} reviews most in need of attention" in said
    assert note.children[1].href == "/timeline"
