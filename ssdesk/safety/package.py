"""The other direction of a merge: what a secretary takes to the district on a laptop.

A *visit package* is an ordinary small case file holding one visit and everything it points at, with the same UUIDs
and the audit rows of those records, so that merging the package (or the laptop file it became) back into the office
file is an ordinary :func:`ssdesk.safety.merge.merge` — no second format to keep in step. A *laptop copy* is the
whole office file with a new ``file_id``, so the office can keep per-laptop merge bookkeeping.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssdesk.errors import CaseFileError, NotFoundError
from ssdesk.i18n import _
from ssdesk.models import AuditEntry, new_id, utcnow
from ssdesk.safety.merge import BLOB, FileSide, Key, entity_tables, sa_side

if TYPE_CHECKING:
    from ssdesk.store import Store


def _ids(side: FileSide, sql: str, params: tuple[Any, ...]) -> set[str]:
    return {r[0] for r in side.execute(sql, params) if r[0] is not None}


def _in(side: FileSide, table: str, column: str, wanted: set[str], what: str = "id") -> set[str]:
    out: set[str] = set()
    values = sorted(wanted)
    for i in range(0, len(values), 500):
        chunk = tuple(values[i:i + 500])
        out |= _ids(side, f'SELECT {what} FROM "{table}" WHERE {column} IN ({",".join("?" * len(chunk))})', chunk)
    return out


def visit_closure(side: FileSide, visit_id: str) -> dict[str, set[str]]:
    """Every record one visit needs, table → ids: its delegation (plan, members, persons), the unit chain up to the
    root, programmes with their indicators, the visit's children, follow-ups, attachments and issued documents."""
    row = side.execute("SELECT delegation_id, unit_id, programme_id FROM visit WHERE id=?", (visit_id,))
    if not row:
        raise NotFoundError(_("Visit"), visit_id)
    deleg, unit, prog = row[0]
    keep: dict[str, set[str]] = {t.name: set() for t in entity_tables()}
    keep["visit"] = {visit_id}
    keep["delegation"] = {d for d in (deleg,) if d}  # a review meeting has no delegation and no unit
    keep["plan"] = _in(side, "delegation", "id", keep["delegation"], "plan_id")
    keep["programme"] = {p for p in (prog,) if p} | _in(side, "plan", "id", keep["plan"], "programme_id")
    keep["delegation_member"] = _in(side, "delegation_member", "delegation_id", keep["delegation"])
    for child in ("attendee", "indicator_result", "statement", "finding", "recommendation", "issued_document"):
        keep[child] = _in(side, child, "visit_id", {visit_id})
    keep["follow_up"] = _in(side, "follow_up", "recommendation_id", keep["recommendation"])
    keep["attachment"] = (_in(side, "attachment", "visit_id", {visit_id})
                          | _in(side, "attachment", "recommendation_id", keep["recommendation"])
                          | _in(side, "attachment", "follow_up_id", keep["follow_up"])
                          | _in(side, "issued_document", "id", keep["issued_document"], "attachment_id"))
    keep[BLOB] = _in(side, "attachment", "id", keep["attachment"], "blob_id")
    keep["person"] = (_in(side, "delegation_member", "id", keep["delegation_member"], "person_id")
                      | _in(side, "attendee", "id", keep["attendee"], "person_id")
                      | _in(side, "recommendation", "id", keep["recommendation"], "responsible_person_id"))
    indicators = _in(side, "indicator_result", "id", keep["indicator_result"], "indicator_id")
    keep["programme"] |= _in(side, "indicator", "id", indicators, "programme_id")
    keep["indicator"] = _in(side, "indicator", "programme_id", keep["programme"])
    units = {u for u in (unit,) if u} | _in(side, "recommendation", "id", keep["recommendation"], "responsible_unit_id")
    while units - keep["unit"]:  # the chain of parents, so the unit tree stays whole
        keep["unit"] |= units
        units = _in(side, "unit", "id", units, "parent_id")
    return keep


