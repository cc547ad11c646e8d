"""Themes wiring: the filters in, each panel's content out, the filters back into the URL."""
from __future__ import annotations

from dash import Input, Output, no_update
from dash.exceptions import PreventUpdate

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.figures import empty_figure
from dashboard.ui.filters import address_for_action, address_params, query_string, restoring
from dashboard.ui.panel import Panel, fill, panel_outputs, register_panels, register_tables
from dashboard.ui.profile_links import link_graphs_to_profiles, point_code
from dashboard.ui.selectors import review_options
from data_access import themes
from data_access.queries import NotFound

from .panels import PANELS, Filters, offered_period, theme_options


def restore(current: list, search) -> list | None:
    """On Back or Forward, the filters the address names (defaults where it names none, the fixed
    period for roles offered one); nothing to do (None) when the page already shows them."""
    q = address_params(search)
    review = q.get("review") or review_options(None)[1]
    start, end = q.get("start", ""), q.get("end", "")
    fixed = offered_period(current_ask(), review)
    if fixed is not None:
        start, end = (d.isoformat() if d else "" for d in fixed)
    wanted = [review, q.get("family_group", "all"), start, end, q.get("theme", "")]
    if wanted == [v if v is not None else "" for v in current]:
        return None  # the address was only read as the page was drawn: nothing to restore
    return wanted


def update_themes(review, family_group, start, end, theme, search=None):
    """Everything on the Themes page for one review and its filters, scoped to the caller; the theme
    list follows the review; on Back or Forward, first the filters the address names."""
    restored = [no_update] * 5
    wanted = restore([review, family_group or "all", start, end, theme], search) if restoring("themes-url") else None
    if wanted is not None:
        restored = wanted
        review, family_group, start, end, theme = wanted
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
        out = [address_for_action(query_string(review=review))]
        for _ in PANELS:
            out += fill(Panel(msg, empty_figure(msg)), stamp, "#")
        return out + [[], *restored]
    f = Filters(f.review, f.family_group, f.start, f.end, f.theme if f.theme in set(top.code) else None)
    if (f.theme or "") != (theme or ""):  # the review changed and the theme chosen is not one of its own
        restored[4] = f.theme or ""
    link = {"review": f.review, "family_group": f.family_group, "start": f.start.isoformat() if f.start else None,
            "end": f.end.isoformat() if f.end else None}
    out = [address_for_action(query_string(review=f.review, family_group=f.family_group, start=f.start, end=f.end,
                                           theme=f.theme))]
    for name, panel_fn in PANELS.items():
        panel = panel_fn(ask, f)
        # A panel the role may not see carries no table, so there is nothing to download.
        href = "#" if panel.table.columns.empty else download_href(
            name, **link, **({"theme": f.theme} if name == "themes-subthemes" else {}))
        out += fill(panel, stamp, href)
    return out + [theme_options(ask, f.review), *restored]


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
    # The filters are outputs too: Back and Forward set them from the address, and the theme list
    # follows the review, in the same run (so no run starts another).
    outputs += [Output("themes-theme", "options"), Output("themes-review", "value"),
                Output("themes-family-group", "value"), Output("themes-start", "value"),
                Output("themes-end", "value"), Output("themes-theme", "value", allow_duplicate=True)]
    register_panels(app, outputs, [Input("themes-review", "value"), Input("themes-family-group", "value"),
                                   Input("themes-start", "value"), Input("themes-end", "value"),
                                   Input("themes-theme", "value"), Input("themes-url", "search")],
                    update_themes, prevent_initial_call="initial_duplicate")
    register_tables(app, {name: name for name in PANELS})
    app.callback(Output("themes-theme", "value", allow_duplicate=True), Input("themes-frequency-graph", "clickData"),
                 prevent_initial_call=True)(drill_down)
    link_graphs_to_profiles(app, "themes-authorities-graph")
