"""The one family of errors the core raises: each carries a message already in the user's language.

The GUI puts a :class:`FieldError` next to the field it names; the CLI prints ``str(error)`` on one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ssdesk.i18n import _


class SsdeskError(Exception):
    """Base of every error meant for the user; ``str()`` is a translated, one-line message."""


@dataclass(frozen=True)
class FieldError:
    field: str  # dotted path: "ends_at", "attendees[2].side"
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(SsdeskError):
    """Input was rejected; nothing was written."""

    def __init__(self, errors: list[FieldError] | FieldError):
        self.errors: list[FieldError] = errors if isinstance(errors, list) else [errors]
        super().__init__("; ".join(str(e) for e in self.errors))

    @classmethod
    def one(cls, field: str, message: str) -> "ValidationError":
        return cls([FieldError(field, message)])

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class NotFoundError(SsdeskError):
    def __init__(self, entity: str, ident: str):
        self.entity, self.ident = entity, ident
        super().__init__(_("{entity} not found: {id}").format(entity=entity, id=ident))


class InUseError(SsdeskError):
    """Deleting would orphan data; ``dependants`` says what depends on the item."""

    def __init__(self, message: str, dependants: dict[str, int]):
        self.dependants = dependants
        super().__init__(message)


class CaseFileError(SsdeskError):
    """The file cannot be opened as a case file; it was left untouched."""


class NotACaseFileError(CaseFileError):
    pass


class NewerCaseFileError(CaseFileError):
    pass


class DamagedCaseFileError(CaseFileError):
    pass


class CaseFileLockedError(CaseFileError):
    pass


class ServerPasswordError(CaseFileError):
    """The office server's database needs a password (``wrong`` False) or refused the one given (``wrong`` True);
    the GUI asks for it and tries again. Nothing was opened."""

    def __init__(self, message: str, *, wrong: bool) -> None:
        self.wrong = wrong
        super().__init__(message)


class AccessRefusedError(SsdeskError):
    """The office server refused a write for want of rights (SQLSTATE 42501: no GRANT, or a row-level security
    policy; ``ssdesk.server.access``), e.g. the user's rights changed since the case file was opened. Nothing was
    written; what the user typed stays where it was typed."""


class ConflictError(SsdeskError):
    """Optimistic locking: the record was changed (or deleted) by someone else since the user opened it. Nothing
    was written; the user reloads it and makes the change again. ``user``/``at`` (UTC): the last change, from the
    audit log; ``fields``: what changed since the version the user had (column names)."""

    def __init__(self, *, entity: str, label: str, ident: str | None = None, user: str | None = None,
                 at: Any = None, fields: list[str] | None = None, deleted: bool = False,
                 expected: int | None = None, current: int | None = None) -> None:
        self.entity, self.label, self.ident, self.user, self.at = entity, label, ident, user, at
        self.fields, self.deleted, self.expected, self.current = list(fields or []), deleted, expected, current
        when = ""
        if at is not None:
            import datetime as dt

            when = at.replace(tzinfo=dt.UTC).astimezone().strftime("%d/%m/%Y %H:%M")
        who = user or _("someone else")
        if deleted:
            text = _("{entity} “{label}” was deleted by {user} ({when}) after you opened it; your change was not "
                     "saved.")
        elif fields:
            text = _("{entity} “{label}” was changed by {user} ({when}) after you opened it — changed: {fields}. "
                     "Your change was not saved: reload it and make your change again.")
        else:
            text = _("{entity} “{label}” was changed by {user} ({when}) after you opened it. Your change was not "
                     "saved: reload it and make your change again.")
        super().__init__(text.format(entity=entity, label=label, user=who, when=when or "?",
                                     fields=", ".join(self.fields)))
