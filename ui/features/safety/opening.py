"""Opening a case file with the safety net: a file someone else edits, a damaged file, a file from a newer ssdesk.

:func:`open_case_file` is the one way the GUI opens a file (``ui.app`` at start, ``window.open_path`` afterwards):
it asks the core, and when the core refuses it says why in the user's words and offers the way out the core
supports — read-only for a locked file, the newest good backup for a damaged one. A file opened with its full check
deferred (a big file) is checked in the background once the window shows (:func:`start_verification`).
"""

from __future__ import annotations

import datetime as dt
import weakref
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from ssdesk import server
from ssdesk.crypto import PasswordRequiredError, WrongPasswordError
from ssdesk.errors import (
    CaseFileError,
    CaseFileLockedError,
    DamagedCaseFileError,
    NewerCaseFileError,
    ServerPasswordError,
)
from ssdesk.i18n import _
from ssdesk.safety.backups import BackupInfo, backup_now, list_backups, newest_good_backup, restore
from ssdesk.safety.lock import ReadOnlyLocationError, lock_path, read_lock
from ssdesk.store import Store
from ui.features.safety import settings
from ui.jobs import run_job, wait_for
from ui.main_window import file_filter, open_error_message
from ui.places import file_only_reason

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: A background job shows its progress dialog only when it runs longer than this (verify, backup on open).
QUIET_JOB_MS = 20_000


def when_text(moment: dt.datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def holder_text(path: Path, exc: Exception) -> str:
    """Who holds ``path``, on which computer, since when — from the lock file, else the core's own message."""
    holder = read_lock(lock_path(path.expanduser().resolve()))
    if holder is None or holder.user == "?":
        return str(exc)
    try:
        since = when_text(dt.datetime.fromisoformat(holder.since).astimezone())
    except ValueError:
        since = holder.since
    return _("“{name}” is open for editing by {user} on computer {host} since {since}.").format(
        name=path.name, user=holder.user, host=holder.host, since=since)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, info: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, parent=parent)
    if info:
        box.setInformativeText(info)
    return box


def _choose_other(parent: QWidget | None, path: Path) -> Path | None:
    chosen, _filter = QFileDialog.getOpenFileName(parent, _("Open case file"), str(path.parent), file_filter())
    return Path(chosen) if chosen else None


def ask_password(parent: QWidget | None, path: Path, problem: str = "") -> str | None:
    """Ask the password of an encrypted case file (typed hidden); ``None`` when the user cancels."""
    label = _("“{name}” is encrypted. Password:").format(name=path.name)
    if problem:
        label = problem + "\n\n" + label
    text, ok = QInputDialog.getText(parent, _("Encrypted case file"), label, QLineEdit.EchoMode.Password)
    return text if ok and text else None


def ask_server_password(parent: QWidget | None, url: str, problem: str = "") -> str | None:
    """Ask the password of the office server's database (typed hidden); ``None`` when the user cancels."""
    where = server.display_location(url)
    label = _("Password of {user} for the database “{name}”:").format(
        user=server.parts(url)["user"] or "?", name=where)
    if problem:
        label = problem + "\n\n" + label
    text, ok = QInputDialog.getText(parent, _("Office server"), label, QLineEdit.EchoMode.Password)
    return text if ok and text else None


