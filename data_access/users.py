"""User accounts and API tokens: creation, password hashing (argon2id), look-up."""
from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from .db import Database
from .models import ApiToken, LocalAuthority, User
from .reference import ROLES, resolve_authority

# argon2-cffi's defaults follow RFC 9106's low-memory profile (argon2id, t=3, m=64 MiB, p=4),
# which meets OWASP's current minimum for argon2id.
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password")


class UserError(ValueError):
    """A user could not be created or changed; the message says why."""


def hash_password(password: str) -> str:
    if len(password) < 12:
        raise UserError("a password needs at least 12 characters")
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Constant-work check: an unknown user costs the same as a wrong password."""
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def add_user(db: Database, username: str, role: str, password: str | None = None, authority: str | None = None,
             is_demo: bool = False) -> User:
    username = username.strip()
    if not username or len(username) > 80:
        raise UserError("a username needs 1 to 80 characters")
    if role not in ROLES:
        raise UserError(f"role must be one of: {', '.join(ROLES)}")
    code = None
    if role == "coordinator":
        code = resolve_authority(authority) if authority else None
        if code is None:
            raise UserError("a co-ordinator needs --la with one of the 32 authorities (GSS code or name)")
    elif authority:
        raise UserError("only co-ordinators are bound to an authority")
    with db.session() as s:
        if s.execute(select(User.id).where(User.username == username)).scalar() is not None:
            raise UserError(f"user '{username}' already exists")
        la_id = s.execute(select(LocalAuthority.id).where(LocalAuthority.gss_code == code)).scalar() if code else None
        if code and la_id is None:
            raise UserError("the authorities are not loaded yet: run 'oversight seed' or import them first")
        user = User(username=username, role=role, authority_id=la_id, is_demo=is_demo,
                    password_hash=hash_password(password) if password else None)
        s.add(user)
    return user


def list_users(db: Database) -> list[dict]:
    with db.reader() as s:
        rows = s.execute(
            select(User.username, User.role, LocalAuthority.gss_code, User.active, User.is_demo)
            .outerjoin(LocalAuthority, LocalAuthority.id == User.authority_id)
            .order_by(User.username)
        )
        return [dict(r._mapping) for r in rows]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(db: Database, username: str) -> str:
    """A new API token for the user; only its digest is stored."""
    token = "ro_" + secrets.token_urlsafe(32)
    with db.session() as s:
        user = s.execute(select(User).where(User.username == username)).scalar()
        if user is None:
            raise UserError(f"no user '{username}'")
        s.add(ApiToken(user_id=user.id, token_hash=token_digest(token)))
    return token
