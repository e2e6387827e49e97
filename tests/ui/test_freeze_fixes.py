"""The GUI-thread stalls of docs/benchmark-gui.md, fixed: the fell-due check, the dashboard and the search run on a
worker; a change re-reads only the loaded rows it updated. Real case files, real widgets; timing is the bench's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget
from pytestqt.qtbot import QtBot

import ui.features.followup.startup as startup
from ssdesk.demo import build_demo
from ssdesk.enums import RecStatus
from ssdesk.followup import filters
from ssdesk.followup.filters import Criteria
from ssdesk.store import Store
from ui.features.followup import PAGE_DASHBOARD, FollowupFeature
from ui.features.followup.model import ListQuery
from ui.features.search import SearchFeature
from ui.features.search.results import HIT_ROLE
from ui.main_window import MainWindow
from ui.visit_table import VisitTableModel

TODAY = dt.date(2025, 6, 1)


def _window(qtbot: QtBot, path: Path) -> tuple[MainWindow, FollowupFeature]:
    store = Store.open(path, create=not path.exists(), user="test@host")
    if not store.recommendations.count():
        build_demo(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    feature = window.findChild(FollowupFeature, "followupFeature")
    feature.set_today(TODAY)  # before the event loop turns: the start-up check counts from this day
    window.show()
    qtbot.waitExposed(window)
    return window, feature


@pytest.fixture
def demo(qtbot: QtBot, tmp_path: Path) -> tuple[MainWindow, FollowupFeature]:
    window, feature = _window(qtbot, tmp_path / "demo.ssdesk")
    qtbot.waitUntil(lambda: window.findChild(QDialog, "fellDueDialog") is not None)  # the start-up check is done
    window.findChild(QDialog, "fellDueDialog").close()
    return window, feature


class Signals:
    """Counts a model's resets and collects the rows of its ``dataChanged``."""

    def __init__(self, model: object) -> None:
        self.resets = 0
        self.changed: set[int] = set()
        model.modelReset.connect(self._reset)  # type: ignore[attr-defined]
        model.dataChanged.connect(self._changed)  # type: ignore[attr-defined]

    def _reset(self) -> None:
        self.resets += 1

    def _changed(self, top: object, bottom: object, *_roles: object) -> None:
        self.changed.update(range(top.row(), bottom.row() + 1))  # type: ignore[attr-defined]


# -- fell due since last time --------------------------------------------------------------------------------------


def test_fell_due_dialog_comes_from_the_job_with_the_rows_capped(qtbot: QtBot, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup, "MAX_ROWS", 4)  # the demo has 6 items; at 100k there are 61,428
    window, feature = _window(qtbot, tmp_path / "demo.ssdesk")
    qtbot.waitUntil(lambda: window.findChild(QDialog, "fellDueDialog") is not None)
    dialog = window.findChild(QDialog, "fellDueDialog")
    assert dialog.isVisible() and not dialog.isModal()
    expected = window.store.followup.fell_due_since(startup.FIRST_LOOK, TODAY)
    assert dialog.items == expected and len(expected) == 6
    table = dialog.findChild(QTableWidget, "fellDueTable")
    assert table.rowCount() == 4
    assert table.item(0, 2).text() == (expected[0].ref or "")
    assert dialog.findChild(QLabel, "fellDueHead").text().startswith("6 items fell due")
    more = dialog.findChild(QLabel, "fellDueMore")
    assert not more.isHidden() and "and 2 more" in more.text()
    assert startup.last_seen(window.store) == TODAY  # remembered once the job found them
    dialog.open_button.click()  # the rest: the list filtered to what is overdue
    assert feature.list_page.model.query() == ListQuery(Criteria(overdue_only=True))
    assert feature.list_page.model.total_count() == 6


# -- dashboard -----------------------------------------------------------------------------------------------------


def test_dashboard_numbers_arrive_from_the_job_and_the_newest_refresh_wins(demo, qtbot: QtBot) -> None:
    window, feature = demo
    page = feature.dashboard
    assert page.data is None  # never shown yet: nothing computed (it is not for nothing)
    window.show_page(PAGE_DASHBOARD)
    qtbot.waitUntil(lambda: page.data is not None and not page.is_busy())
    assert page.data == window.store.followup.dashboard(TODAY)
    assert page.busy.isHidden()
    assert page.status_counts() == page.data.by_status

    before = dt.date(2024, 6, 30)  # the deadlines had not passed yet
    page.refresh()  # overtaken by the as-of change just below: its result must not be painted
    page.set_day(before)
    qtbot.waitUntil(lambda: not page.is_busy())
    qtbot.wait(100)  # the overtaken job's result, if it came later, would have been painted by now
    assert page.data == window.store.followup.dashboard(before) and page.data.overdue == 0
    assert page.trend[-1] == (before, 0)
    assert "30/06/2024" in page.summary.text()


# -- a change re-reads only the rows it updated ----------------------------------------------------------------------


