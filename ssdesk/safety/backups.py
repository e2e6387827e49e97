"""Backups of a case file: taken while the app writes, rotated, listed, verified and restored atomically.

Why SQLite's online backup API and not a file copy: a copy made while the app commits can mix old and new pages (and
miss what still sits in the -wal file); the backup API reads one consistent snapshot. Backups are written to a temp
name and renamed, so a half-written backup never looks finished, and they are 0600 like the case file itself.

Where: ``<user data dir>/ssdesk/backups/<file_id>/`` by default (``SSDESK_BACKUP_DIR`` or ``folder=`` override), one
subfolder per case file so that two files named ``ssdesk.ssdesk`` never mix. An ``index.json`` in the root maps each
case file's path to its id, so the backups of a file too damaged to read its id can still be found.

An encrypted case file (:mod:`ssdesk.crypto`) gives encrypted backups, with the same key: every connection here goes
through :func:`ssdesk.safety.readonly.connect_ro` / :func:`ssdesk.crypto.connect_file`, never plain ``sqlite3``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssdesk import crypto
from ssdesk.casefile import APPLICATION_ID, ensure_known
from ssdesk.errors import CaseFileError, DamagedCaseFileError, NewerCaseFileError
from ssdesk.i18n import _
from ssdesk.safety.atomic import write_bytes_atomic
from ssdesk.safety.readonly import connect_ro

if TYPE_CHECKING:
    from ssdesk.store import Store

SUFFIX = ".ssdesk"
STAMP = "%Y%m%d-%H%M%S-%f"
NAME_RE = re.compile(r"^(?P<stem>.+)_(?P<ts>\d{8}-\d{6}-\d{6})_(?P<reason>[a-z0-9-]+)\.ssdesk$")


def reason_label(reason: str) -> str:
    """Why a backup was taken, in the user's words (its code is in the file name); one home for the app's backups
    page and the command line, which printed the bare code ("manual") in a Vietnamese listing."""
    names = {"manual": _("Backed up by hand"), "auto": _("Automatic"), "open": _("On opening"),
             "close": _("On closing"), "before-restore": _("Before a restore"), "before-merge": _("Before a merge"),
             "before-restore-raw": _("Before a restore (damaged file, as it was)")}
    return names.get(reason, reason)


@dataclass(frozen=True)
class Rotation:
    """How many backups to keep: the most recent ones, then the newest of each day, ISO week and month."""

    recent: int = 10
    daily: int = 7
    weekly: int = 8
    monthly: int = 12


DEFAULT_ROTATION = Rotation()


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime  # local time, from the name (so that copied folders keep their dates)
    reason: str
    size: int
    visits: int | None = None
    recommendations: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "taken_at": self.taken_at.isoformat(timespec="seconds"),
                "reason": self.reason, "size": self.size, "visits": self.visits,
                "recommendations": self.recommendations}


# -- where -------------------------------------------------------------------------------------------------------


def backup_root() -> Path:
    env = os.environ.get("SSDESK_BACKUP_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("ssdesk", appauthor=False) / "backups"


def file_id_of(path: Path) -> str | None:
    try:
        con = connect_ro(path)
        try:
            row = con.execute("SELECT value FROM ssdesk_meta WHERE key='file_id'").fetchone()
            return str(row[0]) if row else None
        finally:
            con.close()
    except crypto.DB_ERRORS + (CaseFileError,):  # damaged, or encrypted with a password we were not given
        return None


def _index(root: Path) -> dict[str, str]:
    try:
        return dict(json.loads((root / "index.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def backup_folder(case_file: Path, folder: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding ``case_file``'s backups (``folder`` wins when given)."""
    if folder is not None:
        return Path(folder).expanduser()
    root = backup_root()
    key = str(Path(case_file).resolve())
    file_id = file_id_of(case_file) or _index(root).get(key)
    sub = root / (file_id or f"unknown-{Path(case_file).stem}")
    if file_id:
        index = _index(root)
        if index.get(key) != file_id:
            root.mkdir(parents=True, exist_ok=True)
            index[key] = file_id
            write_bytes_atomic(root / "index.json", json.dumps(index, ensure_ascii=False, indent=1).encode())
    return sub


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened on Windows; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- taking ------------------------------------------------------------------------------------------------------


