"""Portfolio status: whether each review is on track, at risk or behind, by one rule kept here.

The rule's numbers are constants in this module, and `STATUS_RULE` writes the rule out from them
for the About page, so what the dashboard does and what it says it does cannot drift apart.
Every count here is of milestones or authorities (shown exactly to every role), except the
survey responses, which for roles under disclosure control are read from the same protected
cumulative series the Surveys page draws (data_access.surveys): a change since a week earlier
is the difference between two points of that series, so it tells nothing the series does not.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from sqlalchemy import and_, case, func, select

from . import models as m
from . import programme, queries, surveys
from .cache import cached
from .db import Database
from .disclosure import SUPPRESSED, exact, needs_control
from .reference import plural
from .scope import Scope

# The rule (SPEC section 3, /about): behind, at risk, on track.
BEHIND_AFTER_DAYS = 14  # a per-authority milestone counts towards "behind" once this many days overdue ...
BEHIND_SHARE = 0.10  # ... for more than this share of the authorities taking part in it
CHANGE_DAYS = 7  # "change since a week earlier"

BEHIND, AT_RISK, ON_TRACK = "behind", "at risk", "on track"
STATUS_ORDER = (BEHIND, AT_RISK, ON_TRACK)  # needing attention first
STATUS_SYMBOL = {BEHIND: "✖", AT_RISK: "!", ON_TRACK: "✓"}

STATUS_RULE = (
    (BEHIND, f"a milestone for the review as a whole is overdue, or a milestone tracked for each authority is "
             f"more than {BEHIND_AFTER_DAYS} days overdue for more than {BEHIND_SHARE:.0%} of the authorities "
             f"taking part in it."),
    (AT_RISK, "not behind, but a milestone is overdue (for the review or for any one authority), or a survey "
              "still open has fewer responses than the pace its target needs: the target's share of the "
              "eligible population, spread evenly over the days the survey is open."),
    (ON_TRACK, "neither of those."),
)


def classify(national_overdue: int, worst_share: float, any_overdue: int, below_pace: int) -> str:
    """The status from the four facts the rule reads."""
    if national_overdue > 0 or worst_share > BEHIND_SHARE:
        return BEHIND
    if any_overdue > 0 or below_pace > 0:
        return AT_RISK
    return ON_TRACK


def pace_needed(target_rate: float, eligible: int, opens_on: dt.date, closes_on: dt.date, day: dt.date) -> float:
    """Responses an open survey should have by `day` to reach its target evenly by closing."""
    span = (closes_on - opens_on).days + 1
    elapsed = min(max((day - opens_on).days + 1, 0), span)
    return target_rate * eligible * elapsed / span if span > 0 else 0.0


def _milestone_facts(db: Database, slugs: list[str], as_of: dt.date) -> pd.DataFrame:
    """Per review and milestone: authorities taking part, overdue, overdue long, completed lately,
    the oldest overdue due date; national milestones as one line each."""
    am, ms, r = m.AuthorityMilestone, m.Milestone, m.Review
    done = and_(am.completed_on.is_not(None), am.completed_on <= as_of)
    late = and_(~done, am.due_date < as_of)
    long_late = and_(~done, am.due_date < as_of - dt.timedelta(days=BEHIND_AFTER_DAYS))
    week = as_of - dt.timedelta(days=CHANGE_DAYS)
    lately = and_(am.completed_on.is_not(None), am.completed_on > week, am.completed_on <= as_of)
    with db.reader() as s:
        per_la = s.execute(
            select(r.slug, ms.name, func.count().label("taking_part"),
                   func.sum(case((late, 1), else_=0)).label("overdue"),
                   func.sum(case((long_late, 1), else_=0)).label("long_overdue"),
                   func.sum(case((lately, 1), else_=0)).label("completed_lately"),
                   func.min(case((late, am.due_date), else_=None)).label("oldest_due"))
            .join(ms, ms.id == am.milestone_id).join(r, r.id == ms.review_id)
            .where(r.slug.in_(slugs), ms.per_authority.is_(True))
            .group_by(r.slug, ms.name))
        rows = [dict(x._mapping, national=False) for x in per_la]
        for x in s.execute(select(r.slug, ms.name, ms.planned_date, ms.actual_date)
                           .join(r, r.id == ms.review_id)
                           .where(r.slug.in_(slugs), ms.per_authority.is_(False))):
            known = x.actual_date if x.actual_date is not None and x.actual_date <= as_of else None
            is_late = known is None and x.planned_date < as_of
            rows.append({"slug": x.slug, "name": x.name, "taking_part": 1, "overdue": int(is_late),
                         "long_overdue": 0, "completed_lately": int(known is not None and known > week),
                         "oldest_due": x.planned_date if is_late else None, "national": True})
    cols = ["slug", "name", "taking_part", "overdue", "long_overdue", "completed_lately", "oldest_due", "national"]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("taking_part", "overdue", "long_overdue", "completed_lately"):
        df[c] = df[c].fillna(0).astype("int64")
    return df


def _survey_facts(db: Database, scope: Scope, slug: str, as_of: dt.date) -> dict:
    """People surveys of one review: responses to date, the change since a week earlier (from the
    role's own cumulative series), the day that change is counted from, and surveys below pace."""
    totals = queries.survey_totals(db, scope, slug, as_of=as_of)
    people = totals[totals.counts_people.astype(bool)] if not totals.empty else totals
    below = 0
    responses, change, since = 0, 0, None
    for sv in people.itertuples():
        open_now = sv.opens_on <= as_of <= sv.closes_on and exact(sv.responses) and exact(sv.eligible)
        if open_now and sv.responses < math.floor(pace_needed(sv.target_rate, int(sv.eligible), sv.opens_on,
                                                              sv.closes_on, as_of)):
            below += 1
        if responses is SUPPRESSED or not exact(sv.responses):
            responses = SUPPRESSED
        else:
            responses += int(sv.responses)
        step, day = responses_change(db, scope, slug, sv.code, as_of)
        change = SUPPRESSED if change is SUPPRESSED or step is SUPPRESSED else change + step
        since = day if since is None or (day is not None and day < since) else since
    if people.empty:
        responses = change = None
    return {"responses": responses, "responses_change": change, "responses_since": since, "below_pace": below}


def _exact_survey_facts(db: Database, slugs: list[str], as_of: dt.date) -> dict[str, dict]:
    """The same facts as `_survey_facts` for roles that see exact counts, for every review in one
    read (aggregated in SQL), so the portfolio stays one query however many reviews there are."""
    sv, el, d, r = m.Survey, m.SurveyEligible, m.SurveyResponseDaily, m.Review
    week = as_of - dt.timedelta(days=CHANGE_DAYS)
    elig = select(el.survey_id, func.sum(el.eligible).label("eligible")).group_by(el.survey_id).subquery()
    resp = (select(d.survey_id, func.sum(d.responses).label("to_date"),
                   func.sum(case((d.day <= week, d.responses), else_=0)).label("to_week"))
            .where(d.day <= as_of).group_by(d.survey_id).subquery())
    with db.reader() as s:
        rows = s.execute(
            select(r.slug, sv.target_rate, sv.opens_on, sv.closes_on,
                   func.coalesce(elig.c.eligible, 0).label("eligible"),
                   func.coalesce(resp.c.to_date, 0).label("to_date"), func.coalesce(resp.c.to_week, 0).label("to_week"))
            .join(r, r.id == sv.review_id).outerjoin(elig, elig.c.survey_id == sv.id)
            .outerjoin(resp, resp.c.survey_id == sv.id)
            .where(r.slug.in_(slugs), sv.counts_people.is_(True))).all()
    out: dict[str, dict] = {}
    for x in rows:
        f = out.setdefault(x.slug, {"responses": 0, "responses_change": 0, "responses_since": week, "below_pace": 0})
        f["responses"] += int(x.to_date)
        f["responses_change"] += int(x.to_date) - int(x.to_week)
        if x.opens_on <= as_of <= x.closes_on and int(x.to_date) < math.floor(
                pace_needed(x.target_rate, int(x.eligible), x.opens_on, x.closes_on, as_of)):
            f["below_pace"] += 1
    return out


def responses_change(db: Database, scope: Scope, slug: str, survey: str, as_of: dt.date):
    """Responses added since the last point of the series shown on or before a week earlier: the
    difference of two points the role is shown, never a figure of its own."""
    daily = surveys.cumulative_responses(db, scope, slug, survey, as_of=as_of)
    if daily.empty:
        return 0, as_of - dt.timedelta(days=CHANGE_DAYS)
    week = as_of - dt.timedelta(days=CHANGE_DAYS)
    before = daily[daily.day <= week]
    start = int(before.cumulative.iloc[-1]) if not before.empty else 0
    # Under disclosure control the series may hide the days just before a week earlier: the change
    # is then counted from the last point shown, and says so.
    since = before.day.iloc[-1] if not before.empty and needs_control(scope) else week
    return int(daily.cumulative.iloc[-1]) - start, since


@cached
def portfolio_status(db: Database, scope: Scope, *, as_of: dt.date) -> pd.DataFrame:
    """Every review the scope may see, with its standing (on track, at risk or behind; not the review's
    life-cycle `status`), the reason, overdue milestones, slippage in
    days, and the change since a week earlier; sorted with the reviews needing attention first."""
    frame = queries.reviews(db, scope, as_of=as_of)
    if frame.empty:
        return frame.assign(standing=[], reason=[], overdue=[], slippage_days=[], completed_lately=[],
                            responses=[], responses_change=[], responses_since=[], below_pace=[])
    facts = _milestone_facts(db, list(frame.slug), as_of)
    programmes = _rolling_programmes(db, scope, frame, as_of)
    exact_facts = None if needs_control(scope) else _exact_survey_facts(db, list(frame.slug), as_of)
    no_surveys = {"responses": None, "responses_change": None, "responses_since": None, "below_pace": 0}
    out = []
    for r in frame.itertuples():
        own = facts[facts.slug == r.slug]
        national = own[own.national]
        per_la = own[~own.national]
        share = (per_la.long_overdue / per_la.taking_part.where(per_la.taking_part > 0)).fillna(0)
        worst = float(share.max()) if not share.empty else 0.0
        overdue = int(own.overdue.sum())
        oldest = [d for d in own.oldest_due if d is not None and d == d]
        sv = (_survey_facts(db, scope, r.slug, as_of) if exact_facts is None
              else exact_facts.get(r.slug, no_surveys))
        status = classify(int(national.overdue.sum()), worst, overdue, sv["below_pace"])
        out.append({"slug": r.slug, "standing": status,
                    "reason": _reason(status, national, per_la, share, overdue, sv["below_pace"]),
                    "overdue": overdue, "slippage_days": (as_of - min(oldest)).days if oldest else 0,
                    "completed_lately": int(own.completed_lately.sum()), **sv,
                    "programme": programmes.get(r.slug)})
    df = frame.merge(pd.DataFrame(out), on="slug")
    df["rank"] = df.standing.map({s: i for i, s in enumerate(STATUS_ORDER)})
    df = df.sort_values(["rank", "overdue", "slippage_days", "starts_on"], ascending=[True, False, False, True])
    return df.drop(columns=["rank"]).reset_index(drop=True)


def _rolling_programmes(db: Database, scope: Scope, frame: pd.DataFrame, as_of: dt.date) -> dict[str, str]:
    """For each rolling programme in the portfolio, its reports published in words, in place of a phase."""
    with db.reader() as s:
        ids = dict(s.execute(select(m.Review.slug, m.Review.id).where(m.Review.slug.in_(list(frame.slug)))).all())
        dates: dict[int, list[int]] = {}
        for row in s.execute(programme.due_dates_per_milestone()):
            dates.setdefault(row.review_id, []).append(row.dates)
    out = {}
    for slug, kind in zip(frame.slug, frame.kind):
        if programme.rolling(kind, dates.get(ids.get(slug), [])):
            counts = programme.programme_stage_counts(db, scope, slug, as_of=as_of)
            done = int(counts[counts.stage == programme.PUBLISHED].partnerships.sum())
            out[slug] = (f"Rolling programme: {done} of {plural(int(counts.partnerships.sum()), 'partnership')} "
                         f"with the report published")
    return out


def _reason(status, national, per_la, share, overdue, below_pace) -> str:
    """Why the review has its status, in a few words (counts only: no authority is named)."""
    if status == BEHIND:
        late = national[national.overdue > 0]
        if not late.empty:
            return f"Overdue for the review as a whole: {late.name.iloc[0]}"
        worst = per_la.loc[share.idxmax()]
        return (f"{int(worst.long_overdue)} of {plural(int(worst.taking_part), 'authority')} more than "
                f"{BEHIND_AFTER_DAYS} days overdue: {worst['name']}")
    if status == AT_RISK:
        parts = []
        if overdue:
            parts.append(f"{plural(overdue, 'milestone')} overdue")
        if below_pace:
            parts.append("a survey below the pace its target needs" if below_pace == 1
                         else f"{plural(below_pace, 'survey')} below the pace their targets need")
        text = "; ".join(parts)
        return text[0].upper() + text[1:]
    return "Nothing overdue; surveys on pace"
