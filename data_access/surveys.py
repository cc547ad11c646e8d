"""Survey response rates: by authority against the target, beside family group and Scotland,
day by day, and the funnel plot's control limits. Scoped like data_access.queries and
disclosure-controlled (data_access.disclosure) before anything is returned or cached.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from sqlalchemy import func, select

from . import models as m
from .cache import cached
from .db import Database
from .disclosure import SUPPRESSED, exact, is_suppressed, needs_control, protect, protect_cumulative
from .queries import NotFound, _authority_filter, _frame
from .reference import AUTHORITIES, in_words
from .scope import Scope
from .timeline import visible_review_id

# z-values of the funnel plot's two-sided control limits.
LIMITS = {"95%": 1.959964, "99.8%": 3.090232}


def all_areas_label(authorities: int) -> str:
    """What the all-areas figure is called: 'Scotland' when every authority took part, otherwise the
    areas the survey ran in ('Four areas surveyed'), so a survey of four areas is never called Scotland."""
    if authorities >= len(AUTHORITIES):
        return "Scotland"
    words = in_words(authorities)
    return f"{words[0].upper()}{words[1:]} {'area' if authorities == 1 else 'areas'} surveyed"


def sees_family_groups(scope: Scope) -> bool:
    """Family-group comparators are for roles that see every authority by name (SPEC section 4)."""
    return scope.sees_named_authorities


def _survey(session, scope: Scope, review: str, survey: str):
    rid = visible_review_id(session, scope, review)
    row = session.execute(select(m.Survey).where(m.Survey.review_id == rid, m.Survey.code == survey)).scalar()
    if row is None:
        raise NotFound(f"no survey '{survey}' in '{review}'")
    return row


def _protect_people(frame: pd.DataFrame, scope: Scope, counts_people: bool) -> pd.DataFrame:
    """People counts and the rates and shortfalls built on them; submissions by authorities stay exact.

    The shortfall is a rate's sibling: with the eligible count shown it would give the
    responses back, so it goes whenever the responses or the eligible count go.
    """
    if not counts_people:
        return frame
    rates = {"rate": ("responses", "eligible")}
    if "needed" in frame:
        rates["needed"] = ("responses", "eligible")
    return protect(frame, scope, counts=["eligible", "responses"], rates=rates)


@cached
def review_surveys(db: Database, scope: Scope, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """The review's surveys, people surveys first."""
    sv = m.Survey
    with db.reader() as s:
        rid = visible_review_id(s, scope, review)
        return _frame(s.execute(
            select(sv.code, sv.name, sv.audience, sv.counts_people, sv.target_rate, sv.opens_on, sv.closes_on)
            .where(sv.review_id == rid).order_by(sv.counts_people.desc(), sv.opens_on, sv.code)))


def _responses_to_date(survey_id: int, as_of: dt.date):
    d = m.SurveyResponseDaily
    return (select(d.authority_id, func.sum(d.responses).label("responses"))
            .where(d.survey_id == survey_id, d.day <= as_of).group_by(d.authority_id).subquery())


def _finish(df: pd.DataFrame, target: float) -> pd.DataFrame:
    for c in ("eligible", "responses"):
        df[c] = df[c].fillna(0).astype("int64")
    df["rate"] = (df.responses / df.eligible.where(df.eligible > 0)).round(4)
    df["target_rate"] = target
    df["needed"] = [max(0, math.ceil(round(target * e, 6)) - r) for e, r in zip(df.eligible, df.responses)]
    return df


@cached
def survey_rates(db: Database, scope: Scope, review: str, survey: str, *, as_of: dt.date,
                 family_group: int | None = None) -> pd.DataFrame:
    """Per authority the scope may see by name: eligible, responses to date, rate, target and the
    responses still needed to reach it. Sorted by rate, highest first."""
    el, la = m.SurveyEligible, m.LocalAuthority
    with db.reader() as s:
        sv = _survey(s, scope, review, survey)
        resp = _responses_to_date(sv.id, as_of)
        q = (select(la.gss_code, la.name, la.family_group, el.eligible,
                    func.coalesce(resp.c.responses, 0).label("responses"))
             .join(la, la.id == el.authority_id)
             .outerjoin(resp, resp.c.authority_id == el.authority_id)
             .where(el.survey_id == sv.id, _authority_filter(scope, la.gss_code)))
        if family_group is not None and sees_family_groups(scope):
            q = q.where(la.family_group == family_group)
        df = _finish(_frame(s.execute(q.order_by(la.name))), sv.target_rate)
        counts_people = sv.counts_people
    df = df.sort_values(["rate", "name"], ascending=[False, True], na_position="last").reset_index(drop=True)
    df["below_target"] = df.rate < df.target_rate
    return _protect_people(df, scope, counts_people)


