"""Publications: the programme's outputs (publications and their downloads) and document returns per review.
Publications are public documents, so every signed-in role may open the page."""
from dashboard import registry

from . import callbacks
from .layout import TITLES, layout
from .panels import PANELS, Filters

PAGE = registry.page(
    __name__, path="/publications", name="Publications", order=5, roles=registry.EVERYONE, layout=layout,
    callbacks=callbacks.register,
    downloads=[registry.Download(name, lambda ask, params, fn=fn: fn(ask, Filters.parse(params, ask.scope)).table,
                                 ("review", "sort"), title=TITLES[name])
               for name, fn in PANELS.items()],
)
