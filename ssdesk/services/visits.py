"""Working sessions and everything recorded in them: attendees, figures, statements, findings.

A visit's own fields are validated as a whole record (a change to ``ends_at`` is checked against the stored
``starts_at``), so the GUI can save one field at a time and still never store an inconsistent visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ssdesk.enums import (
    VISIT_ORDER,
    Classification,
    FindingKind,
    MemberRole,
    Side,
    StatementKind,
    VisitForm,
    VisitState,
)
from ssdesk.i18n import _
from ssdesk.models import (
    Attendee,
    Delegation,
    Finding,
    Indicator,
    IndicatorResult,
    IssuedDocument,
    Programme,
    Recommendation,
    Statement,
    Unit,
    Visit,
)
from ssdesk.services.base import Service
from ssdesk.services.validation import Checker, as_datetime, fmt_date, unknown_fields

VISIT_FIELDS = ("delegation_id", "unit_id", "programme_id", "title", "starts_at", "ends_at", "place", "agenda", "form",
                "classification", "report_summary", "indicators_met", "indicators_total", "explanation",
                "conclusion", "related_documents")


@dataclass(frozen=True)
class VisitRow:
    """One line of the visit list: plain data, cheap to build for thousands of rows."""

    id: str
    starts_at: dt.datetime
    delegation: str
    unit: str
    programme: str | None
    place: str | None
    state: VisitState
    classification: Classification
    recommendations: int


class VisitService(Service):
    # -- the visit itself ----------------------------------------------------------------------------------------

    def _clean(self, s: Session, values: dict[str, Any], current: Visit | None) -> dict[str, Any]:
        """Validate ``values`` merged over ``current``; return the typed values to set."""
        check = Checker()
        unknown_fields(check, values, VISIT_FIELDS)
        merged: dict[str, Any] = {f: getattr(current, f) for f in VISIT_FIELDS} if current else {}
        merged.update(values)
        out: dict[str, Any] = {k: v for k, v in values.items() if k in VISIT_FIELDS}
        for field in ("delegation_id", "unit_id"):
            check.required(field, merged.get(field))
        starts = as_datetime(check, "starts_at", merged.get("starts_at"))
        if merged.get("starts_at") in (None, ""):
            check.add("starts_at", _("This field is required."))
        ends = as_datetime(check, "ends_at", merged.get("ends_at"))
        check.order("starts_at", starts, "ends_at", ends, _("The session must end after it starts."))
        if "starts_at" in values:
            out["starts_at"] = starts
        if "ends_at" in values:
            out["ends_at"] = ends
        for field, enum_cls in (("form", VisitForm), ("classification", Classification)):
            if field in values:
                out[field] = check.enum(field, enum_cls, values[field])
        met, total = merged.get("indicators_met"), merged.get("indicators_total")
        for field, value in (("indicators_met", met), ("indicators_total", total)):
            if value is not None and (not isinstance(value, int) or value < 0):
                check.add(field, _("Must be a whole number, zero or more."))
        if isinstance(met, int) and isinstance(total, int) and met > total:
            check.add("indicators_met", _("Cannot exceed the number of indicators ({total}).").format(total=total))
        for field in ("title", "place", "agenda", "report_summary", "explanation", "conclusion",
                      "related_documents"):
            if field in out and isinstance(out[field], str):
                out[field] = out[field].strip() or None
        delegation_id, unit_id = merged.get("delegation_id"), merged.get("unit_id")
        if delegation_id and s.get(Delegation, delegation_id) is None:
            check.add("delegation_id", _("No such delegation."))
        unit = s.get(Unit, unit_id) if unit_id else None
        if unit_id and unit is None:
            check.add("unit_id", _("No such unit."))
        if unit is not None and starts is not None and not unit.valid_on(starts.date()):
            if unit.valid_to is not None and starts.date() >= unit.valid_to:
                check.add("unit_id", _("“{unit}” no longer existed on {day} (ended {end}).").format(
                    unit=unit.name, day=fmt_date(starts.date()), end=fmt_date(unit.valid_to)))
            else:
                check.add("unit_id", _("“{unit}” did not exist yet on {day}.").format(
                    unit=unit.name, day=fmt_date(starts.date())))
        programme_id = merged.get("programme_id")
        if programme_id and s.get(Programme, programme_id) is None:
            check.add("programme_id", _("No such programme."))
        check.raise_if_any()
        return out

    def create(self, *, id: str | None = None, state: VisitState | str = VisitState.PLANNED,
               **values: Any) -> Visit:
        """Plan a visit. Required: ``delegation_id``, ``unit_id``, ``starts_at``."""
        with self.store.write() as s:
            clean = self._clean(s, values, None)
            check = Checker()
            state_value = check.enum("state", VisitState, state)
            check.raise_if_any()
            visit = Visit(id=id, state=state_value, **clean)
            s.add(visit)
        return visit

    def update(self, visit_id: str, **values: Any) -> Visit:
        with self.store.write() as s:
            visit = self.fetch(s, Visit, visit_id)
            self.apply(visit, self._clean(s, values, visit))
        return visit

    def set_state(self, visit_id: str, state: VisitState | str) -> Visit:
        """Move one step forward, or one back to correct a mistake; never skip a step."""
        check = Checker()
        target = check.enum("state", VisitState, state)
        check.raise_if_any()
        assert target is not None
        with self.store.write() as s:
            visit = self.fetch(s, Visit, visit_id)
            gap = VISIT_ORDER.index(target) - VISIT_ORDER.index(visit.state)
            if abs(gap) > 1:
                check.add("state", _("A session goes from “{old}” to “{new}” one step at a time.")
                          .format(old=visit.state.label, new=target.label))
                check.raise_if_any()
            visit.state = target
        return visit

    def get(self, visit_id: str) -> Visit:
        """The whole visit with its children loaded, usable after the session ends."""
        with self.store.read() as s:
            visit = s.scalars(select(Visit).where(Visit.id == visit_id).options(
                selectinload(Visit.delegation), selectinload(Visit.unit), selectinload(Visit.programme),
                selectinload(Visit.attendees), selectinload(Visit.indicator_results)
                .selectinload(IndicatorResult.indicator), selectinload(Visit.statements),
                selectinload(Visit.findings), selectinload(Visit.recommendations)
                .selectinload(Recommendation.follow_ups))).first()
            if visit is None:
                self.fetch(s, Visit, visit_id)
            assert visit is not None
            return visit

    def rows(self, *, limit: int | None = None, offset: int = 0) -> list[VisitRow]:
        """The visit list, newest first, built in one query (no per-row loading)."""
        rec_count = (select(func.count(Recommendation.id)).where(Recommendation.visit_id == Visit.id)
                     .correlate(Visit).scalar_subquery())
        query = (select(Visit.id, Visit.starts_at, Delegation.name, Delegation.issuing_body, Unit.name,
                        Programme.code, Visit.place, Visit.state, Visit.classification, rec_count)
                 .join(Delegation, Visit.delegation_id == Delegation.id).join(Unit, Visit.unit_id == Unit.id)
                 .outerjoin(Programme, Visit.programme_id == Programme.id)
                 .order_by(Visit.starts_at.desc(), Visit.id).offset(offset))
        if limit is not None:
            query = query.limit(limit)
        with self.store.read() as s:
            return [VisitRow(id=r[0], starts_at=r[1], delegation=r[2], unit=r[4], programme=r[5], place=r[6],
                             state=r[7], classification=r[8], recommendations=r[9]) for r in s.execute(query)]

    def count(self) -> int:
        with self.store.read() as s:
            return s.execute(select(func.count(Visit.id))).scalar_one()

    def delete(self, visit_id: str) -> None:
        """Delete a visit and what was recorded in it; refused once a document was issued from it."""
        with self.store.write() as s:
            visit = self.fetch(s, Visit, visit_id)
            self.refuse_if_used(s, visit, visit.title or visit.id, [(IssuedDocument, IssuedDocument.visit_id)])
            s.delete(visit)

    # -- children ------------------------------------------------------------------------------------------------

    @staticmethod
    def _next_order(s: Session, model: Any, visit_id: str) -> int:
        return int(s.execute(select(func.coalesce(func.max(model.order_no), 0))
                             .where(model.visit_id == visit_id)).scalar_one()) + 1

    def add_attendee(self, visit_id: str, name: str, side: Side | str, *, id: str | None = None,
                     title: str | None = None, organisation: str | None = None, person_id: str | None = None,
                     delegation_role: MemberRole | str | None = None, presides: bool = False,
                     takes_minutes: bool = False, order_no: int | None = None) -> Attendee:
        check = Checker()
        check.required("name", name, max_len=255)
        side_value = check.enum("side", Side, side)
        role_value = check.enum("delegation_role", MemberRole, delegation_role, required=False)
        if role_value is not None and side_value not in (None, Side.DELEGATION):
            check.add("delegation_role", _("Only members of the delegation have a role in it."))
        check.raise_if_any()
        with self.store.write() as s:
            self.fetch(s, Visit, visit_id)
            obj = Attendee(id=id, visit_id=visit_id, name=" ".join(name.split()), side=side_value, title=title,
                           organisation=organisation, person_id=person_id, delegation_role=role_value,
                           presides=presides, takes_minutes=takes_minutes,
                           order_no=self._next_order(s, Attendee, visit_id) if order_no is None else order_no)
            s.add(obj)
        return obj

    def add_indicator_result(self, visit_id: str, *, id: str | None = None, indicator_id: str | None = None,
                             label: str | None = None, reported: str | None = None,
                             reported_value: float | None = None, unit_of_measure: str | None = None,
                             target: str | None = None, achieved: bool | None = None, note: str | None = None,
                             order_no: int | None = None) -> IndicatorResult:
        check = Checker()
        if not indicator_id and not (label and label.strip()):
            check.add("label", _("Name the indicator, or say what the figure measures."))
        if not (reported and reported.strip()) and reported_value is None:
            check.add("reported", _("This field is required."))
        check.raise_if_any()
        with self.store.write() as s:
            self.fetch(s, Visit, visit_id)
            indicator = self.fetch(s, Indicator, indicator_id) if indicator_id else None
            obj = IndicatorResult(
                id=id, visit_id=visit_id, indicator_id=indicator_id, label=label, reported=reported,
                reported_value=reported_value,
                unit_of_measure=unit_of_measure or (indicator.unit_of_measure if indicator else None),
                target=target if target is not None else (indicator.target if indicator else None),
                achieved=achieved, note=note,
                order_no=self._next_order(s, IndicatorResult, visit_id) if order_no is None else order_no)
            s.add(obj)
        return obj

    def add_statement(self, visit_id: str, speaker_name: str, text: str, *, id: str | None = None,
                      speaker_title: str | None = None, attendee_id: str | None = None,
                      kind: StatementKind | str = StatementKind.OPINION, spoken_at: str | None = None,
                      order_no: int | None = None) -> Statement:
        check = Checker()
        check.required("speaker_name", speaker_name, max_len=255)
        check.required("text", text)
        kind_value = check.enum("kind", StatementKind, kind)
        if spoken_at:
            try:
                dt.datetime.strptime(spoken_at, "%H:%M")
            except ValueError:
                check.add("spoken_at", _("“{value}” is not a clock time (use hh:mm).").format(value=spoken_at))
        check.raise_if_any()
        with self.store.write() as s:
            self.fetch(s, Visit, visit_id)
            if attendee_id:
                attendee = self.fetch(s, Attendee, attendee_id)
                if attendee.visit_id != visit_id:
                    check.add("attendee_id", _("This person did not attend this session."))
                    check.raise_if_any()
            obj = Statement(id=id, visit_id=visit_id, speaker_name=" ".join(speaker_name.split()), text=text.strip(),
                            speaker_title=speaker_title, attendee_id=attendee_id, kind=kind_value,
                            spoken_at=spoken_at,
                            order_no=self._next_order(s, Statement, visit_id) if order_no is None else order_no)
            s.add(obj)
        return obj

    def move_statement(self, statement_id: str, new_index: int) -> None:
        """Put a statement at position ``new_index`` (0-based) of its visit's speaking order."""
        with self.store.write() as s:
            stmt = self.fetch(s, Statement, statement_id)
            ordered = list(s.scalars(select(Statement).where(Statement.visit_id == stmt.visit_id)
                                     .order_by(Statement.order_no, Statement.created_at)))
            ordered.remove(stmt)
            ordered.insert(max(0, min(new_index, len(ordered))), stmt)
            for i, item in enumerate(ordered, start=1):
                if item.order_no != i:
                    item.order_no = i

    def add_finding(self, visit_id: str, kind: FindingKind | str, text: str, *, id: str | None = None,
                    order_no: int | None = None) -> Finding:
        check = Checker()
        kind_value = check.enum("kind", FindingKind, kind)
        check.required("text", text)
        check.raise_if_any()
        with self.store.write() as s:
            self.fetch(s, Visit, visit_id)
            obj = Finding(id=id, visit_id=visit_id, kind=kind_value, text=text.strip(),
                          order_no=self._next_order(s, Finding, visit_id) if order_no is None else order_no)
            s.add(obj)
        return obj
