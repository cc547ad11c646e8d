"""The Themes page's panels: each chart's sentence, figure and table from one set of reads.

Every panel takes the caller's `Ask` (database, scope, as-of date) and the page's filters; the
chart's callback, its CSV download and the presenter's themes and sources slides all call these
functions.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.context import Ask
from dashboard.ui.figures import empty_figure
from dashboard.ui.filters import parse_family_group, parse_range
from dashboard.ui.format import join_names, percent, plural, word_for
from dashboard.ui.panel import Panel, cached_panel
from data_access import themes
from data_access.disclosure import exact, needs_control
from data_access.queries import NotFound

from . import figures as tf

FREQUENCY_COLUMNS = ["Theme", "Code", "Question", "Strengths", "Areas for improvement", "Total"]


@dataclass(frozen=True)
class Filters:
    """The Themes page's filters, as they travel in the query string."""

    review: str
    family_group: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    theme: str | None = None  # the theme whose sub-themes are shown

    @classmethod
    def parse(cls, params: dict, scope=None) -> Filters:
        fg = parse_family_group(params.get("family_group"))
        if scope is not None and not scope.sees_named_authorities:
            fg = None
        a, b = parse_range(params.get("start"), params.get("end"))
        if scope is not None and needs_control(scope):
            a = b = None  # offered one fixed period only (data_access ignores any other too)
        return cls(params.get("review") or "", fg, a, b, params.get("theme") or None)

    @property
    def reads(self) -> dict:
        """The keyword arguments every filtered theme read takes."""
        return {"family_group": self.family_group, "start": self.start, "end": self.end}



def theme_options(ask: Ask, review: str | None) -> list[dict]:
    """The themes of a review to drill into, after a prompt to choose one."""
    if not review:
        return []
    try:
        frame = themes.top_themes(ask.db, ask.scope, review, as_of=ask.day)
    except NotFound:
        return []
    return [{"label": "Choose a theme", "value": ""}] + [
        {"label": f"{n} ({q})" if q else n, "value": c} for c, n, q in zip(frame.code, frame.name, frame.question)]


# -- sentences --------------------------------------------------------------------------------------
def frequency_summary(freq, what="theme") -> str:
    if freq.empty:
        return f"No {what}s coded yet for these filters."
    top = freq.iloc[0]
    shown = freq[freq.strengths.apply(exact) & freq.improvements.apply(exact)]
    if shown.empty:
        return f"{plural(len(freq), what)} coded; the numbers are too small to show."
    share = shown.strengths.astype(float) / (shown.strengths.astype(float) + shown.improvements.astype(float))
    strong = shown.iloc[int(share.values.argmax())]
    weak = shown.iloc[int(share.values.argmin())]
    tied = freq[[exact(v) and v == top.total for v in freq.total]] if exact(top.total) else freq.iloc[:1]
    count = f" ({plural(int(top.total), 'time')}{' each' if len(tied) > 1 else ''})" if exact(top.total) else ""
    most = f"{join_names(list(tied.theme))} {word_for(len(tied), 'is')} coded most often{count}"
    return (f"{most}; {strong.theme} is most often a strength ({percent(share.max())} of its coding) and "
            f"{weak.theme} most often an area for improvement ({percent(1 - share.min())}).")


def sources_summary(src) -> str:
    if src.empty:
        return "No themes coded yet for these filters."
    shown = src[src.tally.apply(exact)].copy()
    if shown.empty:
        return "The numbers are too small to show."
    shown["tally"] = shown.tally.astype(int)
    by_source = shown.groupby("source").tally.sum().sort_values(ascending=False)
    best = shown.sort_values("tally", ascending=False).iloc[0]
    return (f"Evidence from {by_source.index[0]} supplies the most coding ({int(by_source.iloc[0]):,}); the largest "
            f"single cell is {best.theme} from {best.source} ({int(best.tally):,}).")


def area_summary(area, level: str) -> str:
    if area.empty:
        return "Nothing to show for these filters."
    shown = area[area.share.apply(exact)].copy()
    if shown.empty:
        return "The numbers are too small to show."
    shown["share"] = shown.share.astype(float)
    top = shown.sort_values("share", ascending=False).iloc[0]
    n = area.area.nunique()
    return (f"{plural(n, level, 'authorities' if level == 'authority' else level + 's')} shown; the largest share "
            f"of any area's coding is {top.theme} in {top.area} ({percent(top.share)}).")


