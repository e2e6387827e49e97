"""On a small screen a request's own text keeps a readable width (the walk at 1024×768 found it a hand wide)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.store import Store
from ui.visit_editor import VisitEditor


def test_text_column_keeps_two_fifths_at_1024(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.ssdesk")
    editor = VisitEditor(store, build_demo(store))
    qtbot.addWidget(editor)
    editor.resize(1024, 768)
    editor.show()
    qtbot.waitExposed(editor)
    page = editor.recommendations
    editor.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.table.isVisible())
    table = page.table
    header = table.horizontalHeader()
    text = page.model.column_of("text")
    assert header.sectionResizeMode(text) == QHeaderView.ResizeMode.Stretch
    total = table.viewport().width()
    qtbot.waitUntil(lambda: table.columnWidth(text) >= 0.4 * total - 2)
    # the other columns still show something: none squeezed below the header's minimum
    for col in range(page.model.columnCount()):
        assert table.columnWidth(col) >= header.minimumSectionSize()
    editor.close()
    store.close()
