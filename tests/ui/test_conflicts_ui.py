"""Someone else changed the record while it was being edited: the editors report the conflict, keep what was typed,
and show the other version after Reload — never overwrite it silently, never conflict with their own autosaves.

A case file can be open in one Store only (file lock), so "someone else" writes through the same store's services
under another user name (as another window of the app would, with its change notice), or through a raw second
SQLAlchemy connection that sends no notice at all (as another computer would on a server database).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers import MakeStore, open_editor
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from ssdesk.models import Finding
from ssdesk.store import Store
from ui.visit_editor import AUTOSAVE_MS, VisitEditor

OTHER = "khac@may-2"


@contextmanager
def as_user(store: Store, user: str) -> Iterator[Store]:
    before = store.user
    store.user = user
    try:
        yield store
    finally:
        store.user = before


def line(editor: VisitEditor, name: str) -> QLineEdit:
    widget = editor.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def type_over(qtbot: QtBot, widget: QLineEdit, text_: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text_)


def first_visit(store: Store) -> str:
    return store.visits.rows()[0].id


def test_a_field_changed_by_someone_else_while_typing_is_a_conflict_and_reload_shows_theirs(
        qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    editor = open_editor(qtbot, store, visit_id)
    place = line(editor, "place")
    type_over(qtbot, place, "Hoi truong cua toi")  # typed, autosave not yet due
    with as_user(store, OTHER):
        store.visits.update(visit_id, place="Phong hop cua nguoi khac")
    qtbot.wait(50)  # the change notice reaches the editor: the field being typed in is left alone

    assert place.text() == "Hoi truong cua toi"
    editor.flush()  # Ctrl+S / leaving the field / the autosave timer

    assert store.visits.get(visit_id).place == "Phong hop cua nguoi khac"  # theirs is kept
    assert editor.conflict_bar.isVisible()
    message = editor.conflict_bar.message.text()
    assert OTHER in message and "place" in message.lower()
    assert place.text() == "Hoi truong cua toi"  # what was typed stays in the field
    assert "Not saved" in editor.status.text()

    qtbot.mouseClick(editor.conflict_bar.reload_button, Qt.MouseButton.LeftButton)
    assert place.text() == "Phong hop cua nguoi khac"
    assert not editor.conflict_bar.isVisible()
    assert "Hoi truong cua toi" in QApplication.clipboard().text()
    assert "clipboard" in editor.status.text()

    type_over(qtbot, place, "Hoi truong moi")  # after the reload the editor saves again
    assert editor.flush()
    assert store.visits.get(visit_id).place == "Hoi truong moi"
    editor.close()
    store.close()


def test_autosave_never_conflicts_with_itself_and_keeps_other_fields_changed_elsewhere(
        qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    editor = open_editor(qtbot, store, visit_id)
    place, title = line(editor, "place"), line(editor, "title")
    for word in ("Hoi", " truong", " tang 3"):
        place.setFocus()
        place.end(False)
        qtbot.keyClicks(place, word)
        qtbot.wait(AUTOSAVE_MS + 200)  # each pause is an autosave: the version moves on each time
    assert store.visits.get(visit_id).place.endswith("Hoi truong tang 3")
    with as_user(store, OTHER):
        store.visits.update(visit_id, agenda="Chuong trinh do nguoi khac ghi")
    qtbot.wait(50)
    type_over(qtbot, title, "Lam viec ve Chuong trinh 08")
    assert editor.flush()

    visit = store.visits.get(visit_id)
    assert visit.title == "Lam viec ve Chuong trinh 08"
    assert visit.agenda == "Chuong trinh do nguoi khac ghi"
    agenda = editor.findChild(QPlainTextEdit, "agenda")
    assert agenda is not None and agenda.toPlainText() == "Chuong trinh do nguoi khac ghi"
    assert not editor.conflict_bar.isVisible()
    editor.close()
    store.close()


def test_a_change_from_another_computer_without_a_notice_is_a_conflict(
        qtbot: QtBot, seeded: MakeStore, case_path: Path) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    editor = open_editor(qtbot, store, visit_id)
    other = create_engine(f"sqlite:///{case_path}")  # no Store, no notice: like another computer on a server
    try:
        with other.begin() as conn:
            conn.execute(text("UPDATE visit SET place='Ben kia sua', row_version=row_version+1 WHERE id=:i"),
                         {"i": visit_id})
    finally:
        other.dispose()
    type_over(qtbot, line(editor, "place"), "Ben nay sua")
    assert not editor.flush()
    assert editor.conflict_bar.isVisible()
    assert store.visits.get(visit_id).place == "Ben kia sua"
    qtbot.mouseClick(editor.conflict_bar.reload_button, Qt.MouseButton.LeftButton)
    assert line(editor, "place").text() == "Ben kia sua"
    assert "Ben nay sua" in QApplication.clipboard().text()
    editor.close()
    store.close()


def test_a_table_cell_changed_elsewhere_is_reported_and_kept(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    visit_id = first_visit(store)
    finding = store.visits.add_finding(visit_id, kind="limitation", text="Han che ban dau")
    editor = open_editor(qtbot, store, visit_id)
    model = editor.models[Finding]
    # another computer (no notice): the editor's snapshot still holds the old version
    other = create_engine(f"sqlite:///{store.path}")
    try:
        with other.begin() as conn:
            conn.execute(text("UPDATE finding SET text='Han che do nguoi khac sua', row_version=row_version+1 "
                              "WHERE id=:i"), {"i": finding.id})
    finally:
        other.dispose()
    column = next(i for i, c in enumerate(model.columns) if c.field == "text")
    row = next(r for r in range(model.rowCount()) if model.row_at(r)["id"] == finding.id)
    assert model.setData(model.index(row, column), "Han che cua toi")

    assert editor.conflict_bar.isVisible()
    assert model.has_pending()
    assert store.visits.get(visit_id).findings[0].text == "Han che do nguoi khac sua"
    qtbot.mouseClick(editor.conflict_bar.reload_button, Qt.MouseButton.LeftButton)
    assert not model.has_pending()
    assert model.index(row, column).data() == "Han che do nguoi khac sua"
    assert "Han che cua toi" in QApplication.clipboard().text()
    # then an edit saves (the snapshot holds the new version)
    assert model.setData(model.index(row, column), "Han che sau khi tai lai")
    assert store.visits.get(visit_id).findings[0].text == "Han che sau khi tai lai"
    editor.close()
    store.close()
