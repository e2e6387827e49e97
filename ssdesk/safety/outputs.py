"""Writing what a command produces (an export, a report, a letter) without ever destroying a case file.

Why one function for every command: ``export FILE … -o FILE`` once replaced the case file itself with JSON bytes —
rc 0, no backup. Whatever name, symbolic link or hard link leads to it, an output must never land on a case file,
an encrypted case file, its ``-wal``/``-shm``/``-journal``, its lock or a backup (all of which are SQLite files or
sit beside one). The bytes go to a private temporary file beside the target, are fsynced and renamed over it, so a
crash leaves the old output or the new one, never half a file. A secret visit's output is created 0600, like the
case file (domain.md §3b).
"""

from __future__ import annotations

import os
import re
import stat
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path

from ssdesk import crypto, filehead
from ssdesk.errors import CaseFileError
from ssdesk.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
#: Names that belong to a case file ``X``: SQLite's companions and ssdesk's own.
COMPANIONS = ("-wal", "-shm", "-journal", ".lock", ".lock.takeover")


class OutputRefusedError(CaseFileError):
    """The output path leads to something that must not be overwritten; nothing was written."""


def _refuse(path: str, why: str) -> OutputRefusedError:
    return OutputRefusedError(_("Cannot write the output to “{name}”: {why} Nothing was written.")
                              .format(name=path, why=why))


def is_database(path: Path) -> bool:
    """True for a plain SQLite file or what looks like an encrypted one (whole pages of random bytes)."""
    try:
        head = filehead.read_head(path, 16)  # the case file itself, perhaps: never open() it (ssdesk.filehead)
    except OSError:
        return False
    return head == SQLITE_MAGIC or crypto.is_encrypted(path)


def _companion_of(path: Path) -> Path | None:
    """The case file ``path`` belongs to (``X`` for ``X-wal``, ``X.lock``…) when that file exists."""
    for suffix in COMPANIONS:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            owner = path.with_name(path.name[: -len(suffix)])
            if owner.exists():
                return owner
    return None


def check_output(target: str | os.PathLike[str], protect: Iterable[str | os.PathLike[str] | None] = ()) -> Path:
    """The real path an output for ``target`` will be written to, or :class:`OutputRefusedError` saying why not.

    ``protect``: the command's own case files (checked by identity, device + inode, so a hard link is caught too).
    """
    shown = str(target)
    try:
        path = Path(target).expanduser().resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        raise _refuse(shown, _("the path is a loop of symbolic links.")) from None
    if path.is_dir():
        raise _refuse(shown, _("it is a folder."))
    owner = _companion_of(path)
    if owner is not None:
        raise _refuse(shown, _("it belongs to the case file “{name}”.").format(name=owner.name))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise _refuse(shown, _("the folder “{name}” does not exist.").format(name=str(path.parent))) from None
        return path
    except OSError as exc:
        raise _refuse(shown, exc.strerror or str(exc)) from None
    if stat.S_ISCHR(st.st_mode):  # /dev/null, a terminal: written straight through
        return path
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(shown, _("it is not a regular file."))
    for other in protect:
        if other is None:
            continue
        try:
            if os.path.samefile(other, path):
                raise _refuse(shown, _("it is the case file itself."))
        except OSError:
            continue
    if is_database(path):
        raise _refuse(shown, _("it is a case file, a backup or another database."))
    return path


def write_output(target: str | os.PathLike[str], data: bytes, *, secret: bool = False,
                 protect: Iterable[str | os.PathLike[str] | None] = ()) -> None:
    """Write ``data`` to ``target`` (``-``: standard output) through a temporary file renamed over it.

    ``secret``: the file is created readable by its owner only (0600) — a secret visit leaves the case file only
    under the same protection. An existing ordinary output keeps its permissions otherwise."""
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = check_output(target, protect)
    if path.exists() and not path.is_file():  # a character device: no rename possible, nothing to protect
        with open(path, "wb") as fh:
            fh.write(data)
        return
    mode = 0o600 if secret else (stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask())
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if mode != 0o600:
            os.chmod(tmp, mode)
        check_output(path, protect)  # again just before the rename: a case file may have appeared meanwhile
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def safe_file_name(title: str) -> str:
    """``title`` as one file name on any system: separators and what Windows refuses (``/ \\ : * ? " < > |``) become
    ``-`` ("Biên bản — UBND quận Đống Đa, 18/03/2025" → "…, 18-03-2025"), no trailing dot or space."""
    return _NOT_IN_NAMES.sub("-", title).strip().rstrip(". ") or "ssdesk"