def copy_database(source: Path, target: Path, password: crypto.Password | None = None) -> None:
    """Consistent, self-contained copy (rollback journal, no -wal) to a temp name, fsynced, then renamed.

    An encrypted ``source`` gives a copy encrypted with the same key (``password``, else one the process knows)."""
    key = crypto.find_password(source, password)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        src = connect_ro(source, key)
        try:
            dst = sqlite3.connect(tmp) if key is None else crypto.connect(tmp, key)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        if key is not None:
            crypto.remember(target, key)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _case_path(source: Store | str | os.PathLike[str]) -> Path:
    path = getattr(source, "path", None)
    return Path(path if path is not None else source).resolve()  # type: ignore[arg-type]


def backup_before(store: Store, reason: str) -> Path | None:
    """The backup taken before an import (or any bulk change): only when the file already holds work to lose.
    None for a database on a server (office server mode): its administrator's ``pg_dump`` is the backup."""
    if getattr(store, "is_server", False):
        return None
    if store.counts().get("visit", 0) == 0 or getattr(store, "readonly", False):
        return None
    return backup_now(store, reason=reason)


def backup_now(source: Store | str | os.PathLike[str], folder: str | os.PathLike[str] | None = None, *,
               reason: str = "manual", now: dt.datetime | None = None,
               rotation: Rotation | None = DEFAULT_ROTATION) -> Path:
    """Back up ``source`` (an open Store or a path) now; then apply ``rotation`` to the folder. Returns the file."""
    path = _case_path(source)
    if not path.is_file():
        raise CaseFileError(_("The case file “{name}” does not exist.").format(name=str(path)))
    target_dir = backup_folder(path, folder)
    target_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(target_dir, 0o700)  # the backups hold what the case file holds
    when = now or dt.datetime.now()
    tag = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    target = target_dir / f"{path.stem}_{when.strftime(STAMP)}_{tag}{SUFFIX}"
    while target.exists():  # two backups in one microsecond (fake clocks in tests)
        when += dt.timedelta(microseconds=1)
        target = target_dir / f"{path.stem}_{when.strftime(STAMP)}_{tag}{SUFFIX}"
    copy_database(path, target, getattr(source, "password", None))  # a path: found by copy_database
    clean_stale_temporaries(target_dir)
    if rotation is not None:
        rotate(target_dir, rotation, keep={target}, case_file=path)
    return target


#: A temporary backup file older than this is a killed run's leftover (a live copy is renamed within seconds).
STALE_TEMPORARY_SECONDS = 600


def clean_stale_temporaries(folder: Path, older_than: float = STALE_TEMPORARY_SECONDS) -> list[Path]:
    """Remove what killed backups left in ``folder`` (``.NAME.*.tmp`` and its journal, WAL and shared memory):
    no lock guards a backup folder, so only files older than ``older_than`` seconds, which no live copy can own."""
    import time

    removed: list[Path] = []
    now = time.time()
    for entry in folder.glob(".*.tmp*"):
        if not entry.name.endswith((".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm")):
            continue
        try:
            if entry.is_file() and not entry.is_symlink() and now - entry.stat().st_mtime > older_than:
                entry.unlink()
                removed.append(entry)
        except OSError:
            pass
    return removed


def backup_due(last_backup_at: dt.datetime | None, changes_since: int, now: dt.datetime, *,
               every: dt.timedelta = dt.timedelta(minutes=10), min_changes: int = 1) -> bool:
    """The app's "every N minutes of editing" rule: only when something changed, and not more often than ``every``."""
    if changes_since < min_changes:
        return False
    return last_backup_at is None or now - last_backup_at >= every


