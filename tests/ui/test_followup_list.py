"""The recommendation list page: filters, saved filters, the follow-up dialog, bulk change, paging."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from ssdesk.demo import build_demo
from ssdesk.enums import RecStatus
from ssdesk.store import Store
from ui.features.followup import PAGE_LIST, FollowupFeature
from ui.features.followup.dialogs import FollowupDialog
from ui.features.followup.model import PAGE_SIZE
from ui.main_window import MainWindow

TODAY = dt.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[None]:
    """The "last seen" dates go to a temporary folder, never the user's settings."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> tuple[MainWindow, FollowupFeature]:
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    build_demo(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    feature = window.findChild(FollowupFeature, "followupFeature")
    feature.set_today(TODAY)
    window.show_page(PAGE_LIST)
    window.show()
    qtbot.waitExposed(window)
    return window, feature


def _row(feature: FollowupFeature, ref: str) -> int:
    model = feature.list_page.model
    return next(i for i in range(model.rowCount()) if model.row_at(i).ref == ref)


def test_lists_the_demo_recommendations(demo) -> None:
    _window, feature = demo
    page = feature.list_page
    assert page.model.rowCount() == 8
    assert page.count_label.text() == "8 recommendations"
    assert {page.model.row_at(i).ref for i in range(8)} == {"1", "2", "3", "4", "5", "6", "KN1", "KN2"}
    assert page.model.index(0, 5).data() == "30/06/2024"


def test_filter_by_status_and_overdue(demo, qtbot) -> None:
    _window, feature = demo
    page = feature.list_page
    bar = page.filters
    bar.status.setCurrentIndex(bar.status.findData(RecStatus.IN_PROGRESS))
    assert page.model.rowCount() == 1 and page.model.row_at(0).ref == "2"
    bar.status.setCurrentIndex(0)
    qtbot.mouseClick(bar.overdue, Qt.MouseButton.LeftButton, pos=bar.overdue.rect().center())
    assert bar.overdue.isChecked()
    assert page.model.rowCount() == 6
    assert page.count_label.text() == "6 recommendations"
    feature.set_today(dt.date(2024, 6, 30))  # due that day: not overdue yet
    assert page.model.rowCount() == 0


def test_text_and_deadline_filters_go_through_the_core(demo, qtbot) -> None:
    _window, feature = demo
    bar = feature.list_page.filters
    qtbot.keyClicks(bar.text, "benh vien")  # accents and case ignored
    qtbot.waitUntil(lambda: feature.list_page.model.rowCount() == 1)
    assert feature.list_page.model.row_at(0).ref == "KN2"
    bar.text.clear()
    bar.deadline_from.setText("31/02/2024")
    bar.deadline_from.editingFinished.emit()
    assert bar.error.isVisible() or bar.error.text()
    bar.deadline_from.setText("01/06/2024")
    bar.deadline_from.editingFinished.emit()
    assert not bar.error.text()
    assert feature.list_page.model.rowCount() == 6


def test_saved_filter_round_trip(demo) -> None:
    window, feature = demo
    bar = feature.list_page.filters
    bar.overdue.setChecked(True)
    assert bar.save_current(name="Quá hạn")
    assert window.store.followup.filter_names() == ["Quá hạn"]
    bar.clear()
    assert feature.list_page.model.rowCount() == 8
    bar.saved.setCurrentIndex(bar.saved.findData("Quá hạn"))
    bar.saved.activated.emit(bar.saved.currentIndex())
    assert bar.overdue.isChecked() and feature.list_page.model.rowCount() == 6
    assert bar.delete_current()
    assert window.store.followup.filter_names() == []


def _open_dialog(feature: FollowupFeature, qtbot, ref: str) -> FollowupDialog:
    table = feature.list_page.table
    rect = table.visualRect(feature.list_page.model.index(_row(feature, ref), 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # Qt 6: a double-click
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # follows a press
    dialog = feature.list_page.dialogs[feature.list_page.model.row_at(_row(feature, ref)).id]
    assert dialog.isVisible()
    return dialog


def test_record_a_step_by_clicking(demo, qtbot, tmp_path: Path, monkeypatch) -> None:
    window, feature = demo
    dialog = _open_dialog(feature, qtbot, "1")
    offered = {dialog.status.itemData(i) for i in range(dialog.status.count())}
    assert RecStatus.DONE not in offered and RecStatus.IN_PROGRESS in offered and None in offered
    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(b"%PDF-1.4 report")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(evidence)], ""))
    qtbot.mouseClick(dialog.findChild(type(dialog.record_button), "addEvidence"), Qt.MouseButton.LeftButton)
    dialog.status.setCurrentIndex(dialog.status.findData(RecStatus.IN_PROGRESS))
    qtbot.keyClicks(dialog.note, "Da ban hanh ")  # QTest types ASCII only; Vietnamese goes in as input would
    dialog.note.insertPlainText("kế hoạch")
    dialog.reporter.insert("Văn phòng Quận ủy")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Step recorded."
    history = window.store.followup.history(dialog.rec_id)
    assert len(history) == 1
    step = history[0]
    assert (step.old_status, step.new_status, step.note, step.reporter) == (
        RecStatus.NEW, RecStatus.IN_PROGRESS, "Da ban hanh kế hoạch", "Văn phòng Quận ủy")
    assert step.date == TODAY and step.evidence[0][0] == "bao-cao.pdf"
    assert dialog.history.rowCount() == 1 and "→" in dialog.history.item(0, 1).text()
    qtbot.waitUntil(lambda: feature.list_page.model.row_at(_row(feature, "1")).status is RecStatus.IN_PROGRESS)
    opened = []
    monkeypatch.setattr("ui.features.followup.dialogs.QDesktopServices.openUrl", lambda url: opened.append(url))
    dialog.history.cellDoubleClicked.emit(0, 5)
    assert Path(opened[0].toLocalFile()).read_bytes() == b"%PDF-1.4 report"


