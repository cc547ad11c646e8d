"""Pure builders for the Surveys page: rates against target, cumulative responses, shortfalls, funnel."""
from __future__ import annotations

import pandas as pd

from dashboard.ui.figures import base_layout, empty_figure
from dashboard.ui.filters import axis_range
from dashboard.ui.format import percent, uk_date
from dashboard.ui.palette import DARK_BLUE, DARK_GREY, DARK_PINK, ORANGE, TURQUOISE, text_colour
from data_access.disclosure import is_suppressed, number

AT_TARGET = {"colour": DARK_BLUE, "symbol": "✓", "label": "✓ At or above target"}
BELOW_TARGET = {"colour": ORANGE, "symbol": "▼", "label": "▼ Below target"}




def _vline(x, colour, dash, label, y=1.0) -> tuple[dict, dict]:
    shape = {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
             "line": {"color": colour, "width": 2, "dash": dash}}
    note = {"x": x, "y": y, "xref": "x", "yref": "paper", "yanchor": "bottom", "showarrow": False, "text": label,
            "font": {"size": 12, "color": text_colour(colour)}, "bgcolor": "white"}
    return shape, note


def rates_bar(rates: pd.DataFrame, comparators: pd.DataFrame, target: float) -> dict:
    """Authorities sorted by response rate, a target line, and for each authority its family
    group's rate (a marker) and Scotland's (a dashed line). Below-target bars differ in colour,
    symbol and label."""
    national = comparators[comparators.national.astype(bool)]
    p0 = number(national.rate.iloc[0]) if not national.empty else None
    if rates.empty:
        if comparators.empty:
            return empty_figure("No survey responses to show")
        rows = comparators.iloc[::-1]
        fig = {"data": [{"type": "bar", "orientation": "h", "y": list(rows.area),
                         "x": [number(v) for v in rows.rate],
                         "text": [percent(v) for v in rows.rate], "textposition": "outside",
                         "marker": {"color": DARK_BLUE}, "name": "Response rate",
                         "hovertemplate": "%{y}: %{x:.0%}<extra></extra>"}]}
    else:
        fig = {"data": []}
        fg_rate = {int(g): number(r) for g, r in zip(comparators.family_group, comparators.rate) if g == g and g}
        names = list(rates.name)
        for style, mask in ((AT_TARGET, ~rates.below_target), (BELOW_TARGET, rates.below_target)):
            sub = rates[mask.astype(bool)]
            if sub.empty:
                continue
            fig["data"].append({
                "type": "bar", "orientation": "h", "name": style["label"], "y": list(sub.name),
                "x": [number(v) for v in sub.rate], "customdata": list(sub.gss_code),
                "text": [f"{style['symbol']} {percent(v, 1)}" for v in sub.rate], "textposition": "outside",
                "cliponaxis": False, "marker": {"color": style["colour"]},
                "hovertext": [f"<b>{n}</b><br>{percent(r)} of {e} eligible ({p} responses)<br>target "
                              f"{percent(target)}" for n, r, e, p in zip(sub.name, sub.rate, sub.eligible,
                                                                          sub.responses)],
                "hoverinfo": "text"})
        suppressed = rates[rates.rate.apply(is_suppressed)]
        if not suppressed.empty:
            fig["data"].append({"type": "scatter", "mode": "text", "name": "c: suppressed (small numbers)",
                                "y": list(suppressed.name), "x": [0.01] * len(suppressed),
                                "text": ["c"] * len(suppressed), "textposition": "middle right",
                                "hoverinfo": "skip"})
        if fg_rate:
            fig["data"].append({
                "type": "scatter", "mode": "markers", "name": "│ Family group rate", "y": names,
                "x": [fg_rate.get(int(g)) for g in rates.family_group],
                "marker": {"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": DARK_PINK}},
                "hovertext": [f"Family group {g}: {percent(fg_rate.get(int(g)))}" for g in rates.family_group],
                "hoverinfo": "text"})
        fig["_order"] = names
    shapes, notes = [], []
    s, n = _vline(target, DARK_GREY, "solid", f"Target {percent(target)}", 1.0)
    shapes.append(s), notes.append(n)
    if p0 is not None:
        s, n = _vline(p0, TURQUOISE, "dash", f"{national.area.iloc[0]} {percent(p0)}", 1.04)
        shapes.append(s), notes.append(n)
    order = fig.pop("_order", None)
    count = len(order) if order else len(comparators)
    fig["layout"] = base_layout(
        height=max(260, 24 * count + 140), barmode="overlay", shapes=shapes, annotations=notes,
        margin={"l": 10, "r": 60, "t": 50, "b": 90},
        xaxis={"tickformat": ".0%", "range": [0, 1.08], "title": {"text": "Response rate"}, "gridcolor": "#E5E5E5"},
        yaxis={"automargin": True, "autorange": "reversed", "fixedrange": True,
               **({"categoryorder": "array", "categoryarray": order} if order else {})},
        legend={"orientation": "h", "y": 0, "yref": "container", "yanchor": "bottom"},
    )
    return fig


