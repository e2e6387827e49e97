"""Table cells never drop what is typed (issue 14.1): a cell editor commits on Tab and on leaving it; a value the
core refuses stays in its cell with the core's message under the table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.models import IndicatorResult, Recommendation
from ssdesk.store import Store
from ui.visit_editor import VisitEditor


@pytest.fixture
def editor(qtbot: QtBot, tmp_path: Path) -> Iterator[VisitEditor]:
    store = Store.open(tmp_path / "demo.ssdesk")
    window = VisitEditor(store, build_demo(store))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    store.close()


def _type_in_cell(qtbot: QtBot, editor: VisitEditor, table_page: object, row: int, field: str, text: str) -> QLineEdit:
    page = table_page
    model = page.model  # type: ignore[attr-defined]
    table = page.table  # type: ignore[attr-defined]
    index = model.index(row, model.column_of(field))
    table.setCurrentIndex(index)
    table.edit(index)
    cell = QApplication.focusWidget() or table.indexWidget(index)
    cell = table.indexWidget(index) or cell
    assert isinstance(cell, QLineEdit), cell
    cell.selectAll()
    qtbot.keyClicks(cell, text)
    return cell


def test_tab_commits_the_cell(qtbot: QtBot, editor: VisitEditor) -> None:
    editor.tabs.setCurrentWidget(editor.results)
    cell = _type_in_cell(qtbot, editor, editor.results, 0, "reported", "95,5%")
    qtbot.keyClick(cell, Qt.Key.Key_Tab)
    row = editor.models[IndicatorResult].row_at(0)
    assert row is not None
    stored = next(r for r in editor.session.store.visits.get(editor.visit_id).indicator_results if r.id == row["id"])
    assert stored.reported == "95,5%"


def test_leaving_the_cell_commits_it(qtbot: QtBot, editor: VisitEditor) -> None:
    editor.tabs.setCurrentWidget(editor.results)
    cell = _type_in_cell(qtbot, editor, editor.results, 1, "note", "theo bao cao cua don vi")
    editor.findChild(QLineEdit, "resultReported").setFocus()  # type: ignore[union-attr]
    qtbot.wait(10)
    row = editor.models[IndicatorResult].row_at(1)
    stored = next(r for r in editor.session.store.visits.get(editor.visit_id).indicator_results
                  if r.id == row["id"])  # type: ignore[index]
    assert stored.note == "theo bao cao cua don vi"
    assert cell is not None


def test_a_refused_cell_keeps_the_typed_value_with_the_message(qtbot: QtBot, editor: VisitEditor) -> None:
    editor.tabs.setCurrentWidget(editor.recommendations)
    cell = _type_in_cell(qtbot, editor, editor.recommendations, 0, "deadline", "31/02/2024")
    qtbot.keyClick(cell, Qt.Key.Key_Tab)
    model = editor.models[Recommendation]
    shown = model.index(0, model.column_of("deadline")).data()
    assert shown == "31/02/2024"  # kept in its cell, not reverted
    assert editor.recommendations.problems.isVisible() and "31/02/2024" in editor.recommendations.problems.text()
    model.revert_pending()  # Esc on the problems line: closing asks no question then


def test_a_reload_while_typing_in_a_cell_keeps_the_text_with_a_message(qtbot: QtBot, editor: VisitEditor) -> None:
    editor.tabs.setCurrentWidget(editor.results)
    model = editor.models[IndicatorResult]
    _type_in_cell(qtbot, editor, editor.results, 0, "note", "dang go do")
    other = model.row_at(1)
    assert other is not None
    editor.session.store.visits.update_part(IndicatorResult, other["id"], note="sửa ở máy khác")  # another writer
    qtbot.waitUntil(lambda: editor.results.problems.isVisible(), timeout=3000)
    assert model.index(0, model.column_of("note")).data() == "dang go do"  # still there, not silently dropped
    assert "changed meanwhile" in editor.results.problems.text()
    model.revert_pending()
