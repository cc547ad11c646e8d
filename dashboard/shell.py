"""The page shell: header with the as-of date and data label, navigation, page container, footer."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from . import registry
from .auth import csrf_token, current_account
from .context import as_of, current_scope
from .ui.format import uk_date
from .ui.tables import profile_path


def header():
    try:
        day, demo = as_of()
    except Exception:
        return html.Header(html.Div([
            html.A("Review Oversight", href="/", className="service-name"),
            html.Span("The data is unavailable just now; please try again shortly.", className="as-of ms-3"),
        ], className="header-bar"), className="site-header")
    badge = (dbc.Badge("Demonstration data", color="warning", text_color="dark", className="ms-2 demo-badge")
             if demo else None)
    return html.Header([
        html.Div([
            html.A("Review Oversight", href="/", className="service-name"),
            html.Span(["Data as of ", html.Strong(uk_date(day), id="as-of-date")], className="as-of ms-3"),
            badge,
            user_controls(),
        ], className="header-bar"),
    ], className="site-header")


def user_controls():
    """Who is signed in, their account page, and sign-out (a form POST carrying the CSRF token)."""
    account = current_account()
    if account is None:
        return html.A("Sign in", href="/login", className="ms-auto header-link")
    where = f", {account.authority_name}" if account.authority_name else ""
    return html.Div([
        html.A([html.Span("Signed in as ", className="visually-hidden"), account.username],
               href="/account", className="header-link", title=f"{account.role}{where}: your account"),
        html.Span(f" ({account.role}{where})", className="header-role"),
        html.Form([
            # A submit button sends its own name and value: the token travels with the form.
            html.Button("Sign out", type="submit", name="csrf_token", value=csrf_token(),
                        className="btn btn-sm btn-light ms-2"),
        ], method="POST", action="/logout", className="d-inline"),
    ], className="ms-auto user-controls")


def navigation():
    try:
        scope = current_scope()
    except Exception:
        return html.Nav(**{"aria-label": "Main"})
    links = [
        dbc.NavItem(dbc.NavLink(page.name, href=page.path, active="exact"))
        for page in sorted(registry.PAGES.values(), key=lambda p: p.order)
        if page.nav and page.allows(scope.role)
    ]
    if scope.role == "coordinator":  # their one profile, as the others have the authority list
        links.append(dbc.NavItem(dbc.NavLink("My authority", href=profile_path(scope.authority), active="exact",
                                             id="nav-my-authority")))
    return html.Nav(dbc.Nav(links, pills=True, className="site-nav"), **{"aria-label": "Main"})


# The footer's links, the same on every page and on the sign-in pages (dashboard/auth/templates/base.html).
FOOTER_LINKS = (("Accessibility statement", "/accessibility"), ("About this dashboard", "/about"))


def footer():
    return html.Footer(html.Ul([html.Li(html.A(text, href=href)) for text, href in FOOTER_LINKS],
                               className="footer-links"), className="site-footer")


def layout():
    return html.Div([
        dcc.Location(id="url", refresh="callback-nav"),
        header(),
        navigation(),
        html.Main(dash.page_container, id="main", tabIndex="-1", className="container-fluid"),
        footer(),
    ])
