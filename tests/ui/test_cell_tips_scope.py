"""The cell-tips filter (issue 14, its cost) sits only on the widgets that need it — item views' viewports, headers,
combo boxes — wherever and whenever they are built, and never sees the events of the other widgets of a window
(an application-wide filter doubled the time to build one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QStringListModel
from PySide6.QtGui import QHelpEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.cell_tips import CellTips, PolishHook, install


class Recording(CellTips):
    """The real filter, recording what reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        self.seen.append(watched)
        return super().eventFilter(watched, event)


@pytest.fixture
def seen() -> Iterator[list[QObject]]:
    """Every object whose event reached the filter, for the widgets the test builds (the style's filter is a
    recording one meanwhile: PySide keeps the method of an object it already called, so patching the class would
    not do)."""
    install()
    style = QApplication.instance().style()  # type: ignore[union-attr]
    assert isinstance(style, PolishHook)
    before, style.tips = style.tips, Recording()
    try:
        yield style.tips.seen  # type: ignore[attr-defined]
    finally:
        style.tips = before


def test_plain_widgets_never_pass_through_the_filter(qtbot: QtBot, seen: list[QObject]) -> None:
    install()
    assert isinstance(QApplication.instance().style(), PolishHook)
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    for i in range(100):
        layout.addWidget(QLabel(f"Nhãn {i}"))
        layout.addWidget(QLineEdit())
    root.show()
    qtbot.waitExposed(root)
    root.resize(600, 900)
    qtbot.wait(20)
    assert seen == []  # ~1,000 events of building and showing: none of them here


def test_a_table_and_a_combo_built_after_install_are_covered(qtbot: QtBot, seen: list[QObject]) -> None:
    """A dialog made later, its table filled later (as a page built on first show): its cut cells and choices
    still show their whole text, and its header widens a column to its title."""
    install()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = QTableView(dialog)
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["Thời điểm ghi nhận", "Đơn vị"])
    long_name = "Ban Thường vụ Quận ủy Hoàng Mai, thành phố Hà Nội"
    model.setData(model.index(0, 1), long_name)
    table.setModel(model)
    table.horizontalHeader().setMinimumSectionSize(10)
    table.setColumnWidth(0, 20)  # narrower than its title
    table.setColumnWidth(1, 60)  # narrower than the unit's name
    combo = QComboBox(dialog)
    combo.setModel(QStringListModel(["08-CTr/TU — Phát triển hệ thống an sinh xã hội giai đoạn 2021-2025"]))
    combo.setFixedWidth(120)
    layout.addWidget(table)
    layout.addWidget(combo)
    table.show()
    combo.show()
    qtbot.wait(30)
    header = table.horizontalHeader()
    assert header in seen and table.viewport() in seen and combo in seen
    assert header.sectionSize(0) >= header.fontMetrics().horizontalAdvance("Thời điểm ghi nhận")
    rect = table.visualRect(model.index(0, 1))
    pos = rect.center()
    QApplication.sendEvent(table.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, table.viewport().mapToGlobal(pos)))
    assert QToolTip.isVisible() and QToolTip.text() == long_name
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)
    pos = combo.rect().center()
    QApplication.sendEvent(combo, QHelpEvent(QEvent.Type.ToolTip, pos, combo.mapToGlobal(pos)))
    assert QToolTip.isVisible() and QToolTip.text() == combo.currentText()
    QToolTip.hideText()


def test_install_is_once_and_keeps_the_look(qtbot: QtBot) -> None:
    app = QApplication.instance()
    first = install()
    style = app.style()
    assert install() is first and app.style() is style  # not a proxy around a proxy
    assert isinstance(style, PolishHook) and not isinstance(style.baseStyle(), PolishHook)
