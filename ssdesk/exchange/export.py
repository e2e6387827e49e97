"""Writing one visit, with copies of the records it points at, as plain JSON-ready data (ids kept)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select

from ssdesk.errors import NotFoundError
from ssdesk.exchange.files import FORMAT, VERSION
from ssdesk.models import (
    Attachment,
    Person,
    Programme,
    Unit,
    Visit,
)
from ssdesk.services.base import entity_label

if TYPE_CHECKING:

    from ssdesk.store import Store

T = TypeVar("T")


def _value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _fields(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in names}


def _ordered(items: list[T]) -> list[T]:
    return sorted(items, key=lambda o: (o.order_no, o.id))  # type: ignore[attr-defined]


PERSON_FIELDS = ("id", "full_name", "title", "organisation", "phone", "email", "note")
PROGRAMME_FIELDS = ("id", "code", "title", "issuing_body", "issued_on", "period_start", "period_end", "description")
INDICATOR_FIELDS = ("id", "code", "name", "unit_of_measure", "target", "target_value", "period", "order_no")
PLAN_FIELDS = ("id", "issuing_body", "number", "issued_on", "topic", "period_start", "period_end")
DELEGATION_FIELDS = ("id", "name", "issuing_body", "decision_number", "decision_date")
MEMBER_FIELDS = ("id", "role", "position", "order_no")
UNIT_FIELDS = ("id", "name", "short_name", "kind", "valid_from", "valid_to", "note")
VISIT_FIELDS = ("id", "kind", "convening_body", "title", "starts_at", "ends_at", "place", "agenda", "form",
                "classification", "state", "report_summary", "indicators_met", "indicators_total", "explanation",
                "conclusion", "related_documents")
ATTENDEE_FIELDS = ("id", "name", "title", "organisation", "side", "delegation_role", "presides", "takes_minutes",
                   "order_no")
RESULT_FIELDS = ("id", "indicator_id", "label", "reported", "reported_value", "unit_of_measure", "target", "achieved",
                 "note", "order_no")
STATEMENT_FIELDS = ("id", "attendee_id", "speaker_name", "speaker_title", "kind", "order_no", "spoken_at", "text")
FINDING_FIELDS = ("id", "kind", "text", "order_no")
REC_FIELDS = ("id", "direction", "ref", "text", "addressee", "responsible_text", "cooperating", "deadline", "status",
              "status_changed_on", "priority", "order_no")
FOLLOW_UP_FIELDS = ("id", "date", "reporter", "progress", "old_status", "new_status", "recorded_by")
ATTACHMENT_FIELDS = ("id", "name", "media_type", "sha256", "size")


def _person(p: Person | None) -> dict[str, Any] | None:
    return None if p is None else _fields(p, PERSON_FIELDS)


def _programme(p: Programme | None) -> dict[str, Any] | None:
    if p is None:
        return None
    out = _fields(p, PROGRAMME_FIELDS)
    out["indicators"] = [_fields(i, INDICATOR_FIELDS) for i in _ordered(list(p.indicators))]
    return out


def _unit(u: Unit | None) -> dict[str, Any] | None:
    if u is None:
        return None
    out = _fields(u, UNIT_FIELDS)
    seen = {u.id}
    node, parent = out, u.parent
    while True:  # iterative, and safe against a (corrupt) cycle
        if parent is None or parent.id in seen:
            node["parent"] = None
            break
        seen.add(parent.id)
        node["parent"] = _fields(parent, UNIT_FIELDS)
        node, parent = node["parent"], parent.parent
    return out


def export_visit(store: Store, visit_id: str) -> dict[str, Any]:
    """The whole visit as exchange data (see :func:`dump_visit` for the text). Deterministic: same data, same JSON."""
    with store.read() as s:
        visit = s.get(Visit, visit_id)
        if visit is None:
            raise NotFoundError(entity_label("visit"), visit_id)
        deleg = visit.delegation
        delegation: dict[str, Any] | None = None  # a review meeting has none (its convening body is in "visit")
        if deleg is not None:
            delegation = _fields(deleg, DELEGATION_FIELDS)
            plan = None
            if deleg.plan is not None:
                plan = _fields(deleg.plan, PLAN_FIELDS)
                plan["programme"] = _programme(deleg.plan.programme)
            delegation["plan"] = plan
            delegation["members"] = [{**_fields(m, MEMBER_FIELDS), "person": _person(m.person)}
                                     for m in _ordered(list(deleg.members))]
        recommendations = []
        for rec in _ordered(list(visit.recommendations)):
            item = _fields(rec, REC_FIELDS)
            item["responsible_unit"] = _unit(rec.responsible_unit)
            item["responsible_person"] = _person(rec.responsible_person)
            follow_ups = []
            for fu in sorted(rec.follow_ups, key=lambda f: (f.date, f.created_at or dt.datetime.min, f.id)):
                atts = s.scalars(select(Attachment).where(Attachment.follow_up_id == fu.id)).all()
                follow_ups.append({**_fields(fu, FOLLOW_UP_FIELDS), "attachments": [
                    _fields(a, ATTACHMENT_FIELDS) for a in sorted(atts, key=lambda a: (a.name, a.id))]})
            item["follow_ups"] = follow_ups
            recommendations.append(item)
        return {
            "format": FORMAT,
            "version": VERSION,
            "visit": _fields(visit, VISIT_FIELDS),
            "delegation": delegation,
            "unit": _unit(visit.unit),
            "programme": _programme(visit.programme),
            "attendees": [{**_fields(a, ATTENDEE_FIELDS), "person": _person(a.person)}
                          for a in _ordered(list(visit.attendees))],
            "indicator_results": [_fields(r, RESULT_FIELDS) for r in _ordered(list(visit.indicator_results))],
            "statements": [_fields(st, STATEMENT_FIELDS) for st in _ordered(list(visit.statements))],
            "findings": [_fields(f, FINDING_FIELDS) for f in _ordered(list(visit.findings))],
            "recommendations": recommendations,
        }


# --- schema validation -----------------------------------------------------------------------------------------
