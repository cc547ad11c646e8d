"""The About page's text: what the data is, definitions, disclosure control, and where the accessibility
statement is."""
from __future__ import annotations

from dash import html
from flask import current_app

from dashboard.context import as_of, updated_stamp
from dashboard.ui.format import uk_date
from data_access.portfolio import CHANGE_DAYS, STATUS_RULE, STATUS_SYMBOL

DEFINITIONS = [
    ("As-of date", "The day the dashboard treats as today. Days to go, overdue milestones and the today line on "
                   "timelines are worked out from it."),
    ("Milestone status", "Complete (✓): done on or before the as-of date. Overdue (!): due before the as-of date and "
                         "not done. Due soon (…): due within 14 days. Not yet due (·): due later."),
    ("Slippage", "Days between a phase's or milestone's planned date and its actual date; while unfinished "
                 "work is past its planned date, days from the planned date to the as-of date."),
    ("Response rate", "Responses received by the as-of date divided by the eligible population. The target is "
                      "the survey's own; responses still needed = target x eligible, rounded up, less responses."),
    ("Funnel plot", "Each authority's rate against its eligible population, with 95% and 99.8% control limits "
                    "around the national rate (normal approximation to the binomial). A point outside the 99.8% "
                    "limits is unlikely to differ from Scotland by chance alone."),
    ("Family group", "The Local Government Benchmarking Framework family groups for children, social work and "
                     "housing indicators: four groups of similar authorities, 1 the least deprived."),
    ("Theme tally", "How often inspectors coded a theme or sub-theme in the evidence, by authority, evidence "
                    "source, week, and whether it was a strength or an area for improvement."),
    ("Co-occurrence", "For two themes, the number of authority and evidence-source combinations in which both "
                      "were coded."),
    ("Saturation", "New codes per week: sub-themes coded for the first time, and new combinations of sub-theme, "
                   "authority and source. When they fall towards zero, further evidence adds little new."),
]


def _k() -> int:
    """The disclosure threshold; visitors who have not signed in read the default."""
    return int(current_app.config.get("SDC_K", 5))


def layout(**_query):
    day, demo = as_of()
    k = _k()
    return html.Div([
        html.H1("About this dashboard", className="h2"),
        html.Section([
            html.H2("What the data is", className="h4"),
            html.P("Review Oversight follows the regulator's thematic reviews and joint inspections across "
                   "Scotland's 32 local authorities: milestones, phase timelines, survey response rates and the "
                   "themes coded from the evidence. It holds aggregated data only: counts, dates, statuses and "
                   "coded theme tallies. It holds no names of people, no individual responses and no free text "
                   "from respondents."),
            html.P("The reviews, their phases and their dates come from the regulator's published pages. "
                   + ("The per-authority detail shown here is demonstration data: synthetic numbers, calibrated "
                      "to the published national totals, on the real programme's dates." if demo else "")),
            html.P([f"Data as of {uk_date(day)}. ", html.Span(updated_stamp(), id="about-updated"), "."]),
        ], className="panel"),
        html.Section([
            html.H2("Definitions", className="h4"),
            html.Dl([item for term, text in DEFINITIONS for item in (html.Dt(term), html.Dd(text))]),
        ], className="panel"),
        html.Section([
            html.H2("Portfolio status", className="h4", id="about-status-rule"),
            html.P("Each review on the Overview is on track, at risk or behind, worked out from the as-of date by "
                   "this rule, in this order:"),
            html.Dl([item for status, text in STATUS_RULE for item in (
                html.Dt(f"{STATUS_SYMBOL[status]} {status.capitalize()}"), html.Dd(text[0].upper() + text[1:]))]),
            html.P(f"Overdue milestones count each authority's milestone separately, and each milestone for the "
                   f"review as a whole once; slippage is how many days the oldest of them is past its due date. "
                   f"Change since a week earlier compares the as-of date with {CHANGE_DAYS} days before. For "
                   f"co-ordinators and presenters the responses added are the difference between two points of the "
                   f"disclosure-controlled series on the Surveys page, so they may be counted from a little "
                   f"earlier: the card says from when."),
        ], className="panel"),
        html.Section([
            html.H2("Disclosure control", className="h4"),
            html.P(f"Local authority co-ordinators and presenters see counts of people (survey responses, "
                   f"eligible populations, staff, young people) and theme tallies under statistical disclosure "
                   f"control: a count from 1 to {k - 1} is shown as 'c', and so is any rate built on it. Further "
                   f"cells are suppressed where a hidden value could otherwise be worked out from the totals "
                   f"shown or from the steps of a cumulative series. Counts of authorities, documents and days are "
                   f"shown exactly. Suppression happens before the numbers leave the server."),
            html.P("Presenters see national figures only; co-ordinators see their own authority beside Scotland. "
                   "Published findings are not attributed to individual authorities."),
        ], className="panel"),
        html.Section([
            html.H2("The data API", className="h4"),
            html.P(["The numbers on these pages are also available as data, under the same role rules and "
                    "disclosure control, to a signed-in session or an API token: JSON that pandas reads with "
                    "read_json, or CSV with ?format=csv. ",
                    html.A("Read the API reference", href="/api/v1/docs", id="about-api-reference"),
                    " (its OpenAPI 3.1 description is at ",
                    html.A("/api/v1/openapi.json", href="/api/v1/openapi.json"), ")."]),
        ], className="panel"),
        html.Section([
            html.H2("Accessibility", className="h4"),
            html.P(["How accessible this dashboard is, the problems we know of and when they will be fixed, and "
                    "how to tell us about a problem: ",
                    html.A("read the accessibility statement", href="/accessibility", id="about-accessibility"),
                    "."]),
        ], className="panel"),
    ])
