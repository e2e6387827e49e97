"""The visit exchange file: one working session and everything recorded in it, as self-contained JSON.

``export_visit`` writes a visit with copies of the records it points at (delegation with its members, the unit with
the units above it, the programme with its indicators, persons), keeping every id, so that another case file can
``import_visit`` it: records already there (same id) are reused, the rest are created through the services, so the
same domain rules apply as when typing. An import is one transaction: on any error nothing is written.

The format is described for people in ``docs/exchange-format.md`` and for machines in ``visit.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema import ValidationError as SchemaError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ssdesk.errors import FieldError, NotFoundError, SsdeskError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import (
    Attachment,
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
from ssdesk.services.base import entity_label
from ssdesk.services.validation import fmt_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ssdesk.store import Store

FORMAT = "ssdesk-visit"
VERSION = 1
SCHEMA_RESOURCE = "visit.schema.json"

T = TypeVar("T")


class ExchangeFileError(SsdeskError):
    """An exchange file could not be read as JSON at all; ``line``/``column`` point at the problem when known."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.line, self.column = line, column
        super().__init__(message)


# --- reading and writing the text ------------------------------------------------------------------------------


def dump_visit(data: dict[str, Any]) -> str:
    """The canonical text of an exchange file: UTF-8 friendly, indented, keys sorted, ending with a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def save_visit_file(path: str | Path, data: dict[str, Any]) -> Path:
    path = Path(path)
    path.write_text(dump_visit(data), encoding="utf-8", newline="\n")
    return path


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def parse_visit_json(text: str | bytes, *, name: str = "") -> Any:
    """Parse exchange-file text; bad encoding or bad JSON becomes an :class:`ExchangeFileError` with a message."""
    label = name or _("The exchange file")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ExchangeFileError(_("“{name}” is not UTF-8 text (invalid byte at position {pos}); save it as "
                                      "UTF-8 and try again.").format(name=label, pos=exc.start)) from None
    elif text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ExchangeFileError(_("“{name}” is not valid JSON: {problem} at line {line}, column {column}.")
                                .format(name=label, problem=exc.msg, line=exc.lineno, column=exc.colno),
                                line=exc.lineno, column=exc.colno) from None
    except ValueError as exc:  # NaN, Infinity
        raise ExchangeFileError(_("“{name}” is not valid JSON: “{value}” is not a number JSON allows.")
                                .format(name=label, value=exc.args[0])) from None
    except RecursionError:
        raise ExchangeFileError(_("“{name}” is nested too deeply to be read.").format(name=label)) from None


def load_visit_file(path: str | Path) -> dict[str, Any]:
    """Read an exchange file. Returns the parsed JSON (validate it with :func:`validate_visit_data` or import it)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExchangeFileError(_("“{name}” cannot be read: {reason}").format(
            name=path.name, reason=exc.strerror or exc)) from None
    data = parse_visit_json(raw, name=path.name)
    if not isinstance(data, dict):
        raise ExchangeFileError(_("“{name}” does not hold an ssdesk visit (a JSON object is expected).")
                                .format(name=path.name))
    return data


