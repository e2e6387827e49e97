"""Collecting input problems so that one error names every bad field at once (the GUI marks them all)."""

from __future__ import annotations

import datetime as dt
import re
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


#: A day as people type it: 30/9/2025, 30/09/25, 30-9-2025, 30.9.2025 (a two-digit year read as ``%y`` reads it).
_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
#: A time after the day: 8:30, 8h30, 8h, 8 giờ 30 (phút).
_TIME = re.compile(r"(\d{1,2})\s*(?::|h|giờ)\s*(\d{1,2})?\s*(?:phút|p)?", re.I)


def _day(text: str) -> dt.date | None:
    """ISO or the Vietnamese order (day first), None when neither; raises ValueError for a day that does not exist."""
    if (iso := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)) is not None:
        return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    m = _DAY.fullmatch(text)
    if m is None:
        return None
    year = int(m.group(3))
    if len(m.group(3)) == 2:  # as strptime's %y reads it: 00–68 this century, 69–99 the last ("1/1/97" is 1997)
        year += 2000 if year < 69 else 1900
    return dt.date(year, int(m.group(2)), int(m.group(1)))


def as_date(check: Checker, field: str, value: Any) -> dt.date | None:
    """Accept ``date``, ISO text or a Vietnamese day (``30/9/2025``, ``30/09/25``, ``30-9-2025``); report anything
    else in the form the fields show (nn/tt/nnnn)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        day = _day(text)
    except ValueError:
        day = None
    if day is not None:
        return day
    check.add(field, _("“{value}” is not a valid date (use dd/mm/yyyy).").format(value=text))
    return None


def as_datetime(check: Checker, field: str, value: Any) -> dt.datetime | None:
    """Accept ``datetime``, ISO text or a Vietnamese day and time (``18/3/2025 8:30``, ``18/3/2025 8h30``,
    ``18/03/25 8 giờ``); a day alone is its midnight."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = " ".join(str(value).split())
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    head, _sep, rest = text.partition(" ")
    try:  # ISO is for files and scripts: strict above; what people type puts the day first
        day = _day(head) if _DAY.fullmatch(head) or not rest else None
        if day is not None:
            moment = _TIME.fullmatch(rest) if rest else None
            if not rest:
                return dt.datetime.combine(day, dt.time())
            if moment is not None:
                return dt.datetime.combine(day, dt.time(int(moment.group(1)), int(moment.group(2) or 0)))
    except ValueError:
        pass
    check.add(field, _("“{value}” is not a valid date and time (use dd/mm/yyyy hh:mm).").format(value=text))
    return None


def unknown_fields(check: Checker, given: Iterable[str], allowed: Iterable[str]) -> None:
    for name in sorted(set(given) - set(allowed)):
        check.add(name, _("Unknown field."))
