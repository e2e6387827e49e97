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
import math
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine

from ssdesk.search.folding import TOKEN

if TYPE_CHECKING:
    from ssdesk.search.index import Doc
    from ssdesk.search.query import Query
    from ssdesk.search.service import SearchService

DOC = "search_doc"
#: The longest prefix the index holds as a lexeme of its own (revision 0014), as FTS5's ``prefix='2 3 4 5 6'``.
PREFIX_MAX = 6


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


def tsquery(q: Query, *, prefixes: bool = False) -> str:
    """``hoang mai`` → ``hoang:* & mai:*`` (for ``to_tsquery('simple', …)``); a phrase's words must follow each other
    (``<->``); a one-letter word matches whole (as in the FTS5 query). Only letters and digits of the folded text
    reach it, never tsquery syntax.

    ``prefixes``: the form that finds the candidates on a database whose index holds each word's prefixes (revision
    0014), in tsquery syntax for a cast (``CAST(? AS tsquery)``: the ``~`` would not survive ``to_tsquery``'s
    parser): a typed word of 2 to :data:`PREFIX_MAX` letters is the one lexeme ``'hoan~'`` — one posting list for
    the GIN index instead of the OR of every lexeme that starts with it. The same rows; the ranking reads the plain
    form."""
    def lit(t: str) -> str:
        return f"'{t}'" if prefixes else t

    def word(t: str, prefix: bool = True) -> str:
        if len(t) == 1 or not prefix:
            return lit(t)
        return f"'{t}~'" if prefixes and len(t) <= PREFIX_MAX else f"{lit(t)}:*"

    parts: list[str] = []
    for typed in q.words:
        parts += [word(t) for w in typed for t in TOKEN.findall(w)]
    for phrase in q.phrases:
        toks = [t for w in phrase for t in TOKEN.findall(w)]
        if toks:
            parts.append("(" + " <-> ".join(lit(t) for t in toks) + ")")
    for either in q.either:  # an abbreviation or its long form (ssdesk.abbreviations): any one spelling
        options = []
        for option in either.options:
            terms = []
            for p in option:
                toks = [t for w in p.tokens for t in TOKEN.findall(w)]
                if len(toks) == 1:
                    terms.append(word(toks[0], p.prefix))
                else:  # a phrase: the words with their positions; its last word typed may be a prefix
                    last = ":*" if p.prefix and len(toks[-1]) > 1 else ""
                    terms.append("(" + " <-> ".join(lit(t) for t in toks) + last + ")")
            options.append("(" + " & ".join(terms) + ")")
        parts.append("(" + " | ".join(options) + ")")
    return " & ".join(parts)


def visit_filter_sql(text_column: str) -> str:
    """The condition "visit id is in the visits whose index text matches" for the visit list (param: tsquery)."""
    return (f"{text_column} IN (SELECT d.entity_id FROM {DOC} d WHERE d.entity = 'visit'"
            " AND d.tsv @@ to_tsquery('simple', ?))")


#: the text match's candidates: through ``ssdesk_search_ids`` where the office's access rules are set up (row-level
#: security would otherwise keep the GIN index out: ``@@`` is not LEAKPROOF), else straight from the table. The walk
#: of the newest rows tests ``tsv`` with the plain query; the GIN step asks the index of prefixes where there is one
#: (the fourth argument here, ``{match}`` in :data:`_IDS_OLDER`; :meth:`Features.prefix_form`)
_IDS_RULES = "ssdesk_search_ids(to_tsquery('simple', ?), ?, CAST(? AS text[]), CAST(? AS tsquery))"
#: the rows of those candidates with what the filters read of their recommendation and session
#: (``ssdesk_search_rows``, rules of 2026-12-06.6 on): read by the owner inside the function, so the ranking
#: statement below reads neither ``search_doc`` again nor the other two tables under their policies
_ROWS_RULES = "ssdesk_search_rows(to_tsquery('simple', ?), ?, CAST(? AS text[]), CAST(? AS tsquery), ?)"
#: the same, where the rules were set up before revision 0014 and not since (by a login that may not set them up)
_IDS_RULES_0012 = "ssdesk_search_ids(to_tsquery('simple', ?), ?, CAST(? AS text[]))"
#: without the rules (nobody filtered): the same two steps as ``ssdesk_search_ids`` — the newest rows walked, then the
#: GIN index for older matches (:func:`_plain_ids`)
_IDS_PLAIN = (f"ARRAY(SELECT id FROM (SELECT id, tsv FROM {DOC} WHERE id > ? ORDER BY id DESC OFFSET 0) w"
              " WHERE w.tsv @@ to_tsquery('simple', ?) LIMIT ?)")
