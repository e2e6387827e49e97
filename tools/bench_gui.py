"""Benchmark of the GUI's responsiveness: ``python tools/bench_gui.py --scale 10k|100k [--reuse DIR] [--json OUT]``.

Two promises are measured on the synthetic case file of ``ssdesk bench`` (:mod:`ssdesk.search.synthetic`):

* **time to a usable window** — from before ``ui.app`` is imported (in this process) and from the start of a fresh
  ``python -m ssdesk FILE``-like process (``--cold-runs``) until the main window is shown, the first page of the visit
  list is painted and the event loop is idle (:class:`ui.responsiveness.ReadyWatcher`);
* **start-up against a bare window** — ``ssdesk FILE`` on the sample case file (``ssdesk demo``) until usable, and a
  bare PySide6 window with a table until usable, alternating in fresh processes (``--startup-runs``, median of each
  and their ratio: :mod:`bench_startup`, also runnable alone);
* **the window never freezes for more than 100 ms** — with :class:`ui.responsiveness.StallProbe` ticking every 5 ms,
  the bench drives the real widgets as a user would (keys, not method calls, where the user would press keys):
  PageDown through the visit list and the recommendation list to the bottom, typing a filter, searching, the
  dashboard, a visit editor (typing, autosave), and the follow-up report job. Per phase: the longest stall, how many
  stalls were over 50 / 100 ms, and where the GUI thread was during the longest ones.

Offscreen Qt platform (software painting into an image, as on a machine without GPU), private settings, a temporary
backup folder. The file is built once under ``--keep DIR`` (or ``--reuse DIR``) and reused, as with ``ssdesk bench``.
Developer-facing: the console output is English.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: Phases measured by :func:`run_gui_bench`, in order (every key is in the result, even when a phase was skipped).
PHASES = ("startup", "scroll_visits", "scroll_recommendations", "filter_visits", "search", "dashboard",
          "visit_editor", "export_followup")
#: What is typed: a secretary's filter and search words, with and without diacritics.
FILTER_TEXT = "hoang mai"
SEARCH_QUERIES = ("hoang mai", "Đảng ủy", "chuy", "an sinh status:overdue", '"công tác cán bộ"')
EDIT_TEXT = " - phòng họp số 2"
KEY_GAP_MS = 60  # a quick typist: ~16 keys a second
_CHILD_FLAG = "--child"


def _log(message: str) -> None:
    print(message, flush=True)


# -- driving the event loop ------------------------------------------------------------------------------------------

def pump(ms: float) -> None:
    """Let the event loop run for ``ms`` (as the app's own loop would between two user actions): a nested
    ``QEventLoop`` that a timer quits, like ``qtbot.wait`` — the loop sleeps when idle, as the real one does."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(max(0, int(ms)), loop.quit)
    loop.exec()


def pump_until(done: Callable[[], bool], timeout_s: float) -> bool:
    end = time.perf_counter() + timeout_s
    while time.perf_counter() < end:
        if done():
            return True
        pump(5)
    return done()


def type_text(widget: Any, text: str, gap_ms: float = KEY_GAP_MS) -> None:
    """One key event per character (non-ASCII as an input method delivers it), the loop running between keys."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
        pump(gap_ms)


def press(widget: Any, key: Any, modifier: Any = None) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key, modifier or Qt.KeyboardModifier.NoModifier)


def clear_box(box: Any) -> None:
    from PySide6.QtCore import Qt

    box.setFocus()
    box.selectAll()
    press(box, Qt.Key.Key_Backspace)


# -- the phases --------------------------------------------------------------------------------------------------------

class Bench:
    """One window on one file, driven phase by phase; :attr:`out` collects the numbers."""

    def __init__(self, path: Path, *, max_pages: int = 20_000, export_limit: str = "delegation",
                 tune_gc: bool = False) -> None:
        self.path = path
        self.tune_gc = tune_gc
        self.max_pages = max_pages
        self.export_limit = export_limit
        self.out: dict[str, Any] = {"phases": {}}
        self.window: Any = None
        self.probe: Any = None
        self.app: Any = None

    @contextmanager
    def phase(self, name: str) -> Iterator[dict[str, Any]]:
        extra: dict[str, Any] = {}
        _log(f"  {name}…")
        started = time.perf_counter()
        with self.probe.phase(name):
            yield extra
            pump(50)  # the last action's paint and queued work belong to this phase
        extra["wall_ms"] = round((time.perf_counter() - started) * 1000, 1)
        stats = self.probe.phase_stats(name).as_dict()
        stats.update(extra)
        longest = self.probe.phase_stats(name).longest[:3]
        stats["longest"] = [{"ms": s.ms, "at_ms": round((s.at - started) * 1000),
                             "where": [f"{f} x{n}" for f, n in s.where]} for s in longest]
        self.out["phases"][name] = stats
        _log(f"    max stall {stats['max_stall_ms']} ms, >50 ms: {stats['stalls_over_50ms']}, "
             f">100 ms: {stats['stalls_over_100ms']}, wall {stats['wall_ms']} ms")
        pump(100)

    def startup(self) -> None:
        """The steps of ``ui.app.run`` up to a usable window, timed from before ``ui.app`` is imported."""
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication

        from ui.responsiveness import StallProbe, wait_idle

        t = time.perf_counter()
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.probe = StallProbe(parent=self.app)
        self.probe.start()
        extra: dict[str, Any] = {"qapplication_ms": round((time.perf_counter() - t) * 1000, 1)}
        t0 = time.perf_counter()
        import ui.app as app_module
        from ssdesk.i18n import set_language
        from ui.features.safety.opening import backup_on_open
        from ui.main_window import MainWindow
        extra["import_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        self.app.setApplicationName("ssdesk")
        app_module.apply_look(self.app)
        set_language(os.environ.get("SSDESK_LANG") or "vi")
        t1 = time.perf_counter()
        store = app_module.open_store_interactively(self.path)
        if store is None:
            raise SystemExit(f"could not open {self.path}")
        extra["open_ms"] = round((time.perf_counter() - t1) * 1000, 1)
        t2 = time.perf_counter()
        self.window = window = MainWindow(store)  # the visit list's first page and every feature's page are made here
        extra["window_ms"] = round((time.perf_counter() - t2) * 1000, 1)
        painted: list[float] = []

        class PaintSpy(QObject):
            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not painted:
                    painted.append(time.perf_counter())
                return False

        spy = PaintSpy()
        window.table.viewport().installEventFilter(spy)
        # Before show() nothing is on screen, so nothing "freezes": the stall phase starts with the window shown.
        self.probe.skip()
        with self.probe.phase("startup"):
            t3 = time.perf_counter()
            window.show()
            if self.tune_gc:  # where ui.app.run calls it: right after show()
                from ui.responsiveness import tune_gc

                tune_gc()
            backup_on_open(window, store)
            pump_until(lambda: bool(painted), 30)
            extra["show_to_paint_ms"] = round((painted[0] - t3) * 1000, 1) if painted else None
            wait_idle(self.probe)
            ready = time.perf_counter()
            window.table.viewport().removeEventFilter(spy)
            extra["usable_from_qt_start_ms"] = round((ready - t) * 1000, 1)
            extra["usable_from_ui_import_ms"] = round((ready - t0) * 1000, 1)
            extra["visits_loaded"] = window.model.rowCount()
            pump(300)  # what the features start with singleShot(0) after show (fell-due check, verification)
            # the fell-due check runs on a worker: its dialog comes when the query is done (6 s at 100k), the window
            # usable meanwhile; wait for it here so its stalls (if any) count in this phase, not the next
            feature = window.findChild(QObject, "followupFeature")
            job = getattr(feature, "fell_due_job", None)
            if job is not None:
                pump_until(lambda: job.result is not None or job.error is not None, 120)
                pump(50)
                extra["fell_due_checked_ms"] = round((time.perf_counter() - t3) * 1000, 1)
            if self.tune_gc:
                extra["gc"] = "tuned right after show(): freeze + threshold (50000, 20, 100)"
        stats = self.probe.phase_stats("startup").as_dict()
        stats.update(extra)
        longest = self.probe.phase_stats("startup").longest[:3]
        stats["longest"] = [{"ms": s.ms, "where": [f"{f} x{n}" for f, n in s.where]} for s in longest]
        self.out["phases"]["startup"] = stats
        _log(f"  startup: usable after {extra['usable_from_qt_start_ms']} ms from QApplication; "
             f"max stall after show {stats['max_stall_ms']} ms")
        for dialog_name in ("fellDueDialog", "samplePrompt"):
            for widget in QApplication.topLevelWidgets():
                if widget.objectName() == dialog_name and widget.isVisible():
                    stats.setdefault("dialogs_shown", []).append(dialog_name)
                    widget.close()
        pump(200)

    def scroll(self, name: str, table: Any) -> None:
        """PageDown from the first row until the last row of the whole list is current (the model loads pages)."""
        from PySide6.QtCore import Qt

        model = table.model()
        with self.phase(name) as extra:
            table.setFocus()
            table.setCurrentIndex(model.index(0, 0))
            pump(20)
            presses = 0
            worst_press = 0.0
            while presses < self.max_pages:
                t = time.perf_counter()
                press(table, Qt.Key.Key_PageDown)
                pump(0)  # the key's repaint and any page loaded, as the loop would do before the next key
                worst_press = max(worst_press, (time.perf_counter() - t) * 1000)
                presses += 1
                if table.currentIndex().row() >= model.rowCount() - 1 and not model.canFetchMore():
                    break
            extra.update(presses=presses, rows=model.rowCount(), worst_press_ms=round(worst_press, 1),
                         reached_bottom=table.currentIndex().row() == model.rowCount() - 1)

    def scroll_visits(self) -> None:
        self.window.show_page("visits")
        pump(50)
        self.scroll("scroll_visits", self.window.table)

    def scroll_recommendations(self) -> None:
        page = self.window.show_page("followup") if self.window.page("followup") is not None else None
        if page is None:
            self.out["phases"]["scroll_recommendations"] = {"skipped": "no follow-up feature"}
            return
        pump(50)
        self.scroll("scroll_recommendations", page.table)

    def filter_visits(self) -> None:
        self.window.show_page("visits")
        page = self.window.visit_page
        pump(50)
        with self.phase("filter_visits") as extra:
            box = page.filter_box
            box.setFocus()
            type_text(box, FILTER_TEXT)
            pump_until(lambda: page.model.filter_text() == FILTER_TEXT, 5)
            pump(100)
            extra["matches"] = page.model.total_count()
            clear_box(box)
            pump_until(lambda: page.model.filter_text() == "", 5)
            extra["rows_after_clear"] = page.model.rowCount()

    def search(self) -> None:
        from PySide6.QtCore import QObject, Qt
        from PySide6.QtWidgets import QLineEdit

        box = self.window.findChild(QLineEdit, "searchBox")
        if box is None:
            self.out["phases"]["search"] = {"skipped": "no search feature"}
            return
        feature = self.window.findChild(QObject, "searchFeature")
        with self.phase("search") as extra:
            hits = []
            for query in SEARCH_QUERIES:
                clear_box(box)
                type_text(box, query, gap_ms=30)
                t = time.perf_counter()
                press(box, Qt.Key.Key_Return)
                if feature is not None and hasattr(feature, "is_busy"):  # the query runs on a worker
                    pump_until(lambda: not feature.is_busy(), 30)
                hits.append((query, round((time.perf_counter() - t) * 1000, 1)))
                pump(100)
            extra["enter_to_results_ms"] = dict(hits)

    def dashboard(self) -> None:
        if self.window.page("dashboard") is None:
            self.out["phases"]["dashboard"] = {"skipped": "no dashboard"}
            return
        with self.phase("dashboard") as extra:
            t = time.perf_counter()
            self.window.show_page("dashboard")
            pump(1)
            extra["show_ms"] = round((time.perf_counter() - t) * 1000, 1)
            page = self.window.page("dashboard")
            if hasattr(page, "is_busy"):  # computed on a worker: wait for the charts
                pump_until(lambda: not page.is_busy(), 120)
                extra["computed_ms"] = round((time.perf_counter() - t) * 1000, 1)
            pump(300)
        self.window.show_page("visits")

    def visit_editor(self) -> None:
        from PySide6.QtWidgets import QLineEdit

        from ui.visit_editor import AUTOSAVE_MS

        self.window.show_page("visits")
        row = self.window.model.row_at(0)
        with self.phase("visit_editor") as extra:
            t = time.perf_counter()
            cpu = time.thread_time()
            with self.probe.phase("visit_editor_open"):  # opening alone: until the visit is read and painted
                editor = self.window.open_visit(row.id)
                extra["open_gui_cpu_ms"] = round((time.thread_time() - cpu) * 1000, 1)  # the call, GUI thread
                pump(1)
                extra["open_ms"] = round((time.perf_counter() - t) * 1000, 1)  # the window shows at once
                pump_until(lambda: editor.session.loaded, 30)  # the visit is read on a worker; its fields wait
                extra["loaded_ms"] = round((time.perf_counter() - t) * 1000, 1)
                pump(300)
            opening = self.probe.phase_stats("visit_editor_open")
            extra["open_max_stall_ms"] = round(opening.max_ms, 1)
            extra["open_stalls_over_100ms"] = opening.over_100
            extra["open_longest_where"] = [f"{f} x{n}" for s in opening.longest[:1] for f, n in s.where]
            with self.probe.phase("visit_editor_tabs"):  # each other page's first showing (built then, or before)
                tabs = editor.tabs
                for index in range(1, tabs.count()):
                    tabs.setCurrentIndex(index)
                    pump(100)
                tabs.setCurrentIndex(0)
                pump(100)
            extra["tabs_max_stall_ms"] = round(self.probe.phase_stats("visit_editor_tabs").max_ms, 1)
            place = editor.findChild(QLineEdit, "place")
            place.setFocus()
            place.end(False)
            type_text(place, EDIT_TEXT)
            pump(AUTOSAVE_MS + 400)  # autosave, then the change notice reloads the lists
            editor.close()
            pump(500)
            saved = self.window.store.visits.get(row.id)
            extra["saved"] = (saved.place or "").endswith(EDIT_TEXT)
            extra["visit_rows_loaded"] = self.window.model.rowCount()

    def export_followup(self, target: Path) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ui.features.documents import DocumentsFeature

        feature = self.window.findChild(DocumentsFeature, "documentsFeature")
        if feature is None:
            self.out["phases"]["export_followup"] = {"skipped": "no documents feature"}
            return
        original = QFileDialog.getSaveFileName
        QFileDialog.getSaveFileName = staticmethod(lambda *_a, **_k: (str(target), ""))  # type: ignore[method-assign]
        try:
            with self.phase("export_followup") as extra:
                dialog = feature.open_followup()
                pump(50)
                if self.export_limit == "delegation" and dialog.delegation.count() > 1:
                    dialog.delegation.setCurrentIndex(1)
                dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
                t = time.perf_counter()
                job = dialog.make()
                finished = pump_until(lambda: job is not None and (job.result is not None or job.error is not None),
                                      900)
                extra["job_ms"] = round((time.perf_counter() - t) * 1000, 1)
                extra["finished"] = finished
                extra["error"] = repr(job.error) if job is not None and job.error is not None else None
                extra["filter"] = dialog.delegation.currentText()
                extra["pdf_kb"] = round(target.stat().st_size / 1024, 1) if target.exists() else None
                dialog.close()
        finally:
            QFileDialog.getSaveFileName = original  # type: ignore[method-assign]

    def close(self) -> None:
        from PySide6.QtCore import QThreadPool

        from ui.jobs import cancel_all_jobs

        if self.window is not None:
            self.window.close()
            pump(50)
        cancel_all_jobs()
        QThreadPool.globalInstance().waitForDone()
        if self.probe is not None:
            self.probe.stop()
            self.out["overall"] = {k: v for k, v in self.probe.summary().items() if k != "phases"}
            self.probe.deleteLater()
        if self.window is not None:
            self.window.deleteLater()
        pump(10)


def run_gui_bench(path: Path, *, work_dir: Path | None = None, phases: tuple[str, ...] = PHASES,
                  max_pages: int = 20_000, tune_gc: bool = False) -> dict[str, Any]:
    """Open ``path`` in a main window in this process and measure every phase; a dict with one entry per phase.

    Uses the current QApplication if there is one (tests), else makes one. Backups go to ``work_dir`` (a temporary
    folder by default; the caller sets ``SSDESK_BACKUP_DIR`` to choose), the report to ``work_dir``."""
    from ui.compat import keep_none_alive

    keep_none_alive()  # ui/__init__ does it too; this makes the order explicit before any Qt call
    folder = Path(work_dir or tempfile.mkdtemp(prefix="ssdesk-bench-gui-"))
    folder.mkdir(parents=True, exist_ok=True)
    bench = Bench(path, max_pages=max_pages, tune_gc=tune_gc)
    try:
        bench.startup()
        steps: dict[str, Callable[[], None]] = {
            "scroll_visits": bench.scroll_visits, "scroll_recommendations": bench.scroll_recommendations,
            "filter_visits": bench.filter_visits, "search": bench.search, "dashboard": bench.dashboard,
            "visit_editor": bench.visit_editor,
            "export_followup": lambda: bench.export_followup(folder / "bao-cao-theo-doi.pdf")}
        for name in PHASES[1:]:
            if name in phases:
                steps[name]()
            else:
                bench.out["phases"][name] = {"skipped": "not asked"}
    finally:
        bench.close()
    return bench.out


# -- the cold start in a fresh process ---------------------------------------------------------------------------------

def _child(path: str) -> int:
    """What the cold-start subprocess runs: ``ssdesk FILE`` with the ready marker, whether or not ``ui.app`` calls
    :func:`ui.responsiveness.install_from_env` itself yet."""
    import ui  # noqa: F401  (applies ui.compat before any Qt call)
    from ssdesk.cli import main

    hooked = "install_from_env" in (ROOT / "ui" / "app.py").read_text(encoding="utf-8")
    if not hooked:
        from PySide6.QtWidgets import QApplication

        from ui.responsiveness import install_from_env

        app = QApplication([sys.argv[0]])
        install_from_env(app)
    return main([path])


def cold_start(path: Path, config: Path, backups: Path, timeout_s: float = 300) -> dict[str, Any]:
    """Start a fresh process on ``path`` and time it until it prints the ready marker (then let it quit)."""
    from ui.responsiveness import READY_MARKER

    env = dict(os.environ, SSDESK_READY_MARKER="1", XDG_CONFIG_HOME=str(config), SSDESK_BACKUP_DIR=str(backups),
               QT_QPA_PLATFORM="offscreen", SSDESK_LANG=os.environ.get("SSDESK_LANG", "vi"))
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), _CHILD_FLAG, str(path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=str(ROOT))
    result: dict[str, Any] = {"ready": False}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(READY_MARKER):
            result["ready"] = True
            result["wall_to_ready_ms"] = round((time.perf_counter() - t) * 1000, 1)
            parts = line.split()
            fields = dict(p.split("=", 1) for p in parts[2:])
            result["process_age_at_ready_ms"] = round(float(parts[1]) * 1000)
            result["window_shown_ms"] = round(float(fields.get("shown", -1)) * 1000)
            result["list_painted_ms"] = round(float(fields.get("painted", -1)) * 1000)
            break
        if time.perf_counter() - t > timeout_s:
            break
    try:
        proc.wait(timeout=max(30.0, timeout_s - (time.perf_counter() - t)))
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait(timeout=30)
    result["exit_ms"] = round((time.perf_counter() - t) * 1000, 1)
    result["returncode"] = proc.returncode
    return result


# -- the command -----------------------------------------------------------------------------------------------------

def bench_file(scale: str, keep: str | None, reuse: bool) -> Path:
    """``bench-SCALE.ssdesk`` under ``keep`` (built there if missing or not ``reuse``), as ``ssdesk bench`` does."""
    from ssdesk.search.synthetic import build_synthetic
    from ssdesk.store import Store

    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="ssdesk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{scale}.ssdesk"
    if reuse and path.exists():
        _log(f"[{scale}] reusing {path}")
        Store.open(path, create=False, verify="defer").close()  # brings an older file to the current schema
        return path
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    _log(f"[{scale}] building {path}")
    t = time.perf_counter()
    build_synthetic(path, scale, log=_log)
    _log(f"[{scale}] built in {time.perf_counter() - t:.1f} s")
    return path


def _private_settings(folder: Path) -> None:
    """Settings of this run only (column widths, last look, recent files), never the developer's own."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


def _table(result: dict[str, Any]) -> str:
    rows = ["| phase | max stall ms | > 50 ms | > 100 ms | wall ms | notes |", "|---|---|---|---|---|---|"]
    for name in PHASES:
        p = result["phases"].get(name, {})
        if "skipped" in p:
            rows.append(f"| {name} | – | – | – | – | skipped: {p['skipped']} |")
            continue
        notes = {k: v for k, v in p.items() if k not in {"max_stall_ms", "stalls_over_50ms", "stalls_over_100ms",
                                                        "ticks", "wall_ms", "longest"}}
        rows.append(f"| {name} | {p.get('max_stall_ms')} | {p.get('stalls_over_50ms')} | "
                    f"{p.get('stalls_over_100ms')} | {p.get('wall_ms')} | {json.dumps(notes, ensure_ascii=False)} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == [_CHILD_FLAG]:
        return _child(args_list[1])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="10k", choices=("tiny", "1k", "10k", "100k"))
    parser.add_argument("--keep", metavar="DIR", help="build the file in DIR and keep it")
    parser.add_argument("--reuse", nargs="?", const="", metavar="DIR",
                        help="reuse the file an earlier run kept (in DIR, or in --keep's DIR)")
    parser.add_argument("--json", metavar="OUT", help="write the results as JSON")
    parser.add_argument("--cold-runs", type=int, default=2, help="fresh-process starts to time (0: none)")
    parser.add_argument("--startup-runs", type=int, default=6,
                        help="start-ups on the sample file against a bare PySide6 window, alternating (0: none)")
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated subset of " + ",".join(PHASES))
    parser.add_argument("--max-pages", type=int, default=20_000, help="PageDown presses at most per list")
    parser.add_argument("--tune-gc", action="store_true",
                        help="call ui.responsiveness.tune_gc() once the window is up (what the app may adopt)")
    args = parser.parse_args(args_list)
    keep = args.reuse or args.keep
    path = bench_file(args.scale, keep, args.reuse is not None)
    work = Path(tempfile.mkdtemp(prefix="ssdesk-bench-gui-"))
    try:
        os.environ["SSDESK_BACKUP_DIR"] = str(work / "backups")
        _private_settings(work / "settings")
        result: dict[str, Any] = {"scale": args.scale, "file": str(path),
                                  "file_mb": round(path.stat().st_size / 2**20, 1),
                                  "load_avg_before": os.getloadavg()}
        cold = []
        for i in range(args.cold_runs):
            _log(f"cold start {i + 1}/{args.cold_runs}…")
            cold.append(cold_start(path, work / "cold-config", work / "cold-backups"))
            _log(f"  {cold[-1]}")
        result["cold_start"] = cold
        if args.startup_runs:  # the yardstick: the sample file, side by side with a bare window
            import bench_startup

            _log(f"start-up on the sample file against a bare window ({args.startup_runs} runs each)…")
            result["startup_vs_bare"] = bench_startup.compare(bench_startup.sample_file(work), args.startup_runs)
            _log("  " + bench_startup.describe(result["startup_vs_bare"]))
        _log("in-process phases:")
        result.update(run_gui_bench(path, work_dir=work, phases=tuple(args.phases.split(",")),
                                    max_pages=args.max_pages, tune_gc=args.tune_gc))
        result["load_avg_after"] = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _log(_table(result))
    if "startup_vs_bare" in result:
        import bench_startup

        _log(bench_startup.describe(result["startup_vs_bare"]))
    longest = result.get("overall", {}).get("longest", [])[:8]
    if longest:
        _log("longest stalls:")
        for s in longest:
            _log(f"  {s['ms']:8.1f} ms  {s['label']}")
            for where in s["where"][:2]:
                _log(f"      {where}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
