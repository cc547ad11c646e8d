"""About: what the data is, definitions, disclosure control, accessibility, last updated (public)."""
from dashboard import registry

from .layout import layout

PAGE = registry.page(
    __name__, path="/about", name="About", order=9, roles=registry.EVERYONE, layout=layout,
    public=True,
)
