"""Clicking an authority in any chart opens its profile, when the caller may see that authority."""
from __future__ import annotations

from dash import Input, Output
from dash.exceptions import PreventUpdate

from ..context import current_scope


def _clicked(clicks: tuple):
    try:
        from dash import ctx

        fired = [t["value"] for t in ctx.triggered if t.get("value")]
        if fired:
            return fired[0]
    except Exception:  # noqa: BLE001 - called directly (a unit test): take the first click given
        pass
    return next((c for c in clicks if c), None)


def profile_href(*clicks):
    """The profile path of the authority under the pointer (its GSS code is the point's customdata)."""
    click = _clicked(clicks)
    if not click or not click.get("points"):
        raise PreventUpdate
    code = click["points"][0].get("customdata")
    if isinstance(code, list):
        code = code[0] if code else None
    if not isinstance(code, str) or not current_scope().may_see_authority(code):
        raise PreventUpdate
    return f"/local-authorities/{code}"


def link_graphs_to_profiles(app, *graph_ids: str) -> None:
    app.callback(Output("url", "href", allow_duplicate=True), [Input(g, "clickData") for g in graph_ids],
                 prevent_initial_call=True)(profile_href)
