"""Callbacks, registered on each app by `register_all(app)` so every app instance gets its own."""
from . import admin, overview, timeline


def register_all(app) -> None:
    overview.register(app)
    timeline.register(app)
    admin.register(app)
