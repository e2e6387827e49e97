"""Importing one visit through the services, in one transaction: records already in the file (same id) are reused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from ssdesk.errors import FieldError, NotFoundError, SsdeskError, ValidationError
from ssdesk.exchange.export import (
    ATTENDEE_FIELDS,
    DELEGATION_FIELDS,
    FINDING_FIELDS,
    INDICATOR_FIELDS,
    PERSON_FIELDS,
    PLAN_FIELDS,
    PROGRAMME_FIELDS,
    REC_FIELDS,
    RESULT_FIELDS,
    STATEMENT_FIELDS,
    UNIT_FIELDS,
    VISIT_FIELDS,
)
from ssdesk.exchange.files import load_visit_file
from ssdesk.exchange.validate import join_field, validate_visit_data
from ssdesk.i18n import _
from ssdesk.models import (
    Attendee,
    Delegation,
    DelegationMember,
    Finding,
    FollowUp,
    Indicator,
    IndicatorResult,
    Person,
    Plan,
    Programme,
    Recommendation,
    Statement,
    Unit,
    Visit,
    utcnow,
)
from ssdesk.services.validation import fmt_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ssdesk.store import Store


class _Importer:
    """Creates one visit's records inside the caller's transaction, collecting errors with their JSON paths."""

    def __init__(self, store: Store, session: Session) -> None:
        self.store, self.s = store, session
        self.errors: list[FieldError] = []

    @contextmanager
    def at(self, path: str, rename: dict[str, str] | None = None) -> Iterator[list[bool]]:
        """Run a service call; its errors are recorded under ``path``. The yielded flag says it succeeded.

        ``rename`` maps a service's field name to the name in the file; a name starting with "/" is a whole path."""
        ok = [False]
        try:
            yield ok
            ok[0] = True
        except ValidationError as exc:
            for e in exc.errors:
                field = (rename or {}).get(e.field, e.field)
                full = field[1:] if field.startswith("/") else join_field(path, field)
                self.errors.append(FieldError(full, e.message))
        except NotFoundError as exc:
            self.errors.append(FieldError(path, str(exc)))

    @staticmethod
    def given(record: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
        """The fields present in ``record``: absent ones take the services' defaults."""
        return {name: record[name] for name in names if name in record}

    def exists(self, model: type[Any], ident: str) -> bool:
        return self.s.get(model, ident) is not None

    # -- records other data points at: reused by id ----------------------------------------------------------

    def person(self, data: dict[str, Any] | None, path: str) -> str | None:
        if data is None:
            return None
        if not self.exists(Person, data["id"]):
            with self.at(path):
                self.store.catalog.add_person(**self.given(data, PERSON_FIELDS))
        return data["id"]

    def programme(self, data: dict[str, Any] | None, path: str) -> str | None:
        if data is None:
            return None
        if not self.exists(Programme, data["id"]):
            with self.at(path) as ok:
                self.store.catalog.add_programme(**self.given(data, PROGRAMME_FIELDS))
            if not ok[0]:
                return None
        for i, ind in enumerate(data.get("indicators", [])):
            ind_path = f"{path}.indicators[{i}]"
            existing = self.s.get(Indicator, ind["id"])
            if existing is not None:
                if existing.programme_id != data["id"]:
                    self.errors.append(FieldError(f"{ind_path}.id", _(
                        "This indicator belongs to another programme in the case file.")))
                continue
            with self.at(ind_path):
                self.store.catalog.add_indicator(data["id"], **self.given(ind, INDICATOR_FIELDS))
        return data["id"]

    def unit(self, data: dict[str, Any] | None, path: str) -> str | None:
        if data is None:
            return None
        chain: list[tuple[dict[str, Any], str]] = []
        node: dict[str, Any] | None = data
        node_path = path
        while node is not None and not self.exists(Unit, node["id"]):
            if any(node["id"] == n["id"] for n, _p in chain):
                self.errors.append(FieldError(f"{node_path}.id", _("A unit cannot be above itself.")))
                return None
            chain.append((node, node_path))
            node, node_path = node.get("parent"), f"{node_path}.parent"
        for node, node_path in reversed(chain):  # the top first, so that each parent exists
            parent = node.get("parent")
            with self.at(node_path) as ok:
                self.store.catalog.add_unit(parent_id=parent["id"] if parent else None,
                                            **self.given(node, UNIT_FIELDS))
            if not ok[0]:
                return None
        return data["id"]

    def delegation(self, data: dict[str, Any]) -> str | None:
        if not self.exists(Delegation, data["id"]):
            plan = data.get("plan")
            if plan is not None and not self.exists(Plan, plan["id"]):
                programme_id = self.programme(plan.get("programme"), "delegation.plan.programme")
                with self.at("delegation.plan", {"programme_id": "programme"}):
                    self.store.catalog.add_plan(programme_id=programme_id, **self.given(plan, PLAN_FIELDS))
            with self.at("delegation", {"plan_id": "plan"}) as ok:
                self.store.catalog.add_delegation(plan_id=plan["id"] if plan else None,
                                                  **self.given(data, DELEGATION_FIELDS))
            if not ok[0]:
                return None
        for i, member in enumerate(data.get("members", [])):
            path = f"delegation.members[{i}]"
            existing = self.s.get(DelegationMember, member["id"])
            if existing is not None:
                if existing.delegation_id != data["id"]:
                    self.errors.append(FieldError(f"{path}.id", _(
                        "This member belongs to another delegation in the case file.")))
                continue
            person_id = self.person(member["person"], f"{path}.person")
            with self.at(path, {"person_id": "person"}) as ok:
                obj = self.store.catalog.add_member(data["id"], person_id or "", member["role"],
                                                    **self.given(member, ("id", "position", "order_no")))
            if ok[0] and "position" in member:
                obj.position = member["position"]  # keep a blank position blank (the service fills in the title)
        return data["id"]

    # -- the visit and what was recorded in it ---------------------------------------------------------------

    def children_collide(self, data: dict[str, Any]) -> None:
        tables: list[tuple[str, type[Any], list[dict[str, Any]]]] = [
            ("attendees", Attendee, data.get("attendees", [])),
            ("indicator_results", IndicatorResult, data.get("indicator_results", [])),
            ("statements", Statement, data.get("statements", [])),
            ("findings", Finding, data.get("findings", [])),
            ("recommendations", Recommendation, data.get("recommendations", [])),
        ]
        for key, model, records in tables:
            for i, record in enumerate(records):
                if self.exists(model, record["id"]):
                    self.errors.append(FieldError(f"{key}[{i}].id", _(
                        "A record with this id is already in the case file.")))
        for i, rec in enumerate(data.get("recommendations", [])):
            for j, fu in enumerate(rec.get("follow_ups", [])):
                if self.exists(FollowUp, fu["id"]):
                    self.errors.append(FieldError(f"recommendations[{i}].follow_ups[{j}].id", _(
                        "A record with this id is already in the case file.")))

    def run(self, data: dict[str, Any]) -> str:
        visit = data["visit"]
        existing = self.s.get(Visit, visit["id"])
        if existing is not None:
            raise ValidationError.one("visit.id", _(
                "This session is already in the case file (held on {day}); it was not imported again. Delete it "
                "first to replace it.").format(day=fmt_date(existing.starts_at.date())))
        self.children_collide(data)
        programme_id = self.programme(data.get("programme"), "programme")
        # a review meeting has neither (null or absent); which kind needs which, the visit service says below
        delegation_id = self.delegation(data["delegation"]) if data.get("delegation") else None
        unit_id = self.unit(data.get("unit"), "unit")
        for i, att in enumerate(data.get("attendees", [])):
            self.person(att.get("person"), f"attendees[{i}].person")
        for i, rec in enumerate(data.get("recommendations", [])):
            self.unit(rec.get("responsible_unit"), f"recommendations[{i}].responsible_unit")
            self.person(rec.get("responsible_person"), f"recommendations[{i}].responsible_person")
        if self.errors or (data.get("delegation") and delegation_id is None) or (data.get("unit") and unit_id is None):
            raise ValidationError(self.errors or [FieldError("", _("The session cannot be imported."))])

        values = self.given(visit, VISIT_FIELDS)
        with self.at("visit", {"delegation_id": "/delegation", "unit_id": "/unit", "programme_id": "/programme"}) \
                as ok:
            self.store.visits.create(delegation_id=delegation_id, unit_id=unit_id, programme_id=programme_id,
                                     **values)
        if not ok[0]:
            raise ValidationError(self.errors)
        vid = visit["id"]
        self.visit_children(vid, data)
        if self.errors:
            raise ValidationError(self.errors)
        return vid

    def visit_children(self, vid: str, data: dict[str, Any]) -> None:
        visits = self.store.visits
        for i, att in enumerate(data.get("attendees", [])):
            person = att.get("person")
            with self.at(f"attendees[{i}]", {"person_id": "person"}):
                visits.add_attendee(vid, person_id=person["id"] if person else None,
                                    **self.given(att, ATTENDEE_FIELDS))
        for i, res in enumerate(data.get("indicator_results", [])):
            if res.get("indicator_id") and not self.exists(Indicator, res["indicator_id"]):
                self.errors.append(FieldError(f"indicator_results[{i}].indicator_id", _(
                    "No indicator with this id, neither in the file's programme nor in the case file.")))
                continue
            with self.at(f"indicator_results[{i}]") as ok:
                obj = visits.add_indicator_result(vid, **self.given(res, RESULT_FIELDS))
            if ok[0]:  # a field given as null stays null (the service copies it from the indicator)
                for name in ("unit_of_measure", "target"):
                    if name in res:
                        setattr(obj, name, res[name])
        for i, st in enumerate(data.get("statements", [])):
            with self.at(f"statements[{i}]"):
                visits.add_statement(vid, **self.given(st, STATEMENT_FIELDS))
        for i, finding in enumerate(data.get("findings", [])):
            with self.at(f"findings[{i}]"):
                visits.add_finding(vid, **self.given(finding, FINDING_FIELDS))
        for i, rec in enumerate(data.get("recommendations", [])):
            self.recommendation(vid, rec, f"recommendations[{i}]")

    def recommendation(self, vid: str, data: dict[str, Any], path: str) -> None:
        follow_ups = data.get("follow_ups", [])
        values = self.given(data, REC_FIELDS)
        values.pop("status", None)
        values.pop("status_changed_on", None)
        if follow_ups:  # replay the history from where it started
            start = follow_ups[0].get("old_status") or "new"
        else:
            start = data.get("status") or "new"
        unit, person = data.get("responsible_unit"), data.get("responsible_person")
        if unit is not None:
            values["responsible_unit_id"] = unit["id"]
        if person is not None:
            values["responsible_person_id"] = person["id"]
        rename = {"responsible_unit_id": "responsible_unit", "responsible_person_id": "responsible_person"}
        with self.at(path, rename) as ok:
            rec = self.store.recommendations.add(vid, status=start, **values)
        if not ok[0]:
            return
        if "responsible_unit" in data and unit is None:
            rec.responsible_unit_id = None  # the service assigns a request to the visited unit when none is given
        stamp = utcnow()
        for j, fu in enumerate(follow_ups):
            fu_path = f"{path}.follow_ups[{j}]"
            old = fu.get("old_status")
            if old is not None and old != rec.status.value:
                self.errors.append(FieldError(f"{fu_path}.old_status", _(
                    "Does not match the status before this step (“{status}”).").format(status=rec.status.value)))
                return
            follow = self.follow_up(rec, fu, fu_path)
            if follow is None:
                return
            if "recorded_by" in fu:
                follow.recorded_by = fu["recorded_by"]
            follow.created_at = stamp + dt.timedelta(microseconds=j)  # keeps same-day steps in the given order
        if "status" in data and data["status"] != rec.status.value:
            self.errors.append(FieldError(f"{path}.status", _(
                "Does not match the status its follow-up steps lead to (“{status}”).").format(
                    status=rec.status.value)))
        if "status_changed_on" in data:
            rec.status_changed_on = dt.date.fromisoformat(data["status_changed_on"]) \
                if data["status_changed_on"] else None

    def follow_up(self, rec: Recommendation, data: dict[str, Any], path: str) -> FollowUp | None:
        service = self.store.recommendations
        new, note = data.get("new_status"), data.get("progress")
        common = {"date": data["date"], "reporter": data.get("reporter"), "id": data["id"]}
        rename = {"status": "new_status", "note": "progress"}
        follow: FollowUp | None = None
        with self.at(path, rename) as ok:
            if new is not None:
                follow = service.change_status(rec.id, new, note=note, **common)
            elif (note or "").strip() or not data.get("attachments"):
                follow = service.add_progress(rec.id, note=note or "", **common)
            else:
                follow = self._evidence_only(rec, data)
        return follow if ok[0] else None

    def _evidence_only(self, rec: Recommendation, data: dict[str, Any]) -> FollowUp:
        """A step that only attached files: the files are not in the exchange file, the step itself is kept."""
        day = dt.date.fromisoformat(data["date"])
        visit_day = rec.visit.starts_at.date()
        if day < visit_day:
            raise ValidationError.one("date", _("The date {day} is before the session ({visit}).").format(
                day=fmt_date(day), visit=fmt_date(visit_day)))
        if day > dt.date.today():
            raise ValidationError.one("date", _("The date {day} is in the future.").format(day=fmt_date(day)))
        follow = FollowUp(id=data["id"], recommendation=rec, date=day, reporter=data.get("reporter"), progress=None,
                          old_status=rec.status, new_status=None, recorded_by=self.store.identity.person)
        self.s.add(follow)
        self.s.flush()
        return follow


def import_visit(store: Store, data: dict[str, Any]) -> str:
    """Add the visit in ``data`` to the case file; returns its id.

    Records it points at that are already in the file (same id) are reused as they are; the others are created.
    Raises :class:`ValidationError` naming every bad field by its JSON path (``recommendations[1].deadline``); then
    nothing at all was written. A visit that is already in the file is refused, never overwritten."""
    validate_visit_data(data)
    try:
        with store.write() as session:
            return _Importer(store, session).run(data)
    except SQLAlchemyError as exc:  # a rule the checks above missed; the transaction was rolled back
        raise SsdeskError(_("The session could not be imported; nothing was written. ({detail})").format(
            detail=str(getattr(exc, "orig", None) or exc).splitlines()[0])) from exc


def import_visit_file(store: Store, path: str | Path) -> str:
    return import_visit(store, load_visit_file(path))

