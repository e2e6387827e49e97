"""Long work off the GUI thread, with a progress bar and a Cancel button (Calibre's ThreadedJob, Anki's QueryOp).

The work function is plain core code: it takes ``progress(fraction, message)`` and ``cancelled() -> bool`` and never
touches Qt. :func:`run_job` runs it on the global thread pool and calls ``on_done(result)`` or ``on_error(exc)`` back
on the GUI thread; a modal progress dialog appears only if the work takes longer than ``show_after_ms``, so short
jobs never flash a dialog, and the window stays responsive meanwhile.

Tests set ``JobRunner.synchronous = True`` (as Picard does) to run jobs at once on the calling thread.
"""

from __future__ import annotations

import gc
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from ssdesk.i18n import _

Progress = Callable[[float, str], None]
Work = Callable[[Progress, Callable[[], bool]], Any]


class JobCancelled(Exception):
    """Raised by work functions that notice ``cancelled()``; reported as a cancel, not an error."""


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.work, self.signals, self.cancel = work, signals, cancel

    def run(self) -> None:
        last = [0.0]

        def progress(fraction: float, message: str) -> None:
            # At most ~20 updates a second: a work function may report millions of steps, and flooding the GUI
            # thread's queue with them costs more than the work (and once crashed PySide at exit).
            now = time.monotonic()
            if now - last[0] >= 0.05 or fraction >= 1.0:
                last[0] = now
                self.signals.progress.emit(float(fraction), message)

        try:
            result = self.work(progress, self.cancel.is_set)
        except BaseException as exc:  # delivered to on_error on the GUI thread, never lost in a worker
            self._deliver(self.signals.failed, exc)
        else:
            self._deliver(self.signals.done, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        """Emit ``value``, unless the job's owner was deleted meanwhile (a window closed while its background read
        ran): then nobody waits for it, and raising in the worker would only print a traceback."""
        try:
            signal.emit(value)
        except RuntimeError:  # "Signal source has been deleted"
            pass


class Job(QObject):
    """A running job; ``cancel()`` asks the work to stop at its next check."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.dialog: QProgressDialog | None = None
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class JobRunner:
    synchronous = False


_running: weakref.WeakSet[Job] = weakref.WeakSet()


def cancel_all_jobs() -> None:
    """Ask every running job to stop (on quit: nothing may still run against a store that is being closed)."""
    for job in list(_running):
        job.cancel()


def finish_background_work(*, cancel: bool) -> None:
    """Wait until no job runs on the thread pool (``cancel``: ask them to stop first).

    Before a store is closed: a worker still opening a connection on an engine being disposed, or emitting to a
    window being deleted, crashed the process (a segfault in CI while a test closed its window)."""
    if cancel:
        cancel_all_jobs()
    QThreadPool.globalInstance().waitForDone()


def run_job(parent: QWidget | None, title: str, work: Work, *, on_done: Callable[[Any], object] | None = None,
            on_error: Callable[[BaseException], object] | None = None, show_after_ms: int = 300,
            cancellable: bool = True, dialog: bool = True) -> Job:
    """Start ``work``; returns the :class:`Job` (its ``finished`` signal fires after the callbacks).

    ``dialog=False``: no progress dialog at all, for work the user did not ask for as a task of its own (the visit
    list's filter query while typing): the page shows the result when it comes, and a newer query supersedes it."""
    job = Job(parent)
    signals = _Signals(job)
    _running.add(job)
    job.finished.connect(lambda: _running.discard(job))

    def finish_ok(result: Any) -> None:
        job.result = result
        _close(job)
        if on_done is not None:
            on_done(result)
        job.finished.emit()

    def finish_error(exc: BaseException) -> None:
        job.error = exc
        _close(job)
        if on_error is not None and not isinstance(exc, JobCancelled):
            on_error(exc)
        job.finished.emit()

    if JobRunner.synchronous:
        try:
            finish_ok(work(lambda f, m: None, job.cancel_event.is_set))
        except BaseException as exc:
            finish_error(exc)
        return job

    if dialog:
        progress = QProgressDialog(title, _("Cancel") if cancellable else "", 0, 1000, parent)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(show_after_ms)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        if not cancellable:
            progress.setCancelButton(None)
        progress.canceled.connect(job.cancel)
        job.dialog = progress

    def on_progress(fraction: float, message: str) -> None:
        # The label first: a modal QProgressDialog's setValue() runs the event loop, where the job may finish and
        # _close() drop the dialog (an AttributeError on None, seen in tools/bench_gui.py at 100k).
        dialog = job.dialog
        if dialog is None:
            return
        if message:
            dialog.setLabelText(message)
        if job.dialog is dialog:
            dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))

    signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
    signals.done.connect(finish_ok, Qt.ConnectionType.QueuedConnection)
    signals.failed.connect(finish_error, Qt.ConnectionType.QueuedConnection)
    QTimer.singleShot(0, lambda: None)  # make sure the event loop turns even if the pool finishes instantly
    if dialog:
        # Long work the user asked for (exports, imports): what is alive now (the lists' loaded rows, open editors)
        # leaves the cyclic collector's sight, so a full collection triggered by the job's allocations — it holds the
        # GIL and so freezes the window — walks only the job's objects (100k rows loaded: a 117 ms stall during the
        # report export). Refcounting still frees what is frozen; only a reference cycle among today's objects would
        # wait for the next start. Not for the quick background queries that run on every keystroke.
        gc.freeze()
    QThreadPool.globalInstance().start(_Runnable(work, signals, job.cancel_event))
    return job


def _close(job: Job) -> None:
    if job.dialog is not None:
        job.dialog.reset()
        job.dialog.hide()
        job.dialog.deleteLater()
        job.dialog = None


def wait_for(parent: QWidget | None, title: str, label: str, work: Callable[[], Any], *,
             show_after_ms: int = 400) -> Any:
    """Run ``work()`` as a job (:func:`run_job`, no Cancel) and return what it returns (or raise what it raised),
    the event loop turning meanwhile; the job's dialog, busy and with ``label``, shows once it takes
    ``show_after_ms``.

    For work the caller cannot go on without and cannot stop halfway: opening the office server's database, whose
    first opening after an update brings the server's rules up to date in one transaction (13 s at 10,000
    recommendations, 1 min 47 s at 100,000: the search's key index is built again; issue 18). Without it the app
    showed nothing at all meanwhile, before its window."""
    if JobRunner.synchronous:
        return work()
    job = run_job(parent, title, lambda _progress, _cancelled: work(),
                  show_after_ms=show_after_ms, cancellable=False)
    if job.dialog is not None:
        job.dialog.setRange(0, 0)  # busy: no fraction to show
        text = QLabel(label)
        text.setWordWrap(True)  # a few lines, not one as wide as the screen
        text.setMinimumWidth(420)
        job.dialog.setLabel(text)
        job.dialog.setValue(0)  # starts the minimum-duration clock
    loop = QEventLoop()
    job.finished.connect(loop.quit)  # (delivered by the event loop: it cannot come before exec)
    loop.exec()
    if job.error is not None:
        raise job.error
    return job.result
