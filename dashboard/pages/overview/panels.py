"""The Overview page's panels: each chart's sentence, figure and table from one set of reads.

Every panel takes the caller's `Ask` (database, scope, as-of date) and the page's filters; the
chart's callback, its CSV download and the presenter's title and progress slides all call these
functions. A review outside the caller's portfolio raises `NotFound`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.context import Ask
from dashboard.ui.format import join_names, number, plural, possessive, uk_date, word_for
from dashboard.ui.palette import PROGRESS_STYLE
from dashboard.ui.panel import Panel, cached_panel
from data_access import portfolio as portfolio_data
from data_access import programme, queries
from data_access.disclosure import exact, is_suppressed
from data_access.queries import NotFound
from data_access.reference import AUTHORITY_BY_CODE

from . import cards
from . import figures as of


@dataclass(frozen=True)
class Filters:
    """The Overview page's one filter, as it travels in the query string."""

    review: str

    @classmethod
    def parse(cls, params: dict, scope=None) -> Filters:
        return cls(params.get("review") or "")


def portfolio(ask: Ask) -> pd.DataFrame:
    """Every review the caller may see, with its status, current phase, next milestone, overdue
    milestones, slippage and change since a week earlier; the reviews needing attention first."""
    return portfolio_data.portfolio_status(ask.db, ask.scope, as_of=ask.day)


def portfolio_lines(r) -> dict[str, str]:
    """The sentences of one review's portfolio card (counts only: no authority is named)."""
    status = f"{portfolio_data.STATUS_SYMBOL[r.standing]} {r.standing.capitalize()}"
    nxt = (f"Next: {r.next_milestone}, {uk_date(r.next_due)} ({plural(int(r.days_to_next), 'day')})"
           if r.next_milestone else "No milestones ahead")
    overdue = int(r.overdue)
    late = ("No milestones overdue" if overdue == 0 else
            f"{plural(overdue, 'milestone')} overdue; the oldest by {plural(int(r.slippage_days), 'day')}")
    done = int(r.completed_lately)
    changes = [f"{plural(done, 'milestone', zero='no')} completed"]
    if is_suppressed(r.responses_change):
        changes.insert(0, "responses: c")
    elif exact(r.responses_change):
        changes.insert(0, f"+{number(r.responses_change)} {word_for(int(r.responses_change), 'response')}")
    since = r.responses_since if isinstance(r.responses_since, dt.date) else None
    week = f"Since {uk_date(since)}" if since else f"In the last {portfolio_data.CHANGE_DAYS} days"
    rolling = getattr(r, "programme", None)
    phase = rolling if isinstance(rolling, str) else r.current_phase
    return {"status": status, "reason": r.reason, "phase": phase, "next": nxt, "overdue": late,
            "change": f"{week}: {', '.join(changes)}"}


def review_row(ask: Ask, review: str, reviews: pd.DataFrame | None = None) -> pd.Series:
    """The review's row in the caller's portfolio; a co-ordinator's holds only their authority's reviews."""
    reviews = portfolio(ask) if reviews is None else reviews
    row = reviews[reviews.slug == review]
    if row.empty:
        raise NotFound(f"no review '{review}'")
    return row.iloc[0]


def visible(ask: Ask, review: str) -> None:
    """Raise NotFound unless the review is in the caller's portfolio (without reading the portfolio)."""
    if not queries.visible_review(ask.db, ask.scope, review, as_of=ask.day):
        raise NotFound(f"no review '{review}'")


def headline_figures(ask: Ask, row: pd.Series) -> list[dict]:
    """The review's headline figures, each a label, a value, a one-line note and whose figure it is."""
    return cards.headline_cards(ask, row)


def cards_table(cards: list[dict]) -> pd.DataFrame:
    return pd.DataFrame({"Figure": [c["label"] for c in cards], "Whose": [c.get("whose", "") for c in cards],
                         "Value": [c["value"] for c in cards], "Note": [c["note"] for c in cards]})


# -- sentences --------------------------------------------------------------------------------------
def headline_summary(row: pd.Series, day) -> str:
    nxt = f" Next: {row.next_milestone}, {uk_date(row.next_due)}." if row.next_milestone else ""
    return f"As of {uk_date(day)}: {row.current_phase}.{nxt}"


