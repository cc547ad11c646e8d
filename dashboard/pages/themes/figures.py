"""Pure builders for the Themes page: strengths against areas for improvement, matrices, saturation."""
from __future__ import annotations

import pandas as pd

from dashboard.ui.figures import base_layout, empty_figure
from dashboard.ui.format import number as format_number
from dashboard.ui.palette import DARK_BLUE, DARK_GREY, ORANGE, TURQUOISE, text_on
from data_access.disclosure import number

STRENGTH = {"colour": DARK_BLUE, "label": "▶ Strengths"}
IMPROVEMENT = {"colour": ORANGE, "label": "◀ Areas for improvement"}
SEQUENTIAL = [[0, "#F2F6FA"], [0.5, "#6C9AC3"], [1, "#12436D"]]




def _wrap(text: str, width: int = 34) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width and line:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


def frequency_bars(freq: pd.DataFrame, clickable: bool = True) -> dict:
    """Diverging bars: strengths to the right, areas for improvement to the left, largest theme first.
    `customdata` carries the theme code so a click can drill into its sub-themes."""
    if freq.empty:
        return empty_figure("No themes coded yet")
    labels = [_wrap(t) for t in freq.theme]
    data = []
    for style, col, sign in ((IMPROVEMENT, "improvements", -1), (STRENGTH, "strengths", 1)):
        vals = [number(v) for v in freq[col]]
        data.append({
            "type": "bar", "orientation": "h", "name": style["label"], "y": labels,
            "x": [sign * v if v is not None else 0 for v in vals], "customdata": list(freq.code),
            "text": [f"{int(v):,}" if v is not None else "c" for v in vals], "textposition": "outside",
            "cliponaxis": False, "marker": {"color": style["colour"]},
            "hovertext": [f"<b>{t}</b><br>{style['label'][2:]}: {int(v) if v is not None else 'c'}"
                          + ("<br>Click to see its sub-themes" if clickable else "")
                          for t, v in zip(freq.theme, vals)], "hoverinfo": "text"})
    top = max([abs(x) for d in data for x in d["x"]] or [1]) * 1.25
    return {"data": data, "layout": base_layout(
        barmode="relative", height=max(260, 58 * len(freq) + 110), margin={"l": 10, "r": 30, "t": 30, "b": 60},
        xaxis={"range": [-top, top], "title": {"text": "◀ areas for improvement | strengths ▶ (times coded)"},
               "tickformat": ",", "gridcolor": "#E5E5E5", "zeroline": True, "zerolinecolor": DARK_GREY},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )}


def matrix(frame: pd.DataFrame, row: str, col: str, value: str, *, text_format=None, col_order=None,
           row_order=None, customdata_col: str | None = None, title: str = "", height_per_row: int = 30,
           share: bool = False) -> dict:
    """A heatmap with the number written in every cell ("c" where suppressed)."""
    if frame.empty:
        return empty_figure("Nothing to show for this role or these filters")
    rows = row_order or list(dict.fromkeys(frame[row]))
    cols = col_order or list(dict.fromkeys(frame[col]))
    grid = {(r, c): v for r, c, v in zip(frame[row], frame[col], frame[value])}
    z = [[number(grid.get((r, c))) for c in cols] for r in rows]
    fmt = text_format or format_number
    text = [[fmt(grid.get((r, c))) for c in cols] for r in rows]
    trace = {"type": "heatmap", "z": z, "x": [_wrap(str(c), 18) for c in cols], "y": [_wrap(str(r), 40) for r in rows],
             "text": text, "texttemplate": "%{text}", "colorscale": SEQUENTIAL, "xgap": 2, "ygap": 2,
             "hovertemplate": "%{y}<br>%{x}: %{text}<extra></extra>",
             "colorbar": {"title": {"text": title}, "thickness": 12, **({"tickformat": ".0%"} if share else {})}}
    if customdata_col:
        codes = dict(zip(frame[col], frame[customdata_col]))
        trace["customdata"] = [[codes.get(c) for c in cols] for _ in rows]
    return {"data": [trace], "layout": base_layout(
        height=max(260, height_per_row * len(rows) + 160), margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"side": "top", "tickangle": -45 if len(cols) > 8 else (-30 if len(cols) > 3 else 0),
               "fixedrange": True, "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
    )}


