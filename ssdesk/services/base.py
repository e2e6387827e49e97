"""What every service shares: the store, fetching by id with a translated not-found error, dependency counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ssdesk.errors import InUseError, NotFoundError
from ssdesk.i18n import N_, _
from ssdesk.models import Entity

if TYPE_CHECKING:
    from ssdesk.store import Store

T = TypeVar("T", bound=Entity)

#: How each table is named to the user (in "not found" and "in use" messages).
ENTITY_NAMES: dict[str, str] = {
    "programme": N_("Programme"),
    "indicator": N_("Indicator"),
    "plan": N_("Supervision plan"),
    "person": N_("Person"),
    "delegation": N_("Delegation"),
    "delegation_member": N_("Delegation member"),
    "unit": N_("Unit"),
    "unit_succession": N_("Unit succession"),
    "visit": N_("Working session"),
    "attendee": N_("Attendee"),
    "indicator_result": N_("Indicator result"),
    "statement": N_("Statement"),
    "finding": N_("Finding"),
    "recommendation": N_("Recommendation"),
    "follow_up": N_("Follow-up"),
    "attachment": N_("Attachment"),
    "issued_document": N_("Issued document"),
}


def entity_label(table: str) -> str:
    return _(ENTITY_NAMES.get(table, table))


class Service:
    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def fetch(session: Session, model: type[T], ident: str) -> T:
        obj = session.get(model, ident)
        if obj is None:
            raise NotFoundError(entity_label(model.__tablename__), ident)
        return obj

    @staticmethod
    def check_version(session: Session, obj: Entity, expected_version: int | None) -> None:
        """Optimistic locking: raise :class:`~ssdesk.errors.ConflictError` (who changed what, when) when ``obj`` is no
        longer at ``expected_version``, the version the caller loaded (``obj.row_version``); None: no check beyond
        SQLAlchemy's own (a row changed between this session's read and its write is a conflict too)."""
        if expected_version is not None and obj.row_version != expected_version:
            from ssdesk.audit import conflict_error

            raise conflict_error(session, obj, expected=expected_version)

    @staticmethod
    def apply(obj: Any, values: dict[str, Any]) -> None:
        for key, value in values.items():
            setattr(obj, key, value)

    @staticmethod
    def refuse_if_used(session: Session, obj: Entity, label: str, uses: list[tuple[type[Entity], Any]],
                       key: Any = None) -> None:
        """Raise :class:`InUseError` naming each kind of record that still points at ``obj``.

        ``key(column)`` builds the condition when the reference is not simply ``column == obj.id``."""
        found: dict[str, int] = {}
        for model, column in uses:
            cond = key(column) if key is not None else column == obj.id
            n = session.execute(select(func.count()).select_from(model).where(cond)).scalar_one()
            if n:
                found[entity_label(model.__tablename__)] = found.get(entity_label(model.__tablename__), 0) + n
        if found:
            detail = ", ".join(f"{n} {name.lower()}" for name, n in found.items())
            raise InUseError(_("“{label}” cannot be deleted: it is still used by {detail}.")
                             .format(label=label, detail=detail), found)
