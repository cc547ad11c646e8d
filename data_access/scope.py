"""The caller's scope: who is asking, which is part of every query and every cache key."""
from __future__ import annotations

from dataclasses import dataclass

NAMED_ROLES = frozenset({"admin", "leader", "inspector"})


@dataclass(frozen=True)
class Scope:
    """Role, the co-ordinator's authority, and the disclosure threshold k, as plain values."""

    role: str
    authority: str | None = None  # GSS code, co-ordinators only
    k: int = 5

    def __post_init__(self):
        if self.role == "coordinator" and not self.authority:
            raise ValueError("a co-ordinator's scope needs their authority")

    @property
    def sees_named_authorities(self) -> bool:
        """Whether per-authority rows for any authority may be returned."""
        return self.role in NAMED_ROLES

    def may_see_authority(self, gss_code: str) -> bool:
        return self.sees_named_authorities or (self.role == "coordinator" and gss_code == self.authority)

    @property
    def sees_any_authority(self) -> bool:
        return self.role != "presenter"

    @property
    def exact_small_counts(self) -> bool:
        return self.role in NAMED_ROLES

    @property
    def sees_commentary(self) -> bool:
        return self.role in NAMED_ROLES

    @property
    def cache_key(self) -> str:
        return f"{self.role}:{self.authority or '-'}:{self.k}"

