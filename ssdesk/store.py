"""The case file: one SQLite file opened through one :class:`Store` that the GUI, the CLI and the tests share.

Opening is careful because the file is the office's memory: a file that is not a case file, was made by a newer
ssdesk, or is damaged gets a clear error and is not touched; an older one is copied to a backup beside it before it
is migrated. Every write runs in :meth:`Store.write`, one transaction, audited, and announced to listeners afterwards.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ssdesk import crypto, migrations
from ssdesk.audit import install_audit
from ssdesk.errors import (
    CaseFileError,
    ConflictError,
    DamagedCaseFileError,
    NewerCaseFileError,
    NotACaseFileError,
    ServerPasswordError,
)
from ssdesk.i18n import _
from ssdesk.identity import Identity
from ssdesk.models import Base, Meta, new_id, utcnow

#: ``PRAGMA application_id`` of every case file: "SSDK". Lets us tell our files from any other SQLite file.
APPLICATION_ID = 0x5353444B
SQLITE_MAGIC = b"SQLite format 3\x00"
EXTENSION = ".ssdesk"


@dataclass(frozen=True)
class Change:
    """What one committed transaction changed: entity (table) name → ids."""

    inserted: dict[str, set[str]] = field(default_factory=dict)
    updated: dict[str, set[str]] = field(default_factory=dict)
    deleted: dict[str, set[str]] = field(default_factory=dict)

    @property
    def entities(self) -> set[str]:
        return set(self.inserted) | set(self.updated) | set(self.deleted)


Listener = Callable[[Change], None]


def default_user() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some service environments
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def default_case_file() -> Path:
    """The case file used when none is named: in the user data directory, created on first start."""
    from platformdirs import user_data_path

    return user_data_path("ssdesk", appauthor=False, ensure_exists=True) / f"ssdesk{EXTENSION}"


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


#: Files up to this size get the full ``PRAGMA quick_check`` before they open (well under a second); a bigger file
#: opens after the cheap checks and is verified in the background (:meth:`Store.verify`), unless its last session
#: did not close cleanly. 64 MB is about 4,000 recommendations with their sessions.
QUICK_CHECK_MAX_BYTES = 64 * 2**20
VERIFY_MODES = ("auto", "full", "defer")


def _damaged(path: Path, detail: object) -> DamagedCaseFileError:
    return DamagedCaseFileError(_("The case file “{name}” is damaged: {detail}").format(name=path.name, detail=detail))


def _inspect_file(path: Path, *, full_check: bool = True, password: crypto.Password | None = None) -> str | None:
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
    with open(path, "rb") as fh:
        header = fh.read(100)
    encrypted = not header.startswith(SQLITE_MAGIC)
    if encrypted and not crypto.is_encrypted(path):
        raise NotACaseFileError(_("“{name}” is not an ssdesk case file.").format(name=path.name))
    if len(header) < 100 or size % 512:
        raise DamagedCaseFileError(_("The case file “{name}” is damaged (truncated).").format(name=path.name))
    if encrypted and password is None:
        crypto._require()
        raise crypto.PasswordRequiredError(crypto.needs_password_message(path))
    try:
        # not read-only: a crashed session's WAL must be recovered to be read
        con = crypto.connect(path, password) if encrypted else sqlite3.connect(path)  # type: ignore[arg-type]
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
                raise _damaged(path, check[0][0])
            if "alembic_version" not in tables:
                raise DamagedCaseFileError(_("The case file “{name}” has no schema version.").format(name=path.name))
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except crypto.DB_ERRORS as exc:
        raise _damaged(path, exc) from exc


def _closed_cleanly(path: Path) -> bool:
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


def _is_operational(exc: BaseException) -> bool:
    return type(exc).__name__ == "OperationalError"


def make_engine(path: Path, password: crypto.Password | None = None) -> Engine:
    """The SQLAlchemy engine of a case file opened for writing, with the store's pragmas; through SQLCipher (key
    applied first, then the pragmas) when ``password`` is given."""
    if password is None:
        engine = create_engine(f"sqlite:///{path}", future=True)
    else:
        engine = create_engine(f"sqlite:///{path}", creator=lambda: crypto.connect(path, password),
                               module=crypto._require(), future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


class Store:
    """An open case file. Thread-safety: one Store may be shared; each :meth:`read`/:meth:`write` uses its own session.

    Services hang off it, as in Anki's ``Collection``: ``store.catalog``, ``store.visits``, ``store.recommendations``.
    """

    def __init__(self, path: Path | None, engine: Engine, *, user: str, migrated_from: str | None,
                 backup_path: Path | None, location: str | None = None) -> None:
        #: The case file; None for a database on a server (:attr:`is_server`), which has no file: use
        #: :attr:`location` / :attr:`name` to show where the data is.
        self.path = path
        #: Where the case file is, for people: the file's full path, or the server URL without its password.
        self.location = location if location is not None else str(path)
        self.engine = engine
        self.user = user
        #: The person at the keyboard (name and title the app asked for, and the login): what follow-up steps and
        #: the audit log record; the app sets it from its settings after opening (ssdesk never asks anyone).
        self.identity = Identity(login=user)
        self.migrated_from = migrated_from
        self.backup_path = backup_path
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._listeners: list[Listener] = []
        self._local = threading.local()  # the write session open in this thread, if any
        install_audit(self._sessions, self)

        from ssdesk.services.catalog import CatalogService
        from ssdesk.services.recommendations import RecommendationService
        from ssdesk.services.visits import VisitService

        self.catalog = CatalogService(self)
        self.visits = VisitService(self)
        self.recommendations = RecommendationService(self)
        from ssdesk.followup import FollowupService
        self.followup = FollowupService(self)
        from ssdesk.search.service import SearchService  # installs the search-index hook
        self.search = SearchService(self)

    @property
    def is_server(self) -> bool:
        """True for a case file kept in a PostgreSQL database (office server mode, :mod:`ssdesk.server`)."""
        return self.path is None

    @property
    def name(self) -> str:
        """A short name for titles and messages: the file's name, or the database's name."""
        if self.path is not None:
            return self.path.name
        from ssdesk import server

        return server.database_name(self.location)

    # -- opening -------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True, user: str | None = None,
             readonly: bool = False, verify: str = "auto", password: crypto.Password | None = None) -> Store:
        """Open (and, if ``create``, make) the case file at ``path``, migrating an older one after a backup.

        Takes the file's lock (``ssdesk.safety.lock``): a file another live process is editing raises
        :class:`CaseFileLockedError`; ``readonly=True`` opens it without the lock, and writes are then refused.

        ``verify`` says when the whole file is read for damage (``PRAGMA quick_check``) before it opens: ``"full"``
        always; ``"auto"`` (default) when it is at most :data:`QUICK_CHECK_MAX_BYTES` or its last session did not
        close cleanly; ``"defer"`` never. Otherwise ``store.verified`` is False and the caller runs
        :meth:`verify` (the GUI does, in the background, once the first page is shown).

        ``password`` (optional; needs ``ssdesk[encryption]``) opens an encrypted file, and makes a new file
        encrypted. None: the password the process was given for this file, else ``SSDESK_PASSWORD`` /
        ``SSDESK_PASSWORD_FILE``, is used for an encrypted file; a new file is then created encrypted only when
        ``password`` is given. A plain existing file stays plain whatever the password (``ssdesk encrypt`` converts
        it). Wrong password: :class:`~ssdesk.crypto.WrongPasswordError`; none: :class:`~ssdesk.crypto.
        PasswordRequiredError`; the file is not touched either way.

        ``path`` may also be a PostgreSQL URL (``postgresql://user:password@host/database``, needs
        ``ssdesk[server]``): see :meth:`_open_server`."""
        if verify not in VERIFY_MODES:
            raise ValueError(f"verify must be one of {VERIFY_MODES}, not {verify!r}")
        from ssdesk import server

        if server.is_url(path):
            return cls._open_server(str(path), create=create, user=user, readonly=readonly)
        path = Path(path).expanduser().resolve()
        if path.is_dir():
            raise CaseFileError(_("“{name}” is a folder, not a case file.").format(name=str(path)))
        exists = path.exists()
        if not exists and (not create or readonly):
            raise CaseFileError(_("The case file “{name}” does not exist.").format(name=str(path)))
        if exists and path.stat().st_size and crypto.is_encrypted(path):
            password = crypto.find_password(path, password)  # checks the key before anything else happens
        elif exists and path.stat().st_size:
            password = None  # a plain file stays plain
        elif password is not None:
            crypto._require()
            crypto.key_literal(password)  # an empty password is refused before the file is made
        if readonly:
            from ssdesk.safety.readonly import open_readonly

            return open_readonly(cls, path, user=user or default_user(), password=password)
        from ssdesk.safety.lock import FileLock

        path.parent.mkdir(parents=True, exist_ok=True)
        full = verify == "full" or (verify == "auto" and exists and (
            path.stat().st_size <= QUICK_CHECK_MAX_BYTES or not _closed_cleanly(path)))
        lock = FileLock.acquire(path)
        try:
            store = cls._open_locked(path, exists, user, full_check=full, password=password)
        except BaseException:
            lock.release()
            raise
        store.lock = lock
        return store

    @classmethod
    def _open_locked(cls, path: Path, exists: bool, user: str | None, *, full_check: bool = True,
                     password: crypto.Password | None = None) -> Store:
        revision = _inspect_file(path, full_check=full_check, password=password) if exists else None
        fresh = revision is None
        if not fresh and revision not in migrations.known_revisions():
            raise NewerCaseFileError(
                _("“{name}” was made by a newer version of ssdesk (schema {rev}); please update ssdesk.")
                .format(name=path.name, rev=revision))
        if not exists:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)

        backup_path: Path | None = None
        head = migrations.head_revision()
        if not fresh and revision != head:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            backup_path = backup_file(path, path.with_name(f"{path.name}.before-{revision}-{stamp}.bak"), password)

        engine = make_engine(path, password)
        try:
            if revision != head:  # at head already: nothing to run (and no foreign-key scan of a big file)
                migrations.upgrade(engine)
            if fresh:
                with engine.begin() as conn:
                    conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                with Session(engine) as s, s.begin():
                    s.add_all([Meta(key="file_id", value=new_id()),
                               Meta(key="created_at", value=utcnow().isoformat(timespec="seconds"))])
        except Exception:
            engine.dispose()
            raise
        store = cls(path, engine, user=user or default_user(), migrated_from=None if fresh else
                    (revision if revision != head else None), backup_path=backup_path)
        store.verified = full_check or not exists
        store.encrypted = password is not None
        store._password = password
        if password is not None:
            crypto.remember(path, password)
        return store

    @classmethod
    def _open_server(cls, url_text: str, *, create: bool, user: str | None, readonly: bool) -> Store:
        """Open the case file kept in a PostgreSQL database; an empty database becomes one when ``create``.

        No file lock (the server arbitrates; optimistic locking reports lost updates, :class:`ConflictError`), no
        file checks, no backup before a migration (the administrator's ``pg_dump`` is the backup). A database that
        holds other tables is refused, untouched."""
        from sqlalchemy.exc import DBAPIError

        from ssdesk import server

        where = server.display_location(url_text)
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise CaseFileError(_("Opening the database “{name}” needs the PostgreSQL driver: install "
                                  "ssdesk[server] (psycopg).").format(name=where)) from None
        engine = create_engine(server.normalise_url(url_text), future=True, pool_pre_ping=True)
        server.install_qmark(engine)
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
            if revision is not None and revision not in migrations.known_revisions():
                raise NewerCaseFileError(
                    _("“{name}” was made by a newer version of ssdesk (schema {rev}); please update ssdesk.")
                    .format(name=where, rev=revision))
            if not tables and (not create or readonly):
                raise CaseFileError(_("The database “{name}” holds no case file yet.").format(name=where))
            head = migrations.head_revision()
            if revision != head:
                if readonly:
                    raise CaseFileError(_("The case file “{name}” must first be opened for writing once, to bring "
                                          "it to this version of ssdesk.").format(name=where))
                migrations.upgrade(engine)  # serialised between users by an advisory lock
            if not readonly:
                with engine.begin() as conn:
                    migrations.server_lock(conn)
                    with Session(bind=conn) as s:
                        if s.get(Meta, "file_id") is None:
                            s.add_all([Meta(key="file_id", value=new_id()),
                                       Meta(key="created_at", value=utcnow().isoformat(timespec="seconds"))])
                            s.flush()
        except Exception:
            engine.dispose()
            raise
        store = cls(None, engine, user=user or default_user(), backup_path=None, location=where,
                    migrated_from=revision if revision is not None and revision != head else None)
        store.readonly = readonly
        return store

    lock: Any = None  # the FileLock held while open for writing (ssdesk.safety.lock)
    readonly: bool = False
    #: True when the file is encrypted (SQLCipher, :mod:`ssdesk.crypto`).
    encrypted: bool = False
    _password: crypto.Password | None = None
    #: True once the whole file was checked for damage (on open, or by :meth:`verify`); see :meth:`open`.
    verified: bool = True
    #: What the last :meth:`verify` found wrong (empty: sound, or not verified yet).
    damage: list[str] = []  # noqa: RUF012 - replaced, never mutated

    def verify(self, progress: Callable[[float, str], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> list[str]:
        """Read the whole file for damage (``PRAGMA quick_check``); returns the problems, ``[]`` when sound.

        Safe to run in a background thread while the store is used: it reads through its own read-only
        connection (a snapshot). ``progress(fraction, text)`` is called now and then; ``cancelled()`` returning
        True stops it (then ``[]`` is returned and ``verified`` stays False). ``ssdesk check`` runs the stricter
        ``PRAGMA integrity_check``. A database on a server has no file to read: ``[]`` at once."""
        if self.path is None:  # a server database (is_server)
            self.damage, self.verified = [], True
            if progress is not None:
                progress(1.0, _("Checking the case file for damage…"))
            return []
        con = crypto.connect_file(self.path, readonly=True, password=self._password)
        try:
            pages = max(1, con.execute("PRAGMA page_count").fetchone()[0])
            steps = [0]
            text = _("Checking the case file for damage…")

            def tick() -> int:
                steps[0] += 1
                # about 40 ticks of 1000 VM steps per page (measured on the 100k file); report every 256th tick only
                if progress is not None and steps[0] % 256 == 0:
                    progress(min(0.99, steps[0] / (pages * 0.04)), text)
                return 1 if cancelled is not None and cancelled() else 0

            con.set_progress_handler(tick, 1000)
            try:
                rows = [r[0] for r in con.execute("PRAGMA quick_check").fetchall()]
            except crypto.DB_ERRORS as exc:
                if cancelled is not None and cancelled():
                    return []
                if _is_operational(exc):
                    raise
                rows = [str(exc)]
        finally:
            con.close()
        self.damage = [] if rows == ["ok"] else rows
        self.verified = True
        if progress is not None:
            progress(1.0, text)
        return self.damage

    def close(self) -> None:
        self.engine.dispose()
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions ------------------------------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; objects stay usable (detached) after it ends.

        Inside :meth:`write` on the same thread it is the writing session, so reads see the pending changes."""
        current = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything inside commits together or not at all, then listeners hear of it.

        Nested calls on the same thread join the outer transaction, so an import made of many service calls is
        still all-or-nothing."""
        if self.readonly:
            raise CaseFileError(_("The case file “{name}” is open read-only; changes cannot be saved.")
                                .format(name=self.name))
        current = getattr(self._local, "session", None)
        if current is not None:
            yield current
            current.flush()
            return
        with self._sessions() as session:
            self._local.session = session
            try:
                with session.begin():
                    try:
                        yield session
                        session.flush()  # here, not in commit: a conflict is reported while its rows are known
                    except StaleDataError as exc:  # another session changed or deleted a row since it was read
                        raise self._stale(session, exc) from exc
            finally:
                self._local.session = None
            change = session.info.pop("ssdesk_change", None)
        if change is not None and change.entities:
            for listener in list(self._listeners):
                listener(change)

    def _stale(self, session: Session, exc: StaleDataError) -> ConflictError:
        """The :class:`ConflictError` for SQLAlchemy's version check failing in a flush (two sessions raced)."""
        import re

        from ssdesk.audit import conflict_error

        found = re.search(r"table '([^']+)'", str(exc))
        table = found.group(1) if found else None
        flushing = session.info.get("ssdesk_flushing") or []  # (table, id) of what the failed flush wrote
        keys = [k for k in flushing if table is None or k[0] == table]
        with self._sessions() as other:  # the failed transaction cannot be read from any more
            obj = None
            if keys:
                model = next((m.class_ for m in Base.registry.mappers
                              if getattr(m.class_, "__tablename__", None) == keys[0][0]), None)
                obj = other.get(model, keys[0][1]) if model is not None else None
                if obj is None and model is not None:  # deleted meanwhile: a stand-in that carries the id
                    obj = model(id=keys[0][1])
            return conflict_error(other, obj, table=table)

    # -- change notices ------------------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # -- facts about the file ------------------------------------------------------------------------------------

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return migrations.current_revision(conn)

    def integrity(self) -> list[str]:
        """``PRAGMA integrity_check`` messages; ``["ok"]`` when sound (a server database: it answers)."""
        with self.engine.connect() as conn:
            if self.is_server:
                conn.exec_driver_sql("SELECT 1")
                return ["ok"]
            return [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        out: dict[str, int] = {}
        with self.read() as s:
            for table in Base.metadata.sorted_tables:
                out[table.name] = s.execute(select(func.count()).select_from(table)).scalar_one()
        return out

    def meta(self, key: str) -> str | None:
        with self.read() as s:
            row = s.get(Meta, key)
            return row.value if row else None

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())