def _open_server(parent: QWidget | None, url: str, *, create: bool) -> Store | None:
    """Open the office server's database at ``url``; on failure say why (no file: no read-only copy, no backup to
    restore) and, at start, offer another file or Quit."""
    attempt = url
    while True:
        try:
            return wait_for(parent, _("Opening the case file"),
                            _("Opening the case file on the office server…\n\nThe first opening after ssdesk is "
                              "updated brings the server's access rules up to date: on a large case file this can "
                              "take a few minutes."), partial(Store.open, attempt, create=create))
        except ServerPasswordError as exc:  # asked again until it opens or the user cancels; never stored
            password = ask_server_password(parent, url, str(exc) if exc.wrong else "")
            if password is None:
                return None
            attempt = server.with_password(url, password)
        except Exception as exc:  # noqa: BLE001 - the server's or the driver's own errors too: a message
            message = open_error_message(url, exc)
            break
    if parent is not None:
        QMessageBox.critical(parent, _("Cannot open the case file"), message)
        return None
    box = _box(parent, QMessageBox.Icon.Critical, _("Cannot open the case file"), message)
    other = box.addButton(_("Open another file…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(other)
    box.exec()
    if box.clickedButton() is not other:
        return None
    chosen = _choose_other(parent, Path.home() / "ssdesk")
    return open_case_file(parent, chosen, create=False) if chosen is not None else None


def open_case_file(parent: QWidget | None, path: Path | str, *, create: bool = True) -> Store | None:
    """Open ``path`` for editing, or read-only / after a restore when the user chooses so; ``None``: given up.
    ``path`` may be a ``postgresql://`` URL (office server mode).

    ``parent`` None is the start of the app (no file open yet): every refusal offers another file or Quit. With a
    window, Cancel keeps the window's current file, and a plain error is one message box."""
    if server.is_url(path):
        return _open_server(parent, str(path), create=create)
    path = Path(path)
    starting = parent is None
    leave = _("Quit") if starting else _("Cancel")
    password: str | None = None
    while True:
        readonly = fix = None
        good: BackupInfo | None = None
        try:
            return Store.open(path, create=create, password=password)
        except (PasswordRequiredError, WrongPasswordError) as exc:
            password = ask_password(parent, path, str(exc) if isinstance(exc, WrongPasswordError) else "")
            if password is None:
                return None
            continue
        except CaseFileLockedError as exc:
            box = _box(parent, QMessageBox.Icon.Warning, _("The case file is in use"), holder_text(path, exc),
                       _("You can open it read-only to read and print; changes cannot be saved until they close "
                         "it."))
            readonly = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        except DamagedCaseFileError as exc:
            good = newest_good_backup(path, settings.folder_for(path))
            info = (_("The newest good backup is from {when} ({visits} working sessions). Restoring it keeps the "
                      "damaged file as a backup too.").format(when=when_text(good.taken_at), visits=good.visits or 0)
                    if good else _("No good backup of this file was found."))
            box = _box(parent, QMessageBox.Icon.Critical, _("The case file is damaged"), str(exc), info)
            if good is not None:
                fix = box.addButton(_("Restore the newest good backup"), QMessageBox.ButtonRole.AcceptRole)
        except ReadOnlyLocationError as exc:  # a read-only folder or file: not damage, and read-only is possible
            box = _box(parent, QMessageBox.Icon.Warning, _("The case file cannot be changed here"), str(exc),
                       _("You can open it read-only to read and print."))
            readonly = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        except NewerCaseFileError as exc:
            box = _box(parent, QMessageBox.Icon.Critical, _("Made by a newer ssdesk"), str(exc),
                       _("Nothing was changed in the file. Install the newer ssdesk to open it."))
        except (CaseFileError, OSError) as exc:
            if not starting:
                QMessageBox.critical(parent, _("Cannot open the case file"), open_error_message(path, exc))
                return None
            box = _box(parent, QMessageBox.Icon.Critical, _("Cannot open the case file"),
                       open_error_message(path, exc))
        else:  # pragma: no cover - the return above
            return None
        other = box.addButton(_("Open another file…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(leave, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(readonly or other)
        box.exec()
        clicked = box.clickedButton()
        if readonly is not None and clicked is readonly:
            try:
                return Store.open(path, readonly=True)
            except (CaseFileError, OSError) as exc:
                QMessageBox.critical(parent, _("Cannot open the case file"), open_error_message(path, exc))
                return None
        if fix is not None and clicked is fix and good is not None:
            if restore_backup(parent, good, path):
                create = False
            continue
        if clicked is not other:
            return None
        chosen = _choose_other(parent, path)
        if chosen is not None:
            path, create = chosen, False


def restore_backup(parent: QWidget | None, backup: BackupInfo, target: Path) -> bool:
    """Ask, then put ``backup`` in place of ``target`` (no Store open on it); the current file is backed up first."""
    answer = QMessageBox.question(
        parent, _("Restore a backup"),
        _("Replace “{name}” by the backup of {when}? The current file is kept as a backup first.")
        .format(name=target.name, when=when_text(backup.taken_at)))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        restore(backup.path, target, settings.folder_for(target))
    except (CaseFileError, OSError) as exc:
        QMessageBox.critical(parent, _("Restore a backup"), str(exc))
        return False
    return True


# -- the window's side ---------------------------------------------------------------------------------------------


def replace_store(window: MainWindow, store: Store) -> None:
    """Show ``store`` in ``window`` (closing the old one) — the window's own replacement step."""
    replace = window.replace_store
    replace(store)


def open_in_window(window: MainWindow, path: str | Path, *, create: bool = False, backup: bool = True) -> bool:
    """``window.open_path`` with the safety net; on refusal the current file stays. Backs up what was opened."""
    target: Path | str = str(path) if server.is_url(path) else Path(path)
    if not window.close_editors():
        return False
    existed = isinstance(target, Path) and target.exists()
    store = open_case_file(window, target, create=create)
    if store is None:
        return False
    replace_store(window, store)
    if backup and existed:
        backup_on_open(window, store)
    return True


def backup_on_open(window: QWidget, store: Store) -> None:
    """One backup per open, in the background; none when the newest backup is already as new as the file.
    None for a database on the office server: its administrator backs it up (pg_dump)."""
    path = store.path
    if store.readonly or path is None:  # None: a database on the office server (store.is_server)
        return
    folder = settings.folder_for(path)

    def work(_progress: object, _cancelled: object) -> Path | None:
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
        newest = list_backups(path, folder, counts=False)
        if newest and newest[0].taken_at >= modified:
            return None
        return backup_now(path, folder, reason="open")

    ref = weakref.ref(window)  # the job outlives nothing: no strong reference back to the window

    def failed(exc: BaseException) -> None:
        if (target := ref()) is not None:
            target.statusBar().showMessage(  # type: ignore[attr-defined]
                _("The backup on opening failed: {reason}").format(reason=exc))

    run_job(window, _("Backing up the case file…"), work, show_after_ms=QUIET_JOB_MS, cancellable=False,
            on_error=failed)


def start_verification(window: MainWindow) -> None:
    """Read a file opened with its check deferred, in the background; warn if it is damaged."""
    store = window.store
    if store.verified or store.readonly:
        return

    ref = weakref.ref(window)

    def done(problems: list[str]) -> None:
        target = ref()
        if problems and target is not None and target.store is store:
            warn_damage(target, problems)

    def failed(exc: BaseException) -> None:
        done([str(exc)])

    run_job(window, _("Checking the case file for damage…"), store.verify, on_done=done,
            show_after_ms=QUIET_JOB_MS, on_error=failed)


def warn_damage(window: MainWindow, problems: list[str]) -> None:
    path = window.store.path
    if path is None:  # a server database: no file, no backups of ours
        QMessageBox.warning(window, _("The case file is damaged"), problems[0])
        return
    good = newest_good_backup(path, settings.folder_for(path))
    box = _box(window, QMessageBox.Icon.Warning, _("The case file is damaged"),
               _("Checking “{name}” found damage: {detail}").format(name=path.name, detail=problems[0]),
               _("Copy out only what you need and restore the newest good backup (from {when}).")
               .format(when=when_text(good.taken_at)) if good else
               _("No good backup of this file was found. Make a copy of the file and ask for help."))
    fix = box.addButton(_("Restore the newest good backup…"), QMessageBox.ButtonRole.AcceptRole) if good else None
    box.addButton(_("Not now"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if good is not None and box.clickedButton() is fix:
        restore_into_window(window, good)


def restore_into_window(window: MainWindow, backup: BackupInfo) -> bool:
    """Ask, restore ``backup`` over the window's file, and show the restored file. ``False``: nothing changed."""
    store = window.store
    path = store.path
    if path is None:  # a server database is restored by its administrator
        QMessageBox.information(window, _("Restore a backup"), file_only_reason())
        return False
    answer = QMessageBox.question(
        window, _("Restore a backup"),
        _("Replace “{name}” by the backup of {when}? The current file is kept as a backup first.")
        .format(name=path.name, when=when_text(backup.taken_at)))
    if answer != QMessageBox.StandardButton.Yes or not window.close_editors():
        return False
    store.let_go()  # no connection or descriptor of ours stays on the file being replaced
    outcome: list[bool] = []

    def done(_kept: object) -> None:
        outcome.append(open_in_window(window, path, backup=False))

    def failed(exc: BaseException) -> None:
        outcome.append(False)
        QMessageBox.critical(window, _("Restore a backup"), str(exc))

    job = run_job(window, _("Restoring the backup…"),
                  lambda _p, _c: restore(backup.path, path, settings.folder_for(path)),
                  on_done=done, on_error=failed, cancellable=False)
    return outcome[0] if outcome else job is not None  # still running: it started
