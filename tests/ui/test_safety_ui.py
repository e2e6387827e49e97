"""Nothing is ever lost, in the GUI: opening a locked, damaged or newer file; the Backups page; deferred checks.

Each test builds a fresh window on fresh files under ``tmp_path``; backups and settings live there too. Only the
safety feature is installed, so these tests do not depend on what the other pages are doing. Message boxes are
answered by :class:`Answers`: it records each box and clicks the button whose text it was told.
"""

from __future__ import annotations

import datetime as dt
import getpass
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import only_features, open_window
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.errors import CaseFileError
from ssdesk.safety.backups import backup_now, list_backups
from ssdesk.store import Store
from ui import app as app_module
from ui.features.safety import settings
from ui.features.safety.backups_page import COL_REASON, COL_VISITS, BackupsPage
from ui.jobs import JobRunner


@pytest.fixture(autouse=True)
def safety_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    only_features(monkeypatch, "ui.features.safety")
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(tmp_path / "backups"))
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(settings, "settings", lambda: QSettings(ini, QSettings.Format.IniFormat))
    monkeypatch.setattr(JobRunner, "synchronous", True)


class Answers:
    """Stands in for ``QMessageBox.exec``/``question``: records texts, clicks the button named by the next answer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *answers: str) -> None:
        self.answers = list(answers)
        self.shown: list[tuple[str, str, str]] = []
        self.questions: list[str] = []
        answers_ = self

        def fake_exec(box: QMessageBox) -> int:
            answers_.shown.append((box.windowTitle(), box.text(), box.informativeText()))
            wanted = answers_.answers.pop(0) if answers_.answers else ""
            box.setProperty("clicked", next((b for b in box.buttons() if b.text() == wanted), None))
            return 0

        monkeypatch.setattr(QMessageBox, "exec", fake_exec)
        monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.property("clicked"))
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "critical", self._record)
        monkeypatch.setattr(QMessageBox, "information", self._record)

    def _question(self, _parent: object, _title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        self.questions.append(text)
        return QMessageBox.StandardButton.Yes

    def _record(self, _parent: object, title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        self.shown.append((title, text, ""))
        return QMessageBox.StandardButton.Ok


def demo_file(path: Path) -> int:
    """A case file with the sample session; returns its number of visits."""
    with Store.open(path, user="test@host") as store:
        build_demo(store)
        return store.visits.count()


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[Path]:
    """A case file held open by another live ssdesk process."""
    path = tmp_path / "van-phong.ssdesk"
    demo_file(path)
    code = ("import sys, time\nfrom ssdesk.store import Store\ns = Store.open(sys.argv[1])\n"
            "print('ready', flush=True)\ntime.sleep(120)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield path
    proc.kill()
    proc.wait(timeout=10)


def test_locked_file_names_the_holder_and_opens_read_only(
        qtbot: QtBot, holder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, Store.open(tmp_path / "rieng.ssdesk"))
    answers = Answers(monkeypatch, "Open read-only")

    assert window.open_path(holder)

    title, text, info = answers.shown[0]
    assert title == "The case file is in use"
    assert getpass.getuser() in text and socket.gethostname() in text
    assert dt.date.today().strftime("%d/%m/%Y") in text and "read-only" in info
    assert window.store.readonly and window.store.path == holder.resolve()
    assert window.windowTitle() == "van-phong.ssdesk — ssdesk (read-only)"
    assert window.table.model().rowCount() == 1
    with pytest.raises(CaseFileError, match="read-only"):
        window.store.visits.update(window.model.row_at(0).id, place="Phòng họp")  # type: ignore[union-attr]


def test_locked_file_at_start_cancel_quits(holder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = Answers(monkeypatch, "Quit")
    assert app_module.open_store_interactively(holder) is None
    assert "is open for editing by" in answers.shown[0][1]


def damage(path: Path) -> None:
    with open(path, "ab") as fh:  # a torn copy: not a whole number of pages
        fh.write(b"\0" * 100)


def test_damaged_file_restores_the_newest_good_backup(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hong.ssdesk"
    visits = demo_file(path)
    backup_now(path, reason="auto")
    damage(path)
    window = open_window(qtbot, Store.open(tmp_path / "khac.ssdesk"))
    answers = Answers(monkeypatch, "Restore the newest good backup")

    assert window.open_path(path)

    title, text, info = answers.shown[0]
    assert title == "The case file is damaged" and "hong.ssdesk" in text and "newest good backup" in info
    assert "kept as a backup first" in answers.questions[0]
    assert window.store.path == path.resolve() and not window.store.readonly
    assert window.store.visits.count() == visits == window.table.model().rowCount()
    assert any(b.reason.startswith("before-restore") for b in list_backups(path))


def test_damaged_file_at_start_without_backup_offers_another_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hong.ssdesk"
    demo_file(path)
    damage(path)
    answers = Answers(monkeypatch, "Quit")
    assert app_module.open_store_interactively(path) is None
    assert answers.shown[0][2] == "No good backup of this file was found."


def test_newer_file_gets_a_clear_message(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "moi.ssdesk"
    demo_file(path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    window = open_window(qtbot, Store.open(tmp_path / "khac.ssdesk"))
    current = window.store
    answers = Answers(monkeypatch, "Cancel")

    assert not window.open_path(path)

    title, text, info = answers.shown[0]
    assert title == "Made by a newer ssdesk" and "newer version of ssdesk" in text and "Nothing was changed" in info
    assert window.store is current


def test_back_up_now_lists_the_backup_and_restore_brings_it_back(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "doan.ssdesk"
    visits = demo_file(path)
    window = open_window(qtbot, Store.open(path))
    page = window.show_page("backups")
    assert isinstance(page, BackupsPage)
    assert page.model.rowCount() == 0 and not page.restore_button.isEnabled()

    page.backup_button.click()

    assert page.model.rowCount() == 1
    assert page.model.index(0, COL_REASON).data() == "Backed up by hand"
    assert page.model.index(0, COL_VISITS).data() == str(visits)
    assert page.restore_button.isEnabled()

    row = window.model.row_at(0)
    assert row is not None
    window.store.visits.delete(row.id)
    assert window.store.visits.count() == visits - 1
    answers = Answers(monkeypatch)
    old = window.store

    assert page.restore_selected()

    assert "current file is kept as a backup first" in answers.questions[0]
    assert window.store is not old and window.store.visits.count() == visits
    assert window.table.model().rowCount() == visits
    # what the folder holds: the replaced file's closing backup too (the page, built on first show, now hears of
    # the new file after that backup is made; built at start it listed the folder before it and missed it)
    assert [page.model.index(r, COL_REASON).data() for r in range(page.model.rowCount())] == [
        "On closing", "Before a restore", "Backed up by hand"]


def test_backup_settings_are_saved_and_used(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "doan.ssdesk"
    demo_file(path)
    window = open_window(qtbot, Store.open(path))
    page = window.show_page("backups")
    assert isinstance(page, BackupsPage)
    page.folder_edit.setText(str(tmp_path / "usb"))
    page.minutes.setValue(5)
    page.save_button.click()

    assert settings.backup_minutes() == 5 and settings.backup_every() == dt.timedelta(minutes=5)
    page.backup_button.click()
    assert page.model.rowCount() == 1
    assert page.model.rows[0].path.is_relative_to(tmp_path / "usb")


def test_auto_backup_ticks_after_a_change(qtbot: QtBot, tmp_path: Path) -> None:
    from ui.features.safety import AutoBackupDriver

    path = tmp_path / "doan.ssdesk"
    demo_file(path)
    window = open_window(qtbot, Store.open(path))
    driver = window.findChild(AutoBackupDriver)
    assert driver is not None and driver.timer.interval() == 60_000 and driver.timer.isActive()
    driver.tick()
    assert list_backups(path) == []  # nothing changed yet
    row = window.model.row_at(0)
    assert row is not None
    window.store.visits.update(row.id, place="Phòng họp số 2")
    driver.tick()
    assert [b.reason for b in list_backups(path)] == ["auto"]


def corrupt_an_index(path: Path) -> None:
    """Damage that a deferred open and the visit list do not read: the root page of an audit-log index."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='ix_audit_log_at'").fetchone()[0]
    con.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * 64)


