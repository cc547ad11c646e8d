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