def test_a_date_typed_over_the_whole_field_is_the_date_recorded(demo, qtbot) -> None:
    """Ctrl+A, then "01/03/2024": with Qt's sectioned date editor the typed day was lost and another date recorded
    (GUI walk). Typed whole, or short ("1/3/24"), it is the date; a text that is no date is put back on leaving."""
    window, feature = demo
    dialog = _open_dialog(feature, qtbot, "3")
    dialog.date.setFocus()
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.date, "01/03/2024")
    dialog.date.editingFinished.emit()  # the typing ends (Tab, a click on Record)
    assert dialog.date.date() == QDate(2024, 3, 1)
    dialog.date.selectAll()
    qtbot.keyClicks(dialog.date, "2/3/24")
    dialog.date.editingFinished.emit()
    assert dialog.date.date() == QDate(2024, 3, 2) and dialog.date.text() == "02/03/2024"
    dialog.date.selectAll()
    qtbot.keyClicks(dialog.date, "15/05/202")  # a year cut short: half-way "15/05/20" read as 2020, never taken
    assert dialog.date.date() == QDate(2024, 3, 2)
    dialog.date.editingFinished.emit()
    assert dialog.date.text() == "02/03/2024" and dialog.date.date() == QDate(2024, 3, 2)
    dialog.date.selectAll()
    qtbot.keyClicks(dialog.date, "31/02/2024")
    dialog.date.editingFinished.emit()
    assert dialog.date.text() == "02/03/2024" and dialog.date.date() == QDate(2024, 3, 2)
    dialog.note.setPlainText("Đã rà soát")  # QTest cannot type Vietnamese
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    [step] = window.store.followup.history(dialog.rec_id)
    assert step.date == dt.date(2024, 3, 2)


def test_refused_step_shows_why_and_writes_nothing(demo, qtbot) -> None:
    window, feature = demo
    dialog = _open_dialog(feature, qtbot, "3")
    # The form offers only allowed steps; a stale form (another window changed the status) can still hold one the
    # core refuses — simulate that: "done" straight from "not started".
    dialog.status.addItem(RecStatus.DONE.label, RecStatus.DONE)
    dialog.status.setCurrentIndex(dialog.status.count() - 1)
    qtbot.keyClicks(dialog.note, "Xong")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.labels["status"].isVisible()
    assert "cannot go from" in dialog.errors.labels["status"].text()
    assert dialog.note.toPlainText() == "Xong"  # nothing typed is lost
    assert window.store.followup.history(dialog.rec_id) == []
    dialog.status.setCurrentIndex(0)
    dialog.date.setDate(dialog.date.date().addDays(3))  # in the future
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert "future" in dialog.errors.labels["date"].text()
    assert window.store.followup.history(dialog.rec_id) == []


