"""Background jobs report progress, deliver results and errors on the GUI thread, and can be cancelled."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget

from ui.jobs import JobCancelled, run_job


def test_result_arrives_on_the_gui_thread(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    got: list[tuple[object, bool]] = []
    main = threading.get_ident()

    def work(progress, cancelled):
        progress(0.5, "half")
        return threading.get_ident() != main

    job = run_job(parent, "t", work, on_done=lambda r: got.append((r, threading.get_ident() == main)))
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert got == [(True, True)]  # the work ran on a worker; the callback on the GUI thread


def test_errors_are_delivered_and_cancel_stops_the_work(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[BaseException] = []
    job = run_job(parent, "t", lambda p, c: 1 / 0, on_error=errors.append)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)

    steps: list[int] = []

    def slow(progress, cancelled):
        for i in range(200):
            if cancelled():
                raise JobCancelled()
            steps.append(i)
            time.sleep(0.01)
        return "done"

    job = run_job(parent, "t", slow, on_error=errors.append, show_after_ms=0)
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert job.result is None and isinstance(job.error, JobCancelled) and len(steps) < 200
    assert len(errors) == 1  # a cancel is not reported as an error


def test_waiting_for_work_keeps_the_window_alive_shows_the_label_and_hands_back_result_and_error(qtbot) -> None:
    """``wait_for``: the work runs on another thread while the event loop turns (a timer fires meanwhile), a busy
    dialog with the label shows once it takes long enough, and what the work returns or raises comes back."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from ui.jobs import wait_for

    parent = QWidget()
    qtbot.addWidget(parent)
    main = threading.get_ident()
    shown: list[str] = []
    ticks: list[int] = []

    def look() -> None:
        ticks.append(1)
        shown.extend(w.labelText() for w in QApplication.topLevelWidgets()
                     if isinstance(w, QProgressDialog) and w.isVisible())

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(10)

    def slow() -> bool:
        time.sleep(0.5)
        return threading.get_ident() != main

    assert wait_for(parent, "t", "Đang mở tệp hồ sơ…", slow, show_after_ms=0) is True  # ran on another thread
    timer.stop()
    assert len(ticks) >= 5 and "Đang mở tệp hồ sơ…" in shown
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
    try:
        wait_for(parent, "t", "x", lambda: 1 / 0)
    except ZeroDivisionError:
        pass
    else:
        raise AssertionError("the work's error was not raised")
