"""The GUI asks before any output holding something of a secret (MẬT) session leaves the case file — the follow-up
report, the reminder, the report upward, the visit package — with the minutes' own question, naming the sessions;
"No" writes nothing, "Yes" writes the file 0600 (issue 20 §8)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import only_features
from openpyxl import load_workbook
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.store import Store
from ui.features.documents.followup import FollowupReportDialog
from ui.features.followup.tools import ReminderDialog, UpwardDialog
from ui.features.safety import settings
from ui.features.safety.laptop import export_visit_package
from ui.jobs import JobRunner
from ui.main_window import MainWindow

TODAY = dt.date(2025, 1, 1)
SHOWN = "Ban Thường vụ Quận ủy Hoàng Mai, 27/02/2024"


class Answers:
    """QMessageBox.warning answered by the test; every question asked is kept."""

    def __init__(self, answer: QMessageBox.StandardButton) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, _parent: object, _title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
        self.asked.append(text)
        return self.answer


@pytest.fixture
def secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, str]]:
    monkeypatch.setattr(JobRunner, "synchronous", True)
    store = Store.open(tmp_path / "case.ssdesk", user="thu-ky@doan1")
    visit_id = build_demo(store)
    store.visits.update(visit_id, classification="secret")
    old = os.umask(0o022)
    yield store, visit_id
    os.umask(old)
    store.close()


def answer(monkeypatch: pytest.MonkeyPatch, yes: bool) -> Answers:
    answers = Answers(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "warning", answers)
    return answers


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_the_follow_up_report_asks_and_no_writes_nothing(
        qtbot: QtBot, secret: tuple[Store, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _visit = secret
    dialog = FollowupReportDialog(store)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    target = tmp_path / "theo-doi.xlsx"
    save_as(monkeypatch, target)
    asked = answer(monkeypatch, yes=False)
    dialog.make()
    assert len(asked.asked) == 1 and SHOWN in asked.asked[0] and "SECRET" in asked.asked[0]
    assert not target.exists() and dialog.saved is None
    assert dialog.message.text() == "Cancelled; nothing was saved."

    asked = answer(monkeypatch, yes=True)
    job = dialog.make()
    assert job is not None and job.error is None and dialog.saved == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert all(ws["A1"].value == "MẬT" for ws in load_workbook(target).worksheets)


def test_a_normal_follow_up_report_asks_nothing(
        qtbot: QtBot, secret: tuple[Store, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, visit_id = secret
    store.visits.update(visit_id, classification="normal")
    dialog = FollowupReportDialog(store)
    qtbot.addWidget(dialog)
    target = tmp_path / "theo-doi.pdf"
    save_as(monkeypatch, target)
    asked = answer(monkeypatch, yes=False)
    dialog.make()
    assert asked.asked == [] and dialog.saved == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_the_reminder_and_the_report_upward_ask(
        qtbot: QtBot, secret: tuple[Store, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _visit = secret
    reminder = ReminderDialog(store, TODAY)
    qtbot.addWidget(reminder)
    reminder.unit.setCurrentIndex(reminder.unit.findText("Ban Thường vụ Quận ủy Hoàng Mai"))
    asked = answer(monkeypatch, yes=False)
    reminder.save(str(tmp_path / "don-doc.pdf"))
    assert len(asked.asked) == 1 and SHOWN in asked.asked[0]
    assert not (tmp_path / "don-doc.pdf").exists()
    answer(monkeypatch, yes=True)
    reminder.save(str(tmp_path / "don-doc.pdf"))
    assert reminder.saved_path == tmp_path / "don-doc.pdf"
    assert stat.S_IMODE((tmp_path / "don-doc.pdf").stat().st_mode) == 0o600

    upward = UpwardDialog(store, TODAY)
    qtbot.addWidget(upward)
    asked = answer(monkeypatch, yes=False)
    upward.save("xlsx", str(tmp_path / "bao-cao.xlsx"))
    assert len(asked.asked) == 1 and "8 items" in asked.asked[0]
    assert not (tmp_path / "bao-cao.xlsx").exists()
    answer(monkeypatch, yes=True)
    upward.save("xlsx", str(tmp_path / "bao-cao.xlsx"))
    assert stat.S_IMODE((tmp_path / "bao-cao.xlsx").stat().st_mode) == 0o600
    assert load_workbook(tmp_path / "bao-cao.xlsx").active["A1"].value == "MẬT"


def test_the_visit_package_asks(qtbot: QtBot, secret: tuple[Store, str], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    store, _visit = secret
    only_features(monkeypatch, "ui.features.safety")
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(settings, "settings", lambda: QSettings(ini, QSettings.Format.IniFormat))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.table.setCurrentIndex(window.model.index(0, 0))
    save_as(monkeypatch, tmp_path / "goi.ssdesk")
    asked = answer(monkeypatch, yes=False)
    assert export_visit_package(window) is None
    assert len(asked.asked) == 1 and SHOWN in asked.asked[0] and not (tmp_path / "goi.ssdesk").exists()
    answer(monkeypatch, yes=True)
    assert export_visit_package(window) is not None
    assert (tmp_path / "goi.ssdesk").exists()
