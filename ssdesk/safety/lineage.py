"""Each case file keeps its own identity, so that its backups are its own (issue 19 §3).

Why: backups are kept per ``file_id`` (``ssdesk_meta``), and a plain copy of a case file (``cp``, a file manager, a
USB stick) carries the same id. Ten backups of such a copy rotated away the original's only backup, and ``backups A``
listed B's. :func:`claim_identity` runs when a file is opened for writing: the file remembers where it lives
(``file_home``); opened elsewhere while the file at its old home still exists with the same id, it is a copy and
takes a new id (``copied_from`` keeps the old one, which merge uses to recognise its origin). A file that was moved
or renamed keeps its id: its old home is gone or holds another file.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ssdesk.models import new_id, read_meta, write_meta

if TYPE_CHECKING:
    from ssdesk.store import Store


_local = threading.local()


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """Open files without claiming an identity: a merge's private temporary copy of a laptop file must stay that
    laptop (its ``file_id`` is what merge bookkeeping goes by)."""
    before = getattr(_local, "off", False)
    _local.off = True
    try:
        yield
    finally:
        _local.off = before


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


#: How a path whose name is not valid UTF-8 (bytes from another system's file name) is kept in the file: its bytes
#: in hex after this mark. SQLite stores UTF-8 only; such a name stopped `ssdesk demo` with an encoding error.
_BYTES = "bytes:"


def _as_text(path: Path) -> str:
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _BYTES + os.fsencode(path).hex()
    return text


def _as_path(text: str) -> Path:
    return Path(os.fsdecode(bytes.fromhex(text[len(_BYTES):]))) if text.startswith(_BYTES) else Path(text)


def claim_identity(store: Store) -> bool:
    """Give ``store``'s file its own ``file_id`` when it is a copy of a file that still exists; record its home.

    Returns True when a new id was given. Nothing happens for a database on a server or a read-only store."""
    if store.path is None or store.readonly or getattr(_local, "off", False):
        return False
    from ssdesk.safety.backups import file_id_of

    here = _as_text(store.path)
    with store.read() as s:
        home, own = read_meta(s, "file_home"), read_meta(s, "file_id")
    if home == here:
        return False
    copy = False
    if home is not None and own is not None:
        old = _as_path(home)
        with contextlib.suppress(OSError):
            copy = old.is_file() and not _same_file(old, store.path) and file_id_of(old) == own
    with store.write() as s:
        write_meta(s, "file_home", here)
        if copy:
            write_meta(s, "copied_from", own or "")
            write_meta(s, "file_id", new_id())
    return copy
