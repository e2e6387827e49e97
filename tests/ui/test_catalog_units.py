"""The units editor: moving a unit to another parent, refusing a cycle, recording and removing successions.

Driven through the real page: clicks on the tree, choices in the combos, typing, the Add/Remove buttons; the file is
closed and opened again to see what was stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import only_features
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QPushButton, QTreeView, QWidget
from pytestqt.qtbot import QtBot

from ssdesk.enums import SuccessionKind, UnitKind
from ssdesk.store import Store
from ui.features.catalog.pages import UnitsPage
from ui.features.catalog.panel import ID_ROLE
from ui.features.catalog.units import UnitsPanel
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the catalogue feature, settings in a temporary folder."""
    only_features(monkeypatch, "ui.features.catalog")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def units(case_path: Path) -> dict[str, str]:
    """Hà Nội → Hoàng Mai → Hoàng Liệt, and Bắc Ninh at the top level; the file is closed again."""
    with Store.open(case_path, user="test@host") as store:
        cat = store.catalog
        city = cat.add_unit("Thành ủy Hà Nội", UnitKind.CITY_COMMITTEE).id
        district = cat.add_unit("Quận ủy Hoàng Mai", UnitKind.DISTRICT_COMMITTEE, parent_id=city).id
        ward = cat.add_unit("Đảng ủy phường Hoàng Liệt", UnitKind.WARD_COMMITTEE, parent_id=district).id
        other = cat.add_unit("Tỉnh ủy Bắc Ninh", UnitKind.CITY_COMMITTEE).id
    return {"city": city, "district": district, "ward": ward, "other": other}


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    win = MainWindow(Store.open(path, user="test@host"))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot: QtBot, case_path: Path, units: dict[str, str]) -> Iterator[MainWindow]:
    win = open_window(qtbot, case_path)
    yield win
    win.close()


def panel_of(window: MainWindow) -> UnitsPanel:
    page = window.show_page("units")
    assert isinstance(page, UnitsPage)
    return page.units


def tree_path(panel: UnitsPanel, ident: str) -> list[str]:
    """The names from the top of the tree down to the unit shown for ``ident``."""
    index = panel._items[ident].index()
    names = []
    while index.isValid():
        names.insert(0, index.data())
        index = index.parent()
    return names


def click_unit(qtbot: QtBot, panel: UnitsPanel, ident: str) -> None:
    tree = panel.findChild(QTreeView, "unitTree")
    index = panel._items[ident].index()
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current_id == ident