class AutoBackup:
    """Counts committed changes of a Store and backs it up when :func:`backup_due` says so; the GUI calls
    :meth:`tick` from a timer (and on close), the core stays free of timers."""

    def __init__(self, store: Store, *, every: dt.timedelta = dt.timedelta(minutes=10),
                 folder: str | os.PathLike[str] | None = None) -> None:
        self.store, self.every, self.folder = store, every, folder
        self.changes = 0
        self.last_backup_at: dt.datetime | None = None
        store.subscribe(self._count)

    def _count(self, _change: Any) -> None:
        self.changes += 1

    def detach(self) -> None:
        """Stop counting the store's changes (the GUI replaces this AutoBackup when the file or its settings change;
        the old one must not keep listening to a store it no longer backs up)."""
        self.store.unsubscribe(self._count)

    def tick(self, now: dt.datetime | None = None, *, reason: str = "auto") -> Path | None:
        now = now or dt.datetime.now()
        if not backup_due(self.last_backup_at, self.changes, now, every=self.every):
            return None
        path = backup_now(self.store, self.folder, reason=reason, now=now)
        self.last_backup_at, self.changes = now, 0
        return path


# -- listing and rotation ----------------------------------------------------------------------------------------


def _parse(path: Path) -> tuple[dt.datetime, str] | None:
    m = NAME_RE.match(path.name)
    if not m:
        return None
    try:
        return dt.datetime.strptime(m["ts"], STAMP), m["reason"]
    except ValueError:
        return None


def _counts(path: Path) -> tuple[int | None, int | None]:
    try:
        con = connect_ro(path)
        try:
            return (con.execute("SELECT count(*) FROM visit").fetchone()[0],
                    con.execute("SELECT count(*) FROM recommendation").fetchone()[0])
        finally:
            con.close()
    except crypto.DB_ERRORS + (CaseFileError,):
        return None, None


def list_backups(case_file: Store | str | os.PathLike[str] | None = None, folder: str | os.PathLike[str] | None
                 = None, *, counts: bool = True) -> list[BackupInfo]:
    """Backups of ``case_file`` (or every backup in ``folder``), newest first, with visit/recommendation counts.

    With ``case_file``, only its own backups, whatever folder holds them: a backup is a case file carrying its
    source's ``file_id`` (one that cannot be read — encrypted, no password — counts when it bears the file's name)."""
    own: str | None = None
    stem = ""
    if case_file is not None:
        case = _case_path(case_file)
        own, stem = file_id_of(case), case.stem
    if folder is None:
        if case_file is None:
            raise ValueError("case_file or folder is required")
        folder = backup_folder(_case_path(case_file))
    folder = Path(folder)
    out: list[BackupInfo] = []
    if not folder.is_dir():
        return out
    for path in folder.iterdir():
        parsed = _parse(path)
        if parsed is None or not path.is_file():
            continue
        if own is not None and not _belongs(path, own, stem):
            continue
        visits, recs = _counts(path) if counts else (None, None)
        out.append(BackupInfo(path, parsed[0], parsed[1], path.stat().st_size, visits, recs))
    out.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return out


def _belongs(backup: Path, file_id: str, stem: str) -> bool:
    """Whether ``backup`` is one of the case file ``file_id``'s backups (see :func:`list_backups`)."""
    found = file_id_of(backup)
    if found is not None:
        return found == file_id
    match = NAME_RE.match(backup.name)
    return match is not None and match["stem"] == stem


def to_keep(times: list[dt.datetime], policy: Rotation) -> set[int]:
    """Indexes (into ``times``, any order) of the backups the policy keeps. Pure, for tests with fake times."""
    order = sorted(range(len(times)), key=lambda i: times[i], reverse=True)
    keep = set(order[: policy.recent])
    buckets: list[tuple[int, Any]] = [
        (policy.daily, lambda t: t.date()),
        (policy.weekly, lambda t: t.isocalendar()[:2]),
        (policy.monthly, lambda t: (t.year, t.month)),
    ]
    for limit, key in buckets:
        seen: list[Any] = []
        for i in order:  # newest first: the first one met in a bucket is that bucket's newest
            k = key(times[i])
            if k in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(k)
            keep.add(i)
    return keep


