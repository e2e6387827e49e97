"""The case file: one SQLite file opened through one :class:`Store` that the GUI, the CLI and the tests share.

Opening is careful because the file is the office's memory: a file that is not a case file, was made by a newer
ssdesk, or is damaged gets a clear error and is not touched; an older one is copied to a backup beside it before it
is migrated. Every write runs in :meth:`Store.write`, one transaction, audited, and announced to listeners afterwards.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ssdesk import crypto, filehead, migrations
from ssdesk.audit import install_audit
from ssdesk.casefile import (
    APPLICATION_ID,
    EXTENSION,
    backup_file,
    closed_cleanly,
    ensure_known,
    fresh_image,
    inspect_file,
    keep_fresh_image,
    make_engine,
    write_fresh_image,
)
from ssdesk.change import Change as Change  # re-exported: `from ssdesk.store import Change` keeps working
from ssdesk.change import Listener
from ssdesk.errors import AccessRefusedError, CaseFileError, ConflictError, NotACaseFileError
from ssdesk.i18n import _
from ssdesk.identity import Identity
from ssdesk.models import Base, Meta, new_id, read_meta, utcnow

if TYPE_CHECKING:
    from ssdesk.followup import FollowupService


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


#: Files up to this size get the full ``PRAGMA quick_check`` before they open (well under a second); a bigger file
#: opens after the cheap checks and is verified in the background (:meth:`Store.verify`), unless its last session
#: did not close cleanly. 64 MB is about 4,000 recommendations with their sessions.
QUICK_CHECK_MAX_BYTES = 64 * 2**20
VERIFY_MODES = ("auto", "full", "defer")


def _is_operational(exc: BaseException) -> bool:
    return type(exc).__name__ == "OperationalError"


class Store:
    """An open case file. Thread-safety: one Store may be shared; each :meth:`read`/:meth:`write` uses its own session.

    Services hang off it, as in Anki's ``Collection``: ``store.catalog``, ``store.visits``, ``store.recommendations``.
    """

    def __init__(self, path: Path | None, engine: Engine, *, user: str, migrated_from: str | None = None,
                 backup_path: Path | None = None, location: str | None = None, lock: Any = None,
                 readonly: bool = False, password: crypto.Password | None = None, verified: bool = True) -> None:
        """Wrap an opened ``engine``; :meth:`open` is how callers get one. ``lock`` is the file lock held while open
        for writing (released by :meth:`close`), ``readonly`` refuses every write, ``password`` is the key of an
        encrypted file, ``verified`` False leaves the whole-file damage check to :meth:`verify`."""
        #: The case file; None for a database on a server (:attr:`is_server`), which has no file: use
        #: :attr:`location` / :attr:`name` to show where the data is.
        self.path = path
        #: Where the case file is, for people: the file's full path, or the server URL without its password.
        self.location = location if location is not None else str(path)
        self.engine = engine
        #: The person at the keyboard (name and title the app asked for, and the login): what follow-up steps and
        #: the audit log record; the app sets it from its settings after opening (ssdesk never asks anyone).
        self.identity = Identity(login=user)
        self.migrated_from = migrated_from
        self.backup_path = backup_path
        self.lock = lock
        self.readonly = readonly
        self._password = password
        #: True once the whole file was checked for damage (on open, or by :meth:`verify`); see :meth:`open`.
        self.verified = verified
        #: What the last :meth:`verify` found wrong (empty: sound, or not verified yet).
        self.damage: list[str] = []
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._listeners: list[Listener] = []
        self._local = threading.local()  # the write session open in this thread, if any
        self._holdings: list[filehead.Identity] = []  # released by close(), after the last connection
        from ssdesk.safety.textguard import install_text_guard

        install_text_guard(self._sessions)  # first: the audit log records text as it is stored
        install_audit(self._sessions, self)

        from ssdesk.services.catalog import CatalogService
        from ssdesk.services.recommendations import RecommendationService
        from ssdesk.services.visits import VisitService

        self.catalog = CatalogService(self)
        self.visits = VisitService(self)
        self.recommendations = RecommendationService(self)
        from ssdesk.search.service import SearchService  # installs the search-index hook
        self.search = SearchService(self)

    @functools.cached_property
    def followup(self) -> FollowupService:
        """Follow-up, dashboard, reminders (:mod:`ssdesk.followup`), made on first use: nothing of it is needed to
        show the window, and its modules cost ~12 ms of a 0.6 s start (issue 15). It installs no hook."""
        from ssdesk.followup import FollowupService

        return FollowupService(self)

    @property
    def encrypted(self) -> bool:
        """True when the file is encrypted (SQLCipher, :mod:`ssdesk.crypto`)."""
        return self._password is not None

    @property
    def password(self) -> crypto.Password | None:
        """The key an encrypted file was opened with (None: a plain file or a server), so that a copy made from it
        (a package, a backup) is encrypted alike."""
        return self._password

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """The factory of this store's sessions, for the hooks that listen to every flush (audit log, text guard,
        search index); reading and writing go through :meth:`read` and :meth:`write`, never through this."""
        return self._sessions

    @property
    def user(self) -> str:
        """The computer login (``user@host``) working on the file: part of :attr:`identity`, so that the two never
        disagree."""
        return self.identity.login

    @user.setter
    def user(self, login: str) -> None:
        self.identity = replace(self.identity, login=login)

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
        ``ssdesk[server]``): see :mod:`ssdesk.server.opening`."""
        if verify not in VERIFY_MODES:
            raise ValueError(f"verify must be one of {VERIFY_MODES}, not {verify!r}")
        from ssdesk import server

        if server.is_url(path):
            from ssdesk.server.opening import open_database

            db = open_database(str(path), create=create, readonly=readonly)
            return cls(None, db.engine, user=user or default_user(), location=db.location,
                       migrated_from=db.migrated_from, readonly=readonly)
        path = Path(path).expanduser().resolve()
        if path.is_dir():
            raise CaseFileError(_("“{name}” is a folder, not a case file.").format(name=str(path)))
        exists = path.exists()
        if not exists and (not create or readonly):
            raise CaseFileError(_("The case file “{name}” does not exist.").format(name=str(path)))
        # one descriptor of the file, kept until close, through which its head is read: nothing in this process
        # opens and closes the file while SQLite holds it (that drops SQLite's locks: ssdesk.filehead). Opening
        # one never drops a lock, so a file made just now is held once it exists.
        holding = filehead.hold(path) if exists else None
        try:
            store = cls._open_file(path, exists, user=user, password=password, readonly=readonly, verify=verify,
                                   create=create)
        except BaseException:
            if holding is not None:
                filehead.release(holding)
            raise
        store._holdings.append(holding if holding is not None else filehead.hold(path))
        return store

    @classmethod
    def _open_file(cls, path: Path, exists: bool, *, user: str | None, password: crypto.Password | None,
                   readonly: bool, verify: str, create: bool) -> Store:
        """The case file's part of :meth:`open`: its password, then read-only or locked for writing."""
        if exists and path.stat().st_size and crypto.is_encrypted(path):
            password = crypto.find_password(path, password)  # checks the key before anything else happens
        elif exists and path.stat().st_size:
            password = None  # a plain file stays plain
        elif password is not None:
            crypto.require()
            crypto.key_literal(password)  # an empty password is refused before the file is made
        if readonly:
            from ssdesk.safety.readonly import readonly_engine

            engine = readonly_engine(path, password)
            if password is not None:
                crypto.remember(path, password)
            return cls(path, engine, user=user or default_user(), readonly=True, password=password)
        from ssdesk.safety.lock import FileLock

        path.parent.mkdir(parents=True, exist_ok=True)
        full = verify == "full" or (verify == "auto" and exists and (
            path.stat().st_size <= QUICK_CHECK_MAX_BYTES or not closed_cleanly(path)))
        lock = FileLock.acquire(path)
        try:
            return cls._open_locked(path, exists, user, lock, full_check=full, password=password, create=create)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_locked(cls, path: Path, exists: bool, user: str | None, lock: Any, *, full_check: bool = True,
                     password: crypto.Password | None = None, create: bool = True) -> Store:
        """The file's part of :meth:`open`, once its lock is held: inspect, back up and migrate an older file, or
        make a new one."""
        revision = inspect_file(path, full_check=full_check, password=password) if exists else None
        fresh = revision is None
        if exists and fresh and not create:  # an empty or blank SQLite file is made a case file only when asked
            raise NotACaseFileError(_("“{name}” is empty: it is not a case file yet.").format(name=path.name))
        ensure_known(path.name, revision)
        if not exists:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)

        backup_path: Path | None = None
        head = migrations.head_revision()
        if not fresh and revision != head:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            backup_path = backup_file(path, path.with_name(f"{path.name}.before-{revision}-{stamp}.bak"), password)

        # a new plain file is a copy of the first one this process made (ssdesk.casefile.fresh_image)
        image = fresh_image(head) if not exists and password is None else None
        if image is not None:
            write_fresh_image(path, image)
        engine = make_engine(path, password)
        try:
            if revision != head and image is None:  # at head already: nothing to run (and no foreign-key scan)
                migrations.upgrade(engine)
            if fresh:
                if image is None:
                    with engine.begin() as conn:
                        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                    if not exists and password is None:
                        keep_fresh_image(path, head)
                with Session(engine) as s, s.begin():
                    s.add_all([Meta(key="file_id", value=new_id()),
                               Meta(key="created_at", value=utcnow().isoformat(timespec="seconds"))])
        except Exception:
            engine.dispose()
            raise
        if password is not None:
            crypto.remember(path, password)
        store = cls(path, engine, user=user or default_user(), migrated_from=None if fresh else
                    (revision if revision != head else None), backup_path=backup_path, lock=lock,
                    password=password, verified=full_check or not exists)
        from ssdesk.safety.lineage import claim_identity

        try:
            claim_identity(store)  # a copy of a file that still exists gets its own id (its own backups)
        except BaseException:
            engine.dispose()
            raise
        return store

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

    def let_go(self) -> None:
        """Close every connection and the descriptor held on the file (:mod:`ssdesk.filehead`), keeping the writer's
        lock: the file may now be replaced (a backup restored into it) by this process."""
        self.engine.dispose()
        holdings, self._holdings = self._holdings, []
        for holding in holdings:  # every connection is closed now: the held descriptor may go
            filehead.release(holding)

    def close(self) -> None:
        self.let_go()
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
                    except DBAPIError as exc:  # the office server refused it: the user's rights (issue 18)
                        from ssdesk.server.rights import is_refusal, refusal_message

                        if is_refusal(exc):
                            raise AccessRefusedError(refusal_message()) from exc
                        raise
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
            return read_meta(s, key)

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())
