"""One writer at a time: a small JSON lock file beside the case file (``NAME.ssdesk.lock``).

Why a lock file and not only SQLite's own locking: SQLite serialises transactions, not editing sessions. Two
secretaries editing one file on a shared folder would each see the other's changes appear under their cursor, and on
network shares SQLite's byte-range locks are unreliable. The lock file also says *who* holds the file, so the second
user gets a useful message ("Nguyễn Văn A on PC-VANPHONG since 08:15") instead of "database is locked".

Protocol:
- take: ``os.open(O_CREAT | O_EXCL)`` — atomic on local disks and SMB alike; the JSON is written and fsynced.
- held by a live process (same host: its pid is alive; other host: its heartbeat is younger than ``STALE_AFTER``):
  :class:`CaseFileLockedError` naming the holder.
- stale (dead pid here, or an old heartbeat): taken over under a second O_EXCL "takeover" file, so two processes
  cannot both take over; the new content is written to a temp file and ``os.replace``d, then read back to check.
- a heartbeat thread rewrites ``heartbeat`` every ``HEARTBEAT_EVERY`` so that other hosts can tell we are alive.
- released on :meth:`FileLock.release` (``Store.close``) and at interpreter exit; a SIGKILL leaves a stale lock,
  which the next open detects by the dead pid.
Within one process the lock is re-entrant (counted): the app may open a second Store on the same file (a preview, a
CLI call in a test) without locking itself out.
"""

from __future__ import annotations

import atexit
import datetime as dt
import getpass
import json
import os
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ssdesk import __version__
from ssdesk.errors import CaseFileError, CaseFileLockedError
from ssdesk.i18n import _
from ssdesk.safety.atomic import write_bytes_atomic

STALE_AFTER = dt.timedelta(minutes=5)  # a lock from another host whose heartbeat is older is taken over
HEARTBEAT_EVERY = 60.0  # seconds
TAKEOVER_STALE = 30.0  # seconds after which a leftover takeover file (a crash mid-takeover) is ignored


def lock_path(case_file: Path) -> Path:
    return case_file.with_name(case_file.name + ".lock")


class ReadOnlyLocationError(CaseFileError):
    """The case file (or its folder) cannot be written here: it can be opened read-only. Not damage, not a lock."""


class LinkedCaseFileError(CaseFileError):
    """The case file has more than one name (hard links): refused for writing, SQLite cannot protect it then."""


