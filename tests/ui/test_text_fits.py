"""No text cut off (issue 14.12): at 1280×800 and 1024×768, in Vietnamese and English, every page of the main window,
every tab of the visit editor, the live minutes and the app's dialogs are walked, and each label, button, tab, column
header and placeholder is measured against its widget with QFontMetrics. Elided table cells show their full text as
a tooltip (ui.cell_tips)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QTableView,
    QToolButton,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.i18n import set_language
from ssdesk.store import Store
from ui.cell_tips import header_text_width
from ui.cell_tips import install as install_cell_tips
from ui.main_window import MainWindow

SIZES = ((1280, 800), (1024, 768))


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _where(widget: QWidget) -> str:
    names = []
    w: QWidget | None = widget
    while w is not None and len(names) < 4:
        names.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(names))


def cut_texts(root: QWidget) -> list[str]:
    """Every visible text under ``root`` that its widget is too small to show whole."""
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.width() <= 1:
            continue
        fm = w.fontMetrics()
        if isinstance(w, QLabel):
            text = w.text()
            if not text or w.wordWrap() or w.textFormat() == Qt.TextFormat.RichText or "<" in text or \
                    w.pixmap() is not None and not w.pixmap().isNull():
                continue
            need = max(fm.horizontalAdvance(_plain(line)) for line in text.splitlines() or [""])
            room = w.contentsRect().width() - 2 * max(w.margin(), 0) - max(w.indent(), 0)
            if need > room + 1:
                found.append(f"label {_where(w)}: “{text}” needs {need}px, has {room}px")
        elif isinstance(w, (QPushButton, QCheckBox, QRadioButton)) or \
                (isinstance(w, QToolButton) and w.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly
                 and w.text()):
            assert isinstance(w, QAbstractButton)
            if w.text() and w.sizeHint().width() > w.width() + 1:
                found.append(f"button {_where(w)}: “{_plain(w.text())}” needs {w.sizeHint().width()}px, "
                             f"has {w.width()}px")
        elif isinstance(w, QLineEdit) and w.placeholderText() and not w.text():
            clear = 22 if w.isClearButtonEnabled() else 0
            margins = w.textMargins()
            room = w.contentsRect().width() - 8 - clear - margins.left() - margins.right()
            need = fm.horizontalAdvance(w.placeholderText())
            if need > room:
                found.append(f"placeholder {_where(w)}: “{w.placeholderText()}” needs {need}px, has {room}px")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.tabSizeHint(i).width() > w.tabRect(i).width() + 1:
                    found.append(f"tab {_where(w)}: “{_plain(w.tabText(i))}”")
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal and w.model() is not None:
            model = w.model()
            for section in range(w.count()):
                if w.isSectionHidden(section) or w.sectionSize(section) == 0:
                    continue
                text = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                need = header_text_width(w, section)  # text + the style's margins (+ the sort arrow)
                if need > w.sectionSize(section):
                    found.append(f"column {_where(w)}: “{text}” needs {need}px, has {w.sectionSize(section)}px")
    return found


def _walk(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> list[str]:
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    found: list[str] = []
    for row in range(window.sidebar.count()):
        window.sidebar.setCurrentRow(row)
        qtbot.wait(30)
        key = window.sidebar.item(row).data(Qt.ItemDataRole.UserRole)
        found += [f"[page {key}] {p}" for p in cut_texts(window)]
    window.sidebar.setCurrentRow(0)
    editor = window.open_visit(window.model.row_at(0).id)
    qtbot.waitUntil(lambda: editor.session.loaded, timeout=5000)  # read on a worker
    editor.resize(*size)
    qtbot.waitExposed(editor)
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        qtbot.wait(30)
        found += [f"[editor {editor.tabs.widget(index).objectName()}] {p}" for p in cut_texts(editor)]
    editor.action_live_minutes.trigger()
    qtbot.wait(50)
    for top in QApplication.topLevelWidgets():
        if top.objectName() == "liveMinutes" and top.isVisible():
            top.resize(*size)
            qtbot.wait(30)
            found += [f"[live minutes] {p}" for p in cut_texts(top)]
            top.close()
    editor.close()
    return found


def _dialogs(qtbot: QtBot, window: MainWindow) -> list[str]:
    """The app's dialogs opened from the main window's menus (each closed again)."""
    from ui.features.help import HelpFeature
    from ui.features.identity import IdentityFeature

    found: list[str] = []
    help_feature = window.findChild(HelpFeature)
    identity = window.findChild(IdentityFeature)
    openers = [("shortcuts", help_feature.show_shortcuts), ("about", help_feature.show_about),
               ("identity", identity.edit)]
    for name, opener in openers:
        dialog = opener()
        qtbot.waitExposed(dialog)
        found += [f"[dialog {name}] {p}" for p in cut_texts(dialog)]
        dialog.close()
    from ui.visit_editor import NewVisitDialog

    new_visit = NewVisitDialog(window.store, window)
    new_visit.show()
    qtbot.waitExposed(new_visit)
    found += [f"[dialog new visit] {p}" for p in cut_texts(new_visit)]
    new_visit.reject()
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_text_is_cut(qtbot: QtBot, tmp_path: Path, lang: str, size: tuple[int, int]) -> None:
    set_language(lang)
    try:
        store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
        build_demo(store)
        window = MainWindow(store)
        qtbot.addWidget(window)
        found = _walk(qtbot, window, size) + _dialogs(qtbot, window)
        window.close()
    finally:
        set_language("en")
    assert found == [], "\n".join(found)


def test_a_cut_cell_shows_its_whole_text_as_a_tooltip(qtbot: QtBot, tmp_path: Path) -> None:
    install_cell_tips()
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    build_demo(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    table: QTableView = window.table
    column = next(c for c in range(window.model.columnCount())
                  if "Hoàng Mai" in str(window.model.index(0, c).data()))
    table.setColumnWidth(column, 60)  # narrower than the unit's name
    index = window.model.index(0, column)
    rect = table.visualRect(index)
    pos = rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, table.viewport().mapToGlobal(pos))
    QApplication.sendEvent(table.viewport(), event)
    assert QToolTip.isVisible() and QToolTip.text() == index.data()
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)
    table.setColumnWidth(column, 800)  # wide enough: no tooltip repeating the text
    event = QHelpEvent(QEvent.Type.ToolTip, table.visualRect(index).center(),
                       table.viewport().mapToGlobal(table.visualRect(index).center()))
    QApplication.sendEvent(table.viewport(), event)
    qtbot.wait(50)
    assert not QToolTip.isVisible()
    window.close()
    store.close()


def test_the_measure_finds_a_cut_label_button_and_placeholder(qtbot: QtBot) -> None:
    """The walk above can fail: a label, a button and a placeholder squeezed below their text are each reported."""
    from PySide6.QtWidgets import QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    label = QLabel("Đơn vị báo cáo kết quả thực hiện")
    button = QPushButton("Tài liệu chứng minh kèm theo")
    edit = QLineEdit()
    edit.setPlaceholderText("Ban Thường vụ Quận ủy Hoàng Mai, Hà Nội")
    for w in (label, button, edit):
        w.setFixedWidth(60)
        layout.addWidget(w)
    root.show()
    qtbot.waitExposed(root)
    found = cut_texts(root)
    assert len(found) == 3 and [f.split()[0] for f in found] == ["label", "button", "placeholder"]
    for w in (label, button, edit):
        w.setFixedWidth(600)
    qtbot.wait(20)
    assert cut_texts(root) == []