def saturation_summary(weekly) -> str:
    if weekly.empty:
        return "No themes coded yet for these filters."
    last = weekly.iloc[-1]
    peak = weekly.sort_values("new_combinations", ascending=False).iloc[0]
    codes = int(last.codes_so_far)
    every = f"All {codes} sub-themes coded so far were" if codes != 1 else "The one sub-theme coded so far was"
    return (f"{every} first coded by the week of "
            f"{weekly[weekly.new_codes > 0].week.max():%-d %B %Y}; new combinations of sub-theme, authority and "
            f"source peaked in the week of {peak.week:%-d %B %Y} ({int(peak.new_combinations):,}) and numbered "
            f"{int(last.new_combinations)} in the latest week.")


def cooccurrence_summary(co) -> str:
    pairs = co[co.theme_a < co.theme_b]
    if pairs.empty:
        return "No two themes have been coded together yet."
    top = pairs.sort_values("combinations", ascending=False).iloc[0]
    combos = int(co[co.theme_a == co.theme_b].combinations.max())
    return (f"{top.theme_a} and {top.theme_b} are coded together most often: in "
            f"{plural(int(top.combinations), 'authority and evidence-source combination')} (the most any one theme "
            f"appears in is {combos:,}).")


def questions_summary(q) -> str:
    if q.empty:
        return "No review questions recorded."
    head = f"{plural(q.question.nunique(), 'question')}, {plural(len(q), 'theme')}"
    shown = q[q.total.apply(exact)].copy()
    if shown.empty:
        return head + "; the numbers are too small to show."
    shown["total"] = shown.total.astype(int)
    by_q = shown.groupby("question").total.sum().sort_values(ascending=False)
    tied = list(by_q[by_q == by_q.iloc[0]].index)
    return (f"{head}; {join_names(tied)} {word_for(len(tied), 'draws', 'draw')} the most coding "
            f"({plural(int(by_q.iloc[0]), 'time')}{' each' if len(tied) > 1 else ''}).")


# -- tables -----------------------------------------------------------------------------------------
def _frequency_table(f: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Theme": f.theme, "Code": f.code, "Question": f.question, "Strengths": f.strengths,
                         "Areas for improvement": f.improvements, "Total": f.total})


def _wide(frame: pd.DataFrame, row: str, col: str, value: str, fmt=None) -> pd.DataFrame:
    """A long frame as a matrix: one row per `row` value (labelled "Theme"), one column per `col` value."""
    if frame.empty:
        return pd.DataFrame({"Theme": []})
    out = frame.copy()
    if fmt:
        out[value] = [fmt(v) for v in out[value]]
    wide = out.pivot(index=row, columns=col, values=value)
    wide = wide.reindex(index=list(dict.fromkeys(frame[row])), columns=list(dict.fromkeys(frame[col])))
    if not fmt:
        # A combination with no row was never coded: its count is 0, not unknown.
        wide = wide.astype(object).where(wide.notna(), 0)
    return wide.reset_index().rename(columns={row: "Theme"})


def _by_authority(by_la: pd.DataFrame) -> pd.DataFrame:
    """The chart turned round for its table: one row per authority, named and with its code (so its
    name links to its profile, from the keyboard too), and a column per theme."""
    if by_la.empty:
        return pd.DataFrame({"Authority": [], "GSS code": []})
    wide = _wide(by_la, "area", "theme", "tally").rename(columns={"Theme": "Authority"})
    codes = dict(zip(by_la.area, by_la.gss_code))
    wide.insert(1, "GSS code", [codes.get(a) for a in wide.Authority])
    return wide


def _not_shown(msg: str) -> Panel:
    """A panel this role may not see: the reason instead of the chart, and no numbers."""
    return Panel(msg, empty_figure(msg, height=160), pd.DataFrame())


# -- panels -----------------------------------------------------------------------------------------
@cached_panel
def frequency_panel(ask: Ask, f: Filters, *, clickable: bool = True) -> Panel:
    freq = themes.theme_frequency(ask.db, ask.scope, f.review, as_of=ask.day, **f.reads)
    return Panel(frequency_summary(freq), tf.frequency_bars(freq, clickable=clickable), _frequency_table(freq))


