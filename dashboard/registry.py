"""One registry of what the app serves and who may use it: pages, their callbacks, downloads and routes.

The request guard (`dashboard.auth.guard`) reads this registry; whatever is not registered here is
refused. Each page package declares itself in its `__init__.py` with `page(...)`: its path, title,
the roles that may open it, its layout, its callbacks and its downloads. Flask routes are declared
with `route(...)` beside the code that adds them. Nothing is public by omission.

The data rules (which rows a role sees, what is suppressed) live in `data_access.scope` and
`data_access.disclosure`; this module only says which pages, callbacks and routes a role may reach.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import dash
from dash import Input, State, html
from flask import g

from data_access.scope import Scope

ROLES = ("admin", "leader", "inspector", "coordinator", "presenter")
EVERYONE = frozenset(ROLES)
GSS_PATTERN = re.compile(r"S12\d{6}")


@dataclass(frozen=True)
class Download:
    """The numbers behind one chart (CSV or XLSX): `table(ask, params)` returns its DataFrame."""

    name: str
    table: Callable
    params: tuple[str, ...] = ("review",)
    title: str = ""  # the chart's heading; without one, the page's name and the download's


@dataclass(frozen=True)
class Page:
    """A page of the dashboard and who may open it."""

    module: str
    path: str  # the stable path; for a profile, the prefix before the authority code
    name: str
    order: int
    roles: frozenset[str]
    layout: Callable
    callbacks: Callable | None = None  # register(app): wires the page's callbacks on one app
    downloads: tuple[Download, ...] = ()
    path_template: str | None = None  # e.g. "/local-authorities/<code>"
    public: bool = False  # open to visitors who have not signed in
    nav: bool = True
    dated: bool = True  # its callbacks read data as of a day: they receive the address (AS_OF_INPUT)

    @property
    def title(self) -> str:
        return f"{self.name} - Review Oversight"

    def allows(self, role: str | None) -> bool:
        return self.public or (role is not None and role in self.roles)


PAGES: dict[str, Page] = {}
DOWNLOADS: dict[str, tuple[Page, Download]] = {}


def page(module: str, *, path: str, name: str, order: int, roles, layout: Callable, callbacks=None,
         downloads=(), path_template: str | None = None, public: bool = False, nav: bool = True,
         dated: bool = True) -> Page:
    """Declare a page; called once from the page package's `__init__.py`."""
    entry = Page(module=module, path=path, name=name, order=order, roles=frozenset(roles), layout=layout,
                 callbacks=callbacks, downloads=tuple(downloads), path_template=path_template, public=public,
                 nav=nav, dated=dated)
    unknown = entry.roles - EVERYONE
    if unknown:
        raise ValueError(f"{module}: unknown roles {sorted(unknown)}")
    PAGES[path] = entry
    for download in entry.downloads:
        DOWNLOADS[download.name] = (entry, download)
    return entry


# Callbacks of the page frame (the header's as-of control, panels shared by pages), each with the
# roles that may use it: they belong to no page, and the guard refuses them to any other role.
SHELL_PARTS: list[Page] = []


def shell_part(module: str, *, name: str, roles, callbacks: Callable) -> Page:
    """Declare callbacks of the page frame; called once from the module that draws that part."""
    entry = Page(module=module, path="", name=name, order=-1, roles=frozenset(roles), layout=refused,
                 callbacks=callbacks, nav=False, dated=False)
    if entry.roles - EVERYONE:
        raise ValueError(f"{module}: unknown roles {sorted(entry.roles - EVERYONE)}")
    SHELL_PARTS.append(entry)
    return entry


def paths_for(role: str) -> set[str]:
    """The page paths a role may open (a profile by its prefix)."""
    return {p.path for p in PAGES.values() if p.allows(role)}


def page_for_path(path: str | None) -> tuple[Page | None, str | None]:
    """The page a URL path opens (None if it is not one of ours) and the authority code in a profile path."""
    path = (path or "/").split("?", 1)[0].split("#", 1)[0]
    parts = [p for p in path.split("/") if p]
    if not parts:
        return PAGES.get("/"), None
    nested = PAGES.get("/" + "/".join(parts))  # a page below another, such as /present/notes
    if nested is not None and len(parts) > 1 and not nested.path_template:
        return nested, None
    found = PAGES.get("/" + parts[0])
    if found is None:
        return None, None
    if found.path_template:
        if len(parts) != 2:
            return None, None
        return found, parts[1]
    return (found, None) if len(parts) == 1 else (None, None)


# -- Flask routes ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    """Who may use a Flask endpoint: the public, any signed-in user, or the roles named."""

    public: bool = False
    roles: frozenset[str] = EVERYONE
    # "page" (redirect to sign in), "api", "download" (one registered download), "bundle" (a review's
    # downloads together: each checked by its page), "callback" (401 when signed out), "asset" (no
    # sign-in looked up) or "shell" (Dash's page frame: public, but knows who is signed in)
    kind: str = "page"


