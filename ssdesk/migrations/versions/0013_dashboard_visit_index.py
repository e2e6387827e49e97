"""the dashboard's visit index; search index ids that carry the kind of record

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 19:00:00

Dashboard: it counts recommendations by the visited unit and by delegation. Grouped by (unit, delegation, status)
SQLite sorted all 100,000 recommendations (~220 ms at 100k). With the visits read in (unit, delegation, convening
body) order from ``ix_visit_unit_delegation``, which also holds their id (no visit row is read), and each visit's
recommendations from ``ix_recommendation_visit_status_deadline``, the groups come in order and SQLite counts as it
reads (~70 ms). An index, not a kept tally: on the office server row-level security still filters what each user
counts. Both SQLite and PostgreSQL.

Search (SQLite only): an index row's id becomes ``sequence × 8 + the entity's code``
(:data:`ssdesk.search.index.ENTITY_CODE`), so that a search for some kinds of record only (``kind:``,
``status:overdue``) skips the other rows' ``search_doc`` look-up. Rows written before are renumbered by indexing
every record again (seconds for an office file, a few minutes at 100k); a file whose ids already carry their
entity (a new one) is left as it is.
"""

from __future__ import annotations

from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_visit_unit_delegation ON visit"
               " (unit_id, delegation_id, convening_body, id)")
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        from ssdesk.search.index import fill, misnumbered

        if misnumbered(conn):
            # as in 0007: the FTS table made again before the fill, so the new index reuses the old one's pages
            # (deleting 730,000 FTS5 rows one by one took minutes and left the file half as big again)
            conn.exec_driver_sql("DROP TABLE search_fts")
            conn.exec_driver_sql("CREATE VIRTUAL TABLE search_fts USING fts5(head, body, prefix='2 3 4 5 6',"
                                 " tokenize='unicode61 remove_diacritics 0')")
            fill(conn)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_visit_unit_delegation")  # ids carrying their entity stay valid ids