def identity(path: Path) -> tuple[int, int] | None:
    """The file's identity on disk (device, inode), the same whatever name or link leads to it; None if missing."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def check_writable(case_file: Path) -> None:
    """Refuse, with the reason, to open ``case_file`` for writing where that cannot work or cannot be safe.

    Several names (hard links): two programs writing through two names each keep their own lock file and their own
    ``-wal``, and SQLite cannot keep them apart — 43 of 50 follow-ups survived such a test and the index broke. A
    read-only folder or file: said as such (open read-only), not reported as a damaged file."""
    try:
        st = os.stat(case_file)
    except FileNotFoundError:
        st = None
    if st is not None and st.st_nlink > 1:
        raise LinkedCaseFileError(_(
            "“{name}” has {n} names on this disk (hard links). Two programs could then edit it under two names at "
            "once, which can damage it: copy it to a new file and open the copy, or remove its other names."
        ).format(name=case_file.name, n=st.st_nlink))
    folder = case_file.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        raise ReadOnlyLocationError(_(
            "The folder “{folder}” is read-only: “{name}” can be opened read-only only (to read and print). Copy "
            "it to a folder you can write to for editing.").format(folder=str(folder), name=case_file.name))
    if st is not None and not os.access(case_file, os.W_OK):
        raise ReadOnlyLocationError(_(
            "“{name}” is a read-only file: it can be opened read-only only (to read and print).").format(
            name=case_file.name))


def clean_leftovers(case_file: Path) -> list[Path]:
    """Remove what a killed run left beside ``case_file``: temporary copies of encrypt/decrypt, restore and atomic
    writes (``.NAME.*.tmp``, ``.NAME.restore``) and their rollback journals. Called with the lock held, so no live
    ssdesk can be writing them. A killed decrypt's copy is plaintext beside an encrypted file: it must not stay."""
    removed: list[Path] = []
    prefix = f".{case_file.name}."
    try:
        entries = list(case_file.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix):
            continue
        rest = name[len(prefix):]
        if rest.endswith((".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm")) or rest in (
                "restore", "restore-journal", "restore-wal", "restore-shm"):
            try:
                if entry.is_file() and not entry.is_symlink():
                    entry.unlink()
                    removed.append(entry)
            except OSError:
                pass
    return removed


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return "unknown"


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` runs on this computer (POSIX signal 0; Windows OpenProcess)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class LockInfo:
    """What the lock file says about its holder."""

    user: str
    host: str
    pid: int
    since: str  # ISO UTC
    heartbeat: str  # ISO UTC
    app_version: str
    token: str

    @classmethod
    def mine(cls) -> LockInfo:
        now = _now().isoformat()
        return cls(user=_user(), host=socket.gethostname(), pid=os.getpid(), since=now, heartbeat=now,
                   app_version=__version__, token=uuid.uuid4().hex)

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1).encode("utf-8")

    def is_stale(self, now: dt.datetime | None = None, stale_after: dt.timedelta = STALE_AFTER) -> bool:
        """Same host: the holder's pid is gone. Other host: no heartbeat within ``stale_after``."""
        if self.host == socket.gethostname():
            return self.pid != os.getpid() and not pid_alive(self.pid)
        try:
            beat = dt.datetime.fromisoformat(self.heartbeat)
        except ValueError:
            return True
        return (now or _now()) - beat > stale_after

    def describe(self) -> str:
        try:
            since = dt.datetime.fromisoformat(self.since).astimezone().strftime("%H:%M %d/%m/%Y")
        except ValueError:
            since = self.since
        return _("{user} on computer {host} (since {since})").format(user=self.user, host=self.host, since=since)


def read_lock(path: Path) -> LockInfo | None:
    """The lock's holder; None when there is no lock file. A garbled file reads as a stale holder."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data: dict[str, Any] = json.loads(raw.decode("utf-8"))
        return LockInfo(user=str(data["user"]), host=str(data["host"]), pid=int(data["pid"]), since=str(data["since"]),
                        heartbeat=str(data.get("heartbeat", data["since"])),
                        app_version=str(data.get("app_version", "?")), token=str(data.get("token", "")))
    except (ValueError, KeyError, TypeError):
        # half-written by a process killed mid-write; stale once it is a little old, else someone is writing it now
        age = time.time() - path.stat().st_mtime
        return LockInfo("?", socket.gethostname(), -1 if age > 2 else os.getpid(), "", "", "?", "")


class FileLock:
    """A held lock on one case file (see the module docstring for the protocol)."""

    _held: dict[tuple[int, int] | Path, FileLock] = {}
    _guard = threading.Lock()

    def __init__(self, case_file: Path, info: LockInfo) -> None:
        self.case_file = case_file
        self.keys: list[tuple[int, int] | Path] = [case_file]  # its name, and its identity (acquire)
        self.path = lock_path(case_file)
        self.info = info
        self.count = 1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"ssdesk-lock-{case_file.name}", daemon=True)
        self._thread.start()

    # -- taking --------------------------------------------------------------------------------------------------

    @classmethod
    def acquire(cls, case_file: Path, *, stale_after: dt.timedelta = STALE_AFTER) -> FileLock:
        """Take (or, in this process, share) the lock of ``case_file``; the file is known by its identity (device,
        inode), so a second name of it in this process finds the same lock. Refuses a file with several names, and
        says so for a read-only folder (:func:`check_writable`). Leftovers of killed runs are cleaned once held."""
        case_file = Path(case_file).resolve()
        check_writable(case_file)
        with cls._guard:
            ident = identity(case_file)
            held = cls._held.get(ident) if ident is not None else None
            held = held or cls._held.get(case_file)  # a file made after its lock was taken: known by name
            if held is not None and held.owned():
                held.count += 1
                return held
            try:
                lock = cls._take(case_file, stale_after)
            except PermissionError as exc:  # a folder read-only for us that access() did not report (a share)
                raise ReadOnlyLocationError(_(
                    "The folder “{folder}” is read-only: “{name}” can be opened read-only only (to read and print)."
                ).format(folder=str(case_file.parent), name=case_file.name)) from exc
            except OSError as exc:
                if exc.errno == 30:  # EROFS: a read-only disk or mount
                    raise ReadOnlyLocationError(_(
                        "The folder “{folder}” is read-only: “{name}” can be opened read-only only (to read and "
                        "print).").format(folder=str(case_file.parent), name=case_file.name)) from exc
                raise
            lock.keys = [case_file] if ident is None else [case_file, ident]
            for key in lock.keys:
                cls._held[key] = lock
            clean_leftovers(case_file)
            return lock

    @classmethod
    def _take(cls, case_file: Path, stale_after: dt.timedelta) -> FileLock:
        path = lock_path(case_file)
        info = LockInfo.mine()
        for _attempt in range(40):  # a takeover in progress elsewhere ends within a few tries
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                holder = read_lock(path)
                if holder is None:
                    continue  # released between our two calls: try again
                if not holder.is_stale(stale_after=stale_after):
                    raise CaseFileLockedError(locked_message(case_file, holder)) from None
                if cls._take_over(path, holder, info, stale_after):
                    return cls(case_file, info)
                continue
            try:
                os.write(fd, info.as_json())
                os.fsync(fd)
            finally:
                os.close(fd)
            return cls(case_file, info)
        holder = read_lock(path)
        if holder is not None and holder.is_stale(stale_after=stale_after):  # never "open for editing" by the dead
            raise CaseFileLockedError(_(
                "The case file “{name}” was left locked by a program that ended ({holder}); taking the lock over did "
                "not succeed yet. Try again in a moment.").format(name=case_file.name, holder=holder.describe()))
        raise CaseFileLockedError(locked_message(case_file, holder or info))

    @staticmethod
    def _take_over(path: Path, stale: LockInfo, info: LockInfo, stale_after: dt.timedelta) -> bool:
        """Replace a stale lock, serialised by an O_EXCL takeover file so that two takers cannot both win."""
        guard = path.with_name(path.name + ".takeover")
        try:
            fd = os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            try:
                if time.time() - guard.stat().st_mtime > TAKEOVER_STALE or _taker_dead(guard):
                    guard.unlink(missing_ok=True)  # left by a taker that crashed; the next attempt may proceed
            except FileNotFoundError:
                pass
            time.sleep(0.05)
            return False
        try:
            os.write(fd, json.dumps({"host": socket.gethostname(), "pid": os.getpid()}).encode())
        finally:
            os.close(fd)
        try:
            current = read_lock(path)  # re-check under the guard: it may have been released or retaken meanwhile
            if current is not None and current.token != stale.token:
                return False
            if current is not None and not current.is_stale(stale_after=stale_after):
                return False
            write_bytes_atomic(path, info.as_json())
            return (read_lock(path) or stale).token == info.token
        finally:
            guard.unlink(missing_ok=True)

    # -- holding -------------------------------------------------------------------------------------------------

    def owned(self) -> bool:
        current = read_lock(self.path)
        return current is not None and current.token == self.info.token

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_EVERY):
            self.heartbeat()

    def heartbeat(self) -> None:
        """Refresh the heartbeat so other computers see us alive; stops quietly if the lock is no longer ours."""
        if not self.owned():
            self._stop.set()
            return
        self.info = LockInfo(**{**self.info.__dict__, "heartbeat": _now().isoformat()})
        try:
            write_bytes_atomic(self.path, self.info.as_json())
        except OSError:
            pass  # a share that went away for a moment; the next beat retries

    def release(self) -> None:
        """Drop one hold; the file goes when the last Store on it closes, and only if it is still ours."""
        with FileLock._guard:
            self.count -= 1
            if self.count > 0:
                return
            self._stop.set()
            for key in self.keys:
                FileLock._held.pop(key, None)
            if self.owned():
                self.path.unlink(missing_ok=True)

    @classmethod
    def release_all(cls) -> None:
        for lock in list({id(lock): lock for lock in cls._held.values()}.values()):  # each once (name, identity)
            lock.count = 1
            lock.release()


def _taker_dead(guard: Path) -> bool:
    """True when the takeover file was left by a process of this computer that is no longer running."""
    try:
        data = json.loads(guard.read_text(encoding="utf-8"))
        return bool(data["host"] == socket.gethostname() and not pid_alive(int(data["pid"])))
    except (OSError, ValueError, KeyError, TypeError):  # empty or half-written: only its age tells
        return False


def locked_message(case_file: Path, holder: LockInfo) -> str:
    return _("The case file “{name}” is open for editing by {holder}. Open it read-only, or ask them to close it."
             ).format(name=case_file.name, holder=holder.describe())


atexit.register(FileLock.release_all)
