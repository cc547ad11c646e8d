"""reviews defined by a workbook: life cycle, demonstration flag, legal basis, feedback link, next update;
milestones say which authorities they apply to; surveys until when they take late returns

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Every column is added in place (never by rebuilding `review`: on SQLite a rebuild drops the table,
and with foreign keys on that would delete every review's data through ON DELETE CASCADE). A
database that held demonstration data before this revision marks each of its reviews as one.
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('review', sa.Column('status', sa.String(length=12), nullable=False, server_default='active'))
    op.add_column('review', sa.Column('is_demonstration', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.add_column('review', sa.Column('legal_basis', sa.Text(), nullable=True))
    op.add_column('review', sa.Column('feedback_url', sa.String(length=500), nullable=True))
    op.add_column('review', sa.Column('next_update_on', sa.Date(), nullable=True))
    op.add_column('publication', sa.Column('link', sa.String(length=500), nullable=True))
    op.add_column('milestone', sa.Column('applies_to', sa.String(length=40), nullable=True))
    op.add_column('survey', sa.Column('late_returns_until', sa.Date(), nullable=True))
    conn = op.get_bind()
    meta = sa.table("dataset_meta", sa.column("is_demonstration", sa.Boolean))
    review = sa.table("review", sa.column("is_demonstration", sa.Boolean))
    if conn.execute(sa.select(meta.c.is_demonstration).where(meta.c.is_demonstration == sa.true())).first():
        conn.execute(review.update().values(is_demonstration=True))


def downgrade() -> None:
    # In place, as on the way up (SQLite 3.35 and later drop a column without a rebuild).
    op.drop_column('survey', 'late_returns_until')
    op.drop_column('milestone', 'applies_to')
    op.drop_column('publication', 'link')
    for column in ('next_update_on', 'feedback_url', 'legal_basis', 'is_demonstration', 'status'):
        op.drop_column('review', column)
