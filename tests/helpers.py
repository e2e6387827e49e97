"""Helpers the GUI tests share (imported by name, like ``pg_cluster``): typing as a person types, opening the main
window or a visit editor the way pytest-qt expects, and choosing which GUI features a window installs.

They lived copied in each test file; one copy here means a fix (say, to how Vietnamese letters are typed) reaches
every test at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ssdesk.store import Store

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ui.main_window import MainWindow
    from ui.visit_editor import VisitEditor

#: The type of the ``seeded`` / store-making fixtures: call it, get an open store.
MakeStore = Callable[..., Store]


def private_settings(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point QSettings and the backup folder at ``folder``: nothing leaks into the user's real settings (recent
    files, language, last-seen dates) or between tests. What every GUI test's settings fixture does."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(folder / "backups"))


def type_text(qtbot: QtBot, widget: object, text: str) -> None:
    """Focus ``widget`` and type ``text`` into it. ASCII goes through QTest's keyClicks; Vietnamese letters (which
    keyClicks asserts on) go as key events carrying the text, exactly what an input method delivers."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(widget, QWidget)
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def open_window(qtbot: QtBot, store: Store) -> MainWindow:
    """The main window over ``store``, shown and exposed; pytest-qt closes it after the test."""
    from ui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_editor(qtbot: QtBot, store: Store, visit_id: str) -> VisitEditor:
    """The visit editor of ``visit_id``, shown and exposed; pytest-qt closes it after the test."""
    from ui.visit_editor import VisitEditor

    editor = VisitEditor(store, visit_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def only_features(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Windows made during this test install only the GUI features ``names`` (``ui.features.…``): a test of one
    feature neither pays for nor depends on the others."""
    from ui import main_window

    monkeypatch.setattr(main_window, "FEATURES", names)
