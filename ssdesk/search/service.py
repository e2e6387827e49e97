"""``store.search``: run a parsed query against the index and the data, and dress the hits for display.

Text terms go to FTS5 (ranked by bm25, ``head`` weighted over ``body``); filters are joins on the real tables, so a
status changed a second ago filters correctly without re-indexing. A query of filters only reads the tables directly
(recommendations by deadline, visits newest first). Snippets are cut from the ORIGINAL text: matches are found in the
folded text and mapped back, so "hoang mai" highlights "Hoàng Mai" with its diacritics.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ssdesk.enums import REC_CLOSED, RecStatus
from ssdesk.search import ranking
from ssdesk.search.folding import fold, fold_with_map
from ssdesk.search.index import DOC, FIELDS, FTS, SOURCES, WEIGHTS, install_search_index
from ssdesk.search.query import Query, parse
from ssdesk.services.base import entity_label

if TYPE_CHECKING:
    from ssdesk.store import Store

SNIPPET = 160
#: At most this many matches, the newest, are ranked by bm25 (see :meth:`SearchService._ranked`).
RANK_CANDIDATES = 500
_ALIAS = {"visit": "v", "statement": "s", "finding": "f", "recommendation": "r", "follow_up": "f", "attachment": "a"}
_NOT_OVERDUE = tuple(s.value for s in (*REC_CLOSED, RecStatus.REPORTED_DONE))


@dataclass(frozen=True)
class SearchHit:
    """One result. ``spans`` are (start, end) offsets in ``snippet`` of the matched words."""

    entity: str
    id: str
    visit_id: str | None
    title: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    rank: float
    date: dt.date | None

    def marked(self, start: str = "[", end: str = "]") -> str:
        out, last = [], 0
        for a, b in self.spans:
            out += [self.snippet[last:a], start, self.snippet[a:b], end]
            last = b
        return "".join(out) + self.snippet[last:]


def _in(column: str, values: list[str], params: list[Any]) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})" if values else "FALSE"


class SearchService:
    """Search the case file. Creating it installs the index hook on the store's sessions."""

    def __init__(self, store: Store) -> None:
        self.store = store
        install_search_index(store._sessions)

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

    def _where(self, q: Query, today: dt.date, params: list[Any], rec: str, visit: str) -> list[str]:
        where: list[str] = []
        if q.units:
            where.append(_in(f"{visit}.unit_id", self._names("unit", q.units, False), params))
        if q.delegations:
            where.append(_in(f"{visit}.delegation_id", self._names("delegation", q.delegations, True), params))
        if q.date_from:
            where.append(f"{visit}.starts_at >= ?")
            params.append(q.date_from.isoformat())
        if q.date_to:
            where.append(f"{visit}.starts_at < ?")
            params.append((q.date_to + dt.timedelta(days=1)).isoformat())
        status: list[str] = []
        if q.statuses:
            status.append(_in(f"{rec}.status", sorted(s.value for s in q.statuses), params))
        if q.overdue:  # the rule of ssdesk.services.recommendations.is_overdue, in SQL
            params.append(today.isoformat())
            status.append(f"({rec}.deadline < ? AND NOT {_in(f'{rec}.status', list(_NOT_OVERDUE), params)})")
        if status:
            where.append("(" + " OR ".join(status) + ")")
        for op, day in q.due:
            where.append(f"{rec}.deadline {op} ?")
            params.append(day.isoformat())
        if q.directions:
            where.append(_in(f"{rec}.direction", sorted(d.value for d in q.directions), params))
        return where

    # -- search ---------------------------------------------------------------------------------------------------

    def _ranked(self, conn: Any, q: Query, joins: str, where: list[str], params: list[Any],
                limit: int) -> list[tuple[Any, ...]]:
        """The best ``limit`` of the newest :data:`RANK_CANDIDATES` matches as (entity, id, visit id, score).

        Ranking scores every row it is given; a common word matches half a big file, and scoring 400,000 rows to
        show 50 costs half a second. Index rowids grow as records are written, so the newest matches come from
        walking the match backwards (FTS5 does that without scoring) and only they are ranked, by bm25 computed in
        :mod:`ssdesk.search.ranking`. On a file where a query matches fewer than RANK_CANDIDATES rows (every
        office file) the ranking covers all matches and equals FTS5's own bm25."""
        sql = (f"SELECT d.entity, d.entity_id, d.visit_id, {FTS}.head, {FTS}.body, z.sz{joins}"
               f" JOIN {FTS}_docsize z ON z.id = {FTS}.rowid WHERE {' AND '.join(where)}"
               f" ORDER BY {FTS}.rowid DESC LIMIT ?")
        rows = conn.exec_driver_sql(sql, (*params, RANK_CANDIDATES)).all()
        if not rows:
            return []
        phrases = q.fts_phrases()
        n_rows, avgdl = ranking.table_stats(conn, FTS)
        max_rowid = conn.exec_driver_sql(f"SELECT COALESCE(MAX(id), 0) FROM {DOC}").scalar_one()
        idfs = [ranking.idf(n_rows, ranking.doc_frequency(conn, FTS, p, n_rows, max_rowid)) for p in phrases]
        rows.reverse()  # oldest first: ties keep FTS5's order
        values = ranking.scores(([r[3] for r in rows], [r[4] for r in rows]), [ranking.row_length(r[5]) for r in rows],
                                WEIGHTS, phrases, idfs, avgdl)
        best = sorted(range(len(rows)), key=values.__getitem__)[:limit]
        return [(rows[i][0], rows[i][1], rows[i][2], values[i]) for i in best]

    def search(self, text: str, *, limit: int = 50, today: dt.date | None = None) -> list[SearchHit]:
        """Run the query typed by the user; raises ``ValidationError`` for a malformed one (nothing else escapes)."""
        q = parse(text)
        today = today or dt.date.today()
        kinds = set(q.kinds)
        if q.recommendations_only:
            kinds &= {"recommendation"} if kinds else set()
            kinds = kinds or ({"recommendation"} if not q.kinds else set())
            if not kinds:
                return []
        params: list[Any] = []
        if q.has_text and self.store.engine.dialect.name == "postgresql":  # office server: tsvector, not FTS5
            from ssdesk.search import pg

            return pg.search_text(self, q, kinds, today, limit)
        if q.has_text:
            params.append(q.fts())
            where = ["search_fts MATCH ?"] + self._where(q, today, params, "r", "v")
            if kinds:
                where.append(_in("d.entity", sorted(kinds), params))
            joins = (f" FROM {FTS} JOIN {DOC} d ON d.id = {FTS}.rowid LEFT JOIN visit v ON v.id = d.visit_id"
                     " LEFT JOIN recommendation r ON r.id = d.rec_id")
            with self.store.engine.connect() as conn:
                return self._dress(conn, q, self._ranked(conn, q, joins, where, params, limit))
        if kinds == {"recommendation"} or (not kinds and q.recommendations_only):
            where = self._where(q, today, params, "r", "v") or ["TRUE"]
            sql = ("SELECT 'recommendation', r.id, r.visit_id, 0 FROM recommendation r JOIN visit v ON v.id ="
                   f" r.visit_id WHERE {' AND '.join(where)} ORDER BY r.deadline IS NULL, r.deadline, v.starts_at"
                   " LIMIT ?")
        elif kinds == {"visit"} or not kinds:
            where = self._where(q, today, params, "r", "v") or ["TRUE"]
            sql = (f"SELECT 'visit', v.id, v.id, 0 FROM visit v WHERE"
                   f" {' AND '.join(where)} ORDER BY v.starts_at DESC LIMIT ?")
        else:
            where = self._where(q, today, params, "r", "v") + [_in("d.entity", sorted(kinds), params)]
            sql = (f"SELECT d.entity, d.entity_id, d.visit_id, 0 FROM {DOC} d LEFT JOIN visit v ON v.id ="
                   f" d.visit_id LEFT JOIN recommendation r ON r.id = d.rec_id WHERE {' AND '.join(where)}"
                   " ORDER BY v.starts_at DESC LIMIT ?")
        params.append(limit)
        with self.store.engine.connect() as conn:
            found = conn.exec_driver_sql(sql, tuple(params)).all()
            return self._dress(conn, q, [tuple(r) for r in found])

    # -- presentation ---------------------------------------------------------------------------------------------

    def _dress(self, conn: Any, q: Query, found: list[tuple[Any, ...]]) -> list[SearchHit]:
        by_entity: dict[str, list[str]] = {}
        for entity, ident, *_rest in found:
            by_entity.setdefault(entity, []).append(ident)
        originals: dict[tuple[str, str], dict[str, Any]] = {}
        for entity, ids in by_entity.items():
            sql = f"{SOURCES[entity]} WHERE {_ALIAS[entity]}.id IN ({', '.join('?' * len(ids))})"
            for row in conn.exec_driver_sql(sql, tuple(ids)):
                originals[(entity, row.id)] = dict(row._mapping)
        visit_ids = sorted({r[2] for r in found if r[2]})
        visits = {r[0]: r for r in conn.exec_driver_sql(
            "SELECT v.id, v.starts_at, v.title, u.name FROM visit v JOIN unit u ON u.id = v.unit_id"
            f" WHERE v.id IN ({', '.join('?' * len(visit_ids))})", tuple(visit_ids))} if visit_ids else {}
        pattern = _highlighter(q.highlight_tokens())
        hits = []
        for entity, ident, visit_id, score in found:
            row = originals.get((entity, ident))
            if row is None:  # the index is behind the data (a tool wrote around the store): skip, rebuild repairs
                continue
            visit = visits.get(visit_id)
            day = dt.datetime.fromisoformat(str(visit[1])).date() if visit else None
            snippet, spans = _snippet(row, FIELDS[entity], pattern)
            hits.append(SearchHit(entity, ident, visit_id, _title(entity, row, visit, day), snippet, spans,
                                  float(score or 0.0), day))
        return hits


