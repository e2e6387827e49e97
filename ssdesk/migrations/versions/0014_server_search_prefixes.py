"""office server: an index of each word's prefixes, so that a typed word is one lexeme for the GIN index

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 08:00:00

PostgreSQL only. Every word typed into the search is a prefix (``hoan`` finds *Hoàn* and *Hoàng*). As ``hoan:*``
the GIN index reads and ORs the posting lists of every lexeme that starts with it — 96 ms of index scan and 80 ms
of rechecks for ``hoang mai Hoàn Kiếm`` at 100,000 recommendations, the p95 of the server search (issue 18). The
SQLite file has had the answer since revision 0007 (FTS5 ``prefix='2 3 4 5 6'``). Here a GIN index on
``ssdesk_with_prefixes(tsv)`` holds, beside every lexeme, its prefixes of 2 to 6 letters marked ``~`` (``hoan~``,
without positions): the search's GIN step matches a typed word of up to 6 letters as that one lexeme
(:func:`ssdesk.search.pg.tsquery` with ``prefixes``); phrases, the walk of the newest rows and the ranking read
``tsv`` as before. Folded Vietnamese syllables are at most 7 letters.

An index on an expression, not a wider ``tsv`` column: stored in every row, the prefixes made each row's test in
the walk of the newest rows slower (a secretary's p95 went from 264 to 438 ms in the first try). The access rules'
``ssdesk_search_ids`` gains the prefix form as a fourth argument (re-installed here where the rules are set up).
Nothing changes on a case file.
"""

from __future__ import annotations

from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

#: ``v`` with, for every lexeme, its prefixes ``xx~`` … ``xxxxxx~`` (no positions; the lexemes keep theirs)
PREFIXES_FUNCTION = """CREATE OR REPLACE FUNCTION ssdesk_with_prefixes(v tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT v || array_to_tsvector(COALESCE(array_agg(DISTINCT left(u.lexeme, n) || '~'), '{}'))
    FROM unnest(v) AS u, generate_series(2, 6) AS n WHERE length(u.lexeme) >= n $$"""
PREFIXES_INDEX = "CREATE INDEX IF NOT EXISTS ix_search_doc_prefixes ON search_doc USING GIN (ssdesk_with_prefixes(tsv))"


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(PREFIXES_FUNCTION)
    conn.exec_driver_sql(PREFIXES_INDEX)
    from ssdesk.server import access

    if access.installed(conn) and access.can_install(conn):
        access.install(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    # the 0012 signature is now a wrapper of this one: both go (a client then searches without them, as on a database
    # whose rules were never set up; the rows it reads are still those its policies allow), until an upgrade
    # installs the rules again
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS ssdesk_search_ids(tsquery, integer, text[])")
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS ssdesk_search_ids(tsquery, integer, text[], tsquery)")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_search_doc_prefixes")
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS ssdesk_with_prefixes(tsvector)")
