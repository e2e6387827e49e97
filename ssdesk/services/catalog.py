"""Programmes, plans, people, delegations and units: the records that visits point at.

Each kind has one checker for a whole record, used by ``add_*`` and by :meth:`CatalogService.update` (stored values
merged with the change), so editing a field can never store what adding would refuse. Deleting a record that a visit
or a recommendation still uses is refused with what depends on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from ssdesk.enums import MemberRole, SuccessionKind, UnitKind
from ssdesk.i18n import _
from ssdesk.models import (
    Attendee,
    Delegation,
    DelegationMember,
    Entity,
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
from ssdesk.services.validation import Checker, as_date, unknown_fields


def _squash(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def _period(check: Checker, v: dict[str, Any], start: str, end: str) -> dict[str, Any]:
    a, b = as_date(check, start, v.get(start)), as_date(check, end, v.get(end))
    check.order(start, a, end, b, _("The period must end after it starts."))
    return {start: a, end: b}


def check_programme(s: Session, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    check.required("code", v.get("code"), max_len=64)
    check.required("title", v.get("title"))
    return {**v, "code": _squash(v.get("code")), "title": (v.get("title") or "").strip(),
            "issued_on": as_date(check, "issued_on", v.get("issued_on")),
            **_period(check, v, "period_start", "period_end")}


def check_indicator(s: Session, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    check.required("name", v.get("name"))
    if v.get("programme_id") and s.get(Programme, v["programme_id"]) is None:
        check.add("programme_id", _("No such programme."))
    value = v.get("target_value")
    if value is not None and not isinstance(value, (int, float)):
        check.add("target_value", _("Must be a number."))
    return {**v, "name": (v.get("name") or "").strip()}


def check_plan(s: Session, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    check.required("issuing_body", v.get("issuing_body"), max_len=255)
    check.required("topic", v.get("topic"))
    check.max_len("number", v.get("number"), 64)
    if v.get("programme_id") and s.get(Programme, v["programme_id"]) is None:
        check.add("programme_id", _("No such programme."))
    return {**v, "issuing_body": _squash(v.get("issuing_body")), "topic": (v.get("topic") or "").strip(),
            "issued_on": as_date(check, "issued_on", v.get("issued_on")),
            **_period(check, v, "period_start", "period_end")}


def check_person(s: Session, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    check.required("full_name", v.get("full_name"), max_len=255)
    email = v.get("email")
    if email and "@" not in email:
        check.add("email", _("“{value}” is not an e-mail address.").format(value=email))
    return {**v, "full_name": _squash(v.get("full_name"))}


def check_delegation(s: Session, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    check.required("name", v.get("name"), max_len=255)
    check.required("issuing_body", v.get("issuing_body"), max_len=255)
    check.max_len("decision_number", v.get("decision_number"), 64)
    if v.get("plan_id") and s.get(Plan, v["plan_id"]) is None:
        check.add("plan_id", _("No such plan."))
    return {**v, "name": _squash(v.get("name")), "issuing_body": _squash(v.get("issuing_body")),
            "decision_date": as_date(check, "decision_date", v.get("decision_date"))}


def check_unit(s: Session, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    check.required("name", v.get("name"), max_len=255)
    kind = check.enum("kind", UnitKind, v.get("kind"))
    start, end = as_date(check, "valid_from", v.get("valid_from")), as_date(check, "valid_to", v.get("valid_to"))
    if start and end and end <= start:
        check.add("valid_to", _("A unit must end after it starts."))
    parent_id = v.get("parent_id")
    if parent_id:
        parent = s.get(Unit, parent_id)
        if parent is None:
            check.add("parent_id", _("No such unit."))
        else:
            # walking up from the new parent must never reach the unit: not itself, nor one of its own sub-units
            ancestor: Unit | None = parent
            seen: set[str] = set()
            while ancestor is not None and ancestor.id not in seen:
                if ancestor.id == v.get("id"):
                    check.add("parent_id", _("A unit cannot be placed under itself.") if ancestor is parent
                              else _("A unit cannot be placed under itself: “{name}” is one of its own sub-units.")
                              .format(name=parent.name))
                    break
                seen.add(ancestor.id)
                ancestor = ancestor.parent
    return {**v, "name": _squash(v.get("name")), "kind": kind, "valid_from": start, "valid_to": end}


def check_member(s: Session, v: dict[str, Any], check: Checker) -> dict[str, Any]:
    role = check.enum("role", MemberRole, v.get("role"))
    delegation = s.get(Delegation, v.get("delegation_id") or "")
    person = s.get(Person, v.get("person_id") or "")
    if delegation is None:
        check.add("delegation_id", _("No such delegation."))
    if person is None:
        check.add("person_id", _("No such person."))
    if role is MemberRole.HEAD and delegation is not None and any(
            m.role is MemberRole.HEAD and m.id != v.get("id") for m in delegation.members):
        check.add("role", _("The delegation already has a head."))
    position = v.get("position")
    if position is None and person is not None:
        position = person.title
    return {**v, "role": role, "position": position}


Check = Callable[[Session, dict[str, Any], Checker], dict[str, Any]]
KINDS: dict[type[Entity], tuple[tuple[str, ...], Check]] = {
    Programme: (("code", "title", "issuing_body", "issued_on", "period_start", "period_end", "description"),
                check_programme),
    Indicator: (("programme_id", "code", "name", "unit_of_measure", "target", "target_value", "period",
                 "order_no"), check_indicator),
    Plan: (("issuing_body", "topic", "number", "issued_on", "period_start", "period_end", "programme_id"),
           check_plan),
    Person: (("full_name", "title", "organisation", "phone", "email", "note"), check_person),
    Delegation: (("name", "issuing_body", "decision_number", "decision_date", "plan_id"), check_delegation),
    DelegationMember: (("delegation_id", "person_id", "role", "position", "order_no"), check_member),
    Unit: (("name", "kind", "short_name", "parent_id", "valid_from", "valid_to", "note"), check_unit),
}

#: What still points at a record of each kind (deleting it is refused while any of these exist).
USES: dict[type[Entity], list[tuple[type[Entity], Any]]] = {
    Programme: [(Visit, Visit.programme_id), (Plan, Plan.programme_id)],
    Plan: [(Delegation, Delegation.plan_id)],
    Person: [(DelegationMember, DelegationMember.person_id), (Attendee, Attendee.person_id),
             (Recommendation, Recommendation.responsible_person_id)],
    Delegation: [(Visit, Visit.delegation_id)],
    Unit: [(Visit, Visit.unit_id), (Unit, Unit.parent_id), (Recommendation, Recommendation.responsible_unit_id)],
    Indicator: [(IndicatorResult, IndicatorResult.indicator_id)],
    DelegationMember: [],
    UnitSuccession: [],  # a recorded succession can be removed (the units stay as they are)
}


class CatalogService(Service):
    # -- generic -------------------------------------------------------------------------------------------------

    def _add(self, model: type[Any], id: str | None, values: dict[str, Any]) -> Any:
        fields, checker = KINDS[model]
        check = Checker()
        unknown_fields(check, values, fields)
        with self.store.write() as s:
            clean = checker(s, {**values, "id": id}, check)
            check.raise_if_any()
            clean.pop("id", None)
            if "order_no" in fields and clean.get("order_no") is None:
                clean["order_no"] = self._next_order(s, model, clean)
            obj = model(id=id, **clean)
            s.add(obj)
        return obj

    @staticmethod
    def _next_order(s: Session, model: type[Any], values: dict[str, Any]) -> int:
        from sqlalchemy import func

        parent = "programme_id" if model is Indicator else "delegation_id"
        return int(s.execute(select(func.coalesce(func.max(model.order_no), 0))
                             .where(getattr(model, parent) == values[parent])).scalar_one()) + 1

    def update(self, model: type[Any], ident: str, *, expected_version: int | None = None, **values: Any) -> Any:
        """Change some fields of a programme, indicator, plan, person, delegation, member or unit.

        ``expected_version``: the ``row_version`` the caller loaded; someone else's change since raises
        :class:`~ssdesk.errors.ConflictError` and nothing is written."""
        fields, checker = KINDS[model]
        check = Checker()
        unknown_fields(check, values, fields)
        check.raise_if_any()
        with self.store.write() as s:
            obj = self.fetch(s, model, ident)
            self.check_version(s, obj, expected_version)
            merged = {f: getattr(obj, f) for f in fields} | values | {"id": obj.id}
            clean = checker(s, merged, check)
            check.raise_if_any()
            for key in values:
                if getattr(obj, key) != clean[key]:
                    setattr(obj, key, clean[key])
        return obj

    def delete(self, model: type[Any], ident: str) -> None:
        """Delete a record nothing depends on; otherwise :class:`InUseError` says what still uses it."""
        with self.store.write() as s:
            obj = self.fetch(s, model, ident)
            label = getattr(obj, "name", None) or getattr(obj, "full_name", None) or getattr(obj, "code", None) \
                or getattr(obj, "number", None) or obj.id
            self.refuse_if_used(s, obj, label, USES[model])
            if model is Programme:
                self.refuse_if_used(s, obj, label, [(IndicatorResult, IndicatorResult.indicator_id)],
                                    key=lambda column: column.in_([i.id for i in obj.indicators]))
            s.delete(obj)

    def dependants(self, model: type[Any], ident: str) -> dict[str, int]:
        """What would block deleting the record (for the confirmation dialog); empty when it can go."""
        from ssdesk.errors import InUseError

        try:
            with self.store.read() as s:
                obj = self.fetch(s, model, ident)
                self.refuse_if_used(s, obj, ident, USES[model])
        except InUseError as exc:
            return exc.dependants
        return {}

    # -- typed front doors ---------------------------------------------------------------------------------------

    def add_programme(self, code: str, title: str, *, id: str | None = None, **values: Any) -> Programme:
        return self._add(Programme, id, {"code": code, "title": title, **values})

    def add_indicator(self, programme_id: str, name: str, *, id: str | None = None, **values: Any) -> Indicator:
        return self._add(Indicator, id, {"programme_id": programme_id, "name": name, **values})

    def add_plan(self, issuing_body: str, topic: str, *, id: str | None = None, **values: Any) -> Plan:
        return self._add(Plan, id, {"issuing_body": issuing_body, "topic": topic, **values})

    def add_person(self, full_name: str, *, id: str | None = None, **values: Any) -> Person:
        return self._add(Person, id, {"full_name": full_name, **values})

    def add_delegation(self, name: str, issuing_body: str, *, id: str | None = None, **values: Any) -> Delegation:
        return self._add(Delegation, id, {"name": name, "issuing_body": issuing_body, **values})

    def add_member(self, delegation_id: str, person_id: str, role: MemberRole | str, *, id: str | None = None,
                   **values: Any) -> DelegationMember:
        return self._add(DelegationMember, id, {"delegation_id": delegation_id, "person_id": person_id,
                                                "role": role, **values})

    def add_unit(self, name: str, kind: UnitKind | str, *, id: str | None = None, **values: Any) -> Unit:
        return self._add(Unit, id, {"name": name, "kind": kind, **values})

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
            both = [predecessor_id, successor_id]
            pairs = {(a, b) for a, b in s.execute(
                select(UnitSuccession.predecessor_id, UnitSuccession.successor_id)
                .where(UnitSuccession.predecessor_id.in_(both), UnitSuccession.successor_id.in_(both)))}
            if (predecessor_id, successor_id) in pairs:
                check.add("successor_id", _("This succession is already recorded."))
            elif (successor_id, predecessor_id) in pairs:
                check.add("successor_id", _("The other unit already succeeds this one; a unit cannot succeed its "
                                            "own successor."))
            check.raise_if_any()
            if effective and old.valid_to is None:
                old.valid_to = effective
            obj = UnitSuccession(id=id, predecessor_id=predecessor_id, successor_id=successor_id, kind=kind_value,
                                 effective_on=effective)
            s.add(obj)
        return obj

    # -- queries -------------------------------------------------------------------------------------------------

    def programmes(self) -> list[Programme]:
        with self.store.read() as s:
            return list(s.scalars(select(Programme).order_by(Programme.code)))

    def indicators(self, programme_id: str) -> list[Indicator]:
        with self.store.read() as s:
            return list(s.scalars(select(Indicator).where(Indicator.programme_id == programme_id)
                                  .order_by(Indicator.order_no)))

    def plans(self) -> list[Plan]:
        with self.store.read() as s:
            return list(s.scalars(select(Plan).order_by(Plan.issued_on.desc(), Plan.number)))

    def persons(self) -> list[Person]:
        with self.store.read() as s:
            return list(s.scalars(select(Person).order_by(Person.full_name)))

    def find_person(self, full_name: str) -> Person | None:
        with self.store.read() as s:
            return s.scalars(select(Person).where(Person.full_name == _squash(full_name))).first()

    def delegations(self) -> list[Delegation]:
        with self.store.read() as s:
            return list(s.scalars(select(Delegation).order_by(Delegation.issuing_body, Delegation.name)))

    def delegation(self, delegation_id: str) -> Delegation:
        with self.store.read() as s:
            obj = s.scalars(select(Delegation).where(Delegation.id == delegation_id).options(
                selectinload(Delegation.members).selectinload(DelegationMember.person),
                selectinload(Delegation.plan))).first()
            return obj if obj is not None else self.fetch(s, Delegation, delegation_id)

    def successors(self, unit_id: str) -> list[Unit]:
        with self.store.read() as s:
            return list(s.scalars(select(Unit).join(UnitSuccession, UnitSuccession.successor_id == Unit.id)
                                  .where(UnitSuccession.predecessor_id == unit_id)))

    def successions(self, unit_id: str) -> list[UnitSuccession]:
        """The successions a unit takes part in, as predecessor or as successor (both units loaded), oldest first;
        for the units editor, which lists and removes them."""
        with self.store.read() as s:
            return list(s.scalars(
                select(UnitSuccession)
                .where(or_(UnitSuccession.predecessor_id == unit_id, UnitSuccession.successor_id == unit_id))
                .options(selectinload(UnitSuccession.predecessor), selectinload(UnitSuccession.successor))
                .order_by(UnitSuccession.effective_on.is_(None), UnitSuccession.effective_on,
                          UnitSuccession.created_at, UnitSuccession.id)))

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
            return s.scalars(select(Unit).where(Unit.name == _squash(name))).first()

    # -- kept for callers of the first API -----------------------------------------------------------------------

    def delete_unit(self, unit_id: str) -> None:
        self.delete(Unit, unit_id)

    def delete_person(self, person_id: str) -> None:
        self.delete(Person, person_id)

    def delete_delegation(self, delegation_id: str) -> None:
        self.delete(Delegation, delegation_id)

    def delete_programme(self, programme_id: str) -> None:
        self.delete(Programme, programme_id)
