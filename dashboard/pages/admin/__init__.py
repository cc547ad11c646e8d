"""Administration: users and roles, and the audit log (administrators only)."""
from dashboard import registry

from . import callbacks
from .layout import layout

PAGE = registry.page(
    __name__, path="/admin", name="Admin", order=90, roles={"admin"}, layout=layout,
    callbacks=callbacks.register, dated=False,  # users and the audit log: no as-of day
)
