"""Data API (/api/v1): the same scoped, disclosure-controlled reads as the pages; JSON or CSV."""
from __future__ import annotations

import datetime as dt

import orjson
import pandas as pd
from flask import Blueprint, Response, abort, request

from data_access import queries

from .ui.format import uk_date
from .context import as_of, current_db, current_scope
from .downloads import frame_to_csv

api = Blueprint("api", __name__, url_prefix="/api/v1")


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _respond(name: str, frame: pd.DataFrame, **meta) -> Response:
    day, demo = as_of()
    if request.args.get("format", "json") == "csv":
        preamble = [f"Review Oversight: {name}", f"Data as of {uk_date(day)}"]
        if demo:
            preamble.append("Demonstration data: per-authority detail is synthetic")
        return Response(frame_to_csv(frame, preamble=preamble), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if request.args.get("format", "json") != "json":
        abort(400, description="format must be json or csv")
    rows = [{k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
    body = {"as_of": day.isoformat(), "demonstration_data": demo, **meta, "data": rows}
    return Response(orjson.dumps(body), mimetype="application/json")


def _read(fn, slug: str | None = None):
    day, _ = as_of()
    try:
        if slug is None:
            return fn(current_db(), current_scope(), as_of=day)
        return fn(current_db(), current_scope(), slug, as_of=day)
    except queries.NotFound:
        abort(404, description="no such review")


def _visible_review(slug: str) -> None:
    if slug not in set(_read(queries.reviews).slug):
        abort(404, description="no such review")


@api.get("/reviews")
def reviews():
    return _respond("reviews", _read(queries.reviews))


@api.get("/local-authorities")
def local_authorities():
    return _respond("local-authorities", _read(queries.local_authorities))


@api.get("/reviews/<slug>/progress")
def progress(slug: str):
    _visible_review(slug)
    if current_scope().sees_any_authority:
        frame = _read(queries.authority_progress, slug)
    else:
        frame = _read(queries.national_status_counts, slug)
    return _respond("progress", frame, review=slug)


@api.get("/reviews/<slug>/timeline")
def timeline(slug: str):
    _visible_review(slug)
    phases = _read(queries.phases, slug).assign(kind="phase")
    milestones = _read(queries.milestones, slug).assign(kind="milestone")
    frame = pd.concat([phases, milestones], ignore_index=True, sort=False)
    return _respond("timeline", frame, review=slug)


@api.get("/reviews/<slug>/survey-rates")
def survey_rates(slug: str):
    _visible_review(slug)
    return _respond("survey-rates", _read(queries.survey_totals, slug), review=slug)


@api.get("/reviews/<slug>/themes")
def themes(slug: str):
    _visible_review(slug)
    return _respond("themes", _read(queries.theme_totals, slug), review=slug)


@api.errorhandler(400)
@api.errorhandler(404)
def api_error(exc):
    return Response(orjson.dumps({"error": exc.description}), status=exc.code, mimetype="application/json")


def register(server) -> None:
    server.register_blueprint(api)
