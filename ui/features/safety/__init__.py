"""Nothing is ever lost, in the GUI: the Backups page, automatic backups, the open-time safety net, merging laptops.

``install(window)`` adds the page and the File menu actions, installs ``window.file_opener`` for
:func:`opening.open_in_window` (locked / damaged / newer files), checks a file opened with its check deferred, marks a
read-only file in the title, and runs :class:`~ssdesk.safety.backups.AutoBackup` from a one-minute timer.
The core takes no backup when a file opens, so :func:`opening.backup_on_open` does, once per open (``ui.app`` at
start, ``open_in_window`` afterwards); the core's merge and restore take their own "before-…" backups.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ssdesk.i18n import _
from ssdesk.safety.backups import AutoBackup
from ssdesk.store import Store
from ui.jobs import run_job

if TYPE_CHECKING:
    from ui.main_window import MainWindow

TICK_MS = 60_000


class AutoBackupDriver(QObject):
    """Ticks the current store's :class:`AutoBackup` every minute; the backup itself runs on the job pool."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.auto: AutoBackup | None = None
        self.busy = False
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.rebuild(window.store)
        self.timer.start()

    def window(self) -> MainWindow:
        return self.parent()  # type: ignore[return-value]

    def rebuild(self, store: Store) -> None:
        """A new AutoBackup for ``store`` (after the old one took its last backup) with today's settings."""
        from ui.features.safety import settings

        old = self.auto
        if old is not None:
            old.detach()
            self.flush(old)
        # none on a server database: no file to copy, its administrator backs it up (pg_dump)
        self.auto = None if store.readonly or store.path is None else AutoBackup(
            store, every=settings.backup_every(), folder=settings.folder_for(store.path))

    def tick(self) -> None:
        auto = self.auto
        if auto is None or self.busy or not auto.changes:
            return
        self.busy = True

        def done(_result: object) -> None:
            self.busy = False

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.window().statusBar().showMessage(_("The automatic backup failed: {reason}").format(reason=exc))

        run_job(self.window(), _("Backing up the case file…"), lambda _p, _c: auto.tick(), on_done=done,
                on_error=failed, show_after_ms=60_000, cancellable=False)

    @staticmethod
    def flush(auto: AutoBackup | None) -> None:
        """Take the backup due for changes not backed up yet (the file may be closed: backups read the path)."""
        if auto is not None and auto.changes:
            try:
                auto.tick(reason="close")
            except Exception:  # noqa: BLE001 - a failed last backup must not stop closing; the file is saved
                pass


def _mark_read_only(window: MainWindow) -> None:
    if not window.store.readonly:
        return
    mark = _("(read-only)")
    title = window.windowTitle()
    if mark not in title:
        window.setWindowTitle(f"{title} {mark}")


def final_backup(window: MainWindow) -> None:
    """At exit: the backup due for the last edits (``ui.app`` calls it once the window closed)."""
    driver = window.findChild(AutoBackupDriver)
    if driver is not None:
        driver.timer.stop()
        driver.flush(driver.auto)


def _action(window: MainWindow, name: str, text: str, slot: object) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.triggered.connect(slot)
    return action


def weak(window: MainWindow, act: Callable[..., object]) -> Callable[..., None]:
    """A slot calling ``act(window, *args)`` that holds no strong reference to ``window`` (a lambda connected to the
    window's own signals would keep the window alive after its owner dropped it)."""
    ref = weakref.ref(window)

    def slot(*args: object) -> None:
        target = ref()
        if target is not None:
            act(target, *args)

    return slot


def _file_only_actions(window: MainWindow) -> None:
    """A laptop copy is a copy of the file: off for a database on the office server, with the reason as tooltip."""
    from ui.places import file_only_reason

    on_file = window.store.path is not None
    action = window.findChild(QAction, "actionLaptopCopy")
    if action is not None:
        action.setEnabled(on_file)
        action.setToolTip("" if on_file else file_only_reason())
        action.setStatusTip("" if on_file else file_only_reason())


def _on_replaced(window: MainWindow, store: Store) -> None:
    from ui.features.safety.opening import start_verification

    driver = window.findChild(AutoBackupDriver)
    if driver is not None:
        driver.rebuild(store)
    _mark_read_only(window)
    _file_only_actions(window)
    QTimer.singleShot(0, window, weak(window, lambda w: start_verification(w) if w.store is store else None))


# The merge and the laptop copies (ssdesk.safety.merge / package) are imported when first asked for, not at start-up.

def _open_merge(window: MainWindow) -> object:
    from ui.features.safety.merge_dialog import open_merge

    return open_merge(window)


def _export_visit_package(window: MainWindow) -> object:
    from ui.features.safety.laptop import export_visit_package

    return export_visit_package(window)


def _make_copy_for_laptop(window: MainWindow) -> object:
    from ui.features.safety.laptop import make_copy_for_laptop

    return make_copy_for_laptop(window)


def install(window: MainWindow) -> None:
    from ui.features.safety.opening import open_in_window, start_verification

    window.file_opener = open_in_window
    driver = AutoBackupDriver(window)

    ref = weakref.ref(window)  # the window keeps the factory until the page is built: no strong reference back

    def backups_page() -> QWidget:  # built when first shown: the window starts on the visit list
        from ui.features.safety.backups_page import BackupsPage

        owner = ref()
        assert owner is not None  # only the window itself asks
        page = BackupsPage(owner)
        page.settings_saved.connect(weak(owner, lambda w: driver.rebuild(w.store)))
        return page

    window.add_page("backups", _("Backups"), backups_page)

    menu = window.menu("file")
    first = menu.actions()[-1] if menu.actions() else None  # before Quit
    for action in (_action(window, "actionMerge", _("Mer&ge a laptop’s file…"), weak(window, _open_merge)),
                   _action(window, "actionExportPackage", _("E&xport visit package…"),
                           weak(window, _export_visit_package)),
                   _action(window, "actionLaptopCopy", _("Make a laptop cop&y…"), weak(window, _make_copy_for_laptop))):
        menu.insertAction(first, action)  # type: ignore[arg-type]  # None appends; the stub wants a QAction
    menu.insertSeparator(first)  # type: ignore[arg-type]  # None appends; the stub wants a QAction
    menu.setToolTipsVisible(True)
    _file_only_actions(window)

    window.windowTitleChanged.connect(weak(window, lambda w, _title: _mark_read_only(w)))
    window.store_replaced.connect(weak(window, _on_replaced))
    _mark_read_only(window)
    QTimer.singleShot(0, window, weak(window, start_verification))
