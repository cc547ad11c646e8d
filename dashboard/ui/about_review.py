"""'About this review' on each review's pages: what the review is, its dates, its publications and
documents returned, and all its data as one download. It follows the review named in the address."""
from __future__ import annotations

from urllib.parse import parse_qs

from dash import Input, Output, html

from data_access import outputs
from data_access.queries import NotFound

from .. import registry
from ..context import current_ask
from ..downloads import review_download_href
from .format import plural, uk_date
from .selectors import review_options


def about_review(review: str | None) -> html.Section:
    """The panel for the review a page shows (its layout's chosen review)."""
    return html.Section(about_review_content(review), id="about-review", className="panel about-review",
                        **{"aria-labelledby": "about-review-heading"})


def about_review_content(review: str | None) -> list:
    ask = current_ask()
    try:
        about = outputs.review_about(ask.db, ask.scope, review, as_of=ask.day) if review else None
        pubs = outputs.publications(ask.db, ask.scope, as_of=ask.day, review=review) if review else None
        docs = outputs.document_returns(ask.db, ask.scope, review, as_of=ask.day) if review else None
    except NotFound:
        about = None
    if about is None:
        return [html.H2("About this review", id="about-review-heading", className="h5"),
                html.P("Choose a review to read about it.")]
    national = docs[docs.gss_code == outputs.SCOTLAND_CODE].iloc[0]
    items = [html.Li([html.Strong(t), f", {uk_date(d)}: {int(n):,} downloads"])
             for t, d, n in zip(pubs.title, pubs.published_on, pubs.downloads)]
    return [
        html.Details([
            html.Summary(html.H2(f"About this review: {about['title']}", id="about-review-heading",
                                 className="h5 d-inline")),
            html.P([html.Strong(about["kind"].capitalize()), f", {uk_date(about['starts_on'])} to "
                    f"{uk_date(about['ends_on'])}."]),
            html.P(about["summary"] or "No summary has been written for this review."),
            html.P(f"Documents returned: {int(national.documents):,} from "
                   f"{plural(int(national.authorities), 'authority', 'authorities')}."),
            html.H3("Publications", className="h6"),
            html.Ul(items) if items else html.P("Nothing published yet."),
            html.P(html.A("All publications", href="/publications")),
        ], open=False),
        # Outside the folded part: the review's data is one click away whether or not it is opened.
        html.P(html.A("Download all data for this review (ZIP)", href=review_download_href(about["slug"]),
                      id="about-review-download", **{"download": ""}), className="mb-0 mt-1"),
    ]


def follow_review(search):
    """The panel follows the review the address names (or the page's default)."""
    search = search if isinstance(search, str) else ""
    asked = (parse_qs(search.lstrip("?")).get("review") or [None])[0]
    return about_review_content(review_options(asked)[1])


def _register(app) -> None:
    app.callback(Output("about-review", "children"), Input("url", "search"))(follow_review)


registry.shell_part(__name__, name="About this review", roles=registry.EVERYONE, callbacks=_register)
