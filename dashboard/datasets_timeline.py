"""The tables behind the Timeline page's charts (and their CSV downloads)."""
from __future__ import annotations

import pandas as pd

from data_access import timeline

from .ui.timeline_figures import slip_text
from .datasets import dataset


@dataset("timeline-gantt")
def timeline_gantt(db, scope, params, day):
    g = timeline.review_gantt(db, scope, params["review"], as_of=day)
    return pd.DataFrame({
        "Kind": g.kind, "Name": g.name, "Phase": g.phase, "Planned start": g.planned_start,
        "Planned end or due": g.planned_end, "Actual start": g.actual_start, "Actual end": g.actual_end,
        "Status": g.status, "Slippage (days)": g.slippage_days.astype("Int64"),
        "Slippage": [slip_text(v) for v in g.slippage_days],
    })


@dataset("timeline-portfolio")
def timeline_portfolio(db, scope, params, day):
    p = timeline.portfolio_phases(db, scope, as_of=day)
    return pd.DataFrame({
        "Review": p.title, "Phase": p.name, "Planned start": p.planned_start, "Planned end": p.planned_end,
        "Actual start": p.actual_start, "Actual end": p.actual_end, "Status": p.status,
        "Slippage (days)": p.slippage_days.astype("Int64"),
    })


@dataset("timeline-programme")
def timeline_programme(db, scope, params, day):
    """Named partnerships for roles that may see them; otherwise unnamed counts by stage."""
    if not scope.sees_named_authorities:
        counts = timeline.joint_stage_counts(db, scope, as_of=day)
        return pd.DataFrame({"Stage": counts.stage, "Partnerships": counts.partnerships})
    p = timeline.joint_programme(db, scope, as_of=day)
    return pd.DataFrame({
        "Partnership": p.authority, "GSS code": p.gss_code, "Stands at": p.current_stage, "Stage": p.stage,
        "Planned start": p.planned_start, "Due": p.planned_end, "Completed": p.actual_end, "Status": p.status,
        "Slippage (days)": p.slippage_days.astype("Int64"),
    })