def test_editing_one_recommendation_repaints_only_its_row(demo, qtbot: QtBot) -> None:
    window, feature = demo
    page = feature.list_page
    model = page.model
    rows = [model.row_at(i) for i in range(model.rowCount())]
    target = next(i for i, r in enumerate(rows) if r.status is not RecStatus.IN_PROGRESS)
    other = (target + 1) % len(rows)
    page.table.selectionModel().select(model.index(other, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    seen = Signals(model)

    window.store.followup.record(rows[target].id, date=TODAY, status=RecStatus.IN_PROGRESS, today=TODAY)
    qtbot.waitUntil(lambda: model.row_at(target).status is RecStatus.IN_PROGRESS)
    assert seen.resets == 0 and seen.changed == {target}
    assert [model.row_at(i).id for i in range(model.rowCount())] == [r.id for r in rows]  # nothing moved
    assert model.row_at(target) == filters.rows_by_id(window.store, Criteria(), today=TODAY,
                                                      ids=[rows[target].id])[rows[target].id]
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [other]  # the selection stays

    visit_id = rows[target].visit_id  # the session's own fields: its recommendations' rows only
    window.store.visits.add_statement(visit_id, "Lê Văn Hùng", "Ý kiến.")  # nothing a row shows
    window.store.visits.update(visit_id, place="Hội trường B")
    qtbot.wait(300)  # the feature reloads 150 ms after a notice
    assert seen.resets == 0
    assert seen.changed <= {i for i, r in enumerate(rows) if r.visit_id == visit_id}


def test_a_change_of_membership_or_order_resets(demo, qtbot: QtBot) -> None:
    window, feature = demo
    page = feature.list_page
    page.set_query(ListQuery(Criteria(overdue_only=True)))
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == 6)
    seen = Signals(model)
    leaving = model.row_at(0)
    window.store.followup.record(leaving.id, date=TODAY, status=RecStatus.IN_PROGRESS, today=TODAY)  # still overdue
    qtbot.waitUntil(lambda: model.row_at(0).status is RecStatus.IN_PROGRESS)
    assert seen.resets == 0 and seen.changed == {0}
    window.store.followup.record(leaving.id, date=TODAY, status=RecStatus.REPORTED_DONE, today=TODAY)  # not overdue
    qtbot.waitUntil(lambda: model.rowCount() == 5)
    assert seen.resets == 1 and model.total_count() == 5 and model.row_of(leaving.id) is None

    visit_id = model.row_at(0).visit_id
    window.store.recommendations.add(visit_id, text="Kiến nghị mới", direction="request",
                                     deadline=dt.date(2024, 12, 31))  # overdue: joins the list
    qtbot.waitUntil(lambda: seen.resets == 2)
    assert model.total_count() == 6


def test_editing_one_visit_repaints_only_its_row(qtbot: QtBot, seeded, seeder) -> None:
    store = seeded(5)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model = window.model
    window.table.selectRow(3)
    seen = Signals(model)
    target = model.row_at(1)

    store.visits.add_statement(target.id, "Lê Văn Hùng", "Ý kiến.")  # nothing a row shows: no reload, no reset
    store.visits.update(target.id, place="Phòng họp số 9")
    qtbot.waitUntil(lambda: model.row_at(1).place == "Phòng họp số 9")
    assert seen.resets == 0 and seen.changed == {1}
    assert [i.row() for i in window.table.selectionModel().selectedRows()] == [3]

    store.visits.update(target.id, starts_at="2030-01-01 08:00")  # the newest now: it moves to the top
    qtbot.waitUntil(lambda: model.row_at(0).id == target.id)
    assert seen.resets == 1
    seeder(store).visit("2031-01-01 08:00")  # a new row: reset
    qtbot.waitUntil(lambda: model.rowCount() == 6)
    assert seen.resets == 2
    window.close()


def test_rows_by_id_reads_the_same_rows_as_the_lists(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    build_demo(store)
    visits = store.visits.rows()
    assert store.visits.rows_by_id([visits[0].id, "nope"]) == {visits[0].id: visits[0]}
    assert store.visits.rows_by_id([visits[0].id], text="no such words anywhere") == {}
    recs = store.recommendations.rows(today=TODAY)
    found = filters.rows_by_id(store, Criteria(), today=TODAY, ids=[recs[0].id], visit_ids=[recs[1].visit_id])
    assert found[recs[0].id] == recs[0] and found[recs[0].id].sort_key == recs[0].sort_key
    assert set(found) == {recs[0].id} | {r.id for r in recs if r.visit_id == recs[1].visit_id}
    overdue = filters.rows_by_id(store, Criteria(overdue_only=True), today=TODAY, ids=[r.id for r in recs])
    assert set(overdue) == {r.id for r in store.recommendations.rows(overdue=True, today=TODAY)}
    assert VisitTableModel(store).changes.take() is not None  # the model follows the store's notices
    store.close()


# -- search --------------------------------------------------------------------------------------------------------


def test_search_results_come_from_the_worker_and_the_newest_query_wins(demo, qtbot: QtBot) -> None:
    window, _feature = demo
    search = window.findChild(SearchFeature, "searchFeature")
    search.run("hoang mai")
    search.run("an sinh")  # typed before the first result came: only this one is shown
    qtbot.waitUntil(lambda: not search.is_busy())
    qtbot.wait(100)  # an overtaken result arriving late would have been painted by now
    model = search.page.model
    assert [model.index(r, 0).data(HIT_ROLE) for r in range(model.rowCount())] == window.store.search.search("an sinh")
    assert search.query == "an sinh" and "“an sinh”" in search.page.summary.text()
    assert window.pages.currentWidget() is search.page
    height = search.page.table.rowHeight(0) if model.rowCount() else None
    assert all(search.page.table.rowHeight(r) == height for r in range(model.rowCount()))  # fixed, not laid out

    job = search.run("due:<2025-13-40")  # malformed: the core's message, the results stay
    qtbot.waitUntil(lambda: not search.is_busy())
    assert job is not None and search.error.isVisible() and "2025-13-40" in search.error.text()
    assert search.query == "an sinh"
