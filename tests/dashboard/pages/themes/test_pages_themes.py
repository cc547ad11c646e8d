"""Themes page: tallies, matrices and co-occurrence against independent SQL, per role."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from page_helpers import call_as, nodes, split_panels, sql

from dashboard.context import Ask
from dashboard.pages.present import panels as slides
from dashboard.pages.themes import panels
from data_access import themes
from data_access.disclosure import SUPPRESSED
from data_access.reference import AUTHORITIES
from data_access.scope import Scope

GOV = "social-work-governance"
AS_OF = dt.date(2024, 10, 1)
NAMES = ("frequency", "subthemes", "sources", "questions", "authorities", "groups", "saturation", "cooccurrence")


def _run(app, *args, scope: Scope = Scope("inspector")):
    from dashboard.pages.themes.callbacks import update_themes

    return split_panels(call_as(app, update_themes, *args, scope=scope), NAMES, app, scope)


TOP = ("SELECT COALESCE(p.name, t.name) AS theme, tt.polarity, SUM(tt.tally) FROM theme_tally tt "
       "JOIN theme t ON t.id = tt.theme_id LEFT JOIN theme p ON p.id = t.parent_id "
       "JOIN review r ON r.id = t.review_id WHERE r.slug = :r AND tt.week_start <= :d {extra} "
       "GROUP BY COALESCE(p.name, t.name), tt.polarity")


def test_frequency_matchessql(app):
    search, p = _run(app, GOV, None, None, None, None)
    assert search == f"?review={GOV}"
    truth = {}
    for theme, pol, n in sql(app, TOP.format(extra=""), r=GOV, d=AS_OF):
        truth.setdefault(theme, {})[pol] = int(n)
    rows = {r["Theme"]: r for r in p["frequency"]["rows"]}
    assert set(rows) == set(truth)
    for theme, t in truth.items():
        assert rows[theme]["Strengths"] == t.get("strength", 0)
        assert rows[theme]["Areas for improvement"] == t.get("improvement", 0)
    top = max(truth, key=lambda k: sum(truth[k].values()))
    assert p["frequency"]["summary"].startswith(f"{top} is coded most often ({sum(truth[top].values()):,} times)")


def test_family_group_and_dates_filter_the_tallies(app):
    search, p = _run(app, GOV, "3", "2024-09-01", "2024-09-30", None)
    assert search == f"?review={GOV}&family_group=3&start=2024-09-01&end=2024-09-30"
    extra = ("AND tt.week_start BETWEEN '2024-09-01' AND '2024-09-30' AND tt.authority_id IN "
             "(SELECT id FROM local_authority WHERE family_group = 3)")
    total = sum(int(n) for _, _, n in sql(app, TOP.format(extra=extra), r=GOV, d=AS_OF))
    assert sum(r["Total"] for r in p["frequency"]["rows"]) == total


def test_drill_down_shows_the_sub_themes(app):
    search, p = _run(app, GOV, None, None, None, "workforce")
    assert search.endswith("theme=workforce")
    (n,), = sql(app, "SELECT count(*) FROM theme t JOIN theme p ON p.id = t.parent_id WHERE p.code = 'workforce' "
                      "AND t.review_id = (SELECT id FROM review WHERE slug = :r)", r=GOV)
    assert len(p["subthemes"]["rows"]) == n
    assert p["subthemes"]["summary"].startswith("Workforce pressures:")


def test_cooccurrence_counts_authority_source_combinations(app):
    _, p = _run(app, GOV, None, None, None, None)
    (n,), = sql(app, """
        WITH coded AS (SELECT DISTINCT COALESCE(p.name, t.name) AS theme, tt.authority_id, tt.source
                       FROM theme_tally tt JOIN theme t ON t.id = tt.theme_id LEFT JOIN theme p ON p.id = t.parent_id
                       WHERE t.review_id = (SELECT id FROM review WHERE slug = :r) AND tt.tally > 0
                         AND tt.week_start <= :d)
        SELECT count(*) FROM coded a JOIN coded b ON a.authority_id = b.authority_id AND a.source = b.source
        WHERE a.theme = 'Oversight of statutory duties' AND b.theme = 'Workforce pressures'""", r=GOV, d=AS_OF)
    row = next(r for r in p["cooccurrence"]["rows"] if r["Theme"] == "Oversight of statutory duties")
    assert row["Workforce pressures"] == n


def test_presenter_sees_national_themes_only(app):
    _, p = _run(app, GOV, "2", None, None, None, scope=Scope("presenter"))
    blob = repr(p)
    for a in AUTHORITIES:
        assert a.name not in blob and a.gss_code not in blob
    assert "Family group" not in repr(p["frequency"]) and p["authorities"]["rows"] == []
    assert p["groups"]["rows"] == []


def test_coordinator_sees_own_authority_row_only(app):
    own = "S12000027"
    _, p = _run(app, GOV, None, None, None, None, scope=Scope("coordinator", own))
    cols = [c["field"] for c in p["authorities"]["columns"]]
    assert cols[:2] == ["Authority", "GSS code"] and len(cols) > 2  # then a column per theme
    rows = p["authorities"]["rows"]
    assert [(r["Authority"], r["GSS code"]) for r in rows] == [("Shetland Islands", own)]
    assert rows[0]["_profile"] == f"/local-authorities/{own}"  # the name opens the profile, from the keyboard too
    for a in AUTHORITIES:
        if a.gss_code != own:
            assert a.name not in repr(p)


def test_source_matrix_has_no_recoverable_small_cell_for_controlled_roles(app):
    db = app.server.extensions["oversight_db"]
    scope = Scope("presenter")
    src = themes.theme_by_source.uncached(db, scope, GOV, as_of=AS_OF, start=dt.date(2024, 10, 1))
    for v in src.tally:
        assert v is SUPPRESSED or v == 0 or v >= scope.k


def _csv_rows(resp) -> list[list[str]]:
    """The CSV's header and rows, after its preamble (the lines before the header)."""
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True))))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Theme")
    return rows[start:]


