"""``store.search``: run a parsed query against the index and the data; :mod:`ssdesk.search.hits` dresses the hits.

Text terms go to FTS5 (ranked by bm25, ``head`` weighted over ``body``); filters are joins on the real tables, so a
status changed a second ago filters correctly without re-indexing. A query of filters only reads the tables directly
(recommendations by deadline, visits newest first).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ssdesk.enums import REC_CLOSED, RecStatus
from ssdesk.search import ranking
from ssdesk.search.folding import fold
from ssdesk.search.hits import SearchHit, SearchResults
from ssdesk.search.index import DOC, FTS, WEIGHTS, entity_test, install_search_index
from ssdesk.search.query import Query, parse

if TYPE_CHECKING:
    from ssdesk.store import Store

#: At most this many matches, the newest, are ranked by bm25 (see :meth:`SearchService._ranked`).
RANK_CANDIDATES = 500
_NOT_OVERDUE = tuple(s.value for s in (*REC_CLOSED, RecStatus.REPORTED_DONE))


def sql_in(column: str, values: list[str], params: list[Any]) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})" if values else "FALSE"


class SearchService:
    """Search the case file. Creating it installs the index hook on the store's sessions."""

    def __init__(self, store: Store) -> None:
        self.store = store
        install_search_index(store.session_factory)

    # -- filters --------------------------------------------------------------------------------------------------

    def _names(self, table: str, wanted: list[str], number_ok: bool) -> list[str]:
        """Ids of units/delegations whose folded name contains every wanted text (or, for a bare number, the number
        as a word: ``delegation:1`` is "Đoàn giám sát số 1", not "số 12")."""
        with self.store.engine.connect() as conn:
            rows = conn.exec_driver_sql(f"SELECT id, name FROM {table}").all()
        out = []
        for ident, name in rows:
            folded = fold(name)
            if all(re.search(rf"(?<!\d){w}(?!\d)", folded) if number_ok and w.isdigit() else w in folded
                   for w in wanted):
                out.append(ident)
        return out

    def filters_sql(self, q: Query, today: dt.date, params: list[Any], rec: str | None, visit: str) -> list[str]:
        """SQL conditions of the query's filters on the aliases ``rec`` (the recommendation, None when the query
        reads visits only) and ``visit``. ``unit:`` is the visited unit or, for a session without one (a review
        meeting), the unit responsible for the task: the department is what that meeting "visits"."""
        where: list[str] = []
        if q.units:
            ids = self._names("unit", q.units, False)
            visited = sql_in(f"{visit}.unit_id", ids, params)
            if rec is None:
                where.append(visited)
            else:
                responsible = sql_in(f"{rec}.responsible_unit_id", ids, params)
                where.append(f"({visited} OR ({visit}.unit_id IS NULL AND {responsible}))")
        if q.delegations:
            where.append(sql_in(f"{visit}.delegation_id", self._names("delegation", q.delegations, True), params))
        if q.date_from:
            where.append(f"{visit}.starts_at >= ?")
            params.append(q.date_from.isoformat())
        if q.date_to:
            where.append(f"{visit}.starts_at < ?")
            params.append((q.date_to + dt.timedelta(days=1)).isoformat())
        status: list[str] = []
        if q.statuses:
            status.append(sql_in(f"{rec}.status", sorted(s.value for s in q.statuses), params))
        if q.overdue:  # the rule of ssdesk.services.recommendations.is_overdue, in SQL
            params.append(today.isoformat())
            status.append(f"({rec}.deadline < ? AND NOT {sql_in(f'{rec}.status', list(_NOT_OVERDUE), params)})")
        if status:
            where.append("(" + " OR ".join(status) + ")")
        for op, day in q.due:
            where.append(f"{rec}.deadline {op} ?")
            params.append(day.isoformat())
        if q.directions:
            where.append(sql_in(f"{rec}.direction", sorted(d.value for d in q.directions), params))
        return where

    # -- search ---------------------------------------------------------------------------------------------------

    def text_sql(self, q: Query, kinds: set[str], today: dt.date, *,
                 by_id: bool = True) -> tuple[str, list[str], list[Any]]:
        """(FROM clause with its joins, WHERE conditions, parameters) of a query with text: the matches, filters
        and all, that ranking takes its candidates from. The MATCH expression is the first parameter. The kinds
        of record are tested on the index row's id first (``by_id``: :func:`index.entity_test`, no row read for
        the others), then on ``search_doc``. Public for the benchmark, whose naive peer ranks the same candidates
        found the plain way (``by_id=False``)."""
        params: list[Any] = [q.fts()]
        where = [f"{FTS} MATCH ?"]
        if kinds and by_id:
            where.append(entity_test(f"{FTS}.rowid", kinds))
        where += self.filters_sql(q, today, params, "r", "v")
        if kinds:
            where.append(sql_in("d.entity", sorted(kinds), params))
        joins = (f" FROM {FTS} JOIN {DOC} d ON d.id = {FTS}.rowid LEFT JOIN visit v ON v.id = d.visit_id"
                 " LEFT JOIN recommendation r ON r.id = d.rec_id")
        return joins, where, params

    @staticmethod
    def kinds(q: Query) -> set[str] | None:
        """The entities a query may find (empty: any); None when it can find nothing (``kind:visit
        status:overdue``: a status is a recommendation's)."""
        kinds = set(q.kinds)
        if q.recommendations_only:
            kinds &= {"recommendation"} if kinds else set()
            kinds = kinds or ({"recommendation"} if not q.kinds else set())
            if not kinds:
                return None
        return kinds

    def _ranked(self, conn: Any, q: Query, kinds: set[str], today: dt.date, limit: int) -> list[tuple[Any, ...]]:
        """The best ``limit`` of the newest :data:`RANK_CANDIDATES` matches as (entity, id, visit id, score).

        Ranking scores every row it is given; a common word matches half a big file, and scoring 400,000 rows to
        show 50 costs half a second. Index rowids grow as records are written, so the newest matches come from
        walking the match backwards (FTS5 does that without scoring) and only they are ranked by bm25. Who computes
        bm25 depends on what FTS5 would walk to count the query's phrases (:func:`ranking.fts5_count_cost`): while
        that is cheap — most queries on an office-sized file — FTS5 ranks the candidates itself in the statement
        that finds them (:meth:`_ranked_by_fts5`; :meth:`_ranked_on_index` without filters); past it (common
        words at 100k, quoted phrases of common words from 10k on) Python computes the same formula
        (:mod:`ssdesk.search.ranking`) over the candidates' text, with frequencies estimated from the newest
        matches — cheaper than FTS5's walk of whole doclists.

        The filters' SQL (:meth:`text_sql`) is built only on the paths that read it: at 1k the path without filters
        runs the naive peer's own statement, lighter by 450 ``search_doc`` reads, and what the app adds around it in
        Python is what decides whether it is ahead (issue 21)."""
        phrases = q.fts_phrases()
        n_rows, avgdl = ranking.table_stats(conn, FTS)
        by_fts5 = ranking.fts5_count_cost(conn, FTS, phrases, n_rows) <= ranking.EXACT_LIMIT
        if by_fts5 and not q.has_filters:
            return self._ranked_on_index(conn, q, kinds, limit)
        joins, where, params = self.text_sql(q, kinds, today)
        condition = " AND ".join(where)
        if by_fts5:
            return self._ranked_by_fts5(conn, joins, condition, params, limit)
        sql = (f"SELECT d.entity, d.entity_id, d.visit_id, {FTS}.head, {FTS}.body, z.sz{joins}"
               f" JOIN {FTS}_docsize z ON z.id = {FTS}.rowid WHERE {condition}"
               f" ORDER BY {FTS}.rowid DESC LIMIT ?")
        rows = conn.execute(sql, (*params, RANK_CANDIDATES)).fetchall()
        frequencies = ranking.doc_frequencies(conn, FTS, phrases, n_rows)
        idfs = [ranking.idf(n_rows, f) for f in frequencies]
        rows.reverse()  # oldest first: ties keep FTS5's order
        values = ranking.scores(([r[3] for r in rows], [r[4] for r in rows]), [ranking.row_length(r[5]) for r in rows],
                                WEIGHTS, phrases, idfs, avgdl)
        best = sorted(range(len(rows)), key=values.__getitem__)[:limit]
        return [(rows[i][0], rows[i][1], rows[i][2], values[i]) for i in best]

    @staticmethod
    def _ranked_by_fts5(conn: Any, joins: str, condition: str, params: list[Any],
                        limit: int) -> list[tuple[Any, ...]]:
        """FTS5's own bm25 of the newest candidates, in the one statement that finds them (filters and all); SQLite
        sorts them and hands over the best ``limit`` only (ties: the older first, as FTS5 orders them)."""
        sql = (f"SELECT entity, entity_id, visit_id, s FROM (SELECT d.entity, d.entity_id, d.visit_id,"
               f" bm25({FTS}, {WEIGHTS[0]}, {WEIGHTS[1]}) AS s, {FTS}.rowid AS id{joins} WHERE {condition}"
               f" ORDER BY {FTS}.rowid DESC LIMIT ?) ORDER BY s, id LIMIT ?")
        return list(conn.execute(sql, (*params, RANK_CANDIDATES, limit)).fetchall())

    @staticmethod
    def _ranked_on_index(conn: Any, q: Query, kinds: set[str], limit: int) -> list[tuple[Any, ...]]:
        """:meth:`_ranked_by_fts5` for a query without filters: the newest candidates are found and ranked on
        FTS5's own tables (the kind tested on the id), and ``search_doc`` is read for the best ``limit`` only.
        Reading it for all 500 candidates, only to drop 450, was a tenth of a search on an office-sized file and
        kept the app behind the naive peer at 1k (issue 21; docs/benchmark.md). ``CROSS JOIN`` keeps the best 50 the
        outer loop, streamed from their sorter: with a plain ``JOIN`` SQLite copied them into a table first
        (``MATERIALIZE`` in the plan), a twentieth of the statement on the 1k bench's slowest queries."""
        where = f"{FTS} MATCH ?" + (f" AND {entity_test(f'{FTS}.rowid', kinds)}" if kinds else "")
        sql = (f"SELECT d.entity, d.entity_id, d.visit_id, best.s FROM (SELECT s, id FROM (SELECT"
               f" bm25({FTS}, {WEIGHTS[0]}, {WEIGHTS[1]}) AS s, rowid AS id FROM {FTS} WHERE {where}"
               f" ORDER BY rowid DESC LIMIT ?) ORDER BY s, id LIMIT ?) best CROSS JOIN {DOC} d ON d.id = best.id"
               " ORDER BY best.s, best.id")
        return list(conn.execute(sql, (q.fts(), RANK_CANDIDATES, limit)).fetchall())

    def search(self, text: str, *, limit: int = 50, today: dt.date | None = None) -> Sequence[SearchHit]:
        """Run the query typed by the user; raises ``ValidationError`` for a malformed one (nothing else escapes).
        The hits come ranked; each is dressed (title, snippet) when first read — see :class:`SearchResults`."""
        q = parse(text)
        today = today or dt.date.today()
        kinds = self.kinds(q)
        if kinds is None:
            return []
        params: list[Any] = []
        if q.has_text and self.store.engine.dialect.name == "postgresql":  # office server: tsvector, not FTS5
            from ssdesk.search import pg

            return pg.search_text(self, q, kinds, today, limit)
        if q.has_text:
            # ranked on the file's own DB-API connection (ssdesk.search.ranking), checked out of the pool bare: a
            # SQLAlchemy Connection around it cost ~10 µs a search and nothing here uses it
            raw = self.store.engine.raw_connection()
            try:
                return self.results(q, self._ranked(raw.driver_connection, q, kinds, today, limit))
            finally:
                raw.close()
        if kinds == {"recommendation"} or (not kinds and q.recommendations_only):
            where = self.filters_sql(q, today, params, "r", "v") or ["TRUE"]
            sql = ("SELECT 'recommendation', r.id, r.visit_id, 0 FROM recommendation r JOIN visit v ON v.id ="
                   f" r.visit_id WHERE {' AND '.join(where)} ORDER BY r.deadline IS NULL, r.deadline, v.starts_at"
                   " LIMIT ?")
        elif kinds == {"visit"} or not kinds:
            where = self.filters_sql(q, today, params, None, "v") or ["TRUE"]
            sql = (f"SELECT 'visit', v.id, v.id, 0 FROM visit v WHERE"
                   f" {' AND '.join(where)} ORDER BY v.starts_at DESC LIMIT ?")
        else:
            where = self.filters_sql(q, today, params, "r", "v") + [sql_in("d.entity", sorted(kinds), params)]
            sql = (f"SELECT d.entity, d.entity_id, d.visit_id, 0 FROM {DOC} d LEFT JOIN visit v ON v.id ="
                   f" d.visit_id LEFT JOIN recommendation r ON r.id = d.rec_id WHERE {' AND '.join(where)}"
                   " ORDER BY v.starts_at DESC LIMIT ?")
        params.append(limit)
        with self.store.engine.connect() as conn:
            found = conn.exec_driver_sql(sql, tuple(params)).all()
        return self.results(q, [tuple(r) for r in found])

    def results(self, q: Query, found: Sequence[tuple[Any, ...]]) -> SearchResults:
        """Ranked (entity, id, visit id, score) rows as hits dressed on first read, on this store's database."""
        return SearchResults(self.store.engine.connect, q, found)
