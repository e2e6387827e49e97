"""Merging a laptop's case file into the office file, by UUID, over every entity table.

How a merge decides, record by record (design):
- **What the laptop changed** comes from its audit log: every insert/update/delete writes an ``audit_log`` row with
  its own UUID, and a merge copies the laptop's new rows into the office log. So "changed on the laptop since the
  files parted (or since the last merge)" is exactly "has audit rows the office log does not hold yet". This needs no
  knowledge of which laptop is which (two copies of one file both work) and makes a second merge of the same file a
  no-op. Deletions travel the same way: a ``delete`` row is the tombstone.
- **What the office changed** since the last merge with this laptop: ``merge_base`` keeps, per peer ``file_id``, the
  digest each record had in the office right after that merge; a different digest now means the office changed it.
  Before the first merge (or for a plain copy that shares the office's ``file_id``) the office log answers instead:
  office audit rows for the record that the laptop's log lacks.
- Laptop changed, office did not → apply (insert, update or delete). Both changed, to different values → a
  :class:`Conflict`, listed field by field; the caller picks ``"office"`` or ``"laptop"``; never silently overwritten.
  Same values on both sides → nothing to do. A laptop delete whose record got new dependants in the office is a
  conflict too (the dependants would go with it).
The laptop file is copied (read-only) to a temp file that is migrated to the current schema, and never touched. The
office file is backed up first, and everything is written in one transaction, with one ``merge`` audit row.

The office may also be a PostgreSQL database (office server mode, ``ssdesk.server``): rows are compared in SQLite's
stored form (dates as ISO text, booleans as 0/1) on both sides, so digests mean the same whichever holds the office;
no backup is taken (the database administrator's ``pg_dump`` is the backup). ``row_version`` (optimistic locking) is
no part of a record's content: not in digests, and an applied update raises the office row's version, so whoever
has that record open in the office is told rather than overwriting the laptop's change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table

from ssdesk.errors import CaseFileError
from ssdesk.i18n import _
from ssdesk.models import AuditEntry, Base, Entity, new_id, utcnow

if TYPE_CHECKING:
    from ssdesk.store import Store

SKIP_IN_DIGEST = ("created_at", "updated_at", "row_version")
VERSION = "row_version"
BLOB = "attachment_blob"
Key = tuple[str, str]
Resolver = Callable[["Conflict"], str | None] | Mapping[Key, str] | str | None


def entity_tables() -> list[Table]:
    """Tables of :class:`Entity` models in foreign-key order (parents first)."""
    names = {m.class_.__tablename__ for m in Base.registry.mappers if issubclass(m.class_, Entity)}
    return [t for t in Base.metadata.sorted_tables if t.name in names]


@dataclass(frozen=True)
class FieldDiff:
    field: str
    office: Any
    laptop: Any


@dataclass
class Conflict:
    """One record both sides changed: ``kind`` is ``changed-both``, ``deleted-in-office`` or ``deleted-on-laptop``."""

    table: str
    id: str
    kind: str
    fields: list[FieldDiff] = field(default_factory=list)
    choice: str | None = None  # "office" / "laptop" once resolved

    @property
    def key(self) -> Key:
        return self.table, self.id

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.id, "kind": self.kind, "choice": self.choice,
                "fields": [{"field": f.field, "office": f.office, "laptop": f.laptop} for f in self.fields]}


@dataclass
class MergeReport:
    laptop: str
    peer_file_id: str | None = None
    inserts: dict[str, list[str]] = field(default_factory=dict)
    updates: dict[str, list[str]] = field(default_factory=dict)
    deletes: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False
    backup: str | None = None
    audit_copied: int = 0

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.choice not in ("office", "laptop")]

    @property
    def changes(self) -> int:
        return sum(len(v) for d in (self.inserts, self.updates, self.deletes) for v in d.values())

    def as_dict(self) -> dict[str, Any]:
        return {"laptop": self.laptop, "peer_file_id": self.peer_file_id, "dry_run": self.dry_run,
                "applied": self.applied, "backup": self.backup, "audit_copied": self.audit_copied,
                "inserts": self.inserts, "updates": self.updates, "deletes": self.deletes,
                "conflicts": [c.as_dict() for c in self.conflicts]}


def _plain(value: Any) -> Any:
    return f"<{len(value)} bytes>" if isinstance(value, bytes) else value


def digest(row: Mapping[str, Any] | None) -> str | None:
    if row is None:
        return None
    data = {k: (hashlib.sha256(v).hexdigest() if isinstance(v, bytes) else v) for k, v in sorted(row.items())
            if k not in SKIP_IN_DIGEST}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class FileSide:
    """Raw-row access to one file (sqlite3 connection or SQLAlchemy connection), columns in the office's order."""

    def __init__(self, execute: Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]) -> None:
        self.execute = execute

    def row(self, table: Table, ident: str) -> dict[str, Any] | None:
        cols = [c.name for c in table.columns]
        found = self.execute(f'SELECT {_cols(cols)} FROM "{table.name}" WHERE id=?', (ident,))
        return dict(zip(cols, found[0], strict=True)) if found else None

    def existing(self, table: str, column: str, values: Iterable[str]) -> set[str]:
        values, out = list(values), set()
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out |= {r[0] for r in self.execute(f'SELECT {column} FROM "{table}" WHERE {column} IN ({marks})',
                                               tuple(chunk))}
        return out


