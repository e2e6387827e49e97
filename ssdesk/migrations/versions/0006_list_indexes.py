"""list and dashboard indexes for large case files

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 12:00:00

- ``ix_recommendation_list`` on ``(deadline IS NULL, deadline)``: the recommendation list's order (deadline first,
  no deadline last) read straight from an index, so the first page of 100,000 recommendations does not sort them all;
- ``ix_recommendation_visit_status`` on ``(visit_id, status)``: counts by unit and status read from the index alone.
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # an index on an expression: plain SQL (Alembic's create_index would quote the expression as a column name)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX IF NOT EXISTS ix_recommendation_list ON recommendation (deadline IS NULL, deadline)")
    else:  # PostgreSQL wants an expression in an index in parentheses
        op.execute("CREATE INDEX IF NOT EXISTS ix_recommendation_list ON recommendation ((deadline IS NULL), deadline)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_recommendation_visit_status ON recommendation (visit_id, status)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_recommendation_visit_status")
    op.execute("DROP INDEX IF EXISTS ix_recommendation_list")
