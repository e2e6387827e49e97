"""When the main window is up: :func:`after_first_paint` for the work that waits until the user sees the window,
and a hidden switch for smoke tests and start-up timing: ``SSDESK_QUIT_WHEN_READY=1`` makes the app quit, with exit
status 0, as soon as its main window is shown and the event loop has run once.

``ui.app.run`` calls :func:`quit_when_ready` right after ``window.show()``. It prints ``ssdesk: ready`` on stderr
first, so that a script can tell a real start from an early exit (tests/test_bundle.py runs the frozen app this way).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "SSDESK_QUIT_WHEN_READY"
#: The longest a start-up check waits for the window's first paint (a window that is never painted still gets it).
FIRST_PAINT_WAIT_MS = 1000
#: After the first paint, how long the window is left to settle (its own first reads, the user's first look)
#: before start-up checks take their share of the interpreter.
SETTLE_MS = 250


class FirstPaintWatcher(QObject):
    """Watches ``window`` for its first paint; :data:`SETTLE_MS` later it runs the callbacks waiting (``released``:
    done, a later callback runs on the next turn of the event loop)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.painted = False
        self.released = False
        self.waiting: list[Callable[[], object]] = []
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._release)  # with the window: never after it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() in (QEvent.Type.Paint, QEvent.Type.UpdateRequest):
            self.painted = True
            QTimer.singleShot(SETTLE_MS, self, self._release)
        return False

    def _release(self) -> None:
        if self.released:
            return
        self.painted = self.released = True
        self.window.removeEventFilter(self)
        waiting, self.waiting = self.waiting, []
        for callback in waiting:
            callback()


def after_first_paint(window: QWidget, callback: Callable[[], object]) -> None:
    """Run ``callback`` :data:`SETTLE_MS` after ``window`` was painted for the first time (on the next turn of the
    event loop when it is hidden or that time has passed; at the latest after :data:`FIRST_PAINT_WAIT_MS`).

    Why: a start-up check on a worker (what fell due since last time, the backup on opening) shares the
    interpreter with the GUI thread; started with the window, it held the first paint back by ~40 ms of a 0.6 s
    start, and started right after it, it made the window's first moments jerky (issue 15). Nothing it finds is
    needed before the user sees the window: it is done a quarter of a second later, not left out."""
    watcher = window.findChild(FirstPaintWatcher, "firstPaintWatcher")
    if watcher is None:
        watcher = FirstPaintWatcher(window)
        watcher.setObjectName("firstPaintWatcher")

    def start() -> None:
        if watcher.released or not window.isVisible():
            callback()
        else:
            watcher.waiting.append(callback)

    QTimer.singleShot(0, watcher, start)


def quit_when_ready(window: QWidget) -> bool:
    """When ``SSDESK_QUIT_WHEN_READY`` is set (and not 0), close ``window`` and quit once the event loop is running.

    True when the quit is scheduled."""
    if os.environ.get(ENV, "") in ("", "0"):
        return False

    def _quit() -> None:
        print("ssdesk: ready", file=sys.stderr, flush=True)
        window.close()  # the normal way out: the window closes its case file
        app = QApplication.instance()
        if app is not None:
            app.exit(0)

    QTimer.singleShot(0, _quit)
    return True