@cached
def survey_comparators(db: Database, scope: Scope, review: str, survey: str, *, as_of: dt.date) -> pd.DataFrame:
    """Aggregates: each family group (roles that see them) and Scotland, with the authorities counted."""
    el, la = m.SurveyEligible, m.LocalAuthority
    with db.reader() as s:
        sv = _survey(s, scope, review, survey)
        resp = _responses_to_date(sv.id, as_of)
        base = (select(la.family_group, func.count().label("authorities"), func.sum(el.eligible).label("eligible"),
                       func.sum(func.coalesce(resp.c.responses, 0)).label("responses"))
                .join(la, la.id == el.authority_id)
                .outerjoin(resp, resp.c.authority_id == el.authority_id)
                .where(el.survey_id == sv.id))
        groups = _frame(s.execute(base.group_by(la.family_group).order_by(la.family_group)))
        target, counts_people = sv.target_rate, sv.counts_people
    national = pd.DataFrame([{"family_group": None, "authorities": int(groups.authorities.sum()),
                              "eligible": groups.eligible.sum(), "responses": groups.responses.sum()}])
    groups["area"] = [f"Family group {g}" for g in groups.family_group]
    national["area"] = all_areas_label(int(national.authorities.iloc[0]))
    groups["national"], national["national"] = False, True
    frames = [groups, national] if sees_family_groups(scope) else [national]
    df = _finish(pd.concat(frames, ignore_index=True)[["area", "national", "family_group", "authorities",
                                                      "eligible", "responses"]], target)
    df["authorities"] = df.authorities.astype("int64")
    return _protect_people(df, scope, counts_people)


@cached
def cumulative_responses(db: Database, scope: Scope, review: str, survey: str, *, as_of: dt.date,
                         family_group: int | None = None) -> pd.DataFrame:
    """Responses per day and cumulative to date, for Scotland (or one family group for roles that
    see them), with the responses the target needs. For roles under disclosure control days are
    hidden until each step between the points shown is at least k (data_access.disclosure)."""
    d, el, la = m.SurveyResponseDaily, m.SurveyEligible, m.LocalAuthority
    grouped = family_group is not None and sees_family_groups(scope)
    with db.reader() as s:
        sv = _survey(s, scope, review, survey)
        q = (select(d.day, func.sum(d.responses).label("responses"))
             .join(la, la.id == d.authority_id)
             .where(d.survey_id == sv.id, d.day <= as_of))
        e = select(func.coalesce(func.sum(el.eligible), 0), func.count()).join(
            la, la.id == el.authority_id).where(el.survey_id == sv.id)
        if grouped:
            q, e = q.where(la.family_group == family_group), e.where(la.family_group == family_group)
        daily = _frame(s.execute(q.group_by(d.day).order_by(d.day)))
        eligible, authorities = s.execute(e).one()
        eligible = int(eligible or 0)
        target, counts_people = sv.target_rate, sv.counts_people
    daily["responses"] = daily.responses.astype("int64") if not daily.empty else daily.responses
    daily["cumulative"] = daily.responses.cumsum() if not daily.empty else daily.responses
    controlled = counts_people and needs_control(scope)
    if controlled and not daily.empty:
        # Points whose step from the previous shown point would be a small count are hidden;
        # the chart and its table keep only the points shown, with the steps between them.
        daily = protect_cumulative(daily[["day", "cumulative"]], scope, "day", "cumulative")
        daily = daily[~daily.cumulative.map(is_suppressed)].reset_index(drop=True)
        daily["cumulative"] = daily.cumulative.astype("int64")
        daily["responses"] = daily.cumulative.diff().fillna(daily.cumulative).astype("int64")
    daily["area"] = f"Family group {family_group}" if grouped else all_areas_label(int(authorities or 0))
    daily["eligible"] = SUPPRESSED if controlled and 0 < eligible < scope.k else eligible
    daily["target_responses"] = math.ceil(target * eligible) if not (controlled and 0 < eligible < scope.k) else None
    return daily


def funnel_limits(p0: float, n_max: int, n_min: int = 1, points: int = 120) -> pd.DataFrame:
    """Control limits around the national rate p0 for populations n_min..n_max (normal
    approximation to the binomial), clipped to 0..1."""
    if n_max < 1 or p0 is None or p0 != p0:
        return pd.DataFrame(columns=["eligible"])
    lo, hi = math.log(max(1, n_min * 0.8)), math.log(n_max * 1.2)
    ns = sorted({max(1, round(math.exp(lo + i * (hi - lo) / (points - 1)))) for i in range(points)})
    out = {"eligible": ns}
    for label, z in LIMITS.items():
        se = [math.sqrt(p0 * (1 - p0) / n) for n in ns]
        out[f"lower {label}"] = [max(0.0, p0 - z * e) for e in se]
        out[f"upper {label}"] = [min(1.0, p0 + z * e) for e in se]
    return pd.DataFrame(out)


def funnel_position(rate, eligible, p0: float) -> str:
    """Where a point lies against the limits: within, or above or below the 95% or 99.8% limit."""
    if not exact(rate) or not exact(eligible) or not eligible:
        return "not shown"
    se = math.sqrt(p0 * (1 - p0) / eligible)
    z = (rate - p0) / se if se else 0.0
    if z < -LIMITS["99.8%"]:
        return "below the 99.8% limit"
    if z < -LIMITS["95%"]:
        return "below the 95% limit"
    if z > LIMITS["99.8%"]:
        return "above the 99.8% limit"
    if z > LIMITS["95%"]:
        return "above the 95% limit"
    return "within the limits"
