"""The Statements page of the visit editor shows each statement's kind in the list, proposes the kind of a new one
from who speaks and when, and changes it with the same keys as the live minutes (issue 20 §1)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import type_text
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.enums import StatementKind
from ssdesk.models import Statement
from ssdesk.store import Store
from ui.visit_editor import AUTOSAVE_MS, VisitEditor

WAIT = AUTOSAVE_MS * 6


@pytest.fixture
def editor(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[VisitEditor, Store, str]]:
    store = Store.open(tmp_path / "case.ssdesk", user="thu-ky@doan1")
    visit_id = build_demo(store)
    window = VisitEditor(store, visit_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.statements)
    yield window, store, visit_id
    window.close()
    store.close()


def test_the_list_shows_each_kind(editor: tuple[VisitEditor, Store, str]) -> None:
    window, _store, _visit = editor
    model = window.statements.model
    lines = [model.data(model.index(r)) for r in range(model.rowCount())]
    assert lines[0].startswith("1. [Report] Nguyễn Xuân Phong")
    assert "[Opinion] Phan Văn Mến" in lines[1]
    assert "[Explanation]" in lines[4] and "[Conclusion] Nguyễn Thị Tuyến" in lines[-1]
    assert window.statements.kind.itemText(window.statements.kind.findData("report")) == "Report (F5)"


def test_a_new_statement_gets_its_kind_from_the_speaker_and_f_keys_change_it(
        qtbot: QtBot, editor: tuple[VisitEditor, Store, str]) -> None:
    window, store, visit_id = editor
    page = window.statements
    page.new_statement()
    type_text(qtbot, page.speaker, "Nguyễn Xuân Linh")  # the unit, after the delegation's opinions
    type_text(qtbot, page.text, "Xin tiếp thu và bổ sung.")
    qtbot.waitUntil(lambda: page.current_id is not None, timeout=WAIT)
    assert page.kind.currentData() == "explanation"
    first = page.current_id
    assert first is not None
    row = page.session.find(Statement, first)
    assert row is not None and row["kind"] == StatementKind.EXPLANATION
    qtbot.keyClick(page.text, Qt.Key.Key_F6)  # one key: it was an opinion after all
    stored = {st.id: st.kind for st in store.visits.get(visit_id).statements}
    assert stored[first] is StatementKind.OPINION
    assert "[Opinion] Nguyễn Xuân Linh" in page.model.data(page.model.index(page.model.rowCount() - 1))

    page.new_statement()
    qtbot.keyClick(page.speaker, Qt.Key.Key_F8)  # chosen by hand before the speaker: kept
    type_text(qtbot, page.speaker, "Phan Văn Mến")
    type_text(qtbot, page.text, "Tóm tắt.")
    qtbot.waitUntil(lambda: page.current_id is not None and page.model.rowCount() == 10, timeout=WAIT)
    second = page.current_id
    assert second is not None
    assert {st.id: st.kind for st in store.visits.get(visit_id).statements}[second] is StatementKind.CONCLUSION


def test_text_typed_before_the_speaker_leaves_no_message_once_the_speaker_is_given(
        qtbot: QtBot, editor: tuple[VisitEditor, Store, str]) -> None:
    """A secretary types what was said first and who said it after: the "required" message the text's save got
    goes as soon as the speaker is given, from the speaker's field and the text's (GUI walk: it stayed, and the
    status line said "not saved" with every field filled)."""
    window, store, _visit = editor
    page = window.statements
    page.new_statement()
    type_text(qtbot, page.text, "Quận đã rà soát danh sách.")
    page.form.save_field("text")
    assert page.form.problems_by_field()  # refused: no speaker yet
    type_text(qtbot, page.speaker, "Nguyễn Xuân Linh")  # the list of attendees opens under the typing
    qtbot.waitUntil(lambda: page.current_id is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: not page.form.problems_by_field(), timeout=WAIT)
    assert all(not b.error_label.isVisible() or not b.error_label.text() for b in page.form.bindings.values())
    row = page.session.find(Statement, page.current_id)
    # made whole, never with the first letter as its speaker (the list's opening took the focus for an instant)
    assert row is not None and row["text"] == "Quận đã rà soát danh sách." and row["speaker_name"] == "Nguyễn Xuân Linh"
