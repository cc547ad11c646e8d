"""Themes callbacks: read the filters, ask data_access with the caller's scope, build, write the URL."""
from __future__ import annotations

import pandas as pd
from dash import Input, Output
from dash.exceptions import PreventUpdate

from data_access import themes
from data_access.disclosure import SUPPRESSED
from data_access.queries import NotFound

from ..ui import theme_figures as tf
from ..ui.figures import empty_figure
from ..ui.filters import parse_family_group, parse_range, query_string
from ..ui.format import percent, plural
from ..ui.panel import panel_outputs, panel_values
from ..context import as_of, current_db, current_scope, updated_stamp
from ..datasets_themes import (themes_authorities, themes_cooccurrence, themes_frequency, themes_groups,
                               themes_questions, themes_saturation, themes_sources, themes_subthemes)
from ..downloads import download_href
from dashboard.profile_links import link_graphs_to_profiles

PANELS = ("themes-frequency", "themes-subthemes", "themes-sources", "themes-questions", "themes-authorities",
          "themes-groups", "themes-saturation", "themes-cooccurrence")


def _exact(v) -> bool:
    return v is not None and v != SUPPRESSED and v == v


def frequency_summary(freq, what="theme") -> str:
    if freq.empty:
        return f"No {what}s coded yet for these filters."
    top = freq.iloc[0]
    shown = freq[freq.strengths.apply(_exact) & freq.improvements.apply(_exact)]
    if shown.empty:
        return f"{plural(len(freq), what)} coded; the numbers are too small to show."
    share = shown.strengths.astype(float) / (shown.strengths.astype(float) + shown.improvements.astype(float))
    strong = shown.iloc[int(share.values.argmax())]
    weak = shown.iloc[int(share.values.argmin())]
    most = f"{top.theme} is coded most often" + (f" ({int(top.total):,} times)" if _exact(top.total) else "")
    return (f"{most}; {strong.theme} is most often a strength ({percent(share.max())} of its coding) and "
            f"{weak.theme} most often an area for improvement ({percent(1 - share.min())}).")


def sources_summary(src) -> str:
    if src.empty:
        return "No themes coded yet for these filters."
    exact = src[src.tally.apply(_exact)].copy()
    if exact.empty:
        return "The numbers are too small to show."
    exact["tally"] = exact.tally.astype(int)
    by_source = exact.groupby("source").tally.sum().sort_values(ascending=False)
    best = exact.sort_values("tally", ascending=False).iloc[0]
    return (f"Evidence from {by_source.index[0]} supplies the most coding ({int(by_source.iloc[0]):,}); the largest "
            f"single cell is {best.theme} from {best.source} ({int(best.tally):,}).")


def area_summary(area, level: str) -> str:
    if area.empty:
        return "Nothing to show for these filters."
    exact = area[area.share.apply(_exact)].copy()
    if exact.empty:
        return "The numbers are too small to show."
    exact["share"] = exact.share.astype(float)
    top = exact.sort_values("share", ascending=False).iloc[0]
    n = area.area.nunique()
    return (f"{plural(n, level, 'authorities' if level == 'authority' else level + 's')} shown; the largest share "
            f"of any area's coding is {top.theme} in {top.area} ({percent(top.share)}).")


def saturation_summary(weekly) -> str:
    if weekly.empty:
        return "No themes coded yet for these filters."
    last = weekly.iloc[-1]
    peak = weekly.sort_values("new_combinations", ascending=False).iloc[0]
    return (f"All {int(last.codes_so_far)} sub-themes coded so far were first coded by the week of "
            f"{weekly[weekly.new_codes > 0].week.max():%-d %B %Y}; new combinations of sub-theme, authority and "
            f"source peaked in the week of {peak.week:%-d %B %Y} ({int(peak.new_combinations)}) and numbered "
            f"{int(last.new_combinations)} in the latest week.")


def cooccurrence_summary(co) -> str:
    pairs = co[co.theme_a < co.theme_b]
    if pairs.empty:
        return "No two themes have been coded together yet."
    top = pairs.sort_values("combinations", ascending=False).iloc[0]
    combos = int(co[co.theme_a == co.theme_b].combinations.max())
    return (f"{top.theme_a} and {top.theme_b} are coded together most often: in {int(top.combinations)} "
            f"authority and evidence-source combinations (the most any one theme appears in is {combos}).")


def questions_summary(q) -> str:
    if q.empty:
        return "No review questions recorded."
    head = f"{plural(q.question.nunique(), 'question')}, {plural(len(q), 'theme')}"
    exact = q[q.total.apply(_exact)].copy()
    if exact.empty:
        return head + "; the numbers are too small to show."
    exact["total"] = exact.total.astype(int)
    by_q = exact.groupby("question").total.sum().sort_values(ascending=False)
    return f"{head}; {by_q.index[0]} draws the most coding ({int(by_q.iloc[0]):,} times)."


