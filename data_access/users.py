"""User accounts and API tokens: creation, password hashing (argon2id), look-up."""
from __future__ import annotations

import datetime as _dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from .db import Database
from .models import ApiToken, LocalAuthority, User
from .reference import AUTHORITY_BY_CODE, ROLES, resolve_authority

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


# -- look-ups and changes used by the web app and the command line ---------------------------
@dataclass(frozen=True)
class Account:
    """What the web app needs to know about a signed-in user, as plain values."""

    id: int
    username: str
    role: str
    authority: str | None  # GSS code, co-ordinators only
    active: bool
    is_demo: bool
    session_generation: int
    password_hash: str | None = None

    @property
    def authority_name(self) -> str | None:
        a = AUTHORITY_BY_CODE.get(self.authority or "")
        return a.name if a else None


def _account_query():
    return (select(User.id, User.username, User.role, LocalAuthority.gss_code, User.active, User.is_demo,
                   User.session_generation, User.password_hash)
            .outerjoin(LocalAuthority, LocalAuthority.id == User.authority_id))


def _account(row) -> Account | None:
    return Account(*row) if row is not None else None


def account_by_id(db: Database, user_id: int) -> Account | None:
    with db.reader() as s:
        return _account(s.execute(_account_query().where(User.id == user_id)).first())


def account_by_name(db: Database, username: str) -> Account | None:
    with db.reader() as s:
        return _account(s.execute(_account_query().where(User.username == username.strip())).first())


def account_by_token(db: Database, token: str) -> Account | None:
    """The active user a Bearer token belongs to, noting when it was last used."""
    digest = token_digest(token)
    with db.session() as s:
        tok = s.execute(select(ApiToken).where(ApiToken.token_hash == digest)).scalar()
        if tok is None:
            return None
        tok.last_used_at = _dt.datetime.now(_dt.timezone.utc)
        row = s.execute(_account_query().where(User.id == tok.user_id)).first()
    acc = _account(row)
    return acc if acc is not None and acc.active else None


def _change(db: Database, username: str, **values) -> None:
    with db.session() as s:
        done = s.execute(update(User).where(User.username == username).values(**values)).rowcount
    if not done:
        raise UserError(f"no user '{username}'")


def end_sessions(db: Database, username: str) -> None:
    """Invalidate every session cookie issued to the user so far (logout, copied cookies)."""
    _change(db, username, session_generation=User.session_generation + 1)


def set_password(db: Database, username: str, password: str) -> None:
    """A new password; sessions signed in with the old one end."""
    _change(db, username, password_hash=hash_password(password), session_generation=User.session_generation + 1)


def set_active(db: Database, username: str, active: bool) -> None:
    _change(db, username, active=active, session_generation=User.session_generation + 1)


def set_role(db: Database, username: str, role: str, authority: str | None = None) -> None:
    """Change a user's role (and a co-ordinator's authority); their sessions end so the new scope applies."""
    if role not in ROLES:
        raise UserError(f"role must be one of: {', '.join(ROLES)}")
    la_id = None
    if role == "coordinator":
        code = resolve_authority(authority) if authority else None
        if code is None:
            raise UserError("a co-ordinator needs one of the 32 authorities (GSS code or name)")
        with db.reader() as s:
            la_id = s.execute(select(LocalAuthority.id).where(LocalAuthority.gss_code == code)).scalar()
        if la_id is None:
            raise UserError("the authorities are not loaded yet")
    elif authority:
        raise UserError("only co-ordinators are bound to an authority")
    _change(db, username, role=role, authority_id=la_id, session_generation=User.session_generation + 1)


def demo_users_present(db: Database) -> list[str]:
    with db.reader() as s:
        return list(s.execute(select(User.username).where(User.is_demo.is_(True)).order_by(User.username)).scalars())


# One demonstration account per role; the co-ordinator is City of Edinburgh's.
DEMO_ACCOUNTS = (
    ("demo-admin", "admin", None),
    ("demo-leader", "leader", None),
    ("demo-inspector", "inspector", None),
    ("demo-coordinator", "coordinator", "S12000036"),
    ("demo-presenter", "presenter", None),
)


def ensure_demo_users(db: Database) -> list[tuple[str, str, str | None, str]]:
    """Create the demonstration accounts, or give existing ones a fresh password.

    Returns (username, role, authority, password) for each. Idempotent: running it again
    leaves one account per role.
    """
    out = []
    for username, role, la in DEMO_ACCOUNTS:
        password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
        if account_by_name(db, username) is None:
            add_user(db, username, role, password, la, is_demo=True)
        else:
            set_role(db, username, role, la)
            set_password(db, username, password)
            set_active(db, username, True)
        out.append((username, role, la, password))
    return out
