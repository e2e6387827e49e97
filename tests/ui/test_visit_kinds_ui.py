"""Other shapes of sessions in the GUI (issue 13): a review meeting planned through the new-session dialog with no
delegation and no unit, shown in the list, reopened from the file, printed; a supervision turned into one in the
editor (refused until its convening body is typed, then saved without asking again, and undone with Ctrl+Z)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from helpers import MakeStore, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ssdesk.enums import VisitKind
from ssdesk.store import Store
from ui.features.documents import DocumentDialog
from ui.main_window import MainWindow
from ui.visit_editor import AUTOSAVE_MS, NewVisitDialog, VisitEditor, autosave
from ui.visit_table import COL_DELEGATION, COL_KIND, COL_UNIT

WAIT = AUTOSAVE_MS * 6
BODY = "Ban Chỉ đạo Chương trình 08-CTr/TU"


def choose(qtbot: QtBot, combo: QComboBox, value: str) -> None:
    """Pick ``value`` from the open list, as a click in the popup does: the index changes, then 'activated'."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_F4)  # the popup opens
    popup = combo.view()
    target = combo.findData(value)
    assert target >= 0, value
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    popup.setCurrentIndex(combo.model().index(target, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # chosen: the popup closes and the combo box says 'activated'
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=2000)
    assert combo.currentIndex() == target


def row_shown(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisibleTo(top)


def test_a_review_meeting_is_planned_without_delegation_or_unit_then_reopened_and_printed(
        qtbot: QtBot, seeded: MakeStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store = seeded(0)
    path = store.path
    window = MainWindow(store)
    qtbot.addWidget(window)
    seen: dict[str, object] = {}

    def exec_(dialog: NewVisitDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        assert row_shown(dialog.delegation, dialog) and row_shown(dialog.unit, dialog)
        assert not row_shown(dialog.body, dialog)  # a supervision has no convening body
        choose(qtbot, dialog.kind, VisitKind.REVIEW_MEETING.value)
        assert not row_shown(dialog.delegation, dialog) and not row_shown(dialog.unit, dialog)
        assert row_shown(dialog.body, dialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no convening body yet: refused, said in the dialog
        seen["refusal"] = dialog.error.text()
        assert store.visits.count() == 0 and dialog.isVisible()
        type_text(qtbot, dialog.body, BODY)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return QDialog.DialogCode.Accepted if dialog.visit_id else QDialog.DialogCode.Rejected

    monkeypatch.setattr(NewVisitDialog, "exec", exec_)
    editor = window.new_visit()
    assert editor is not None
    assert seen["refusal"] == "A session of kind “Review meeting” needs the body that convenes it."
    qtbot.waitUntil(lambda: editor.session.loaded)  # the editor reads the visit on a worker
    visit_id = editor.visit_id
    general = editor.findChild(QWidget, "pageGeneral")
    assert general is not None
    kind = general.findChild(QComboBox, "kind")
    body = general.findChild(QLineEdit, "convening_body")
    assert kind is not None and body is not None
    assert kind.currentData() == "review_meeting" and body.text() == BODY
    for name in ("delegation_id", "unit_id"):
        combo = general.findChild(QComboBox, name)
        assert combo is not None and not row_shown(combo, general), name
    assert editor.session.names["delegation"] == BODY and editor.session.names["unit"] == ""
    editor.tabs.setCurrentWidget(editor.page("conclusion"))  # each page but the first is built when first shown
    conclusion = editor.findChild(QPlainTextEdit, "conclusion")
    assert [label.text() for label in editor.findChildren(QLabel) if label.buddy() is conclusion] == \
        ["Conclusion of the chair:"]  # not "of the head of delegation": there is none

    window.reload()
    row = window.model.row_of(visit_id)
    assert row is not None
    assert window.model.index(row, COL_DELEGATION).data() == BODY
    assert window.model.index(row, COL_UNIT).data() == ""
    assert window.model.index(row, COL_KIND).data() == "Review meeting"
    window.close()

    with Store.open(path, create=False) as again:  # the file as it was left
        visit = again.visits.get(visit_id)
        assert (visit.kind, visit.convening_body, visit.delegation_id, visit.unit_id) == \
            (VisitKind.REVIEW_MEETING, BODY, None, None)
        again.visits.add_attendee(visit_id, name="Nguyễn Văn Phong", title="Phó Bí thư Thành ủy, Trưởng Ban Chỉ đạo",
                                  side="delegation", presides=True)
        dialog = DocumentDialog(again, visit_id, "minutes")
        qtbot.addWidget(dialog)
        assert BODY in dialog.windowTitle()
        text = " ".join(" ".join(p.extract_text().split())
                        for p in pypdf.PdfReader(io.BytesIO(dialog.pdf_bytes)).pages)
        assert "BIÊN BẢN" in text and "hội nghị giao ban" in text and "Nguyễn Văn Phong" in text
        dialog.close()


def test_a_supervision_becomes_a_review_meeting_once_its_body_is_typed_and_ctrl_z_undoes_it(
        qtbot: QtBot, seeded: MakeStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave, "may_close_unsaved", lambda *_a: True)  # a failure must not hang on a question
    store = seeded(1)
    visit_id = store.visits.rows()[0].id
    before = store.visits.get(visit_id)
    editor = VisitEditor(store, visit_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    kind = editor.findChild(QComboBox, "kind")
    body = editor.findChild(QLineEdit, "convening_body")
    assert kind is not None and body is not None and not body.isVisibleTo(editor)

    choose(qtbot, kind, VisitKind.REVIEW_MEETING.value)
    error = editor.findChild(QLabel, "error_convening_body")
    assert error is not None and "needs the body that convenes it" in error.text()
    assert store.visits.get(visit_id).kind is VisitKind.SUPERVISION  # nothing stored
    assert body.isVisibleTo(editor)

    type_text(qtbot, body, BODY)
    qtbot.waitUntil(lambda: store.visits.get(visit_id).kind is VisitKind.REVIEW_MEETING, timeout=WAIT)
    stored = store.visits.get(visit_id)
    assert (stored.convening_body, stored.delegation_id, stored.unit_id) == (BODY, None, None)
    assert not error.isVisibleTo(editor)

    editor.activateWindow()
    editor.undo_stack.undo()  # Ctrl+Z: the kind goes back with its delegation and unit
    stored = store.visits.get(visit_id)
    assert (stored.kind, stored.delegation_id, stored.unit_id) == \
        (VisitKind.SUPERVISION, before.delegation_id, before.unit_id)
    qtbot.waitUntil(lambda: kind.currentData() == "supervision", timeout=WAIT)
    editor.close()


def test_the_new_session_dialog_for_each_kind_shows_what_it_needs(qtbot: QtBot, seeded: MakeStore,
                                                                  tmp_path: Path) -> None:
    store = seeded(0)
    dialog = NewVisitDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = {}
    for kind in VisitKind:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind.value))
        shown[kind] = tuple(row_shown(w, dialog) for w in (dialog.delegation, dialog.unit, dialog.body))
    assert shown == {
        VisitKind.SUPERVISION: (True, True, False), VisitKind.INSPECTION: (True, True, False),
        VisitKind.REVIEW_MEETING: (False, False, True), VisitKind.SURVEY: (True, True, True),
        VisitKind.HEARING: (True, True, True), VisitKind.OTHER: (True, True, True)}
    store.close()