def saturation_chart(weekly: pd.DataFrame) -> dict:
    """New codes per week as bars (sub-themes and theme x authority x source combinations), and
    the tallies coded each week as a line: new codes falling to zero means saturation."""
    if weekly.empty:
        return empty_figure("No themes coded yet")
    x = [w.isoformat() for w in weekly.week]
    data = [
        {"type": "bar", "name": "New combinations of sub-theme, authority and source", "x": x,
         "y": [int(v) for v in weekly.new_combinations], "marker": {"color": TURQUOISE},
         "text": [str(int(v)) for v in weekly.new_combinations], "textposition": "outside",
         "hovertemplate": "Week of %{x|%-d %B %Y}: %{y} new combinations<extra></extra>"},
        {"type": "bar", "name": "Sub-themes coded for the first time", "x": x, "y": [int(v) for v in weekly.new_codes],
         "marker": {"color": DARK_BLUE, "pattern": {"shape": "/", "fgcolor": "white", "fillmode": "overlay"}},
         "hovertemplate": "Week of %{x|%-d %B %Y}: %{y} new sub-themes<extra></extra>"},
        {"type": "scatter", "mode": "lines+markers", "name": "Times coded that week (right axis)", "x": x,
         "y": [number(v) for v in weekly.tallies], "yaxis": "y2", "line": {"color": ORANGE, "width": 2, "dash": "dot"},
         "marker": {"symbol": "diamond", "size": 8},
         "hovertemplate": "Week of %{x|%-d %B %Y}: %{y:,} times coded<extra></extra>"},
    ]
    return {"data": data, "layout": base_layout(
        height=400, barmode="group", margin={"l": 60, "r": 60, "t": 20, "b": 40},
        xaxis={"type": "date", "tickformat": "%-d %b"},
        yaxis={"title": {"text": "New codes"}, "gridcolor": "#E5E5E5", "rangemode": "tozero"},
        yaxis2={"title": {"text": "Times coded"}, "overlaying": "y", "side": "right", "rangemode": "tozero",
                "showgrid": False},
        legend={"orientation": "h", "y": 0, "yref": "container", "yanchor": "bottom"},
    )}


def questions_bars(frame: pd.DataFrame) -> dict:
    """Themes grouped under the review question or quality indicator they answer."""
    if frame.empty:
        return empty_figure("No review questions recorded")
    frame = frame.sort_values(["question", "theme"])
    labels = [f"<b>{q}</b> · {_wrap(t, 36)}" for q, t in zip(frame.question, frame.theme)]
    data = []
    for style, col in ((STRENGTH, "strengths"), (IMPROVEMENT, "improvements")):
        vals = [number(v) for v in frame[col]]
        data.append({"type": "bar", "orientation": "h", "name": style["label"][2:], "y": labels,
                     "x": [v or 0 for v in vals], "text": [f"{int(v):,}" if v is not None else "c" for v in vals],
                     "textposition": "inside", "insidetextfont": {"color": text_on(style["colour"])},
                     "marker": {"color": style["colour"],
                     **({"pattern": {"shape": ".", "fgcolor": "white", "fillmode": "overlay"}}
                        if col == "improvements" else {})},
                     "hovertext": [f"<b>{q}</b>: {_wrap(txt or '', 60)}<br>{t}<br>{style['label'][2:]}: "
                                   f"{int(v) if v is not None else 'c'}" for q, txt, t, v in
                                   zip(frame.question, frame.text, frame.theme, vals)], "hoverinfo": "text"})
    return {"data": data, "layout": base_layout(
        barmode="stack", height=max(260, 50 * len(frame) + 120), margin={"l": 10, "r": 20, "t": 40, "b": 30},
        xaxis={"tickformat": ",", "gridcolor": "#E5E5E5"},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
    )}
