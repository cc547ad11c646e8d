"""One authority's profile: milestones, survey rates and themes beside its family group and Scotland."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.ui.filters import demo_note
from dashboard.ui.panel import chart_panel
from dashboard.context import as_of, current_db, current_scope
from dashboard import registry
from dashboard.callbacks import local_authority as page_callbacks
from dashboard.datasets import DATASETS
from dashboard import datasets_profiles  # noqa: F401 - its tables register in DATASETS



def _default_review(slugs: set) -> str | None:
    """The most active review the authority takes part in."""
    from data_access import queries

    frame = queries.reviews(current_db(), current_scope(), as_of=as_of()[0])
    return queries.most_active_review(frame[frame.slug.isin(slugs)])


def layout(code: str | None = None, review: str | None = None, **_query):
    from data_access import profiles
    from data_access.queries import NotFound

    try:
        reviews = profiles.authority_reviews(current_db(), current_scope(), code or "", as_of=as_of()[0])
    except NotFound:
        return html.Div([html.H1("Local authority", className="h2"),
                         html.P("That authority is not available.", id="profile-missing")])
    name, fg = reviews.authority.iloc[0], int(reviews.family_group.iloc[0])
    taking_part = reviews.dropna(subset=["slug"])
    options = [{"label": f"{t} ({p})", "value": s} for s, t, p in
               zip(taking_part.slug, taking_part.title, taking_part.participation)]
    chosen = review if review in set(taking_part.slug) else _default_review(set(taking_part.slug))
    return html.Div([
        html.H1(name, className="h2", id="profile-name"),
        html.P(f"GSS code {code}; family group {fg} of 4 (1 = least deprived). Compared with its family group "
               f"where your role shows family groups, and with Scotland.", className="lead"),
        dcc.Location(id="profile-url", refresh=False),
        dcc.Store(id="profile-code", data=code),
        demo_note(),
        html.Form(dbc.Row(dbc.Col([dbc.Label("Review", html_for="profile-review"),
                                   dbc.Select(id="profile-review", options=options, value=chosen)], md=6),
                          className="my-2"), role="search", **{"aria-label": "Filters"}),
        chart_panel("profile-milestones", "Milestones: this authority beside its family group and Scotland",
                    height=420),
        dbc.Row([
            dbc.Col(chart_panel("profile-surveys", "Survey response rates", height=360), lg=6),
            dbc.Col(chart_panel("profile-themes", "Themes: share of the coding", height=360), lg=6),
        ]),
    ])

PAGE = registry.page(
    __name__, path="/local-authorities", name="Local authority", order=4, roles={"admin", "leader", "inspector", "coordinator"}, layout=layout,
    callbacks=page_callbacks.register,
    downloads=[registry.Download(n, lambda ask, params, n=n: DATASETS[n](ask.db, ask.scope, params, ask.day),
                                 ("review", "authority", "survey", "family_group", "start", "end", "theme", "slide"))
               for n in ["profile-milestones", "profile-surveys", "profile-themes"]],
    path_template="/local-authorities/<code>",
    nav=False,
)
