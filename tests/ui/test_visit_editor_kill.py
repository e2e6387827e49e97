"""Autosave survives a hard kill: the app typed into, then SIGKILLed, the text is in the file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ssdesk.store import Store

ROOT = Path(__file__).resolve().parents[2]
TYPED = "Hoi truong tang 3 - Trụ sở Quận ủy Hoàng Mai"

CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from ssdesk.store import Store
    from ui.visit_editor import AUTOSAVE_MS, VisitEditor

    app = QApplication([])
    store = Store.open(sys.argv[1], create=False)
    editor = VisitEditor(store, sys.argv[2])
    editor.show()
    place = editor.findChild(QLineEdit, "place")
    place.setFocus()
    place.selectAll()  # typing replaces what was there
    text = sys.argv[3]
    ascii_part, rest = text.split(" - ", 1)
    QTest.keyClicks(place, ascii_part + " - ")  # QTest types ASCII only; the rest comes as an input method sends it
    for char in rest:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(place, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    assert place.text() == text, place.text()
    QTest.qWait(AUTOSAVE_MS + 700)  # past the autosave pause; nothing else (no focus-out, no close) happens
    print("saved", flush=True)
    QTest.qWait(60_000)  # still "typing" when killed
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_text_saved_by_autosave_survives_sigkill(seeded: Callable[..., Store], tmp_path: Path) -> None:
    store = seeded(1)
    visit_id = store.visits.rows()[0].id
    path = store.path
    store.close()
    script = tmp_path / "type_and_wait.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "SSDESK_LANG": "en"}

    child = subprocess.Popen([sys.executable, str(script), str(path), visit_id, TYPED], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and child.poll() is None:
            line = child.stdout.readline() if child.stdout else ""
            if line.strip() == "saved":
                break
        assert line.strip() == "saved", child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)  # reaped: its lock is now visibly stale (dead pid)
    assert child.returncode == -signal.SIGKILL

    with Store.open(path, create=False) as reopened:
        assert reopened.visits.get(visit_id).place == TYPED
