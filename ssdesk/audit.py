"""The audit log: every flush writes who changed which field of which row, from what to what.

Hooked on the session factory, so no service can forget it. Inserts and deletes are one row each with the whole
record as JSON (a row per field would multiply the file's size on bulk imports); updates are one row per field.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from ssdesk.change import Change
from ssdesk.models import AttachmentBlob, AuditEntry, Entity, Meta, new_id, utcnow

if TYPE_CHECKING:
    from ssdesk.store import Store

SKIPPED_FIELDS = {"created_at", "updated_at", "row_version"}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _text(value: Any) -> str | None:
    value = _plain(value)
    return None if value is None else str(value)


def _columns(obj: Entity) -> dict[str, Any]:
    return {a.key: _plain(getattr(obj, a.key)) for a in inspect(obj).mapper.column_attrs
            if a.key not in SKIPPED_FIELDS}


def install_audit(factory: sessionmaker[Session], store: Store) -> None:
    @event.listens_for(factory, "before_flush")
    def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
        change: Change = session.info.setdefault("ssdesk_change", Change())
        # what this flush updates or deletes: named in the ConflictError if a row turns out changed meanwhile
        session.info["ssdesk_flushing"] = [(o.__tablename__, o.id) for o in list(session.dirty) + list(session.deleted)
                                           if isinstance(o, Entity)]
        now = utcnow()
        entries: list[AuditEntry] = []

        def log(action: str, obj: Entity, field: str | None, old: Any, new: Any) -> None:
            entries.append(AuditEntry(id=new_id(), at=now, user=store.identity.audit_user, action=action,
                                      entity=obj.__tablename__, entity_id=obj.id, field=field,
                                      old=_text(old), new=_text(new)))

        for obj in list(session.new):
            if isinstance(obj, (AuditEntry, Meta)) or not isinstance(obj, Entity):
                continue
            if obj.id is None:
                obj.id = new_id()
            change.inserted.setdefault(obj.__tablename__, set()).add(obj.id)
            if not isinstance(obj, AttachmentBlob):
                log("insert", obj, None, None, json.dumps(_columns(obj), ensure_ascii=False, sort_keys=True))
        for obj in list(session.dirty):
            if not isinstance(obj, Entity) or not session.is_modified(obj, include_collections=False):
                continue
            state = inspect(obj)
            changed = False
            for attr in state.mapper.column_attrs:
                if attr.key in SKIPPED_FIELDS:
                    continue
                hist = state.attrs[attr.key].history
                if hist.has_changes():
                    old = hist.deleted[0] if hist.deleted else None
                    new = hist.added[0] if hist.added else None
                    if _plain(old) != _plain(new):
                        log("update", obj, attr.key, old, new)
                        changed = True
            if changed:
                change.updated.setdefault(obj.__tablename__, set()).add(obj.id)
        for obj in list(session.deleted):
            if not isinstance(obj, Entity):
                continue
            change.deleted.setdefault(obj.__tablename__, set()).add(obj.id)
            if not isinstance(obj, AttachmentBlob):
                log("delete", obj, None, json.dumps(_columns(obj), ensure_ascii=False, sort_keys=True), None)
        session.add_all(entries)

    @event.listens_for(factory, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop("ssdesk_change", None)


def _label(obj: Any) -> str:
    for name in ("ref", "name", "full_name", "code", "number", "title", "speaker_name", "text"):
        value = getattr(obj, name, None)
        if value:
            text = " ".join(str(value).split())
            return text if len(text) <= 60 else text[:59] + "…"
    return str(getattr(obj, "id", ""))


def conflict_error(session: Session, obj: Any, *, expected: int | None = None, table: str | None = None) -> Any:
    """The :class:`~ssdesk.errors.ConflictError` for ``obj`` (a row someone else changed since ``expected``, the
    version the user opened): who changed it last and when, and which fields, from the audit log."""
    from sqlalchemy import select

    from ssdesk.errors import ConflictError
    from ssdesk.services.base import entity_label

    table = getattr(obj, "__tablename__", None) or table or "?"
    ident = getattr(obj, "id", None)
    entries: list[AuditEntry] = []
    current: int | None = None
    if ident is not None:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.entity == table,
                                                                AuditEntry.entity_id == ident)
                                       .order_by(AuditEntry.at.desc(), AuditEntry.id).limit(200)))
        from ssdesk.models import Base

        mapper = next((m for m in Base.registry.mappers if getattr(m.class_, "__tablename__", None) == table), None)
        if mapper is not None:
            t = mapper.local_table
            current = session.execute(select(t.c.row_version).where(t.c.id == ident)).scalar()
    last = entries[0] if entries else None
    # the updates since the version the user opened: one flush (one `at`) per version
    fields: list[str] = []
    if entries:
        steps = (current - expected) if current is not None and expected is not None else 1
        seen: list[tuple[Any, str]] = []
        for e in entries:
            key = (e.at, e.user)
            if key not in seen:
                if len(seen) >= max(1, steps):
                    break
                seen.append(key)
            if e.action == "update" and e.field and e.field not in fields:
                fields.append(e.field)
    return ConflictError(entity=entity_label(table), label=_label(obj) if obj is not None else (ident or ""),
                         ident=ident, user=last.user if last else None, at=last.at if last else None,
                         fields=sorted(fields), deleted=current is None and ident is not None,
                         expected=expected, current=current)
