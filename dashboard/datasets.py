"""The tables behind each chart: one function per dataset, used by the chart's table and its CSV.

Each takes (db, scope, params, as_of) and returns a DataFrame already scoped and, for roles that
need it, disclosure-controlled by data_access.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

import pandas as pd

from data_access import queries
from data_access.db import Database
from data_access.scope import Scope

from .ui.figures import progress_category
from .ui.palette import PROGRESS_STYLE

DATASETS: dict[str, Callable[[Database, Scope, dict, dt.date], pd.DataFrame]] = {}


def dataset(name: str):
    def wrap(fn):
        DATASETS[name] = fn
        return fn
    return wrap


@dataset("overview-progress")
def overview_progress(db, scope, params, day):
    """Each authority's progress on the review (named roles; a co-ordinator's own authority)."""
    prog = queries.authority_progress(db, scope, params["review"], as_of=day)
    return pd.DataFrame({
        "Authority": prog.name, "GSS code": prog.gss_code, "Family group": prog.family_group,
        "Progress": [PROGRESS_STYLE[progress_category(r)]["label"] for _, r in prog.iterrows()],
        "Milestones complete": prog.complete, "Milestones due so far": prog.due,
        "Milestones overdue": prog.overdue, "Milestones in review": prog.milestones,
    })


@dataset("overview-status")
def overview_status(db, scope, params, day):
    st = queries.milestone_status(db, scope, params["review"], as_of=day)
    return pd.DataFrame({
        "Authority": st.name, "Milestone": st.milestone, "Due": st.due_date, "Completed": st.completed_on,
        "Status": st.status, "Days overdue": st.days_overdue,
    })


@dataset("overview-national")
def overview_national(db, scope, params, day):
    """How many authorities are at each status on each milestone: counts of authorities only."""
    counts = queries.national_status_counts(db, scope, params["review"], as_of=day)
    return counts[["milestone", "status", "authorities"]].rename(columns={
        "milestone": "Milestone", "status": "Status", "authorities": "Authorities"})


@dataset("overview-overdue")
def overview_overdue(db, scope, params, day):
    """Overdue milestones by authority, with commentary where the role may read it; for a
    presenter, how many authorities are overdue on each milestone."""
    if not scope.sees_any_authority:
        counts = queries.national_status_counts(db, scope, params["review"], as_of=day)
        late = counts[counts.status == "overdue"]
        return pd.DataFrame({"Milestone": late.milestone, "Authorities overdue": late.authorities.astype("int64")})
    od = queries.overdue(db, scope, params["review"], as_of=day)
    frame = pd.DataFrame({
        "Authority": od.name, "Milestone": od.milestone, "Due": od.due_date, "Days overdue": od.days_overdue,
    })
    if "commentary" in od:
        frame["Inspector commentary"] = od.commentary
    return frame
