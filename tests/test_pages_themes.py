"""Themes page: tallies, matrices and co-occurrence against independent SQL, per role."""
from __future__ import annotations

import datetime as dt

from data_access import themes
from data_access.reference import AUTHORITIES
from data_access.scope import Scope
from page_helpers import call_as, split_panels, sql

GOV = "social-work-governance"
AS_OF = dt.date(2024, 10, 1)
NAMES = ("frequency", "subthemes", "sources", "questions", "authorities", "groups", "saturation", "cooccurrence")


def _run(app, *args, scope: Scope = Scope("inspector")):
    from dashboard.callbacks.themes import update_themes

    return split_panels(call_as(app, update_themes, *args, scope=scope), NAMES)


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


def test_coordinator_sees_own_authority_column_only(app):
    own = "S12000027"
    _, p = _run(app, GOV, None, None, None, None, scope=Scope("coordinator", own))
    cols = {c["field"] for c in p["authorities"]["columns"]}
    assert cols == {"Theme", "Shetland Islands"}
    for a in AUTHORITIES:
        if a.gss_code != own:
            assert a.name not in repr(p)


def test_source_matrix_has_no_recoverable_small_cell_for_controlled_roles(app):
    db = app.server.extensions["oversight_db"]
    scope = Scope("presenter")
    src = themes.theme_by_source.uncached(db, scope, GOV, as_of=AS_OF, start=dt.date(2024, 10, 1))
    for v in src.tally:
        assert v == "c" or v == 0 or v >= scope.k