def _cols(cols: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)  # "user" is a reserved word in PostgreSQL


def _stored(value: Any) -> Any:
    """A value as SQLite stores it (what the laptop side reads): PostgreSQL's rows are compared in this form."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def sa_side(conn: Any) -> FileSide:
    """The office side of a merge or a package: a SQLAlchemy connection whose rows read as SQLite stores them."""
    if conn.dialect.name == "sqlite":
        return FileSide(lambda sql, params: [tuple(r) for r in conn.exec_driver_sql(sql, params).fetchall()])
    return FileSide(lambda sql, params: [tuple(_stored(v) for v in r) for r in conn.exec_driver_sql(sql, params)])


def _server_values(conn: Any, table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A laptop row made fit for the office's columns: on PostgreSQL a boolean must be a boolean, not 0/1."""
    if conn.dialect.name == "sqlite":
        return dict(row)
    from sqlalchemy import Boolean

    columns = Base.metadata.tables[table].c
    return {k: bool(v) if v is not None and k in columns and isinstance(columns[k].type, Boolean) else v
            for k, v in row.items()}


def _sqlite_side(con: sqlite3.Connection) -> FileSide:
    return FileSide(lambda sql, params: con.execute(sql, params).fetchall())


def _choose(conflict: Conflict, resolve: Resolver) -> str | None:
    if resolve is None:
        return None
    if isinstance(resolve, str):
        return resolve
    if isinstance(resolve, Mapping):
        return resolve.get(conflict.key)
    return resolve(conflict)


