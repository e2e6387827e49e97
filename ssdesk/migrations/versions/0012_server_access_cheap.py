"""office server: row-level security that costs a few comparisons per row, and search through the GIN index under it

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 18:30:00

PostgreSQL only, and only where the access rules of revision 0010 are set up: re-installs them
(:func:`ssdesk.server.access.install`, idempotent) with the cheaper policies — the caller's scope, clearance and
delegations asked once per statement instead of a set of visible sessions rebuilt per table and statement — the
index ``ix_visit_access`` the policies read, ``ssdesk_search_ids`` (the search's text match through the GIN index,
which a policy would otherwise forbid: ``@@`` is not LEAKPROOF) and the indexes its walk of the newest rows reads
(``ix_search_doc_walk``, ``ix_search_doc_kind``). Nothing changes on a case file.
"""

from __future__ import annotations

from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from ssdesk.server import access

    if access.installed(conn) and access.can_install(conn):
        access.install(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    # the policies of 0010 come back when it is re-run; here only what 0012 added goes
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS ssdesk_search_ids(tsquery, integer, text[])")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_visit_access, ix_search_doc_walk, ix_search_doc_kind")
