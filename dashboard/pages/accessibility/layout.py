"""The accessibility statement's page, written on the GOV.UK model statement's headings."""
from __future__ import annotations

from dash import html
from flask import current_app

from dashboard.ui.format import uk_date

from . import statement as s

EHRC = "Equality and Human Rights Commission (EHRC)"
REGULATIONS = ("the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
               "Regulations 2018")


def contact_email() -> str:
    return str(current_app.config.get("ACCESSIBILITY_CONTACT") or s.CONTACT_EMAIL)


def _section(heading: str, *children, section_id: str) -> html.Section:
    return html.Section([html.H2(heading, className="h4", id=f"{section_id}-heading"), *children],
                        className="panel", id=section_id, **{"aria-labelledby": f"{section_id}-heading"})


def _failure(item: s.Failure) -> html.Li:
    return html.Li([
        html.P(item.problem, className="mb-1"),
        html.P([f"This fails WCAG 2.2 success criteri{'on' if len(item.criteria) == 1 else 'a'} ",
                "; ".join(item.criteria), f". We plan to fix it by {uk_date(item.fix_by)}."]),
    ], className="known-failure")


def layout(**_query):
    email = contact_email()
    mail = html.A(email, href=f"mailto:{email}", id="accessibility-contact")
    return html.Div([
        html.H1(f"Accessibility statement for {s.SERVICE}", className="h2"),
        html.P(f"This statement applies to the {s.SERVICE} dashboard, which follows the regulator's thematic "
               "reviews and joint inspections across Scotland's 32 local authorities."),
        _section("Using this dashboard", html.P(
            "We want as many people as possible to be able to use this dashboard. For example, you should be "
            "able to:"), html.Ul([
                html.Li("change colours, contrast levels and fonts using your browser or device settings"),
                html.Li("zoom in up to 400% and read the text, the summaries and the tables"),
                html.Li("reach every page, filter, table, download and authority profile using just a keyboard"),
                html.Li("use the dashboard with a screen reader: each chart has a heading, a one-sentence "
                        "summary and a table of the same numbers"),
                html.Li("download the numbers behind every chart as a CSV file"),
            ]), section_id="using"),
        _section("How accessible this dashboard is", html.P(
            "Parts of this dashboard are not fully accessible:"), html.Ul([
                html.Li(f.problem) for f in s.KNOWN_FAILURES]), section_id="how-accessible"),
        _section("Feedback and contact information", html.P([
            "If you need the numbers behind any chart in a different format, such as large print, easy read or "
            "a spreadsheet, email ", mail, f". We'll consider your request and get back to you within "
            f"{s.ALTERNATIVE_FORMAT_DAYS} working days."]), section_id="contact"),
        _section("Reporting accessibility problems with this dashboard", html.P([
            "We're always looking to improve the accessibility of this dashboard. If you find any problems not "
            "listed on this page or think we're not meeting accessibility requirements, email ",
            html.A(email, href=f"mailto:{email}"), f". We'll reply within {s.RESPONSE_DAYS} working days."]),
            section_id="reporting"),
        _section("Enforcement procedure", html.P(
            f"The {EHRC} is responsible for enforcing {REGULATIONS} (the 'accessibility regulations'). If "
            "you're not happy with how we respond to your complaint, contact the Equality Advisory and "
            "Support Service (EASS)."), section_id="enforcement"),
        _section("Technical information about this dashboard's accessibility", html.P(
            f"The regulator is committed to making this dashboard accessible, in accordance with {REGULATIONS}."),
            html.H3("Compliance status", className="h5"),
            html.P(["This dashboard is ", html.Strong(s.COMPLIANCE, id="compliance-status"),
                    f" with the {s.STANDARD}, due to the non-compliances listed below."]),
            html.H3("Non-accessible content", className="h5"),
            html.P("The content listed below is non-accessible for the following reasons."),
            html.H4("Non-compliance with the accessibility regulations", className="h6"),
            html.Ul([_failure(f) for f in s.KNOWN_FAILURES], id="known-failures"),
            html.H4("Disproportionate burden", className="h6"),
            html.P("We are not claiming that fixing any of the problems above would be a disproportionate burden."),
            html.H4("Content that's not within the scope of the accessibility regulations", className="h6"),
            html.P("None: every page, chart and download is in scope."),
            section_id="technical"),
        _section("What we're doing to improve accessibility", html.P(
            "We fix each problem listed above by the date given beside it, and we test every change with the "
            "automated and keyboard checks described below before it is released."), section_id="improving"),
        _section("Preparation of this accessibility statement",
                 html.P(["This statement was prepared on ", html.Span(uk_date(s.PREPARED), id="prepared-date"),
                         ". It was last reviewed on ", html.Span(uk_date(s.REVIEWED), id="reviewed-date"), "."]),
                 html.P(f"This dashboard was last tested on {uk_date(s.LAST_TESTED)}. The test was carried out "
                        f"by the {s.SERVICE} team, as follows:"),
                 html.Ul([html.Li(t) for t in s.TESTING]), section_id="preparation"),
    ])
