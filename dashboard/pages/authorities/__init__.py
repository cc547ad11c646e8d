"""Every local authority as a list of links to its profile: the keyboard's way to any profile."""
from dashboard import registry
from data_access.scope import NAMED_ROLES

from .layout import layout

PAGE = registry.page(
    __name__, path="/authorities", name="Authorities", order=5, roles=NAMED_ROLES, layout=layout,
)
