"""One authority's profile: milestones, survey rates and themes beside its family group and Scotland."""
from __future__ import annotations

from dashboard import registry

from . import callbacks
from .layout import layout, profile_title
from .panels import PANELS, Filters

PAGE = registry.page(
    __name__, path="/local-authorities", name="Local authority", order=4,
    roles={"admin", "leader", "inspector", "coordinator"}, layout=layout, callbacks=callbacks.register,
    downloads=[registry.Download(name, lambda ask, params, fn=fn: fn(ask, Filters.parse(params, ask.scope)).table,
                                 ("review", "authority"))
               for name, fn in PANELS.items()],
    path_template="/local-authorities/<code>",
    nav=False,
    title_for=profile_title,
)
