"""Files: recent files, Save a copy…, the sample data offered on first start, the language menu, the look."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import only_features
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

import ssdesk.store as store_module
import ui.restart as restart_module
from ssdesk.demo import build_demo
from ssdesk.i18n import language
from ssdesk.store import Store
from ui.features.files import fill_recent_menu, save_copy
from ui.features.files.sample import sample_path
from ui.features.files.settings import (
    LANGUAGE_KEY,
    MAX_RECENT,
    preferred_language,
    recent_files,
    remember_file,
    settings,
)
from ui.look import FAMILY, apply_look
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the features under test, settings in a temporary folder, the default file in a temporary data dir."""
    only_features(monkeypatch, "ui.features.catalog", "ui.features.files")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    settings().clear()
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setattr(store_module, "default_case_file", lambda: data / "ssdesk.ssdesk")


def make_window(qtbot: QtBot, path: Path) -> MainWindow:
    win = MainWindow(Store.open(path))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot: QtBot, case_path: Path) -> Iterator[MainWindow]:
    win = make_window(qtbot, case_path)
    yield win
    win.close()


def test_recent_files_list_newest_first_and_prunes_missing_files(qtbot: QtBot, window: MainWindow,
                                                                 tmp_path: Path, case_path: Path) -> None:
    other = tmp_path / "khac.ssdesk"
    assert window.open_path(other, create=True)
    assert recent_files() == [other.resolve(), case_path.resolve()]
    menu = window.findChild(type(window.menu("file")), "recentMenu")
    fill_recent_menu(window, menu)
    names = [a.text() for a in menu.actions() if a.objectName().startswith("recent_")]
    assert names[0].startswith("&1 khac.ssdesk") and names[1].startswith("&2 doan-giam-sat.ssdesk")
    # choosing the older file from the menu opens it again
    menu.findChild(QAction, "recent_2").trigger()
    assert window.store.path == case_path.resolve() or window.store.path == case_path
    # a file deleted meanwhile is dropped from the list
    window.close()
    other.unlink()
    assert recent_files() == [case_path.resolve()]


def test_recent_files_keep_at_most_ten(tmp_path: Path) -> None:
    paths = []
    for n in range(MAX_RECENT + 3):
        path = tmp_path / f"f{n}.ssdesk"
        path.write_bytes(b"")
        paths.append(path)
        remember_file(path)
    assert recent_files() == [p.resolve() for p in reversed(paths)][:MAX_RECENT]


def test_save_a_copy_writes_a_file_the_store_reads_with_the_same_counts(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_demo(window.store)
    counts = window.store.counts()
    target = tmp_path / "ban-sao"  # the extension is added
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    action = window.findChild(QAction, "actionSaveCopy")
    assert action in window.menu("file").actions()
    action.trigger()
    copy = target.with_name("ban-sao.ssdesk")
    assert copy.is_file() and stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert window.store.path.name == "doan-giam-sat.ssdesk"  # the open file stays the open file
    with Store.open(copy, create=False) as again:
        copied = again.counts()
        # the copy is a file of its own: it gets its own identity (and notes where it came from) on first open,
        # so that its backups never mix with the original's (ssdesk.safety.lineage)
        assert copied.pop("ssdesk_meta") == counts.pop("ssdesk_meta") + 1
        assert copied == counts


def test_save_a_copy_refuses_the_open_file_itself(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(window.store.path), ""))
    assert save_copy(window) is None and warnings


def test_an_empty_default_file_offers_the_sample_and_opens_it(qtbot: QtBot) -> None:
    default = store_module.default_case_file()
    win = make_window(qtbot, default)
    qtbot.waitUntil(lambda: (box := win.findChild(QMessageBox, "samplePrompt")) is not None and box.isVisible())
    prompt = win.findChild(QMessageBox, "samplePrompt")
    assert not prompt.isModal() and "sample" in prompt.text()
    qtbot.mouseClick(prompt.findChild(QPushButton, "sampleOpen"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.store.path.name == sample_path().name)
    assert win.store.visits.count() == 1 and win.model.rowCount() == 1
    assert sample_path().parent == default.parent
    win.close()
    with Store.open(default, create=False) as own:
        assert own.visits.count() == 0  # the user's own file was left empty


def test_the_sample_is_not_offered_for_other_files_or_once_declined(qtbot: QtBot, case_path: Path) -> None:
    win = make_window(qtbot, case_path)
    qtbot.wait(20)
    assert win.findChild(QMessageBox, "samplePrompt") is None
    win.close()
    default = make_window(qtbot, store_module.default_case_file())
    qtbot.waitUntil(lambda: default.findChild(QMessageBox, "samplePrompt") is not None)
    prompt = default.findChild(QMessageBox, "samplePrompt")
    qtbot.mouseClick(prompt.findChild(QPushButton, "sampleLater"), Qt.MouseButton.LeftButton)
    assert default.store.path == store_module.default_case_file()
    default.close()
    again = make_window(qtbot, store_module.default_case_file())
    qtbot.wait(20)
    assert again.findChild(QMessageBox, "samplePrompt") is None
    again.close()


def test_the_language_menu_stores_the_choice_and_restarts_the_app(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(restart_module, "launcher", lambda program, args: started.append((program, args)) or True)
    assert window.findChild(QAction, "language_en").isChecked()  # the tests run in English
    window.findChild(QAction, "language_vi").trigger()
    assert settings().value(LANGUAGE_KEY) == "vi" and preferred_language() == "vi" and language() == "vi"
    prompt = window.findChild(QMessageBox, "restartPrompt")
    assert prompt is not None and prompt.isVisible()
    prompt.findChild(QPushButton, "restartLater").click()  # Later: the window stays, nothing started
    assert window.isVisible() and started == []

    window.findChild(QAction, "language_en").trigger()
    assert preferred_language() == "en" and language() == "en"
    [prompt] = [b for b in window.findChildren(QMessageBox, "restartPrompt") if b.isVisible()]
    prompt.findChild(QPushButton, "restartNow").click()
    assert not window.isVisible()  # closed (the file saved and closed) before the new process starts
    assert started == [(sys.executable, ["-m", "ssdesk", "--lang", "en", str(window.store.path)])]


def test_the_restart_command_starts_the_app_in_the_chosen_language(tmp_path: Path) -> None:
    """The command a restart runs really starts ssdesk (headless, quitting once its window is up)."""
    program, args = restart_module.restart_command(str(tmp_path / "moi.ssdesk"), "en")
    env = dict(os.environ, SSDESK_QUIT_WHEN_READY="1", QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               HOME=str(tmp_path), SSDESK_BACKUP_DIR=str(tmp_path / "b"), SSDESK_LANG="vi")
    done = subprocess.run([program, *args], env=env, capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert "ssdesk: ready" in done.stderr and (tmp_path / "moi.ssdesk").is_file()


def test_the_language_setting_is_read_at_start() -> None:
    assert preferred_language() is None  # nothing chosen: SSDESK_LANG or Vietnamese
    settings().setValue(LANGUAGE_KEY, "en")
    assert preferred_language() == "en"
    settings().setValue(LANGUAGE_KEY, "fr")  # not a language of the app
    assert preferred_language() is None


def test_apply_look_uses_the_bundled_font(qapp: Any) -> None:
    before = QApplication.font()
    try:
        font = apply_look(qapp)
        assert font.family() == FAMILY and font.pointSize() == 10
        assert QApplication.font().family() == FAMILY
    finally:
        QApplication.setFont(before)
