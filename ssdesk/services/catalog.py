"""Programmes, plans, people, delegations and units: the records that visits point at.

They are protected: deleting one that a visit or a recommendation still uses is refused with what depends on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select

from ssdesk.enums import MemberRole, SuccessionKind, UnitKind
from ssdesk.i18n import _
from ssdesk.models import (
    Attendee,
    Delegation,
    DelegationMember,
    Indicator,
    IndicatorResult,
    Person,
    Plan,
    Programme,
    Recommendation,
    Unit,
    UnitSuccession,
    Visit,
)
from ssdesk.services.base import Service
from ssdesk.services.validation import Checker, as_date


class CatalogService(Service):
    # -- programmes ----------------------------------------------------------------------------------------------

    def add_programme(self, code: str, title: str, *, id: str | None = None, issuing_body: str | None = None,
                      issued_on: Any = None, period_start: Any = None, period_end: Any = None,
                      description: str | None = None) -> Programme:
        check = Checker()
        check.required("code", code, max_len=64)
        check.required("title", title)
        issued = as_date(check, "issued_on", issued_on)
        start, end = as_date(check, "period_start", period_start), as_date(check, "period_end", period_end)
        check.order("period_start", start, "period_end", end, _("The period must end after it starts."))
        check.raise_if_any()
        with self.store.write() as s:
            obj = Programme(id=id, code=code.strip(), title=title.strip(), issuing_body=issuing_body,
                            issued_on=issued, period_start=start, period_end=end, description=description)
            s.add(obj)
        return obj

    def add_indicator(self, programme_id: str, name: str, *, id: str | None = None, code: str | None = None,
                      unit_of_measure: str | None = None, target: str | None = None,
                      target_value: float | None = None, period: str | None = None,
                      order_no: int | None = None) -> Indicator:
        check = Checker()
        check.required("name", name)
        check.raise_if_any()
        with self.store.write() as s:
            programme = self.fetch(s, Programme, programme_id)
            obj = Indicator(id=id, programme=programme, name=name.strip(), code=code, unit_of_measure=unit_of_measure,
                            target=target, target_value=target_value, period=period,
                            order_no=len(programme.indicators) + 1 if order_no is None else order_no)
            s.add(obj)
        return obj

    def programmes(self) -> list[Programme]:
        with self.store.read() as s:
            return list(s.scalars(select(Programme).order_by(Programme.code)))

    def indicators(self, programme_id: str) -> list[Indicator]:
        with self.store.read() as s:
            return list(s.scalars(select(Indicator).where(Indicator.programme_id == programme_id)
                                  .order_by(Indicator.order_no)))

    def delete_programme(self, programme_id: str) -> None:
        with self.store.write() as s:
            obj = self.fetch(s, Programme, programme_id)
            self.refuse_if_used(s, obj, obj.code, [(Visit, Visit.programme_id), (Plan, Plan.programme_id)])
            self.refuse_if_used(s, obj, obj.code, [(IndicatorResult, IndicatorResult.indicator_id)],
                                key=lambda column: column.in_([i.id for i in obj.indicators]))
            s.delete(obj)

    # -- plans ---------------------------------------------------------------------------------------------------

    def add_plan(self, issuing_body: str, topic: str, *, id: str | None = None, number: str | None = None,
                 issued_on: Any = None, period_start: Any = None, period_end: Any = None,
                 programme_id: str | None = None) -> Plan:
        check = Checker()
        check.required("issuing_body", issuing_body, max_len=255)
        check.required("topic", topic)
        check.max_len("number", number, 64)
        issued = as_date(check, "issued_on", issued_on)
        start, end = as_date(check, "period_start", period_start), as_date(check, "period_end", period_end)
        check.order("period_start", start, "period_end", end, _("The period must end after it starts."))
        check.raise_if_any()
        with self.store.write() as s:
            if programme_id:
                self.fetch(s, Programme, programme_id)
            obj = Plan(id=id, issuing_body=issuing_body.strip(), topic=topic.strip(), number=number,
                       issued_on=issued, period_start=start, period_end=end, programme_id=programme_id)
            s.add(obj)
        return obj

    def plans(self) -> list[Plan]:
        with self.store.read() as s:
            return list(s.scalars(select(Plan).order_by(Plan.issued_on.desc(), Plan.number)))

    # -- people --------------------------------------------------------------------------------------------------

    def add_person(self, full_name: str, *, id: str | None = None, title: str | None = None,
                   organisation: str | None = None, phone: str | None = None, email: str | None = None,
                   note: str | None = None) -> Person:
        check = Checker()
        check.required("full_name", full_name, max_len=255)
        if email and "@" not in email:
            check.add("email", _("“{value}” is not an e-mail address.").format(value=email))
        check.raise_if_any()
        with self.store.write() as s:
            obj = Person(id=id, full_name=" ".join(full_name.split()), title=title, organisation=organisation,
                         phone=phone, email=email, note=note)
            s.add(obj)
        return obj

    def persons(self) -> list[Person]:
        with self.store.read() as s:
            return list(s.scalars(select(Person).order_by(Person.full_name)))

    def find_person(self, full_name: str) -> Person | None:
        with self.store.read() as s:
            return s.scalars(select(Person).where(Person.full_name == " ".join(full_name.split()))).first()

    def delete_person(self, person_id: str) -> None:
        with self.store.write() as s:
            obj = self.fetch(s, Person, person_id)
            self.refuse_if_used(s, obj, obj.full_name, [(DelegationMember, DelegationMember.person_id),
                                                        (Attendee, Attendee.person_id),
                                                        (Recommendation, Recommendation.responsible_person_id)])
            s.delete(obj)

    # -- delegations ---------------------------------------------------------------------------------------------

    def add_delegation(self, name: str, issuing_body: str, *, id: str | None = None,
                       decision_number: str | None = None, decision_date: Any = None,
                       plan_id: str | None = None) -> Delegation:
        check = Checker()
        check.required("name", name, max_len=255)
        check.required("issuing_body", issuing_body, max_len=255)
        check.max_len("decision_number", decision_number, 64)
        decided = as_date(check, "decision_date", decision_date)
        check.raise_if_any()
        with self.store.write() as s:
            if plan_id:
                self.fetch(s, Plan, plan_id)
            obj = Delegation(id=id, name=name.strip(), issuing_body=issuing_body.strip(),
                             decision_number=decision_number, decision_date=decided, plan_id=plan_id)
            s.add(obj)
        return obj

    def add_member(self, delegation_id: str, person_id: str, role: MemberRole | str, *, id: str | None = None,
                   position: str | None = None, order_no: int | None = None) -> DelegationMember:
        check = Checker()
        role_value = check.enum("role", MemberRole, role)
        check.raise_if_any()
        with self.store.write() as s:
            delegation = self.fetch(s, Delegation, delegation_id)
            person = self.fetch(s, Person, person_id)
            if role_value is MemberRole.HEAD and any(m.role is MemberRole.HEAD for m in delegation.members):
                check.add("role", _("The delegation already has a head."))
                check.raise_if_any()
            obj = DelegationMember(id=id, delegation=delegation, person=person, role=role_value,
                                   position=position if position is not None else person.title,
                                   order_no=len(delegation.members) + 1 if order_no is None else order_no)
            s.add(obj)
        return obj

    def delegations(self) -> list[Delegation]:
        with self.store.read() as s:
            return list(s.scalars(select(Delegation).order_by(Delegation.issuing_body, Delegation.name)))

    def delegation(self, delegation_id: str) -> Delegation:
        from sqlalchemy.orm import selectinload

        with self.store.read() as s:
            obj = s.scalars(select(Delegation).where(Delegation.id == delegation_id).options(
                selectinload(Delegation.members).selectinload(DelegationMember.person),
                selectinload(Delegation.plan))).first()
            if obj is None:
                self.fetch(s, Delegation, delegation_id)
            assert obj is not None
            return obj

    def delete_delegation(self, delegation_id: str) -> None:
        with self.store.write() as s:
            obj = self.fetch(s, Delegation, delegation_id)
            self.refuse_if_used(s, obj, obj.name, [(Visit, Visit.delegation_id)])
            s.delete(obj)

    # -- units ---------------------------------------------------------------------------------------------------

    def add_unit(self, name: str, kind: UnitKind | str, *, id: str | None = None, short_name: str | None = None,
                 parent_id: str | None = None, valid_from: Any = None, valid_to: Any = None,
                 note: str | None = None) -> Unit:
        check = Checker()
        check.required("name", name, max_len=255)
        kind_value = check.enum("kind", UnitKind, kind)
        start, end = as_date(check, "valid_from", valid_from), as_date(check, "valid_to", valid_to)
        if start and end and end <= start:
            check.add("valid_to", _("A unit must end after it starts."))
        check.raise_if_any()
        with self.store.write() as s:
            if parent_id:
                self.fetch(s, Unit, parent_id)
            obj = Unit(id=id, name=" ".join(name.split()), short_name=short_name, kind=kind_value,
                       parent_id=parent_id, valid_from=start, valid_to=end, note=note)
            s.add(obj)
        return obj

    def add_succession(self, predecessor_id: str, successor_id: str, kind: SuccessionKind | str, *,
                       effective_on: Any = None, id: str | None = None) -> UnitSuccession:
        """Record that a unit was merged into / renamed to / replaced by another. The old unit stays as it was."""
        check = Checker()
        kind_value = check.enum("kind", SuccessionKind, kind)
        effective = as_date(check, "effective_on", effective_on)
        if predecessor_id == successor_id:
            check.add("successor_id", _("A unit cannot succeed itself."))
        check.raise_if_any()
        with self.store.write() as s:
            old = self.fetch(s, Unit, predecessor_id)
            self.fetch(s, Unit, successor_id)
            if effective and old.valid_to is None:
                old.valid_to = effective
            obj = UnitSuccession(id=id, predecessor_id=predecessor_id, successor_id=successor_id, kind=kind_value,
                                 effective_on=effective)
            s.add(obj)
        return obj

    def successors(self, unit_id: str) -> list[Unit]:
        with self.store.read() as s:
            return list(s.scalars(select(Unit).join(UnitSuccession, UnitSuccession.successor_id == Unit.id)
                                  .where(UnitSuccession.predecessor_id == unit_id)))

    def units(self, *, current_on: dt.date | None = None) -> list[Unit]:
        """All units, or (``current_on``) only those that exist on that day."""
        with self.store.read() as s:
            query = select(Unit).order_by(Unit.name)
            if current_on is not None:
                query = query.where(or_(Unit.valid_from.is_(None), Unit.valid_from <= current_on),
                                    or_(Unit.valid_to.is_(None), Unit.valid_to > current_on))
            return list(s.scalars(query))

    def unit(self, unit_id: str) -> Unit:
        with self.store.read() as s:
            return self.fetch(s, Unit, unit_id)

    def find_unit(self, name: str) -> Unit | None:
        with self.store.read() as s:
            return s.scalars(select(Unit).where(Unit.name == " ".join(name.split()))).first()

    def delete_unit(self, unit_id: str) -> None:
        with self.store.write() as s:
            obj = self.fetch(s, Unit, unit_id)
            self.refuse_if_used(s, obj, obj.name, [(Visit, Visit.unit_id), (Unit, Unit.parent_id),
                                                   (Recommendation, Recommendation.responsible_unit_id)])
            s.delete(obj)
