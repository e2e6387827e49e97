"""other shapes of sessions: visit.kind, visit.convening_body; delegation and unit optional

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 15:00:00

- ``visit.kind`` (supervision, inspection, review_meeting, survey, hearing, other; ``ssdesk.enums.VisitKind``), every
  existing visit becoming a supervision (the only shape earlier files could hold);
- ``visit.convening_body``: who holds a session that has no delegation ("Ban Chỉ đạo các CTMTQG tỉnh …");
- ``visit.delegation_id`` and ``visit.unit_id`` nullable: a steering committee's review meeting has neither. Which
  kind needs which is checked by the visit service, not by the schema (a rule that may grow with new kinds).
On SQLite the nullability change copies the visit table (batch mode; foreign keys are off meanwhile and checked
after, ``ssdesk.migrations.upgrade``); PostgreSQL alters it in place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

KINDS = ('supervision', 'inspection', 'review_meeting', 'survey', 'hearing', 'other')


def upgrade() -> None:
    with op.batch_alter_table('visit') as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum(*KINDS, name='visitkind', native_enum=False, length=32),
                                      nullable=False, server_default='supervision'))
        batch_op.add_column(sa.Column('convening_body', sa.Text(), nullable=True))
        batch_op.alter_column('delegation_id', existing_type=sa.String(length=36), nullable=True)
        batch_op.alter_column('unit_id', existing_type=sa.String(length=36), nullable=True)


def downgrade() -> None:
    """Only a file whose every session has a delegation and a unit can go back (the older schema needs both)."""
    conn = op.get_bind()
    orphans = conn.exec_driver_sql(
        "SELECT COUNT(*) FROM visit WHERE delegation_id IS NULL OR unit_id IS NULL").scalar_one()
    if orphans:
        raise RuntimeError(f"{orphans} sessions have no delegation or no unit: revision 0008 cannot hold them")
    with op.batch_alter_table('visit') as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.String(length=36), nullable=False)
        batch_op.alter_column('delegation_id', existing_type=sa.String(length=36), nullable=False)
        batch_op.drop_column('convening_body')
        batch_op.drop_column('kind')
