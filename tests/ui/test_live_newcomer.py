"""Live minutes: a speaker not on the list is added on the spot, keyboard only (issue 14.2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.models import Attendee
from ssdesk.store import Store
from ui.features.minutes.live import LiveMinutesWindow


@pytest.fixture
def live(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[Store, str, LiveMinutesWindow]]:
    store = Store.open(tmp_path / "demo.ssdesk")
    visit_id = build_demo(store)
    window = LiveMinutesWindow(store, visit_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield store, visit_id, window
    window.close()
    store.close()


def test_a_speaker_not_on_the_list_is_added_with_name_title_and_side(
        qtbot: QtBot, live: tuple[Store, str, LiveMinutesWindow]) -> None:
    store, visit_id, window = live
    before = len(store.visits.get(visit_id).attendees)
    chooser = window.chooser
    box = chooser.filter
    box.setFocus()
    qtbot.keyClicks(box, "Do Van Khach")  # nobody of that name
    nobody = window.findChild(QLabel, "speakerNobody")
    assert nobody is not None and nobody.isVisible() and "Do Van Khach" in nobody.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter offers the short form, the focus on the title
    form = window.findChild(QWidget, "newSpeaker")
    name = window.findChild(QLineEdit, "newSpeakerName")
    title = window.findChild(QLineEdit, "newSpeakerTitle")
    side = window.findChild(QComboBox, "newSpeakerSide")
    assert form is not None and form.isVisible() and name is not None and title is not None and side is not None
    assert name.text() == "Do Van Khach" and window.focusWidget() is title and side.currentData() == "invited"
    name.setText("Đỗ Văn Khách")  # the diacritics put right in the form
    qtbot.keyClicks(title, "Chu tich MTTQ phuong")
    qtbot.keyClick(title, Qt.Key.Key_Return)  # Enter adds and starts the statement
    assert not form.isVisible()
    attendees = store.visits.get(visit_id).attendees
    assert len(attendees) == before + 1
    added = next(a for a in attendees if a.name == "Đỗ Văn Khách")
    assert added.title == "Chu tich MTTQ phuong" and added.side.value == "invited"
    assert window.speaker is not None and window.speaker["id"] == added.id  # the statement is theirs
    assert any(r["id"] == added.id for r in window.session.rows(Attendee))
    assert window.focusWidget() is window.text


def test_esc_closes_the_form_and_a_refusal_keeps_what_was_typed(
        qtbot: QtBot, live: tuple[Store, str, LiveMinutesWindow]) -> None:
    store, visit_id, window = live
    before = len(store.visits.get(visit_id).attendees)
    box = window.chooser.filter
    box.setFocus()
    qtbot.keyClicks(box, "Nguoi moi")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    name = window.findChild(QLineEdit, "newSpeakerName")
    assert name is not None
    name.clear()  # no name: the core refuses, the form stays with its message
    qtbot.keyClick(name, Qt.Key.Key_Return)
    error = window.findChild(QLabel, "newSpeakerError")
    assert error is not None and error.isVisible() and error.text()
    assert window.findChild(QWidget, "newSpeaker").isVisible()  # type: ignore[union-attr]
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    assert not window.findChild(QWidget, "newSpeaker").isVisible()  # type: ignore[union-attr]
    assert window.focusWidget() is box
    assert len(store.visits.get(visit_id).attendees) == before
