"""The work-around of ui.compat: many calls of void Qt methods must not crash the interpreter (PySide6 6.12 on
Python 3.11 lost a reference to None per call). Runs in a subprocess, since the failure is an abort."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import ui  # applies the work-around, as every ssdesk GUI entry point does
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
before = sys.getrefcount(None)
for _ in range(200_000):
    w.setObjectName("x")
print("survived", before - sys.getrefcount(None))
"""


def test_two_hundred_thousand_void_calls_do_not_abort() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120,
                            cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("survived")