class _Planner:
    """Works out, inside the office's transaction, what the laptop brings and what conflicts."""

    def __init__(self, office: FileSide, laptop: FileSide, lap_con: sqlite3.Connection, peer: str | None) -> None:
        self.office, self.laptop, self.peer = office, laptop, peer
        self.tables = {t.name: t for t in entity_tables()}
        rows = lap_con.execute("SELECT id, entity, entity_id FROM audit_log").fetchall()
        self.lap_audit_ids = {r[0] for r in rows}
        known = office.existing("audit_log", "id", self.lap_audit_ids)
        self.new_audit = sorted(self.lap_audit_ids - known)
        new = set(self.new_audit)
        self.candidates = {(r[1], r[2]) for r in rows if r[0] in new and r[1] in self.tables and r[1] != BLOB}
        self.base: dict[Key, str | None] = {}
        if peer is not None:
            for entity, ident, dig in office.execute(
                    "SELECT entity, entity_id, digest FROM merge_base WHERE peer_file_id=?", (peer,)):
                self.base[(entity, ident)] = dig

    def office_changed(self, key: Key, office_row: dict[str, Any] | None) -> bool:
        if key in self.base:
            return digest(office_row) != self.base[key]
        ids = [r[0] for r in self.office.execute("SELECT id FROM audit_log WHERE entity=? AND entity_id=?", key)]
        return any(i not in self.lap_audit_ids for i in ids)

    def dependants(self, table: str, ident: str, leaving: set[Key]) -> int:
        count = 0
        for child in self.tables.values():
            for fk in child.foreign_keys:
                if fk.column.table.name == table and child.name != BLOB:
                    for (cid,) in self.office.execute(f'SELECT id FROM "{child.name}" WHERE {fk.parent.name}=?',
                                                      (ident,)):
                        count += (child.name, cid) not in leaving
        return count

    def plan(self, report: MergeReport) -> list[tuple[str, Key, dict[str, Any] | None, dict[str, Any] | None]]:
        """Returns (action, key, office_row, laptop_row) for every candidate; fills the report's conflicts."""
        steps = []
        for name, table in self.tables.items():
            for key in sorted(k for k in self.candidates if k[0] == name):
                o, lap = self.office.row(table, key[1]), self.laptop.row(table, key[1])
                if digest(o) == digest(lap):
                    steps.append(("same", key, o, lap))
                    continue
                action = "insert" if o is None else "delete" if lap is None else "update"
                if not self.office_changed(key, o):
                    steps.append((action, key, o, lap))
                    continue
                kind = "deleted-in-office" if o is None else "deleted-on-laptop" if lap is None else "changed-both"
                fields = [FieldDiff(c, _plain((o or {}).get(c)), _plain((lap or {}).get(c)))
                          for c in (table.columns.keys()) if c not in SKIP_IN_DIGEST
                          and (o or {}).get(c) != (lap or {}).get(c)]
                report.conflicts.append(Conflict(name, key[1], kind, fields))
                steps.append(("conflict:" + action, key, o, lap))
        leaving = {k for a, k, _o, _l in steps if a == "delete"}
        for i, (action, key, o, lap) in enumerate(steps):
            if action == "delete" and (n := self.dependants(key[0], key[1], leaving)):
                report.conflicts.append(Conflict(key[0], key[1], "deleted-on-laptop",
                                                 [FieldDiff("dependants", n, 0)]))
                steps[i] = ("conflict:delete", key, o, lap)
        return steps


def open_laptop_copy(laptop_path: Path, workdir: Path) -> Path:
    """A migrated temp copy of the laptop file (the original is only ever read, through a read-only connection)."""
    from ssdesk.safety.backups import copy_database, verify_case_file
    from ssdesk.store import Store

    if not laptop_path.is_file():
        raise CaseFileError(_("The case file “{name}” does not exist.").format(name=str(laptop_path)))
    from ssdesk import crypto

    key = crypto.find_password(laptop_path)  # an encrypted laptop file: its password (given, remembered or env)
    problem = verify_case_file(laptop_path, key)
    if problem:
        raise CaseFileError(problem)
    copy = workdir / "laptop.ssdesk"
    copy_database(laptop_path, copy, key)  # stays encrypted in the temp folder too
    from ssdesk.safety.lineage import suspended

    with suspended():  # the copy stands for the laptop file: it keeps the laptop's identity
        Store.open(copy, create=False, user="merge", password=key).close()  # brings it to the current schema
    return copy


def merge(office: Store, laptop_path: str | os.PathLike[str], *, resolve: Resolver = None,
          dry_run: bool = False, backup_folder: str | os.PathLike[str] | None = None) -> MergeReport:
    """Bring into ``office`` what the laptop file added, changed or deleted (see the module docstring).

    With unresolved conflicts (``resolve`` gave no choice) or ``dry_run``, nothing is written and the report says
    what would happen. ``resolve``: ``"office"``/``"laptop"`` for all, a ``{(table, id): choice}`` map, or a function
    of the :class:`Conflict`."""
    laptop_path = Path(laptop_path).resolve()
    if office.path is not None and laptop_path == office.path:
        raise CaseFileError(_("A case file cannot be merged into itself."))
    with tempfile.TemporaryDirectory(prefix="ssdesk-merge-") as tmp:
        copy = open_laptop_copy(laptop_path, Path(tmp))
        from ssdesk import crypto

        lap_con = crypto.connect_file(copy)
        try:
            return _merge(office, lap_con, str(laptop_path), resolve, dry_run, backup_folder)
        finally:
            lap_con.close()


