"""Overview: one review at a glance, and the portfolio of all reviews."""
from dashboard import registry

from . import callbacks
from .layout import layout
from .panels import PANELS, Filters

PAGE = registry.page(
    __name__, path="/", name="Overview", order=0, roles=registry.EVERYONE, layout=layout,
    callbacks=callbacks.register,
    downloads=[registry.Download(name, lambda ask, params, fn=fn: fn(ask, Filters.parse(params, ask.scope)).table,
                                 ("review",))
               for name, fn, _graph in PANELS.values()],
)
