"""Reading and writing the exchange file as text: one-line errors for malformed JSON, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _

if TYPE_CHECKING:

    pass


FORMAT = "ssdesk-visit"
VERSION = 1
SCHEMA_RESOURCE = "visit.schema.json"



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
    from ssdesk.safety.intake import IMPORT_MAX_BYTES, InputError, read_regular

    path = Path(path)
    try:  # a regular file, within a limit: a FIFO or /dev/zero must not hang or fill memory
        raw = read_regular(path, limit=IMPORT_MAX_BYTES, what=_("The exchange file"))
    except InputError as exc:
        raise ExchangeFileError(str(exc)) from None
    data = parse_visit_json(raw, name=path.name)
    if not isinstance(data, dict):
        raise ExchangeFileError(_("“{name}” does not hold an ssdesk visit (a JSON object is expected).")
                                .format(name=path.name))
    return data


# --- export ----------------------------------------------------------------------------------------------------
