"""The case file as a file on disk: how to tell it is ours, sound and of a version we know, before anything opens it.

Everything here reads a file without changing it (except :func:`backup_file`, which writes a new copy), so the
store's opener, the read-only opener, ``ssdesk check`` and ``ssdesk encrypt``/``decrypt`` share one inspection and
one wording of each refusal. Opening for use (locks, migrations, sessions) is :class:`ssdesk.store.Store`'s job.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from ssdesk import crypto, filehead, migrations
from ssdesk.crypto import APPLICATION_ID as APPLICATION_ID  # defined there, the lowest layer; public here
from ssdesk.crypto import SQLITE_MAGIC
from ssdesk.errors import CaseFileError, DamagedCaseFileError, NewerCaseFileError, NotACaseFileError
from ssdesk.i18n import _

EXTENSION = ".ssdesk"


def set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    """The pragmas of every writing connection (an engine ``connect`` listener): foreign keys, WAL, full sync."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(path: Path, password: crypto.Password | None = None) -> Engine:
    """The SQLAlchemy engine of a case file opened for writing, with the store's pragmas; through SQLCipher (key
    applied first, then the pragmas) when ``password`` is given."""
    if password is None:
        engine = create_engine(f"sqlite:///{path}", future=True)
    else:
        engine = create_engine(f"sqlite:///{path}", creator=lambda: crypto.connect(path, password),
                               module=crypto.require(), future=True)
    event.listen(engine, "connect", set_pragmas)
    return engine


#: A new, empty case file at the schema of the head revision (the key), as bytes: the migrations run for the first
#: new file of the process and every later one is a copy (running the twelve migrations cost ~150 ms a file: the
#: app's New, ``demo``, ``import`` into a new file, and most of the test suite's fixtures).
_fresh_images: dict[str, bytes] = {}


def fresh_image(head: str) -> bytes | None:
    """The kept image of a new case file at ``head`` (see :func:`keep_fresh_image`), None before the first."""
    return _fresh_images.get(head)


def keep_fresh_image(path: Path, head: str) -> None:
    """Keep ``path`` — a plain case file just made by the migrations, with its application id and nothing else
    written — as the image of the next new files at ``head``. Its committed pages are read through SQLite
    (a -wal included), never its bytes on disk."""
    con = sqlite3.connect(path)
    try:
        _fresh_images[head] = con.serialize()
    finally:
        con.close()


