"""Checking exchange data against the JSON schema and its cross-references, naming the JSON path of every bad field."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema import ValidationError as SchemaError

from ssdesk.errors import FieldError, ValidationError
from ssdesk.exchange.files import FORMAT, SCHEMA_RESOURCE, VERSION
from ssdesk.i18n import _

if TYPE_CHECKING:

    pass


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


def join_field(prefix: str, field: str) -> str:
    """The JSON-pointer-like path of ``field`` under ``prefix``: errors of validation and import name the same place."""
    if not field:
        return prefix
    if not prefix:
        return field
    return prefix + field if field.startswith("[") else f"{prefix}.{field}"


def _type_words(types: Any) -> str:
    words: dict[str, str] = {"string": _("text"), "integer": _("a whole number"), "number": _("a number"),
             "boolean": _("true or false"), "array": _("a list […]"), "object": _("an object {…}"),
             "null": _("null")}
    names = types if isinstance(types, list) else [types]
    return _(" or ").join(words.get(str(n), str(n)) for n in names)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _schema_messages(error: SchemaError) -> list[FieldError]:
    path = json_path(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        return [FieldError(join_field(path, name), _("This field is required.")) for name in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        extra = sorted(k for k in value if k not in known) if isinstance(value, dict) else []
        return [FieldError(join_field(path, name), _("Unknown field.")) for name in extra]
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
