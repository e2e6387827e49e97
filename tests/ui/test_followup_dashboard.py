"""The dashboard page, the "fell due since last time" notice, the Tools menu documents, live reload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton

from ssdesk.demo import build_demo
from ssdesk.enums import RecStatus
from ssdesk.store import Store
from ui.features.followup import PAGE_DASHBOARD, PAGE_LIST, FollowupFeature
from ui.features.followup.startup import last_seen
from ui.jobs import JobRunner
from ui.main_window import MainWindow

TODAY = dt.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[None]:
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture
def sync_jobs() -> Iterator[None]:
    JobRunner.synchronous = True
    yield
    JobRunner.synchronous = False


def _window(qtbot, path: Path, *, demo: bool = False) -> tuple[MainWindow, FollowupFeature]:
    store = Store.open(path, create=not path.exists(), user="test@host")
    if demo:
        build_demo(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    feature = window.findChild(FollowupFeature, "followupFeature")
    feature.set_today(TODAY)  # before the event loop turns: the start-up check counts from this day
    window.show()
    qtbot.waitExposed(window)
    return window, feature


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> tuple[MainWindow, FollowupFeature]:
    window, feature = _window(qtbot, tmp_path / "demo.ssdesk", demo=True)
    window.show_page(PAGE_DASHBOARD)
    qtbot.waitUntil(lambda: feature.dashboard.data is not None and not feature.dashboard.is_busy())  # a worker's
    return window, feature


def test_dashboard_shows_the_core_numbers(demo, qtbot) -> None:
    window, feature = demo
    page = feature.dashboard
    assert page.day() == TODAY
    qtbot.waitUntil(lambda: page.data is not None and not page.is_busy())  # computed on a worker
    expected = window.store.followup.dashboard(TODAY)
    assert page.data == expected
    assert page.status_counts() == expected.by_status
    assert page.unit_chart.values() == {u.unit: (float(u.open), float(u.overdue)) for u in expected.by_unit}
    assert page.trend == window.store.followup.overdue_trend(dt.date(2024, 7, 1), TODAY)
    assert page.trend[-1] == (TODAY, expected.overdue)
    assert f"{expected.total} recommendations · {expected.overdue} overdue" in page.summary.text()
    page.set_day(dt.date(2024, 6, 30))  # the as-of field: a day before the deadlines passed
    qtbot.waitUntil(lambda: not page.is_busy())
    assert page.data.overdue == 0 and page.trend[-1] == (dt.date(2024, 6, 30), 0)


def test_clicking_a_status_bar_filters_the_list(demo, qtbot) -> None:
    window, feature = demo
    chart = feature.dashboard.status_chart
    index = [b.key for b in chart.bars].index(RecStatus.IN_PROGRESS)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(index).center().toPoint())
    assert window.pages.currentWidget() is feature.list_page
    assert feature.list_page.filters.status.currentData() == RecStatus.IN_PROGRESS
    assert feature.list_page.model.rowCount() == 1


def test_clicking_a_unit_bar_filters_by_unit(demo, qtbot) -> None:
    window, feature = demo
    chart = feature.dashboard.unit_chart
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(0).center().toPoint())
    assert window.pages.currentWidget() is feature.list_page
    assert feature.list_page.filters.unit.currentText() == chart.bars[0].label
    assert feature.list_page.model.rowCount() == 8


def test_export_png(demo, tmp_path: Path) -> None:
    _window, feature = demo
    target = feature.dashboard.export_png(path=str(tmp_path / "tong-hop"))
    assert target == tmp_path / "tong-hop.png"
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fell_due_dialog_first_time_only(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "demo.ssdesk"
    window, feature = _window(qtbot, path, demo=True)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "fellDueDialog") is not None)
    dialog = window.findChild(QDialog, "fellDueDialog")
    assert dialog.isVisible() and not dialog.isModal()
    assert len(dialog.items) == 6
    assert dialog.findChild(QLabel, "fellDueHead").text().startswith("6 items fell due")
    assert last_seen(window.store) == TODAY
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is feature.list_page
    assert feature.list_page.filters.overdue.isChecked() and feature.list_page.model.rowCount() == 6
    window.close()

    again, _feature = _window(qtbot, path)
    qtbot.wait(50)
    assert again.findChild(QDialog, "fellDueDialog") is None
    again.close()


def test_reminder_letter_and_upward_report(demo, qtbot, sync_jobs, tmp_path: Path, monkeypatch) -> None:
    window, feature = demo
    dialog = feature.reminder_letter()
    assert dialog.isVisible()
    dialog.unit.setCurrentIndex(dialog.unit.findText("Ban Thường vụ Quận ủy Hoàng Mai"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "don-doc"), ""))
    qtbot.mouseClick(dialog.findChild(QPushButton, "reminderSave"), Qt.MouseButton.LeftButton)
    assert dialog.saved_path == tmp_path / "don-doc.pdf"
    assert dialog.saved_path.read_bytes()[:4] == b"%PDF"
    dialog.unit.setCurrentIndex(dialog.unit.findText("Thành ủy Hà Nội"))  # nothing overdue: refused, shown
    dialog.save(str(tmp_path / "none.pdf"))
    assert "nothing to remind" in dialog.message.text() and not (tmp_path / "none.pdf").exists()

    report = feature.report_upward()
    data = window.store.followup.upward(TODAY, "unit")
    assert report.table.rowCount() == len(data.lines) + 1
    assert report.table.item(report.table.rowCount() - 1, 5).text() == str(data.total.overdue)
    report.save("xlsx", str(tmp_path / "bao-cao.xlsx"))
    assert (tmp_path / "bao-cao.xlsx").read_bytes()[:2] == b"PK"


def test_upward_report_of_a_file_of_two_bodies_asks_which(demo, qtbot, sync_jobs, tmp_path: Path) -> None:
    """A People's Council's delegation beside the sample's Party board: the report upward offers the two bodies
    and counts, heads and signs for the one chosen; with one body the chooser stays hidden."""
    window, feature = demo
    store = window.store
    only = feature.report_upward()
    assert only.body.isHidden()
    only.reject()
    council = "Thường trực Hội đồng nhân dân thành phố Hà Nội"
    deleg = store.catalog.add_delegation("Đoàn giám sát số 2", council)
    unit = store.catalog.add_unit("Ủy ban nhân dân quận Long Biên", "peoples_committee")
    visit = store.visits.create(delegation_id=deleg.id, unit_id=unit.id, starts_at="2025-04-05 14:00")
    store.recommendations.add(visit.id, direction="request", text="Rà soát thẻ bảo hiểm y tế", deadline="2025-05-30")
    report = feature.report_upward()
    assert not report.body.isHidden() and report.body.count() == 2
    report.body.setCurrentText(council)
    assert report.data is not None and report.data.issuing_body == council
    assert [report.table.item(r, 0).text() for r in range(report.table.rowCount() - 1)] == [
        "Ủy ban nhân dân quận Long Biên"]
    report.save("pdf", str(tmp_path / "bao-cao.pdf"))
    from pypdf import PdfReader

    printed = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "bao-cao.pdf").pages)
    assert "TM. THƯỜNG TRỰC HĐND" in printed and "THÀNH ỦY" not in printed
    party = next(i for i in range(2) if report.body.itemText(i) != council)
    report.body.setCurrentIndex(party)
    assert "Ủy ban nhân dân quận Long Biên" not in [report.table.item(r, 0).text()
                                                     for r in range(report.table.rowCount())]


def test_list_follows_changes_from_elsewhere(demo, qtbot) -> None:
    window, feature = demo
    row = next(r for r in window.store.recommendations.rows() if r.ref == "3")
    window.store.followup.record(row.id, date=TODAY, status=RecStatus.IN_PROGRESS, today=TODAY)
    model = feature.list_page.model
    qtbot.waitUntil(lambda: model.row_at(model.row_of(row.id)).status is RecStatus.IN_PROGRESS)
    window.show_page(PAGE_LIST)
    window.show_page(PAGE_DASHBOARD)
    qtbot.waitUntil(lambda: feature.dashboard.status_counts()[RecStatus.IN_PROGRESS] == 2)


def test_every_chart_says_what_it_counts(demo, qtbot) -> None:
    """Legends and axis titles name what is counted; bar numbers read as words, not "8 / 5" or "0% (0/9)"."""
    window, feature = demo
    page = feature.dashboard
    for chart in (page.status_chart, page.unit_chart, page.completion_chart, page.trend_chart):
        assert chart.value_title, chart.title
    for chart in (page.status_chart, page.unit_chart, page.completion_chart):
        assert chart.legend and all(text for text, _colour in chart.legend)
    assert [t for t, _c in page.unit_chart.legend] == ["Open (not closed)", "of which overdue"]
    expected = {u.unit: u for u in window.store.followup.dashboard(TODAY).by_unit}
    for bar in page.unit_chart.bars:
        u = expected[bar.key]
        assert bar.text == f"{u.open} open, {u.overdue} overdue"
    for bar, c in zip(page.completion_chart.bars, window.store.followup.dashboard(TODAY).completion, strict=True):
        assert bar.text.endswith(f"{c.done} of {c.total - c.withdrawn} done")
    # the words at a horizontal bar's end fit beside the longest bar at the window's size
    window.resize(1024, 768)
    qtbot.wait(20)
    chart = page.unit_chart
    fm = chart.fontMetrics()
    for i, bar in enumerate(chart.bars):
        assert chart.bar_rect(i).right() + 4 + fm.horizontalAdvance(bar.text) <= chart.width(), bar.text