def map_summary(prog: pd.DataFrame, named: bool) -> str:
    behind = int((prog.overdue > 0).sum())
    if named:
        if prog.empty:
            return "No authority takes part in this review's milestones."
        return (f"{plural(len(prog), 'authority')} {word_for(len(prog), 'takes', 'take')} part; {behind} "
                f"{word_for(behind, 'has')} at least one overdue milestone.")
    if prog.empty:
        return "Your authority takes no part in this review's milestones."
    r = prog.iloc[0]
    late = int(r.overdue)
    return (f"{r['name']} has completed {int(r.complete)} of {plural(int(r.milestones), 'milestone')}; "
            + ("none is overdue." if late == 0 else f"{late} {word_for(late, 'is')} overdue."))


def matrix_summary(status: pd.DataFrame) -> str:
    done = int((status.status == "complete").sum())
    late = int((status.status == "overdue").sum())
    return (f"{done} of {plural(len(status), 'authority milestone')} {word_for(done, 'is')} complete; "
            f"{late} {word_for(late, 'is')} overdue.")


def national_summary(counts: pd.DataFrame) -> str:
    total = int(counts.authorities.sum()) if not counts.empty else 0
    done = int(counts[counts.status == "complete"].authorities.sum()) if total else 0
    late = int(counts[counts.status == "overdue"].authorities.sum()) if total else 0
    return (f"Across Scotland, {done} of {plural(total, 'authority milestone')} {word_for(done, 'is')} complete and "
            f"{late} {word_for(late, 'is')} overdue.")


def overdue_summary(table: pd.DataFrame, day, own: str | None = None, national: int | None = None) -> str:
    """How many milestones are overdue; for a co-ordinator, their own authority's beside Scotland's."""
    n = int(table["Authorities overdue"].sum()) if "Authorities overdue" in table else len(table)
    if own is not None:
        mine = (f"None of {possessive(own)} milestones is overdue" if n == 0
                else f"{plural(n, 'milestone')} of {possessive(own)} {word_for(n, 'is')} overdue")
        return (f"{mine} as of {uk_date(day)}; across Scotland, {plural(national or 0, 'authority milestone')} "
                f"{word_for(national or 0, 'is')} overdue.")
    where = "across Scotland, " if "Authorities overdue" in table else ""
    said = "no milestones are overdue" if n == 0 else f"{plural(n, 'milestone')} {word_for(n, 'is')} overdue"
    sentence = f"{where}{said} as of {uk_date(day)}."
    return sentence[0].upper() + sentence[1:]


# -- panels -----------------------------------------------------------------------------------------
@cached_panel
def map_panel(ask: Ask, f: Filters) -> Panel:
    """Each authority's progress as a tile map (named roles; a co-ordinator's own authority)."""
    visible(ask, f.review)
    prog = queries.authority_progress(ask.db, ask.scope, f.review, as_of=ask.day)
    table = pd.DataFrame({
        "Authority": prog.name, "GSS code": prog.gss_code, "Family group": prog.family_group,
        "Progress": [PROGRESS_STYLE[of.progress_category(r)]["label"] for _, r in prog.iterrows()],
        "Milestones complete": prog.complete, "Milestones due so far": prog.due,
        "Milestones overdue": prog.overdue, "Milestones in review": prog.milestones,
    })
    named = ask.scope.sees_named_authorities
    return Panel(map_summary(prog, named), of.tile_map(prog, name_others=named), table)


@cached_panel
def matrix_panel(ask: Ask, f: Filters) -> Panel:
    visible(ask, f.review)
    st = queries.milestone_status(ask.db, ask.scope, f.review, as_of=ask.day)
    table = pd.DataFrame({
        "Authority": st.name, "Milestone": st.milestone, "Due": st.due_date, "Completed": st.completed_on,
        "Status": st.status, "Days overdue": st.days_overdue,
    })
    return Panel(matrix_summary(st), of.status_matrix(st), table)


@cached_panel
def national_panel(ask: Ask, f: Filters) -> Panel:
    """How many authorities are at each status on each milestone: counts of authorities only."""
    visible(ask, f.review)
    counts = queries.national_status_counts(ask.db, ask.scope, f.review, as_of=ask.day)
    table = counts[["milestone", "status", "authorities"]].rename(columns={
        "milestone": "Milestone", "status": "Status", "authorities": "Authorities"})
    return Panel(national_summary(counts), of.status_counts_bar(counts), table)


