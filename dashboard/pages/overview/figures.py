"""Pure builders for the Overview page: the tile map, the status matrix, national counts, headline figures."""
from __future__ import annotations

import pandas as pd

from dashboard.ui.figures import base_layout, empty_figure
from dashboard.ui.format import uk_date
from dashboard.ui.palette import PROGRESS_STYLE, STATUS_ORDER, STATUS_STYLE
from data_access.reference import AUTHORITIES, SHORT_NAMES


def progress_category(row) -> str:
    if row["milestones"] == 0:
        return "not taking part"
    if row["overdue"] > 0:
        return "overdue"
    if row["complete"] == row["milestones"]:
        return "complete"
    return "on track"


def tile_map(progress: pd.DataFrame, height: int = 560, *, name_others: bool = True) -> dict:
    """All 32 authorities as square tiles laid out like Scotland, coloured and marked by progress.

    Authorities not taking part are drawn too, pale, so every area is visible and selectable.
    `customdata` carries the GSS code so a click can open the authority's profile. With
    `name_others=False` (a co-ordinator) only the authorities in `progress` carry a label, a
    code or a tooltip; the rest of the country is an unlabelled outline.
    """
    by_code = progress.set_index("gss_code") if not progress.empty else pd.DataFrame()
    groups: dict[str, dict[str, list]] = {}
    for a in AUTHORITIES:
        named = name_others or a.gss_code in by_code.index
        if a.gss_code in by_code.index:
            row = by_code.loc[a.gss_code]
            cat = progress_category(row)
            detail = (f"{int(row['complete'])} of {int(row['milestones'])} milestones complete"
                      f"<br>{int(row['overdue'])} overdue")
        else:
            cat, detail = "not taking part", "Not taking part in this review"
        style = PROGRESS_STYLE[cat]
        key = cat if named else "outline"
        g = groups.setdefault(key, {"x": [], "y": [], "text": [], "hover": [], "code": []})
        g["x"].append(a.tile_col)
        g["y"].append(-a.tile_row)
        if named:
            label = SHORT_NAMES[a.gss_code]
            g["text"].append(f"{label}<br>{style['symbol']}" if style["symbol"] else label)
            g["hover"].append(f"<b>{a.name}</b><br>{style['label']}<br>{detail}")
            g["code"].append(a.gss_code)
    traces = []
    for cat in ("overdue", "on track", "complete", "not taking part", "outline"):
        if cat not in groups:
            continue
        g = groups[cat]
        if cat == "outline":
            traces.append({"type": "scatter", "mode": "markers", "name": "Other authorities", "x": g["x"],
                           "y": g["y"], "hoverinfo": "skip", "showlegend": False,
                           "marker": {"symbol": "square", "size": 54, "color": "#F2F2F2",
                                      "line": {"color": "#B1B4B6", "width": 1}}})
            continue
        style = PROGRESS_STYLE[cat]
        dark = cat != "not taking part"
        traces.append({
            "type": "scatter", "mode": "markers+text", "name": style["label"],
            "x": g["x"], "y": g["y"], "text": g["text"], "customdata": g["code"],
            "hovertext": g["hover"], "hoverinfo": "text",
            "textfont": {"color": "white" if dark else "#3D3D3D", "size": 12},
            "marker": {"symbol": "square", "size": 54, "color": style["colour"],
                       "line": {"color": "#3D3D3D" if not dark else "white", "width": 1}},
        })
    return {"data": traces, "layout": base_layout(
        height=height, showlegend=True,
        legend={"orientation": "h", "y": -0.02, "x": 0, "yanchor": "top"},
        xaxis={"visible": False, "range": [-0.7, 6.7], "fixedrange": True},
        yaxis={"visible": False, "range": [-8.7, 0.7], "fixedrange": True, "scaleanchor": "x"},
        margin={"l": 0, "r": 0, "t": 0, "b": 40}, dragmode=False,
    )}


def wrap_label(text: str, width: int = 16, lines: int = 4) -> str:
    """Break a long axis label over a few short lines so it is read whole, not cut."""
    words, out, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(".,;:") + "…"
    return "<br>".join(out)


