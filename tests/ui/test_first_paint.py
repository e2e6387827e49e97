"""Start-up checks wait for the window's first paint (ui.ready.after_first_paint, issue 15): started with the
window, a worker's Python held the first paint back."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ui.ready import after_first_paint


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_a_shown_window_runs_the_check_after_its_first_paint(qtbot: QtBot) -> None:
    window = QLabel("ssdesk")
    qtbot.addWidget(window)
    paints = _Paints()
    window.installEventFilter(paints)
    seen: list[int] = []
    after_first_paint(window, lambda: seen.append(paints.count))
    window.show()
    assert seen == []  # not before the event loop turns
    qtbot.waitUntil(lambda: seen != [], timeout=3000)
    assert seen[0] >= 1  # the window had been painted when the check started
    after_first_paint(window, lambda: seen.append(-1))  # painted already: on the next turn
    qtbot.waitUntil(lambda: -1 in seen, timeout=500)


def test_a_hidden_window_runs_the_check_on_the_next_turn(qtbot: QtBot) -> None:
    window = QLabel("ssdesk")
    qtbot.addWidget(window)
    seen: list[bool] = []
    after_first_paint(window, lambda: seen.append(True))
    assert seen == []
    qtbot.waitUntil(lambda: seen == [True], timeout=300)


def test_a_check_asked_between_the_paint_and_the_settling_waits_for_it(qtbot: QtBot) -> None:
    """Painted but not yet settled (the app asks at start, before and after its first paint): the check still waits
    for the settling, it does not run at the next turn of the event loop."""
    from ui.ready import FirstPaintWatcher

    window = QLabel("ssdesk")
    qtbot.addWidget(window)
    first: list[bool] = []
    after_first_paint(window, lambda: first.append(True))  # the watcher exists before the window is shown
    window.show()
    watcher = window.findChild(FirstPaintWatcher, "firstPaintWatcher")
    assert watcher is not None
    qtbot.waitUntil(lambda: watcher.painted, timeout=3000)
    assert not watcher.released and first == []
    late: list[bool] = []
    after_first_paint(window, lambda: late.append(watcher.released))
    qtbot.wait(20)
    assert late == []  # not on the next turn: still settling
    qtbot.waitUntil(lambda: late != [] and first != [], timeout=3000)
    assert late == [True]
