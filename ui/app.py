"""Start the desktop app: ``run(path)`` is what ``ssdesk [FILE]`` calls. Importing this module does nothing.

A file that cannot be opened is the usual first-start problem (a copy from a newer laptop, a stray file renamed, a
file a colleague has open, a damaged file), so it gets the core's own message and the way out that fits — open
another file, open read-only, restore the newest good backup — or quit, never a traceback
(:mod:`ui.features.safety.opening`).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QThreadPool, QTranslator
from PySide6.QtWidgets import QApplication

from ssdesk import server
from ssdesk.i18n import set_language
from ssdesk.store import Store, default_case_file
from ui import qt_strings
from ui.features.files import preferred_language
from ui.features.identity import ask_once as ask_identity_once
from ui.features.safety import final_backup
from ui.features.safety.opening import backup_on_open, open_case_file
from ui.icons import APP_ICON, icon
from ui.jobs import finish_background_work
from ui.look import apply_look
from ui.main_window import MainWindow
from ui.ready import after_first_paint, quit_when_ready
from ui.responsiveness import install_from_env, tune_gc


def _install_qt_translations(app: QApplication, lang: str) -> None:
    """Qt's own dialogs (file chooser, buttons) in the app's language: Qt's shipped catalogue when one exists for
    ``lang`` (none for Vietnamese), and in front of it ssdesk's own answers for what Qt draws (:mod:`ui.qt_strings`)."""
    translator = QTranslator(app)
    if translator.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    qt_strings.install(app)  # installed last: asked first


def open_store_interactively(path: Path | str) -> Store | None:
    """Open ``path`` (a case file, or a ``postgresql://`` URL of the office server's database); on failure show why
    and offer the way out (another file, read-only, a backup).

    ``None``: the user chose to quit."""
    return open_case_file(None, path)


def run(path: str | None = None, lang: str | None = None) -> int:
    """Show the main window on ``path`` and run until it closes; the exit code. ``path`` may be a file or a
    ``postgresql://`` URL (office server mode); none: ``SSDESK_DB`` when set, else the user's case file.

    Language: ``lang`` (the command line's ``--lang``), else ``SSDESK_LANG``, else the choice made in the View menu,
    else Vietnamese."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_from_env(app)  # SSDESK_STALL_LOG / SSDESK_READY_MARKER: field diagnosis and the GUI benchmark
    app.setApplicationName("ssdesk")
    app.setWindowIcon(icon(APP_ICON))  # every window and dialog, and the task bar
    apply_look(app)
    lang = set_language(lang or os.environ.get("SSDESK_LANG") or preferred_language())
    _install_qt_translations(app, lang)
    if not path and (where := server.default_location()) is not None:  # SSDESK_DB
        path = str(where)
    target: Path | str = path if server.is_url(path) else (Path(path) if path else default_case_file())
    existed = isinstance(target, Path) and target.exists()
    store = open_store_interactively(target)
    if store is None:
        return 1
    window = MainWindow(store)
    window.show()
    ask_identity_once(window)  # first start: the user's name and title, recorded wherever a person is
    tune_gc()  # what start-up made leaves the collector's sight; fewer full collections (ui.responsiveness)
    gc.enable()  # off while starting (ssdesk.cli.cmd_gui): nothing start-up makes is garbage worth a collection
    quit_when_ready(window)  # SSDESK_QUIT_WHEN_READY=1: smoke tests of the frozen app
    if store.path is not None and (existed or not isinstance(target, Path)
                                   or store.path != target.expanduser().resolve()):
        # a server database has no file to back up: its administrator does. After the first paint (ui.ready)
        after_first_paint(window, lambda: backup_on_open(window, store))
    code = app.exec()
    finish_background_work(cancel=True)  # a background check still running is stopped before the file is closed
    store_now = window.store
    store_now.close()  # the window closed it already; closing twice is harmless
    QThreadPool.globalInstance().waitForDone()  # a backup still being written is finished, never left half-done
    final_backup(window)
    return code
