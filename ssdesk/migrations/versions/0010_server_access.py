"""office server mode: who may see and change what, enforced by PostgreSQL (group roles, GRANTs, row-level security)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 16:00:00

PostgreSQL only (a case file on SQLite is one person's file: unaffected). Sets up :mod:`ssdesk.server.access`:
the group roles, the user tables, the policy functions, GRANTs, row-level security on every table holding rows of a
session, and the audit trigger that records ``session_user``. Creating roles needs CREATEROLE (or the groups made
already by another ssdesk database on the same server); a migrating role without it leaves the database open to
every login as before, and the first ``ssdesk server users add`` by a role that has it sets the rules up.
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    from ssdesk.server import access

    if access.can_install(conn):
        access.install(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    tables = [r[0] for r in conn.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND rowsecurity")]
    for table in tables:
        conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS ssdesk_audit_user ON audit_log")
    conn.exec_driver_sql("DROP TABLE IF EXISTS ssdesk_user_delegation, ssdesk_user CASCADE")
    for name in ("ssdesk_may_hold(varchar, varchar)", "ssdesk_followup_visits()", "ssdesk_editable_visits()",
                 "ssdesk_visible_visits()", "ssdesk_row_visible(text, text)", "ssdesk_cleared()", "ssdesk_role()",
                 "ssdesk_audit_user()"):
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name} CASCADE")
