"""Which pages each role may open (SPEC section 4). The data rules live in data_access.scope."""
from __future__ import annotations

from data_access.scope import Scope

_ALL = {"/", "/timeline", "/surveys", "/themes", "/local-authorities", "/present", "/data", "/admin", "/about"}
PAGES_BY_ROLE = {
    "admin": _ALL,
    "leader": _ALL - {"/data", "/admin"},
    "inspector": _ALL - {"/admin"},
    "coordinator": {"/", "/timeline", "/surveys", "/themes", "/local-authorities", "/about"},
    "presenter": {"/present", "/", "/timeline", "/surveys", "/themes", "/about"},
}


def allowed_page(scope: Scope, path: str, authority: str | None = None) -> bool:
    """Whether the scope may open `path`; `authority` is the code in a profile path."""
    base = path if not path.startswith("/local-authorities") else "/local-authorities"
    if base not in PAGES_BY_ROLE.get(scope.role, set()):
        return False
    if base == "/local-authorities" and authority is not None:
        return scope.may_see_authority(authority)
    return True


# Component ids start with the name of the page they belong to ("overview-map-graph",
# "admin-users-table"); a callback or download is checked against that page's roles.
# Pages added later are matched by their module name too (see `page_for_component`).
COMPONENT_PREFIXES = {
    "overview": "/", "timeline": "/timeline", "surveys": "/surveys", "survey": "/surveys",
    "themes": "/themes", "theme": "/themes", "la": "/local-authorities", "authority": "/local-authorities",
    "authorities": "/local-authorities", "profile": "/local-authorities", "present": "/present",
    "presenter": "/present", "slides": "/present", "data": "/data", "import": "/data", "admin": "/admin",
    "about": "/about",
}


def page_for_path(path: str) -> tuple[str | None, str | None]:
    """The page a URL path opens (one of ours, else None) and the authority code in a profile path."""
    path = (path or "/").split("?", 1)[0].split("#", 1)[0]
    parts = [p for p in path.split("/") if p]
    if not parts:
        return "/", None
    base = "/" + parts[0]
    if base not in _ALL:
        return None, None
    authority = parts[1] if base == "/local-authorities" and len(parts) > 1 else None
    return base, authority


def page_for_component(component_id: str) -> str | None:
    """The page a component id (or a download's dataset name) belongs to, if it can be told."""
    head = str(component_id).split("-", 1)[0].split("_", 1)[0].lower()
    if head in COMPONENT_PREFIXES:
        return COMPONENT_PREFIXES[head]
    try:
        import dash

        for page in dash.page_registry.values():
            if page["module"].rsplit(".", 1)[-1].replace("_", "-").split("-", 1)[0] == head:
                base, _ = page_for_path(page["path"])
                return base
    except Exception:  # noqa: BLE001 - no Dash app yet: no extra pages to match
        return None
    return None

# What a visitor who has not signed in may open.
ANONYMOUS_NAV = {"/about"}
