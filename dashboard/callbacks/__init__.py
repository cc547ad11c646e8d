"""Callbacks, registered on each app by `register_all(app)` so every app instance gets its own."""
from . import admin, data, local_authority, overview, present, surveys, themes, timeline


def register_all(app) -> None:
    overview.register(app)
    timeline.register(app)
    surveys.register(app)
    themes.register(app)
    local_authority.register(app)
    admin.register(app)
    data.register(app)
    present.register(app)
