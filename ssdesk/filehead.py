"""The first bytes of a case file, read without taking SQLite's locks away from this process's own connections.

Why this exists: SQLite locks a file with POSIX advisory locks, and POSIX drops *every* lock a process holds on a
file the moment *any* descriptor of that file is closed in the process. A plain ``open(path).read(16)`` of an open
case file — to tell an encrypted file from a plain one, to find its salt, from a background job listing the backups
— left the app's connections without their shared lock. The next program that opened the file (the ``sqlite3``
shell, DB Browser, a second ssdesk) found nobody else there, checkpointed and deleted the ``-wal`` as it closed, and
every change the app saved after that went into the deleted file: the status bar said "saved", and the work was gone
at the next start. SQLite defers such closes for its own connections; code outside SQLite must do the same.

So a :class:`~ssdesk.store.Store` *holds* its file (:func:`hold`, before its first connection; :func:`release`
after its last one is closed): one descriptor, opened then and closed only then. Every read of a case file's head
goes through :func:`read_head`, which reads a held file through that descriptor (never opening and closing another)
and any other file plainly.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

Identity = tuple[int, int]  # (device, inode): the file itself, whatever its name now

#: Only POSIX advisory locks are dropped by closing another descriptor. Windows locks files otherwise (SQLite uses
#: LockFileEx there), and a descriptor held open would keep the file from being replaced (a backup restored).
POSIX_LOCKS = os.name != "nt"
_NOTHING_HELD: Identity = (-1, -1)

_lock = threading.Lock()
_held: dict[Identity, tuple[int, int]] = {}  # → (descriptor, number of holders)


def _identity(path: str | os.PathLike[str]) -> Identity:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def read_head(path: str | os.PathLike[str], n: int = 100) -> bytes:
    """The first ``n`` bytes of ``path`` as they are now. A file this process holds is read through the held
    descriptor, so no descriptor of it is opened and closed here. Raises ``OSError`` as ``open`` would."""
    key = _identity(path)
    with _lock:
        held = _held.get(key)
        if held is not None:  # lseek + read under the lock: os.pread is not on every system
            os.lseek(held[0], 0, os.SEEK_SET)
            return os.read(held[0], n)
    with open(path, "rb") as fh:
        return fh.read(n)


def hold(path: Path) -> Identity:
    """``path`` is opened through SQLite by this process: keep a descriptor of it open until :func:`release` (a
    second holder of the same file shares the first one's). Opening a descriptor never drops a lock — only closing
    one does — so a hold may be taken before or after the connections. Returns what :func:`release` takes: the file
    as it is now, so that a file renamed or replaced meanwhile is still released."""
    if not POSIX_LOCKS:
        return _NOTHING_HELD
    key = _identity(path)
    with _lock:
        held = _held.get(key)
        if held is None:
            _held[key] = (os.open(path, os.O_RDONLY), 1)
        else:
            _held[key] = (held[0], held[1] + 1)
    return key


def release(key: Identity) -> None:
    """The connections the :func:`hold` that returned ``key`` covered are all closed: the last holder closes the
    descriptor (now nothing of SQLite's can be lost by it)."""
    with _lock:
        held = _held.pop(key, None)
        if held is not None and held[1] > 1:
            _held[key] = (held[0], held[1] - 1)
        elif held is not None:
            os.close(held[0])


def held(path: str | os.PathLike[str]) -> bool:
    """Whether this process holds ``path`` (for the tests)."""
    try:
        key = _identity(path)
    except OSError:
        return False
    with _lock:
        return key in _held


__all__ = ["Identity", "held", "hold", "read_head", "release"]
