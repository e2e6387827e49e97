"""What is recorded inside a visit: attendees, reported figures, statements, findings.

Each kind has one checker that validates a whole record (stored values merged with the change), used by both
``add_*`` and ``update_*``, so a field-by-field save from the GUI can never store what a full add would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ssdesk.enums import FindingKind, MemberRole, Side, StatementKind, VisitState
from ssdesk.i18n import _
from ssdesk.models import Attendee, Entity, Finding, Indicator, IndicatorResult, Person, Statement, Visit
from ssdesk.services import progress
from ssdesk.services.base import Service
from ssdesk.services.validation import Checker, unknown_fields

ATTENDEE_FIELDS = ("name", "side", "title", "organisation", "person_id", "delegation_role", "presides",
                   "takes_minutes", "order_no")
RESULT_FIELDS = ("indicator_id", "label", "reported", "reported_value", "unit_of_measure", "target", "achieved",
                 "note", "order_no")
STATEMENT_FIELDS = ("speaker_name", "text", "speaker_title", "attendee_id", "kind", "spoken_at", "order_no")
FINDING_FIELDS = ("kind", "text", "order_no")


def _squash(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


#: Optional text fields: an emptied box is stored as NULL, as the visit's own fields are.
OPTIONAL_TEXT = frozenset({"title", "organisation", "label", "reported", "unit_of_measure", "target", "note",
                           "speaker_title", "spoken_at"})


def _blank_to_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if k in OPTIONAL_TEXT and isinstance(v, str) and not v.strip() else v)
            for k, v in values.items()}


def _respeak(s: Session, attendee: Attendee, old_name: str, old_title: str | None) -> None:
    """An attendee's name or title corrected: the statements they made say it too, in the same transaction. A
    statement keeps who spoke as it was typed (it outlives the attendee's row), so a title corrected in the list of
    those present left the minutes calling one person by two titles. Only what still reads as before is changed."""
    for st in s.scalars(select(Statement).where(Statement.attendee_id == attendee.id)):
        if st.speaker_name == old_name:
            st.speaker_name = attendee.name
        if (st.speaker_title or None) == (old_title or None):
            st.speaker_title = attendee.title


def check_attendee(s: Session, visit_id: str, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    check.required("name", v.get("name"), max_len=255)
    side = check.enum("side", Side, v.get("side"))
    role = check.enum("delegation_role", MemberRole, v.get("delegation_role"), required=False)
    if role is not None and side not in (None, Side.DELEGATION):
        check.add("delegation_role", _("Only members of the delegation have a role in it."))
    if v.get("person_id") and s.get(Person, v["person_id"]) is None:
        check.add("person_id", _("No such person."))
    return {**v, "name": _squash(v.get("name")), "side": side, "delegation_role": role,
            "presides": bool(v.get("presides")), "takes_minutes": bool(v.get("takes_minutes"))}


def check_result(s: Session, visit_id: str, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    label, reported = v.get("label"), v.get("reported")
    if not v.get("indicator_id") and not (label and str(label).strip()):
        check.add("label", _("Name the indicator, or say what the figure measures."))
    if not (reported and str(reported).strip()) and v.get("reported_value") is None:
        check.add("reported", _("This field is required."))
    value = v.get("reported_value")
    if value is not None and not isinstance(value, (int, float)):
        check.add("reported_value", _("Must be a number."))
    if not isinstance(v.get("achieved"), bool | None):  # met, not met, not assessed — never a guess from 0/1/text
        check.add("achieved", _("Must be met, not met, or left empty when not assessed."))
    out = dict(v)
    if v.get("indicator_id"):
        indicator = s.get(Indicator, v["indicator_id"])
        if indicator is None:
            check.add("indicator_id", _("No such indicator."))
        else:
            if out.get("unit_of_measure") is None:
                out["unit_of_measure"] = indicator.unit_of_measure
            if "target" not in v:
                out["target"] = indicator.target
    return out


def check_statement(s: Session, visit_id: str, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    check.required("speaker_name", v.get("speaker_name"), max_len=255)
    check.required("text", v.get("text"))
    kind = check.enum("kind", StatementKind, v.get("kind") or StatementKind.OPINION)
    spoken_at = v.get("spoken_at")
    if spoken_at:
        try:
            dt.datetime.strptime(spoken_at, "%H:%M")
        except (TypeError, ValueError):
            check.add("spoken_at", _("“{value}” is not a clock time (use hh:mm).").format(value=spoken_at))
    if v.get("attendee_id"):
        attendee = s.get(Attendee, v["attendee_id"])
        if attendee is None or attendee.visit_id != visit_id:
            check.add("attendee_id", _("This person did not attend this session."))
    text = v.get("text")
    return {**v, "speaker_name": _squash(v.get("speaker_name")), "kind": kind,
            "text": text.strip() if isinstance(text, str) else text}


def check_finding(s: Session, visit_id: str, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    kind = check.enum("kind", FindingKind, v.get("kind"))
    check.required("text", v.get("text"))
    text = v.get("text")
    return {**v, "kind": kind, "text": text.strip() if isinstance(text, str) else text}


Checker_ = Callable[[Session, str, dict[str, Any], Checker], dict[str, Any]]
PARTS: dict[type[Entity], tuple[tuple[str, ...], Checker_]] = {
    Attendee: (ATTENDEE_FIELDS, check_attendee),
    IndicatorResult: (RESULT_FIELDS, check_result),
    Statement: (STATEMENT_FIELDS, check_statement),
    Finding: (FINDING_FIELDS, check_finding),
}


class VisitPartsMixin(Service):
    """Generic add / update / remove / reorder for the parts of a visit."""

    def _add_part(self, model: type[Any], visit_id: str, id: str | None, values: dict[str, Any]) -> Any:
        fields, checker = PARTS[model]
        check = Checker()
        unknown_fields(check, values, fields)
        with self.store.write() as s:
            self.fetch(s, Visit, visit_id)
            values = _blank_to_none(values)
            clean = checker(s, visit_id, values, check)
            check.raise_if_any()
            if clean.get("order_no") is None:
                clean["order_no"] = int(s.execute(select(func.coalesce(func.max(model.order_no), 0))
                                                  .where(model.visit_id == visit_id)).scalar_one()) + 1
            obj = model(id=id, visit_id=visit_id, **clean)
            s.add(obj)
            if model in (Statement, Attendee):  # the work recorded moves the state on (services.progress)
                s.flush()
                visit = self.fetch(s, Visit, visit_id)
                progress.advance(visit, progress.due_by_parts(s, visit))
        return obj

    def minutes_printed(self, visit_id: str) -> bool:
        """The minutes were printed: the visit is at least "minutes drafted" (``True`` when that moved it)."""
        with self.store.write() as s:
            return progress.advance(self.fetch(s, Visit, visit_id), VisitState.MINUTES_DRAFTED)

    def update_part(self, model: type[Any], part_id: str, *, expected_version: int | None = None,
                    **values: Any) -> Any:
        """Change some fields of an attendee, figure, statement or finding; the whole record is re-checked.
        ``expected_version``: the part's ``row_version`` as loaded (see ``Service.check_version``)."""
        fields, checker = PARTS[model]
        check = Checker()
        unknown_fields(check, values, fields)
        check.raise_if_any()
        with self.store.write() as s:
            obj = self.fetch(s, model, part_id)
            self.check_version(s, obj, expected_version)
            values = _blank_to_none(values)
            merged = {f: getattr(obj, f) for f in fields} | values
            clean = checker(s, obj.visit_id, merged, check)
            check.raise_if_any()
            before = (obj.name, obj.title) if model is Attendee else None
            for key in values:
                if getattr(obj, key) != clean[key]:
                    setattr(obj, key, clean[key])
            if before is not None and before != (obj.name, obj.title):
                _respeak(s, obj, *before)
        return obj

    def remove_part(self, model: type[Any], part_id: str) -> None:
        with self.store.write() as s:
            s.delete(self.fetch(s, model, part_id))

    def move_part(self, model: type[Any], part_id: str, new_index: int) -> None:
        """Put a part at position ``new_index`` (0-based) in its visit's order, renumbering the others."""
        with self.store.write() as s:
            obj = self.fetch(s, model, part_id)
            ordered = list(s.scalars(select(model).where(model.visit_id == obj.visit_id)
                                     .order_by(model.order_no, model.created_at, model.id)))
            ordered.remove(obj)
            ordered.insert(max(0, min(new_index, len(ordered))), obj)
            for i, item in enumerate(ordered, start=1):
                if item.order_no != i:
                    item.order_no = i

    # -- typed front doors (what the GUI, the CLI and the importers call) ---------------------------------------

    def add_attendee(self, visit_id: str, name: str, side: Side | str, *, id: str | None = None,
                     **values: Any) -> Attendee:
        return self._add_part(Attendee, visit_id, id, {"name": name, "side": side, **values})

    def add_indicator_result(self, visit_id: str, *, id: str | None = None, **values: Any) -> IndicatorResult:
        return self._add_part(IndicatorResult, visit_id, id, values)

    def add_statement(self, visit_id: str, speaker_name: str, text: str, *, id: str | None = None,
                      **values: Any) -> Statement:
        return self._add_part(Statement, visit_id, id, {"speaker_name": speaker_name, "text": text, **values})

    def add_finding(self, visit_id: str, kind: FindingKind | str, text: str, *, id: str | None = None,
                    **values: Any) -> Finding:
        return self._add_part(Finding, visit_id, id, {"kind": kind, "text": text, **values})

    def move_statement(self, statement_id: str, new_index: int) -> None:
        self.move_part(Statement, statement_id, new_index)
