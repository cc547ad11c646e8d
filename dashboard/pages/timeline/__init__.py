"""Timeline: one review's phases and milestones planned against actual, the portfolio, the joint
inspection programme."""
from dashboard import registry

from . import callbacks
from .layout import layout
from .panels import PANELS, Filters

PAGE = registry.page(
    __name__, path="/timeline", name="Timeline", order=1, roles=registry.EVERYONE, layout=layout,
    callbacks=callbacks.register,
    downloads=[registry.Download(name, lambda ask, params, fn=fn: fn(ask, Filters.parse(params, ask.scope)).table,
                                 ("review", "start", "end"))
               for name, fn in PANELS.items()],
)
