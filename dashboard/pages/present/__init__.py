"""Presenter mode: a slide sequence of national charts, large type, keyboard next and previous."""
from dashboard import registry

from . import callbacks, notes  # noqa: F401  (notes registers the speaker-notes page)
from .layout import layout
from .panels import slide_table

PAGE = registry.page(
    __name__, path="/present", name="Present", order=70, roles={"admin", "leader", "inspector", "presenter"},
    layout=layout, callbacks=callbacks.register,
    downloads=[registry.Download("present-slide", slide_table, ("review", "slide", "survey"))],
)