def cumulative_line(daily: pd.DataFrame, target_responses, date_range=None, opens=None, closes=None) -> dict:
    """Cumulative responses day by day, with the responses the target needs and the survey window."""
    if daily.empty:
        return empty_figure("No responses yet (or too few to show)")
    area = daily.area.iloc[0]
    data = [{"type": "scatter", "mode": "lines+markers", "line": {"shape": "hv", "color": DARK_BLUE, "width": 3},
             "marker": {"size": 5}, "name": f"{area}: responses so far", "x": [d.isoformat() for d in daily.day],
             "y": [int(v) for v in daily.cumulative],
             "hovertemplate": "%{x|%-d %B %Y}: %{y:,} responses<extra></extra>"}]
    shapes, notes = [], []
    if target_responses:
        shapes.append({"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": target_responses,
                       "y1": target_responses, "line": {"color": DARK_GREY, "width": 2}})
        notes.append({"xref": "paper", "x": 0, "y": target_responses, "yanchor": "bottom", "xanchor": "left",
                      "showarrow": False, "text": f"Target: {int(target_responses):,} responses",
                      "font": {"size": 12}})
    if opens and closes:
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": opens.isoformat(),
                       "x1": closes.isoformat(), "y0": 0, "y1": 1, "fillcolor": "#E8F1F8", "line": {"width": 0},
                       "layer": "below"})
        notes.append({"x": opens.isoformat(), "y": 1, "xref": "x", "yref": "paper", "xanchor": "left",
                      "yanchor": "bottom", "showarrow": False, "font": {"size": 12},
                      "text": f"Open {uk_date(opens)} to {uk_date(closes)}"})
    xaxis = {"type": "date", "tickformat": "%-d %b", "gridcolor": "#E5E5E5"}
    span = axis_range(date_range, list(daily.day) + [opens, closes])
    if span:
        xaxis["range"] = span
    top = max(int(daily.cumulative.max()), int(target_responses or 0))
    return {"data": data, "layout": base_layout(
        height=380, shapes=shapes, annotations=notes, margin={"l": 60, "r": 20, "t": 30, "b": 40},
        xaxis=xaxis, yaxis={"title": {"text": "Responses (cumulative)"}, "range": [0, top * 1.1],
                            "gridcolor": "#E5E5E5", "tickformat": ","},
        showlegend=False)}


