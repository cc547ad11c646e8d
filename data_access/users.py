"""User accounts and API tokens: names, password rules and hashing (argon2id), look-up, tokens."""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from zxcvbn import zxcvbn

from .db import Database
from .models import ApiToken, LocalAuthority, User
from .reference import AUTHORITY_BY_CODE, ROLES, resolve_authority

# argon2-cffi's defaults follow RFC 9106's low-memory profile (argon2id, t=3, m=64 MiB, p=4),
# which meets OWASP's current minimum for argon2id.
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password")


class UserError(ValueError):
    """A user could not be created or changed; the message says why."""


# -- user names: one normalisation for sign-in, the throttle's counter and creation ----------
USERNAME_MAX = 80
_SAFE_USERNAME = re.compile(r"[a-z0-9._-]+")


def username_key(name: str) -> str:
    """The one form of a user name: Unicode NFKC, case-folded, trimmed ('  ＡＤＭＩＮ\t' -> 'admin').

    A name longer than USERNAME_MAX characters is refused (UserError), never cut, so two long
    spellings can never meet in one shortened form.
    """
    if len(name) > 4 * USERNAME_MAX:  # NFKC can lengthen a string; refuse before doing the work
        raise UserError(f"a username has at most {USERNAME_MAX} characters")
    # Case folding can undo NFKC (and the reverse), so normalise on both sides of it, as
    # Unicode's NFKC_Casefold does.
    key = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold()).strip()
    if len(key) > USERNAME_MAX:
        raise UserError(f"a username has at most {USERNAME_MAX} characters")
    return key


def valid_username(name: str) -> str:
    """The normalised name for a new account, or UserError saying what is wrong with it."""
    key = username_key(name)
    if not key:
        raise UserError(f"a username needs 1 to {USERNAME_MAX} characters")
    if not _SAFE_USERNAME.fullmatch(key):
        raise UserError("a username may use only the letters a to z, the digits 0 to 9, full stop (.), "
                        "underscore (_) and hyphen (-), with no spaces")
    return key


# -- passwords -----------------------------------------------------------------------------------
PASSWORD_MIN = 12
PASSWORD_MAX = 1024
_STRENGTH_CHECKED = 72  # zxcvbn's own limit (its work grows quickly with length); longer is long anyway
_MIN_STRENGTH = 3  # zxcvbn's "safely unguessable" (about 10^10 guesses)


def password_problem(password: str, username: str | None = None) -> str | None:
    """Why this password may not be used (for this user), or None."""
    if len(password) < PASSWORD_MIN:
        return f"a password needs at least {PASSWORD_MIN} characters"
    if len(password) > PASSWORD_MAX:
        return f"a password has at most {PASSWORD_MAX} characters"
    if not password.strip():
        return "a password cannot be only spaces"
    folded = unicodedata.normalize("NFKC", password).casefold()
    name = username_key(username) if username and len(username) <= USERNAME_MAX else ""
    if name and (folded.strip() == name or (len(name) >= 3 and name in folded)):
        return "a password must not contain the username"
    verdict = zxcvbn(password[:_STRENGTH_CHECKED], user_inputs=[name] if name else [])
    if verdict["score"] < _MIN_STRENGTH:
        hint = verdict["feedback"].get("warning") or "it would be guessed quickly"
        return f"that password is too easy to guess ({hint.rstrip('.')}); try a few unrelated words"
    return None


