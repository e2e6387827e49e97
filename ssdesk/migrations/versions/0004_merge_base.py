"""merge bookkeeping (merge_base)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'merge_base',
        sa.Column('peer_file_id', sa.String(length=36), nullable=False),
        sa.Column('entity', sa.String(length=64), nullable=False),
        sa.Column('entity_id', sa.String(length=36), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('peer_file_id', 'entity', 'entity_id', name=op.f('pk_merge_base')),
    )


def downgrade() -> None:
    op.drop_table('merge_base')
