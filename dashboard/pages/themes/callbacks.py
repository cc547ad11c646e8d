"""Themes wiring: the filters in, each panel's content out, the filters back into the URL."""
from __future__ import annotations

from dash import Input, Output
from dash.exceptions import PreventUpdate

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.figures import empty_figure
from dashboard.ui.filters import query_string
from dashboard.ui.panel import Panel, fill, panel_outputs
from dashboard.ui.profile_links import link_graphs_to_profiles, point_code
from data_access import themes
from data_access.queries import NotFound

from .panels import PANELS, Filters, theme_options


def update_themes(review, family_group, start, end, theme):
    """Everything on the Themes page for one review and its filters, scoped to the caller."""
    if not review:
        raise PreventUpdate
    ask = current_ask()
    f = Filters.parse({"review": review, "family_group": family_group, "start": start, "end": end,
                       "theme": theme}, ask.scope)
    stamp = updated_stamp()
    try:
        top = themes.top_themes(ask.db, ask.scope, f.review, as_of=ask.day)
    except NotFound:
        msg = "That review is not available."
        out = [query_string(review=review)]
        for _ in PANELS:
            out += fill(Panel(msg, empty_figure(msg)), stamp, "#")
        return out
    f = Filters(f.review, f.family_group, f.start, f.end, f.theme if f.theme in set(top.code) else None)
    link = {"review": f.review, "family_group": f.family_group, "start": f.start.isoformat() if f.start else None,
            "end": f.end.isoformat() if f.end else None}
    out = [query_string(review=f.review, family_group=f.family_group, start=f.start, end=f.end, theme=f.theme)]
    for name, panel_fn in PANELS.items():
        panel = panel_fn(ask, f)
        # A panel the role may not see carries no table, so there is nothing to download.
        href = "#" if panel.table.columns.empty else download_href(
            name, **link, **({"theme": f.theme} if name == "themes-subthemes" else {}))
        out += fill(panel, stamp, href)
    return out


def theme_choices(review):
    """The theme list follows the review chosen."""
    return theme_options(current_ask(), review), ""


def drill_down(click):
    """A click on a theme's bar chooses it for the sub-theme panel."""
    code = point_code(click)
    if code is None:
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
