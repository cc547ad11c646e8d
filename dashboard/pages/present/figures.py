"""Presenter figures: other pages' charts made legible on a projector, and the few charts only slides need."""
from __future__ import annotations

import copy

import pandas as pd

from dashboard.ui.figures import base_layout
from dashboard.ui.palette import DARK_BLUE, DARK_PINK
from data_access.disclosure import exact

MIN_FONT = 24  # px at 1920x1080: the smallest text a slide may carry, chart notes included
SLIDE_FONT = 26


def _enlarge_fonts(node) -> None:
    """Every font in a figure (layout, axes, legend, annotations, shape labels, trace text) at least MIN_FONT."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict) and (key.endswith("font") or key == "font"):
                size = value.get("size")
                value["size"] = max(MIN_FONT, int(size)) if isinstance(size, (int, float)) else SLIDE_FONT
            _enlarge_fonts(value)
    elif isinstance(node, list):
        for item in node:
            _enlarge_fonts(item)


def large(figure: dict) -> dict:
    """The same figure with type and margins for a projector; it fills the slide's chart box."""
    fig = copy.deepcopy(figure)
    layout = fig.setdefault("layout", {})
    layout["font"] = {**(layout.get("font") or {}), "size": SLIDE_FONT}
    layout.pop("height", None)
    layout["autosize"] = True
    for key in list(layout):
        if key.startswith(("xaxis", "yaxis")) and isinstance(layout[key], dict):
            axis = dict(layout[key])
            axis["automargin"] = True  # room for the larger tick labels and titles
            if isinstance(axis.get("title"), dict):
                axis["title"] = {**axis["title"], "standoff": 16}
            layout[key] = axis
    legend = dict(layout.get("legend") or {})
    if legend.get("orientation") == "h":
        legend["y"] = min(float(legend.get("y", -0.1)), -0.2)  # clear of the axis title at this size
        layout["legend"] = legend
    for annotation in layout.get("annotations") or []:
        annotation.setdefault("font", {})
    for trace in fig.get("data") or []:
        if trace.get("text") is not None and trace.get("type") == "bar":
            trace.setdefault("textfont", {})
            trace["constraintext"] = "none"  # plotly would otherwise shrink a bar's label to fit inside it
    _enlarge_fonts(fig)
    return fig


def ranked_bars(frame: pd.DataFrame, value: str, label: str, strength: bool) -> dict:
    """The themes most often coded one way, longest bar at the top, each bar labelled with its count."""
    shown = frame[frame[value].apply(exact)].copy()
    shown[value] = shown[value].astype(int)
    shown = shown.iloc[::-1]
    colour = DARK_BLUE if strength else DARK_PINK
    return {"data": [{
        "type": "bar", "orientation": "h", "x": shown[value].tolist(), "y": shown.theme.tolist(),
        "marker": {"color": colour}, "text": [f"{v:,}" for v in shown[value]], "textposition": "outside",
        "cliponaxis": False, "hovertemplate": "%{y}: %{x:,} times<extra></extra>", "name": label,
    }], "layout": base_layout(
        xaxis={"title": {"text": label}, "rangemode": "tozero", "showgrid": True, "gridcolor": "#E6E6E6"},
        yaxis={"automargin": True}, showlegend=False, margin={"l": 10, "r": 80, "t": 10, "b": 10},
    )}
