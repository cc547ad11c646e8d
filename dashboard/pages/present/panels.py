"""Presenter slides: national charts for one review, every number disclosure-controlled.

Whoever presents, the slides are read with a presenter's scope, so they carry no authority name or
code and every count of people goes through disclosure control. Each slide gives a heading, a
one-sentence summary, a figure (or None) and the table of its numbers; the table is also the
slide's CSV download.
"""
from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.context import Ask
from dashboard.pages.overview import panels as overview_panels
from dashboard.pages.surveys import panels as survey_panels
from dashboard.pages.themes import panels as theme_panels
from dashboard.pages.timeline import panels as timeline_panels
from data_access.db import Database
from data_access.queries import NotFound
from data_access.scope import Scope


@dataclass
class Slide:
    heading: str
    summary: str
    figure: dict | None
    table: pd.DataFrame
    cards: list[dict] | None = None  # headline figures, on the title slide


def presenting_scope(k: int) -> Scope:
    return Scope("presenter", k=k)


def large(figure: dict, height: int = 620) -> dict:
    """The same figure with type and margins for a projector."""
    fig = copy.deepcopy(figure)
    layout = fig.setdefault("layout", {})
    font = dict(layout.get("font") or {})
    font["size"] = max(20, int(font.get("size", 14) * 1.4))
    layout["font"] = font
    layout["height"] = max(height, int(layout.get("height") or 0))
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
    return fig


def _title(db: Database, scope: Scope, review: str, day: dt.date) -> Slide:
    ask = Ask(db, scope, day)
    r = overview_panels.review_row(ask, review)
    cards = overview_panels.headline_figures(ask, r)
    return Slide(r.title, overview_panels.headline_summary(r, day), None, overview_panels.cards_table(cards),
                 cards=cards[1:])


def _progress(db, scope, review, day) -> Slide:
    panel = overview_panels.national_panel(Ask(db, scope, day), overview_panels.Filters(review))
    return Slide("National progress on each milestone", panel.summary, panel.figure, panel.table)


def _timeline(db, scope, review, day) -> Slide:
    panel = timeline_panels.gantt_panel(Ask(db, scope, day), timeline_panels.Filters(review))
    return Slide("Phases and milestones: planned against actual", panel.summary, panel.figure, panel.table)


def _survey(db, scope, review, day) -> Slide:
    ask = Ask(db, scope, day)
    try:
        sv = survey_panels.chosen_survey(ask, review, None)
    except NotFound:
        return Slide("Survey responses", "This review has no survey.", None, pd.DataFrame())
    panel = survey_panels.cumulative_panel(ask, survey_panels.Filters(review, sv.code), window=False)
    return Slide(f"{sv['name']}: responses day by day", panel.summary, panel.figure, panel.table)


def _themes(db, scope, review, day) -> Slide:
    panel = theme_panels.frequency_panel(Ask(db, scope, day), theme_panels.Filters(review), clickable=False)
    return Slide("Emerging themes: strengths and areas for improvement", panel.summary, panel.figure, panel.table)


def _sources(db, scope, review, day) -> Slide:
    panel = theme_panels.sources_panel(Ask(db, scope, day), theme_panels.Filters(review))
    return Slide("Where each theme was found", panel.summary, panel.figure, panel.table)


SLIDES: list[tuple[str, Callable[[Database, Scope, str, dt.date], Slide]]] = [
    ("title", _title), ("progress", _progress), ("timeline", _timeline), ("survey", _survey),
    ("themes", _themes), ("sources", _sources),
]
SLIDE_KEYS = [key for key, _ in SLIDES]


def build_slide(db: Database, k: int, review: str, index: int, day: dt.date) -> Slide:
    """Slide `index` (0-based, clamped) of `review`, read with a presenter's scope."""
    index = max(0, min(int(index), len(SLIDES) - 1))
    slide = SLIDES[index][1](db, presenting_scope(k), review, day)
    if slide.figure is not None:
        slide.figure = large(slide.figure)
    return slide


def slide_table(ask: Ask, params: dict) -> pd.DataFrame:
    """The numbers behind one slide, for its CSV: read with a presenter's scope whoever downloads it."""
    try:
        index = int(params.get("slide") or 1) - 1
    except ValueError:
        index = 0
    return build_slide(ask.db, ask.scope.k, params.get("review") or "", index, ask.day).table
