"""Speaker notes: the slide shown in the presenter's other window, with its sentence, numbers and caveats."""
from dashboard import registry

from . import callbacks
from .layout import layout

PAGE = registry.page(
    __name__, path="/present/notes", name="Speaker notes", order=71,
    roles={"admin", "leader", "inspector", "presenter"}, layout=layout, callbacks=callbacks.register, nav=False,
)
