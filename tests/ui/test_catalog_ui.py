"""The catalogue editors driven through the pages: typing, picking, clicking New / Add / Delete, reopening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import only_features, type_text
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

import ssdesk.store as store_module
from ssdesk.enums import MemberRole, UnitKind
from ssdesk.models import Person, Unit
from ssdesk.store import Store
from ui.features.catalog.pages import PeoplePage, PlansPage, ProgrammesPage, UnitsPage
from ui.features.catalog.panel import ID_ROLE, RecordPanel
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the features under test, settings in a temporary folder, no sample prompt."""
    only_features(monkeypatch, "ui.features.catalog", "ui.features.files")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setattr(store_module, "default_case_file", lambda: tmp_path / "data" / "ssdesk.ssdesk")


@pytest.fixture
def window(qtbot: QtBot, case_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(Store.open(case_path))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def fill(qtbot: QtBot, panel: RecordPanel, **values: str) -> None:
    """Type each value into its field, then leave the form (what a pause or Tab does)."""
    for name, text in values.items():
        widget = panel.findChild(QLineEdit, name) or panel.findChild(QPlainTextEdit, name)
        assert widget is not None, name
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        type_text(qtbot, widget, text)
        panel.form.save_field(name)


def pick(combo: QComboBox, data: Any) -> None:
    """Choose the entry holding ``data`` as the user does (``activated`` fires)."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def click(qtbot: QtBot, panel: QWidget, name: str) -> None:
    from PySide6.QtWidgets import QPushButton

    button = panel.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select_row(qtbot: QtBot, panel: RecordPanel, ident: str) -> None:
    view = panel.view
    model = view.model()
    qtbot.waitUntil(lambda: any(model.index(r, 0).data(ID_ROLE) == ident for r in range(model.rowCount())))
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == ident:
            view.scrollTo(index)
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
            assert panel.current_id == ident
            return
    raise AssertionError(ident)


def test_records_made_through_the_pages_are_in_the_file_after_reopening(qtbot: QtBot, window: MainWindow,
                                                                        case_path: Path) -> None:
    plans = window.show_page("plans")
    assert isinstance(plans, PlansPage)
    click(qtbot, plans.plans, "planNew")
    fill(qtbot, plans.plans, number="150-KH/TU", issuing_body="Ban Thường vụ Thành ủy")
    assert window.store.catalog.plans() == []  # the topic is still missing: nothing added, no error shown
    assert not plans.plans.findChild(QLabel, "error_topic").isVisible()
    fill(qtbot, plans.plans, topic="Giám sát việc thực hiện Chương trình 08-CTr/TU", issued_on="15/01/2024")
    [plan] = window.store.catalog.plans()
    assert (plan.number, plan.issued_on) == ("150-KH/TU", dt.date(2024, 1, 15))

    plans.tabs.setCurrentIndex(1)
    delegations = plans.delegations
    click(qtbot, delegations, "delegationNew")
    fill(qtbot, delegations, name="Đoàn giám sát số 1", issuing_body="Ban Thường vụ Thành ủy Hà Nội",
         decision_number="2345-QĐ/TU")
    pick(delegations.findChild(QComboBox, "plan_id"), plan.id)
    [delegation] = window.store.catalog.delegations()
    assert delegation.plan_id == plan.id and delegation.decision_number == "2345-QĐ/TU"

    members = plans.members
    type_text(qtbot, members.person.lineEdit(), "Nguyễn Thị Tuyến")
    pick(members.role, MemberRole.HEAD.value)
    type_text(qtbot, members.position, "Phó Bí thư Thường trực Thành ủy")
    click(qtbot, members, "memberAdd")
    type_text(qtbot, members.person.lineEdit(), "Phan Văn Mến")
    click(qtbot, members, "memberAdd")
    assert members.model.rowCount() == 2
    # a second head is refused by the core; the message shows and the typed name stays
    type_text(qtbot, members.person.lineEdit(), "Vương Hương Giang")
    pick(members.role, MemberRole.HEAD.value)
    click(qtbot, members, "memberAdd")
    assert members.error.isVisible() and "head" in members.error.text()
    assert members.person.currentText() == "Vương Hương Giang" and members.model.rowCount() == 2
    assert window.store.catalog.find_person("Vương Hương Giang") is None  # the new person was not kept either
    # reorder: the second member moves up
    members.table.selectRow(1)
    click(qtbot, members, "memberUp")
    assert [m.person.full_name for m in window.store.catalog.delegation(delegation.id).members] == [
        "Phan Văn Mến", "Nguyễn Thị Tuyến"]

    units = window.show_page("units")
    assert isinstance(units, UnitsPage)
    click(qtbot, units.units, "unitNew")
    fill(qtbot, units.units, name="Thành ủy Hà Nội")
    assert window.store.catalog.units() == []  # no kind chosen yet: not added under the first kind (issue 14.7)
    pick(units.units.findChild(QComboBox, "kind"), UnitKind.CITY_COMMITTEE.value)
    [city] = window.store.catalog.units()
    click(qtbot, units.units, "unitAddChild")
    pick(units.units.findChild(QComboBox, "kind"), UnitKind.DISTRICT_COMMITTEE.value)
    fill(qtbot, units.units, name="Quận ủy Hoàng Mai", valid_to="01/07/2025")
    district = window.store.catalog.find_unit("Quận ủy Hoàng Mai")
    assert district is not None and district.parent_id == city.id
    tree = units.units.tree_model
    assert tree.rowCount() == 1 and tree.item(0).child(0).text() == "Quận ủy Hoàng Mai"

    people = window.show_page("people")
    assert isinstance(people, PeoplePage)
    click(qtbot, people.people, "personNew")
    fill(qtbot, people.people, full_name="Nguyễn Xuân Linh", title="Bí thư Quận ủy Hoàng Mai")

    programmes = window.show_page("programmes")
    assert isinstance(programmes, ProgrammesPage)
    click(qtbot, programmes.programmes, "programmeNew")
    fill(qtbot, programmes.programmes, code="08-CTr/TU", title="Chương trình đảm bảo an sinh xã hội")
    click(qtbot, programmes.indicators, "indicatorNew")
    fill(qtbot, programmes.indicators, name="Tỷ lệ bao phủ BHYT", target="93,1%", target_value="93,1")
    window.close()

    with Store.open(case_path) as again:
        catalog = again.catalog
        assert [p.number for p in catalog.plans()] == ["150-KH/TU"]
        reopened = catalog.delegation(catalog.delegations()[0].id)
        assert [(m.person.full_name, m.role) for m in reopened.members] == [
            ("Phan Văn Mến", MemberRole.MEMBER), ("Nguyễn Thị Tuyến", MemberRole.HEAD)]
        assert reopened.members[1].position == "Phó Bí thư Thường trực Thành ủy"
        assert {u.name: u.parent_id for u in catalog.units()} == {"Thành ủy Hà Nội": None,
                                                                  "Quận ủy Hoàng Mai": city.id}
        assert catalog.find_person("Nguyễn Xuân Linh").title == "Bí thư Quận ủy Hoàng Mai"
        [programme] = catalog.programmes()
        [indicator] = catalog.indicators(programme.id)
        assert (indicator.name, indicator.target, indicator.target_value) == ("Tỷ lệ bao phủ BHYT", "93,1%", 93.1)


def test_an_invalid_date_shows_the_message_and_keeps_the_text(qtbot: QtBot, window: MainWindow) -> None:
    plan = window.store.catalog.add_plan("Ban Thường vụ Thành ủy", "Giám sát năm 2024", issued_on="2024-01-15")
    page = window.show_page("plans")
    assert isinstance(page, PlansPage)
    panel = page.plans
    select_row(qtbot, panel, plan.id)
    field = panel.findChild(QLineEdit, "issued_on")
    assert field.text() == "15/01/2024"
    fill(qtbot, panel, issued_on="31/02/2024")
    error = panel.findChild(QLabel, "error_issued_on")
    assert error.isVisible() and "31/02/2024" in error.text() and "dd/mm/yyyy" in error.text()
    assert field.text() == "31/02/2024"
    # a change notice (another field saved) does not overwrite the refused text
    fill(qtbot, panel, number="12-KH/TU")
    qtbot.wait(10)
    assert field.text() == "31/02/2024"
    assert window.store.catalog.plans()[0].issued_on == dt.date(2024, 1, 15)
    # switching to another record is refused while the text is refused: nothing typed is lost
    other = window.store.catalog.add_plan("Ban Thường vụ Thành ủy", "Giám sát năm 2025")
    qtbot.wait(10)
    panel._picked(other.id, plan.id)
    assert panel.current_id == plan.id and field.text() == "31/02/2024"
    fill(qtbot, panel, issued_on="28/02/2024")
    assert not error.isVisible()
    assert {p.id: p.issued_on for p in window.store.catalog.plans()}[plan.id] == dt.date(2024, 2, 28)


def test_deleting_a_unit_used_by_a_visit_shows_what_depends_on_it_and_refuses(
        qtbot: QtBot, window: MainWindow, seeder: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seed = seeder(window.store)
    seed.visit("2024-02-27 08:00", unit=0)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("must not offer to delete"))
    page = window.show_page("units")
    assert isinstance(page, UnitsPage)
    page.units.reload()
    page.units.show_record(seed.units[0])
    click(qtbot, page.units, "unitDelete")
    [text] = warnings
    assert "Quận ủy Hoàn Kiếm" in text and "cannot be deleted" in text and ": 1" in text
    assert window.store.catalog.unit(seed.units[0]) is not None


def test_deleting_an_unused_person_works_after_confirmation(qtbot: QtBot, window: MainWindow,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    keep = window.store.catalog.add_person("Nguyễn Xuân Phong")
    gone = window.store.catalog.add_person("Trần Văn Thừa")
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    page = window.show_page("people")
    assert isinstance(page, PeoplePage)
    qtbot.wait(10)
    select_row(qtbot, page.people, gone.id)
    click(qtbot, page.people, "personDelete")  # "No": kept
    assert len(window.store.catalog.persons()) == 2
    click(qtbot, page.people, "personDelete")
    assert "Trần Văn Thừa" in asked[-1]
    assert [p.id for p in window.store.catalog.persons()] == [keep.id]
    qtbot.waitUntil(lambda: page.people.model.rowCount() == 1)
    assert page.people.current_id is None


def test_a_person_in_a_delegation_cannot_be_deleted(qtbot: QtBot, window: MainWindow,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = window.store.catalog
    person = catalog.add_person("Nguyễn Đình Hưng")
    delegation = catalog.add_delegation("Đoàn giám sát số 2", "Ban Thường vụ Thành ủy")
    catalog.add_member(delegation.id, person.id, MemberRole.MEMBER)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    page = window.show_page("people")
    assert isinstance(page, PeoplePage)
    qtbot.wait(10)
    select_row(qtbot, page.people, person.id)
    click(qtbot, page.people, "personDelete")
    assert warnings and "Nguyễn Đình Hưng" in warnings[0]
    with window.store.read() as s:
        assert s.get(Person, person.id) is not None


def test_current_units_only_hides_units_that_ended(qtbot: QtBot, window: MainWindow) -> None:
    catalog = window.store.catalog
    city = catalog.add_unit("Thành ủy Hà Nội", UnitKind.CITY_COMMITTEE)
    old = catalog.add_unit("Quận ủy Hoàng Mai", UnitKind.DISTRICT_COMMITTEE, parent_id=city.id,
                           valid_to=dt.date(2025, 7, 1))
    ward = catalog.add_unit("Đảng ủy phường Hoàng Mai", UnitKind.WARD_COMMITTEE, parent_id=city.id,
                            valid_from=dt.date(2025, 7, 1))
    catalog.add_succession(old.id, ward.id, "split")
    page = window.show_page("units")
    assert isinstance(page, UnitsPage)
    panel = page.units
    qtbot.waitUntil(lambda: panel.tree_model.rowCount() == 1 and panel.tree_model.item(0).rowCount() == 2)
    panel.show_record(old.id)
    assert "Đảng ủy phường Hoàng Mai" in panel.successors.text()
    panel.current_only.setChecked(True)
    names = [panel.tree_model.item(0).child(i).text() for i in range(panel.tree_model.item(0).rowCount())]
    assert names == ["Đảng ủy phường Hoàng Mai"]
    assert panel.current_id is None  # the hidden unit is no longer shown in the form
    with window.store.read() as s:
        assert s.get(Unit, old.id) is not None
