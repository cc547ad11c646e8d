"""One authority's profile: its milestones, survey rates and themes, each beside its family group
(roles that see family groups) and Scotland. Scoped and disclosure-controlled like the pages."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, case, func, select

from . import models as m
from .cache import cached
from .db import Database
from .queries import NotFound, _frame, _status_case
from .scope import Scope
from .surveys import review_surveys, sees_family_groups, survey_comparators, survey_rates
from .themes import theme_by_area, theme_frequency


def _authority(session, scope: Scope, code: str):
    if not scope.may_see_authority(code):
        raise NotFound(f"no authority '{code}'")
    row = session.execute(select(m.LocalAuthority).where(m.LocalAuthority.gss_code == code)).scalar()
    if row is None:
        raise NotFound(f"no authority '{code}'")
    return row


@cached
def authority_reviews(db: Database, scope: Scope, code: str, *, as_of: dt.date) -> pd.DataFrame:
    """The authority (name, family group) and the reviews it takes part in, most recent first."""
    r, ra = m.Review, m.ReviewAuthority
    with db.reader() as s:
        la = _authority(s, scope, code)
        df = _frame(s.execute(select(r.slug, r.title, r.starts_on, r.ends_on, ra.participation)
                              .join(ra, ra.review_id == r.id).where(ra.authority_id == la.id)
                              .order_by(r.starts_on.desc())))
        df["authority"] = la.name
        df["family_group"] = la.family_group
        if df.empty:
            df = pd.DataFrame([{"slug": None, "title": None, "authority": la.name, "family_group": la.family_group}])
    return df


@cached
def profile_milestones(db: Database, scope: Scope, code: str, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """The authority's status on each of the review's milestones, beside the share of its family
    group and of Scotland complete on the same milestone (counts of authorities, exact)."""
    am, ms, la, r = m.AuthorityMilestone, m.Milestone, m.LocalAuthority, m.Review
    done = and_(am.completed_on.is_not(None), am.completed_on <= as_of)
    with db.reader() as s:
        own = _authority(s, scope, code)
        rid = s.execute(select(r.id).where(r.slug == review)).scalar()
        if rid is None:
            raise NotFound(review)
        mine = _frame(s.execute(
            select(ms.seq, ms.code, ms.name.label("milestone"), am.due_date,
                   case((done, am.completed_on), else_=None).label("completed_on"), _status_case(as_of).label("status"))
            .join(ms, ms.id == am.milestone_id).where(ms.review_id == rid, am.authority_id == own.id)
            .order_by(ms.seq)))
        agg = _frame(s.execute(
            select(ms.code, func.count().label("authorities"), func.sum(case((done, 1), else_=0)).label("complete"),
                   func.sum(case((la.family_group == own.family_group, 1), else_=0)).label("fg_authorities"),
                   func.sum(case((and_(done, la.family_group == own.family_group), 1), else_=0)).label("fg_complete"))
            .join(ms, ms.id == am.milestone_id).join(la, la.id == am.authority_id)
            .where(ms.review_id == rid).group_by(ms.code)))
    df = mine.merge(agg, on="code", how="left")
    for c in ("authorities", "complete", "fg_authorities", "fg_complete"):
        df[c] = df[c].fillna(0).astype("int64")
    df["scotland_share"] = (df.complete / df.authorities.where(df.authorities > 0)).round(4)
    df["fg_share"] = (df.fg_complete / df.fg_authorities.where(df.fg_authorities > 0)).round(4)
    df["days_late"] = [
        max(0, ((c or as_of) - d).days) if (c is not None and c > d) or (c is None and d < as_of) else 0
        for c, d in zip(df.completed_on, df.due_date)]
    if not sees_family_groups(scope):
        df = df.drop(columns=["fg_authorities", "fg_complete", "fg_share"])
    df["family_group"] = own.family_group
    return df


@cached
def profile_surveys(db: Database, scope: Scope, code: str, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """For each people survey the authority took part in: its rate, its family group's and Scotland's,
    and the target (already disclosure-controlled by data_access.surveys)."""
    with db.reader() as s:
        own = _authority(s, scope, code)
        name, fg = own.name, own.family_group
    rows = []
    for sv in review_surveys(db, scope, review, as_of=as_of).itertuples():
        rates = survey_rates(db, scope, review, sv.code, as_of=as_of)
        mine = rates[rates.gss_code == code]
        if mine.empty:
            continue
        comps = survey_comparators(db, scope, review, sv.code, as_of=as_of)
        areas = [(name, mine.iloc[0])]
        group = comps[comps.family_group == fg]
        if sees_family_groups(scope) and not group.empty:
            areas.append((f"Family group {fg}", group.iloc[0]))
        national = comps[comps.national.astype(bool)].iloc[0]
        areas.append((national.area, national))
        for area, row in areas:
            rows.append({"survey": sv.name, "survey_code": sv.code, "counts_people": sv.counts_people, "area": area,
                         "eligible": row["eligible"], "responses": row["responses"], "rate": row["rate"],
                         "target_rate": sv.target_rate})
    return pd.DataFrame(rows, columns=["survey", "survey_code", "counts_people", "area", "eligible", "responses",
                                       "rate", "target_rate"])


@cached
def profile_themes(db: Database, scope: Scope, code: str, review: str, *, as_of: dt.date) -> pd.DataFrame:
    """Each top-level theme's share of the authority's coding, beside its family group's share and
    Scotland's (shares built on suppressed tallies are suppressed by data_access.themes)."""
    with db.reader() as s:
        own = _authority(s, scope, code)
        name, fg = own.name, own.family_group
    by_la = theme_by_area(db, scope, review, "authority", as_of=as_of)
    mine = by_la[by_la.gss_code == code]
    frames = [pd.DataFrame({"theme": mine.theme, "area": name, "tally": mine.tally, "share": mine.share})]
    if sees_family_groups(scope):
        by_fg = theme_by_area(db, scope, review, "family_group", as_of=as_of)
        g = by_fg[by_fg.family_group == fg]
        frames.append(pd.DataFrame({"theme": g.theme, "area": f"Family group {fg}", "tally": g.tally,
                                    "share": g.share}))
    nat = theme_frequency(db, scope, review, as_of=as_of)
    totals = pd.to_numeric(nat.total, errors="coerce")
    frames.append(pd.DataFrame({"theme": nat.theme, "area": "Scotland", "tally": nat.total,
                                "share": (totals / totals.sum()).round(4)}))
    return pd.concat(frames, ignore_index=True)
