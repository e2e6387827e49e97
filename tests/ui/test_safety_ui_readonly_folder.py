"""A good case file in a read-only folder (issue 19 §9): the app says the folder is read-only and offers to open the
file read-only — not "damaged", not "in use"."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import only_features
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ssdesk.store import Store
from ui.features.safety import settings
from ui.jobs import JobRunner
from ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX mounts and modes")


@pytest.fixture(autouse=True)
def safety_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    only_features(monkeypatch, "ui.features.safety")
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(tmp_path / "backups"))
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(settings, "settings", lambda: QSettings(ini, QSettings.Format.IniFormat))
    monkeypatch.setattr(JobRunner, "synchronous", True)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` read-only for this process: a read-only bind mount as root (modes do not stop root), else 0555."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    if subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode:
        pytest.skip("root without the right to mount")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True).returncode:
            pytest.skip("cannot remount read-only")
        yield
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_read_only_folder_is_said_and_the_file_opens_read_only(qtbot: QtBot, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "share"
    share.mkdir()
    with Store.open(share / "case.ssdesk") as s:
        s.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee")
    window = MainWindow(Store.open(tmp_path / "mine.ssdesk"))
    qtbot.addWidget(window)
    shown: list[tuple[str, str]] = []

    def answer(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text()))
        box.setProperty("clicked", next(b for b in box.buttons() if b.text() == "Open read-only"))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.property("clicked"))
    with read_only(share):
        assert window.open_path(share / "case.ssdesk")
        [(title, text)] = shown
        assert title == "The case file cannot be changed here"
        assert "is read-only" in text and "damaged" not in text
        assert window.store.readonly and window.store.path == (share / "case.ssdesk").resolve()
        window.store.close()
