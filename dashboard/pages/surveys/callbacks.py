"""Surveys wiring: the filters in, each panel's content out, the filters back into the URL."""
from __future__ import annotations

from dash import Input, Output
from dash.exceptions import PreventUpdate

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.figures import empty_figure
from dashboard.ui.filters import query_string
from dashboard.ui.panel import Panel, fill, panel_outputs
from dashboard.ui.profile_links import link_graphs_to_profiles
from data_access.queries import NotFound

from .panels import PANELS, Filters, chosen_survey, survey_options


def update_surveys(review, survey, family_group, start, end):
    """Everything on the Surveys page for one review, survey, family group and date range."""
    if not review:
        raise PreventUpdate
    ask = current_ask()
    f = Filters.parse({"review": review, "survey": survey, "family_group": family_group, "start": start,
                       "end": end}, ask.scope)
    stamp = updated_stamp()
    try:
        code = chosen_survey(ask, f.review, f.survey).code
    except NotFound:
        msg = "No survey to show for that review."
        out = [query_string(review=review)]
        for _ in PANELS:
            out += fill(Panel(msg, empty_figure(msg)), stamp, "#")
        return out
    f = Filters(f.review, code, f.family_group, f.start, f.end)
    link = {"review": f.review, "survey": code, "family_group": f.family_group}
    out = [query_string(review=f.review, survey=code, family_group=f.family_group, start=f.start, end=f.end)]
    for name, panel in PANELS.items():
        out += fill(panel(ask, f), stamp, download_href(name, **link))
    return out


def survey_choices(review):
    """The survey list follows the review chosen."""
    options = survey_options(current_ask(), review)
    return options, (options[0]["value"] if options else None)


def register(app) -> None:
    outputs = [Output("surveys-url", "search")]
    for panel in PANELS:
        outputs += panel_outputs(panel)
    app.callback(outputs, Input("surveys-review", "value"), Input("surveys-survey", "value"),
                 Input("surveys-family-group", "value"), Input("surveys-start", "value"),
                 Input("surveys-end", "value"))(update_surveys)
    app.callback(Output("surveys-survey", "options"), Output("surveys-survey", "value"),
                 Input("surveys-review", "value"), prevent_initial_call=True)(survey_choices)
    link_graphs_to_profiles(app, "surveys-rates-graph", "surveys-funnel-graph", "surveys-shortfall-graph")