def shortfall_bar(rates: pd.DataFrame) -> dict:
    """Authorities below target, by the responses each still needs to reach it."""
    below = rates[rates.below_target.astype(bool) & ~rates.needed.apply(is_suppressed)]
    below = below[below.needed.astype(float) > 0].sort_values("needed", ascending=False)
    if below.empty:
        return empty_figure("Every authority shown has reached the target")
    return {"data": [{
        "type": "bar", "orientation": "h", "y": list(below.name), "x": [int(v) for v in below.needed],
        "customdata": list(below.gss_code), "text": [f"▼ {int(v):,} more" for v in below.needed],
        "textposition": "outside", "cliponaxis": False, "marker": {"color": ORANGE},
        "hovertext": [f"<b>{n}</b><br>{int(v):,} more responses needed<br>now {percent(r)}"
                      for n, v, r in zip(below.name, below.needed, below.rate)], "hoverinfo": "text",
    }], "layout": base_layout(
        height=max(220, 26 * len(below) + 100), margin={"l": 10, "r": 70, "t": 10, "b": 40},
        xaxis={"title": {"text": "Responses still needed to reach the target"}, "gridcolor": "#E5E5E5"},
        yaxis={"automargin": True, "autorange": "reversed", "fixedrange": True})}


def funnel_plot(rates: pd.DataFrame, limits: pd.DataFrame, p0: float | None, positions: list[str],
                national_label: str = "Scotland") -> dict:
    """Rate against eligible population, with 95% and 99.8% limits around the national rate."""
    if limits.empty or p0 is None:
        return empty_figure("Not enough data for a funnel plot")
    xs = list(limits.eligible)
    data = []
    for label, dash in (("99.8%", "solid"), ("95%", "dash")):
        for side in ("lower", "upper"):
            data.append({"type": "scatter", "mode": "lines", "x": xs, "y": list(limits[f"{side} {label}"]),
                         "line": {"color": DARK_GREY, "dash": dash, "width": 1.5},
                         "name": f"{label} control limits", "legendgroup": label, "showlegend": side == "lower",
                         "hoverinfo": "skip"})
    data.append({"type": "scatter", "mode": "lines", "x": [xs[0], xs[-1]], "y": [p0, p0],
                 "line": {"color": TURQUOISE, "width": 2}, "name": f"{national_label} {percent(p0)}",
                 "hoverinfo": "skip"})
    shown = rates.assign(position=positions)
    shown = shown[shown.position != "not shown"]
    marks = {"within the limits": ("circle", DARK_BLUE, "● Within the limits"),
             "below the 95% limit": ("triangle-down", ORANGE, "▼ Below the 95% limit"),
             "below the 99.8% limit": ("star-triangle-down", DARK_PINK, "▼▼ Below the 99.8% limit"),
             "above the 95% limit": ("triangle-up", TURQUOISE, "▲ Above the 95% limit"),
             "above the 99.8% limit": ("star-triangle-up", DARK_BLUE, "▲▲ Above the 99.8% limit")}
    for pos, (symbol, colour, label) in marks.items():
        sub = shown[shown.position == pos]
        if sub.empty:
            continue
        data.append({"type": "scatter", "mode": "markers", "name": label, "x": [float(v) for v in sub.eligible],
                     "y": [float(v) for v in sub.rate], "customdata": list(sub.gss_code),
                     "marker": {"symbol": symbol, "size": 12, "color": colour, "line": {"color": "white", "width": 1}},
                     "hovertext": [f"<b>{n}</b><br>{percent(r)} of {int(e):,} eligible<br>{pos}"
                                   for n, r, e in zip(sub.name, sub.rate, sub.eligible)], "hoverinfo": "text"})
    return {"data": data, "layout": base_layout(
        height=480, margin={"l": 60, "r": 20, "t": 10, "b": 130},
        xaxis={"type": "log", "title": {"text": "Eligible population (log scale)"}, "gridcolor": "#E5E5E5",
               "tickvals": [v for v in (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
                            if xs[0] / 2 <= v <= xs[-1] * 2], "minor": {"showgrid": False}},
        yaxis={"tickformat": ".0%", "range": [0, 1], "title": {"text": "Response rate"}, "gridcolor": "#E5E5E5"},
        legend={"orientation": "h", "y": 0, "yref": "container", "yanchor": "bottom"})}
