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


def search_text(service: SearchService, q: Query, kinds: set[str], today: dt.date, limit: int) -> Sequence[Any]:
    """The text part of :meth:`SearchService.search` on PostgreSQL: the same filters (shared SQL), ranked by
    ``ts_rank`` (head over body). A query of filters only runs the service's own portable SQL."""
    from ssdesk.search.service import sql_in

    query = tsquery(q)
    if not query:
        return []
    params: list[Any] = [query, query]
    where = ["d.tsv @@ to_tsquery('simple', ?)"] + service.filters_sql(q, today, params, "r", "v")
    if kinds:
        where.append(sql_in("d.entity", sorted(kinds), params))
    sql = ("SELECT d.entity, d.entity_id, d.visit_id, ts_rank(d.tsv, to_tsquery('simple', ?)) AS score"
           f" FROM {DOC} d LEFT JOIN visit v ON v.id = d.visit_id LEFT JOIN recommendation r ON r.id = d.rec_id"
           f" WHERE {' AND '.join(where)} ORDER BY score DESC, d.id DESC LIMIT ?")
    params.append(limit)
    with service.store.engine.connect() as conn:
        found = conn.exec_driver_sql(sql, tuple(params)).all()
    return service.results(q, [tuple(r) for r in found])