_IDS_OLDER = f"ARRAY(SELECT id FROM {DOC} WHERE id <= ? AND {{match}} ORDER BY id DESC LIMIT ?)"
#: with filters, the candidates are widened at most this many times over while too few of them pass the filters
_WIDEN = 8
#: each candidate's session and recommendation looked up by its key, as the filters need them (at most
#: RANK_CANDIDATES × _WIDEN of them): as a plain join under the policies the planner read all 100,000
#: recommendations into a hash, 49 ms (issue 18)
_LOOKUPS = {"v": " LEFT JOIN LATERAL (SELECT * FROM visit v WHERE v.id = d.visit_id OFFSET 0) v ON true",
            "r": " LEFT JOIN LATERAL (SELECT * FROM recommendation r WHERE r.id = d.rec_id OFFSET 0) r ON true"}
_ALIAS = re.compile(r"(?<![\w.])([vr])\.")


def looked_up(where: Sequence[str]) -> str:
    """The aliases the conditions ``where`` read (``v`` and ``r`` of
    :meth:`~ssdesk.search.service.SearchService.filters_sql`), in order: only those are looked up. A session
    looked up under the policies for each of 1,000 candidates that a ``status:`` filter never reads cost 4-5 ms
    (issue 18)."""
    used = {m.group(1) for w in where for m in _ALIAS.finditer(w)}
    return "".join(alias for alias in _LOOKUPS if alias in used)


def _lookups(aliases: str) -> str:
    """The look-ups of ``aliases`` (:func:`looked_up`) under the caller's policies."""
    return "".join(_LOOKUPS[alias] for alias in aliases)


def _returned(aliases: str) -> str:
    """``aliases`` (:func:`looked_up`) as the columns ``ssdesk_search_rows`` returned beside each candidate
    (``r_status`` read as ``r.status``): the filters' SQL is the same text on every path."""
    from ssdesk.server.access import SEARCH_ROW_LOOKUPS

    return "".join(f" CROSS JOIN LATERAL (SELECT {', '.join(f'd.{a}_{c} AS {c}' for c, _t in SEARCH_ROW_LOOKUPS[a])})"
                   f" {a}" for a in aliases)


def widened(wanted: int, passed: int) -> int:
    """How many candidates to fetch after ``wanted`` of them gave ``passed`` that pass the filters (fewer than
    RANK_CANDIDATES): as many as that share needs, a quarter more (so always a quarter more than before), at most
    :data:`_WIDEN` times as many. Eight times over at once cost ``tham nhung status:overdue`` 132 ms for 8,000
    candidates where 2,000 held the 500; at least twice over (2,000 where 494 of 1,000 passed and 1,266 hold the
    500), 85 ms for the owner where 1,266 cost 73 (issue 18). Whatever the steps, the ranking gets every match
    newer than the 500th that passes, so the hits are the same."""
    from ssdesk.search.service import RANK_CANDIDATES

    share = math.ceil(1.25 * wanted * RANK_CANDIDATES / max(passed, 1))
    return min(wanted * _WIDEN, share)


@dataclass(frozen=True)
class Features:
    """What this database's search offers: the access rules' ``ssdesk_search_ids`` (where the rules are set up;
    ``search_ids_0012``: only its signature of revision 0012; ``search_rows``: the candidates' rows and what the
    filters read of them, rules of 2026-12-06.6 on) and the index of prefixes (revision 0014)."""

    search_ids: bool
    prefixes: bool
    search_ids_0012: bool = False
    search_rows: bool = False

    def prefix_form(self, q: Query) -> str | None:
        """``q`` for the index of prefixes, or None where that index is not there or ``q`` holds a phrase: a phrase
        needs positions, so that index would recheck each candidate by computing its prefixes; ``tsv``'s own index
        answers it (its words are whole words)."""
        if not self.prefixes:
            return None
        form = tsquery(q, prefixes=True)
        return None if "<->" in form else form

    def older(self, q: Query) -> tuple[str, str]:
        """(the condition, its parameter) by which the GIN index finds the older matches of ``q``."""
        form = self.prefix_form(q)
        if form is not None:
            return "ssdesk_with_prefixes(tsv) @@ CAST(? AS tsquery)", form
        return "tsv @@ to_tsquery('simple', ?)", tsquery(q)


#: Asked once per engine, not before each search (a round trip each time): neither is ever taken away, and until
#: a database gains them the search works without (an older client on a migrated database too: ``hoan:*`` still
#: finds every word that starts with it).
_features: weakref.WeakKeyDictionary[Engine, Features] = weakref.WeakKeyDictionary()


def features(conn: Connection) -> Features:
    """:class:`Features` of the database ``conn`` is connected to (cached per engine once both are there)."""
    engine = conn.engine
    known = _features.get(engine)
    if known is not None:
        return known
    ids, prefixes, ids_0012, rows = conn.exec_driver_sql(
        "SELECT to_regprocedure('ssdesk_search_ids(tsquery, integer, text[], tsquery)') IS NOT NULL,"
        " to_regprocedure('ssdesk_with_prefixes(tsvector)') IS NOT NULL,"
        " to_regprocedure('ssdesk_search_ids(tsquery, integer, text[])') IS NOT NULL,"
        " to_regprocedure('ssdesk_search_rows(tsquery, integer, text[], tsquery, text)') IS NOT NULL").one()
    found = Features(bool(ids), bool(prefixes), bool(ids_0012), bool(rows))
    if found.search_ids and found.prefixes:  # what may still come is asked again next time (search_rows, a
        # speed-up only, is taken up at the next start)
        _features[engine] = found
    return found


