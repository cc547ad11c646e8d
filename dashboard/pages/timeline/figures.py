"""Pure builders for the Timeline page: Gantt charts planned against actual, with a today line."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.ui.figures import base_layout, empty_figure
from dashboard.ui.filters import axis_range
from dashboard.ui.format import plural, uk_date
from dashboard.ui.palette import CATEGORICAL, DARK_BLUE, DARK_GREY, DARK_PINK, MID_GREY, ORANGE, TURQUOISE
from data_access.timeline import DONE, DONE_LATE, IN_PROGRESS, NOT_STARTED, RUNNING_LATE

DAY_MS = 86_400_000
PLANNED_COLOUR = "#CFDCE8"

# Every state has a word and a symbol as well as a colour; late work also carries a hatch pattern.
SPAN_STYLE = {
    DONE: {"colour": DARK_BLUE, "symbol": "✓", "pattern": ""},
    DONE_LATE: {"colour": DARK_PINK, "symbol": "✓!", "pattern": "/"},
    IN_PROGRESS: {"colour": TURQUOISE, "symbol": "▶", "pattern": ""},
    RUNNING_LATE: {"colour": ORANGE, "symbol": "!", "pattern": "x"},
    NOT_STARTED: {"colour": MID_GREY, "symbol": "·", "pattern": ""},
}
SPAN_ORDER = [DONE, DONE_LATE, IN_PROGRESS, RUNNING_LATE, NOT_STARTED]


def _iso(day) -> str | None:
    return day.isoformat() if day is not None and day == day else None


def _span_ms(start, end) -> int:
    return ((end - start).days + 1) * DAY_MS


def slip_text(days) -> str:
    if days is None or days != days:
        return ""
    days = int(days)
    if days > 0:
        return f"{plural(days, 'day')} late"
    if days < 0:
        return f"{plural(-days, 'day')} early"
    return "on time"


def _short(text: str, limit: int = 46) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _today(as_of: dt.date) -> tuple[dict, dict]:
    shape = {"type": "line", "xref": "x", "yref": "paper", "x0": as_of.isoformat(), "x1": as_of.isoformat(),
             "y0": 0, "y1": 1, "line": {"color": "#0b0c0c", "width": 2, "dash": "dash"}}
    note = {"x": as_of.isoformat(), "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "showarrow": False,
            "text": f"Today: {uk_date(as_of)}", "font": {"size": 13}, "bgcolor": "white"}
    return shape, note


def _dates(frame: pd.DataFrame, as_of: dt.date) -> list:
    cols = [c for c in ("planned_start", "planned_end", "actual_start", "actual_end") if c in frame]
    return [d for c in cols for d in frame[c]] + [as_of]


def _date_axis(date_range: tuple | None, dates=()) -> dict:
    axis = {"type": "date", "tickformat": "%-d %b %Y", "gridcolor": "#E5E5E5", "automargin": True}
    span = axis_range(date_range, dates)
    if span:
        axis["range"] = span
    return axis


def _planned_trace(y, starts, ends, hover, name="Planned") -> dict:
    return {"type": "bar", "orientation": "h", "name": name, "y": y,
            "base": [_iso(s) for s in starts], "x": [_span_ms(s, e) for s, e in zip(starts, ends)],
            "width": 0.8, "marker": {"color": PLANNED_COLOUR, "line": {"color": DARK_BLUE, "width": 1}},
            "hovertext": hover, "hoverinfo": "text"}


def _actual_traces(y, starts, ends, statuses, hover, text) -> list[dict]:
    traces = []
    for status in SPAN_ORDER:
        idx = [i for i, s in enumerate(statuses) if s == status and starts[i] is not None and ends[i] is not None]
        if not idx:
            continue
        style = SPAN_STYLE[status]
        traces.append({
            "type": "bar", "orientation": "h", "name": f"{style['symbol']} Actual: {status}",
            "y": [y[i] for i in idx], "base": [_iso(starts[i]) for i in idx],
            "x": [_span_ms(starts[i], ends[i]) for i in idx], "width": 0.4,
            "marker": {"color": style["colour"], "line": {"color": "white", "width": 1},
                       "pattern": {"shape": style["pattern"], "fgcolor": "white", "bgcolor": style["colour"],
                                   "fillmode": "overlay", "size": 7, "solidity": 0.3}},
            "text": [text[i] for i in idx], "textposition": "outside", "cliponaxis": False,
            "textfont": {"size": 12, "color": DARK_GREY},
            "hovertext": [hover[i] for i in idx], "hoverinfo": "text",
        })
    return traces


def review_gantt(frame: pd.DataFrame, as_of: dt.date, date_range: tuple | None = None) -> dict:
    """Phases as bars (planned pale, actual dark, narrower) and milestones as diamonds, with a today line."""
    if frame.empty:
        return empty_figure("No phases or milestones recorded for this review")
    phases = frame[frame.kind == "phase"].sort_values("seq")
    miles = frame[frame.kind == "milestone"].sort_values("seq")
    labels, rows = [], []
    for ph in phases.itertuples():
        labels.append(f"<b>{_short(ph.name)}</b>")
        rows.append(ph)
        for ms in miles[miles.phase == ph.name].itertuples():
            labels.append(f"◆ {_short(ms.name, 44)}")
            rows.append(ms)
    for ms in miles[~miles.phase.isin(set(phases.name))].itertuples():
        labels.append(f"◆ {_short(ms.name, 44)}")
        rows.append(ms)
    span_rows = [(lab, r) for lab, r in zip(labels, rows) if r.kind == "phase" or (
        r.planned_start is not None and r.planned_start == r.planned_start and r.planned_start != r.planned_end)]
    hover = [f"<b>{r.name}</b><br>Planned {uk_date(r.planned_start)} to {uk_date(r.planned_end)}"
             f"<br>{r.status}{'; ' + slip_text(r.slippage_days) if slip_text(r.slippage_days) else ''}"
             for _, r in span_rows]
    traces = [_planned_trace([lab for lab, _ in span_rows], [r.planned_start for _, r in span_rows],
                             [r.planned_end for _, r in span_rows], hover, name="Planned span")]
    phase_rows = [(lab, r) for lab, r in span_rows if r.kind == "phase"]
    traces += _actual_traces(
        [lab for lab, _ in phase_rows], [r.actual_start for _, r in phase_rows],
        [r.actual_end if r.actual_end is not None else (as_of if r.actual_start is not None else None)
         for _, r in phase_rows],
        [r.status for _, r in phase_rows],
        [f"<b>{r.name}</b><br>Actual {uk_date(r.actual_start)} to "
         f"{uk_date(r.actual_end) if r.actual_end is not None else 'today, still running'}<br>{r.status}; "
         f"{slip_text(r.slippage_days)}" for _, r in phase_rows],
        [slip_text(r.slippage_days) if (r.slippage_days or 0) > 0 else "" for _, r in phase_rows])
    mrows = [(lab, r) for lab, r in zip(labels, rows) if r.kind == "milestone"]
    traces.append({"type": "scatter", "mode": "markers", "name": "◇ Milestone due",
                   "y": [lab for lab, _ in mrows], "x": [_iso(r.planned_end) for _, r in mrows],
                   "marker": {"symbol": "diamond-open", "size": 13, "color": DARK_BLUE, "line": {"width": 2}},
                   "hovertext": [f"<b>{r.name}</b><br>Due {uk_date(r.planned_end)}" for _, r in mrows],
                   "hoverinfo": "text"})
    for status in SPAN_ORDER:
        pts = [(lab, r) for lab, r in mrows if r.status == status and r.actual_end is not None]
        if not pts:
            continue
        style = SPAN_STYLE[status]
        traces.append({"type": "scatter", "mode": "markers+text", "name": f"◆ Milestone {status}",
                       "y": [lab for lab, _ in pts], "x": [_iso(r.actual_end) for _, r in pts],
                       "text": [slip_text(r.slippage_days) if (r.slippage_days or 0) > 0 else "" for _, r in pts],
                       "textposition": "middle right", "textfont": {"size": 12},
                       "marker": {"symbol": "diamond", "size": 12, "color": style["colour"]},
                       "hovertext": [f"<b>{r.name}</b><br>Due {uk_date(r.planned_end)}, done "
                                     f"{uk_date(r.actual_end)}<br>{slip_text(r.slippage_days)}" for _, r in pts],
                       "hoverinfo": "text"})
    late = [(lab, r) for lab, r in mrows if r.status == RUNNING_LATE]
    if late:
        traces.append({"type": "scatter", "mode": "markers+text", "name": "! Milestone overdue",
                       "y": [lab for lab, _ in late], "x": [as_of.isoformat()] * len(late),
                       "text": [f"{slip_text(r.slippage_days)}" for _, r in late], "textposition": "middle right",
                       "marker": {"symbol": "x", "size": 12, "color": ORANGE},
                       "hovertext": [f"<b>{r.name}</b><br>Due {uk_date(r.planned_end)}, not yet complete"
                                     for _, r in late], "hoverinfo": "text"})
    shape, note = _today(as_of)
    return {"data": traces, "layout": base_layout(
        height=max(320, 34 * len(labels) + 150), barmode="overlay", shapes=[shape], annotations=[note],
        margin={"l": 10, "r": 40, "t": 30, "b": 10},
        xaxis=_date_axis(date_range, _dates(frame, as_of)), yaxis={"autorange": "reversed", "automargin": True,
                                                                  "categoryorder": "array",
                                              "categoryarray": labels, "fixedrange": True},
        legend={"orientation": "h", "y": -0.08, "yanchor": "top"},
    )}


def portfolio_gantt(frame: pd.DataFrame, as_of: dt.date, date_range: tuple | None = None) -> dict:
    """All reviews on one axis: one row per review, its phases side by side, planned and actual."""
    if frame.empty:
        return empty_figure("No reviews to show")
    labels = []
    for title in frame.drop_duplicates("slug").title:
        labels.append(_short(title, 40))
    y = [_short(t, 40) for t in frame.title]
    hover = [f"<b>{t}</b><br>{n}<br>Planned {uk_date(a)} to {uk_date(b)}<br>{st}; {slip_text(sl)}"
             for t, n, a, b, st, sl in zip(frame.title, frame.name, frame.planned_start, frame.planned_end,
                                           frame.status, frame.slippage_days)]
    planned = _planned_trace(y, list(frame.planned_start), list(frame.planned_end), hover, name="Planned phase")
    planned["text"] = [f"{seq}" for seq in frame.seq]
    planned["textposition"] = "inside"
    planned["insidetextanchor"] = "start"
    planned["textfont"] = {"size": 11, "color": DARK_BLUE}
    ends = [b if b is not None else (as_of if a is not None else None)
            for a, b in zip(frame.actual_start, frame.actual_end)]
    traces = [planned] + _actual_traces(y, list(frame.actual_start), ends, list(frame.status), hover,
                                        [""] * len(frame))
    shape, note = _today(as_of)
    return {"data": traces, "layout": base_layout(
        height=max(260, 80 * len(labels) + 120), barmode="overlay", shapes=[shape], annotations=[note],
        margin={"l": 10, "r": 20, "t": 30, "b": 10}, xaxis=_date_axis(date_range, _dates(frame, as_of)),
        yaxis={"autorange": "reversed", "automargin": True, "categoryorder": "array", "categoryarray": labels,
               "fixedrange": True},
        legend={"orientation": "h", "y": -0.12, "yanchor": "top"},
    )}


def programme_gantt(frame: pd.DataFrame, as_of: dt.date, date_range: tuple | None = None) -> dict:
    """The rolling programme: one row per partnership, its stages in sequence, coloured by stage
    and labelled, with actual completion marked and the today line."""
    if frame.empty:
        return empty_figure("No joint inspections to show")
    spans = frame[frame.planned_start != frame.planned_end]
    order = list(dict.fromkeys(f"{a} ({c})" for a, c in zip(frame.authority, frame.current_stage)))
    traces = []
    for i, (_code, sub) in enumerate(spans.groupby("stage_code", sort=False)):
        name = sub.stage.iloc[0].split(":")[0].replace(" complete", "")
        traces.append({
            "type": "bar", "orientation": "h", "name": f"{i + 1}. {name}",
            "y": [f"{a} ({c})" for a, c in zip(sub.authority, sub.current_stage)],
            "base": [_iso(d) for d in sub.planned_start],
            "x": [_span_ms(a, b) - DAY_MS for a, b in zip(sub.planned_start, sub.planned_end)],
            "text": [str(i + 1)] * len(sub), "textposition": "inside", "insidetextanchor": "middle",
            "width": 0.7,
            "marker": {"color": CATEGORICAL[i % len(CATEGORICAL)], "line": {"color": "white", "width": 1}},
            "hovertext": [f"<b>{a}</b><br>{s}<br>Planned {uk_date(p0)} to {uk_date(p1)}<br>{st}; {slip_text(sl)}"
                          for a, s, p0, p1, st, sl in zip(sub.authority, sub.stage, sub.planned_start,
                                                          sub.planned_end, sub.status, sub.slippage_days)],
            "hoverinfo": "text",
        })
    done = frame[frame.actual_end.notna()]
    traces.append({"type": "scatter", "mode": "markers", "name": "◆ Stage completed (actual)",
                   "y": [f"{a} ({c})" for a, c in zip(done.authority, done.current_stage)],
                   "x": [_iso(d) for d in done.actual_end],
                   "marker": {"symbol": "diamond", "size": 10, "color": "#0b0c0c",
                              "line": {"color": "white", "width": 1}},
                   "hovertext": [f"<b>{a}</b><br>{s}<br>Done {uk_date(d)}; {slip_text(sl)}"
                                 for a, s, d, sl in zip(done.authority, done.stage, done.actual_end,
                                                        done.slippage_days)],
                   "hoverinfo": "text", "customdata": list(done.gss_code)})
    shape, note = _today(as_of)
    return {"data": traces, "layout": base_layout(
        height=max(280, 44 * len(order) + 150), barmode="overlay", shapes=[shape], annotations=[note],
        margin={"l": 10, "r": 20, "t": 30, "b": 10}, xaxis=_date_axis(date_range, _dates(frame, as_of)),
        yaxis={"autorange": "reversed", "automargin": True, "categoryorder": "array", "categoryarray": order,
               "fixedrange": True},
        legend={"orientation": "h", "y": -0.1, "yanchor": "top"},
    )}


def stage_counts_bar(counts: pd.DataFrame) -> dict:
    """How many partnerships stand at each stage: no partnership named."""
    if counts.empty or counts.partnerships.sum() == 0:
        return empty_figure("No joint inspections to show")
    return {"data": [{
        "type": "bar", "orientation": "h", "y": list(counts.stage), "x": [int(v) for v in counts.partnerships],
        "text": [str(int(v)) for v in counts.partnerships], "textposition": "outside",
        "marker": {"color": DARK_BLUE}, "hovertemplate": "%{y}: %{x} partnerships<extra></extra>",
    }], "layout": base_layout(
        height=340, margin={"l": 10, "r": 30, "t": 10, "b": 50},
        xaxis={"title": {"text": "Partnerships"}, "dtick": 1, "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
    )}
