"""Opening a visit editor never freezes the window (issue 14.15).

The visit is read on a worker, and only the page on screen is built at open: each other tab is built when first
shown. Two checks: what opening builds (the hidden pages must not exist yet, and appear, filled, when their tab is
chosen), and how long the GUI thread is kept from its event loop while the window opens, measured by a heartbeat.

The heartbeat counts the GUI thread's own CPU time between two ticks (``time.thread_time``), not the wall time:
on the shared 2-core test machine another process can hold the core for 100 ms and more, which says nothing
about this code, while the CPU time the GUI thread spends between two turns of its event loop is what this code
costs and what a quiet office PC would show as a freeze. The editor's modules are imported first: importing them is
the first opening's cost in any case (measured by tools/bench_gui.py), not the pages this test is about; without it a
slow machine that compiles them would fail the bound for the wrong reason.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.models import Attendee, Statement
from ssdesk.store import Store
from ui.main_window import MainWindow

#: The longest the GUI thread may compute without returning to its event loop while an editor opens (ms of CPU).
BOUND_MS = 100.0


class Heartbeat(QObject):
    """A 5 ms timer on the GUI thread; ``longest_cpu_ms``: the most CPU time the thread spent between two ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.longest_cpu_ms = 0.0
        self.longest_wall_ms = 0.0
        self._cpu = time.thread_time()
        self._wall = time.perf_counter()

    def start(self) -> None:
        self._cpu, self._wall = time.thread_time(), time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        cpu, wall = time.thread_time(), time.perf_counter()
        self.longest_cpu_ms = max(self.longest_cpu_ms, (cpu - self._cpu) * 1000)
        self.longest_wall_ms = max(self.longest_wall_ms, (wall - self._wall) * 1000)
        self._cpu, self._wall = cpu, wall


def _window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    build_demo(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_opening_builds_only_the_page_on_screen(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path)
    editor = window.open_visit(window.model.row_at(0).id)
    qtbot.waitUntil(lambda: editor.session.loaded, timeout=5000)
    qtbot.waitExposed(editor)
    assert editor.tabs.currentIndex() == 0 and editor.is_built("general")
    hidden = [key for key in editor.page_keys if key != "general"]
    assert [key for key in hidden if editor.is_built(key)] == []
    assert editor.findChild(QComboBox, "attendeeName") is None  # no add bar, no table, no statement form yet
    assert editor.findChild(QPlainTextEdit, "conclusion") is None

    # choosing a tab builds its page, in place, with the visit's rows and fields
    index = editor.page_keys.index("attendees")
    title = editor.tabs.tabText(index)
    editor.tabs.setCurrentIndex(index)
    qtbot.wait(20)
    page = editor.tabs.currentWidget()
    assert editor.is_built("attendees") and page is editor.attendees and editor.tabs.tabText(index) == title
    assert page.isVisible()
    attendees = editor.session.rows(Attendee)
    assert attendees and editor.attendees.table.model().rowCount() == len(attendees)
    assert editor.findChild(QComboBox, "attendeeName") is not None
    assert not editor.is_built("statements")

    editor.tabs.setCurrentIndex(editor.page_keys.index("conclusion"))
    qtbot.wait(20)
    conclusion = editor.findChild(QPlainTextEdit, "conclusion")
    assert conclusion is not None and conclusion.isVisible()
    assert conclusion.toPlainText() == (editor.session.visit.get("conclusion") or "")
    assert conclusion.toPlainText()  # the sample's conclusion is shown, not an empty field

    # a page asked for by code (a search hit opening the statement it found) is built without being shown first
    statement = editor.session.rows(Statement)[1]
    editor.tabs.setCurrentWidget(editor.statements)
    editor.statements.select(statement["id"])
    assert editor.statements.current_id == statement["id"]
    assert editor.statements.text.toPlainText() == statement["text"]
    editor.close()


def test_opening_an_editor_keeps_the_window_responsive(qtbot: QtBot, tmp_path: Path) -> None:
    import ui.visit_editor.editor  # noqa: F401 - its first import (compiling, where no .pyc is kept) is not counted

    window = _window(qtbot, tmp_path)
    visit_id = window.model.row_at(0).id
    beat = Heartbeat()
    beat.start()
    qtbot.wait(50)
    beat.longest_cpu_ms = beat.longest_wall_ms = 0.0
    editor = window.open_visit(visit_id)
    qtbot.waitUntil(lambda: editor.session.loaded, timeout=5000)
    qtbot.waitExposed(editor)
    qtbot.wait(200)  # the first paint of the window and of the visit's values
    beat.timer.stop()
    assert beat.longest_cpu_ms < BOUND_MS, (
        f"the GUI thread computed {beat.longest_cpu_ms:.0f} ms without a turn of its event loop "
        f"(wall {beat.longest_wall_ms:.0f} ms) while the editor opened")
    assert editor.visit_form.bindings["place"].value() == (editor.session.visit.get("place") or "")
    editor.close()