def _title(entity: str, row: dict[str, Any], visit: Any, day: dt.date | None) -> str:
    label = entity_label(entity)
    name = {"visit": row.get("title") or row.get("unit_name"), "statement": row.get("speaker_name"),
            "recommendation": row.get("ref"), "follow_up": row.get("reporter"), "attachment": row.get("name")}
    parts = [f"{label} {name.get(entity) or ''}".strip()]
    if visit is not None and entity != "visit":
        parts.append(visit[3])
    if day is not None:
        parts.append(day.strftime("%d/%m/%Y"))
    return " — ".join(parts)


def _highlighter(tokens: list[tuple[str, bool]]) -> re.Pattern[str] | None:
    """One pattern for all the query's tokens (longest first), compiled once per search, matched in folded text."""
    if not tokens:
        return None
    alternatives = "|".join(re.escape(t) + (r"[^\W_]*" if prefix else r"(?![^\W_])")
                            for t, prefix in sorted(tokens, key=lambda x: -len(x[0])))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})")


def _matches(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """Spans in ``text`` (original) of the query's tokens, found in its folded form."""
    if pattern is None:
        return []
    folded, origin = fold_with_map(text)
    spans = []
    for m in pattern.finditer(folded):
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        while end < len(text) and fold(text[end]) == "" and not text[end].isspace():
            end += 1  # a combining mark of decomposed input belongs to the letter before it
        spans.append((start, end))
    return spans


def _snippet(row: dict[str, Any], fields: tuple[tuple[str, ...], tuple[str, ...]],
             pattern: re.Pattern[str] | None) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The window of ~SNIPPET characters of the field with the most matches (long text preferred on a tie)."""
    best: tuple[int, str, list[tuple[int, int]]] = (-1, "", [])
    for name in fields[1] + fields[0]:
        text = " ".join(str(row.get(name) or "").split())
        if text:
            spans = _matches(text, pattern)
            if len(spans) > best[0]:
                best = (len(spans), text, spans)
    _n, text, spans = best
    if len(text) <= SNIPPET:
        return text, tuple(spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - SNIPPET // 4, len(text) - SNIPPET))
    if start:
        start = text.find(" ", start) + 1 or start  # do not cut a word in two
    end = start + SNIPPET
    cut = text.rfind(" ", start, end)
    end = cut if cut > start + SNIPPET // 2 and end < len(text) else end
    prefix = "…" if start else ""
    out = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    return out, tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
