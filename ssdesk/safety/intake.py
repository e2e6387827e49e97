"""What comes in from outside — a path typed on the command line, an evidence file, notes to draft from, text
typed into a field — is checked before anything is read into memory or written to the case file.

Why here and not in each command: every hole closed in issue 19 was one command trusting its input — ``/dev/zero``
as evidence grew the case file to 24 GB, a FIFO hung the process, a loop of symbolic links or ``/dev/null`` as the
case file gave a traceback, a NUL byte was stored inside a title. One place, one message per kind of problem.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

from ssdesk import filehead
from ssdesk.errors import CaseFileError, SsdeskError
from ssdesk.i18n import _

#: Evidence larger than this (MB) is refused unless the office sets another limit: ``SSDESK_EVIDENCE_MAX_MB`` or
#: ``[evidence] max_mb`` in ``limits.toml`` of the user config folder.
DEFAULT_EVIDENCE_MAX_MB = 100
ENV_EVIDENCE_MAX_MB = "SSDESK_EVIDENCE_MAX_MB"
#: Notes to draft from: plain text, at most this many MB (a long press report is well under 1 MB).
DRAFT_MAX_BYTES = 20 * 2**20
#: An exchange file to import (one visit, evidence inside it as base64): at most this many bytes.
IMPORT_MAX_BYTES = 512 * 2**20
CHUNK = 2**20

#: Control characters other than tab and newline (C0, DEL, C1), and lone surrogates (not text in any encoding).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class InputError(SsdeskError):
    """An input file cannot be used (not a regular file, too big, not text); nothing was written."""


# -- the case file's path ----------------------------------------------------------------------------------------


def case_path(text: str | os.PathLike[str]) -> Path:
    """The real path of a case file named by the user, or :class:`CaseFileError` saying why it cannot be one.

    A loop of symbolic links, a device (``/dev/null``), a pipe or a socket is refused here, before SQLite sees it."""
    shown = os.fspath(text)
    if "\x00" in shown:
        raise CaseFileError(_("“{name}” is not a valid file name.").format(name=shown.replace("\x00", "\\0")))
    try:
        path = Path(shown).expanduser().resolve()
        st = os.stat(path)
    except FileNotFoundError:
        return path
    except RuntimeError:  # Python < 3.13: "Symlink loop"
        raise CaseFileError(_("“{name}” is a loop of symbolic links.").format(name=shown)) from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise CaseFileError(_("“{name}” is a loop of symbolic links.").format(name=shown)) from None
        raise CaseFileError(_("“{name}” cannot be opened: {reason}").format(
            name=shown, reason=exc.strerror or exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise CaseFileError(_("“{name}” is a folder, not a case file.").format(name=str(path)))
    if not stat.S_ISREG(st.st_mode):
        raise CaseFileError(_("“{name}” is not an ordinary file (a device, a pipe or a socket); a case file is an "
                              "ordinary file.").format(name=shown))
    return path


# -- reading an input file ---------------------------------------------------------------------------------------


def read_regular(path: str | os.PathLike[str], *, limit: int, what: str) -> bytes:
    """The bytes of the regular file ``path``, read in chunks and never more than ``limit`` bytes.

    Refused with :class:`InputError`: a device (``/dev/zero`` would never end), a FIFO (would block; it is opened
    non-blocking so that even the open cannot hang), a folder, or a file over ``limit`` — counted while reading, so
    a file that grows meanwhile is caught too. ``what`` names the input in the message."""
    shown = os.fspath(path)
    if filehead.held(shown):  # reading it here would drop SQLite's locks on it (ssdesk.filehead)
        raise InputError(_("{what} “{name}” is the case file open in ssdesk itself; choose another file.").format(
            what=what, name=shown))
    try:
        fd = os.open(shown, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(_("{what} “{name}” cannot be read: {reason}").format(
            what=what, name=shown, reason=exc.strerror or exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(_("{what} “{name}” is not an ordinary file.").format(what=what, name=shown))
        if st.st_size > limit:
            raise InputError(too_big(what, shown, limit))
        parts: list[bytes] = []
        total = 0
        while chunk := os.read(fd, CHUNK):
            total += len(chunk)
            if total > limit:
                raise InputError(too_big(what, shown, limit))
            parts.append(chunk)
        return b"".join(parts)
    except OSError as exc:
        raise InputError(_("{what} “{name}” cannot be read: {reason}").format(
            what=what, name=shown, reason=exc.strerror or exc)) from None
    finally:
        os.close(fd)


def too_big(what: str, name: str, limit: int) -> str:
    return _("{what} “{name}” is larger than the limit of {mb} MB.").format(
        what=what, name=name, mb=f"{limit / 2**20:g}")


def evidence_limit() -> int:
    """The largest evidence file accepted, in bytes: the office's setting, else :data:`DEFAULT_EVIDENCE_MAX_MB`."""
    value: object = os.environ.get(ENV_EVIDENCE_MAX_MB)
    if not value:
        try:
            from platformdirs import user_config_path

            config = user_config_path("ssdesk", appauthor=False) / "limits.toml"
            value = tomllib.loads(config.read_text(encoding="utf-8")).get("evidence", {}).get("max_mb")
        except (OSError, ValueError, AttributeError):
            value = None
    try:
        mb = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        mb = DEFAULT_EVIDENCE_MAX_MB
    if not 0 <= mb <= 2**30:  # negative, NaN, infinite: not a setting
        mb = DEFAULT_EVIDENCE_MAX_MB
    return int(mb * 2**20)


def read_evidence(path: str | os.PathLike[str]) -> bytes:
    """An evidence file's bytes, within the office's limit (:func:`evidence_limit`)."""
    return read_regular(path, limit=evidence_limit(), what=_("The evidence file"))


# -- text ------------------------------------------------------------------------------------------------------


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NUL bytes (UTF-16 has them, so its BOM is allowed), or more than one in a
    hundred of the first 64 KB being control characters other than tab, newline, carriage return and form feed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = data[: 65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls * 100 > len(sample)


def read_text_input(path: str | os.PathLike[str], *, what: str, limit: int = DRAFT_MAX_BYTES) -> bytes:
    """The bytes of a text file to work on (notes to draft from): a regular file within ``limit``, and text."""
    data = read_regular(path, limit=limit, what=what)
    if looks_binary(data):
        raise InputError(_("{what} “{name}” is not text (it holds binary data).").format(what=what,
                                                                                        name=os.fspath(path)))
    return data


def check_text_bytes(data: bytes, *, what: str, name: str, limit: int = DRAFT_MAX_BYTES) -> bytes:
    """Same checks as :func:`read_text_input` for bytes read from standard input."""
    if len(data) > limit:
        raise InputError(too_big(what, name, limit))
    if looks_binary(data):
        raise InputError(_("{what} “{name}” is not text (it holds binary data).").format(what=what, name=name))
    return data


def clean_text(value: str) -> str:
    """``value`` without control characters other than tab and newline; Windows and old Mac line ends become
    newlines. Applied to every text field before it is stored: a NUL inside a title cut it short in every
    document, and lone surrogates cannot be written as UTF-8 at all."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)
