"""The authority list: the 32 authorities by family group, each a link to its profile."""
from __future__ import annotations

from dash import dcc, html

from dashboard.ui.tables import profile_path
from data_access.reference import AUTHORITIES

FAMILY_GROUP_NOTE = {1: " (least deprived)", 4: " (most deprived)"}


def layout(**_query):
    groups = sorted({a.family_group for a in AUTHORITIES})
    return html.Div([
        html.H1("Local authorities", className="h2"),
        html.P("Open an authority's profile: its milestones, survey response rates and themes beside its family "
               "group and Scotland. The authorities are listed by family group, alphabetically within each."),
        *[html.Section([
            html.H2(f"Family group {g}{FAMILY_GROUP_NOTE.get(g, '')}", className="h4", id=f"family-group-{g}"),
            html.Ul([html.Li(dcc.Link(a.name, href=profile_path(a.gss_code)))
                     for a in sorted(AUTHORITIES, key=lambda a: a.name) if a.family_group == g],
                    className="authority-list"),
        ], className="panel", **{"aria-labelledby": f"family-group-{g}"}) for g in groups],
    ], id="authority-list")
