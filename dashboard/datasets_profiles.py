"""The tables behind an authority profile's charts (and their CSV downloads)."""
from __future__ import annotations

import pandas as pd

from data_access import profiles

from .ui.format import percent
from .datasets import dataset


def _pct(v):
    return percent(v, 1) if v is not None else None


@dataset("profile-milestones")
def profile_milestones_table(db, scope, params, day):
    ms = profiles.profile_milestones(db, scope, params["authority"], params["review"], as_of=day)
    out = pd.DataFrame({"Milestone": ms.milestone, "Due": ms.due_date, "Completed": ms.completed_on,
                        "Status": ms.status, "Days late": ms.days_late})
    if "fg_share" in ms:
        out["Family group complete"] = [_pct(v) for v in ms.fg_share]
    out["Scotland complete"] = [_pct(v) for v in ms.scotland_share]
    return out


@dataset("profile-surveys")
def profile_surveys_table(db, scope, params, day):
    sv = profiles.profile_surveys(db, scope, params["authority"], params["review"], as_of=day)
    return pd.DataFrame({"Survey": sv.survey, "Area": sv.area, "Eligible": sv.eligible, "Responses": sv.responses,
                         "Rate": [_pct(v) for v in sv.rate], "Target": [_pct(v) for v in sv.target_rate]})


@dataset("profile-themes")
def profile_themes_table(db, scope, params, day):
    th = profiles.profile_themes(db, scope, params["authority"], params["review"], as_of=day)
    return pd.DataFrame({"Theme": th.theme, "Area": th.area, "Times coded": th.tally,
                         "Share of the area's coding": [_pct(v) for v in th.share]})
