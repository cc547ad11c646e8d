"""The Publications page's panels: the programme's publications with their downloads, and the documents
authorities returned to each review. Publications are public documents and documents are counted
exactly (SPEC section 5), so every role reads the same national figures; a co-ordinator also sees
their own authority's returns."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.context import Ask
from dashboard.ui.format import plural, uk_date
from dashboard.ui.panel import Panel, cached_panel
from data_access import outputs, queries
from data_access.queries import NotFound

from . import figures as pf

SORTS = {"downloads": "Most downloaded first", "newest": "Newest first", "title": "Title (A to Z)",
         "review": "Review (A to Z)"}


@dataclass(frozen=True)
class Filters:
    """The page's filters as they travel in the query string: the order, and (for a download) a review."""

    sort: str = "downloads"
    review: str | None = None

    @classmethod
    def parse(cls, params: dict, scope=None) -> Filters:
        sort = params.get("sort")
        return cls(sort if isinstance(sort, str) and sort in SORTS else "downloads", params.get("review") or None)


def review_link(slug) -> str | None:
    return f"/?review={slug}" if isinstance(slug, str) and slug else None


def publications_table(ask: Ask, f: Filters) -> pd.DataFrame:
    """Title, review, date, downloads and a link to the review's pages, in the order asked for."""
    pubs = outputs.publications(ask.db, ask.scope, as_of=ask.day, review=f.review)
    frame = pd.DataFrame({"Title": pubs.title, "Review": pubs.review_title.fillna("None (programme-wide)"),
                          "Published": pubs.published_on, "Downloads": pubs.downloads.astype("int64"),
                          "Link": [review_link(s) for s in pubs.review]})
    by = {"downloads": (["Downloads", "Title"], [False, True]), "newest": (["Published", "Title"], [False, True]),
          "title": (["Title", "Published"], [True, True]), "review": (["Review", "Published"], [True, True])}[f.sort]
    return frame.sort_values(by[0], ascending=by[1], kind="stable").reset_index(drop=True)


def publications_summary(table: pd.DataFrame) -> str:
    if table.empty:
        return "No publications yet."
    top = table.sort_values("Downloads", ascending=False, kind="stable").iloc[0]
    total = int(table.Downloads.sum())
    return (f"{plural(len(table), 'publication')}, downloaded {total:,} times in all; the most downloaded is "
            f"“{top.Title}” ({int(top.Downloads):,} downloads, published {uk_date(top.Published)}).")


@cached_panel
def publications_panel(ask: Ask, f: Filters) -> Panel:
    table = publications_table(ask, f)
    return Panel(publications_summary(table), pf.downloads_bar(table), table)


def documents_table(ask: Ask, f: Filters) -> pd.DataFrame:
    """Per review the caller may see: documents returned nationally, by how many authorities, and (for
    a co-ordinator) by their own authority."""
    reviews = queries.reviews(ask.db, ask.scope, as_of=ask.day)
    if f.review:
        reviews = reviews[reviews.slug == f.review]
        if reviews.empty:
            raise NotFound(f"no review '{f.review}'")
    rows = []
    for slug, title in zip(reviews.slug, reviews.title):
        returns = outputs.document_returns(ask.db, ask.scope, slug, as_of=ask.day)
        national = returns[returns.gss_code == outputs.SCOTLAND_CODE].iloc[0]
        row = {"Review": title, "Documents returned (Scotland)": int(national.documents),
               "Authorities that returned documents": int(national.authorities),
               "Last return": national.returned_on}
        if ask.scope.role == "coordinator":
            own = returns[returns.gss_code == ask.scope.authority]
            row["Your authority's documents"] = int(own.documents.iloc[0]) if not own.empty else 0
        rows.append(row)
    return pd.DataFrame(rows, columns=["Review", "Documents returned (Scotland)", "Authorities that returned documents",
                                       "Last return"] + (["Your authority's documents"]
                                                         if ask.scope.role == "coordinator" else []))


def documents_summary(table: pd.DataFrame) -> str:
    returned = table[table["Documents returned (Scotland)"] > 0]
    if returned.empty:
        return "No documents have been returned to any review yet."
    parts = [f"{int(r['Documents returned (Scotland)']):,} to the {r.Review}" for _, r in returned.iterrows()]
    return "Documents returned: " + "; ".join(parts) + "."


@cached_panel
def documents_panel(ask: Ask, f: Filters) -> Panel:
    table = documents_table(ask, f)
    return Panel(documents_summary(table), None, table)


PANELS = {"publications-list": publications_panel, "publications-documents": documents_panel}
