"""Presenter mode: a slide sequence of national charts, large type, keyboard next and previous."""
from dashboard import registry

from . import callbacks, notes, pack_jobs  # noqa: F401  (notes registers the speaker-notes page)
from .layout import layout
from .panels import slide_table


def register(app) -> None:
    """The slide, the deck editor and the pack button's callbacks, and the route serving a built pack."""
    callbacks.register(app)
    pack_jobs.register(app)
    pack_jobs.register_routes(app.server)


PAGE = registry.page(
    __name__, path="/present", name="Present", order=70, roles=pack_jobs.ROLES,
    layout=layout, callbacks=register,
    downloads=[registry.Download("present-slide", slide_table, ("review", "slide", "survey"))],
)
