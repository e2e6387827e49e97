"""The visit list page: filter box, header sorting, column choice, counts in the status bar, JSON import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import MakeStore, open_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ssdesk.store import Store
from ui import jobs
from ui.columns import column_menu
from ui.main_window import MainWindow
from ui.visit_table import COL_PLACE, COL_UNIT


def units(window: MainWindow) -> list[str]:
    model = window.table.model()
    return [model.index(r, COL_UNIT).data() for r in range(model.rowCount())]


def test_filter_box_narrows_the_rows_without_diacritics(qtbot: QtBot, seeded: MakeStore) -> None:
    window = open_window(qtbot, seeded(9))
    assert window.statusBar().currentMessage() == "9 working sessions"

    qtbot.keyClicks(window.visit_page.filter_box, "hoan kiem")
    qtbot.waitUntil(lambda: window.model.filter_text() == "hoan kiem", timeout=2000)

    assert set(units(window)) == {"Quận ủy Hoàn Kiếm"}
    assert window.model.rowCount() == 3
    assert window.statusBar().currentMessage() == "3 of 9 working sessions"
    window.visit_page.filter_box.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 9, timeout=2000)
    assert window.statusBar().currentMessage() == "9 working sessions"


def test_ctrl_f_focuses_the_filter_box(qtbot: QtBot, seeded: MakeStore) -> None:
    window = open_window(qtbot, seeded(3))
    window.show_page("visits")
    window.table.setFocus()
    window.visit_page.shortcut_find.activated.emit()
    assert window.focusWidget() is window.visit_page.filter_box


def test_header_click_sorts_by_unit_both_ways(qtbot: QtBot, seeded: MakeStore) -> None:
    window = open_window(qtbot, seeded(6))
    header = window.table.horizontalHeader()

    def click() -> None:
        x = header.sectionViewportPosition(COL_UNIT) + header.sectionSize(COL_UNIT) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    click()
    first_order = header.sortIndicatorOrder()
    first = units(window)
    click()
    second = units(window)

    assert header.sortIndicatorSection() == COL_UNIT and header.isSortIndicatorShown()
    assert header.sortIndicatorOrder() != first_order
    assert first == sorted(first, reverse=first_order == Qt.SortOrder.DescendingOrder)
    assert second == sorted(second, reverse=first_order != Qt.SortOrder.DescendingOrder)
    assert first != second
    window.model.sort(COL_UNIT, Qt.SortOrder.AscendingOrder)
    assert units(window) == sorted(units(window))
    window.model.sort(COL_UNIT, Qt.SortOrder.DescendingOrder)
    assert units(window) == sorted(units(window), reverse=True)


def test_hidden_column_stays_hidden_in_a_new_window(qtbot: QtBot, seeded: MakeStore, case_path: Path) -> None:
    window = open_window(qtbot, seeded(3))
    menu = column_menu(window.table, "visits")
    place = next(a for a in menu.actions() if a.data() == COL_PLACE)
    place.setChecked(False)
    assert window.table.isColumnHidden(COL_PLACE)
    window.close()

    again = open_window(qtbot, Store.open(case_path))
    assert again.table.isColumnHidden(COL_PLACE)
    assert not again.table.isColumnHidden(COL_UNIT)
    menu = column_menu(again.table, "visits")
    next(a for a in menu.actions() if a.data() == COL_PLACE).setChecked(True)
    assert not again.table.isColumnHidden(COL_PLACE)


@pytest.fixture
def synchronous_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs.JobRunner, "synchronous", True)


def _exported_demo(tmp_path: Path) -> tuple[dict[str, object], Path]:
    from ssdesk.demo import build_demo
    from ssdesk.exchange import export_visit, save_visit_file

    source = Store.open(tmp_path / "demo.ssdesk", create=True, user="test@host")
    try:
        visit_id = build_demo(source)
        data = export_visit(source, visit_id)
    finally:
        source.close()
    return data, save_visit_file(tmp_path / "visit.json", data)


def test_import_exported_demo_visit_shows_it(qtbot: QtBot, tmp_path: Path, synchronous_jobs: None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _data, path = _exported_demo(tmp_path)
    window = open_window(qtbot, Store.open(tmp_path / "empty.ssdesk", create=True, user="test@host"))
    assert window.model.rowCount() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: errors.append(text))

    window.action_import_visit.trigger()

    assert errors == []
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=2000)
    assert window.statusBar().currentMessage() == "1 working session"


def test_bad_json_shows_the_bad_fields_and_imports_nothing(qtbot: QtBot, tmp_path: Path, synchronous_jobs: None,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data, path = _exported_demo(tmp_path)
    visit = data["visit"] if isinstance(data.get("visit"), dict) else data
    assert isinstance(visit, dict)
    visit["starts_at"] = "the day after tomorrow"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    window = open_window(qtbot, Store.open(tmp_path / "empty.ssdesk", create=True, user="test@host"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: errors.append(text))

    window.action_import_visit.trigger()

    assert len(errors) == 1 and "nothing was written" in errors[0] and "starts_at" in errors[0]
    assert window.store.visits.count() == 0 and window.model.rowCount() == 0


def test_unreadable_json_is_reported(qtbot: QtBot, tmp_path: Path, synchronous_jobs: None,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    window = open_window(qtbot, Store.open(tmp_path / "empty.ssdesk", create=True, user="test@host"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: errors.append(text))
    window.action_import_visit.trigger()
    assert len(errors) == 1 and "not valid JSON" in errors[0]
    assert window.store.visits.count() == 0
