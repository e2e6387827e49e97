"""The search index on PostgreSQL (office server mode): the same documents as the SQLite FTS5 index
(:mod:`ssdesk.search.index`), in one table ``search_doc`` whose ``tsv`` column PostgreSQL generates from the already
folded ``head`` (weight A) and ``body`` (weight B) with the ``simple`` configuration (no stemming: the folding is
ours), under a GIN index. Created by migration 0008. :mod:`ssdesk.search.index` and :mod:`ssdesk.search.service`
dispatch here when the connection's dialect is ``postgresql``.

The store's PostgreSQL engine accepts ``?`` placeholders in driver-level SQL (:func:`ssdesk.server.install_qmark`),
so the shared SQL (sources, filters) is the same text on both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from ssdesk.search.folding import TOKEN

if TYPE_CHECKING:
    from ssdesk.search.index import Doc
    from ssdesk.search.query import Query
    from ssdesk.search.service import SearchService

DOC = "search_doc"


def is_pg(conn: Any) -> bool:
    return conn.dialect.name == "postgresql"


def write_docs(conn: Connection, docs: Iterable[Doc], *, fresh: bool = False) -> int:
    docs = list({(d[0], d[1]): d for d in docs}.values())
    if not docs:
        return 0
    sql = (f"INSERT INTO {DOC} (entity, entity_id, visit_id, rec_id, head, body) VALUES (?, ?, ?, ?, ?, ?)")
    if not fresh:
        sql += (" ON CONFLICT (entity_id, entity) DO UPDATE SET visit_id = EXCLUDED.visit_id,"
                " rec_id = EXCLUDED.rec_id, head = EXCLUDED.head, body = EXCLUDED.body")
    conn.exec_driver_sql(sql, [tuple(d) for d in docs])
    return len(docs)


def drop_ids(conn: Connection, keys: list[tuple[str, str]]) -> None:
    for entity, ident in keys:
        conn.exec_driver_sql(f"DELETE FROM {DOC} WHERE entity_id = ? AND entity = ?", (ident, entity))


def drop_where(conn: Connection, where: str, params: tuple[Any, ...]) -> None:
    conn.exec_driver_sql(f"DELETE FROM {DOC} WHERE {where}", params)


def tsquery(q: Query) -> str:
    """``hoang mai`` → ``hoang:* & mai:*``; a phrase's words must follow each other (``<->``); a one-letter word
    matches whole (as in the FTS5 query). Only letters and digits reach the query, never tsquery syntax."""
    parts: list[str] = []
    for word in q.words:
        toks = [t for w in word for t in TOKEN.findall(w)]
        parts += [t if len(t) == 1 else f"{t}:*" for t in toks]
    for phrase in q.phrases:
        toks = [t for w in phrase for t in TOKEN.findall(w)]
        if toks:
            parts.append("(" + " <-> ".join(toks) + ")")
    for either in q.either:  # an abbreviation or its long form (ssdesk.abbreviations): any one spelling
        options = []
        for option in either.options:
            terms = []
            for p in option:
                toks = [t for w in p.tokens for t in TOKEN.findall(w)]
                last = ":*" if p.prefix and len(toks[-1]) > 1 else ""
                terms.append(toks[0] + last if len(toks) == 1 else "(" + " <-> ".join(toks) + last + ")")
            options.append("(" + " & ".join(terms) + ")")
        parts.append("(" + " | ".join(options) + ")")
    return " & ".join(parts)


def visit_filter_sql(text_column: str) -> str:
    """The condition "visit id is in the visits whose index text matches" for the visit list (param: tsquery)."""
    return (f"{text_column} IN (SELECT d.entity_id FROM {DOC} d WHERE d.entity = 'visit'"
            " AND d.tsv @@ to_tsquery('simple', ?))")


#: the text match's candidates: through ``ssdesk_search_ids`` where the office's access rules are set up (row-level
#: security would otherwise keep the GIN index out: ``@@`` is not LEAKPROOF), else straight from the table
_IDS_RULES = "ssdesk_search_ids(to_tsquery('simple', ?), ?, CAST(? AS text[]))"
#: without the rules (nobody filtered): the same two steps as ``ssdesk_search_ids`` — the newest rows walked, then the
#: GIN index for older matches (:func:`_plain_ids`)
_IDS_PLAIN = (f"ARRAY(SELECT id FROM (SELECT id, tsv FROM {DOC} WHERE id > ? ORDER BY id DESC OFFSET 0) w"
              " WHERE w.tsv @@ to_tsquery('simple', ?) LIMIT ?)")
_IDS_OLDER = f"ARRAY(SELECT id FROM {DOC} WHERE id <= ? AND tsv @@ to_tsquery('simple', ?) ORDER BY id DESC LIMIT ?)"
#: with filters, the candidates are widened this many times over while too few of them pass the filters
_WIDEN = 8


def _has_search_ids(conn: Connection) -> bool:
    return bool(conn.exec_driver_sql("SELECT to_regprocedure('ssdesk_search_ids(tsquery, integer, text[])')"
                                     " IS NOT NULL").scalar_one())


def _plain_ids(conn: Connection, query: str, wanted: int) -> list[int]:
    from ssdesk.server.access import SEARCH_WALK

    low = (conn.exec_driver_sql(f"SELECT COALESCE(max(id), 0) FROM {DOC}").scalar_one() or 0) - SEARCH_WALK
    ids = list(conn.exec_driver_sql(f"SELECT {_IDS_PLAIN}", (low, query, wanted)).scalar_one() or [])
    if len(ids) < wanted:
        ids += conn.exec_driver_sql(f"SELECT {_IDS_OLDER}", (low, query, wanted - len(ids))).scalar_one() or []
    return ids


def search_text(service: SearchService, q: Query, kinds: set[str], today: dt.date, limit: int) -> Sequence[Any]:
    """The text part of :meth:`SearchService.search` on PostgreSQL, the same way as on a file: the newest
    :data:`~ssdesk.search.service.RANK_CANDIDATES` matches that pass the filters (shared SQL) are ranked by
    ``ts_rank`` (head over body). Ranking every match cost 0.3-1.4 s for a common word at 100,000 recommendations;
    the newest 500 cost a few milliseconds. The matches come from the GIN index (:data:`_IDS_RULES`); with filters,
    when fewer than 500 of them pass, more are fetched until enough pass or none are left."""
    from ssdesk.search.service import RANK_CANDIDATES, sql_in

    query = tsquery(q)
    if not query:
        return []
    filters: list[Any] = []
    where = service.filters_sql(q, today, filters, "r", "v")
    if kinds:
        where.append(sql_in("d.entity", sorted(kinds), filters))
    joins = " LEFT JOIN visit v ON v.id = d.visit_id LEFT JOIN recommendation r ON r.id = d.rec_id" if where else ""
    with service.store.engine.connect() as conn:
        rules = _has_search_ids(conn)
        wanted = RANK_CANDIDATES if not where else RANK_CANDIDATES * 2
        while True:
            if rules:
                ids = list(conn.exec_driver_sql(f"SELECT {_IDS_RULES}", (query, wanted, sorted(kinds) or None))
                           .scalar_one() or [])
            else:
                ids = _plain_ids(conn, query, wanted)
            sql = ("SELECT c.entity, c.entity_id, c.visit_id, ts_rank(c.tsv, to_tsquery('simple', ?)) AS score,"
                   " c.passed FROM (SELECT d.id, d.entity, d.entity_id, d.visit_id, d.tsv, count(*) OVER () AS passed"
                   f" FROM {DOC} d{joins} WHERE d.id = ANY (CAST(? AS bigint[]))"
                   f"{''.join(' AND ' + w for w in where)} ORDER BY d.id DESC LIMIT ?) c"
                   " ORDER BY score DESC, c.id DESC LIMIT ?")
            found = conn.exec_driver_sql(sql, (query, ids, *filters, RANK_CANDIDATES, limit)).all()
            passed = found[0][4] if found else 0
            if not where or passed >= RANK_CANDIDATES or len(ids) < wanted:
                break
            wanted *= _WIDEN  # too few of the newest matches pass the filters: older ones are needed
    return service.results(q, [tuple(r[:4]) for r in found])
