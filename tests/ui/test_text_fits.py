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
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot
from text_fits import DIALOGS, cut_texts, shot, too_large

from ssdesk.demo import build_demo
from ssdesk.i18n import set_language
from ssdesk.store import Store
from ui.cell_tips import install as install_cell_tips
from ui.main_window import MainWindow

SIZES = ((1280, 800), (1024, 768))


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
    found += [f"[editor] {p}" for p in too_large(editor)]
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
            found += [f"[live minutes] {p}" for p in too_large(top)]
            top.resize(*size)
            qtbot.wait(30)
            found += [f"[live minutes] {p}" for p in cut_texts(top)]
            top.close()
    editor.close()
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
        found = _walk(qtbot, window, size)
        window.close()
    finally:
        set_language("en")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("family", sorted(DIALOGS))
def test_no_dialog_text_is_cut(qtbot: QtBot, tmp_path: Path, lang: str, family: str) -> None:
    """Every dialog of the family, as it opens, then squeezed into the smaller screen (1024×768) if larger."""
    from PySide6.QtCore import QCoreApplication

    from ui import qt_strings

    set_language(lang)
    installed = qt_strings.install(QApplication.instance())  # Qt's own buttons and dialogs in the app's language
    found: list[str] = []
    try:
        store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
        build_demo(store)
        window = MainWindow(store)
        qtbot.addWidget(window)
        found += [f"[main window] {p}" for p in too_large(window)]
        window.resize(*SIZES[0])
        window.show()
        qtbot.waitExposed(window)
        opened = DIALOGS[family](qtbot, window, tmp_path)
        for name, dialog in opened:
            # as it opens (a wizard's later pages: at the size the user left it), and what its layout needs at least
            opening = not name.startswith("tracker") or name == "tracker file"
            found += [f"[{name}] {p}" for p in too_large(dialog, opening=opening)]
            need = dialog.sizeHint()
            if need.width() > SIZES[-1][0] or need.height() > SIZES[-1][1]:
                found.append(f"[{name}] needs {need.width()}×{need.height()}: larger than a {SIZES[-1][0]}×"
                             f"{SIZES[-1][1]} screen")
            found += [f"[{name}] {p}" for p in cut_texts(dialog)]
            shot(dialog, f"{lang}-{name}")
            small = SIZES[-1]
            if dialog.width() > small[0] or dialog.height() > small[1]:
                dialog.resize(min(dialog.width(), small[0]), min(dialog.height(), small[1]))
                qtbot.wait(20)
                found += [f"[{name} {small[0]}×{small[1]}] {p}" for p in cut_texts(dialog)]
                shot(dialog, f"{lang}-{name}-small")
            if name.startswith("tracker"):
                continue  # one wizard, page after page
            dialog.close()
        window.close()
    finally:
        QCoreApplication.removeTranslator(installed)
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


def test_a_cut_choice_shows_its_whole_text_as_a_tooltip(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QComboBox, QVBoxLayout

    install_cell_tips()
    root = QWidget()
    qtbot.addWidget(root)
    combo = QComboBox(root)
    title = "08-CTr/TU — Phát triển hệ thống an sinh xã hội, nâng cao phúc lợi xã hội, giai đoạn 2021-2025"
    combo.addItem(title)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setFixedWidth(160)
    QVBoxLayout(root).addWidget(combo)
    root.show()
    qtbot.waitExposed(root)
    pos = combo.rect().center()
    QApplication.sendEvent(combo, QHelpEvent(QEvent.Type.ToolTip, pos, combo.mapToGlobal(pos)))
    assert QToolTip.isVisible() and QToolTip.text() == title
    assert cut_texts(root) == []  # cut, but the whole choice is one hover away
    combo.setToolTip("Chương trình")  # a tooltip of its own hides the whole choice: reported
    assert [f.split()[0] for f in cut_texts(root)] == ["choice"]
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)
    combo.setToolTip("")
    combo.setFixedWidth(1200)  # wide enough: no tooltip repeating it
    qtbot.wait(20)
    pos = combo.rect().center()
    QApplication.sendEvent(combo, QHelpEvent(QEvent.Type.ToolTip, pos, combo.mapToGlobal(pos)))
    qtbot.wait(50)
    assert not QToolTip.isVisible()


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