def status_matrix(status: pd.DataFrame) -> dict:
    """Authority x milestone heatmap; each cell carries a status symbol as well as a colour."""
    if status.empty:
        return empty_figure("No per-authority milestones for this review")
    codes = {s: i for i, s in enumerate(STATUS_ORDER)}
    milestones = status.drop_duplicates("milestone_code").sort_values("seq")
    authorities = sorted(status["name"].unique(), reverse=True)
    columns = list(milestones["milestone_code"])
    names = dict(zip(milestones.milestone_code, milestones.milestone))
    code_of = dict(zip(status["name"], status["gss_code"]))
    # Plain lists filled through index look-ups: a cell at a time through DataFrame.loc is slow.
    row_of = {a: i for i, a in enumerate(authorities)}
    col_of = {c: j for j, c in enumerate(columns)}
    z = [[None] * len(columns) for _ in authorities]
    text = [[""] * len(columns) for _ in authorities]
    hover = [[""] * len(columns) for _ in authorities]
    for r in status.itertuples():
        i, j = row_of[r.name], col_of[r.milestone_code]
        z[i][j] = codes[r.status]
        text[i][j] = STATUS_STYLE[r.status]["symbol"]
        when = f"done {uk_date(r.completed_on)}" if r.completed_on else f"due {uk_date(r.due_date)}"
        hover[i][j] = f"<b>{r.name}</b><br>{names[r.milestone_code]}<br>{r.status}, {when}"
    n = len(STATUS_ORDER)
    scale = []
    for i, s in enumerate(STATUS_ORDER):
        scale += [[i / n, STATUS_STYLE[s]["colour"]], [(i + 1) / n, STATUS_STYLE[s]["colour"]]]
    height = max(260, 26 * len(authorities) + 140)
    labels = [wrap_label(names[c]) for c in columns]
    return {"data": [{
        "type": "heatmap", "z": z, "x": labels, "y": authorities,
        "text": text, "texttemplate": "%{text}", "textfont": {"size": 14, "color": "white"},
        "customdata": [[code_of[a]] * len(columns) for a in authorities],
        "hovertext": hover, "hoverinfo": "text", "colorscale": scale, "zmin": -0.5,
        "zmax": n - 0.5, "showscale": False, "xgap": 2, "ygap": 2,
    }], "layout": base_layout(
        height=height + 60, margin={"l": 170, "r": 10, "t": 125, "b": 40},
        annotations=[{"text": "   ".join(f"{STATUS_STYLE[s]['symbol']} {s}" for s in STATUS_ORDER),
                      "showarrow": False, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -30,
                      "xanchor": "left", "font": {"size": 13}}],
        xaxis={"side": "top", "tickangle": 0, "fixedrange": True, "tickfont": {"size": 12}},
        yaxis={"fixedrange": True, "automargin": True},
    )}


def status_counts_bar(counts: pd.DataFrame) -> dict:
    """National counts of authorities by status on each milestone: no authority named."""
    if counts.empty:
        return empty_figure("No per-authority milestones for this review")
    order = counts.drop_duplicates("milestone_code").sort_values("seq")
    traces = []
    for s in STATUS_ORDER:
        sub = counts[counts.status == s].groupby("milestone_code")["authorities"].sum()
        y = [int(sub.get(c, 0)) for c in order.milestone_code]
        traces.append({"type": "bar", "orientation": "h", "name": f"{STATUS_STYLE[s]['symbol']} {s}",
                       "y": list(order.milestone), "x": y, "marker": {"color": STATUS_STYLE[s]["colour"],
                       "line": {"color": "#3D3D3D", "width": 1}}, "text": [v or "" for v in y],
                       "textposition": "inside", "hovertemplate": "%{y}: %{x} authorities<extra>" + s + "</extra>"})
    return {"data": traces, "layout": base_layout(
        barmode="stack", height=max(260, 50 * len(order) + 120), margin={"l": 260, "r": 10, "t": 10, "b": 60},
        yaxis={"autorange": "reversed", "automargin": True}, xaxis={"title": {"text": "Authorities"}},
        legend={"orientation": "h", "y": -0.15},
    )}