def pick(combo: QComboBox, data: Any) -> None:
    """Choose the entry holding ``data`` as the user does (``activated`` fires)."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def click(qtbot: QtBot, parent: QWidget, name: str) -> None:
    button = parent.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def visible_error(parent: QWidget, name: str) -> str:
    label = parent.findChild(QLabel, name)
    assert label is not None, name
    return label.text() if label.isVisible() else ""


def test_moving_a_unit_under_another_parent_updates_the_tree(qtbot: QtBot, window: MainWindow,
                                                            units: dict[str, str]) -> None:
    panel = panel_of(window)
    assert tree_path(panel, units["ward"]) == ["Thành ủy Hà Nội", "Quận ủy Hoàng Mai", "Đảng ủy phường Hoàng Liệt"]
    click_unit(qtbot, panel, units["district"])
    parent = panel.findChild(QComboBox, "parent_id")
    assert parent.currentData() == units["city"]
    assert parent.findData(units["district"]) < 0  # never offered as its own parent
    pick(parent, units["other"])
    qtbot.waitUntil(lambda: tree_path(panel, units["ward"])
                    == ["Tỉnh ủy Bắc Ninh", "Quận ủy Hoàng Mai", "Đảng ủy phường Hoàng Liệt"])
    assert window.store.catalog.unit(units["district"]).parent_id == units["other"]
    assert panel.current_id == units["district"]

    pick(parent, None)  # "(none)": back to the top level
    qtbot.waitUntil(lambda: tree_path(panel, units["district"]) == ["Quận ủy Hoàng Mai"])
    assert window.store.catalog.unit(units["district"]).parent_id is None


def test_a_unit_under_its_own_sub_unit_is_refused_with_the_message_shown(qtbot: QtBot, window: MainWindow,
                                                                        units: dict[str, str]) -> None:
    panel = panel_of(window)
    click_unit(qtbot, panel, units["city"])
    pick(panel.findChild(QComboBox, "parent_id"), units["ward"])
    assert visible_error(panel, "error_parent_id") == ("A unit cannot be placed under itself: “Đảng ủy phường Hoàng "
                                                       "Liệt” is one of its own sub-units.")
    assert window.store.catalog.unit(units["city"]).parent_id is None
    assert tree_path(panel, units["ward"])[0] == "Thành ủy Hà Nội"
    pick(panel.findChild(QComboBox, "parent_id"), None)  # put right: the message goes
    assert visible_error(panel, "error_parent_id") == ""


def test_add_child_still_places_the_new_unit_under_the_selected_one(qtbot: QtBot, window: MainWindow,
                                                                   units: dict[str, str]) -> None:
    panel = panel_of(window)
    click_unit(qtbot, panel, units["other"])
    click(qtbot, panel, "unitAddChild")
    assert panel.findChild(QComboBox, "parent_id").currentData() == units["other"]
    name = panel.form.bindings["name"].widget
    name.setFocus()
    qtbot.keyClicks(name, "Thi xa Tu Son")
    panel.form.save_field("name")
    kind = panel.form.bindings["kind"].widget  # a new unit's kind is chosen, never assumed (issue 14.7)
    kind.setCurrentIndex(kind.findData("district_committee"))
    panel.form.save_field("kind")
    made = window.store.catalog.find_unit("Thi xa Tu Son")
    assert made is not None and made.parent_id == units["other"]


def test_a_succession_is_added_kept_in_the_file_and_removed(qtbot: QtBot, case_path: Path, window: MainWindow,
                                                            units: dict[str, str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    panel = panel_of(window)
    click_unit(qtbot, panel, units["district"])
    editor = panel.successions
    assert editor.model.rowCount() == 0
    pick(editor.relation, "successor")
    pick(editor.other, units["ward"])
    pick(editor.kind, SuccessionKind.MERGED.value)
    editor.date.setFocus()
    qtbot.keyClicks(editor.date, "01/07/2025")
    click(qtbot, editor, "successionAdd")
    assert [editor.model.item(0, c).text() for c in range(4)] == [
        "Quận ủy Hoàng Mai", "Merged into", "Đảng ủy phường Hoàng Liệt", "01/07/2025"]
    assert editor.date.text() == ""

    # the same again is refused, with the core's message under the unit field; a bad date under the date
    pick(editor.other, units["ward"])
    click(qtbot, editor, "successionAdd")
    assert visible_error(editor, "error_succession_unit") == "This succession is already recorded."
    pick(editor.other, units["other"])
    qtbot.keyClicks(editor.date, "31/02/2025")
    click(qtbot, editor, "successionAdd")
    assert "not a valid date" in visible_error(editor, "error_succession_effective_on")
    assert visible_error(editor, "error_succession_unit") == ""
    assert editor.model.rowCount() == 1

    window.close()  # close the file and open it again
    again = open_window(qtbot, case_path)
    panel = panel_of(again)
    qtbot.waitUntil(lambda: units["district"] in panel._items)
    click_unit(qtbot, panel, units["ward"])  # seen from the successor's side too
    editor = panel.successions
    assert editor.model.rowCount() == 1
    assert editor.model.item(0, 1).text() == "Merged into" and editor.model.item(0, 3).text() == "01/07/2025"
    click_unit(qtbot, panel, units["district"])
    assert "Đảng ủy phường Hoàng Liệt" in panel.successors.text()
    [row] = again.store.catalog.successions(units["district"])
    assert (row.predecessor_id, row.successor_id, row.kind) == (units["district"], units["ward"],
                                                                SuccessionKind.MERGED)
    assert editor.model.item(0).data(ID_ROLE) == row.id

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return answers[len(asked) - 1]

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert not editor.findChild(QPushButton, "successionRemove").isEnabled()  # nothing selected yet
    editor.table.selectRow(0)
    click(qtbot, editor, "successionRemove")  # "No": it stays
    assert len(again.store.catalog.successions(units["district"])) == 1
    click(qtbot, editor, "successionRemove")
    assert "Quận ủy Hoàng Mai" in asked[0] and "Đảng ủy phường Hoàng Liệt" in asked[0]
    assert again.store.catalog.successions(units["district"]) == []
    assert editor.model.rowCount() == 0
    assert again.store.catalog.unit(units["ward"]) is not None
    again.close()
