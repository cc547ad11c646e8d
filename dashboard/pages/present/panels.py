"""Presenter slides: the deck for one review, national and disclosure-controlled whoever presents.

Whoever presents, the slides are read with a presenter's scope, so they carry no authority name or
code and every count of people goes through disclosure control. Each slide gives a heading, a
one-sentence summary, a figure (or None), the table of its numbers (also its CSV) and the notes a
speaker needs. A slide with nothing to show is left out of the deck.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from dashboard.context import Ask
from dashboard.pages.overview import panels as overview_panels
from dashboard.pages.surveys import panels as survey_panels
from dashboard.pages.themes import panels as theme_panels
from dashboard.pages.timeline import panels as timeline_panels
from dashboard.ui.format import plural, uk_date
from data_access import outputs, themes
from data_access.disclosure import exact
from data_access.presenter_decks import feedback_link
from data_access.queries import NotFound
from data_access.scope import Scope

from . import figures as pf

FEEDBACK = ("Tell us what you thought of this webinar and the findings: use the feedback link in the "
            "webinar invitation, or write to the review team through the review's page.")


@dataclass
class Slide:
    key: str
    heading: str
    summary: str
    figure: dict | None
    table: pd.DataFrame
    cards: list[dict] | None = None  # headline figures, on the key facts slide
    items: list[str] | None = None  # a list in large type, on the closing slide
    caveats: list[str] = field(default_factory=list)  # what disclosure control did to these numbers


@dataclass(frozen=True)
class Choice:
    """What the presenter asked for: the review and, for the participation slide, its survey."""

    review: str
    survey: str | None = None


def presenting_scope(k: int) -> Scope:
    return Scope("presenter", k=k)


def presenting(ask: Ask) -> Ask:
    """The same ask read with a presenter's scope: whoever presents sees what a presenter sees."""
    return Ask(ask.db, presenting_scope(ask.scope.k), ask.day, ask.demo)


def _suppressed(frame: pd.DataFrame) -> bool:
    return any((frame[c].astype(str) == "c").any() for c in frame.columns) if not frame.empty else False


def _caveat(frame: pd.DataFrame, k: int) -> list[str]:
    if not _suppressed(frame):
        return []
    return [f"Some numbers are shown as 'c': counts from 1 to {k - 1}, and cells from which they could be "
            "worked out, are withheld to protect the people behind them."]


# -- one builder per slide: each returns the slide, or None when it has nothing to show ------------
def _title(ask: Ask, c: Choice) -> Slide:
    r = overview_panels.review_row(ask, c.review)
    table = pd.DataFrame({"Review": [r.title], "Kind": [r.kind], "Data as of": [uk_date(ask.day)]})
    return Slide("title", r.title, f"National findings, data as of {uk_date(ask.day)}.", None, table)


def _facts(ask: Ask, c: Choice) -> Slide | None:
    r = overview_panels.review_row(ask, c.review)
    cards = overview_panels.headline_figures(ask, r)
    if not cards:
        return None
    return Slide("facts", "Key facts", overview_panels.headline_summary(r, ask.day), None,
                 overview_panels.cards_table(cards), cards=cards)


def _timeline(ask: Ask, c: Choice) -> Slide | None:
    r = overview_panels.review_row(ask, c.review)
    if r.kind == "joint inspection":
        panel = timeline_panels.programme_panel(ask, timeline_panels.Filters(c.review))
        heading = "The joint inspection programme: partnerships at each stage"
    else:
        panel = timeline_panels.gantt_panel(ask, timeline_panels.Filters(c.review))
        heading = "Timeline: phases and milestones, planned against actual"
    if panel.table.empty:
        return None
    return Slide("timeline", heading, panel.summary, panel.figure, panel.table)


def _participation(ask: Ask, c: Choice) -> Slide | None:
    try:
        sv = survey_panels.chosen_survey(ask, c.review, c.survey)
    except NotFound:
        return None
    panel = survey_panels.cumulative_panel(ask, survey_panels.Filters(c.review, sv.code), window=False)
    if panel.table.empty:
        return None
    table = panel.table.drop(columns=["Area"], errors="ignore")
    merged = (f"Days with fewer than {ask.scope.k} responses are merged into the following row, so that no "
              "small count can be worked out; a row's responses may cover several days.")
    return Slide("participation", f"Participation: {sv['name']}", panel.summary, panel.figure, table,
                 caveats=_caveat(table, ask.scope.k) + [merged])


