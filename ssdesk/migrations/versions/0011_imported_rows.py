"""imported_row: fingerprints of tracker rows already imported (``ssdesk import-table``, the import wizard)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 16:10:00

Importing an office's Excel/Word tracker twice must add nothing: each row imported is remembered by a fingerprint
of its source file name, sheet and contents (:mod:`ssdesk.tracker.fingerprint`), pointing at the recommendation it
became (deleted with it). On an office server whose access rules are set up (revision 0010), they are brought up
to date so that the new table gets its GRANTs and row-level policy (:data:`ssdesk.server.access.VISIT_ROWS`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'imported_row',
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('recommendation_id', sa.String(length=36), nullable=False),
        sa.Column('source', sa.Text(), nullable=True),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('row_version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'],
                                name=op.f('fk_imported_row_recommendation_id_recommendation'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_row')),
        sa.UniqueConstraint('fingerprint', name=op.f('uq_imported_row_fingerprint')),
    )
    op.create_index(op.f('ix_imported_row_recommendation_id'), 'imported_row', ['recommendation_id'], unique=False)
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":  # the office server's rules (revision 0010) cover the new table too
        from ssdesk.server import access

        if access.installed(conn) and access.can_install(conn):
            access.install(conn)


def downgrade() -> None:
    op.drop_index(op.f('ix_imported_row_recommendation_id'), table_name='imported_row')
    op.drop_table('imported_row')
