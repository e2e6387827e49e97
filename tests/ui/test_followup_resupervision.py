"""Re-supervision from the visit editor, and the overlap warning when planning a session."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ssdesk.enums import RecStatus
from ssdesk.store import Store
from ui.visit_editor import NewVisitDialog, VisitEditor
from ui.visit_editor import new_visit as new_visit_module
from ui.visit_editor.resupervision import ResupervisionDialog

TODAY = dt.date(2024, 12, 1)


@pytest.fixture
def two_visits(case_path, seeder: Any) -> tuple[Store, str, list[str]]:
    """An earlier session with two open items and a later one at the same unit."""
    store = Store.open(case_path, create=True, user="test@host")
    add = seeder(store)
    first = add.visit("2024-02-27 08:00")
    recs = [store.recommendations.add(first, direction="request", text=text, ref=ref, deadline="2024-06-30").id
            for ref, text in (("1", "Rà soát hộ nghèo"), ("2", "Kiện toàn ban chỉ đạo"))]
    later = add.visit("2024-10-15 08:00")
    return store, later, recs


def click(qtbot: QtBot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def test_editor_picks_up_open_items_and_records_a_recheck(qtbot: QtBot, two_visits, monkeypatch) -> None:
    store, later, recs = two_visits
    editor = VisitEditor(store, later)
    qtbot.addWidget(editor)
    opened: list[ResupervisionDialog] = []
    monkeypatch.setattr(ResupervisionDialog, "exec", lambda self: opened.append(self) or 0)
    session_menu = editor.menuBar().actions()[0].menu()
    assert editor.action_pick_up in session_menu.actions()
    editor.action_pick_up.trigger()
    dialog = opened[0]
    qtbot.addWidget(dialog)
    dialog.today = TODAY
    dialog.show()
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 0).text() == "1"

    combo = dialog.found_combo(0)
    combo.setCurrentIndex(combo.findData(RecStatus.PARTLY_DONE))
    qtbot.keyClicks(dialog.note_edit(0), "Con 3 ho chua ra soat")
    click(qtbot, dialog.record_button)

    entries = store.followup.rechecks(visit_id=later)
    assert [(e.recommendation_id, e.status, e.note) for e in entries] == [
        (recs[0], RecStatus.PARTLY_DONE, "Con 3 ho chua ra soat")]
    assert store.recommendations.get(recs[0]).status is RecStatus.PARTLY_DONE
    assert not dialog.error.isVisible() and dialog.message.text() == "Recorded: 1."
    assert dialog.recorded.rowCount() == 1 and dialog.recorded.item(0, 2).text() == RecStatus.PARTLY_DONE.label
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "2"  # the checked one left the list
    editor.close()
    store.close()


def test_refusal_is_shown_and_nothing_is_written(qtbot: QtBot, two_visits) -> None:
    store, later, recs = two_visits
    dialog = ResupervisionDialog(store, later, today=dt.date(2024, 10, 1))  # the session has not taken place yet
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.record_button)
    assert "at least one" in dialog.error.text()
    for row in range(2):
        dialog.found_combo(row).setCurrentIndex(1)  # unchanged: a confirmation
    click(qtbot, dialog.record_button)
    assert dialog.error.isVisible() and "has not taken place yet" in dialog.error.text()
    assert store.followup.rechecks(visit_id=later) == []
    assert all(store.followup.history(r) == [] for r in recs)
    store.close()


@pytest.fixture
def overlapping(case_path, seeder: Any) -> tuple[Store, Any, str]:
    """Delegation 3 already visited unit 0 on the programme; delegation 5's plan period overlaps its plan's."""
    store = Store.open(case_path, create=True, user="test@host")
    add = seeder(store)
    plan_a = store.catalog.add_plan("Ban Thường vụ Thành ủy", "Giám sát an sinh",
                                    period_start="2024-03-01", period_end="2024-06-30")
    plan_b = store.catalog.add_plan("Ủy ban Kiểm tra Thành ủy", "Kiểm tra chuyên đề",
                                    period_start="2024-05-01", period_end="2024-09-30")
    store.catalog.update(type(store.catalog.delegation(add.delegation_id)), add.delegation_id, plan_id=plan_a.id)
    add.visit("2024-03-12 08:00")
    other = store.catalog.add_delegation("Đoàn kiểm tra số 5", "Ủy ban Kiểm tra Thành ủy", plan_id=plan_b.id)
    return store, add, other.id


def _fill(dialog: NewVisitDialog, add: Any, delegation_id: str) -> None:
    dialog.delegation.setCurrentIndex(dialog.delegation.findData(delegation_id))
    dialog.starts.setText("20/08/2024 08:00")  # the app's one date field (ui.forms.DateField): typed text
    dialog.starts.textEdited.emit(dialog.starts.text())
    dialog.unit.setCurrentIndex(dialog.unit.findData(add.units[0]))
    dialog.programme.setCurrentIndex(dialog.programme.findData(add.programme_id))


def _answer(monkeypatch: pytest.MonkeyPatch, seen: list[str], button: str | None) -> None:
    def exec_(box: QMessageBox) -> int:
        seen.append(box.text() + "\n" + box.informativeText())
        if button is not None:
            next(b for b in box.buttons() if b.text() == button).click()
        return 0

    monkeypatch.setattr(new_visit_module.QMessageBox, "exec", exec_)


def test_overlap_warning_names_the_other_session_and_cancel_creates_nothing(
        qtbot: QtBot, overlapping, monkeypatch: pytest.MonkeyPatch) -> None:
    store, add, other = overlapping
    dialog = NewVisitDialog(store)
    qtbot.addWidget(dialog)
    _fill(dialog, add, other)
    seen: list[str] = []
    _answer(monkeypatch, seen, None)  # closed with Cancel / Esc
    dialog.accept()
    assert len(seen) == 1 and "Đoàn giám sát số 3" in seen[0] and "12/03/2024" in seen[0]
    assert dialog.visit_id is None and store.visits.count() == 1
    assert "Not planned" in dialog.error.text()

    _answer(monkeypatch, seen, "Plan it anyway")
    dialog.accept()
    assert dialog.visit_id is not None and store.visits.count() == 2
    assert store.visits.get(dialog.visit_id).programme_id == add.programme_id
    store.close()


def test_no_warning_without_overlap(qtbot: QtBot, overlapping, monkeypatch: pytest.MonkeyPatch) -> None:
    store, add, _other = overlapping
    dialog = NewVisitDialog(store)
    qtbot.addWidget(dialog)
    _fill(dialog, add, add.delegation_id)  # the same delegation again: no other body
    seen: list[str] = []
    _answer(monkeypatch, seen, None)
    dialog.accept()
    assert seen == [] and dialog.visit_id is not None
    store.close()