def _merge(office: Store, lap_con: sqlite3.Connection, laptop_name: str, resolve: Resolver, dry_run: bool,
           backup_folder: str | os.PathLike[str] | None) -> MergeReport:
    from ssdesk.change import Change

    row = lap_con.execute("SELECT value FROM ssdesk_meta WHERE key='file_id'").fetchone()
    peer_id = row[0] if row else None
    own_id = office.meta("file_id")
    report = MergeReport(laptop=laptop_name, peer_file_id=peer_id, dry_run=dry_run)
    peer = peer_id if peer_id and peer_id != own_id else None  # a plain copy shares our id: no per-peer base
    laptop = _sqlite_side(lap_con)
    with office.read() as s:
        planner = _Planner(sa_side(s.connection()), laptop, lap_con, peer)
        steps = planner.plan(report)
    for conflict in report.conflicts:
        conflict.choice = _choose(conflict, resolve)
    taken = {c.key for c in report.conflicts if c.choice == "laptop"}
    final: list[tuple[str, Key, dict[str, Any] | None, dict[str, Any] | None]] = []
    for action, key, o, lap in steps:
        if action.startswith("conflict:"):
            action = action.split(":", 1)[1] if key in taken else "keep"
        final.append((action, key, o, lap))
        if action in ("insert", "update", "delete"):
            getattr(report, action + "s").setdefault(key[0], []).append(key[1])
    report.audit_copied = len(planner.new_audit)
    from ssdesk.server.merging import check_store  # on a server: the merging user's rights, refused rows named
    check_store(office, lap_con, final)
    if dry_run or report.unresolved or not planner.new_audit:
        return report
    from ssdesk.safety.backups import backup_now

    if not office.is_server:  # a server database is backed up by its administrator (pg_dump)
        report.backup = str(backup_now(office, backup_folder, reason="before-merge"))
    with office.write() as s:
        conn = s.connection()
        # rows of one table may point at each other (units): foreign keys are checked at commit
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON" if conn.dialect.name == "sqlite"
                             else "SET CONSTRAINTS ALL DEFERRED")
        _apply(conn, laptop, planner, final)
        from ssdesk.safety.history import settle_histories

        settle_histories(conn, _losing_steps(conn, laptop, final, taken))  # one story per history (§4)
        _copy_audit(conn, lap_con, planner.new_audit)
        if peer is not None:
            _update_base(conn, peer, final)
        s.info["ssdesk_change"] = Change(
            inserted={t: set(ids) for t, ids in report.inserts.items()},
            updated={t: set(ids) for t, ids in report.updates.items()},
            deleted={t: set(ids) for t, ids in report.deletes.items()})
        s.add(AuditEntry(id=new_id(), at=utcnow(), user=office.identity.audit_user, action="merge",
                         entity="case_file", entity_id=peer_id or "?", field=None, old=None,
                         new=json.dumps({"laptop": laptop_name, "inserts": report.inserts, "updates": report.updates,
                                         "deletes": report.deletes,
                                         "conflicts": [[c.table, c.id, c.choice] for c in report.conflicts]},
                                        ensure_ascii=False)))
    report.applied = True
    if report.changes:
        _refresh_search(office)
    return report


def _apply(conn: Any, laptop: FileSide, planner: _Planner,
           steps: list[tuple[str, Key, dict[str, Any] | None, dict[str, Any] | None]]) -> None:
    office = sa_side(conn)
    blobs = {lap["blob_id"] for a, k, _o, lap in steps if k[0] == "attachment" and a in ("insert", "update") and lap}
    for blob_id in sorted(blobs - office.existing(BLOB, "id", blobs)):
        row = laptop.row(planner.tables[BLOB], blob_id)
        if row is not None:
            _insert(conn, BLOB, row)
    for action, key, _o, lap in steps:
        if action == "insert" and lap is not None:
            _insert(conn, key[0], lap)
        elif action == "update" and lap is not None:
            values = _server_values(conn, key[0], lap)
            cols = [c for c in values if c not in ("id", VERSION)]
            bump = f', "{VERSION}"="{VERSION}"+1' if VERSION in values else ""  # the office's own version goes up
            conn.exec_driver_sql(f'UPDATE "{key[0]}" SET {", ".join(f"{chr(34)}{c}{chr(34)}=?" for c in cols)}'
                                 f'{bump} WHERE id=?', tuple(values[c] for c in cols) + (key[1],))
    dropped_blobs: set[str] = set()
    for action, key, o, _lap in reversed(steps):
        if action == "delete" and o is not None:
            conn.exec_driver_sql(f'DELETE FROM "{key[0]}" WHERE id=?', (key[1],))
            if key[0] == "attachment":
                dropped_blobs.add(o["blob_id"])
    for blob_id in dropped_blobs:
        conn.exec_driver_sql(f'DELETE FROM "{BLOB}" WHERE id=? AND NOT EXISTS '
                             '(SELECT 1 FROM attachment WHERE blob_id=?)', (blob_id, blob_id))


