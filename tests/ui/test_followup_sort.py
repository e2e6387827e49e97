"""Sorting the recommendation list by clicking its header: the core sorts every row, the lazy list pages that order.

The file has more rows than one page, so a sort done by Qt on the loaded rows only would show the wrong first rows;
the test compares the list with the core's own sorted query, also after scrolling loads further pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from ssdesk.followup import filters
from ssdesk.followup.filters import DEFAULT_ORDER, Criteria, Order, SortKey
from ssdesk.store import Store
from ui.features.followup import PAGE_LIST, FollowupFeature
from ui.features.followup.model import COL_DEADLINE, COL_REF, COL_STATUS, COL_UNIT, PAGE_SIZE
from ui.main_window import MainWindow

TODAY = dt.date(2024, 9, 1)
ROWS = PAGE_SIZE + 130


@pytest.fixture
def window(qtbot, tmp_path: Path, seeder) -> MainWindow:
    """A file with more recommendations than one page: three units, many equal deadlines, numbers 1…ROWS."""
    store = Store.open(tmp_path / "many.ssdesk", create=True, user="test@host")
    add = seeder(store)
    visits = [add.visit(f"2024-0{1 + i}-15 08:00", unit=i) for i in range(3)]
    with store.write():
        for i in range(ROWS):
            deadline = None if i % 11 == 0 else f"2024-{5 + i % 7:02d}-{1 + i % 20:02d}"
            store.recommendations.add(visits[i % 3], direction="request", text=f"Kiến nghị số {i}", ref=str(i + 1),
                                      deadline=deadline, status="in_progress" if i % 4 == 0 else "new")
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1700, 900)
    feature = win.findChild(FollowupFeature, "followupFeature")
    feature.set_today(TODAY)
    win.show_page(PAGE_LIST)
    win.show()
    qtbot.waitExposed(win)
    return win


def _page(window: MainWindow):  # type: ignore[no-untyped-def]
    return window.findChild(FollowupFeature, "followupFeature").list_page


def _click_header(qtbot, table: QTableView, column: int) -> None:
    header: QHeaderView = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    assert 0 <= x < header.viewport().width(), "the section must be on screen to be clicked"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def _shown_ids(window: MainWindow) -> list[str]:
    model = _page(window).model
    return [model.row_at(i).id for i in range(model.rowCount())]


def _core_ids(window: MainWindow, order: Order) -> list[str]:
    return [r.id for r in filters.apply(window.store, Criteria(), today=TODAY, order=order)]


def _scroll_to_end(qtbot, window: MainWindow) -> None:
    page = _page(window)
    while page.model.canFetchMore():
        before = page.model.rowCount()
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda b=before: page.model.rowCount() > b, timeout=3000)


def test_the_list_starts_in_the_usual_order_with_the_indicator_on_deadline(window: MainWindow) -> None:
    page = _page(window)
    header = page.table.horizontalHeader()
    assert page.table.isSortingEnabled() and header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == COL_DEADLINE
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert page.model.order() == DEFAULT_ORDER
    assert page.model.rowCount() == PAGE_SIZE < page.model.total_count() == ROWS
    assert _shown_ids(window) == [r.id for r in window.store.recommendations.rows(today=TODAY)][:PAGE_SIZE]


def test_clicking_a_header_sorts_all_rows_through_the_core(qtbot, window: MainWindow) -> None:
    page = _page(window)
    header = page.table.horizontalHeader()

    _click_header(qtbot, page.table, COL_REF)
    assert header.sortIndicatorSection() == COL_REF
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert page.model.order() == Order(SortKey.REF)
    shown = [page.model.row_at(i).ref for i in range(5)]
    assert shown == ["1", "2", "3", "4", "5"]  # by number, not as text ("10" after "9"), and from all rows
    assert _shown_ids(window) == _core_ids(window, Order(SortKey.REF))[:PAGE_SIZE]

    _click_header(qtbot, page.table, COL_REF)  # again: the other way round
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert [page.model.row_at(i).ref for i in range(3)] == [str(ROWS), str(ROWS - 1), str(ROWS - 2)]
    assert page.model.rowCount() == PAGE_SIZE  # read again from the first page
    _scroll_to_end(qtbot, window)
    assert _shown_ids(window) == _core_ids(window, Order(SortKey.REF, descending=True))
    assert page.model.rowCount() == ROWS
    assert page.count_label.text() == f"{ROWS} recommendations"


def test_sorting_by_unit_and_status_then_filtering_keeps_the_order(qtbot, window: MainWindow) -> None:
    page = _page(window)
    header = page.table.horizontalHeader()
    _click_header(qtbot, page.table, COL_UNIT)
    assert header.sortIndicatorSection() == COL_UNIT
    units = [page.model.row_at(i).unit for i in range(page.model.rowCount())]
    assert units == sorted(units) and units[0] == "Quận ủy Cầu Giấy"  # the first of ROWS / 3 rows of that unit
    _scroll_to_end(qtbot, window)
    assert _shown_ids(window) == _core_ids(window, Order(SortKey.UNIT))

    _click_header(qtbot, page.table, COL_STATUS)
    _click_header(qtbot, page.table, COL_STATUS)
    assert page.model.order() == Order(SortKey.STATUS, descending=True)
    assert page.model.row_at(0).status.value == "in_progress"  # after "not started" in the follow-up's order

    bar = page.filters
    bar.unit.setCurrentIndex(bar.unit.findData(window.store.catalog.find_unit("Quận ủy Đống Đa").id))
    assert page.model.order() == Order(SortKey.STATUS, descending=True)  # a filter keeps the chosen order
    expected = filters.apply(window.store, page.model.query().full_criteria, today=TODAY,
                             order=Order(SortKey.STATUS, descending=True))
    assert _shown_ids(window) == [r.id for r in expected] and len(expected) == ROWS // 3

    _click_header(qtbot, page.table, COL_DEADLINE)  # back to the usual order: the cheap keyset query again
    assert page.model.order() == DEFAULT_ORDER
    usual = filters.apply(window.store, page.model.query().full_criteria, today=TODAY)
    assert _shown_ids(window) == [r.id for r in usual] != [r.id for r in expected]