@cached_panel
def overdue_panel(ask: Ask, f: Filters) -> Panel:
    """Overdue milestones by authority, with commentary where the role may read it; for a role that
    sees no authority, how many authorities are overdue on each milestone. A table, no chart."""
    visible(ask, f.review)
    if not ask.scope.sees_any_authority:
        counts = queries.national_status_counts(ask.db, ask.scope, f.review, as_of=ask.day)
        late = counts[counts.status == "overdue"]
        table = pd.DataFrame({"Milestone": late.milestone, "Authorities overdue": late.authorities.astype("int64")})
    else:
        od = queries.overdue(ask.db, ask.scope, f.review, as_of=ask.day)
        table = pd.DataFrame({
            "Authority": od.name, "Milestone": od.milestone, "Due": od.due_date, "Days overdue": od.days_overdue,
        })
        if "commentary" in od:
            table["Inspector commentary"] = od.commentary
        if not ask.scope.sees_named_authorities:
            counts = queries.national_status_counts(ask.db, ask.scope, f.review, as_of=ask.day)
            national = int(counts[counts.status == "overdue"].authorities.sum())
            own = ask.scope.authority
            name = AUTHORITY_BY_CODE[own].name if own in AUTHORITY_BY_CODE else "your authority"
            return Panel(overdue_summary(table, ask.day, name, national), None, table)
    return Panel(overdue_summary(table, ask.day), None, table)


def programme_summary(rows: pd.DataFrame | None, counts: pd.DataFrame, own: str | None = None) -> str:
    """The rolling programme in a sentence: partnerships, reports published, and for a co-ordinator
    where their own partnership stands beside the national counts. Never "0 of 6 milestones"."""
    total = int(counts.partnerships.sum())
    if total == 0:
        return "No partnerships in this programme yet."
    published = int(counts[counts.stage == programme.PUBLISHED].partnerships.sum())
    national = (f"{plural(total, 'partnership')} in the programme, each inspection about 22 weeks long; "
                f"{published} {word_for(published, 'has')} a published report")
    if own is not None and rows is not None and not rows.empty:
        r = rows.iloc[0]
        return (f"{r.authority}: {r.stage.lower() if r.stage != programme.PUBLISHED else 'report published'}, "
                f"week {r.weeks_elapsed} of about {r.weeks_planned}. Across Scotland, {national}.")
    most = int(counts.partnerships.max())
    busiest = join_names(list(counts[counts.partnerships == most].stage))
    return f"{national}; the most at any one stage is {most}: {busiest}."


@cached_panel
def programme_panel(ask: Ask, f: Filters) -> Panel:
    """A rolling programme, one row per partnership for roles that see them by name; unnamed counts by
    stage for a presenter; a co-ordinator's own partnership beside the national counts."""
    visible(ask, f.review)
    if not programme.is_rolling_programme(ask.db, ask.scope, f.review, as_of=ask.day):
        return Panel("This review is not a rolling programme of inspections.", None, pd.DataFrame())
    counts = programme.programme_stage_counts(ask.db, ask.scope, f.review, as_of=ask.day)
    by_stage = pd.DataFrame({"Stage": counts.stage, "Partnerships (Scotland)": counts.partnerships})
    if not ask.scope.sees_any_authority:
        return Panel(programme_summary(None, counts), None, by_stage)
    rows = programme.programme_partnerships(ask.db, ask.scope, f.review, as_of=ask.day)
    if not ask.scope.sees_named_authorities:
        mine = rows.iloc[0] if not rows.empty else None
        if mine is not None:
            by_stage[mine.authority] = [f"◀ here: week {mine.weeks_elapsed} of about {mine.weeks_planned}"
                                        if s == mine.stage else "" for s in by_stage.Stage]
        return Panel(programme_summary(rows, counts, ask.scope.authority), None, by_stage)
    table = pd.DataFrame({
        "Partnership": rows.authority, "GSS code": rows.gss_code, "Stage": rows.stage, "Notified": rows.notified,
        "Weeks gone": rows.weeks_elapsed, "Weeks planned": rows.weeks_planned,
        "Report published": rows.report_published,
    })
    return Panel(programme_summary(rows, counts), None, table)


# Panel id -> (the name of its CSV download, the panel function, whether it has a chart).
PANELS = {
    "overview-map": ("overview-progress", map_panel, True),
    "overview-matrix": ("overview-status", matrix_panel, True),
    "overview-national": ("overview-national", national_panel, True),
    "overview-overdue": ("overview-overdue", overdue_panel, False),
    "overview-programme": ("overview-programme", programme_panel, False),
}
