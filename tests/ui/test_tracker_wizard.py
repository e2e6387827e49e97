"""The tracker import wizard (issue 17), driven as a person does: File menu → file → columns → statuses → preview →
Import, on a real case file and a real workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ssdesk.enums import RecStatus
from ssdesk.models import Recommendation, Unit
from ssdesk.store import Store
from ui.main_window import MainWindow


def workbook(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "2024"
    ws["A1"] = "BẢNG THEO DÕI THỰC HIỆN KIẾN NGHỊ"
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["STT", "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn", "Tình trạng", "Ghi chú"])
    ws.append([1, "Rà soát hộ nghèo", "QU Hoàng Mai", "30/6/2024", "Đã thực hiện", "xong"])
    ws.append([2, "Kiện toàn tổ công tác", "Phòng Nội vụ", "Quý III/2024", "Tạm dừng", None])
    ws.append([3, "Báo cáo sơ kết", "Quan uy Hoang Mai", "trước 30/9", "Đang triển khai", None])
    book.save(path)
    return path


def test_wizard_imports_after_the_status_is_said(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "case.ssdesk")
    unit = store.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee",
                                  short_name="Quận ủy Hoàng Mai")
    window = MainWindow(store)
    qtbot.addWidget(window)
    action = window.findChild(QAction, "actionImportTracker")
    assert action is not None and action in window.menu("file").actions()
    from ui.features.tracker import open_wizard

    wizard = open_wizard(window)
    qtbot.addWidget(wizard)
    wizard.set_file(workbook(tmp_path / "Theo dõi 2024.xlsx"))
    assert wizard.file_page.sheet.currentText() == "2024"
    wizard.next()
    grid = wizard.columns.grid
    fields = {grid.item(i, 1).text(): grid.cellWidget(i, 2).currentData() for i in range(grid.rowCount())}
    assert fields["Nội dung kiến nghị"] == "text" and fields["Thời hạn"] == "deadline"
    note = next(i for i in range(grid.rowCount()) if grid.item(i, 1).text() == "Ghi chú")
    combo = grid.cellWidget(note, 2)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("ignore"))  # the person drops the notes column
    wizard.next()
    statuses = wizard.choices.statuses
    rows = {statuses.item(i, 0).text(): statuses.cellWidget(i, 1) for i in range(statuses.rowCount())}
    assert rows["Đã thực hiện"].currentData() == "done" and rows["Tạm dừng"].currentData() is None
    assert [wizard.choices.units.item(i).text() for i in range(wizard.choices.units.count())] == ["Phòng Nội vụ"]
    wizard.next()
    problems = [wizard.preview.problems.item(i).text() for i in range(wizard.preview.problems.count())]
    assert problems == ["Sheet 2024, row 5: status not known “Tạm dừng”: say which status it is in the status table"]
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()  # nothing can be written yet
    assert wizard.preview.grid.rowCount() == 3  # the bad row shown with the others
    wizard.back()
    combo = rows["Tạm dừng"]
    combo.setCurrentIndex(combo.findData(RecStatus.CARRIED_OVER.value))
    wizard.choices.create_units.setChecked(True)
    wizard.next()
    assert wizard.preview.problems.count() == 0
    assert wizard.preview.grid.item(0, 4).text() == "30/06/2024"
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.outcome is not None and wizard.outcome.added == 3
    with store.read() as s:
        recs = {r.text: r for r in s.execute(select(Recommendation)).scalars()}
        assert recs["Rà soát hộ nghèo"].responsible_unit_id == unit.id
        assert recs["Rà soát hộ nghèo"].status is RecStatus.DONE
        assert recs["Kiện toàn tổ công tác"].status is RecStatus.CARRIED_OVER
        assert recs["Báo cáo sơ kết"].deadline == dt.date(2024, 9, 30)
        assert s.execute(select(Unit).where(Unit.name == "Phòng Nội vụ")).scalar_one() is not None
    window.close()
    store.close()
