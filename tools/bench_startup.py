"""Start-up time of the app against a bare PySide6 window, measured side by side in one run.

``python tools/bench_startup.py [FILE] [--runs 6] [--json OUT]`` (also run by ``tools/bench_gui.py``): FILE defaults
to a fresh sample case file (``ssdesk demo``). Each run is a fresh process timed from ``Popen`` to the line the
process prints once its window is usable (:class:`ui.responsiveness.ReadyWatcher`: shown, the table painted, the
event loop idle); the bare window is a ``QMainWindow`` holding one ``QTableView`` of 50 rows and the same watcher,
so both are measured with one ruler. Runs alternate (bare, app, bare, app …) after one unmeasured warm-up of each,
so a load change on the machine hits both; the medians and their ratio are what the issue's goal is stated in
(a usable window ≤ 0.6 s, ≤ 3.5× the bare window). Developer-facing: the console output is English.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: The bare window: what PySide6 itself costs to show a table (same ready watcher as the app).
BARE = """
import sys
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
from ui.responsiveness import install_from_env
install_from_env(app)
window = QMainWindow()
model = QStandardItemModel(50, 6)
for r in range(50):
    for c in range(6):
        model.setItem(r, c, QStandardItem(f"cell {r}/{c}"))
table = QTableView()
table.setObjectName("visitTable")
table.setModel(model)
window.setCentralWidget(table)
window.resize(1100, 700)
window.show()
sys.exit(app.exec())
"""


def _environment(config: Path) -> dict[str, str]:
    from ui.responsiveness import ENV_READY

    env = dict(os.environ, **{ENV_READY: "1"}, XDG_CONFIG_HOME=str(config), QT_QPA_PLATFORM="offscreen",
               SSDESK_BACKUP_DIR=str(config / "backups"), SSDESK_LANG=os.environ.get("SSDESK_LANG", "vi"),
               PYTHONPATH=str(ROOT))
    # as installed: Python keeps compiled modules (__pycache__). A shell that forbids it would time the compiler
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _children_cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def time_to_ready(command: list[str], env: dict[str, str], timeout_s: float = 120,
                  cpu: list[float] | None = None) -> float | None:
    """Milliseconds from starting ``command`` to its ready line; None when it never printed one.

    ``cpu``: the process's CPU time (user + sys, to its exit: the ready line closes the window) is appended — what
    the load of a shared machine does not stretch, unlike the wall time."""
    from ui.responsiveness import READY_MARKER

    cpu_before = _children_cpu_ms()
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=str(ROOT))
    ready: float | None = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(READY_MARKER):
            ready = (time.perf_counter() - started) * 1000
            break
        if time.perf_counter() - started > timeout_s:
            break
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if cpu is not None and ready is not None:
        cpu.append(_children_cpu_ms() - cpu_before)
    return ready


def compare(path: Path, runs: int = 6) -> dict[str, Any]:
    """Median start-up of ``ssdesk FILE`` and of the bare window over ``runs`` alternating runs each, and the ratio."""
    with tempfile.TemporaryDirectory(prefix="ssdesk-startup-") as tmp:
        env = _environment(Path(tmp))
        app_cmd = [sys.executable, "-m", "ssdesk", str(path)]
        bare_cmd = [sys.executable, "-c", BARE]
        time_to_ready(bare_cmd, env)  # warm-up: the OS caches, Qt's font cache, the app's first-start settings
        time_to_ready(app_cmd, env)
        bare: list[float] = []
        app: list[float] = []
        bare_cpu: list[float] = []
        app_cpu: list[float] = []
        load_before = os.getloadavg()[0]
        for _ in range(runs):
            for command, out, cpu in ((bare_cmd, bare, bare_cpu), (app_cmd, app, app_cpu)):
                ms = time_to_ready(command, env, cpu=cpu)
                if ms is not None:
                    out.append(ms)
    if not bare or not app:
        return {"error": "a process never became ready", "bare_ms": bare, "app_ms": app}
    app_median, bare_median = statistics.median(app), statistics.median(bare)
    app_cpu_median, bare_cpu_median = statistics.median(app_cpu), statistics.median(bare_cpu)
    return {"runs": runs, "app_ms": [round(v) for v in app], "bare_ms": [round(v) for v in bare],
            "app_median_ms": round(app_median), "bare_median_ms": round(bare_median),
            "ratio": round(app_median / bare_median, 2),
            "app_cpu_ms": [round(v) for v in app_cpu], "bare_cpu_ms": [round(v) for v in bare_cpu],
            "app_cpu_median_ms": round(app_cpu_median), "bare_cpu_median_ms": round(bare_cpu_median),
            "cpu_ratio": round(app_cpu_median / bare_cpu_median, 2),
            "load_avg_before": round(load_before, 2), "load_avg": [round(v, 2) for v in os.getloadavg()]}


def sample_file(folder: Path) -> Path:
    """The sample case file (``ssdesk demo``) in ``folder``."""
    path = folder / "sample.ssdesk"
    if not path.exists():
        subprocess.run([sys.executable, "-m", "ssdesk", "demo", str(path)], check=True, cwd=str(ROOT),
                       stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return path


def describe(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"start-up: {result['error']}"
    return (f"start-up (median of {result['runs']}): app {result['app_median_ms']} ms, bare PySide6 window "
            f"{result['bare_median_ms']} ms, ratio {result['ratio']}x; CPU app {result['app_cpu_median_ms']} ms, "
            f"bare {result['bare_cpu_median_ms']} ms, ratio {result['cpu_ratio']}x "
            f"(load {result['load_avg_before']} before, {result['load_avg']} after)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", help="case file (default: a fresh sample file)")
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--json", metavar="OUT")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="ssdesk-sample-") as tmp:
        path = Path(args.file) if args.file else sample_file(Path(tmp))
        result = compare(path, args.runs)
    print(describe(result))
    print(json.dumps(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    sys.exit(main())
