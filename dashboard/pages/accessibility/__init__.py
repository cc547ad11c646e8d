"""The accessibility statement (GOV.UK model): public, linked from every page's footer."""
from dashboard import registry

from .layout import layout

PAGE = registry.page(
    __name__, path="/accessibility", name="Accessibility", order=10, roles=registry.EVERYONE, layout=layout,
    public=True, nav=False,
)
