"""The search index: an FTS5 table of folded text plus a map table, kept in step with the data in the same transaction.

Two tables, both plain SQLite so that any other tool can open the file:

- ``search_doc(id, entity, entity_id, visit_id, rec_id)`` maps an index row back to its record. ``visit_id`` and
  ``rec_id`` are there so that deleting a visit (or a recommendation) can drop the index rows of children that the
  database removed by ``ON DELETE CASCADE`` without the ORM ever loading them;
- ``search_fts(head, body)``, FTS5 with ``rowid = search_doc.id``: ``head`` holds short naming text (titles, unit and
  delegation names, speakers, refs, addressees) and ranks higher than ``body`` (the long text).

The hook runs in ``after_flush`` of the store's session factory (foreign keys are filled in by then), writing through
the session's own connection: a rollback takes the index back with the data. No SQL trigger calls Python, because
another program opening the file could not run it. :func:`rebuild` repairs everything from the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ssdesk.models import Attachment, Delegation, Finding, FollowUp, Recommendation, Statement, Unit, Visit
from ssdesk.search.folding import fold

DOC = "search_doc"
FTS = "search_fts"
#: bm25 column weights, in the FTS column order (head, body).
WEIGHTS = (4.0, 1.0)

#: entity → (fields joined into ``head``, fields joined into ``body``). Also used to fetch originals for snippets.
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "visit": (("title", "unit_name", "delegation_name"),
              ("place", "agenda", "report_summary", "explanation", "conclusion")),
    "statement": (("speaker_name", "speaker_title"), ("text",)),
    "finding": ((), ("text",)),
    "recommendation": (("ref", "addressee", "responsible_text"), ("text",)),
    "follow_up": (("reporter",), ("progress",)),
    "attachment": (("name",), ()),
}

#: Core SQL that yields every record of an entity with the columns FIELDS names plus id, visit_id, rec_id.
SOURCES: dict[str, str] = {
    # a review meeting has no unit and no delegation: its convening body is indexed where the delegation would be
    "visit": "SELECT v.id, v.id AS visit_id, NULL AS rec_id, v.title, u.name AS unit_name,"
             " COALESCE(d.name, v.convening_body) AS delegation_name,"
             " v.place, v.agenda, v.report_summary, v.explanation, v.conclusion FROM visit v"
             " LEFT JOIN unit u ON u.id = v.unit_id LEFT JOIN delegation d ON d.id = v.delegation_id",
    "statement": "SELECT s.id, s.visit_id, NULL AS rec_id, s.speaker_name, s.speaker_title, s.text FROM statement s",
    "finding": "SELECT f.id, f.visit_id, NULL AS rec_id, f.text FROM finding f",
    "recommendation": "SELECT r.id, r.visit_id, r.id AS rec_id, r.ref, r.addressee, r.responsible_text, r.text,"
                      " r.direction FROM recommendation r",
    # the session of a follow-up step or an attachment looked up row by row, not joined: on the office server a
    # reader's page of 20 follow-up hits was dressed by a hash of every recommendation they may read (the join
    # under the policies, 220 ms a page at 100k; issue 18), where 20 look-ups by key cost a few milliseconds
    "follow_up": "SELECT f.id, (SELECT r.visit_id FROM recommendation r WHERE r.id = f.recommendation_id) AS visit_id,"
                 " f.recommendation_id AS rec_id, f.reporter, f.progress FROM follow_up f",
    "attachment": "SELECT a.id, COALESCE(a.visit_id, (SELECT r.visit_id FROM recommendation r WHERE r.id = a.rec_id))"
                  " AS visit_id, a.rec_id, a.name FROM (SELECT a.id, a.visit_id, a.name, COALESCE(a.recommendation_id,"
                  " (SELECT f.recommendation_id FROM follow_up f WHERE f.id = a.follow_up_id)) AS rec_id"
                  " FROM attachment a) a",
}
ENTITIES = tuple(FIELDS)
#: An index row's id is ``sequence × ID_STEP + ENTITY_CODE[entity]`` (revision 0013): a search for some kinds of
#: record only (``kind:``, and every ``status:``/``due:`` query, which finds recommendations) tests the id with
#: :func:`entity_test` as FTS5 hands it over, and reads ``search_doc`` for those rows only — a walk over 11,000
#: matches at 10k, one in seven of them a recommendation, went from 7 to 3.5 ms. Ids still grow as rows are written.
ID_STEP = 8
ENTITY_CODE = {entity: code for code, entity in enumerate(ENTITIES)}


def entity_test(rowid: str, entities: Iterable[str]) -> str:
    """SQL that holds for the index rows of these entities, from their id alone (no parameter: codes are ours)."""
    codes = sorted(ENTITY_CODE[e] for e in entities)
    return f"({rowid} & {ID_STEP - 1}) IN ({', '.join(map(str, codes))})"


def misnumbered(conn: Connection) -> int:
    """Index rows whose id does not carry their entity (written before revision 0013)."""
    case = " ".join(f"WHEN '{e}' THEN {c}" for e, c in ENTITY_CODE.items())
    return int(conn.exec_driver_sql(
        f"SELECT COUNT(*) FROM {DOC} WHERE (id & {ID_STEP - 1}) != (CASE entity {case} ELSE -1 END)").scalar_one())
_MODELS: dict[type, str] = {Visit: "visit", Statement: "statement", Finding: "finding",
                            Recommendation: "recommendation", FollowUp: "follow_up", Attachment: "attachment"}

Doc = tuple[str, str, str | None, str | None, str, str]  # entity, entity_id, visit_id, rec_id, head, body
Progress = Callable[[float, str], None]


class Cancelled(SsdeskError):
    """The user stopped a rebuild; the index was left as it was."""


def make_doc(entity: str, row: Mapping[Any, Any]) -> Doc:
    head_fields, body_fields = FIELDS[entity]
    head = " ".join(fold(row[f]) for f in head_fields if row[f])
    body = " ".join(fold(row[f]) for f in body_fields if row[f])
    return entity, row["id"], row["visit_id"], row["rec_id"], head, body


#: The visit's source on a schema before revision 0009 (no ``visit.convening_body``): what the fills run by the
#: earlier revisions (0003, 0008) read while a file is being migrated step by step. Same documents for those visits.
VISIT_SOURCE_BEFORE_0009 = SOURCES["visit"].replace("COALESCE(d.name, v.convening_body)", "d.name")


def _has_convening_body(conn: Connection) -> bool:
    return any(c["name"] == "convening_body" for c in inspect(conn).get_columns("visit"))


def source_docs(conn: Connection, entity: str, where: str = "", params: Any = None, *,
                source: str | None = None) -> Iterator[Doc]:
    sql = (source or SOURCES[entity]) + (f" WHERE {where}" if where else "")
    for row in conn.exec_driver_sql(sql, params or ()):
        yield make_doc(entity, row._mapping)


def write_docs(conn: Connection, docs: Iterable[Doc], *, fresh: bool = False) -> int:
    """Insert or replace index rows. ``fresh``: the index holds none of them (bulk fill), skip the look-ups."""
    if conn.dialect.name == "postgresql":  # office server mode: ssdesk.search.pg
        from ssdesk.search import pg
        return pg.write_docs(conn, docs, fresh=fresh)
    docs = list({(d[0], d[1]): d for d in docs}.values())  # one row per record, the last version wins
    if not docs:
        return 0
    if not fresh:
        drop_ids(conn, [(d[0], d[1]) for d in docs])
    start = (conn.exec_driver_sql(f"SELECT COALESCE(MAX(id), 0) FROM {DOC}").scalar_one() or 0) // ID_STEP + 1
    ids = [(start + i) * ID_STEP + ENTITY_CODE[d[0]] for i, d in enumerate(docs)]
    conn.exec_driver_sql(f"INSERT INTO {DOC} (id, entity, entity_id, visit_id, rec_id) VALUES (?, ?, ?, ?, ?)",
                         [(ident, d[0], d[1], d[2], d[3]) for ident, d in zip(ids, docs, strict=True)])
    conn.exec_driver_sql(f"INSERT INTO {FTS} (rowid, head, body) VALUES (?, ?, ?)",
                         [(ident, d[4], d[5]) for ident, d in zip(ids, docs, strict=True)])
    return len(docs)


def drop_ids(conn: Connection, keys: list[tuple[str, str]]) -> None:
    """Remove the index rows of these (entity, entity_id) pairs."""
    if conn.dialect.name == "postgresql":
        from ssdesk.search import pg
        return pg.drop_ids(conn, keys)
    for entity, ident in keys:
        conn.exec_driver_sql(f"DELETE FROM {FTS} WHERE rowid IN (SELECT id FROM {DOC} WHERE entity_id = ?"
                             " AND entity = ?)", (ident, entity))
        conn.exec_driver_sql(f"DELETE FROM {DOC} WHERE entity_id = ? AND entity = ?", (ident, entity))


def drop_where(conn: Connection, where: str, params: tuple[Any, ...]) -> None:
    if conn.dialect.name == "postgresql":
        from ssdesk.search import pg
        return pg.drop_where(conn, where, params)
    conn.exec_driver_sql(f"DELETE FROM {FTS} WHERE rowid IN (SELECT id FROM {DOC} WHERE {where})", params)
    conn.exec_driver_sql(f"DELETE FROM {DOC} WHERE {where}", params)


def fill(conn: Connection, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
         batch: int = 20000) -> int:
    """Empty the index and index every record again, in ``conn``'s transaction. Returns the number of rows."""
    sqlite = conn.dialect.name == "sqlite"  # PostgreSQL: one table, the tsvector generated (ssdesk.search.pg)
    totals = {e: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {e}").scalar_one() for e in ENTITIES}
    grand = max(1, sum(totals.values()))
    if sqlite:
        conn.exec_driver_sql(f"DELETE FROM {FTS}")
    conn.exec_driver_sql(f"DELETE FROM {DOC}")
    done = 0
    for entity in ENTITIES:
        chunk: list[Doc] = []
        old = entity == "visit" and not _has_convening_body(conn)
        for doc in source_docs(conn, entity, source=VISIT_SOURCE_BEFORE_0009 if old else None):
            chunk.append(doc)
            if len(chunk) >= batch:
                done += write_docs(conn, chunk, fresh=True)
                chunk = []
                _report(progress, cancelled, done / grand, entity)
        done += write_docs(conn, chunk, fresh=True)
        _report(progress, cancelled, done / grand, entity)
    if sqlite:
        conn.exec_driver_sql(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")
    return done


def _report(progress: Progress | None, cancelled: Callable[[], bool] | None, fraction: float, entity: str) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled(_("Rebuilding the search index was cancelled; the index is unchanged."))
    if progress is not None:
        progress(min(1.0, fraction), _("Indexing: {what}").format(what=entity))


def rebuild(store: Any, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int:
    """Repair the whole index from the data in one transaction (a cancel or a crash leaves the old index)."""
    with store.engine.begin() as conn:
        return fill(conn, progress, cancelled)


# -- the hook ---------------------------------------------------------------------------------------------------


def _lookup(conn: Connection, cache: dict[tuple[str, str], Any], sql: str, key: str | None) -> Any:
    if key is None:
        return None
    if (sql, key) not in cache:
        cache[(sql, key)] = conn.exec_driver_sql(sql, (key,)).scalar()
    return cache[(sql, key)]


def _orm_row(conn: Connection, cache: dict[tuple[str, str], Any], entity: str, obj: Any) -> dict[str, Any]:
    head_fields, body_fields = FIELDS[entity]
    row: dict[str, Any] = {f: getattr(obj, f, None) for f in head_fields + body_fields}
    row["id"] = obj.id
    rec_visit = "SELECT visit_id FROM recommendation WHERE id = ?"
    if entity == "visit":
        row.update(visit_id=obj.id, rec_id=None,
                   unit_name=_lookup(conn, cache, "SELECT name FROM unit WHERE id = ?", obj.unit_id),
                   delegation_name=_lookup(conn, cache, "SELECT name FROM delegation WHERE id = ?", obj.delegation_id)
                   or obj.convening_body)  # as in SOURCES: a review meeting is found by its convening body
    elif entity == "recommendation":
        row.update(visit_id=obj.visit_id, rec_id=obj.id)
    elif entity == "follow_up":
        row.update(visit_id=_lookup(conn, cache, rec_visit, obj.recommendation_id), rec_id=obj.recommendation_id)
    elif entity == "attachment":
        rec_id = obj.recommendation_id or _lookup(
            conn, cache, "SELECT recommendation_id FROM follow_up WHERE id = ?", obj.follow_up_id)
        row.update(visit_id=obj.visit_id or _lookup(conn, cache, rec_visit, rec_id), rec_id=rec_id)
    else:
        row.update(visit_id=obj.visit_id, rec_id=None)
    return row


def sync_session(session: Session) -> None:
    """Bring the index in step with what this flush wrote (called from ``after_flush``)."""
    conn = session.connection()
    cache: dict[tuple[str, str], Any] = {}
    for obj in list(session.deleted):
        entity = _MODELS.get(type(obj))
        if entity == "visit":
            drop_where(conn, "visit_id = ?", (obj.id,))  # children went by ON DELETE CASCADE
        elif entity == "recommendation":
            drop_where(conn, "rec_id = ?", (obj.id,))
        elif entity is not None:
            drop_ids(conn, [(entity, obj.id)])
            if entity == "follow_up":  # its attachments went by ON DELETE CASCADE
                drop_where(conn, "entity = 'attachment' AND rec_id = ? AND entity_id NOT IN"
                                 " (SELECT id FROM attachment)", (obj.recommendation_id,))
    docs: list[Doc] = []
    renamed_units: list[str] = []
    renamed_delegations: list[str] = []
    for obj in list(session.new) + list(session.dirty):
        entity = _MODELS.get(type(obj))
        if entity is not None:
            docs.append(make_doc(entity, _orm_row(conn, cache, entity, obj)))
        elif isinstance(obj, Unit) and obj in session.dirty:
            renamed_units.append(obj.id)
        elif isinstance(obj, Delegation) and obj in session.dirty:
            renamed_delegations.append(obj.id)
    for ident in renamed_units:
        docs.extend(source_docs(conn, "visit", "v.unit_id = ?", (ident,)))
    for ident in renamed_delegations:
        docs.extend(source_docs(conn, "visit", "v.delegation_id = ?", (ident,)))
    write_docs(conn, docs)


def install_search_index(factory: sessionmaker[Session]) -> None:
    """Keep the index in step with every flush of sessions made by ``factory``."""
    event.listen(factory, "after_flush", lambda session, _ctx: sync_session(session))
