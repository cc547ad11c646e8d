"""The dashboard's pages. Importing this package declares every page in `dashboard.registry`."""
from . import (  # noqa: F401
    about,
    admin,
    data,
    local_authority,
    overview,
    present,
    publications,
    surveys,
    themes,
    timeline,
)