def export_package(store: Store, visit_id: str, out_path: str | os.PathLike[str]) -> Path:
    """Write a new case file at ``out_path`` with one visit and what it needs (same UUIDs, their audit rows)."""
    from ssdesk.store import Store

    out = Path(out_path).resolve()
    if out.exists():
        raise CaseFileError(_("“{name}” already exists; choose another name.").format(name=str(out)))
    with store.read() as s:
        office = sa_side(s.connection())
        keep = visit_closure(office, visit_id)
        tables = entity_tables()
        rows: list[tuple[str, list[str], list[tuple[Any, ...]]]] = []
        for table in tables:
            cols = [c.name for c in table.columns]
            found = sorted(keep.get(table.name, set()))
            data: list[tuple[Any, ...]] = []
            for i in range(0, len(found), 500):
                chunk = tuple(found[i:i + 500])
                data += office.execute(f'SELECT {", ".join(cols)} FROM "{table.name}" WHERE id IN '
                                       f'({",".join("?" * len(chunk))})', chunk)
            rows.append((table.name, cols, data))
        audit_cols = [c.name for c in AuditEntry.__table__.columns]
        audit: list[tuple[Any, ...]] = []
        for name, ids in keep.items():
            if name == BLOB:
                continue
            audit += _in_rows(office, audit_cols, name, ids)
    logged: set[Key] = {(r[audit_cols.index("entity")], r[audit_cols.index("entity_id")]) for r in audit}
    import uuid

    from ssdesk.safety.lineage import suspended

    # built under a temporary name and renamed when complete: a killed run never leaves half a package named OUT
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
    with suspended(), Store.open(tmp, user=store.user, password=store.password) as package:  # encrypted like it
        with package.write() as s:
            conn = s.connection()
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            for name, cols, data in rows:
                for values in data:
                    conn.exec_driver_sql(f'INSERT INTO "{name}" ({", ".join(cols)}) VALUES '
                                         f'({", ".join("?" * len(cols))})', values)
            for values in audit:
                conn.exec_driver_sql(f'INSERT INTO audit_log ({", ".join(audit_cols)}) VALUES '
                                     f'({", ".join("?" * len(audit_cols))})', values)
            for name, ids in keep.items():  # a record with no history yet still needs a row for merge to see it
                for ident in sorted(ids):
                    if name != BLOB and (name, ident) not in logged:
                        s.add(AuditEntry(id=new_id(), at=utcnow(), user=store.identity.audit_user, action="insert",
                                         entity=name, entity_id=ident, field=None, old=None, new=None))
        try:
            from ssdesk.search.index import rebuild

            rebuild(package)
        except ImportError:  # pragma: no cover
            pass
    if out.exists():
        tmp.unlink(missing_ok=True)
        raise CaseFileError(_("“{name}” already exists; choose another name.").format(name=str(out)))
    os.replace(tmp, out)
    if store.password is not None:
        from ssdesk import crypto

        crypto.remember(out, store.password)
    return out


def _in_rows(side: FileSide, cols: list[str], entity: str, ids: set[str]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    values = sorted(ids)
    for i in range(0, len(values), 400):
        chunk = tuple(values[i:i + 400])
        out += side.execute(f'SELECT {", ".join(cols)} FROM audit_log WHERE entity=? AND entity_id IN '
                            f'({",".join("?" * len(chunk))})', (entity, *chunk))
    return out


def make_laptop_copy(store: Store, dest: str | os.PathLike[str]) -> Path:
    """The whole office file for a laptop, under a new ``file_id`` (and ``copied_from``) so merges can tell it apart."""
    from ssdesk.models import Meta
    from ssdesk.safety.backups import copy_database
    from ssdesk.store import Store

    if store.path is None:  # the GUI offers no laptop copy of a server database
        raise CaseFileError(_("The case file is a database on the office server: there is no file to copy or back "
                              "up here. The server's administrator backs it up (pg_dump)."))
    out = Path(dest).resolve()
    if out.exists():
        raise CaseFileError(_("“{name}” already exists; choose another name.").format(name=str(out)))
    copy_database(store.path, out, store.password)  # an encrypted office file gives an encrypted laptop copy
    with Store.open(out, create=False, user=store.user, password=store.password) as copy, copy.write() as s:
        s.merge(Meta(key="copied_from", value=store.meta("file_id") or ""))
        row = s.get(Meta, "file_id")
        assert row is not None
        row.value = new_id()
    return out
