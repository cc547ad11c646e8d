"""Surveys: response rates by authority against the target, day by day, shortfalls, funnel plot."""
from dashboard import registry

from . import callbacks
from .layout import layout
from .panels import PANELS, Filters

PAGE = registry.page(
    __name__, path="/surveys", name="Surveys", order=2, roles=registry.EVERYONE, layout=layout,
    callbacks=callbacks.register,
    downloads=[registry.Download(name, lambda ask, params, fn=fn: fn(ask, Filters.parse(params, ask.scope)).table,
                                 ("review", "survey", "family_group", "start", "end"))
               for name, fn in PANELS.items()],
)
