"""Themes: what the coded evidence says, where it comes from, where it is coded, and when."""
from __future__ import annotations

from dashboard import registry
from data_access.queries import NotFound

from . import callbacks
from .layout import layout
from .panels import PANELS, Filters


def _table(fn):
    """A panel's table for its CSV download; a download that names no review is not found (404)."""
    def table(ask, params):
        f = Filters.parse(params, ask.scope)
        if not f.review:
            raise NotFound("no review given")
        return fn(ask, f).table
    return table


PAGE = registry.page(
    __name__, path="/themes", name="Themes", order=3, roles=registry.EVERYONE, layout=layout,
    callbacks=callbacks.register,
    downloads=[registry.Download(name, _table(fn), ("review", "family_group", "start", "end", "theme"))
               for name, fn in PANELS.items()],
)
