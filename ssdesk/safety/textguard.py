"""No control characters in stored text (issue 19 §11): every text column of every record, whichever service or
import wrote it, is cleaned in the session's ``before_flush`` — the one point every ORM write passes.

Why at the flush and not in each service: a NUL typed (or imported) into a title was stored and cut the title short
in every document; a lone surrogate from imported JSON could not even be written as UTF-8. Checking each of the many
text fields of each service would miss the next one added. What is removed: control characters other than tab and
newline (a Windows or old-Mac line end becomes a newline) and lone surrogates (:func:`ssdesk.safety.intake.
clean_text`). Installed before the audit listener, so the audit log records the text as stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, Text, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from ssdesk.safety.intake import clean_text


def _text_keys(mapper: Any) -> list[str]:
    """The attribute names of ``mapper``'s text columns (cached on the mapper's class)."""
    cls = mapper.class_
    keys: list[str] | None = cls.__dict__.get("_ssdesk_text_keys")
    if keys is None:
        keys = [attr.key for attr in mapper.column_attrs
                if isinstance(attr.columns[0].type, String | Text)]
        cls._ssdesk_text_keys = keys
    return keys


def clean_pending(session: Session, _ctx: Any = None, _instances: Any = None) -> None:
    """Clean the text attributes of the records this flush inserts or changes (changed attributes only)."""
    for obj in list(session.new) + list(session.dirty):
        state = inspect(obj)
        fresh = state.key is None
        for key in _text_keys(state.mapper):
            if not fresh and not state.attrs[key].history.has_changes():
                continue
            value = getattr(obj, key)
            if type(value) is str:  # not an enum member (a str subclass): those are never free text
                cleaned = clean_text(value)
                if cleaned != value:
                    setattr(obj, key, cleaned)


def install_text_guard(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", clean_pending)
