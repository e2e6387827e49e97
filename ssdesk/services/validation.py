"""Collecting input problems so that one error names every bad field at once (the GUI marks them all)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar

from ssdesk.errors import FieldError, ValidationError
from ssdesk.i18n import _

E = TypeVar("E", bound=Enum)


def fmt_date(day: dt.date) -> str:
    """Dates the Vietnamese way, in messages too: 27/02/2024."""
    return day.strftime("%d/%m/%Y")


class Checker:
    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(self.prefix + field, message))

    def required(self, field: str, value: Any, *, max_len: int | None = None) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, _("This field is required."))
        elif max_len is not None and isinstance(value, str) and len(value) > max_len:
            self.add(field, _("At most {n} characters.").format(n=max_len))

    def max_len(self, field: str, value: str | None, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(field, _("At most {n} characters.").format(n=limit))

    def enum(self, field: str, enum_cls: type[E], value: Any, *, required: bool = True) -> E | None:
        if value is None or value == "":
            if required:
                self.add(field, _("This field is required."))
            return None
        if isinstance(value, enum_cls):
            return value
        try:
            return enum_cls(value)
        except ValueError:
            try:
                return enum_cls.parse(str(value))  # type: ignore[attr-defined]
            except (ValueError, AttributeError):
                allowed = ", ".join(m.value for m in enum_cls)
                self.add(field, _("“{value}” is not allowed here; choose one of: {allowed}.")
                         .format(value=value, allowed=allowed))
                return None

    def order(self, first_field: str, first: Any, second_field: str, second: Any, message: str) -> None:
        if first is not None and second is not None and second < first:
            self.add(second_field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(list(self.errors))


def as_date(check: Checker, field: str, value: Any) -> dt.date | None:
    """Accept ``date``, ISO text or Vietnamese ``dd/mm/yyyy``; report anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    check.add(field, _("“{value}” is not a valid date (use dd/mm/yyyy).").format(value=text))
    return None


def as_datetime(check: Checker, field: str, value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = str(value).strip()
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d",
                "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    check.add(field, _("“{value}” is not a valid date and time (use dd/mm/yyyy hh:mm).").format(value=text))
    return None


def unknown_fields(check: Checker, given: Iterable[str], allowed: Iterable[str]) -> None:
    for name in sorted(set(given) - set(allowed)):
        check.add(name, _("Unknown field."))
