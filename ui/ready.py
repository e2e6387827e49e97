"""A hidden switch for smoke tests and start-up timing: ``SSDESK_QUIT_WHEN_READY=1`` makes the app quit, with exit
status 0, as soon as its main window is shown and the event loop has run once.

``ui.app.run`` calls :func:`quit_when_ready` right after ``window.show()``. It prints ``ssdesk: ready`` on stderr
first, so that a script can tell a real start from an early exit (tests/test_bundle.py runs the frozen app this way).
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "SSDESK_QUIT_WHEN_READY"


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
