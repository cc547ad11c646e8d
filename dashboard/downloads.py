"""CSV downloads of the numbers behind each chart, through the same scoped reads as the pages."""
from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import pandas as pd
from flask import Response, abort, request

from data_access.importers.csv_safety import escape_cell
from data_access.queries import NotFound

from . import registry
from .context import current_ask, updated_stamp
from .ui.format import cell, uk_date


def frame_to_csv(frame: pd.DataFrame, *, preamble: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in preamble or []:
        writer.writerow([escape_cell(line)])
    writer.writerow([escape_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if v is None else escape_cell(v) for v in map(cell, row)])
    return out.getvalue()


def download_href(dataset: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"/download/{dataset}.csv" + (f"?{query}" if query else "")


def register(server) -> None:
    @server.get("/download/<name>.csv")
    def download_csv(name: str):
        # The guard has already refused a download that is not registered or not the role's.
        found = registry.DOWNLOADS.get(name)
        if found is None:
            abort(404)
        _page, download = found
        params = {k: v for k, v in request.args.items() if k in download.params}
        ask = current_ask()
        try:
            frame = download.table(ask, params)
        except (NotFound, KeyError):
            abort(404)
        preamble = [f"Review Oversight: {name}", f"Data as of {uk_date(ask.day)}", updated_stamp()]
        if ask.is_demo(params.get("review")):
            preamble.append("Demonstration data: per-authority detail is synthetic")
        body = frame_to_csv(frame, preamble=preamble)
        return Response(body, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{name}.csv"', "Cache-Control": "no-store"})