def test_csv_download_is_the_panel_table_with_the_same_filters(app, sign_in):
    client = sign_in("inspector")
    resp = client.get(f"/download/themes-frequency.csv?review={GOV}&family_group=3&start=2024-09-01&end=2024-09-30")
    assert resp.status_code == 200
    header, *rows = _csv_rows(resp)
    assert header == ["Theme", "Code", "Question", "Strengths", "Areas for improvement", "Total"]
    extra = ("AND tt.week_start BETWEEN '2024-09-01' AND '2024-09-30' AND tt.authority_id IN "
             "(SELECT id FROM local_authority WHERE family_group = 3)")
    total = sum(int(n) for _, _, n in sql(app, TOP.format(extra=extra), r=GOV, d=AS_OF))
    assert sum(int(r[5]) for r in rows) == total


def test_sub_theme_download_follows_the_chosen_theme_and_refuses_an_unknown_one(app, sign_in):
    client = sign_in("inspector")
    header, *rows = _csv_rows(client.get(f"/download/themes-subthemes.csv?review={GOV}&theme=workforce"))
    (n,), = sql(app, "SELECT count(*) FROM theme t JOIN theme p ON p.id = t.parent_id WHERE p.code = 'workforce' "
                     "AND t.review_id = (SELECT id FROM review WHERE slug = :r)", r=GOV)
    assert len(rows) == n and header[0] == "Theme"
    assert client.get(f"/download/themes-subthemes.csv?review={GOV}&theme=no-such-theme").status_code == 404
    assert client.get("/download/themes-sources.csv").status_code == 404


def test_role_limited_panels_offer_no_download_to_a_presenter(app):
    _, p = _run(app, GOV, None, None, None, None, scope=Scope("presenter"))
    assert p["authorities"]["download"] == "#" and p["groups"]["download"] == "#"
    assert p["frequency"]["download"] == f"/download/themes-frequency.csv?review={GOV}"
    assert p["authorities"]["summary"] == "Themes by authority are not part of the national view."


def test_presenter_slides_show_the_page_panels(app):
    db = app.server.extensions["oversight_db"]
    ask = Ask(db, slides.presenting_scope(5), AS_OF)
    slide = slides.build(ask, slides.Choice(GOV), "questions")
    panel = panels.questions_panel(ask, panels.Filters(GOV))
    assert slide.summary == panel.summary and slide.table.equals(panel.table)
    strengths = slides.build(ask, slides.Choice(GOV), "strengths")
    frequency = panels.frequency_panel(ask, panels.Filters(GOV), clickable=False).table
    top = frequency.sort_values("Strengths", ascending=False, key=lambda c: c.astype(int)).head(5)
    assert strengths.table["Theme"].tolist() == top["Theme"].tolist()


def _themes_layout(client) -> str:
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/themes"},
                       {"id": "_pages_location", "property": "search", "value": f"?review={GOV}"}],
            "changedPropIds": ["_pages_location.pathname"]}
    resp = client.post("/_dash-update-component", json=body)
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


@pytest.mark.parametrize("role,la,fixed", [("presenter", None, True), ("coordinator", "S12000036", True),
                                           ("inspector", None, False)])
def test_protected_roles_are_offered_one_fixed_period(sign_in, role, la, fixed):
    page = json.loads(_themes_layout(sign_in(role, la)))
    text = json.dumps(page)
    assert ("themes-fixed-period" in text) is fixed
    dates = [n for n in nodes(page) if n.get("props", {}).get("id") in ("themes-start", "themes-end")]
    assert len(dates) == 2 and all(bool(n["props"].get("disabled")) is fixed for n in dates)