@cached_panel
def subthemes_panel(ask: Ask, f: Filters) -> Panel:
    if not f.theme:
        return Panel("Choose a theme, or click one of its bars above, to see its sub-themes.",
                     empty_figure("Choose a theme to see its sub-themes", height=200),
                     pd.DataFrame(columns=FREQUENCY_COLUMNS))
    top = themes.top_themes(ask.db, ask.scope, f.review, as_of=ask.day)
    chosen = top[top.code == f.theme]
    if chosen.empty:
        raise NotFound(f"no theme '{f.theme}' in '{f.review}'")
    subs = themes.theme_frequency(ask.db, ask.scope, f.review, as_of=ask.day, parent=f.theme, **f.reads)
    return Panel(f"{chosen.name.iloc[0]}: " + frequency_summary(subs, "sub-theme"),
                 tf.frequency_bars(subs, clickable=False), _frequency_table(subs))


@cached_panel
def sources_panel(ask: Ask, f: Filters) -> Panel:
    src = themes.theme_by_source(ask.db, ask.scope, f.review, as_of=ask.day, **f.reads)
    return Panel(sources_summary(src), tf.matrix(src, "theme", "source", "tally", title="Times coded"),
                 _wide(src, "theme", "source", "tally"))


@cached_panel
def questions_panel(ask: Ask, f: Filters) -> Panel:
    q = themes.theme_questions(ask.db, ask.scope, f.review, as_of=ask.day)
    table = pd.DataFrame({"Question": q.question, "Question text": q.text, "Theme": q.theme,
                          "Sub-themes": q.sub_themes, "Strengths": q.strengths,
                          "Areas for improvement": q.improvements, "Total": q.total})
    return Panel(questions_summary(q), tf.questions_bars(q), table)


@cached_panel
def authorities_panel(ask: Ask, f: Filters) -> Panel:
    if not ask.scope.sees_any_authority:
        return _not_shown("Themes by authority are not part of the national view.")
    by_la = themes.theme_by_area(ask.db, ask.scope, f.review, "authority", as_of=ask.day, **f.reads)
    return Panel(area_summary(by_la, "authority"),
                 tf.matrix(by_la, "theme", "area", "tally", customdata_col="gss_code", title="Times coded",
                           height_per_row=44),
                 _by_authority(by_la))


@cached_panel
def groups_panel(ask: Ask, f: Filters) -> Panel:
    if not ask.scope.sees_named_authorities:
        return _not_shown("Themes by family group are shown to leaders, inspectors and administrators only.")
    by_fg = themes.theme_by_area(ask.db, ask.scope, f.review, "family_group", as_of=ask.day, **f.reads)
    return Panel(area_summary(by_fg, "family group"),
                 tf.matrix(by_fg, "theme", "area", "share", share=True, title="Share",
                           text_format=percent, height_per_row=44),
                 _wide(by_fg, "theme", "area", "share", fmt=lambda v: percent(v, 1)))


@cached_panel
def saturation_panel(ask: Ask, f: Filters) -> Panel:
    w = themes.theme_weekly(ask.db, ask.scope, f.review, as_of=ask.day, **f.reads)
    table = pd.DataFrame({"Week beginning": w.week, "Times coded": w.tallies,
                          "Sub-themes coded for the first time": w.new_codes,
                          "New sub-theme x authority x source combinations": w.new_combinations,
                          "Sub-themes coded so far": w.codes_so_far})
    return Panel(saturation_summary(w), tf.saturation_chart(w), table)


@cached_panel
def cooccurrence_panel(ask: Ask, f: Filters) -> Panel:
    co = themes.theme_cooccurrence(ask.db, ask.scope, f.review, as_of=ask.day, **f.reads)
    return Panel(cooccurrence_summary(co),
                 tf.matrix(co, "theme_a", "theme_b", "combinations", title="Combinations", height_per_row=50),
                 _wide(co, "theme_a", "theme_b", "combinations"))


# In the order the page's callback fills them.
PANELS = {"themes-frequency": frequency_panel, "themes-subthemes": subthemes_panel, "themes-sources": sources_panel,
          "themes-questions": questions_panel, "themes-authorities": authorities_panel,
          "themes-groups": groups_panel, "themes-saturation": saturation_panel,
          "themes-cooccurrence": cooccurrence_panel}


def offered_period(ask: Ask, review: str | None) -> tuple | None:
    """The one period a role under disclosure control is offered (start, end), else None (any window)."""
    if not review or not needs_control(ask.scope):
        return None
    try:
        offered = themes.offered_windows(ask.db, ask.scope, review, as_of=ask.day)
    except NotFound:
        return None
    return (offered.start.iloc[0], offered.end.iloc[0]) if not offered.empty else None
