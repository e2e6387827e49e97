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
