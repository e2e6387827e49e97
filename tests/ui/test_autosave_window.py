"""The visit editor and the live minutes share one autosaving window (issue 16.4), and neither reads the whole visit
again after its own autosave: the echo of its own change notice is skipped, anyone else's change still reloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.models import Statement
from ssdesk.store import Store
from ui.features.minutes.live import LiveMinutesWindow
from ui.visit_editor import AUTOSAVE_MS, VisitEditor
from ui.visit_editor.autosave import AutosavingWindow

WAIT = AUTOSAVE_MS * 6


def _type(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text`` (QTest's keyClicks only knows ASCII)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _settle(qtbot: QtBot) -> None:
    """Let queued change notices and zero-time reload timers run."""
    for _ in range(5):
        qtbot.wait(20)


def test_both_windows_are_one_kind() -> None:
    assert issubclass(VisitEditor, AutosavingWindow) and issubclass(LiveMinutesWindow, AutosavingWindow)


def test_the_editor_does_not_reload_after_its_own_autosave(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    visit_id = build_demo(store)
    editor = VisitEditor(store, visit_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    _settle(qtbot)
    loads = editor.session.loads
    place = editor.findChild(QLineEdit, "place")
    assert place is not None
    place.selectAll()
    _type(place, "Hội trường B")
    qtbot.waitUntil(lambda: store.visits.get(visit_id).place == "Hội trường B", timeout=WAIT)
    _settle(qtbot)
    assert editor.session.loads == loads  # its own write: the snapshot already holds it
    assert editor.session.visit["place"] == "Hội trường B"
    assert editor.status.text().startswith("Saved at")

    # someone else's write (another window, the office server) still reloads, and shows
    store.visits.update(visit_id, agenda="Chương trình mới do người khác sửa")
    qtbot.waitUntil(lambda: editor.session.loads == loads + 1, timeout=WAIT)
    assert editor.session.visit["agenda"] == "Chương trình mới do người khác sửa"
    editor.close()
    store.close()


def test_the_live_minutes_do_not_reload_after_their_own_autosave(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    visit_id = build_demo(store)
    live = LiveMinutesWindow(store, visit_id)
    qtbot.addWidget(live)
    live.now = lambda: dt.datetime(2024, 2, 27, 10, 35)
    live.show()
    qtbot.waitExposed(live)
    _settle(qtbot)
    loads = live.session.loads
    live.chooser.pick_number(2)
    _type(live.text, "Ý kiến về công tác cán bộ")
    qtbot.waitUntil(lambda: any(s.text == "Ý kiến về công tác cán bộ"
                                for s in store.visits.get(visit_id).statements), timeout=WAIT)
    _settle(qtbot)
    assert live.session.loads == loads
    assert "Ý kiến về công tác cán bộ" in live.transcript.toPlainText()  # shown from the snapshot
    statement = next(s for s in store.visits.get(visit_id).statements if s.text == "Ý kiến về công tác cán bộ")
    store.visits.update_part(Statement, statement.id, text="Sửa ở cửa sổ khác")
    qtbot.waitUntil(lambda: live.session.loads == loads + 1, timeout=WAIT)
    live.close()
    store.close()


def test_the_first_opening_shows_the_window_before_the_visit_is_read(qtbot: QtBot, tmp_path: Path) -> None:
    """Issue 14.15: the main window opens an editor at once and reads the visit on a worker; the tabs wait."""
    from ui.main_window import MainWindow

    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    visit_id = build_demo(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    editor = window.open_visit(visit_id)
    # back on the event loop at once: the window is up, the visit not read yet (nothing typed can be lost: the
    # tabs take no input until it is)
    assert editor.isVisible() and not editor.session.loaded and not editor.tabs.isEnabled()
    assert editor.status.text() == "Opening the working session…"
    landed: list[str] = []
    editor.when_loaded(lambda: landed.append(editor.session.visit["place"]))
    qtbot.waitUntil(lambda: editor.session.loaded, timeout=5000)
    assert editor.tabs.isEnabled() and landed == [store.visits.get(visit_id).place]
    place = editor.findChild(QLineEdit, "place")
    assert place is not None and place.text() == store.visits.get(visit_id).place
    assert window.open_visit(visit_id) is editor  # one window per visit, loaded once
    assert editor.session.loads == 1
    editor.close()
    window.close()
