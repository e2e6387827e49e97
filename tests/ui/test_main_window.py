"""The first GUI slice, driven as a user would: real case files in tmp_path, a fresh window per test."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import MakeStore, open_window
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ssdesk.enums import Classification, VisitState
from ssdesk.store import Store
from ui import app as app_module
from ui.main_window import MainWindow
from ui.notify import ChangeNotifier
from ui.visit_table import COL_CLASSIFICATION, COL_DATE, COL_PLACE, COL_UNIT, ROW_ROLE, SECRET_COLOUR, VisitTableModel

if TYPE_CHECKING:
    from conftest import Seeder  # the fixture `seeder` hands out this class


def cell(window: MainWindow, row: int, col: int) -> object:
    return window.table.model().index(row, col).data()


class Recorder:
    """Stands in for a modal message box: records (title, text) instead of blocking the test."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, _parent: object, title: str, text: str, *args: object, **kwargs: object) -> object:
        self.calls.append((title, text))
        return QMessageBox.StandardButton.Ok


# -- showing a file -------------------------------------------------------------------------------------------------

def test_window_lists_visits_newest_first_with_count(qtbot: QtBot, seeded: MakeStore) -> None:
    window = open_window(qtbot, seeded(3))

    assert window.table.model().rowCount() == 3
    assert cell(window, 0, COL_DATE) == "29/02/2024 08:00"
    assert cell(window, 2, COL_DATE) == "27/02/2024 08:00"
    assert cell(window, 0, COL_UNIT) == "Quận ủy Cầu Giấy"
    assert cell(window, 0, COL_PLACE) == "Hội trường tầng 4"
    assert window.statusBar().currentMessage() == "3 working sessions"
    assert window.windowTitle() == "doan-giam-sat.ssdesk — ssdesk"
    assert window.table.accessibleName()
    assert window.table.alternatingRowColors()
    headers = [window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(window.model.columnCount())]
    assert headers == ["Date", "Delegation", "Unit", "Programme", "Place", "State", "Classification",
                       "Recommendations", "Kind of session"]  # the kind last: hidden columns keep their numbers


def test_view_follows_a_write_made_through_the_core(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(3)
    window = open_window(qtbot, store)

    row = window.model.index(0, 0).data(ROW_ROLE)
    visit = store.visits.get(row.id)
    store.visits.create(delegation_id=visit.delegation_id, unit_id=visit.unit_id, starts_at="2024-03-05 14:00")

    qtbot.waitUntil(lambda: window.table.model().rowCount() == 4)
    assert cell(window, 0, COL_DATE) == "05/03/2024 14:00"
    assert window.statusBar().currentMessage() == "4 working sessions"


def test_state_change_is_shown(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    window = open_window(qtbot, store)
    visit_id = window.model.index(0, 0).data(ROW_ROLE).id

    store.visits.set_state(visit_id, VisitState.HELD)

    qtbot.waitUntil(lambda: window.model.index(0, 0).data(ROW_ROLE).state == VisitState.HELD)
    assert "Held" in [cell(window, 0, c) for c in range(window.model.columnCount())]


def test_secret_rows_are_marked(seeded: MakeStore, seeder: type[Seeder]) -> None:
    store = seeded(0)
    seeder(store).visit("2024-05-01 08:00", classification=Classification.SECRET)
    model = VisitTableModel(store)

    index = model.index(0, COL_CLASSIFICATION)
    assert index.data() == "SECRET"
    assert index.data(Qt.ItemDataRole.ForegroundRole).color() == SECRET_COLOUR
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    store.close()


# -- the model alone ------------------------------------------------------------------------------------------------

def test_model_loads_650_visits_in_pages(seeded: MakeStore) -> None:
    store = seeded(650)
    model = VisitTableModel(store)

    assert model.total_count() == 650
    assert model.rowCount() == 200
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 650
    assert not model.canFetchMore()
    model.fetchMore()  # nothing left: harmless
    assert model.rowCount() == 650

    rows = [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]
    assert len({r.id for r in rows}) == 650
    assert [r.starts_at for r in rows] == sorted((r.starts_at for r in rows), reverse=True)

    model.reload()  # keeps what was loaded: a change must not throw the user back to the top
    assert model.rowCount() == 650
    store.close()


def test_reload_keeps_the_selection(qtbot: QtBot, seeded: MakeStore, seeder: type[Seeder]) -> None:
    store = seeded(3)
    window = open_window(qtbot, store)
    window.table.selectRow(1)
    chosen = window.model.index(1, 0).data(ROW_ROLE).id

    seeder(store).visit("2025-01-02 08:00")  # newest: lands above, pushing the selected row down

    qtbot.waitUntil(lambda: window.model.rowCount() == 4)
    rows = window.table.selectionModel().selectedRows()
    assert [window.model.index(i.row(), 0).data(ROW_ROLE).id for i in rows] == [chosen]
    assert window.table.currentIndex().row() == 2


def test_notice_from_a_worker_thread_arrives_on_the_gui_thread(qtbot: QtBot, seeded: MakeStore) -> None:
    store = seeded(1)
    notifier = ChangeNotifier(store)
    row = store.visits.rows()[0]
    seen_on: list[QThread] = []
    notifier.changed.connect(lambda _change: seen_on.append(QThread.currentThread()))

    with qtbot.waitSignal(notifier.changed, timeout=5000) as blocker:
        worker = threading.Thread(target=store.visits.update, args=(row.id,), kwargs={"place": "UBND phường"})
        worker.start()
        worker.join()
    assert "visit" in blocker.args[0].entities
    assert seen_on == [QApplication.instance().thread()]
    notifier.detach()
    store.close()


# -- files ----------------------------------------------------------------------------------------------------------

def test_opening_a_non_case_file_shows_the_error_and_keeps_the_current_file(
        qtbot: QtBot, seeded: MakeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, seeded(3))
    current = window.store
    bad = tmp_path / "ghi-chu.ssdesk"
    bad.write_text("Biên bản làm việc — không phải tệp hồ sơ\n" * 50, encoding="utf-8")
    before = bad.read_bytes()
    critical, warning = Recorder(), Recorder()
    monkeypatch.setattr(QMessageBox, "critical", critical)
    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))

    window.action_open.trigger()

    shown = critical.calls + warning.calls
    assert len(shown) == 1
    assert "ghi-chu.ssdesk" in shown[0][1] and "not an ssdesk case file" in shown[0][1]
    assert "Traceback" not in shown[0][1]
    assert window.store is current
    assert window.windowTitle() == "doan-giam-sat.ssdesk — ssdesk"
    assert window.table.model().rowCount() == 3
    assert bad.read_bytes() == before
    current.visits.rows()  # still open and usable


