"""Surveys wiring: the filters in, each panel's content out, the filters back into the URL."""
from __future__ import annotations

from dash import Input, Output, no_update
from dash.exceptions import PreventUpdate

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.figures import empty_figure
from dashboard.ui.filters import address_for_action, address_params, query_string, restoring
from dashboard.ui.panel import Panel, fill, panel_outputs, register_panels, register_tables
from dashboard.ui.profile_links import link_graphs_to_profiles
from dashboard.ui.selectors import review_options
from data_access.queries import NotFound

from .panels import PANELS, Filters, chosen_survey, survey_options


def restore(current: list, search) -> list | None:
    """On Back or Forward, the filters the address names (defaults where it names none); nothing to
    do (None) when the page already shows them."""
    q = address_params(search)
    review = q.get("review") or review_options(None)[1]
    survey = q.get("survey")
    if not survey:
        options = survey_options(current_ask(), review)
        survey = options[0]["value"] if options else None
    wanted = [review, survey, q.get("family_group", "all"), q.get("start", ""), q.get("end", "")]
    if wanted == [v if v is not None else "" for v in current]:
        return None  # the address was only read as the page was drawn: nothing to restore
    return wanted


def update_surveys(review, survey, family_group, start, end, search=None):
    """Everything on the Surveys page for one review, survey, family group and date range; the survey
    list follows the review; on Back or Forward, first the filters the address names."""
    restored = [no_update] * 5
    wanted = restore([review, survey, family_group or "all", start, end], search) if restoring("surveys-url") else None
    if wanted is not None:
        restored = wanted
        review, survey, family_group, start, end = wanted
    if not review:
        raise PreventUpdate
    ask = current_ask()
    f = Filters.parse({"review": review, "survey": survey, "family_group": family_group, "start": start,
                       "end": end}, ask.scope)
    stamp = updated_stamp()
    options = survey_options(ask, f.review)
    try:
        code = chosen_survey(ask, f.review, f.survey).code
    except NotFound:
        msg = "No survey to show for that review."
        out = [address_for_action(query_string(review=review))]
        for _ in PANELS:
            out += fill(Panel(msg, empty_figure(msg)), stamp, "#")
        return out + [options, *restored]
    if code != survey:  # the review changed and the survey chosen is not one of its own
        restored[1] = code
    f = Filters(f.review, code, f.family_group, f.start, f.end)
    link = {"review": f.review, "survey": code, "family_group": f.family_group}
    out = [address_for_action(query_string(review=f.review, survey=code, family_group=f.family_group,
                                           start=f.start, end=f.end))]
    for name, panel in PANELS.items():
        out += fill(panel(ask, f), stamp, download_href(name, **link))
    return out + [options, *restored]


def register(app) -> None:
    # The filters are outputs as well as inputs: Back and Forward set them from the address, and the
    # survey list follows the review, in the same run (so no run starts another).
    outputs = [Output("surveys-url", "search")]
    for panel in PANELS:
        outputs += panel_outputs(panel)
    outputs += [Output("surveys-survey", "options"), Output("surveys-review", "value"),
                Output("surveys-survey", "value"), Output("surveys-family-group", "value"),
                Output("surveys-start", "value"), Output("surveys-end", "value")]
    register_panels(app, outputs, [Input("surveys-review", "value"), Input("surveys-survey", "value"),
                                   Input("surveys-family-group", "value"), Input("surveys-start", "value"),
                                   Input("surveys-end", "value"), Input("surveys-url", "search")], update_surveys)
    register_tables(app, {name: name for name in PANELS})
    link_graphs_to_profiles(app, "surveys-rates-graph", "surveys-funnel-graph", "surveys-shortfall-graph")
