"""search index (FTS5 of folded text, and its map back to records)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:00:00

The DDL is written out here, not imported, so that this revision stays what it was when released. Filling uses the
current indexer (``ssdesk.search.index.fill``): any later change to what is indexed comes with a revision that
refills, so a file migrated today ends up the same as one migrated step by step.
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

DDL = (
    "CREATE TABLE search_doc (id INTEGER PRIMARY KEY, entity VARCHAR(16) NOT NULL, entity_id VARCHAR(36) NOT NULL,"
    " visit_id VARCHAR(36), rec_id VARCHAR(36))",
    "CREATE UNIQUE INDEX ix_search_doc_entity_id ON search_doc (entity_id, entity)",
    "CREATE INDEX ix_search_doc_visit_id ON search_doc (visit_id)",
    "CREATE INDEX ix_search_doc_rec_id ON search_doc (rec_id)",
    "CREATE VIRTUAL TABLE search_fts USING fts5(head, body, prefix='2 3', tokenize='unicode61 remove_diacritics 0')",
)


def upgrade() -> None:
    from ssdesk.search.index import fill

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":  # FTS5 is SQLite's; PostgreSQL gets its own search_doc in 0008
        return
    for statement in DDL:
        conn.exec_driver_sql(statement)
    fill(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("DROP TABLE search_fts")
    conn.exec_driver_sql("DROP TABLE search_doc")
