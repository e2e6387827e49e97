"""Windows open no larger than the screen (issue 14: the 1220×820 document dialog on a 1280×800 laptop).

The GUI tests run on Qt's offscreen screen (800×800); the walk of every page and dialog is run again here in a
child process whose offscreen screen is 1024×768 (``offscreen:configfile=``), the smallest the app is made for:
each window must open inside it and its layout must fit it (tests/text_fits.py ``too_large``), and no text may be
cut at the sizes they open at.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from ui.screen_fit import FRAME, SMALLEST_SCREEN, fitted, open_at, room_within, screen_room

ROOT = Path(__file__).resolve().parents[2]


def test_a_size_is_cut_only_where_the_screen_is_smaller() -> None:
    room = room_within(QSize(1280, 800))
    assert room == QSize(1280 - FRAME.width(), 800 - FRAME.height())
    assert fitted(QSize(1220, 820), room) == QSize(1220, room.height())  # the document dialog on a laptop
    assert fitted(QSize(760, 360), room) == QSize(760, 360)  # a small dialog keeps its size
    assert fitted(QSize(1220, 820), room_within(SMALLEST_SCREEN)) == QSize(1008, 720)


def test_a_window_opens_inside_its_screen(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    room = screen_room(dialog)
    assert open_at(dialog, 5000, 5000) == room
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    assert open_at(dialog, 300, 200) == QSize(300, 200)


def test_every_window_fits_a_1024_by_768_screen(tmp_path: Path) -> None:
    """The text-fit walk (Vietnamese: the longer texts) on a 1024×768 screen, in a child process."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "1024x768", "x": 0, "y": 0, "width": 1024, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    run = subprocess.run([sys.executable, "-m", "pytest", "tests/ui/test_text_fits.py", "-q", "-x",
                          "-p", "no:cacheprovider", "-k", "vi and (dialog or 1024x768)"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "deselected" in run.stdout