ROUTES: dict[str, Route] = {}


def route(endpoint: str, *, public: bool = False, roles=EVERYONE, kind: str = "page") -> None:
    ROUTES[endpoint] = Route(public=public, roles=frozenset(roles), kind=kind)


# Every Flask endpoint the app serves. Dash's shell and component bundles describe the page frame,
# never review data; the catch-all page route and the callback route are checked page by page.
for _endpoint in ("static", "_dash_assets.static", "bootstrap_files", "/_favicon.ico", "/_reload-hash",
                  "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"):
    route(_endpoint, public=True, kind="asset")
route("/_dash-layout", public=True, kind="shell")  # the frame, naming who is signed in
route("/_dash-dependencies", public=True, kind="shell")
route("healthz", public=True, kind="api")
route("readyz", public=True, kind="api")
route("login", public=True)
route("logout", kind="page")
route("account", kind="page")
route("/", public=True, kind="page")  # the page itself is checked by `page_for_path`
route("/<path:path>", public=True, kind="page")
route("/_dash-update-component", public=True, kind="callback")  # each callback is checked by its page
route("download_csv", kind="download")  # each download is checked by its page
route("download_xlsx", kind="download")
route("download_review", kind="bundle")  # holds only the downloads of pages the role may open
# The data API declares its own routes (dashboard.api): kind "api", its description public.


# -- callbacks -----------------------------------------------------------------------------------
# The address's query string, where a replayed as-of date travels (?as_of=YYYY-MM-DD). Every page
# callback receives it as its last State, so the guard can read the date from an input it has checked
# against the registration; the callback functions themselves never see it.
AS_OF_INPUT = ("url", "search")


def _dependencies(args) -> list:
    out = []
    for arg in args:
        out += _dependencies(arg) if isinstance(arg, (list, tuple)) else [arg]
    return out


class WithAsOf:
    """The app as a page's `register(app)` sees it: `callback` adds `State("url", "search")`."""

    def __init__(self, app):
        self._app = app

    def __getattr__(self, name):
        return getattr(self._app, name)

    def callback(self, *args, **kwargs):
        if any(isinstance(d, (Input, State)) and (d.component_id, d.component_property) == AS_OF_INPUT
               for d in _dependencies(args)):
            return self._app.callback(*args, **kwargs)
        decorate = self._app.callback(*args, State(*AS_OF_INPUT), **kwargs)

        def register(fn):
            def with_as_of(*values):
                return fn(*values[:-1])

            for attr in ("__name__", "__qualname__", "__module__", "__doc__"):
                setattr(with_as_of, attr, getattr(fn, attr, None))
            decorate(with_as_of)
            return fn

        return register


@dataclass
class CallbackMap:
    """Which page each of one app's callbacks belongs to, by the key Dash dispatches on."""

    pages: dict[str, Page] = field(default_factory=dict)
    specs: dict = field(default_factory=dict)  # the app's own callback map: inputs and state as registered

    def register(self, app, entry: Page) -> None:
        self.specs = app.callback_map
        before = set(app.callback_map)
        entry.callbacks(WithAsOf(app) if entry.dated else app)
        for key in set(app.callback_map) - before:
            self.pages[key] = entry

    def spec(self, output_key: str) -> dict | None:
        return self.specs.get(output_key)

    def page_of(self, output_key: str) -> Page | None:
        return self.pages.get(output_key)


def guarded_layout(entry: Page) -> Callable:
    """The page's layout, refusing to render for a role the page does not admit.

    The request guard already refuses such requests; this second check lives with the page so that
    no arrangement of a router request can render a page for a role that may not open it. The
    account is the one the guard found for this request (`g.oversight_account`).
    """

    @functools.wraps(entry.layout)
    def layout(**kwargs):
        account = g.get("oversight_account")
        if not entry.allows(account.role if account is not None else None):
            return refused()
        if entry.path_template:
            code = str(kwargs.get("code") or "").strip().upper()
            scope = Scope(account.role, account.authority if account.role == "coordinator" else None)
            if not scope.may_see_authority(code):
                return refused()
        return entry.layout(**kwargs)

    return layout


def refused():
    return html.Div([html.H1("Not available", className="h2"),
                     html.P("Your role does not give access to this page.")], id="page-refused")


def register_pages() -> None:
    """Hand every declared page to Dash Pages (after the Dash app exists)."""
    for entry in sorted(PAGES.values(), key=lambda p: p.order):
        dash.register_page(entry.module, path=entry.path if not entry.path_template else None,
                           path_template=entry.path_template, name=entry.name, title=entry.title,
                           order=entry.order, nav=entry.nav, layout=guarded_layout(entry))
