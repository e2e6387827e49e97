"""Office server mode: the case file kept in one PostgreSQL database that the whole office shares.

A *location* is either a path to a ``*.ssdesk`` file (SQLite) or a database URL ``postgresql://user:pw@host/db``
(``postgresql+psycopg://…`` and ``postgres://…`` are accepted and normalised to the psycopg 3 driver). The same
models and Alembic migrations run on both; what differs is kept here and in :mod:`ssdesk.server.opening`:
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


DEFAULT_PORT = 5432


def make_location(host: str, database: str, user: str, port: int | None = None, password: str | None = None) -> str:
    """The URL of a database from the parts a person types in a form. A host that is a folder (``/var/run/
    postgresql``) is a Unix socket: libpq takes it as the ``host`` query parameter, which a URL's host part cannot
    hold."""
    from sqlalchemy.engine import URL

    host, database, user = host.strip(), database.strip(), user.strip()
    query: dict[str, str] = {}
    url_host: str | None = host or None
    url_port = port if port and port != DEFAULT_PORT else None
    if host.startswith("/"):
        query["host"], url_host = host, None
        if url_port is not None:
            query["port"], url_port = str(url_port), None
    url = URL.create("postgresql", username=user or None, password=password or None, host=url_host, port=url_port,
                     database=database or None, query=query)
    return url.render_as_string(hide_password=False)


def location_from_form(host: str, database: str, user: str, port: int | str | None = None,
                       password: str | None = None) -> str:
    """:func:`make_location` after checking what a person typed; :class:`~ssdesk.errors.ValidationError` names every
    empty or bad field (``host``, ``port``, ``database``, ``user``) in the user's language."""
    from ssdesk.errors import FieldError, ValidationError
    from ssdesk.i18n import _

    errors: list[FieldError] = []
    if not host.strip():
        errors.append(FieldError("host", _("Type the name or address of the server (ask the office's administrator).")))
    number: int | None = None
    if port not in (None, ""):
        try:
            number = int(str(port).strip())
        except ValueError:
            number = None
        if number is None or not 0 < number < 65536:
            errors.append(FieldError("port", _("The port is a number from 1 to 65535 (usually 5432).")))
    if not database.strip():
        errors.append(FieldError("database", _("Type the name of the database.")))
    elif any(ch in database for ch in "/?#"):
        errors.append(FieldError("database", _("A database name cannot contain / ? or #.")))
    if not user.strip():
        errors.append(FieldError("user", _("Type your user name on the server.")))
    if errors:
        raise ValidationError(errors)
    return make_location(host, database, user, number, password)


def parts(location: str) -> dict[str, Any]:
    """``host``, ``port``, ``database``, ``user`` of a URL (no password): what a form shows again."""
    url = normalise_url(location)
    host = url.query.get("host") or url.host or ""
    port = url.port or url.query.get("port") or DEFAULT_PORT
    return {"host": str(host), "port": int(port), "database": url.database or "", "user": url.username or ""}


def with_password(location: str, password: str) -> str:
    """``location`` with ``password`` (typed when the server asked for one; never stored)."""
    from sqlalchemy.engine import make_url

    return make_url(location).set(password=password).render_as_string(hide_password=False)


def has_password(location: str) -> bool:
    return bool(normalise_url(location).password)


def is_password_refusal(exc: BaseException) -> bool:
    """The server (or libpq, before asking it) wants a password, or refused the one given. SQLSTATE 28P01 is
    PostgreSQL's ``invalid_password``; libpq's own "no password supplied" carries no SQLSTATE, so its text (which
    libpq does not translate unless told to) is looked at too."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) == "28P01":
        return True
    text = str(orig).lower()
    return "no password supplied" in text or "password authentication failed" in text


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
