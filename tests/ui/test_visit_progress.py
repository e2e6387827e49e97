"""Issue 14.5/14.6 in the GUI: requests numbered as they are added and moved; the state follows the work; the
minutes of a planned session say so before printing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.enums import VisitState
from ssdesk.models import Recommendation
from ssdesk.store import Store
from ui.features.documents.dialog import DocumentDialog
from ui.visit_editor import VisitEditor


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """The sample file and a new, planned session of its delegation (past date, nothing recorded)."""
    store = Store.open(tmp_path / "case.ssdesk")
    demo = store.visits.get(build_demo(store))
    unit = store.catalog.add_unit("Đảng ủy phường Tương Mai", "ward_committee")
    visit_id = store.visits.create(delegation_id=demo.delegation_id, unit_id=unit.id, programme_id=demo.programme_id,
                                   starts_at="05/03/2024 08:00").id
    yield store, visit_id
    store.close()


def _editor(qtbot: QtBot, store: Store, visit_id: str) -> VisitEditor:
    editor = VisitEditor(store, visit_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _numbers(editor: VisitEditor) -> list[tuple[str, str]]:
    model = editor.models[Recommendation]
    ref, text = model.column_of("ref"), model.column_of("text")
    return [(model.index(r, ref).data(), model.index(r, text).data()) for r in range(model.rowCount())]


def test_requests_are_numbered_when_added_and_follow_a_move(qtbot: QtBot, fresh: tuple[Store, str]) -> None:
    store, visit_id = fresh
    editor = _editor(qtbot, store, visit_id)
    editor.tabs.setCurrentWidget(editor.recommendations)
    text = editor.findChild(QLineEdit, "recText")
    assert text is not None
    for request in ("Rà soát hồ sơ", "Kiện toàn chi bộ", "Báo cáo kết quả"):
        text.setText(request)
        qtbot.keyClick(text, Qt.Key.Key_Return)
    assert _numbers(editor) == [("1", "Rà soát hồ sơ"), ("2", "Kiện toàn chi bộ"), ("3", "Báo cáo kết quả")]

    table = editor.recommendations.table
    table.selectRow(2)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert _numbers(editor) == [("1", "Rà soát hồ sơ"), ("2", "Báo cáo kết quả"), ("3", "Kiện toàn chi bộ")]
    with store.read() as s:
        stored = sorted((r.order_no, r.ref, r.text) for r in s.query(Recommendation).filter_by(visit_id=visit_id))
    assert [(ref, t) for _o, ref, t in stored] == _numbers(editor)
    # the renumbered rows are edited without a conflict: the editor took their new versions
    model = editor.models[Recommendation]
    assert model.setData(model.index(2, model.column_of("text")), "Kiện toàn chi bộ trực thuộc")
    assert not model.problems()
    assert editor.flush()


def test_the_state_moves_as_attendees_are_recorded(qtbot: QtBot, fresh: tuple[Store, str]) -> None:
    store, visit_id = fresh
    editor = _editor(qtbot, store, visit_id)
    label = editor.findChild(QLabel, "stateLabel")
    assert label is not None and label.text() == VisitState.PLANNED.label
    editor.tabs.setCurrentWidget(editor.attendees)
    who = editor.findChild(QComboBox, "attendeeName")
    assert isinstance(who, QComboBox)
    who.setEditText("Trần Văn Khách")
    qtbot.keyClick(who.lineEdit(), Qt.Key.Key_Return)
    assert store.visits.get(visit_id).state is VisitState.HELD
    qtbot.waitUntil(lambda: label.text() == VisitState.HELD.label)
    editor.findChild(QLineEdit, "place").setText("Hội trường phường")  # type: ignore[union-attr]
    assert editor.flush()  # the visit's fields still save after the state moved under the editor
    assert store.visits.get(visit_id).place == "Hội trường phường"


def test_the_minutes_of_a_planned_session_say_so(qtbot: QtBot, fresh: tuple[Store, str]) -> None:
    store, visit_id = fresh
    dialog = DocumentDialog(store, visit_id, "minutes")
    qtbot.addWidget(dialog)
    warning = dialog.findChild(QLabel, "plannedWarning")
    assert warning is not None and not warning.isHidden() and "planned" in warning.text()
    store.visits.add_statement(visit_id, "Trần Văn Khách", "Báo cáo tình hình")
    held = DocumentDialog(store, visit_id, "minutes")
    qtbot.addWidget(held)
    warning = held.findChild(QLabel, "plannedWarning")
    assert warning is not None and warning.isHidden()
