"""The dashboard's pages. Importing this package declares every page in `dashboard.registry`."""
from . import about, accessibility, admin, data, local_authority, overview, present, surveys, themes, timeline  # noqa: F401
