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

from ssdesk.models import AttachmentBlob, AuditEntry, Entity, Meta, new_id, utcnow

if TYPE_CHECKING:
    from ssdesk.store import Store

SKIPPED_FIELDS = {"created_at", "updated_at"}


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
        from ssdesk.store import Change

        change: Change = session.info.setdefault("ssdesk_change", Change())
        now = utcnow()
        entries: list[AuditEntry] = []

        def log(action: str, obj: Entity, field: str | None, old: Any, new: Any) -> None:
            entries.append(AuditEntry(id=new_id(), at=now, user=store.user, action=action,
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