def rotate(folder: str | os.PathLike[str], policy: Rotation = DEFAULT_ROTATION, *,
           keep: set[Path] | None = None, case_file: str | os.PathLike[str] | None = None) -> list[Path]:
    """Delete the backups in ``folder`` that ``policy`` does not keep; returns what was deleted. With ``case_file``,
    only among that file's own backups: a folder shared by several files never loses one file's backups to
    another's rotation."""
    backups = list_backups(case_file, folder=folder, counts=False)
    kept = to_keep([b.taken_at for b in backups], policy)
    deleted = []
    for i, info in enumerate(backups):
        if i not in kept and info.path not in (keep or set()):
            info.path.unlink(missing_ok=True)
            deleted.append(info.path)
    return deleted


# -- checking and restoring --------------------------------------------------------------------------------------


def verify_case_file(path: str | os.PathLike[str], password: crypto.Password | None = None) -> str | None:
    """None when ``path`` is a sound case file (read without changing it); else why not, in one line.

    What :func:`restore` trusts before a backup replaces a case file: the application id, ``quick_check``, no
    dangling reference, a schema version this ssdesk knows (not newer), and — encrypted — a password that opens it.

    An encrypted file is read with ``password`` or one the process knows; without one, that is the answer."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            if not fh.read(16).startswith(b"SQLite format 3") and not crypto.is_encrypted(path):
                return _("“{name}” is not an ssdesk case file.").format(name=path.name)
        try:
            con = connect_ro(path, password)
        except CaseFileError as exc:  # encrypted: no password, a wrong one, or no SQLCipher
            return str(exc)
        try:
            if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return _("“{name}” is not an ssdesk case file.").format(name=path.name)
            check = con.execute("PRAGMA quick_check").fetchall()  # integrity_check's page checks, at backup-list speed
            if check != [("ok",)]:
                return _("The case file “{name}” is damaged: {detail}").format(name=path.name, detail=check[0][0])
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None:
                return _("The case file “{name}” has no schema version.").format(name=path.name)
            try:  # a file of a newer ssdesk (or a crafted schema 9999) would leave the case unusable once restored
                ensure_known(path.name, str(row[0]))
            except NewerCaseFileError as exc:
                return str(exc)
            if con.execute("PRAGMA foreign_key_check").fetchone() is not None:
                return _("The case file “{name}” is damaged: {detail}").format(
                    name=path.name, detail=_("rows point at records that do not exist"))
        finally:
            con.close()
    except (OSError,) + crypto.DB_ERRORS as exc:
        return _("The case file “{name}” is damaged: {detail}").format(name=path.name, detail=exc)
    return None


def newest_good_backup(case_file: str | os.PathLike[str], folder: str | os.PathLike[str] | None = None
                       ) -> BackupInfo | None:
    """What to offer when ``case_file`` is damaged: the newest of its backups that passes the check."""
    for info in list_backups(Path(case_file).resolve(), folder):
        if verify_case_file(info.path) is None:
            return info
    return None


def restore(backup: str | os.PathLike[str], target: str | os.PathLike[str], folder: str | os.PathLike[str] | None
            = None) -> Path | None:
    """Replace ``target`` by ``backup`` after checking it; the current target is backed up first (returned).

    Atomic: the backup is copied beside the target, fsynced, stale -wal/-shm removed, then ``os.replace``d. Refused
    while another process edits the target (its lock)."""
    from ssdesk.safety.lock import FileLock

    backup, target = Path(backup).resolve(), Path(target).resolve()
    problem = verify_case_file(backup)
    if problem:
        raise DamagedCaseFileError(problem)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock.acquire(target)
    try:
        kept: Path | None = None
        if target.exists():
            dest = backup_folder(target, folder)
            try:
                kept = backup_now(target, dest, reason="before-restore", rotation=None)
            except crypto.DB_ERRORS + (CaseFileError,):  # too damaged for SQLite (or no key): keep its bytes
                dest.mkdir(parents=True, exist_ok=True)
                kept = dest / f"{target.stem}_{dt.datetime.now().strftime(STAMP)}_before-restore-raw{SUFFIX}"
                shutil.copyfile(target, kept)
                os.chmod(kept, 0o600)
        tmp = target.with_name(f".{target.name}.restore")
        copy_database(backup, tmp)
        for extra in ("-wal", "-shm", "-journal"):
            Path(str(target) + extra).unlink(missing_ok=True)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        return kept
    finally:
        lock.release()
