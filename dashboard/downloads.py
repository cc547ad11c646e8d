"""Downloads of the numbers behind each chart (CSV, and XLSX with an About sheet), and all of a review's
downloads as one ZIP, through the same scoped reads as the pages.

A file's facts (title, as-of date, last updated, filters, disclosure, demonstration label) go in
`X-Oversight-*` response headers, like the data API's, and in the XLSX's About sheet (and the ZIP's
about.csv): never above the header row, so `pandas.read_csv(url)` reads every download as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
from flask import Response, abort, request

from data_access import queries, surveys
from data_access.cache import dataset_info
from data_access.disclosure import needs_control
from data_access.queries import NotFound

from . import registry
from .context import Ask, current_ask, replayed_as_of
from .download_files import csv_text, header_value, tidy, xlsx_bytes, zip_bytes
from .ui.format import uk_date, uk_datetime

FORMATS = ("csv", "xlsx")
# Parameters that pick one slide or one upload check: a review's ZIP holds the downloads that describe
# the whole review, not these.
NOT_IN_BUNDLE = frozenset({"slide", "check"})


def frame_to_csv(frame: pd.DataFrame) -> str:
    """A table as a tidy CSV (header first, formula text escaped), as every download writes it."""
    return csv_text(tidy(frame))


def download_href(dataset: str, fmt: str = "csv", **params) -> str:
    """The link to a download; a replayed as-of date (leaders, inspectors, admins) travels with it."""
    replay = replayed_as_of()
    if replay is not None:
        params["as_of"] = replay.isoformat()
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"/download/{dataset}.{fmt}" + (f"?{query}" if query else "")


def review_download_href(review: str) -> str:
    replay = replayed_as_of()
    return f"/download/review/{review}.zip" + (f"?as_of={replay.isoformat()}" if replay else "")


def is_demonstration(ask: Ask, review: str | None) -> bool:
    """Whether the data a file shows is demonstration data: the review's own label (for a file of no
    one review, whether every review is a demonstration)."""
    return ask.is_demo(review)


def disclosure_note(ask: Ask) -> str:
    if needs_control(ask.scope):
        return (f"Counts of people from 1 to {ask.scope.k - 1}, and rates built on them, are withheld and "
                f"shown as c; further cells are withheld where they would let one be worked out.")
    return "Exact counts: your role sees small counts as they are."


@dataclass(frozen=True)
class Prepared:
    """One download, ready to write: its tidy table, its facts and its file name (without extension)."""

    frame: pd.DataFrame
    about: dict[str, str]
    headers: dict[str, str]
    stem: str


def title_of(page: registry.Page, download: registry.Download) -> str:
    if download.title:
        return download.title
    words = download.name.split("-")
    prefix = page.path.strip("/").split("/")[0] or "overview"
    rest = " ".join(words[1:] if words[0] == prefix else words) or download.name
    return f"{page.name}: {rest}"


def _review_title(ask: Ask, review: str | None) -> str:
    if not review:
        return ""
    frame = queries.reviews(ask.db, ask.scope, as_of=ask.day)
    match = frame[frame.slug == review]
    return str(match.title.iloc[0]) if not match.empty else review


def prepare(ask: Ask, page: registry.Page, download: registry.Download, params: dict) -> Prepared:
    """Read one download with the caller's Ask; NotFound when it names nothing the caller may see."""
    try:
        frame = download.table(ask, params)
    except KeyError as exc:
        raise NotFound(str(exc)) from exc
    if frame is None or len(frame.columns) == 0:
        raise NotFound("nothing to download for this role")
    review = params.get("review") or None
    info = dataset_info(ask.db)
    demo = is_demonstration(ask, review)
    title = title_of(page, download)
    review_title = _review_title(ask, review)
    filters = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    parts = [review, params.get("survey"), params.get("authority"), download.name, ask.day.isoformat(),
             "demonstration" if demo else None]
    stem = "-".join(str(p) for p in parts if p)
    about = {
        "Title": title, "Review": review_title, "Survey": params.get("survey") or "",
        "Data as of": uk_date(ask.day), "Last updated": uk_datetime(info.updated_at) or "never",
        "Data version": str(info.version), "Filters": filters or "none", "Disclosure": disclosure_note(ask),
        "Demonstration data": ("Yes: the per-authority detail is synthetic, on the real programme's dates"
                               if demo else "No"),
        "Source": "Review Oversight", "File": stem,
    }
    headers = {
        "X-Oversight-Title": title, "X-Oversight-Review": review or "", "X-Oversight-As-Of": ask.day.isoformat(),
        "X-Oversight-Last-Updated": info.updated_at.isoformat() if info.updated_at else "",
        "X-Oversight-Data-Version": str(info.version), "X-Oversight-Filters": filters,
        "X-Oversight-Disclosure": about["Disclosure"], "X-Oversight-Demonstration": "true" if demo else "false",
    }
    return Prepared(tidy(frame), about, {k: header_value(v) for k, v in headers.items()}, stem)


