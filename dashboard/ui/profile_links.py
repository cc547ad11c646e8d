"""Clicking an authority in any chart opens its profile, when the caller may see that authority."""
from __future__ import annotations

from dash import Input, Output, ctx
from dash.exceptions import PreventUpdate

from ..context import current_scope


def _clicked(clicks: tuple):
    try:
        fired = [t["value"] for t in ctx.triggered if t.get("value")]
        if fired:
            return fired[0]
    except Exception:
        pass
    return next((c for c in clicks if c), None)


def point_code(click) -> str | None:
    """The code a chart's clicked point carries (its customdata), or None for anything a chart would not send."""
    points = click.get("points") if isinstance(click, dict) else None
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    code = points[0].get("customdata")
    if isinstance(code, list):
        code = code[0] if code else None
    return code if isinstance(code, str) else None


def profile_href(*clicks):
    """The profile path of the authority under the pointer (its GSS code is the point's customdata)."""
    code = point_code(_clicked(clicks))
    if code is None or not current_scope().may_see_authority(code):
        raise PreventUpdate
    return f"/local-authorities/{code}"


def link_graphs_to_profiles(app, *graph_ids: str) -> None:
    app.callback(Output("url", "href", allow_duplicate=True), [Input(g, "clickData") for g in graph_ids],
                 prevent_initial_call=True)(profile_href)
