"""The visit editor driven as a secretary would: typing, pausing, undoing, closing, reopening the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import MakeStore, open_editor, type_text
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from ssdesk.enums import Side, VisitState
from ssdesk.store import Store
from ui.main_window import MainWindow
from ui.visit_editor import AUTOSAVE_MS, NewVisitDialog, VisitEditor
from ui.visit_table import COL_PLACE, ROW_ROLE

WAIT = AUTOSAVE_MS * 6


def field(editor: VisitEditor, name: str) -> QLineEdit:
    widget = editor.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def retype(qtbot: QtBot, widget: QLineEdit, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    type_text(qtbot, widget, text)  # typing over the selection replaces it


def stored(path: Path, visit_id: str) -> object:
    """The visit as another program would read it: a new Store on the file."""
    with Store.open(path, create=False) as other:
        return other.visits.get(visit_id)


def first_visit(store: Store) -> str:
    return store.visits.rows()[0].id


# -- typing and autosave --------------------------------------------------------------------------------------------

def test_typed_text_is_autosaved_and_found_after_reopening_the_file(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    editor = open_editor(qtbot, store, visit_id)
    assert editor.tabs.count() == 7

    retype(qtbot, field(editor, "place"), "Hội trường UBND quận Hoàng Mai")
    type_text(qtbot, field(editor, "title"), "Làm việc về Chương trình 08")
    agenda = editor.findChild(QPlainTextEdit, "agenda")
    agenda.setFocus()
    type_text(qtbot, agenda, "1. Báo cáo")

    qtbot.waitUntil(lambda: store.visits.get(visit_id).agenda == "1. Báo cáo", timeout=WAIT)
    assert editor.status.text().startswith("Saved at ")
    editor.close()
    store.close()

    visit = stored(store.path, visit_id)
    assert visit.place == "Hội trường UBND quận Hoàng Mai"
    assert visit.title == "Làm việc về Chương trình 08"
    assert visit.agenda == "1. Báo cáo"


def test_closing_saves_what_was_typed_before_the_pause(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    editor = open_editor(qtbot, store, visit_id)
    retype(qtbot, field(editor, "place"), "Phòng họp số 2")

    editor.close()  # well inside the debounce interval

    assert store.visits.get(visit_id).place == "Phòng họp số 2"
    store.close()


def test_ctrl_s_saves_at_once(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    editor = open_editor(qtbot, store, visit_id)
    retype(qtbot, field(editor, "place"), "Trụ sở Quận ủy")

    editor.action_save.trigger()

    assert store.visits.get(visit_id).place == "Trụ sở Quận ủy"
    editor.close()
    store.close()


def test_dates_are_shown_the_vietnamese_way(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    editor = open_editor(qtbot, store, first_visit(store))
    assert field(editor, "starts_at").text() == "27/02/2024 08:00"
    editor.close()
    store.close()


# -- refused input ----------------------------------------------------------------------------------------------------

def test_end_before_start_is_refused_next_to_the_field_and_the_text_stays(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    editor = open_editor(qtbot, store, visit_id)
    ends = field(editor, "ends_at")
    error = editor.findChild(QLabel, "error_ends_at")

    retype(qtbot, ends, "27/02/2024 07:30")  # the session starts at 08:00

    qtbot.waitUntil(lambda: error.isVisible(), timeout=WAIT)
    assert "must end after it starts" in error.text()
    assert ends.text() == "27/02/2024 07:30"
    assert "must end after it starts" in ends.toolTip()
    assert editor.status.text().startswith("Not saved")
    assert store.visits.get(visit_id).ends_at is None  # nothing inconsistent stored

    editor.findChild(QLineEdit, "place").setFocus()  # leaving the field keeps the text too
    assert ends.text() == "27/02/2024 07:30"

    retype(qtbot, ends, "27/02/2024 11:30")
    qtbot.waitUntil(lambda: store.visits.get(visit_id).ends_at == dt.datetime(2024, 2, 27, 11, 30), timeout=WAIT)
    assert not error.isVisible()
    editor.close()
    store.close()


def test_a_date_that_is_not_a_date_is_explained(qtbot: QtBot, seeded: MakeStore,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    editor = open_editor(qtbot, store, visit_id)
    starts = field(editor, "starts_at")
    retype(qtbot, starts, "31/02/2024 08:00")
    editor.action_save.trigger()

    error = editor.findChild(QLabel, "error_starts_at")
    assert error.isVisible() and "not a valid date" in error.text()
    assert starts.text() == "31/02/2024 08:00"
    assert store.visits.get(visit_id).starts_at == dt.datetime(2024, 2, 27, 8, 0)

    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    assert not editor.close()  # the refused text is not thrown away silently
    assert editor.isVisible() and "not a valid date" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    assert editor.close()
    store.close()


# -- undo -------------------------------------------------------------------------------------------------------------

def test_undo_writes_the_previous_value_back_and_redo_again(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    before = store.visits.get(visit_id).place
    editor = open_editor(qtbot, store, visit_id)
    place = field(editor, "place")
    retype(qtbot, place, "Nhà văn hóa phường")
    qtbot.waitUntil(lambda: store.visits.get(visit_id).place == "Nhà văn hóa phường", timeout=WAIT)

    qtbot.keyClick(place, "z", Qt.KeyboardModifier.ControlModifier)  # the editor's undo, not the field's

    assert store.visits.get(visit_id).place == before
    assert place.text() == before
    editor.action_redo.trigger()
    assert store.visits.get(visit_id).place == "Nhà văn hóa phường"
    assert place.text() == "Nhà văn hóa phường"
    editor.close()
    store.close()


def test_state_moves_one_step_and_undo_moves_it_back(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    editor = open_editor(qtbot, store, visit_id)
    assert not editor.state_row.back.isVisible()

    editor.state_row.forward.click()

    assert store.visits.get(visit_id).state == VisitState.HELD
    assert editor.state_row.label.text() == "Held"
    editor.action_undo.trigger()
    assert store.visits.get(visit_id).state == VisitState.PLANNED
    assert editor.state_row.label.text() == "Planned"
    editor.close()
    store.close()


# -- with the main window ---------------------------------------------------------------------------------------------

def test_enter_on_a_row_opens_the_editor_and_the_list_follows_its_edits(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(2)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.table.setCurrentIndex(window.model.index(0, 0))
    visit_id = window.model.index(0, 0).data(ROW_ROLE).id

    window.table.activated.emit(window.model.index(0, 0))  # what Enter or a double-click does

    editor = window.editors[visit_id]
    assert window.open_visit(visit_id) is editor  # one window per visit
    qtbot.waitUntil(lambda: editor.session.loaded, timeout=WAIT)  # shown at once, the visit read on a worker
    retype(qtbot, field(editor, "place"), "Phòng khánh tiết")
    qtbot.waitUntil(lambda: window.model.index(0, COL_PLACE).data() == "Phòng khánh tiết", timeout=WAIT)

    retype(qtbot, field(editor, "place"), "Phòng họp tầng 3")
    window.close()  # closes the editor first, which saves; then the file
    assert not editor.isVisible()
    assert stored(store.path, visit_id).place == "Phòng họp tầng 3"


def test_new_working_session_asks_then_opens_the_editor(qtbot: QtBot, seeded: MakeStore,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    store = seeded(0)
    window = MainWindow(store)
    qtbot.addWidget(window)

    def exec_(dialog: NewVisitDialog) -> int:
        dialog.unit.setCurrentIndex(1)
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewVisitDialog, "exec", exec_)
    editor = window.new_visit()
    assert editor is not None
    qtbot.waitUntil(lambda: editor.session.loaded, timeout=WAIT)  # shown at once, the visit read on a worker

    assert store.visits.count() == 1
    assert editor.session.names["unit"] == store.catalog.units()[1].name
    assert "New &working session…" in [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    window.close()


# -- keyboard -------------------------------------------------------------------------------------------------------

def test_ctrl_f_filters_the_current_page_and_ctrl_p_asks_for_printing(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        store.visits.add_attendee(visit_id, name, Side.UNIT)
    editor = open_editor(qtbot, store, visit_id)
    editor.tabs.setCurrentWidget(editor.attendees)

    editor.action_find.trigger()
    assert editor.focusWidget() is editor.find_box
    type_text(qtbot, editor.find_box, "bình")

    hidden = [editor.attendees.table.isRowHidden(r) for r in range(3)]
    assert hidden == [True, False, True]
    editor.find_box.clear()
    assert not any(editor.attendees.table.isRowHidden(r) for r in range(3))

    with qtbot.waitSignal(editor.print_requested) as blocker:
        editor.action_print.trigger()
    assert blocker.args == [visit_id]
    keys = {a.objectName(): a.shortcuts()[0].toString() for a in editor.actions()}
    assert keys["actionSave"] == "Ctrl+S" and keys["actionUndo"] == "Ctrl+Z" and keys["actionFind"] == "Ctrl+F"
    assert keys["actionPrint"] == "Ctrl+P" and keys["actionClose"] == "Ctrl+W"
    editor.action_close.trigger()
    assert not editor.isVisible()
    store.close()


def test_every_control_has_an_accessible_name(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    editor = open_editor(qtbot, store, first_visit(store))
    from PySide6.QtWidgets import QComboBox, QSpinBox

    unnamed = [w.objectName() for cls in (QLineEdit, QPlainTextEdit, QComboBox, QSpinBox)
               for w in editor.findChildren(cls)
               if not w.accessibleName() and not isinstance(w.parent(), QComboBox)
               and w.objectName() != "qt_spinbox_lineedit"]
    assert unnamed == []
    editor.close()
    store.close()


def test_reopening_keeps_an_unknown_index_harmless(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert window.open_visit_at(QModelIndex()) is None
    window.close()
