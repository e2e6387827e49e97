"""Start the desktop app: ``run(path)`` is what ``ssdesk [FILE]`` calls. Importing this module does nothing.

A file that cannot be opened is the usual first-start problem (a copy from a newer laptop, a stray file renamed), so
it gets the core's own message and a choice to open another file or quit, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ssdesk.errors import CaseFileError
from ssdesk.i18n import _, set_language
from ssdesk.store import Store, default_case_file
from ui.main_window import MainWindow, file_filter, open_error_message


def _install_qt_translations(app: QApplication, lang: str) -> None:
    """Qt's own dialogs (file chooser, buttons) use Qt's shipped catalogue when one exists for ``lang``."""
    translator = QTranslator(app)
    if translator.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)


def open_store_interactively(path: Path) -> Store | None:
    """Open ``path``; on failure show why and let the user pick another file. ``None``: the user chose to quit."""
    while True:
        try:
            return Store.open(path)
        except (CaseFileError, OSError) as exc:
            message = open_error_message(path, exc)
        box = QMessageBox(QMessageBox.Icon.Critical, _("Cannot open the case file"), message)
        other = box.addButton(_("Open another file…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(other)
        box.exec()
        if box.clickedButton() is not other:
            return None
        chosen, _filter = QFileDialog.getOpenFileName(None, _("Open case file"), str(path.parent), file_filter())
        if chosen:
            path = Path(chosen)


def run(path: str | None = None) -> int:
    """Show the main window on ``path`` (default: the user's case file) and run until it closes; the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ssdesk")
    lang = set_language()
    _install_qt_translations(app, lang)
    store = open_store_interactively(Path(path) if path else default_case_file())
    if store is None:
        return 1
    window = MainWindow(store)
    window.show()
    code = app.exec()
    store_now = window.store
    store_now.close()  # the window closed it already; closing twice is harmless
    return code
