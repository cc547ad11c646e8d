"""each presenter's own deck for a review: slide order and hidden slides

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

A new table only; removing it loses nothing but presenters' preferences.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'presenter_deck',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('review_id', sa.Integer(), nullable=False),
        sa.Column('slide_order', sa.String(length=400), nullable=False),
        sa.Column('hidden', sa.String(length=400), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['review_id'], ['review.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'review_id', name='uq_presenter_deck'),
    )


def downgrade() -> None:
    op.drop_table('presenter_deck')
