"""Opening a case file read-only: to look at a file someone else is editing, or a backup, without any risk to it.

SQLite's ``mode=ro`` URI makes the connection itself unable to write (not only our code), and ``query_only`` guards
against a stray statement; :meth:`Store.write` refuses early with a clear message. No lock is taken: readers never
disturb the writer, WAL gives them a consistent snapshot per transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from ssdesk import casefile, crypto, migrations
from ssdesk.errors import CaseFileError
from ssdesk.i18n import _


def ro_uri(path: Path) -> str:
    return crypto.ro_uri(path)  # one place: any file name, a read-only folder


def connect_ro(path: Path, password: Any = None) -> sqlite3.Connection:
    """A connection that cannot write to ``path``: plain sqlite3, or SQLCipher for an encrypted file (with
    ``password``, else a password the process knows: :func:`ssdesk.crypto.find_password`)."""
    if not crypto.is_encrypted(path):
        return sqlite3.connect(ro_uri(path), uri=True, check_same_thread=False)
    return crypto.connect_file(path, readonly=True, password=password)


def _ro_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def readonly_engine(path: Path, password: Any = None) -> Engine:
    """The engine of a case file opened for reading only, after the file was checked: it must be ours, sound, and
    at this ssdesk's schema (a read-only file cannot be migrated; an older one must be opened for editing once)."""
    revision = casefile.inspect_file(path, password=password)
    if revision is None:
        raise CaseFileError(_("The case file “{name}” is empty.").format(name=path.name))
    casefile.ensure_known(path.name, revision)
    if revision != migrations.head_revision():
        raise CaseFileError(_("“{name}” must be opened for editing once to bring it up to date.")
                            .format(name=path.name))
    extra = {"module": crypto.require()} if password is not None else {}
    engine = create_engine("sqlite://", creator=lambda: connect_ro(path, password), future=True, **extra)
    event.listen(engine, "connect", _ro_pragmas)
    return engine