def hash_password(password: str, username: str | None = None) -> str:
    problem = password_problem(password, username)
    if problem:
        raise UserError(problem)
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Constant-work check: an unknown user costs the same as a wrong password."""
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def add_user(db: Database, username: str, role: str, password: str | None = None, authority: str | None = None,
             is_demo: bool = False) -> User:
    username = valid_username(username)
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
        if s.execute(select(User.id).where(User.username_key == username)).scalar() is not None:
            raise UserError(f"user '{username}' already exists")
        la_id = s.execute(select(LocalAuthority.id).where(LocalAuthority.gss_code == code)).scalar() if code else None
        if code and la_id is None:
            raise UserError("the authorities are not loaded yet: run 'oversight seed' or import them first")
        user = User(username=username, username_key=username, role=role, authority_id=la_id, is_demo=is_demo,
                    password_hash=hash_password(password, username) if password else None)
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


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


def _user_id(s, username: str) -> int:
    try:
        user_id = s.execute(select(User.id).where(User.username_key == username_key(username))).scalar()
    except UserError:
        user_id = None
    if user_id is None:
        raise UserError(f"no user '{username}'")
    return user_id


# -- API tokens: only a digest is stored; each expires, and can be revoked ------------------------
TOKEN_DAYS_DEFAULT = 90


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about a token: never the token itself."""

    id: int
    created_at: _dt.datetime
    expires_at: _dt.datetime
    last_used_at: _dt.datetime | None
    revoked_at: _dt.datetime | None

    def state(self, now: _dt.datetime | None = None) -> str:
        if self.revoked_at is not None:
            return "revoked"
        expires = self.expires_at if self.expires_at.tzinfo else self.expires_at.replace(tzinfo=_dt.UTC)
        return "expired" if expires <= (now or _now()) else "active"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(db: Database, username: str, days: int = TOKEN_DAYS_DEFAULT) -> str:
    """A new API token for the user, valid for `days` days; only its digest is stored."""
    if days < 1:
        raise UserError("a token must be valid for at least one day")
    token = "ro_" + secrets.token_urlsafe(32)
    now = _now()
    with db.session() as s:
        s.add(ApiToken(user_id=_user_id(s, username), token_hash=token_digest(token), created_at=now,
                       expires_at=now + _dt.timedelta(days=days)))
    return token


def list_tokens(db: Database, username: str) -> list[TokenInfo]:
    with db.reader() as s:
        rows = s.execute(select(ApiToken.id, ApiToken.created_at, ApiToken.expires_at, ApiToken.last_used_at,
                                ApiToken.revoked_at)
                         .where(ApiToken.user_id == _user_id(s, username)).order_by(ApiToken.id))
        return [TokenInfo(*r) for r in rows]


def revoke_tokens(db: Database, username: str, token_id: int | None = None) -> int:
    """Revoke one of the user's tokens, or all of them; how many were still usable until now."""
    with db.session() as s:
        user_id = _user_id(s, username)
        cond = (ApiToken.user_id == user_id)
        if token_id is not None:
            if s.execute(select(ApiToken.id).where(cond, ApiToken.id == token_id)).scalar() is None:
                raise UserError(f"'{username}' has no token {token_id}")
            cond = cond & (ApiToken.id == token_id)
        return s.execute(update(ApiToken).where(cond, ApiToken.revoked_at.is_(None))
                         .values(revoked_at=_now())).rowcount


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
    """The account a typed name means, however it is spelt (see username_key); None if over-long."""
    try:
        key = username_key(username)
    except UserError:
        return None
    with db.reader() as s:
        return _account(s.execute(_account_query().where(User.username_key == key)).first())


def account_by_token(db: Database, token: str) -> Account | None:
    """The active user an unexpired, unrevoked Bearer token belongs to, noting when it was last used."""
    digest = token_digest(token)
    now = _now()
    with db.session() as s:
        tok = s.execute(select(ApiToken).where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None),
                                               ApiToken.expires_at > now)).scalar()
        if tok is None:
            return None
        tok.last_used_at = now
        row = s.execute(_account_query().where(User.id == tok.user_id)).first()
    acc = _account(row)
    return acc if acc is not None and acc.active else None


def _change(db: Database, username: str, *, revoke: bool = False, **values) -> None:
    """Change the user's row (and, with `revoke`, revoke every API token they hold) in one transaction."""
    with db.session() as s:
        user_id = _user_id(s, username)
        s.execute(update(User).where(User.id == user_id).values(**values))
        if revoke:
            s.execute(update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                      .values(revoked_at=_now()))


def end_sessions(db: Database, username: str) -> None:
    """Invalidate every session cookie issued to the user so far (logout, copied cookies)."""
    _change(db, username, session_generation=User.session_generation + 1)


def set_password(db: Database, username: str, password: str) -> None:
    """A new password (the user's own change or an admin's reset): sessions signed in with the old
    one end, and API tokens issued before it are revoked."""
    _change(db, username, revoke=True, password_hash=hash_password(password, username),
            session_generation=User.session_generation + 1)


def set_active(db: Database, username: str, active: bool) -> None:
    """Disabling ends the user's sessions and revokes their tokens; enabling again restores neither."""
    _change(db, username, revoke=not active, active=active, session_generation=User.session_generation + 1)


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
