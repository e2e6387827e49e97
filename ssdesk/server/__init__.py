"""Office server mode: the case file kept in one PostgreSQL database that the whole office shares.

A *location* is either a path to a ``*.ssdesk`` file (SQLite) or a database URL ``postgresql://user:pw@host/db``
(``postgresql+psycopg://…`` and ``postgres://…`` are accepted and normalised to the psycopg 3 driver). The same
models and Alembic migrations run on both; what differs is kept here and in :meth:`ssdesk.store.Store.open`:
no file lock (PostgreSQL arbitrates concurrent writers, and optimistic locking reports lost updates), no backup
before a migration (the database administrator's ``pg_dump`` is the backup), no file inspection.

``SSDESK_DB`` names the location used when none is given (the GUI's default, and ``ssdesk`` without FILE).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeGuard

ENV_DB = "SSDESK_DB"
SCHEMES = ("postgresql", "postgres")
DRIVER = "postgresql+psycopg"


def is_url(location: object) -> TypeGuard[str]:
    """True for a PostgreSQL URL (any driver spelling), False for a path."""
    if not isinstance(location, str):
        return False
    scheme = location.split("://", 1)[0].lower() if "://" in location else ""
    return scheme.split("+", 1)[0] in SCHEMES


def normalise_url(location: str) -> Any:
    """The SQLAlchemy URL for ``location`` with the psycopg 3 driver (``postgresql+psycopg``)."""
    from sqlalchemy.engine import make_url

    text = location
    if text.lower().startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://"):]
    return make_url(text).set(drivername=DRIVER)


def display_location(location: str) -> str:
    """The URL as shown to people and in titles: driver spelled plainly, the password left out."""
    from sqlalchemy.engine import URL

    url = normalise_url(location)
    shown = URL.create("postgresql", username=url.username, password=None, host=url.host, port=url.port,
                       database=url.database, query=url.query)  # (URL.set ignores password=None)
    return shown.render_as_string(hide_password=False)


def database_name(location: str) -> str:
    """The database's name (a short label, like a file's name)."""
    url = normalise_url(location)
    return url.database or url.host or "postgresql"


def default_location() -> str | Path | None:
    """``SSDESK_DB`` when set (a URL or a path), else None: the caller uses the default case file."""
    value = os.environ.get(ENV_DB, "").strip()
    if not value:
        return None
    return value if is_url(value) else Path(value).expanduser()


def qmark_to_format(sql: str) -> str:
    """``?`` placeholders (outside quoted text) → ``%s``, and a literal ``%`` → ``%%``: the core's driver-level
    SQL is written for sqlite3's paramstyle; psycopg's is ``format``."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote is not None:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


def install_qmark(engine: Any) -> None:
    """Let ``conn.exec_driver_sql("… WHERE id = ?", (x,))`` — the form the core uses for hand-written SQL — run on
    PostgreSQL too. Compiled SQLAlchemy statements (``context.compiled``) are left alone."""
    from sqlalchemy import event

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _convert(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                 executemany: bool) -> tuple[str, Any]:
        if context is not None and context.compiled is None and "?" in statement:
            statement = qmark_to_format(statement)
        return statement, parameters
