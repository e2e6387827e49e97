"""Is the window responsive? An event-loop stall probe, the "usable window" signal, and a field stall log.

The promise is "the window never freezes for more than 100 ms". A freeze is time during which the GUI thread does not
get back to its event loop, so it cannot repaint or take a key. :class:`StallProbe` measures exactly that: a precise
timer ticks every few milliseconds on the GUI thread, and each tick records how much later than due it fired. Any
code that holds the GUI thread (a query, a layout of 100,000 rows, a PDF laid out in a slot) shows up as one late
tick of that length, whoever caused it. :meth:`StallProbe.phase` labels what was going on, so a stall is attributed
to "typing in the filter box" rather than to a timestamp; a watchdog thread samples the GUI thread's Python stack
while it is stuck, so the record also says *where* (the function and line), which is what a fix needs.

``SSDESK_STALL_LOG=path`` makes the real app (:func:`install_from_env`) append every stall over 100 ms to ``path``
with its stack: a secretary's "it froze when I…" becomes a line we can read. ``SSDESK_READY_MARKER=1`` prints
``SSDESK_READY <seconds>`` once the main window is usable and quits: ``tools/bench_gui.py`` times a cold start with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

#: Stalls at least this long are "long" (the promise) and logged; half of it is "noticeable".
LONG_MS = 100.0
NOTICEABLE_MS = 50.0
#: Upper bounds (ms) of the histogram buckets; the last bucket is everything above the last bound.
BUCKETS_MS = (16.0, 50.0, 100.0, 250.0, 1000.0)
#: How many of the longest stalls a probe keeps.
KEEP_LONGEST = 20
#: Environment variables read by :func:`install_from_env`.
ENV_LOG = "SSDESK_STALL_LOG"
ENV_READY = "SSDESK_READY_MARKER"
READY_MARKER = "SSDESK_READY"
#: Only frames of these folders are "ours" when a stack is boiled down to the line to blame.
OWN_FOLDERS = (f"{os.sep}ssdesk{os.sep}", f"{os.sep}ui{os.sep}", f"{os.sep}tools{os.sep}")


@dataclass
class Stall:
    """One late tick: the GUI thread was away from its event loop for ``ms`` (beyond the timer's interval)."""

    ms: float
    at: float  # perf_counter() when the stall began
    label: str  # the phases active during it, innermost last ("" outside any phase)
    #: (our innermost frames "file:line function < caller < …", samples): where the GUI thread was, most often first
    where: list[tuple[str, int]] = field(default_factory=list)

    def describe(self) -> str:
        place = "; ".join(f"{frame} ×{n}" for frame, n in self.where[:3])
        return f"{self.ms:8.1f} ms  {self.label or '-'}" + (f"  [{place}]" if place else "")


@dataclass
class PhaseStats:
    """Stalls seen while one phase was active."""

    ticks: int = 0
    max_ms: float = 0.0
    over_50: int = 0
    over_100: int = 0
    total_ms: float = 0.0  # wall time spent inside the phase
    longest: list[Stall] = field(default_factory=list)  # this phase's own longest stalls (at most 5)

    def add(self, stall: Stall) -> None:
        self.longest.append(stall)
        self.longest.sort(key=lambda s: -s.ms)
        del self.longest[5:]

    def as_dict(self) -> dict[str, Any]:
        return {"max_stall_ms": round(self.max_ms, 1), "stalls_over_50ms": self.over_50,
                "stalls_over_100ms": self.over_100, "ticks": self.ticks, "wall_ms": round(self.total_ms, 1)}


def own_frames(stack: traceback.StackSummary) -> list[str]:
    """The frames of our code (ssdesk/, ui/, tools/), innermost first, as ``file:line function``."""
    out = []
    for frame in reversed(stack):
        if any(folder in frame.filename for folder in OWN_FOLDERS) and not frame.filename.endswith(
                "responsiveness.py"):
            parts = Path(frame.filename).parts
            short = "/".join(parts[-2:])
            out.append(f"{short}:{frame.lineno} {frame.name}")
    return out


class _Watchdog(threading.Thread):
    """Samples the GUI thread's stack while it has not ticked for ``after_ms``: where a stall spends its time.

    Sampling needs the GIL, so a stall inside C code that keeps it shows late samples; SQLite and most Qt calls
    release it, which is when the sample is most useful anyway (it names the Python line that called them)."""

    def __init__(self, probe: StallProbe, gui_thread: int, after_ms: float, every_ms: float = 10.0) -> None:
        super().__init__(name="ssdesk-stall-watchdog", daemon=True)
        self.probe, self.gui_thread = probe, gui_thread
        self.after, self.every = after_ms / 1000, every_ms / 1000
        self.stop_event = threading.Event()
        self.samples: Counter[str] = Counter()
        self.sampled_tick = -1
        self.lock = threading.Lock()

    def run(self) -> None:
        while not self.stop_event.wait(self.every):
            last, tick = self.probe._last_tick, self.probe._tick_no
            if time.perf_counter() - last < self.after:
                continue
            frame = sys._current_frames().get(self.gui_thread)
            if frame is None:
                continue
            frames = own_frames(traceback.extract_stack(frame))
            chain = " < ".join(frames[:4]) if frames else "(outside ssdesk/ui/tools)"
            with self.lock:
                if tick != self.sampled_tick:  # a new stall: forget the previous one's samples
                    self.samples = Counter()
                    self.sampled_tick = tick
                self.samples[chain] += 1

    def take(self, tick: int) -> list[tuple[str, int]]:
        with self.lock:
            if tick != self.sampled_tick:
                return []
            found = self.samples.most_common(4)
            self.samples = Counter()
            self.sampled_tick = -1
        return found


class StallProbe(QObject):
    """Ticks every ``interval_ms`` on the thread it lives on (the GUI thread) and records how late each tick is.

    ``start()`` / ``stop()``; :meth:`phase` names what is going on; :meth:`summary` and :meth:`phase_stats` report.
    ``on_stall(stall)`` is called for every stall of at least ``report_ms`` (the field log uses it)."""

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None, *, sample_stacks: bool = True,
                 report_ms: float = LONG_MS, on_stall: Callable[[Stall], None] | None = None) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last_tick = time.perf_counter()
        self._tick_no = 0
        self._stack: list[str] = []  # phases active now, outermost first
        self._seen: list[str] = []  # phases active at any moment since the last tick
        self._phase_started: dict[str, float] = {}
        self.phases: dict[str, PhaseStats] = {}
        self.ticks = 0
        self.max_ms = 0.0
        self.last_late_ms = 0.0
        self.histogram = [0] * (len(BUCKETS_MS) + 1)
        self.longest: list[Stall] = []
        self.sample_stacks = sample_stacks
        self.report_ms = report_ms
        self.on_stall = on_stall
        self._watchdog: _Watchdog | None = None

    # -- running ---------------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._last_tick = time.perf_counter()
        self._seen = list(self._stack)
        self._timer.start()
        if self.sample_stacks and self._watchdog is None:
            self._watchdog = _Watchdog(self, threading.get_ident(), after_ms=max(20.0, self.report_ms / 2))
            self._watchdog.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._watchdog is not None:
            self._watchdog.stop_event.set()
            self._watchdog.join(timeout=1)
            self._watchdog = None

    def skip(self) -> None:
        """Do not count the time since the last tick (e.g. building the window before it is shown: nothing was on
        screen to freeze, so it is start-up time, reported apart, not a stall)."""
        self._last_tick = time.perf_counter()
        self._tick_no += 1  # the watchdog's samples so far belong to the skipped time
        self._seen = list(self._stack)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Stalls that happen (even partly) inside the block are counted for ``name``; phases may nest."""
        self._stack.append(name)
        if name not in self._seen:
            self._seen.append(name)
        self.phases.setdefault(name, PhaseStats())
        started = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name].total_ms += (time.perf_counter() - started) * 1000
            self._stack.pop()

    def _tick(self) -> None:
        now = time.perf_counter()
        late_ms = max(0.0, (now - self._last_tick) * 1000 - self.interval_ms)
        began = self._last_tick
        tick = self._tick_no
        self._last_tick = now
        self._tick_no += 1
        self.ticks += 1
        seen, self._seen = self._seen, list(self._stack)
        self.max_ms = max(self.max_ms, late_ms)
        self.last_late_ms = late_ms
        self.histogram[next((i for i, b in enumerate(BUCKETS_MS) if late_ms < b), len(BUCKETS_MS))] += 1
        for name in seen:
            stats = self.phases.setdefault(name, PhaseStats())
            stats.ticks += 1
            stats.max_ms = max(stats.max_ms, late_ms)
            stats.over_50 += late_ms > NOTICEABLE_MS
            stats.over_100 += late_ms > LONG_MS
        if late_ms < NOTICEABLE_MS / 2:
            return
        where = self._watchdog.take(tick) if self._watchdog is not None else []
        label = " > ".join(seen) or ("start-up (before the event loop first ran)" if tick == 0 else "")
        stall = Stall(round(late_ms, 1), began, label, where)
        for name in seen:
            self.phases[name].add(stall)
        if len(self.longest) < KEEP_LONGEST or late_ms > self.longest[-1].ms:
            self.longest.append(stall)
            self.longest.sort(key=lambda s: -s.ms)
            del self.longest[KEEP_LONGEST:]
        if self.on_stall is not None and late_ms >= self.report_ms:
            self.on_stall(stall)

    # -- reporting -------------------------------------------------------------------------------------------------

    def phase_stats(self, name: str) -> PhaseStats:
        return self.phases.get(name, PhaseStats())

    def summary(self) -> dict[str, Any]:
        """Everything as plain data (for JSON): totals, histogram, per phase, the longest stalls with their place."""
        bounds = [f"<{b:g}" for b in BUCKETS_MS] + [f">={BUCKETS_MS[-1]:g}"]
        return {"interval_ms": self.interval_ms, "ticks": self.ticks, "max_stall_ms": round(self.max_ms, 1),
                "stalls_over_50ms": sum(p for p in self.histogram[2:]),
                "stalls_over_100ms": sum(p for p in self.histogram[3:]),
                "histogram_ms": dict(zip(bounds, self.histogram, strict=True)),
                "phases": {name: s.as_dict() for name, s in self.phases.items()},
                "longest": [{"ms": s.ms, "label": s.label, "where": [f"{f} x{n}" for f, n in s.where]}
                            for s in self.longest]}

    def reset(self) -> None:
        """Forget what was measured (the phases' names too); keeps running."""
        self.ticks, self.max_ms = 0, 0.0
        self.histogram = [0] * (len(BUCKETS_MS) + 1)
        self.longest, self.phases = [], {}
        self._last_tick = time.perf_counter()


def tune_gc(threshold: tuple[int, int, int] = (50_000, 20, 100)) -> None:
    """Keep Python's cyclic garbage collector from freezing the window; call once the main window is up.

    A full collection walks every tracked object while holding the GIL, and it runs on whichever thread happened to
    allocate: during the follow-up report of 5,165 rows (reportlab makes millions of small objects on a worker) the
    GUI thread waited 128-225 ms for the GIL four times (py-spy --gil: ``gc_collect_main`` was the top leaf).
    ``gc.freeze()`` moves what start-up made (modules, Qt wrappers, the first pages) out of every later collection,
    and a larger first threshold makes collections rarer; refcounting still frees all non-cyclic garbage at once.
    Measured on that report alone (100k file, worker thread, main thread timing 5 ms sleeps): 4 stalls of 61-143 ms;
    with ``freeze()`` 2 of 58-68 ms; with the threshold (50000, 20, 100) none over 55 ms, and the job 5.2 → 3.7 s."""
    gc.freeze()
    gc.set_threshold(*threshold)


def process_age_s() -> float | None:
    """Seconds since this process started (Linux ``/proc``, 10 ms resolution); ``None`` elsewhere."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        stat = Path("/proc/self/stat").read_text()
        start = int(stat.rsplit(")", 1)[1].split()[19]) / ticks
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return max(0.0, uptime - start)


def wait_idle(probe: StallProbe, *, quiet_ticks: int = 3, slack_ms: float = 5.0, timeout_s: float = 30.0) -> bool:
    """Pump the event loop until ``quiet_ticks`` probe ticks in a row came on time: the queue is drained."""
    deadline = time.perf_counter() + timeout_s
    quiet, seen = 0, probe._tick_no
    while time.perf_counter() < deadline:
        loop = QEventLoop()  # a real (nested) loop that sleeps when idle, not a busy processEvents() spin
        QTimer.singleShot(probe.interval_ms, loop.quit)
        loop.exec()
        if probe._tick_no != seen:
            seen = probe._tick_no
            quiet = quiet + 1 if probe.last_late_ms <= slack_ms else 0
            if quiet >= quiet_ticks:
                return True
    return False


class ReadyWatcher(QObject):
    """Calls ``on_ready()`` once the main window is usable: shown, its visit list painted, and the event loop idle.

    Found without importing the window's class: the first visible :class:`QMainWindow` holding a ``visitTable``.
    "Idle" is ``quiet_ticks`` on-time ticks of ``probe`` after that first paint."""

    def __init__(self, app: QApplication, probe: StallProbe, on_ready: Callable[[], None],
                 quiet_ticks: int = 3) -> None:
        super().__init__(app)
        self.app, self.probe, self.on_ready = app, probe, on_ready
        self.quiet_ticks = quiet_ticks
        self.table: QTableView | None = None
        #: process_age_s() when the window was first seen shown and when its list was first painted
        self.shown_at: float | None = None
        self.painted_at: float | None = None
        self.painted = False
        self.done = False
        self._quiet = 0
        self._seen_tick = -1
        self._poll = QTimer(self)
        self._poll.setInterval(1)
        self._poll.timeout.connect(self._check)
        self._poll.start()

    def _find_table(self) -> QTableView | None:
        for widget in self.app.topLevelWidgets():
            if isinstance(widget, QMainWindow) and widget.isVisible():
                table = widget.findChild(QTableView, "visitTable")
                if table is not None:
                    return table
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.table is not None and watched is self.table.viewport():
            if not self.painted:
                self.painted_at = process_age_s()
            self.painted = True
        return False

    def _check(self) -> None:
        if self.done:
            return
        if self.table is None:
            self.table = self._find_table()
            if self.table is not None:
                self.shown_at = process_age_s()
                self.table.viewport().installEventFilter(self)
                self.table.viewport().update()
            return
        if not self.painted:
            return
        if self.probe._tick_no != self._seen_tick:
            self._seen_tick = self.probe._tick_no
            self._quiet = self._quiet + 1 if self.probe.last_late_ms <= 5.0 else 0
        if self._quiet >= self.quiet_ticks:
            self.done = True
            self._poll.stop()
            if self.table is not None:
                self.table.viewport().removeEventFilter(self)
            self.on_ready()


class StallLog:
    """Appends each long stall to a text file: time, length, what was shown, where the GUI thread was."""

    def __init__(self, path: Path, app: QApplication) -> None:
        self.path, self.app = path, app

    def context(self) -> str:
        """What the user was looking at: the active window and the focused widget (their object names)."""
        window = self.app.activeWindow()
        focus = self.app.focusWidget()
        parts = [type(window).__name__ if window is not None else "no window"]
        if focus is not None:
            parts.append(focus.objectName() or type(focus).__name__)
        return "/".join(parts)

    def __call__(self, stall: Stall) -> None:
        stamp = dt.datetime.now().isoformat(timespec="milliseconds")
        lines = [f"{stamp} stall {stall.ms:.0f} ms in {self.context()}" + (f" ({stall.label})" if stall.label else "")]
        lines += [f"    {frame} x{n}" for frame, n in stall.where]
        try:
            with self.path.open("a", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
        except OSError:
            pass  # diagnosis must never break the app


def install_from_env(app: QApplication, environ: dict[str, str] | None = None) -> StallProbe | None:
    """What ``ui.app.run`` calls right after making the QApplication: nothing unless a variable asks.

    ``SSDESK_STALL_LOG=path``: log stalls over 100 ms (with where the GUI thread was) to ``path``.
    ``SSDESK_READY_MARKER=1``: print ``SSDESK_READY <seconds since process start> shown=<s> painted=<s> …`` once
    usable, then close the windows (the app then quits as usual); ``SSDESK_READY_MARKER=stay`` keeps it open."""
    env = os.environ if environ is None else environ
    log_path, ready = env.get(ENV_LOG), env.get(ENV_READY)
    if not log_path and not ready:
        return None
    probe = StallProbe(parent=app, on_stall=StallLog(Path(log_path), app) if log_path else None)
    probe.setObjectName("stallProbe")
    probe.start()
    if ready:
        def report() -> None:
            def seconds(value: float | None) -> str:
                return f"{value if value is not None else -1:.3f}"
            print(f"{READY_MARKER} {seconds(process_age_s())} shown={seconds(watcher.shown_at)} "
                  f"painted={seconds(watcher.painted_at)} max_stall_ms={probe.max_ms:.1f}", flush=True)
            if ready != "stay":
                QTimer.singleShot(0, app.closeAllWindows)
        watcher = ReadyWatcher(app, probe, report)
    return probe
