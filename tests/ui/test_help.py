"""The daily toolbar and Help: F1 opens the user guide (Vietnamese first, pictures from the app), the shortcut list
read from the actions, About with version and licences (issue 14.9)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import only_features
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLineEdit, QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from ssdesk import __version__
from ssdesk.demo import build_demo
from ssdesk.i18n import set_language
from ssdesk.store import Store
from ui.features.help import AboutDialog, GuideWindow, HelpFeature, ShortcutsDialog, guide_path
from ui.main_window import MainWindow

IMAGE = re.compile(r"!\[[^\]]+\]\(([^)]+)\)")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    only_features(monkeypatch, "ui.features.followup", "ui.features.documents", "ui.features.search",
                  "ui.features.minutes", "ui.features.help")
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    build_demo(store)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def _feature(window: MainWindow) -> HelpFeature:
    found = window.findChild(HelpFeature, "helpFeature")
    assert found is not None
    return found


def test_the_toolbar_holds_the_daily_actions_left_of_search(window: MainWindow, qtbot: QtBot) -> None:
    bar = window.findChild(QToolBar, "dailyToolBar")
    assert bar is not None and bar.isVisible()
    names = [a.iconText() for a in bar.actions()]
    assert names == ["New working session", "Live minutes", "Print minutes", "Follow-up"]
    assert all(not a.icon().isNull() for a in bar.actions())
    search = window.findChild(QToolBar, "searchToolBar")
    if search.geometry().top() >= bar.geometry().bottom():  # a narrow screen (the tests' is 800 px): a row below
        assert window.screen().availableGeometry().width() < 1000
    else:  # one row: the daily actions on the left, the search box on the right
        assert bar.geometry().right() <= search.geometry().left() + search.geometry().width()
        assert bar.geometry().left() < search.geometry().left()
    box = window.findChild(QLineEdit, "searchBox")
    assert box is not None and box.isVisible()  # never hidden behind the toolbar's "»" button
    follow = bar.widgetForAction(bar.actions()[3])
    assert isinstance(follow, QToolButton)
    qtbot.mouseClick(follow, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.page("followup")


def test_f1_opens_the_guide_with_its_pictures(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(GuideWindow, "guideWindow")
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert text.startswith("ssdesk user guide") and "F1" in text  # the tests run in English
    pictures = IMAGE.findall(guide_path().read_text(encoding="utf-8"))
    assert len(pictures) >= 6
    for name in pictures:
        image = guide.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert image is not None and not image.isNull(), name
    guide.close()


def test_the_guide_is_in_vietnamese_first_and_its_pictures_are_small() -> None:
    set_language("vi")
    try:
        path = guide_path()
    finally:
        set_language("en")
    assert path.name == "vi.md" and path.read_text(encoding="utf-8").startswith("# Hướng dẫn sử dụng ssdesk")
    assert guide_path("fr").name == "vi.md"  # a language without a guide gets the Vietnamese one
    for lang in ("vi", "en"):
        for name in IMAGE.findall(guide_path(lang).read_text(encoding="utf-8")):
            picture = guide_path(lang).parent / name
            assert picture.is_file(), name
            assert picture.stat().st_size < 120_000, name  # kept small: 8-bit palette, 900 px wide


def test_shortcuts_and_about(window: MainWindow, qtbot: QtBot) -> None:
    feature = _feature(window)
    dialog = feature.show_shortcuts()
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    pairs = [(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text()) for r in range(dialog.table.rowCount())]
    rows = dict(reversed(pairs))  # the first row of a key: the main window's own action
    assert rows["F1"] == "User guide" and rows["Ctrl+K"] == "Search" and rows["Ctrl+L"].startswith("Live minutes")
    assert "Ctrl+Shift+N" in rows and "Alt+1 … Alt+9" in rows
    dialog.close()
    about = feature.show_about()
    assert isinstance(about, AboutDialog) and about.isVisible()
    text = about.text.text()
    assert f"ssdesk {__version__}" in text and "SIL Open Font License" in text and "CC0" in text
    assert "LGPL" in text and "MIT" in text
    about.close()
    menu = [a.text() for a in window.menu("help").actions()]
    assert menu == ["User &guide", "&Keyboard shortcuts", "&About ssdesk"]
    QApplication.processEvents()
