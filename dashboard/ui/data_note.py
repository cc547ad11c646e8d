"""'About this data' beside a chart: where its numbers come from, what they mean, how small numbers
are treated for the reader's role, and when they next change."""
from __future__ import annotations

from dash import html
from flask import current_app

from ..context import current_scope, updated_stamp

# kind: (source, definitions, whether counts of people are in it)
NOTES = {
    "milestones": ("Milestone dates and completions recorded by the review team for each authority.",
                   "Overdue: due before the as-of date and not done. Slippage: days past the planned date.",
                   False),
    "surveys": ("Daily response counts returned for each authority, and each survey's eligible population.",
                "Response rate: responses by the as-of date divided by the eligible population, against the "
                "survey's own target.", True),
    "themes": ("Theme tallies coded by inspectors from the evidence (documents, survey, interviews, focus groups).",
               "A tally counts how often a theme or sub-theme was coded, as a strength or an area for "
               "improvement.", True),
    "publications": ("The regulator's published resources, with their download counts.",
                     "Downloads: the count the regulator's website reports for the resource.", False),
    "documents": ("Documents each authority returned to the review, counted by the review team.",
                  "Documents are counted exactly; Scotland is the total over every authority.", False),
}


def suppression_text(people: bool) -> str:
    if not people:
        return "Dates, statuses and counts of authorities, documents, days and downloads are shown exactly."
    try:
        exact = current_scope().exact_small_counts
    except RuntimeError:
        exact = False
    if exact:
        return "Your role sees small counts exactly; co-ordinators and presenters see counts from 1 to " \
               f"{int(current_app.config.get('SDC_K', 5)) - 1} as c."
    return (f"Counts of people from 1 to {int(current_app.config.get('SDC_K', 5)) - 1} are shown as c, with "
            "further cells withheld where they would let one be worked out.")


def data_note(kind: str) -> html.Details:
    """The note for one kind of data (a key of NOTES), folded under the chart's table."""
    source, definitions, people = NOTES[kind]
    return html.Details([
        html.Summary("About this data"),
        html.Dl([
            html.Dt("Source"), html.Dd(source),
            html.Dt("Definitions"), html.Dd([definitions, " See ", html.A("About", href="/about"),
                                             " for every definition."]),
            html.Dt("Small numbers"), html.Dd(suppression_text(people)),
            html.Dt("Next update"), html.Dd(f"When the next {kind} data is imported. {updated_stamp()}."),
        ], className="data-note-list"),
    ], className="data-note")
