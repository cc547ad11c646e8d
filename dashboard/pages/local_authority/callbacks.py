"""Profile wiring: the review in, each panel's content out, the review back into the URL."""
from __future__ import annotations

from dash import Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.figures import empty_figure
from dashboard.ui.filters import address_for_action, query_string
from dashboard.ui.panel import Panel, fill, panel_outputs, register_panels, register_tables
from data_access.queries import NotFound

from .panels import PANELS, Filters


def update_profile(review, code):
    """The profile's three panels for one review."""
    if not review or not code:
        raise PreventUpdate
    ask = current_ask()
    f = Filters.parse({"review": review, "authority": code}, ask.scope)
    stamp = updated_stamp()
    out = [address_for_action(query_string(review=review))]
    try:
        panels = {name: fn(ask, f) for name, fn in PANELS.items()}
    except NotFound:
        msg = "That authority or review is not available."
        for _ in PANELS:
            out += fill(Panel(msg, empty_figure(msg)), stamp, "#")
        return out
    link = {"review": f.review, "authority": f.authority}
    for name, panel in panels.items():
        out += fill(panel, stamp, download_href(name, **link))
    return out


def register(app) -> None:
    outputs = [Output("profile-url", "search")]
    for panel in PANELS:
        outputs += panel_outputs(panel)
    register_panels(app, outputs, [Input("profile-review", "value"), State("profile-code", "data")], update_profile)
    register_tables(app, {name: name for name in PANELS})
