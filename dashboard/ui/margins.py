"""Room for a chart's labels, reserved before the browser draws it.

An axis with `automargin` widens the chart's margins to fit its tick labels, but plotly.js can only
find the width it needs by drawing the chart, and then draws it a second time with the new margins:
a page of heat maps spends about a third of its drawing time on those second passes. Here the labels'
widths are estimated from Arial's character widths (what "Arial, Helvetica, sans-serif" draws with,
or a font with the same metrics), a little generously, and the margins set to them. Automargin stays
on, so a label wider than the estimate still gets its room, at the old cost of a second pass.
"""
from __future__ import annotations

import math
import re

# Advance widths in Arial, in ems; a character not listed is taken as wide as "W" is not (0.6).
_WIDTHS = {**dict.fromkeys("ijl|'", 0.23), **dict.fromkeys(" ft.,:;!I[]()/-", 0.3), "r": 0.34,
           **dict.fromkeys("0123456789abcdeghknopqsuvxyz$#_?", 0.56), **dict.fromkeys("JcksvxyzL", 0.52),
           "m": 0.84, "w": 0.73, "M": 0.84, "W": 0.95, "%": 0.89, "&": 0.67, "@": 1.02,
           **dict.fromkeys("ABCDEFGHKNOPQRSTUVXYZ", 0.72)}
_SLACK = 1.03  # a little more than the estimate: font hinting and bold tick labels differ
_AXIS = re.compile(r"^([xy])axis(\d*)$")
_TAGS = re.compile(r"<(?!br)[^>]*>")
_PAD = 14  # tick length and padding between the labels and the plot area, and from the edge


def text_width(text: str, size: float) -> float:
    """The drawn width in pixels of one line of text at `size` px."""
    return sum(_WIDTHS.get(ch, 0.6) for ch in _TAGS.sub("", text)) * size * _SLACK


def _lines(label) -> list[str]:
    return re.split(r"<br\s*/?>", str(label))


def _axis_labels(data: list[dict], letter: str, ref: str, axis: dict) -> list[str] | None:
    """The category labels an axis shows, or None when they are numbers or dates (not known here)."""
    if axis.get("ticktext"):
        return [str(t) for t in axis["ticktext"]]
    if axis.get("type") not in (None, "category", "-"):
        return None
    labels = []
    for trace in data:
        if (trace.get(f"{letter}axis") or letter) != ref:
            continue
        values = trace.get(letter)
        if not isinstance(values, (list, tuple)):
            continue
        if any(not isinstance(v, str) for v in values):
            return None  # numbers or dates: plotly chooses the ticks
        labels += values
    return labels or None


def _axis_room(layout: dict, letter: str, axis: dict, labels: list[str]) -> tuple[str, float]:
    """Which margin the axis's labels and title push, and how far from the edge of the chart."""
    font = (layout.get("font") or {}).get("size", 12)
    size = (axis.get("tickfont") or {}).get("size", font)
    width = max((text_width(line, size) for label in labels for line in _lines(label)), default=0)
    height = max((len(_lines(label)) for label in labels), default=1) * size * 1.45
    angle = axis.get("tickangle")
    angle = math.radians(abs(angle)) if isinstance(angle, (int, float)) else 0.0
    if letter == "y":
        extent = width * math.cos(angle) + height * math.sin(angle)
    else:
        extent = height * math.cos(angle) + width * math.sin(angle)
    title = axis.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if text:
        extent += (((title.get("font") or {}).get("size") if isinstance(title, dict) else None) or font) * 1.5 + 6
    side = axis.get("side") or ("left" if letter == "y" else "bottom")
    return side[0], extent + _PAD