def _ranked(ask: Ask, c: Choice, column: str, key: str, heading: str, label: str, what: str) -> Slide | None:
    freq = themes.theme_frequency(ask.db, ask.scope, c.review, as_of=ask.day)
    shown = freq[freq[column].apply(exact)].copy()
    if shown.empty:
        return None
    shown[column] = shown[column].astype(int)
    top = shown[shown[column] > 0].sort_values(column, ascending=False).head(5)
    if top.empty:
        return None
    listing = "; ".join(f"{t.theme} ({int(v):,})" for t, v in zip(top.itertuples(), top[column]))
    summary = f"The themes most often coded as {what}: {listing}."
    table = pd.DataFrame({"Theme": top.theme, "Question": top.question, label: top[column]})
    caveats = (["Themes whose tally is too small to show are left out of this ranking."]
               if len(shown) < len(freq) else [])
    return Slide(key, heading, summary, pf.ranked_bars(top, column, label, key == "strengths"), table,
                 caveats=caveats)


def _strengths(ask: Ask, c: Choice) -> Slide | None:
    return _ranked(ask, c, "strengths", "strengths", "Top strengths", "Times coded as a strength", "strengths")


def _improvements(ask: Ask, c: Choice) -> Slide | None:
    return _ranked(ask, c, "improvements", "improvements", "Top areas for improvement",
                   "Times coded as an area for improvement", "areas for improvement")


def _questions(ask: Ask, c: Choice) -> Slide | None:
    panel = theme_panels.questions_panel(ask, theme_panels.Filters(c.review))
    if panel.table.empty:
        return None
    return Slide("questions", "Themes by review question", panel.summary, panel.figure, panel.table,
                 caveats=_caveat(panel.table, ask.scope.k))


def _closing(ask: Ask, c: Choice) -> Slide:
    pubs = outputs.publications(ask.db, ask.scope, as_of=ask.day, review=c.review)
    items = [f"{t} ({uk_date(d)})" for t, d in zip(pubs.title, pubs.published_on)]
    table = pd.DataFrame({"Publication": pubs.title, "Published": [uk_date(d) for d in pubs.published_on]})
    link = feedback_link(ask.db, c.review)
    feedback = f"Give feedback on the review and this webinar at {link}" if link else FEEDBACK
    summary = (f"{plural(len(items), 'publication')} so far. " if items else "Publications follow. ") + feedback
    return Slide("closing", "Publications and how to give feedback", summary, None, table, items=items)


SLIDES: dict[str, tuple[str, Callable[[Ask, Choice], Slide | None]]] = {
    "title": ("Title", _title), "facts": ("Key facts", _facts), "timeline": ("Timeline", _timeline),
    "participation": ("Participation and survey response", _participation),
    "strengths": ("Top strengths", _strengths), "improvements": ("Top areas for improvement", _improvements),
    "questions": ("Themes by review question", _questions),
    "closing": ("Publications and feedback", _closing),
}
SLIDE_KEYS = list(SLIDES)


def ordered_keys(order: list[str] | None = None, hidden: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The slide kinds in the presenter's order (unknown ones dropped, new ones at their usual place)."""
    chosen = [k for k in dict.fromkeys(order or []) if k in SLIDES]
    for k in SLIDE_KEYS:
        if k not in chosen:
            at = SLIDE_KEYS.index(k)
            before = [i for i, c in enumerate(chosen) if SLIDE_KEYS.index(c) < at]
            chosen.insert(before[-1] + 1 if before else 0, k)
    return [k for k in chosen if k not in hidden]


def build(ask: Ask, choice: Choice, key: str) -> Slide | None:
    """One slide of the review, read with a presenter's scope; None when it has nothing to show."""
    slide = SLIDES[key][1](presenting(ask), choice)
    if slide is not None and slide.figure is not None:
        slide.figure = pf.large(slide.figure)
    return slide


def deck(ask: Ask, choice: Choice, order: list[str] | None = None, hidden=frozenset()) -> list[Slide]:
    """The slides to show for the review: the presenter's order, less hidden slides and empty ones.

    Raises NotFound for a review a presenter may not see."""
    overview_panels.review_row(presenting(ask), choice.review)
    return [s for s in (build(ask, choice, k) for k in ordered_keys(order, hidden)) if s is not None]


def slide_table(ask: Ask, params: dict) -> pd.DataFrame:
    """The numbers behind one slide, for its CSV: read with a presenter's scope whoever downloads it."""
    key = params.get("slide") or ""
    if key not in SLIDES:
        raise NotFound(f"no slide '{key}'")
    slide = build(ask, Choice(params.get("review") or "", params.get("survey") or None), key)
    return slide.table if slide is not None else pd.DataFrame()


def value_class(value) -> str:
    """A card's value: a figure in large type; words (a phase, a theme's name) smaller, so they fit."""
    return "card-value card-value-words" if len(str(value)) > 12 else "card-value"
