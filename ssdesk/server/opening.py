"""Opening the case file kept in a PostgreSQL database: connect, check that it is ours, set it up or migrate it.

What differs from a file (:meth:`ssdesk.store.Store.open`): no file lock (the server arbitrates; optimistic locking
reports lost updates, :class:`~ssdesk.errors.ConflictError`), no file checks, no backup before a migration (the
administrator's ``pg_dump`` is the backup). A database that holds other tables is refused, untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session

from ssdesk import casefile, migrations, server
from ssdesk.errors import CaseFileError, DamagedCaseFileError, NotACaseFileError, ServerPasswordError
from ssdesk.i18n import _
from ssdesk.models import Meta, new_id, utcnow


@dataclass(frozen=True)
class ServerDatabase:
    """A server database ready for a :class:`~ssdesk.store.Store`: its engine, where it is (for people, without the
    password) and the revision it was migrated from (None: it was at head, or new)."""

    engine: Engine
    location: str
    migrated_from: str | None


def _without_jit(dbapi_connection: Any, _record: Any) -> None:
    """Each new connection runs without JIT. PostgreSQL compiles a statement whose estimated cost passes 100,000,
    and the policies' subplans make the search's ranking look that dear: it runs in ~25 ms and the compiling added
    ~25 more (issue 18). An interactive app's short statements never repay it. A SET of the session, not the
    ``options`` of the connection, which would replace what the URL or PGOPTIONS give."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        dbapi_connection.execute("SET jit = off")
    finally:
        dbapi_connection.autocommit = autocommit


def open_database(url_text: str, *, create: bool, readonly: bool) -> ServerDatabase:
    """Connect to the database at ``url_text``; an empty database becomes a case file when ``create`` (and not
    ``readonly``). Raises :class:`ServerPasswordError` when the server wants a (different) password, and a
    :class:`CaseFileError` naming the database for everything else."""
    from sqlalchemy.exc import DBAPIError

    where = server.display_location(url_text)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise CaseFileError(_("Opening the database “{name}” needs the PostgreSQL driver: install "
                              "ssdesk[server] (psycopg).").format(name=where)) from None
    engine = create_engine(server.normalise_url(url_text), future=True, pool_pre_ping=True)
    server.install_qmark(engine)
    event.listen(engine, "connect", _without_jit, insert=True)
    try:
        try:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
                revision = migrations.current_revision(conn) if "alembic_version" in tables else None
        except DBAPIError as exc:
            if server.is_password_refusal(exc):
                if server.has_password(url_text):
                    raise ServerPasswordError(_("The server refused the password for “{name}”.")
                                              .format(name=where), wrong=True) from None
                raise ServerPasswordError(_("The server asks for a password to open “{name}” (type it, or set "
                                            "PGPASSWORD).").format(name=where), wrong=False) from None
            raise CaseFileError(_("Cannot connect to the database “{name}”: {detail}")
                                .format(name=where, detail=str(exc.orig).strip().splitlines()[0]
                                        if str(exc.orig).strip() else exc)) from None
        if tables and "ssdesk_meta" not in tables:
            raise NotACaseFileError(_("The database “{name}” is not empty and holds no ssdesk case file; use an "
                                      "empty database.").format(name=where))
        if tables and revision is None:
            raise DamagedCaseFileError(_("The case file “{name}” has no schema version.").format(name=where))
        casefile.ensure_known(where, revision)
        if not tables and (not create or readonly):
            raise CaseFileError(_("The database “{name}” holds no case file yet.").format(name=where))
        from ssdesk.server import access

        head = migrations.head_revision()
        if revision != head:
            if readonly:
                raise CaseFileError(_("The case file “{name}” must first be opened for writing once, to bring "
                                      "it to this version of ssdesk.").format(name=where))
            migrations.upgrade(engine)  # serialised between users by an advisory lock
            with engine.begin() as conn:  # a table the migration added gets its GRANTs and row-level security
                migrations.server_lock(conn)  # one user at a time (GRANTs at once: "tuple concurrently updated")
                if access.installed(conn) and access.can_install(conn):
                    access.install(conn)
        if not readonly:
            with engine.begin() as conn:
                migrations.server_lock(conn)
                if access.outdated(conn) and access.can_install(conn):  # rules changed since they were set up
                    access.install(conn)
                with Session(bind=conn) as s:
                    if s.get(Meta, "file_id") is None:
                        s.add_all([Meta(key="file_id", value=new_id()),
                                   Meta(key="created_at", value=utcnow().isoformat(timespec="seconds"))])
                        s.flush()
    except Exception:
        engine.dispose()
        raise
    return ServerDatabase(engine, where, revision if revision is not None and revision != head else None)
