"""The one family of errors the core raises: each carries a message already in the user's language.

The GUI puts a :class:`FieldError` next to the field it names; the CLI prints ``str(error)`` on one line.
"""

from __future__ import annotations

from dataclasses import dataclass

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
