"""Merging a laptop's file through the dialog, and what goes to the laptop: a visit package, a laptop copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import only_features, open_window
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.safety.backups import list_backups
from ssdesk.safety.package import make_laptop_copy
from ssdesk.store import Store
from ui.features.safety import settings
from ui.features.safety.merge_dialog import TAKE_LAPTOP, MergeDialog
from ui.jobs import JobRunner
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def safety_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    only_features(monkeypatch, "ui.features.safety")
    monkeypatch.setenv("SSDESK_BACKUP_DIR", str(tmp_path / "backups"))
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(settings, "settings", lambda: QSettings(ini, QSettings.Format.IniFormat))
    monkeypatch.setattr(JobRunner, "synchronous", True)


@pytest.fixture
def infos(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def record(_parent: object, _title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    return shown


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None
    return found


def office_and_laptop(tmp_path: Path, *, same_field: bool) -> tuple[Store, Path, str]:
    """The demo office file and a laptop copy, each changed once; returns (office, laptop, visit id)."""
    office = Store.open(tmp_path / "van-phong.ssdesk", user="office@host")
    visit_id = build_demo(office)
    laptop = make_laptop_copy(office, tmp_path / "may-xach-tay.ssdesk")
    with Store.open(laptop, user="laptop@host") as lap:
        lap.visits.update(visit_id, place="Hội trường UBND quận (laptop)")
    if same_field:
        office.visits.update(visit_id, place="Phòng họp số 1 (văn phòng)")
    else:  # another record: a new session in the office
        visit = office.visits.get(visit_id)
        office.visits.create(delegation_id=visit.delegation_id, unit_id=visit.unit_id, starts_at="2025-03-03 08:00",
                             place="Văn phòng Đoàn")
    return office, laptop, visit_id


def start_merge(window: MainWindow, laptop: Path, monkeypatch: pytest.MonkeyPatch) -> MergeDialog:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(laptop), ""))
    action(window, "actionMerge").trigger()
    shown = [d for d in window.findChildren(MergeDialog) if d.isVisible()]
    assert len(shown) == 1 and shown[0].report is not None
    dialog = shown[0]
    return dialog


def test_preview_counts_a_change_on_each_side_and_applies_it(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, infos: list[str]) -> None:
    office, laptop, visit_id = office_and_laptop(tmp_path, same_field=False)
    window = open_window(qtbot, office)
    dialog = start_merge(window, laptop, monkeypatch)

    assert dialog.counts.rowCount() == 1
    assert [dialog.counts.item(0, c).text() for c in range(4)] == ["Working sessions", "0", "1", "0"]
    assert dialog.conflicts.rowCount() == 0 and dialog.conflicts.isHidden()
    assert "brings 1 change. No conflicts." in dialog.summary.text()
    assert dialog.apply_button.isEnabled()

    dialog.apply_button.click()

    assert dialog.applied is not None and dialog.applied.applied
    assert "1 changed" in infos[-1] and "backed up first" in infos[-1]
    assert window.store.visits.get(visit_id).place == "Hội trường UBND quận (laptop)"
    assert window.store.visits.count() == 2 == window.table.model().rowCount()  # the office's new one stays
    assert any(b.reason == "before-merge" for b in list_backups(window.store))


def test_conflict_is_shown_side_by_side_and_take_laptop_writes_it(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, infos: list[str]) -> None:
    office, laptop, visit_id = office_and_laptop(tmp_path, same_field=True)
    window = open_window(qtbot, office)
    dialog = start_merge(window, laptop, monkeypatch)

    assert dialog.report is not None and len(dialog.report.conflicts) == 1
    rows = {dialog.conflicts.item(r, 2).text(): r for r in range(dialog.conflicts.rowCount())}
    r = rows["place"]
    assert dialog.conflicts.item(r, 3).text() == "Phòng họp số 1 (văn phòng)"
    assert dialog.conflicts.item(r, 4).text() == "Hội trường UBND quận (laptop)"
    assert dialog.conflicts.item(0, 0).text() == "Working sessions"
    assert not dialog.apply_button.isEnabled()  # no default choice

    dialog.choose(0, TAKE_LAPTOP)
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()

    assert dialog.applied is not None and dialog.applied.applied
    assert window.store.visits.get(visit_id).place == "Hội trường UBND quận (laptop)"
    assert "1 conflicts settled (1 with the laptop’s version)" in infos[-1]


def test_nothing_to_merge_twice(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, infos: list[str]) -> None:
    office, laptop, _visit = office_and_laptop(tmp_path, same_field=False)
    window = open_window(qtbot, office)
    start_merge(window, laptop, monkeypatch).apply_button.click()
    dialog = start_merge(window, laptop, monkeypatch)
    assert "Nothing to merge" in dialog.summary.text() and not dialog.apply_button.isEnabled()


def test_export_visit_package_and_laptop_copy(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, infos: list[str]) -> None:
    office = Store.open(tmp_path / "van-phong.ssdesk")
    visit_id = build_demo(office)
    window = open_window(qtbot, office)

    action(window, "actionExportPackage").trigger()
    assert infos[-1] == "Select a working session in the list first."

    window.table.setCurrentIndex(window.model.index(0, 0))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "goi"), ""))
    action(window, "actionExportPackage").trigger()
    with Store.open(tmp_path / "goi.ssdesk", readonly=True) as package:
        assert [r.id for r in package.visits.rows()] == [visit_id]
    assert "goi.ssdesk" in infos[-1]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "laptop.ssdesk"), ""))
    action(window, "actionLaptopCopy").trigger()
    with Store.open(tmp_path / "laptop.ssdesk", readonly=True) as copy:
        assert copy.meta("copied_from") == office.meta("file_id") != copy.meta("file_id")
    assert "laptop.ssdesk" in infos[-1]