def write_fresh_image(path: Path, image: bytes) -> None:
    """Fill the new, empty file ``path`` (made by the opener, its lock held: nobody else reads it) with ``image``."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    try:
        view = memoryview(image)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def damaged(name: str, detail: object) -> DamagedCaseFileError:
    """The error for a damaged case file (or database) called ``name``, with what was found wrong."""
    return DamagedCaseFileError(_("The case file “{name}” is damaged: {detail}").format(name=name, detail=detail))


def ensure_known(name: str, revision: str | None) -> None:
    """Refuse a case file whose schema ``revision`` this ssdesk does not know: a newer ssdesk made it, and opening it
    here could lose what that version keeps. None (an empty file) is fine."""
    if revision is not None and not migrations.is_known(revision):
        raise NewerCaseFileError(
            _("“{name}” was made by a newer version of ssdesk (schema {rev}); please update ssdesk.")
            .format(name=name, rev=revision))


def inspect_file(path: Path, *, full_check: bool = True, password: crypto.Password | None = None) -> str | None:
    """Check that ``path`` is one of our case files without changing it. Returns its schema revision (None: empty).

    Always: the header, the size, the application id, the schema version, the integrity of the schema table and the
    root page of every table. ``full_check`` adds ``PRAGMA quick_check``, which reads every page of the file (about
    a second per GB): :meth:`Store.open` skips it for big files that were closed cleanly and leaves it to
    :meth:`Store.verify`. Raises the matching :class:`CaseFileError` otherwise.

    An encrypted file (:func:`ssdesk.crypto.is_encrypted`) is read with ``password``: none raises
    :class:`~ssdesk.crypto.PasswordRequiredError`, a wrong one :class:`~ssdesk.crypto.WrongPasswordError`.
    """
    size = path.stat().st_size
    if size == 0:
        return None
    header = filehead.read_head(path, 100)  # never open() an open case file (ssdesk.filehead)
    encrypted = not header.startswith(SQLITE_MAGIC)
    if encrypted and not crypto.is_encrypted(path):
        raise NotACaseFileError(_("“{name}” is not an ssdesk case file.").format(name=path.name))
    if len(header) < 100 or size % 512:
        raise DamagedCaseFileError(_("The case file “{name}” is damaged (truncated).").format(name=path.name))
    if encrypted and password is None:
        crypto.require()
        raise crypto.PasswordRequiredError(crypto.needs_password_message(path))
    try:
        # read-only: a crashed session's WAL is read (SQLite's read-only WAL support), never folded into the file
        con = (crypto.connect(path, password, readonly=True) if encrypted  # type: ignore[arg-type]
               else sqlite3.connect(crypto.ro_uri(path), uri=True))
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if app_id != APPLICATION_ID:
                if not tables and not encrypted:
                    return None
                raise NotACaseFileError(_("“{name}” is an SQLite file of another program, not an ssdesk case file.")
                                        .format(name=path.name))
            if full_check:
                check = con.execute("PRAGMA quick_check").fetchall()
            else:  # cheap: the schema b-tree, the database size against the file, one row of every table
                check = con.execute("PRAGMA quick_check(sqlite_master)").fetchall()
                pages = con.execute("PRAGMA page_count").fetchone()[0] * con.execute("PRAGMA page_size").fetchone()[0]
                if pages > size and not path.with_name(path.name + "-wal").exists():
                    raise DamagedCaseFileError(_("The case file “{name}” is damaged (truncated).")
                                               .format(name=path.name))
                for table in sorted(tables):
                    con.execute(f'SELECT * FROM "{table}" LIMIT 1').fetchall()
            if check != [("ok",)]:
                raise damaged(path.name, check[0][0])
            if "alembic_version" not in tables:
                raise DamagedCaseFileError(_("The case file “{name}” has no schema version.").format(name=path.name))
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except crypto.DB_ERRORS as exc:
        raise damaged(path.name, exc) from exc


def closed_cleanly(path: Path) -> bool:
    """False when the last session did not end normally: its lock file or a non-empty ``-wal`` was left behind."""
    from ssdesk.safety.lock import lock_path

    wal = path.with_name(path.name + "-wal")
    return not lock_path(path).exists() and not (wal.exists() and wal.stat().st_size > 0)


def backup_file(source: Path, target: Path, password: crypto.Password | None = None) -> Path:
    """Consistent copy through SQLite's online backup API (safe while another connection writes).

    With ``password`` (an encrypted source), the copy is encrypted with the same key."""
    src = crypto.connect(source, password) if password is not None else sqlite3.connect(source)
    try:
        dst = crypto.connect(target, password) if password is not None else sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(target, 0o600)
    return target


def remove_unused_sidecars(path: Path) -> None:
    """Remove the ``-wal``/``-shm`` files beside ``path`` when nothing is left in the WAL and no one uses them.

    A read-only connection to a WAL file makes them and cannot remove them; a read-write connection that finds the
    WAL empty removes both on close, and only when it is the last one (SQLite's own locks decide, so a file open
    in the app keeps them). A WAL with content (a session that did not end) is never folded in here."""
    if not path.name:  # "" or ".": no file named (the hostile command-line test found it)
        return
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size or not path.is_file():
        return
    try:
        key = crypto.find_password(path) if crypto.is_encrypted(path) else None
        con = crypto.connect(path, key) if key is not None else sqlite3.connect(path)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except crypto.DB_ERRORS:
        pass  # tidying is a courtesy: a file that cannot be opened now keeps them
    except CaseFileError:  # an encrypted file whose password this process does not know
        pass


@contextmanager
def left_as_found(path: Path | None) -> Iterator[None]:
    """Around a command on ``path``: when it had no ``-wal``/``-shm`` before, none are left after (reading commands
    open it read-only, and SQLite cannot remove them then): :func:`remove_unused_sidecars`. None: nothing to do."""
    before = path is None or not path.is_file() or any(
        path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))
    try:
        yield
    finally:
        # "" or "." names no file (with_name would raise): before is True for them, and nothing is computed
        wal = path.with_name(path.name + "-wal") if path is not None and not before else None
        if path is not None and wal is not None and wal.exists():
            remove_unused_sidecars(path)
            if wal.exists():  # a connection still held by what the command made (search hits read lazily)
                import gc

                # only then: a full collection costs 50 ms and, in a big process, seconds (the tests run
                # hundreds of commands in one process)
                gc.collect()
                remove_unused_sidecars(path)
