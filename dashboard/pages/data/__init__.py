"""Data: upload review data (check first, then commit), import history, row counts, data quality."""
from dashboard import registry

from . import callbacks
from .layout import layout
from .panels import IMPORT_ROLES, PANELS
from .uploads import held_problems

# The query parameters every download accepted before the page had its own package; these tables
# take none of them, but a link carrying them keeps working.
PARAMS = ("review", "authority", "survey", "family_group", "start", "end", "theme", "slide")

PAGE = registry.page(
    __name__, path="/data", name="Data", order=80, roles=IMPORT_ROLES, layout=layout,
    callbacks=callbacks.register,
    downloads=[*(registry.Download(name, lambda ask, params, fn=fn: fn(ask).table, PARAMS)
                 for name, fn in PANELS.items()),
               registry.Download("data-problems", held_problems, ("check",))],
)