def _colorbar_room(layout: dict, trace: dict) -> float:
    """The right margin a trace's colour bar takes: the bar, its numbers and its title."""
    font = (layout.get("font") or {}).get("size", 12)
    bar = trace.get("colorbar") or {}
    values = [v for row in trace.get("z") or [] for v in (row if isinstance(row, (list, tuple)) else [row])
              if isinstance(v, (int, float)) and v == v]
    if bar.get("tickformat") == ".0%":
        widest = "100%"
    else:
        widest = f"{max((abs(v) for v in values), default=0):,.0f}"
    ticks = text_width(widest, font)
    title = bar.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    heading = text_width(str(text), font) if text else 0
    # The bar stands a fiftieth of the plot's width beyond it (about 20 px on a page's chart).
    return max(bar.get("thickness", 30) + ticks + 16, heading) + 2 * bar.get("xpad", 10) + 40


_LEGEND_WIDTH = 800  # the width a horizontal legend wraps at, about a chart's on a laptop


def _in_legend(trace: dict) -> bool:
    """Whether plotly lists the trace in the legend: a named trace not hidden from it (a heat map only
    when asked)."""
    asked = trace.get("showlegend")
    return bool(trace.get("name")) and asked is not False and (asked or trace.get("type") != "heatmap")


def _legend_height(layout: dict, data: list[dict]) -> float:
    """The height of a horizontal legend: its items in rows as wide as a typical chart."""
    font = ((layout.get("legend") or {}).get("font") or {}).get("size") or (layout.get("font") or {}).get("size", 12)
    shown = [t for t in data if _in_legend(t)]
    groups = {t.get("legendgroup") or id(t): t["name"] for t in shown}
    if not groups or layout.get("showlegend") is False:
        return 0.0
    rows, used = 1, 0.0
    for name in groups.values():
        item = 40 + text_width(str(name), font)
        if used and used + item > _LEGEND_WIDTH:
            rows, used = rows + 1, 0.0
        used += item
    return rows * font * 1.6 + 12


def _legend_room(layout: dict, data: list[dict], need: dict[str, float]) -> None:
    """Room for a horizontal legend above or below the plot, beside what the axis labels take."""
    legend = layout.get("legend") or {}
    if legend.get("orientation") != "h":
        return
    height = _legend_height(layout, data)
    if not height:
        return
    y = legend.get("y", -0.1)
    if not isinstance(y, (int, float)):
        return
    if legend.get("yref") == "container":
        if y <= 0.1:
            need["b"] = need.get("b", 0) + height + 18
        return
    if y >= 1:
        need["t"] = max(need.get("t", 0), height + 16)
    elif y < 0 and legend.get("yanchor", "top") == "top":
        plot = (layout.get("height") or 420) * 0.5
        need["b"] = need.get("b", _PAD) + height + abs(y) * plot


def reserve_margins(figure: dict) -> dict:
    """The figure with margins wide enough for its category labels, axis titles and colour bars (never
    narrower than it asked for); a figure with nothing to estimate is returned as it is."""
    layout = figure.get("layout")
    data = figure.get("data") or []
    if not isinstance(layout, dict) or not data:
        return figure
    margin = dict(layout.get("margin") or {})
    need: dict[str, float] = {}
    for key, axis in layout.items():
        match = _AXIS.match(key)
        if not match or not isinstance(axis, dict) or not axis.get("automargin") or axis.get("visible") is False:
            continue
        letter = match.group(1)
        labels = _axis_labels(data, letter, letter + match.group(2), axis)
        if labels is None:
            if letter == "y":
                continue  # numbers on a vertical axis: their width is plotly's to find
            labels = ["0"]  # numbers or dates under the chart: one line high, whatever they say
        side, room = _axis_room(layout, letter, axis, labels)
        need[side] = max(need.get(side, 0), room)
    for trace in data:
        if trace.get("type") == "heatmap" and trace.get("showscale", True) and "coloraxis" not in trace:
            need["r"] = max(need.get("r", 0), _colorbar_room(layout, trace))
    _legend_room(layout, data, need)
    if not need:
        return figure
    for side, room in need.items():
        margin[side] = max(int(margin.get(side, 0) or 0), math.ceil(room))
    return {**figure, "layout": {**layout, "margin": margin}}
