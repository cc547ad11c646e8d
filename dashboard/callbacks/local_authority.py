"""Profile callbacks: one authority's milestones, surveys and themes, scoped to the caller."""
from __future__ import annotations

import pandas as pd
from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from data_access import profiles
from data_access.disclosure import SUPPRESSED
from data_access.queries import NotFound

from ..ui import profile_figures as pf
from ..ui.figures import empty_figure
from ..ui.filters import query_string
from ..ui.format import percent, plural
from ..ui.panel import panel_outputs, panel_values
from ..context import as_of, current_db, current_scope, updated_stamp
from ..datasets_profiles import profile_milestones_table, profile_surveys_table, profile_themes_table
from ..downloads import download_href

PANELS = ("profile-milestones", "profile-surveys", "profile-themes")


def _exact(v) -> bool:
    return v is not None and v != SUPPRESSED and v == v


def milestones_summary(ms, name) -> str:
    if ms.empty:
        return f"{name} has no milestones of its own in this review."
    done = int((ms.status == "complete").sum())
    late = int((ms.status == "overdue").sum())
    return (f"{name} has completed {done} of {len(ms)} milestones and {late} {'is' if late == 1 else 'are'} "
            f"overdue; nationally {percent(ms.scotland_share.mean())} of authority milestones here are complete.")


def rates_summary(frame, name, what) -> str:
    own = frame[frame.area == name]
    if own.empty:
        return f"{name} has no {what} in this review."
    nat = frame[frame.area == "Scotland"].set_index(frame.columns[0])
    parts = []
    for r in own.itertuples():
        key = getattr(r, frame.columns[0])
        n = nat.rate.get(key) if "rate" in frame else nat.share.get(key)
        v = r.rate if "rate" in frame else r.share
        if _exact(v) and _exact(n):
            parts.append((key, float(v) - float(n)))
    if not parts:
        return f"{name}'s figures are too small to show."
    key, diff = max(parts, key=lambda p: abs(p[1]))
    word = "above" if diff >= 0 else "below"
    return (f"{plural(len(own), what[:-1] if what.endswith('s') else what)} shown; the largest difference from "
            f"Scotland is {key}: {abs(diff) * 100:.0f} percentage points {word}.")


def update_profile(review, code):
    """The profile's three panels for one review."""
    if not review or not code:
        raise PreventUpdate
    db, scope = current_db(), current_scope()
    day, _ = as_of()
    stamp = updated_stamp()
    params = {"review": review, "authority": code}
    try:
        reviews = profiles.authority_reviews(db, scope, code, as_of=day)
        ms = profiles.profile_milestones(db, scope, code, review, as_of=day)
        sv = profiles.profile_surveys(db, scope, code, review, as_of=day)
        th = profiles.profile_themes(db, scope, code, review, as_of=day)
    except NotFound:
        msg = "That authority or review is not available."
        out = [query_string(review=review)]
        for _ in PANELS:
            out += panel_values(msg, empty_figure(msg), pd.DataFrame(), stamp, "#")
        return out
    name = reviews.authority.iloc[0]
    people = sv
    out = [query_string(review=review)]
    out += panel_values(milestones_summary(ms, name), pf.milestones_chart(ms, name),
                        profile_milestones_table(db, scope, params, day), stamp,
                        download_href("profile-milestones", **params))
    out += panel_values(rates_summary(people, name, "surveys"),
                        pf.grouped_rates(people, "survey", "rate", target_col="target_rate",
                                         axis_title="Response rate"),
                        profile_surveys_table(db, scope, params, day), stamp, download_href("profile-surveys", **params))
    out += panel_values(rates_summary(th, name, "themes"),
                        pf.grouped_rates(th, "theme", "share", axis_title="Share of the area's coding"),
                        profile_themes_table(db, scope, params, day), stamp, download_href("profile-themes", **params))
    return out


def register(app) -> None:
    outputs = [Output("profile-url", "search")]
    for panel in PANELS:
        outputs += panel_outputs(panel)
    app.callback(outputs, Input("profile-review", "value"), State("profile-code", "data"))(update_profile)
