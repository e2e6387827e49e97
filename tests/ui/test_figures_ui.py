"""The figures table of the visit editor: "achieved" is met / not met / not assessed, and an unticked figure stays
not assessed — nothing in the editor turns None into False (issue 20 §2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.models import IndicatorResult
from ssdesk.store import Store
from ui.visit_editor import VisitEditor
from ui.visit_editor.part_models import CHOICES_ROLE


@pytest.fixture
def editor(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[VisitEditor, Path, str]]:
    path = tmp_path / "case.ssdesk"
    store = Store.open(path, user="thu-ky@doan1")
    visit_id = build_demo(store)
    window = VisitEditor(store, visit_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.results)
    yield window, path, visit_id
    window.close()
    store.close()


def stored(path: Path, visit_id: str) -> dict[str, bool | None]:
    with Store.open(path, create=False) as other:
        return {r.label: r.achieved for r in other.visits.get(visit_id).indicator_results if r.label}


def test_a_figure_added_without_a_verdict_is_not_assessed(qtbot: QtBot,
                                                          editor: tuple[VisitEditor, Path, str]) -> None:
    window, path, visit_id = editor
    what = window.findChild(QComboBox, "resultIndicator")
    reported = window.findChild(QLineEdit, "resultReported")
    verdict = window.findChild(QComboBox, "resultAchieved")
    assert what is not None and reported is not None and verdict is not None
    line = what.lineEdit()
    assert line is not None
    assert [verdict.itemData(i) for i in range(verdict.count())] == ["", "met", "not_met"]
    assert verdict.currentText() == "Not assessed"
    type_text(qtbot, line, "Số lượt vay vốn")
    type_text(qtbot, reported, "14.740")
    window.results.add_button.click()
    assert stored(path, visit_id)["Số lượt vay vốn"] is None
    verdict.setCurrentIndex(verdict.findData("not_met"))
    type_text(qtbot, line, "Trường đạt chuẩn")
    type_text(qtbot, reported, "12/30")
    window.results.add_button.click()
    assert verdict.currentData() == ""  # the bar is ready for the next figure, not assessed again
    assert stored(path, visit_id)["Trường đạt chuẩn"] is False


def test_the_table_cell_offers_three_answers_and_keeps_none(editor: tuple[VisitEditor, Path, str]) -> None:
    window, path, visit_id = editor
    model = window.models[IndicatorResult]
    column = model.column_of("achieved")
    row = model.rowCount()
    window.session.add_part(IndicatorResult, {"label": "Số hộ nghèo", "reported": "0"}, label="figure")
    model.refresh()
    cell = model.index(row, column)
    assert model.data(cell) == "—" and model.data(cell, Qt.ItemDataRole.ToolTipRole) == "Not assessed"
    assert [key for _label, key in model.data(cell, CHOICES_ROLE)] == ["", "met", "not_met"]
    met = next(r for r in range(row) if (model.row_at(r) or {}).get("achieved") is True)  # the sample's BHYT
    assert model.data(model.index(met, column)) == "Met"
    note = model.index(row, model.column_of("note"))
    assert model.setData(note, "Hết hộ nghèo từ 06/2023")  # another cell: the verdict is untouched
    assert stored(path, visit_id)["Số hộ nghèo"] is None
    assert model.setData(cell, "not_met")
    assert stored(path, visit_id)["Số hộ nghèo"] is False and model.data(cell) == "Not met"
    assert model.setData(cell, "met")
    assert stored(path, visit_id)["Số hộ nghèo"] is True
    assert model.setData(cell, "")
    assert stored(path, visit_id)["Số hộ nghèo"] is None and model.data(cell) == "—"
    window.session.undo_stack.undo()  # undo goes back to "met", not to a guess
    assert stored(path, visit_id)["Số hộ nghèo"] is True
