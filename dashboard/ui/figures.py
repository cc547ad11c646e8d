"""Figure pieces every page shares: the base layout and the empty figure with a message."""
from __future__ import annotations

from .palette import FONT

BASE_LAYOUT = {
    "font": {"family": FONT, "size": 14, "color": "#0b0c0c"},
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    "hoverlabel": {"font": {"family": FONT, "size": 14}},
}


def base_layout(**extra) -> dict:
    out = dict(BASE_LAYOUT)
    out.update(extra)
    return out


def empty_figure(message: str, height: int = 300) -> dict:
    return {"data": [], "layout": base_layout(
        height=height, xaxis={"visible": False}, yaxis={"visible": False},
        annotations=[{"text": message, "showarrow": False, "font": {"size": 16}, "xref": "paper", "yref": "paper",
                      "x": 0.5, "y": 0.5}])}
