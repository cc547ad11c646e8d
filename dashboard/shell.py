"""The page shell: header with the as-of date and data label, navigation, page container, footer."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from . import registry
from .auth import csrf_token, current_account
from .context import AS_OF_PARAM, REPLAY_ROLES, as_of, current_scope, replay_range, stored_as_of
from .ui.filters import parse_date, uk_input_date, with_param
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
            as_of_control(day),
            badge,
            user_controls(),
        ], className="header-bar"),
    ], className="site-header")


def as_of_control(day):
    """Leaders, inspectors and admins may replay the programme to any day the data covers; the day
    travels in the address (?as_of=YYYY-MM-DD), so a replay can be bookmarked and shared."""
    account = current_account()
    covered = replay_range() if account is not None and account.role in REPLAY_ROLES else None
    if covered is None:
        return None
    return html.Div([
        # Written dd/mm/yyyy whatever the browser's locale, like every date field (a native date input
        # follows the browser's locale and is several Tab stops); the format is in the label.
        dbc.Label(["Replay to ", html.Span("(dd/mm/yyyy)", className="date-hint")], html_for="as-of-picker",
                  className="me-1 mb-0 as-of-label"),
        dbc.Input(id="as-of-picker", type="text", inputMode="numeric", value=uk_input_date(day), debounce=True,
                  size="sm", autoComplete="off", maxLength=10, className="as-of-picker date-input"),
    ], className="as-of-control ms-2 d-flex align-items-center")


def shown_as_of(_search):
    """The header's date follows the address: the day this caller is shown for it."""
    return uk_date(as_of()[0])


def picker_day(_search, shown):
    """The day in the header's picker follows the address; unchanged, it is left alone, so that loading a
    page does not ask `replay_to` for nothing."""
    day = uk_input_date(as_of()[0])
    if day == shown:
        raise PreventUpdate
    return day


def replay_to(value, pathname, search):
    """A day picked in the header goes into the address; the page is drawn again for it."""
    day = parse_date(value)
    if day is None:
        raise PreventUpdate
    search = search if isinstance(search, str) else ""
    wanted = with_param(search, AS_OF_PARAM, None if day == stored_as_of() else day.isoformat())
    if wanted == search:
        raise PreventUpdate
    return (pathname if isinstance(pathname, str) and pathname.startswith("/") else "/") + wanted


def _register_date(app) -> None:
    app.callback(Output("as-of-date", "children"), Input("url", "search"))(shown_as_of)


def _register_replay(app) -> None:
    app.callback(Output("as-of-picker", "value"), Input("url", "search"), State("as-of-picker", "value"))(picker_day)
    app.callback(Output("url", "href", allow_duplicate=True), Input("as-of-picker", "value"),
                 State("url", "pathname"), State("url", "search"), prevent_initial_call=True)(replay_to)


registry.shell_part(__name__ + ".date", name="As-of date", roles=registry.EVERYONE, callbacks=_register_date)
registry.shell_part(__name__ + ".replay", name="As-of control", roles=REPLAY_ROLES, callbacks=_register_replay)


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