def _one(name: str, fmt: str) -> Response:
    # The guard has already refused a download that is not registered or not the role's.
    found = registry.DOWNLOADS.get(name)
    if found is None:
        abort(404)
    page, download = found
    params = {k: v for k, v in request.args.items() if k in download.params}
    try:
        ready = prepare(current_ask(), page, download, params)
    except NotFound:
        abort(404)
    headers = {**ready.headers, "Content-Disposition": f'attachment; filename="{ready.stem}.{fmt}"',
               "Cache-Control": "no-store"}
    if fmt == "xlsx":
        return Response(xlsx_bytes(ready.frame, ready.about), headers=headers,
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return Response(csv_text(ready.frame), mimetype="text/csv", headers=headers)


def bundle_requests(ask: Ask, review: str):
    """Every download of the review's pages the caller may open, with the parameters to read it."""
    for page in sorted(registry.PAGES.values(), key=lambda p: p.order):
        if not page.allows(ask.scope.role):
            continue
        for download in page.downloads:
            if "review" not in download.params or NOT_IN_BUNDLE & set(download.params):
                continue
            params = {"review": review}
            if "authority" in download.params:
                if ask.scope.role != "coordinator":
                    continue  # a profile per authority: the per-authority tables already hold them all
                params["authority"] = ask.scope.authority
            if "survey" in download.params:
                try:
                    codes = list(surveys.review_surveys(ask.db, ask.scope, review, as_of=ask.day).code)
                except NotFound:
                    codes = []
                for code in codes:
                    yield page, download, {**params, "survey": code}
            else:
                yield page, download, params


def review_bundle(ask: Ask, review: str) -> tuple[str, bytes]:
    """The ZIP of every download of one review the caller may see, each read with the caller's scope."""
    if review not in set(queries.reviews(ask.db, ask.scope, as_of=ask.day).slug):
        raise NotFound(f"no review '{review}' for this caller")  # unknown, or not one of the caller's
    files: dict[str, str] = {}
    index = []
    for page, download, params in bundle_requests(ask, review):
        try:
            ready = prepare(ask, page, download, params)
        except NotFound:
            continue
        files[f"{ready.stem}.csv"] = csv_text(ready.frame)
        index.append({"File": f"{ready.stem}.csv", **{k: v for k, v in ready.about.items() if k != "File"}})
    if not files:
        raise NotFound(f"nothing to download for '{review}'")
    demo = is_demonstration(ask, review)
    stem = "-".join(p for p in (review, "all-data", ask.day.isoformat(), "demonstration" if demo else None) if p)
    files = {"about.csv": csv_text(tidy(pd.DataFrame(index))), **files}
    return stem, zip_bytes({f"{stem}/{name}": body for name, body in files.items()})


def register(server) -> None:
    @server.get("/download/<name>.csv")
    def download_csv(name: str):
        return _one(name, "csv")

    @server.get("/download/<name>.xlsx")
    def download_xlsx(name: str):
        return _one(name, "xlsx")

    @server.get("/download/review/<slug>.zip")
    def download_review(slug: str):
        ask = current_ask()
        try:
            stem, body = review_bundle(ask, slug)
        except NotFound:
            abort(404)
        info = dataset_info(ask.db)
        headers = {"Content-Disposition": f'attachment; filename="{stem}.zip"', "Cache-Control": "no-store",
                   "X-Oversight-Review": header_value(slug), "X-Oversight-As-Of": ask.day.isoformat(),
                   "X-Oversight-Data-Version": str(info.version),
                   "X-Oversight-Disclosure": header_value(disclosure_note(ask)),
                   "X-Oversight-Demonstration": "true" if is_demonstration(ask, slug) else "false"}
        return Response(body, mimetype="application/zip", headers=headers)