def test_opening_another_case_file_replaces_the_store(
        qtbot: QtBot, seeded: MakeStore, seeder: type[Seeder], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, seeded(3))
    old = window.store
    other_path = tmp_path / "khac.ssdesk"
    with Store.open(other_path) as other:
        seeder(other).visit("2023-11-20 09:30")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other_path), ""))

    window.action_open.trigger()

    assert window.store is not old and window.store.path == other_path.resolve()
    assert window.windowTitle() == "khac.ssdesk — ssdesk"
    assert window.table.model().rowCount() == 1
    assert window.statusBar().currentMessage() == "1 working session"
    assert old._listeners == []  # the window's notifier let go of the closed store


def test_new_file_makes_an_empty_case_file(
        qtbot: QtBot, seeded: MakeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, seeded(3))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "nam-2025"), ""))

    window.action_new.trigger()

    assert window.store.path.name == "nam-2025.ssdesk"
    assert window.table.model().rowCount() == 0
    assert window.statusBar().currentMessage() == "0 working sessions"


def test_new_file_never_overwrites(
        qtbot: QtBot, seeded: MakeStore, case_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, seeded(3))
    warning = Recorder()
    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(case_path), ""))

    window.action_new.trigger()

    assert len(warning.calls) == 1 and "already exists" in warning.calls[0][1]
    assert window.table.model().rowCount() == 3


def test_menu_uses_standard_shortcuts_and_quit_closes(qtbot: QtBot, seeded: MakeStore) -> None:
    window = open_window(qtbot, seeded(1))
    assert window.action_new.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.action_open.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert window.action_quit.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    assert [a.text() for a in window.menuBar().actions()][0] == "&File"  # features add menus after it

    window.action_quit.trigger()

    assert not window.isVisible()


# -- starting the app -----------------------------------------------------------------------------------------------

def test_importing_the_ui_has_no_side_effects() -> None:
    code = ("import ui.app, ui.main_window, ui.visit_table, ui.notify\n"
            "from PySide6.QtWidgets import QApplication\n"
            "assert QApplication.instance() is None\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_start_on_a_bad_file_offers_another_or_quit(
        qtbot: QtBot, tmp_path: Path, case_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "hong.ssdesk"
    bad.write_text("not a database", encoding="utf-8")
    with Store.open(case_path):
        pass
    shown: list[str] = []
    answers = iter(["other", "quit"])

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text())
        box.setProperty("answer", next(answers))
        return 0

    def clicked(box: QMessageBox) -> object:
        return box.defaultButton() if box.property("answer") == "other" else None

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "clickedButton", clicked)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(case_path), ""))

    store = app_module.open_store_interactively(bad)
    assert store is not None and store.path == case_path.resolve()
    store.close()
    assert len(shown) == 1 and "hong.ssdesk" in shown[0]

    assert app_module.run(str(bad)) == 1  # the second answer: quit, no window, no traceback
    assert len(shown) == 2


def test_run_shows_the_window_and_returns_the_exit_code(qtbot: QtBot, seeded: MakeStore) -> None:
    seeded_store = seeded(2)
    seeded_store.close()  # run() opens the file itself
    path = seeded_store.path
    titles: list[str] = []

    def close_all() -> None:
        titles.extend(w.windowTitle() for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        QApplication.closeAllWindows()

    QTimer.singleShot(200, close_all)
    assert app_module.run(str(path)) == 0
    assert titles == ["doan-giam-sat.ssdesk — ssdesk"]