def _select(feature: FollowupFeature, refs: list[str]) -> None:
    table = feature.list_page.table
    table.clearSelection()
    for ref in refs:
        table.selectionModel().select(feature.list_page.model.index(_row(feature, ref), 0),
                                      QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)


def test_bulk_change_all_or_nothing(demo, qtbot) -> None:
    window, feature = demo
    _select(feature, ["1", "3", "4"])
    dialog = feature.list_page.change_status_selected()
    assert dialog is not None and dialog.isVisible()
    dialog.status.setCurrentIndex(dialog.status.findData(RecStatus.DONE))
    qtbot.keyClicks(dialog.note, "Theo bao cao so 12")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert "Item 1" in dialog.errors.labels["items"].text()  # the error names the item
    assert all(window.store.followup.history(r) == [] for r in dialog.rec_ids)
    dialog.status.setCurrentIndex(dialog.status.findData(RecStatus.IN_PROGRESS))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    for rec_id in dialog.rec_ids:
        [step] = window.store.followup.history(rec_id)
        assert step.new_status is RecStatus.IN_PROGRESS and step.note == "Theo bao cao so 12"


def test_open_working_session_from_the_list(demo, monkeypatch) -> None:
    window, feature = demo
    opened = []
    monkeypatch.setattr(feature.list_page, "_open_visit", opened.append)
    feature.list_page.table.setCurrentIndex(feature.list_page.model.index(0, 0))
    feature.list_page.action_visit.trigger()
    assert opened == [feature.list_page.model.row_at(0).visit_id]


def test_pages_of_650(qtbot, seeder, case_path: Path) -> None:
    store = Store.open(case_path, create=True, user="test@host")
    add = seeder(store)
    visit = add.visit("2024-02-27 08:00")
    with store.write():
        for i in range(650):
            store.recommendations.add(visit, direction="request", text=f"Yêu cầu {i}", deadline="2024-12-31")
    window = MainWindow(store)
    qtbot.addWidget(window)
    feature = window.findChild(FollowupFeature, "followupFeature")
    feature.set_today(TODAY)
    page = feature.list_page
    assert page.model.rowCount() == PAGE_SIZE and page.model.total_count() == 650
    assert "650 recommendations" in page.count_label.text()
    assert page.model.canFetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 2 * PAGE_SIZE
    ids = {page.model.row_at(i).id for i in range(page.model.rowCount())}
    assert len(ids) == 2 * PAGE_SIZE  # keyset pages do not repeat rows
    window.show_page(PAGE_LIST)
    window.show()
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > 2 * PAGE_SIZE)
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert page.model.rowCount() == 650


def test_set_a_recurring_reporting_period_in_the_dialog(demo, qtbot) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QLabel, QPushButton

    window, feature = demo
    dialog = _open_dialog(feature, qtbot, "2")
    button = dialog.findChild(QPushButton, "setReportingPeriod")
    dialog.period.setCurrentIndex(dialog.period.findData(3))
    dialog.first_due.setDate(QDate(2024, 1, 31))  # before the session of 27/02/2024: refused beside the field
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    error = dialog.findChild(QLabel, "period_error_first_due")
    assert "before the session" in error.text()
    assert window.store.followup.get_schedule(dialog.rec_id) is None
    dialog.first_due.setDate(QDate(2024, 6, 30))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.store.followup.get_schedule(dialog.rec_id) == (3, dt.date(2024, 6, 30))
    again = FollowupDialog(window.store, dialog.rec_id, TODAY)  # reopening shows the stored period
    qtbot.addWidget(again)
    assert again.period.currentData() == 3 and again.first_due.date().toPython() == dt.date(2024, 6, 30)
