"""one normalised form of each user name; API tokens expire and can be revoked

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Upgrading refuses (and changes nothing) while two accounts' names would become the same after
normalisation, listing them so an administrator can rename or remove one of each group first.
"""
import datetime as dt
import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from data_access.db import UpgradeRefused

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

NAME_MAX = 80
TOKEN_DAYS = 90  # the default lifetime; tokens issued before expiry existed get it from their creation


class UsernameCollision(UpgradeRefused):
    """Existing accounts whose names normalise to the same form: the upgrade must wait for an admin."""


def _key(name: str) -> str:
    # The normalisation of data_access.users.username_key as of this revision, frozen here so the
    # migration means the same thing whatever that module later becomes.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold()).strip()


def _keys(conn) -> dict[int, str]:
    users = sa.table("app_user", sa.column("id", sa.Integer), sa.column("username", sa.String))
    rows = conn.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all()
    groups = defaultdict(list)
    for user_id, name in rows:
        groups[_key(name)].append((user_id, name))
    clashes = [names for key, names in groups.items() if len(names) > 1 or len(key) > NAME_MAX or not key]
    if clashes:
        listed = "\n".join("  " + ", ".join(f"{name!r} (id {uid})" for uid, name in group) for group in clashes)
        raise UsernameCollision(
            "Not upgraded: these accounts' names are the same once letter case, spacing and look-alike "
            "characters are set aside (or are empty or longer than 80 characters once normalised), so "
            "sign-in could not tell them apart:\n" + listed + "\nRename or remove all but one account "
            "in each line (for example: UPDATE app_user SET username = 'new-name' WHERE id = N), "
            "then run 'oversight init-db' again.")
    return {uid: key for key, group in groups.items() for uid, _name in group}


def upgrade() -> None:
    conn = op.get_bind()
    keys = _keys(conn)  # before any change, so a refusal leaves the database as it was
    # Added in place, never by rebuilding app_user: on SQLite a rebuild drops the table, and with
    # foreign keys on that deletes every API token through ON DELETE CASCADE. The empty default
    # lets SQLite add a NOT NULL column; every row gets its key straight after.
    op.add_column('app_user', sa.Column('username_key', sa.String(length=80), nullable=False, server_default=''))
    users = sa.table("app_user", sa.column("id", sa.Integer), sa.column("username_key", sa.String))
    for user_id, key in keys.items():
        conn.execute(users.update().where(users.c.id == user_id).values(username_key=key))
    if conn.dialect.name != "sqlite":
        op.alter_column('app_user', 'username_key', server_default=None)
    op.create_index('ix_app_user_username_key', 'app_user', ['username_key'], unique=True)

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
    tokens = sa.table("api_token", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime(timezone=True)),
                      sa.column("expires_at", sa.DateTime(timezone=True)))
    for token_id, created in conn.execute(sa.select(tokens.c.id, tokens.c.created_at)).all():
        start = created or dt.datetime.now(dt.UTC)
        conn.execute(tokens.update().where(tokens.c.id == token_id)
                     .values(expires_at=start + dt.timedelta(days=TOKEN_DAYS)))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('expires_at')
    # In place, as on the way up (SQLite 3.35 and later drop a column without a rebuild).
    op.drop_index('ix_app_user_username_key', table_name='app_user')
    op.drop_column('app_user', 'username_key')