def update_themes(review, family_group, start, end, theme):
    """Everything on the Themes page for one review and its filters, scoped to the caller."""
    if not review:
        raise PreventUpdate
    db, scope = current_db(), current_scope()
    day, _ = as_of()
    fg = parse_family_group(family_group) if scope.sees_named_authorities else None
    a, b = parse_range(start, end)
    stamp = updated_stamp()
    filters = {"family_group": fg, "start": a, "end": b}
    try:
        top = themes.top_themes(db, scope, review, as_of=day)
    except NotFound:
        msg = "That review is not available."
        out = [query_string(review=review)]
        for _ in PANELS:
            out += panel_values(msg, empty_figure(msg), pd.DataFrame(), stamp, "#")
        return out
    theme = theme if theme in set(top.code) else None
    params = {"review": review, "family_group": fg, "start": a, "end": b, "theme": theme}
    link = {"review": review, "family_group": fg, "start": a.isoformat() if a else None,
            "end": b.isoformat() if b else None}

    def href(name, **extra):
        return download_href(name, **link, **extra)

    freq = themes.theme_frequency(db, scope, review, as_of=day, **filters)
    out = [query_string(review=review, family_group=fg, start=a, end=b, theme=theme)]
    out += panel_values(frequency_summary(freq), tf.frequency_bars(freq), themes_frequency(db, scope, params, day),
                        stamp, href("themes-frequency"))
    if theme:
        subs = themes.theme_frequency(db, scope, review, as_of=day, parent=theme, **filters)
        name = top[top.code == theme].name.iloc[0]
        sub_summary = f"{name}: " + frequency_summary(subs, "sub-theme")
        sub_fig = tf.frequency_bars(subs, clickable=False)
    else:
        sub_summary = "Choose a theme, or click one of its bars above, to see its sub-themes."
        sub_fig = empty_figure("Choose a theme to see its sub-themes", height=200)
    out += panel_values(sub_summary, sub_fig, themes_subthemes(db, scope, params, day), stamp,
                        href("themes-subthemes", theme=theme))
    src = themes.theme_by_source(db, scope, review, as_of=day, **filters)
    out += panel_values(sources_summary(src), tf.matrix(src, "theme", "source", "tally", title="Times coded"),
                        themes_sources(db, scope, params, day), stamp, href("themes-sources"))
    q = themes.theme_questions(db, scope, review, as_of=day)
    out += panel_values(questions_summary(q), tf.questions_bars(q), themes_questions(db, scope, params, day), stamp,
                        href("themes-questions"))
    if scope.sees_any_authority:
        by_la = themes.theme_by_area(db, scope, review, "authority", as_of=day, **filters)
        out += panel_values(area_summary(by_la, "authority"),
                            tf.matrix(by_la, "theme", "area", "tally", customdata_col="gss_code", title="Times coded",
                                      height_per_row=44),
                            themes_authorities(db, scope, params, day), stamp, href("themes-authorities"))
    else:
        msg = "Themes by authority are not part of the national view."
        out += panel_values(msg, empty_figure(msg, height=160), pd.DataFrame(), stamp, "#")
    if scope.sees_named_authorities:
        by_fg = themes.theme_by_area(db, scope, review, "family_group", as_of=day, **filters)
        out += panel_values(area_summary(by_fg, "family group"),
                            tf.matrix(by_fg, "theme", "area", "share", share=True, title="Share",
                                      text_format=lambda v: "c" if v == SUPPRESSED else percent(v), height_per_row=44),
                            themes_groups(db, scope, params, day), stamp, href("themes-groups"))
    else:
        msg = "Themes by family group are shown to leaders, inspectors and administrators only."
        out += panel_values(msg, empty_figure(msg, height=160), pd.DataFrame(), stamp, "#")
    weekly = themes.theme_weekly(db, scope, review, as_of=day, **filters)
    out += panel_values(saturation_summary(weekly), tf.saturation_chart(weekly),
                        themes_saturation(db, scope, params, day), stamp, href("themes-saturation"))
    co = themes.theme_cooccurrence(db, scope, review, as_of=day, **filters)
    out += panel_values(cooccurrence_summary(co),
                        tf.matrix(co, "theme_a", "theme_b", "combinations", title="Combinations", height_per_row=50),
                        themes_cooccurrence(db, scope, params, day), stamp, href("themes-cooccurrence"))
    return out


def theme_choices(review):
    """The theme list follows the review chosen."""
    from ..pages.themes import theme_options

    return theme_options(review), ""


def drill_down(click):
    """A click on a theme's bar chooses it for the sub-theme panel."""
    if not click or not click.get("points"):
        raise PreventUpdate
    code = click["points"][0].get("customdata")
    if not isinstance(code, str):
        raise PreventUpdate
    return code


def register(app) -> None:
    outputs = [Output("themes-url", "search")]
    for panel in PANELS:
        outputs += panel_outputs(panel)
    app.callback(outputs, Input("themes-review", "value"), Input("themes-family-group", "value"),
                 Input("themes-start", "value"), Input("themes-end", "value"),
                 Input("themes-theme", "value"))(update_themes)
    app.callback(Output("themes-theme", "options"), Output("themes-theme", "value", allow_duplicate=True),
                 Input("themes-review", "value"), prevent_initial_call=True)(theme_choices)
    app.callback(Output("themes-theme", "value", allow_duplicate=True), Input("themes-frequency-graph", "clickData"),
                 prevent_initial_call=True)(drill_down)
    link_graphs_to_profiles(app, "themes-authorities-graph")