def test_deferred_verification_warns_and_offers_the_backup(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lon.ssdesk"
    visits = demo_file(path)
    backup_now(path, reason="auto")
    corrupt_an_index(path)
    answers = Answers(monkeypatch, "Restore the newest good backup…")
    store = Store.open(path, verify="defer")
    assert not store.verified
    window = open_window(qtbot, store)

    qtbot.waitUntil(lambda: bool(answers.shown))

    title, text, _info = answers.shown[0]
    assert title == "The case file is damaged" and "found damage" in text
    assert window.store is not store and window.store.verified
    assert window.store.verify() == [] and window.store.visits.count() == visits


def test_no_check_runs_when_the_file_was_verified(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "nho.ssdesk"
    demo_file(path)
    calls: list[int] = []
    monkeypatch.setattr(Store, "verify", lambda self, *a: calls.append(1) or [])
    window = open_window(qtbot, Store.open(path))
    qtbot.wait(20)
    assert calls == [] and window.store.verified


def test_encrypted_file_asks_its_password(tmp_path, monkeypatch) -> None:
    pytest.importorskip("sqlcipher3")
    from PySide6.QtWidgets import QInputDialog

    from ssdesk import crypto
    from ui.features.safety.opening import open_case_file

    path = tmp_path / "secret.ssdesk"
    with Store.open(path, password="mật khẩu 1") as store:
        store.catalog.add_unit("Quận ủy Hoàng Mai", "district_committee")
    crypto.forget()
    monkeypatch.delenv("SSDESK_PASSWORD", raising=False)
    answers = iter([("sai", True), ("mật khẩu 1", True)])
    asked: list[str] = []

    def fake(parent, title, label, mode):
        asked.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", fake)
    store = open_case_file(None, path, create=False)
    assert store is not None
    try:
        assert [u.name for u in store.catalog.units()] == ["Quận ủy Hoàng Mai"]
    finally:
        store.close()
    assert len(asked) == 2 and "does not open" in asked[1]
    crypto.forget()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("", False))
    assert open_case_file(None, path, create=False) is None  # cancelled: nothing opened
