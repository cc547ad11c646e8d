"""Pure builders for an authority's profile: the authority beside its family group and Scotland."""
from __future__ import annotations

import pandas as pd

from dashboard.ui.figures import base_layout, empty_figure
from dashboard.ui.format import percent, uk_date
from dashboard.ui.palette import DARK_BLUE, DARK_GREY, DARK_PINK, LIGHT_PURPLE, STATUS_STYLE, TURQUOISE
from data_access.disclosure import number

AREA_COLOURS = [DARK_BLUE, TURQUOISE, LIGHT_PURPLE]
AREA_PATTERNS = ["", "/", "."]




def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def milestones_chart(frame: pd.DataFrame, authority: str) -> dict:
    """Per milestone: share of the family group and of Scotland complete (bars), and the authority's
    own status written beside them with its symbol."""
    if frame.empty:
        return empty_figure("This authority has no milestones of its own in this review")
    labels = [_short(m) for m in frame.milestone]
    data = []
    comparators = [("fg_share", f"Family group {int(frame.family_group.iloc[0])}: share complete", 1),
                   ("scotland_share", "Scotland: share complete", 2)]
    for col, name, i in comparators:
        if col not in frame:
            continue
        data.append({"type": "bar", "orientation": "h", "name": name, "y": labels, "x": list(frame[col]),
                     "marker": {"color": AREA_COLOURS[i], "pattern": {"shape": AREA_PATTERNS[i], "fgcolor": "white",
                                                                      "fillmode": "overlay"}},
                     "text": [percent(v) for v in frame[col]], "textposition": "inside",
                     "hovertemplate": "%{y}<br>" + name + ": %{x:.0%}<extra></extra>"})
    statuses = list(frame.status)
    data.append({"type": "scatter", "mode": "markers+text", "name": f"{authority}: own status", "y": labels,
                 "x": [1.02] * len(frame),
                 "text": [f"{STATUS_STYLE[s]['symbol']} {s}" + (f", {int(d)} days late" if d else "")
                          for s, d in zip(statuses, frame.days_late)],
                 "textposition": "middle right", "cliponaxis": False,
                 "marker": {"symbol": [STATUS_STYLE[s]["marker"] for s in statuses], "size": 14,
                            "color": [STATUS_STYLE[s]["colour"] for s in statuses], "line": {"width": 2}},
                 "hovertext": [f"<b>{authority}</b><br>{m}<br>{s}; due {uk_date(d)}"
                               + (f", done {uk_date(c)}" if c is not None and c == c else "")
                               for m, s, d, c in zip(frame.milestone, statuses, frame.due_date, frame.completed_on)],
                 "hoverinfo": "text"})
    return {"data": data, "layout": base_layout(
        barmode="group", height=max(260, 70 * len(frame) + 120), margin={"l": 10, "r": 190, "t": 10, "b": 90},
        xaxis={"range": [0, 1.05], "tickformat": ".0%", "gridcolor": "#E5E5E5",
               "title": {"text": "Share of authorities complete"}},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        legend={"orientation": "h", "y": 0, "yref": "container", "yanchor": "bottom"})}


def grouped_rates(frame: pd.DataFrame, label_col: str, value_col: str, *, target_col: str | None = None,
                  axis_title: str = "") -> dict:
    """One group of bars per survey or theme: the authority, its family group, Scotland."""
    if frame.empty:
        return empty_figure("Nothing to show for this authority in this review")
    labels = list(dict.fromkeys(frame[label_col]))
    areas = list(dict.fromkeys(frame.area))
    data = []
    for i, area in enumerate(areas):
        sub = frame[frame.area == area].set_index(label_col)
        vals = [sub[value_col].get(lab) for lab in labels]
        data.append({"type": "bar", "orientation": "h", "name": area, "y": [_short(x, 40) for x in labels],
                     "x": [number(v) for v in vals], "text": [percent(v) for v in vals], "textposition": "outside",
                     "cliponaxis": False,
                     "marker": {"color": AREA_COLOURS[i % 3], "pattern": {"shape": AREA_PATTERNS[i % 3],
                                                                         "fgcolor": "white", "fillmode": "overlay"}},
                     "hovertemplate": "%{y}<br>" + area + ": %{x:.1%}<extra></extra>"})
    if target_col:
        targets = frame.drop_duplicates(label_col).set_index(label_col)[target_col]
        data.append({"type": "scatter", "mode": "markers", "name": "│ Target", "y": [_short(x, 40) for x in labels],
                     "x": [float(targets[lab]) for lab in labels],
                     "marker": {"symbol": "line-ns", "size": 30, "line": {"width": 3, "color": DARK_PINK}},
                     "hovertemplate": "%{y}<br>Target %{x:.0%}<extra></extra>"})
    top = max([v for d in data for v in d["x"] if v is not None] or [1])
    return {"data": data, "layout": base_layout(
        barmode="group", height=max(240, (28 * len(areas) + 24) * len(labels) + 120),
        margin={"l": 10, "r": 40, "t": 10, "b": 90},
        xaxis={"range": [0, min(1.0, top * 1.25) if top < 0.8 else 1.08], "tickformat": ".0%",
               "gridcolor": "#E5E5E5", "title": {"text": axis_title}},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        legend={"orientation": "h", "y": 0, "yref": "container", "yanchor": "bottom", "traceorder": "normal"},
        font={"color": DARK_GREY, "size": 14, "family": "Arial, Helvetica, sans-serif"})}
