"""Every read the pages and API use gives the same answer on PostgreSQL as on SQLite.

The SQLite side is the reference the page tests check against independent SQL counts; here
each query is run for every role's scope on both engines and the frames must match exactly.
"""
import datetime as dt

import pandas as pd
import pytest

from data_access import portfolio, profiles, programme, queries, surveys, themes, timeline
from data_access.db import Database
from data_access.scope import Scope
from seed_data import programme as P
from seed_data.load import seed

pytestmark = pytest.mark.postgres

AS_OF = dt.date(2024, 10, 1)
SCOPES = [Scope("admin"), Scope("coordinator", "S12000036"), Scope("presenter")]
EDINBURGH = "S12000036"


def reads():
    """(label, function of (db, scope)) for every query module's public reads."""
    out = [
        ("reviews", lambda db, sc: queries.reviews(db, sc, as_of=AS_OF)),
        ("local_authorities", lambda db, sc: queries.local_authorities(db, sc, as_of=AS_OF)),
        ("portfolio_phases", lambda db, sc: timeline.portfolio_phases(db, sc, as_of=AS_OF)),
        ("joint_programme", lambda db, sc: timeline.joint_programme(db, sc, as_of=AS_OF)),
        ("joint_stage_counts", lambda db, sc: timeline.joint_stage_counts(db, sc, as_of=AS_OF)),
        ("authority_reviews", lambda db, sc: profiles.authority_reviews(db, sc, EDINBURGH, as_of=AS_OF)),
        ("portfolio_status", lambda db, sc: portfolio.portfolio_status(db, sc, as_of=AS_OF)),
    ]
    for slug in (P.GOVERNANCE, P.CEYP, P.JOINT):
        for name in ("milestone_status", "national_status_counts", "authority_progress", "overdue", "phases",
                     "milestones", "survey_totals", "theme_totals"):
            out.append((f"{name}:{slug}",
                        lambda db, sc, n=name, s=slug: getattr(queries, n)(db, sc, s, as_of=AS_OF)))
        out += [
            (f"review_gantt:{slug}", lambda db, sc, s=slug: timeline.review_gantt(db, sc, s, as_of=AS_OF)),
            (f"review_surveys:{slug}", lambda db, sc, s=slug: surveys.review_surveys(db, sc, s, as_of=AS_OF)),
            (f"top_themes:{slug}", lambda db, sc, s=slug: themes.top_themes(db, sc, s, as_of=AS_OF)),
            (f"theme_frequency:{slug}", lambda db, sc, s=slug: themes.theme_frequency(db, sc, s, as_of=AS_OF)),
            (f"theme_by_source:{slug}", lambda db, sc, s=slug: themes.theme_by_source(db, sc, s, as_of=AS_OF)),
            (f"theme_by_authority:{slug}",
             lambda db, sc, s=slug: themes.theme_by_area(db, sc, s, "authority", as_of=AS_OF)),
            (f"theme_by_family:{slug}",
             lambda db, sc, s=slug: themes.theme_by_area(db, sc, s, "family_group", as_of=AS_OF)),
            (f"theme_weekly:{slug}", lambda db, sc, s=slug: themes.theme_weekly(db, sc, s, as_of=AS_OF)),
            (f"theme_cooccurrence:{slug}", lambda db, sc, s=slug: themes.theme_cooccurrence(db, sc, s, as_of=AS_OF)),
            (f"theme_questions:{slug}", lambda db, sc, s=slug: themes.theme_questions(db, sc, s, as_of=AS_OF)),
            (f"programme_partnerships:{slug}",
             lambda db, sc, s=slug: programme.programme_partnerships(db, sc, s, as_of=AS_OF)),
            (f"programme_stage_counts:{slug}",
             lambda db, sc, s=slug: programme.programme_stage_counts(db, sc, s, as_of=AS_OF)),
            (f"is_rolling_programme:{slug}", lambda db, sc, s=slug: pd.DataFrame(
                {"rolling": [programme.is_rolling_programme(db, sc, s, as_of=AS_OF)]})),
        ]
    for code in ("staff-survey",):
        out += [
            ("survey_rates", lambda db, sc, c=code: surveys.survey_rates(db, sc, P.GOVERNANCE, c, as_of=AS_OF)),
            ("survey_comparators",
             lambda db, sc, c=code: surveys.survey_comparators(db, sc, P.GOVERNANCE, c, as_of=AS_OF)),
            ("cumulative_responses",
             lambda db, sc, c=code: surveys.cumulative_responses(db, sc, P.GOVERNANCE, c, as_of=AS_OF)),
        ]
    out += [
        ("profile_milestones",
         lambda db, sc: profiles.profile_milestones(db, sc, EDINBURGH, P.GOVERNANCE, as_of=AS_OF)),
        ("profile_surveys", lambda db, sc: profiles.profile_surveys(db, sc, EDINBURGH, P.GOVERNANCE, as_of=AS_OF)),
        ("profile_themes", lambda db, sc: profiles.profile_themes(db, sc, EDINBURGH, P.GOVERNANCE, as_of=AS_OF)),
    ]
    return out


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Engines may differ in integer width or Decimal against float; compare the values."""
    out = frame.reset_index(drop=True).copy()
    for c in out.columns:
        out[c] = [float(v) if hasattr(v, "as_integer_ratio") and not isinstance(v, bool) else v for v in out[c]]
        out[c] = out[c].astype(object)
    return out


def _run(db, scope, fn):
    try:
        return fn(db, scope)
    except (queries.NotFound, PermissionError, LookupError) as exc:
        return type(exc).__name__


def test_every_read_agrees_between_sqlite_and_postgresql(sqlite_url, postgres_url):
    engines = {}
    for name, url in (("sqlite", sqlite_url), ("postgresql", postgres_url)):
        db = Database(url)
        db.upgrade()
        seed(db)
        engines[name] = db
    checked = 0
    for scope in SCOPES:
        for label, fn in reads():
            a, b = _run(engines["sqlite"], scope, fn), _run(engines["postgresql"], scope, fn)
            if isinstance(a, str) or isinstance(b, str):
                assert a == b, (label, scope)
                continue
            pd.testing.assert_frame_equal(_normalise(a), _normalise(b), check_dtype=False, obj=f"{label} {scope}")
            checked += 1
    assert checked > 100
    for db in engines.values():
        db.dispose()
