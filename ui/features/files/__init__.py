"""Files: File → Open recent, Open a database on the office server…, Save a copy…, View → Language, and the sample
data offered on first start.

``preferred_language()`` is what ``ui/app.py`` passes to ``set_language`` at start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ssdesk import server
from ssdesk.i18n import _, language, set_language
from ssdesk.safety.backups import copy_database
from ssdesk.store import EXTENSION
from ui.features.files.sample import offer_sample
from ui.features.files.settings import (
    forget_file,
    preferred_language,
    recent_files,
    remember_file,
    settings,
    store_language,
)
from ui.places import file_only_reason
from ui.restart import restart

__all__ = ["install", "preferred_language", "recent_files", "remember_file", "save_copy", "settings"]

#: The languages offered in View → Language, each in its own language.
LANGUAGE_NAMES = (("vi", "Tiếng Việt"), ("en", "English"))


def install(window: Any) -> None:
    file_menu: QMenu = window.menu("file")
    actions = file_menu.actions()
    anchor = actions[actions.index(window.action_open) + 1] if window.action_open in actions else None

    recent = QMenu(_("Open &recent"), window)
    recent.setObjectName("recentMenu")
    recent.aboutToShow.connect(lambda: fill_recent_menu(window, recent))
    file_menu.insertMenu(anchor, recent)  # type: ignore[arg-type]  # None appends; the stub wants a QAction
    server_action = QAction(_("Open a database on the office &server…"), window)
    server_action.setObjectName("actionOpenServer")
    server_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
    server_action.setStatusTip(_("Work in the office's shared PostgreSQL database instead of a file"))
    server_action.triggered.connect(lambda: _open_server_database(window))
    file_menu.insertAction(anchor, server_action)  # type: ignore[arg-type]  # None appends; the stub wants a QAction
    copy_action = QAction(_("Save a &copy…"), window)
    copy_action.setObjectName("actionSaveCopy")
    copy_action.triggered.connect(lambda: save_copy(window))
    file_menu.insertAction(anchor, copy_action)  # type: ignore[arg-type]  # None appends; the stub wants a QAction
    file_menu.setToolTipsVisible(True)
    fill_recent_menu(window, recent)

    languages = window.menu("view").addMenu(_("&Language"))
    languages.setObjectName("languageMenu")
    group = QActionGroup(languages)
    group.setExclusive(True)
    for code, name in LANGUAGE_NAMES:
        action = QAction(name, languages, checkable=True)
        action.setObjectName(f"language_{code}")
        action.setChecked(code == language())
        action.triggered.connect(lambda _checked=False, c=code: choose_language(window, c))
        group.addAction(action)
        languages.addAction(action)

    _opened(window, window.store)
    window.store_replaced.connect(lambda store: _opened(window, store))
    QTimer.singleShot(0, window, lambda: offer_sample(window))


def _open_server_database(window: Any) -> None:
    """The server dialog (and the form kit it is built with) is imported when first asked for, not at start-up."""
    from ui.features.files.server_dialog import open_server_database

    open_server_database(window)


def _opened(window: Any, store: Any) -> None:
    """Remember the file (or the server database's URL, without password); Save a copy is for files only."""
    remember_file(store.path if store.path is not None else store.location)
    action = window.findChild(QAction, "actionSaveCopy")
    if action is not None:
        on_file = store.path is not None
        action.setEnabled(on_file)
        action.setToolTip("" if on_file else file_only_reason())
        action.setStatusTip("" if on_file else file_only_reason())


def fill_recent_menu(window: Any, menu: QMenu) -> None:
    """Rebuild the menu from the settings (missing files are pruned there)."""
    menu.clear()
    paths = recent_files()
    for n, path in enumerate(paths, start=1):
        if isinstance(path, str):  # a server database
            action = menu.addAction(f"&{n % 10} {server.database_name(path)}   —   {path}")
        else:
            action = menu.addAction(f"&{n % 10} {path.name}   —   {path.parent}")
        action.setObjectName(f"recent_{n}")
        action.setData(str(path))
        action.triggered.connect(lambda _checked=False, p=path: open_recent(window, p))
    if not paths:
        empty = menu.addAction(_("No recent files"))
        empty.setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction(_("Clear the list"))
    clear.setObjectName("recentClear")
    clear.setEnabled(bool(paths))
    clear.triggered.connect(lambda: settings().remove("files/recent"))


def open_recent(window: Any, path: Path | str) -> bool:
    if isinstance(path, str):  # a server database: the opener says why when it cannot be reached
        return bool(window.open_path(path))
    if not path.is_file():
        forget_file(path)
        QMessageBox.warning(window, _("Open recent"),
                            _("“{name}” no longer exists; it was removed from the list.").format(name=path.name))
        return False
    return bool(window.open_path(path))


def save_copy(window: Any) -> Path | None:
    """Ask where, then write a consistent copy of the open file there (SQLite backup API, 0600)."""
    if window.store.path is None:  # a server database: no file to copy
        QMessageBox.information(window, _("Save a copy"), file_only_reason())
        return None
    source: Path = window.store.path
    suggested = source.with_name(source.stem + "-" + _("copy") + EXTENSION)  # no _() in an f-string: not extracted
    chosen, _filter = QFileDialog.getSaveFileName(
        window, _("Save a copy"), str(suggested), _("ssdesk case files (*{ext});;All files (*)").format(ext=EXTENSION))
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != EXTENSION:
        target = target.with_name(target.name + EXTENSION)
    if target.resolve() == source.resolve():
        QMessageBox.warning(window, _("Save a copy"), _("Choose another name: this is the file that is open."))
        return None
    try:
        copy_database(source, target)
    except (OSError, Exception) as exc:  # sqlite3.Error, PermissionError…: say why, keep working
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        QMessageBox.critical(window, _("Save a copy"),
                             _("The copy could not be saved: {reason}").format(reason=reason))
        return None
    window.statusBar().showMessage(_("A copy was saved to {path}.").format(path=target), 8000)
    return target


def choose_language(window: Any, lang: str) -> QMessageBox | None:
    """Remember the language for the next start and offer to restart now, so that no window stays half in the old
    language (the open file is saved and reopened). The question is returned (not blocking) for tests to answer."""
    if lang == preferred_language() and lang == language():
        return None
    store_language(lang)
    set_language(lang)
    box = QMessageBox(QMessageBox.Icon.Question, _("Language"),
                      _("The language is changed. Restart ssdesk now to see every menu and page in it? The open file "
                        "is saved and opened again."), QMessageBox.StandardButton.NoButton, window)
    box.setObjectName("restartPrompt")
    now = box.addButton(_("&Restart now"), QMessageBox.ButtonRole.AcceptRole)
    now.setObjectName("restartNow")
    later = box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
    later.setObjectName("restartLater")
    box.setDefaultButton(now)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    store = window.store
    location = str(store.path) if store.path is not None else store.location

    def clicked(button: Any) -> None:
        if button is now:
            restart(window, location, lang)

    box.buttonClicked.connect(clicked)
    box.open()
    return box