def _plain_ids(conn: Connection, q: Query, offered: Features, wanted: int) -> list[int]:
    from ssdesk.server.access import SEARCH_WALK

    low = (conn.exec_driver_sql(f"SELECT COALESCE(max(id), 0) FROM {DOC}").scalar_one() or 0) - SEARCH_WALK
    ids = list(conn.exec_driver_sql(f"SELECT {_IDS_PLAIN}", (low, tsquery(q), wanted)).scalar_one() or [])
    if len(ids) < wanted:
        condition, match = offered.older(q)
        # as in ssdesk_search_ids: the bitmap of a common word stays exact (a lossy one is tested again row by row)
        conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        ids += conn.exec_driver_sql(f"SELECT {_IDS_OLDER.format(match=condition)}",
                                    (low, match, wanted - len(ids))).scalar_one() or []
    return ids


def _ids_and_ranked(conn: Connection, offered: Features, q: Query, query: str, wanted: int, kinds: set[str],
                    prefixed: str | None, joins: str, where: list[str], filters: list[Any],
                    limit: int) -> tuple[list[int], Sequence[Any]]:
    """The candidates' ids, then their ranking under the caller's policies (two statements): where the rules
    predate ``ssdesk_search_rows``, or where there are no rules."""
    from ssdesk.search.service import RANK_CANDIDATES

    if offered.search_ids:
        ids = list(conn.exec_driver_sql(f"SELECT {_IDS_RULES}", (query, wanted, sorted(kinds) or None,
                                                               prefixed)).scalar_one() or [])
    elif offered.search_ids_0012:
        ids = list(conn.exec_driver_sql(f"SELECT {_IDS_RULES_0012}", (query, wanted, sorted(kinds) or None))
                   .scalar_one() or [])
    else:
        ids = _plain_ids(conn, q, offered, wanted)
    sql = _ranking(f"{DOC} d{joins} WHERE d.id = ANY (CAST(? AS bigint[]))", where)
    return ids, conn.exec_driver_sql(sql, (query, ids, *filters, RANK_CANDIDATES, limit)).all()


def _ranking(source: str, where: list[str]) -> str:
    """The ranking statement over ``source`` (rows ``d`` and the look-ups, up to its WHERE): of the candidates that
    pass the filters ``where``, the newest RANK_CANDIDATES ranked by ``ts_rank``, the best ``limit`` kept, as
    (entity, entity id, visit id, score, how many passed, index row id). Parameters: the query, those of
    ``source``, the filters', then the two counts."""
    return ("SELECT c.entity, c.entity_id, c.visit_id, ts_rank(c.tsv, to_tsquery('simple', ?)) AS score,"
            " c.passed, c.id FROM (SELECT d.id, d.entity, d.entity_id, d.visit_id, d.tsv, count(*) OVER () AS"
            f" passed FROM {source}{''.join(' AND ' + w for w in where)} ORDER BY d.id DESC LIMIT ?) c"
            " ORDER BY score DESC, c.id DESC LIMIT ?")


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
    aliases = looked_up(where)
    with service.store.engine.connect() as conn:
        offered = features(conn)
        prefixed = offered.prefix_form(q)
        wanted = RANK_CANDIDATES if not where else RANK_CANDIDATES * 2
        while True:
            if offered.search_rows:  # the candidates' rows and their ranking in one statement
                sql = (f"WITH d AS MATERIALIZED (SELECT * FROM {_ROWS_RULES}) SELECT c.entity, c.entity_id,"
                       " c.visit_id, c.score, c.passed, f.fetched FROM (SELECT count(*) AS fetched FROM d) f"
                       f" LEFT JOIN LATERAL ({_ranking(f'd{_returned(aliases)} WHERE TRUE', where)}) c ON true"
                       " ORDER BY c.score DESC, c.id DESC")
                rows = conn.exec_driver_sql(sql, (query, wanted, sorted(kinds) or None, prefixed, aliases or None,
                                                  query, *filters, RANK_CANDIDATES, limit)).all()
                fetched = rows[0][5] if rows else 0
                found: Sequence[Any] = [r for r in rows if r[0] is not None]
            else:
                ids, found = _ids_and_ranked(conn, offered, q, query, wanted, kinds, prefixed, _lookups(aliases),
                                             where, filters, limit)
                fetched = len(ids)
            passed = found[0][4] if found else 0
            if not where or passed >= RANK_CANDIDATES or fetched < wanted:
                break
            wanted = widened(wanted, passed)  # too few of the newest matches pass the filters: older ones are needed
    return service.results(q, [tuple(r[:4]) for r in found])