# --- export ----------------------------------------------------------------------------------------------------


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
VISIT_FIELDS = ("id", "title", "starts_at", "ends_at", "place", "agenda", "form", "classification", "state",
                "report_summary", "indicators_met", "indicators_total", "explanation", "conclusion",
                "related_documents")
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

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?")
_CLOCK = re.compile(r"[0-9]{2}:[0-9]{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    dt.date.fromisoformat(value)
    return True


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATETIME.fullmatch(value):
        return False
    dt.datetime.fromisoformat(value)
    return True


def _is_clock(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _CLOCK.fullmatch(value):
        return False
    dt.time.fromisoformat(value)
    return True


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("uuid")(lambda v: not isinstance(v, str) or bool(_UUID.fullmatch(v)))
    checker.checks("sha256")(lambda v: not isinstance(v, str) or bool(_SHA256.fullmatch(v)))
    checker.checks("date", raises=ValueError)(_is_date)
    checker.checks("local-datetime", raises=ValueError)(_is_datetime)
    checker.checks("clock-time", raises=ValueError)(_is_clock)
    return checker


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of exchange files."""
    text = resources.files("ssdesk.exchange").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema(), format_checker=_format_checker())


def json_path(parts: Any) -> str:
    """``["attendees", 2, "side"]`` → ``attendees[2].side``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _join(prefix: str, field: str) -> str:
    if not field:
        return prefix
    if not prefix:
        return field
    return prefix + field if field.startswith("[") else f"{prefix}.{field}"


def _type_words(types: Any) -> str:
    words = {"string": _("text"), "integer": _("a whole number"), "number": _("a number"),
             "boolean": _("true or false"), "array": _("a list […]"), "object": _("an object {…}"),
             "null": _("null")}
    names = types if isinstance(types, list) else [types]
    return _(" or ").join(words.get(n, n) for n in names)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _schema_messages(error: SchemaError) -> list[FieldError]:
    path = json_path(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        return [FieldError(_join(path, name), _("This field is required.")) for name in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        extra = sorted(k for k in value if k not in known) if isinstance(value, dict) else []
        return [FieldError(_join(path, name), _("Unknown field.")) for name in extra]
    if kind == "const":
        if path == "format":
            message = _("This is not an ssdesk visit exchange file (“format” must be “{format}”).").format(
                format=FORMAT)
        elif path == "version":
            message = _("Version {version} of the exchange format is not supported; this ssdesk reads version "
                        "{supported}. A newer file needs a newer ssdesk.").format(version=_show(value),
                                                                                   supported=VERSION)
        else:
            message = _("Must be {value}.").format(value=_show(expected))
        return [FieldError(path, message)]
    if kind == "enum":
        allowed = ", ".join(v for v in expected if v is not None)
        return [FieldError(path, _("“{value}” is not allowed here; choose one of: {allowed}.")
                           .format(value=value, allowed=allowed))]
    if kind == "type":
        if path == "":
            return [FieldError(path, _("The file must hold one JSON object {…}."))]
        return [FieldError(path, _("Must be {expected}, not {value}.").format(
            expected=_type_words(expected), value=_show(value)))]
    if kind == "format":
        message = {
            "uuid": _("“{value}” is not a valid id (a UUID such as 3f2b6c1e-8a4d-4e0f-9b7a-2c5d1e6f7a80)."),
            "date": _("“{value}” is not a valid date (use YYYY-MM-DD)."),
            "local-datetime": _("“{value}” is not a valid date and time (use YYYY-MM-DDTHH:MM:SS)."),
            "clock-time": _("“{value}” is not a clock time (use hh:mm)."),
            "sha256": _("“{value}” is not a SHA-256 checksum (64 lowercase hex digits)."),
        }.get(expected, _("“{value}” is not valid here."))
        return [FieldError(path, message.format(value=value))]
    if kind == "minLength":
        return [FieldError(path, _("This field is required."))]
    if kind == "maxLength":
        return [FieldError(path, _("At most {n} characters.").format(n=expected))]
    if kind == "minimum":
        return [FieldError(path, _("Must be {n} or more.").format(n=expected))]
    if kind == "maximum":
        return [FieldError(path, _("Must be {n} or less.").format(n=expected))]
    return [FieldError(path, _("This value is not valid."))]


def validate_visit_data(data: Any) -> None:
    """Check ``data`` against the schema; raise one :class:`ValidationError` naming every bad field by its path."""
    errors: list[FieldError] = []
    seen: set[tuple[str, str]] = set()
    for error in _validator().iter_errors(data):
        for item in _schema_messages(error):
            if (item.field, item.message) not in seen:
                seen.add((item.field, item.message))
                errors.append(item)
    if errors:
        raise ValidationError(errors)
    errors = _check_references(data)
    if errors:
        raise ValidationError(errors)


def _check_references(data: dict[str, Any]) -> list[FieldError]:
    """Rules the schema cannot say: ids unique among the visit's own records, references inside the file."""
    errors: list[FieldError] = []
    seen: dict[str, str] = {}

    def own(record: dict[str, Any], path: str) -> None:
        ident = record["id"].lower()
        if ident in seen:
            errors.append(FieldError(f"{path}.id", _("The id is used twice (also at {other}).")
                                     .format(other=seen[ident])))
        else:
            seen[ident] = path

    own(data["visit"], "visit")
    for key in ("attendees", "indicator_results", "statements", "findings", "recommendations"):
        for i, record in enumerate(data.get(key, [])):
            own(record, f"{key}[{i}]")
    for i, rec in enumerate(data.get("recommendations", [])):
        for j, fu in enumerate(rec.get("follow_ups", [])):
            own(fu, f"recommendations[{i}].follow_ups[{j}]")
    attendees = {a["id"] for a in data.get("attendees", [])}
    for i, st in enumerate(data.get("statements", [])):
        if st.get("attendee_id") and st["attendee_id"] not in attendees:
            errors.append(FieldError(f"statements[{i}].attendee_id",
                                     _("No attendee of this session has this id.")))
    return errors


# --- import ----------------------------------------------------------------------------------------------------


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
                full = field[1:] if field.startswith("/") else _join(path, field)
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
        delegation_id = self.delegation(data["delegation"])
        unit_id = self.unit(data["unit"], "unit")
        for i, att in enumerate(data.get("attendees", [])):
            self.person(att.get("person"), f"attendees[{i}].person")
        for i, rec in enumerate(data.get("recommendations", [])):
            self.unit(rec.get("responsible_unit"), f"recommendations[{i}].responsible_unit")
            self.person(rec.get("responsible_person"), f"recommendations[{i}].responsible_person")
        if self.errors or delegation_id is None or unit_id is None:
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
                          old_status=rec.status, new_status=None, recorded_by=self.store.user)
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
            detail=str(exc.orig if getattr(exc, "orig", None) is not None else exc).splitlines()[0])) from exc


def import_visit_file(store: Store, path: str | Path) -> str:
    return import_visit(store, load_visit_file(path))


__all__ = [
    "FORMAT",
    "VERSION",
    "ExchangeFileError",
    "dump_visit",
    "export_visit",
    "import_visit",
    "import_visit_file",
    "json_path",
    "load_visit_file",
    "parse_visit_json",
    "save_visit_file",
    "schema",
    "validate_visit_data",
]
