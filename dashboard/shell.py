"""The page shell: header with the as-of date and data label, navigation, page container."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from .components.format import uk_date
from .context import as_of, current_scope
from .roles import allowed_page


def header():
    try:
        day, demo = as_of()
    except Exception:  # noqa: BLE001 - the database may be down; the page still renders and says so
        return html.Header(html.Div([
            html.A("Review Oversight", href="/", className="service-name"),
            html.Span("The data is unavailable just now; please try again shortly.", className="as-of ms-3"),
        ], className="header-bar"), className="site-header")
    badge = dbc.Badge("Demonstration data", color="warning", text_color="dark", className="ms-2 demo-badge") if demo else None
    return html.Header([
        html.Div([
            html.A("Review Oversight", href="/", className="service-name"),
            html.Span(["Data as of ", html.Strong(uk_date(day), id="as-of-date")], className="as-of ms-3"),
            badge,
        ], className="header-bar"),
    ], className="site-header")


def navigation():
    try:
        scope = current_scope()
    except Exception:  # noqa: BLE001
        return html.Nav(**{"aria-label": "Main"})
    links = [
        dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"], active="exact"))
        for page in dash.page_registry.values()
        if page.get("nav", True) and allowed_page(scope, page["path"])
    ]
    return html.Nav(dbc.Nav(links, pills=True, className="site-nav"), **{"aria-label": "Main"})


def layout():
    return html.Div([
        dcc.Location(id="url", refresh="callback-nav"),
        header(),
        navigation(),
        html.Main(dash.page_container, id="main", tabIndex="-1", className="container-fluid"),
    ])
