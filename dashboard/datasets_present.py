"""The table behind each presenter slide, read with a presenter's scope whoever downloads it."""
from __future__ import annotations

from flask import current_app

from .datasets import dataset


@dataset("present-slide")
def present_slide(db, scope, params, day):
    from .slides import build_slide

    try:
        index = int(params.get("slide") or 1) - 1
    except ValueError:
        index = 0
    return build_slide(db, current_app.config["SDC_K"], params["review"], index, day).table