def _losing_steps(conn: Any, laptop: FileSide,
                  steps: list[tuple[str, Key, dict[str, Any] | None, dict[str, Any] | None]],
                  taken: set[Key]) -> dict[str, set[str]]:
    """For each recommendation that received laptop follow-ups: the ids of the steps of the side whose status lost
    (the laptop's new steps when the office's status stayed; the office's own steps when the laptop's won)."""
    came: dict[str, set[str]] = {}
    for action, key, _o, lap in steps:
        if action == "insert" and key[0] == "follow_up" and lap is not None:
            came.setdefault(str(lap["recommendation_id"]), set()).add(key[1])
    updated = {k[1] for a, k, _o, _l in steps if a == "update" and k[0] == "recommendation"}
    for rec in updated | {k[1] for k in taken if k[0] == "recommendation"}:
        came.setdefault(rec, set())  # the laptop's row won: the office's own status steps may now contradict it
    out: dict[str, set[str]] = {}
    for rec, new_steps in came.items():
        if ("recommendation", rec) in taken or rec in updated:  # the laptop's status stands
            mine = {r[0] for r in conn.exec_driver_sql("SELECT id FROM follow_up WHERE recommendation_id=?", (rec,))}
            out[rec] = mine - new_steps - laptop.existing("follow_up", "id", mine)
        else:
            out[rec] = new_steps
    return out


def _insert(conn: Any, table: str, row: dict[str, Any]) -> None:
    values = _server_values(conn, table, row)
    cols = list(values)
    conn.exec_driver_sql(f'INSERT INTO "{table}" ({_cols(cols)}) VALUES ({", ".join("?" * len(cols))})',
                         tuple(values[c] for c in cols))


def _copy_audit(conn: Any, lap_con: sqlite3.Connection, ids: list[str]) -> None:
    cols = [c.name for c in AuditEntry.__table__.columns]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = lap_con.execute(f'SELECT {_cols(cols)} FROM audit_log WHERE id IN ({",".join("?" * len(chunk))})',
                               chunk).fetchall()
        for r in rows:
            conn.exec_driver_sql(f'INSERT INTO audit_log ({_cols(cols)}) VALUES ({", ".join("?" * len(cols))})',
                                 tuple(r))


def _update_base(conn: Any, peer: str, steps: list[tuple[str, Key, dict[str, Any] | None,
                                                        dict[str, Any] | None]]) -> None:
    for action, key, o, lap in steps:
        now = digest(o) if action == "keep" else digest(lap)
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("INSERT OR REPLACE INTO merge_base (peer_file_id, entity, entity_id, digest) "
                                 "VALUES (?, ?, ?, ?)", (peer, key[0], key[1], now))
        else:
            conn.exec_driver_sql("INSERT INTO merge_base (peer_file_id, entity, entity_id, digest) VALUES (?, ?, ?, ?)"
                                 " ON CONFLICT (peer_file_id, entity, entity_id)"
                                 " DO UPDATE SET digest = EXCLUDED.digest", (peer, key[0], key[1], now))


def _refresh_search(store: Store) -> None:
    """Rows were written below the ORM, so the search index (when present) is rebuilt from the tables."""
    try:
        from ssdesk.search.index import rebuild
    except ImportError:  # pragma: no cover - search not installed in this build
        return
    rebuild(store)
