"""Timeline wiring: the filters in, each panel's content out, the filters back into the URL."""
from __future__ import annotations

from dash import Input, Output, no_update
from dash.exceptions import PreventUpdate

from dashboard.context import current_ask, updated_stamp
from dashboard.downloads import download_href
from dashboard.ui.filters import address_for_action, address_params, query_string, restoring
from dashboard.ui.panel import Panel, fill, panel_outputs, register_panels, register_tables
from dashboard.ui.profile_links import link_graphs_to_profiles
from dashboard.ui.selectors import review_options
from data_access.queries import NotFound

from .panels import PANELS, Filters, gantt_panel

UNAVAILABLE = "That review is not available."


def download_links(f: Filters) -> dict[str, str]:
    """Each panel's CSV link: the review's own Gantt by review, the portfolio and programme by dates only."""
    dates = {"start": f.start.isoformat() if f.start else None, "end": f.end.isoformat() if f.end else None}
    return {name: download_href(name, **({"review": f.review} if name == "timeline-gantt" else {}), **dates)
            for name in PANELS}


def restore(review, start, end, search) -> list | None:
    """On Back or Forward, the filters the address names (the default review where it names none);
    nothing to do (None) when the page already shows them."""
    q = address_params(search)
    wanted = [q.get("review") or review_options(None)[1], q.get("start", ""), q.get("end", "")]
    if wanted == [review or "", start or "", end or ""]:
        return None  # the address was only read as the page was drawn: nothing to restore
    return wanted


def update_timeline(review, start, end, search=None):
    """Everything on the Timeline for one review and date range, scoped to the caller; on Back or
    Forward, first the filters the address names."""
    restored = [no_update] * 3
    wanted = restore(review, start, end, search) if restoring("timeline-url") else None
    if wanted is not None:
        restored = wanted
        review, start, end = wanted
    if not review:
        raise PreventUpdate
    ask = current_ask()
    f = Filters.parse({"review": review, "start": start, "end": end}, ask.scope)
    stamp = updated_stamp()
    out = [address_for_action(query_string(review=f.review, start=f.start, end=f.end))]
    links = download_links(f)
    try:
        # The review's own Gantt first: it refuses a review outside the caller's scope, and then
        # the page shows nothing about any review.
        gantt = gantt_panel(ask, f)
    except NotFound:
        for _ in PANELS:
            out += fill(Panel(UNAVAILABLE, None), stamp, "#")
        return out + restored
    for name, panel in PANELS.items():
        out += fill(gantt if panel is gantt_panel else panel(ask, f), stamp, links[name])
    return out + restored


def register(app) -> None:
    outputs = [Output("timeline-url", "search")]
    for panel in PANELS:
        outputs += panel_outputs(panel)
    # The filters are outputs too: Back and Forward set them from the address in the same run.
    outputs += [Output("timeline-review", "value"), Output("timeline-start", "value"), Output("timeline-end", "value")]
    register_panels(app, outputs, [Input("timeline-review", "value"), Input("timeline-start", "value"),
                                   Input("timeline-end", "value"), Input("timeline-url", "search")], update_timeline)
    register_tables(app, {name: name for name in PANELS})
    link_graphs_to_profiles(app, "timeline-programme-graph")
