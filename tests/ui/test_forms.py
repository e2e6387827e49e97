"""The form kit (ui/forms): Tab follows the drawn order in every form, dates read the same everywhere, completion
and filters fold like the search, Enter adds the row in every add bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from ssdesk.demo import build_demo
from ssdesk.i18n import set_language
from ssdesk.store import Store
from ui.forms import DateField, FoldingCompleter, folded_match, visual_order
from ui.main_window import MainWindow
from ui.visit_editor import NewVisitDialog, VisitEditor


@pytest.fixture
def demo(tmp_path: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(tmp_path / "demo.ssdesk")  # type: ignore[operator]
    build_demo(store)
    yield store
    store.close()


def _rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _tab_chain(qtbot: QtBot, window: QWidget, start: QWidget, steps: int, root: QWidget | None = None) -> list[QWidget]:
    """The widgets Tab visits from ``start`` (at most ``steps``), until it comes back or leaves ``root``."""
    root = root or window
    window.activateWindow()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    chain = [start]
    for _ in range(steps):
        focused = window.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = window.focusWidget()
        assert now is not None
        # an editable combo box's line edit stands for the combo box
        owner = now.parentWidget() if isinstance(now.parentWidget(), QComboBox) else now
        if owner is start or not root.isAncestorOf(owner):
            break
        chain.append(owner)
    return chain


def _drawn_before(a: QRect, b: QRect) -> bool:
    """``False`` only when ``b`` is clearly drawn before ``a``: above it in the same column, or left of it in the
    same row — a partial order from the geometry alone, independent of how the chain was set."""
    same_column = min(a.right(), b.right()) - max(a.left(), b.left()) > 4
    same_row = min(a.bottom(), b.bottom()) - max(a.top(), b.top()) > min(a.height(), b.height()) // 2
    if same_column and b.bottom() <= a.top():
        return False
    return not (same_row and b.right() <= a.left())


def assert_tab_follows_the_eye(qtbot: QtBot, window: QWidget, root: QWidget) -> list[QWidget]:
    """Press Tab through ``root``'s visible fields and check each step against the drawn positions."""
    shown = [w for w in visual_order(root) if w.isVisible() and w.isEnabled()]
    assert shown, "nothing to Tab through"
    inside = _tab_chain(qtbot, window, shown[0], len(shown) + 2, root)
    assert inside == shown[:len(inside)], " ".join(w.objectName() or type(w).__name__ for w in inside) + " ≠ " + \
        " ".join(w.objectName() or type(w).__name__ for w in shown)
    assert len(inside) == len(shown), "Tab did not reach " + ", ".join(
        w.objectName() or type(w).__name__ for w in shown[len(inside):])
    for i, a in enumerate(inside):
        for b in inside[i + 1:]:
            assert _drawn_before(_rect(a, window), _rect(b, window)), (
                f"{b.objectName() or type(b).__name__} is drawn before {a.objectName() or type(a).__name__}")
    return inside


def test_tab_from_the_indicator_lands_on_the_reported_figure(qtbot: QtBot, demo: Store) -> None:
    editor = VisitEditor(demo, demo.visits.rows()[0].id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.tabs.setCurrentWidget(editor.results)
    indicator = editor.findChild(QComboBox, "resultIndicator")
    reported = editor.findChild(QLineEdit, "resultReported")
    assert indicator is not None and reported is not None
    chain = _tab_chain(qtbot, editor, indicator, 2)
    assert chain[1] is reported  # was "Achieved": the figure typed there was skipped


def test_every_page_of_the_visit_editor_tabs_in_drawn_order(qtbot: QtBot, demo: Store) -> None:
    editor = VisitEditor(demo, demo.visits.rows()[0].id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    for i in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(i)
        qtbot.wait(10)
        assert_tab_follows_the_eye(qtbot, editor, editor.tabs.widget(i))


def test_every_catalog_page_tabs_in_drawn_order(qtbot: QtBot, demo: Store) -> None:
    from ui.features.catalog.pages import CatalogPage
    from ui.features.catalog.panel import RecordPanel

    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    checked = 0
    for key in window.page_keys:
        page = window.page(key)  # built on first use: the window starts with the visit list only
        if not isinstance(page, CatalogPage):
            continue
        window.show_page(key)
        for panel in page.panels:
            tabs = panel.parentWidget().parentWidget() if panel.parentWidget() else None
            if isinstance(tabs, QTabWidget):
                tabs.setCurrentWidget(panel)
            qtbot.wait(10)
            if panel.view.model().rowCount():  # a record shown, so that its form is enabled
                panel.view.setCurrentIndex(panel.view.model().index(0, 0))
            assert isinstance(panel, RecordPanel)
            assert_tab_follows_the_eye(qtbot, window, panel)
            checked += 1
    assert checked >= 6


def test_dates_have_one_hint_in_every_form(qtbot: QtBot, demo: Store) -> None:
    set_language("vi")
    try:
        window = MainWindow(demo)
        qtbot.addWidget(window)
        for key in window.page_keys:
            window.page(key)  # pages are built on first use: build every one
        editor = VisitEditor(demo, demo.visits.rows()[0].id)
        qtbot.addWidget(editor)
        for key in editor.page_keys:
            editor.page(key)  # the editor's pages too
        fields = window.findChildren(DateField) + editor.findChildren(DateField)
        names = {f.objectName() for f in fields}
        assert {"issued_on", "filterDeadlineFrom", "starts_at", "recDeadline"} <= names, names
        for field in fields:
            assert "nn/tt/nnnn" in field.placeholderText(), (field.objectName(), field.placeholderText())
            assert "dd/mm" not in field.placeholderText()
        assert not [e for e in window.findChildren(QLineEdit) + editor.findChildren(QLineEdit)
                    if "dd/mm" in e.placeholderText() or "nn/tt" in e.placeholderText()
                    and not isinstance(e, DateField)]
    finally:
        set_language("en")


def test_the_calendar_writes_the_date_and_the_form_saves_it(qtbot: QtBot, demo: Store) -> None:
    editor = VisitEditor(demo, demo.visits.rows()[0].id)
    qtbot.addWidget(editor)
    editor.show()
    field = editor.findChild(DateField, "ends_at")
    assert isinstance(field, DateField)
    field.setText("27/02/2024 11:30")
    field.calendar_action.trigger()
    assert field.calendar is not None and field.calendar.isVisible()
    from PySide6.QtCore import QDate
    field.calendar.clicked.emit(QDate(2024, 2, 28))
    assert field.text() == "28/02/2024 11:30"  # the time typed is kept
    assert editor.flush()
    assert demo.visits.get(editor.visit_id).ends_at.strftime("%d/%m/%Y %H:%M") == "28/02/2024 11:30"


def test_folding_matches_like_search() -> None:
    assert folded_match("tuyen", "Nguyễn Thị Tuyến")
    assert folded_match("dang uy", "Đảng ủy phường")
    assert not folded_match("tuyen", "Nguyễn Xuân Linh")


def test_the_completer_finds_names_without_diacritics(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    completer = FoldingCompleter(["Nguyễn Thị Tuyến", "Nguyễn Xuân Linh", "Đặng Văn Đức"], edit)
    completer.attach(edit)
    edit.show()
    qtbot.waitExposed(edit)
    edit.setFocus()
    qtbot.keyClicks(edit, "tuyen")
    popup = completer.popup()
    assert popup is not None and popup.isVisible()
    shown = [completer.completionModel().index(r, 0).data() for r in range(completer.completionModel().rowCount())]
    assert shown == ["Nguyễn Thị Tuyến"]
    edit.clear()
    qtbot.keyClicks(edit, "duc")
    shown = [completer.completionModel().index(r, 0).data() for r in range(completer.completionModel().rowCount())]
    assert shown == ["Đặng Văn Đức"]


def _editor(qtbot: QtBot, store: Store) -> VisitEditor:
    editor = VisitEditor(store, store.visits.rows()[0].id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_attendee_completion_finds_a_name_typed_without_diacritics(qtbot: QtBot, demo: Store) -> None:
    demo.catalog.add_person("Đặng Văn Tuyển", title="Chánh Văn phòng")
    editor = _editor(qtbot, demo)
    editor.tabs.setCurrentWidget(editor.attendees)
    who = editor.findChild(QComboBox, "attendeeName")
    assert isinstance(who, QComboBox) and who.lineEdit() is not None
    who.lineEdit().setFocus()
    qtbot.keyClicks(who.lineEdit(), "tuyen")
    completer = who.completer()
    assert completer is not None and completer.popup().isVisible()
    offered = [completer.completionModel().index(r, 0).data() for r in range(completer.completionModel().rowCount())]
    assert "Đặng Văn Tuyển" in offered and any(o.startswith("Nguyễn Thị Tuyến") for o in offered)
    assert all(folded_match("tuyen", o) for o in offered)  # only names that fold to "tuyen"
    # the page's filter folds the same way
    model = editor.attendees.model
    editor.attendees.apply_filter("tuyen")
    shown = [model.index(r, 0).data() for r in range(model.rowCount()) if not editor.attendees.table.isRowHidden(r)]
    assert shown and all(folded_match("tuyen", name) for name in shown)


def test_enter_adds_a_row_in_every_add_bar(qtbot: QtBot, demo: Store) -> None:
    from ssdesk.models import Attendee, Finding, IndicatorResult, Recommendation

    editor = _editor(qtbot, demo)
    counts = {kind: editor.models[kind].rowCount() for kind in (Attendee, Finding, IndicatorResult, Recommendation)}

    editor.tabs.setCurrentWidget(editor.attendees)
    who = editor.findChild(QComboBox, "attendeeName")
    assert isinstance(who, QComboBox)
    who.setEditText("Trần Văn Khách")
    side = editor.findChild(QComboBox, "attendeeSide")
    assert side is not None
    side.setFocus()
    qtbot.keyClick(side, Qt.Key.Key_Return)  # Enter on the side combo, not only in the name

    editor.tabs.setCurrentWidget(editor.results)
    indicator = editor.findChild(QComboBox, "resultIndicator")
    assert isinstance(indicator, QComboBox)
    indicator.setEditText("Số đảng viên mới")
    reported = editor.findChild(QLineEdit, "resultReported")
    assert reported is not None
    reported.setText("14")
    achieved = editor.results.findChild(QWidget, "resultAchieved")
    assert achieved is not None
    achieved.setFocus()
    qtbot.keyClick(achieved, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)

    editor.tabs.setCurrentWidget(editor.findings)
    text = editor.findChild(QLineEdit, "findingText")
    assert text is not None
    text.setText("Công tác phát triển đảng viên đạt kế hoạch")
    kind = editor.findChild(QComboBox, "findingKind")
    assert kind is not None
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Return)

    editor.tabs.setCurrentWidget(editor.recommendations)
    request = editor.findChild(QLineEdit, "recText")
    assert request is not None
    request.setText("Rà soát danh sách quần chúng ưu tú")
    deadline = editor.findChild(DateField, "recDeadline")
    assert deadline is not None
    deadline.setText("30/06/2024")
    deadline.setFocus()
    qtbot.keyClick(deadline, Qt.Key.Key_Return)

    for kind_, before in counts.items():
        assert editor.models[kind_].rowCount() == before + 1, kind_.__name__
    assert editor.flush()


def test_enter_adds_a_delegation_member(qtbot: QtBot, demo: Store) -> None:
    from ui.features.catalog.pages import PlansPage

    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.page("plans")  # built on first use
    assert isinstance(page, PlansPage)
    window.sidebar.setCurrentRow(window.pages.indexOf(page))  # pages fill their lists when first shown
    page.tabs.setCurrentWidget(page.delegations)
    qtbot.waitUntil(lambda: page.delegations.view.model().rowCount() > 0)
    page.delegations.view.setCurrentIndex(page.delegations.view.model().index(0, 0))
    delegation_id = page.delegations.current_id
    assert delegation_id is not None
    before = len(demo.catalog.delegation(delegation_id).members)
    person = page.members.person
    person.setEditText("Lê Thị Mới")
    person.lineEdit().setFocus()  # type: ignore[union-attr]
    qtbot.keyClick(person.lineEdit(), Qt.Key.Key_Return)
    assert len(demo.catalog.delegation(delegation_id).members) == before + 1
    page.members.position.setText("Thành viên")
    person.setEditText("Phạm Văn Thêm")
    page.members.role.setFocus()
    qtbot.keyClick(page.members.role, Qt.Key.Key_Return)  # Enter on the role combo adds too
    assert len(demo.catalog.delegation(delegation_id).members) == before + 2


def test_a_new_unit_has_no_kind_until_one_is_chosen(qtbot: QtBot, demo: Store) -> None:
    from ui.features.catalog.pages import UnitsPage

    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    page = window.page("units")  # built on first use
    assert isinstance(page, UnitsPage)
    window.sidebar.setCurrentRow(window.pages.indexOf(page))
    panel = page.units
    before = len(demo.catalog.units())
    panel.new_button.click()
    kind = panel.form.bindings["kind"].widget
    assert isinstance(kind, QComboBox) and kind.currentData() is None and kind.currentText() == "— choose —"
    name = panel.form.bindings["name"].widget
    assert isinstance(name, QLineEdit)
    name.setText("Đảng ủy phường Lĩnh Nam")
    name.textEdited.emit(name.text())
    assert panel.form.flush()
    assert len(demo.catalog.units()) == before  # not saved as "city committee" behind the user's back
    assert "Kind" in panel.status.text() and name.text() == "Đảng ủy phường Lĩnh Nam"  # kept, and said why
    kind.setCurrentIndex(kind.findData("ward_committee"))
    kind.activated.emit(kind.currentIndex())
    added = [u for u in demo.catalog.units() if u.name == "Đảng ủy phường Lĩnh Nam"]
    assert len(added) == 1 and added[0].kind.value == "ward_committee"


def test_the_new_visit_dialog_has_a_place_the_plans_programme_and_the_date_field(
        qtbot: QtBot, demo: Store) -> None:
    window = MainWindow(demo)
    qtbot.addWidget(window)
    dialog = NewVisitDialog(demo, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    delegation = demo.catalog.delegation(dialog.delegation.currentData())
    assert delegation.plan is not None and delegation.plan.programme_id
    assert dialog.programme.currentData() == delegation.plan.programme_id  # not "(no programme)"
    assert isinstance(dialog.starts, DateField)
    assert_tab_follows_the_eye(qtbot, dialog, dialog)
    dialog.starts.clear()
    qtbot.keyClicks(dialog.starts, "12/03/2024 14:00")  # the units offered follow the date typed
    dialog.place.setText("Hội trường Quận ủy")
    dialog.unit.setCurrentIndex(0)
    assert demo.catalog.unit(dialog.unit.currentData()).valid_to is None or \
        demo.catalog.unit(dialog.unit.currentData()).valid_to > dt.date(2024, 3, 12)
    dialog.confirm_overlaps = lambda messages: True  # type: ignore[method-assign]
    dialog.accept()
    assert dialog.visit_id is not None
    visit = demo.visits.get(dialog.visit_id)
    assert visit.place == "Hội trường Quận ủy" and visit.programme_id == delegation.plan.programme_id
    assert visit.starts_at.strftime("%d/%m/%Y %H:%M") == "12/03/2024 14:00"


def test_enter_adds_an_indicator_at_once(qtbot: QtBot, demo: Store) -> None:
    from ui.features.catalog.pages import ProgrammesPage

    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    page = window.page("programmes")  # built on first use
    assert isinstance(page, ProgrammesPage)
    window.sidebar.setCurrentRow(window.pages.indexOf(page))
    qtbot.waitUntil(lambda: page.programmes.view.model().rowCount() > 0)
    page.programmes.view.setCurrentIndex(page.programmes.view.model().index(0, 0))
    programme_id = page.programmes.current_id
    assert programme_id is not None
    before = len(demo.catalog.indicators(programme_id))
    page.indicators.new_button.click()
    code = page.indicators.form.bindings["code"].widget
    assert isinstance(code, QLineEdit)
    name = page.indicators.form.bindings["name"].widget
    name.setPlainText("Tỷ lệ hộ nghèo")  # type: ignore[attr-defined]
    code.setFocus()
    qtbot.keyClicks(code, "CT28")
    qtbot.keyClick(code, Qt.Key.Key_Return)  # added now, not after a pause or leaving the form
    names = [i.name for i in demo.catalog.indicators(programme_id)]
    assert len(names) == before + 1 and "Tỷ lệ hộ nghèo" in names


def test_the_dialogs_tab_in_drawn_order(qtbot: QtBot, demo: Store) -> None:
    from ui.features.documents.dialog import DocumentDialog
    from ui.features.files.server_dialog import ServerDialog
    from ui.features.followup.dialogs import BulkStatusDialog, FollowupDialog
    from ui.features.minutes.live import LiveMinutesWindow

    visit_id = demo.visits.rows()[0].id
    recs = [r.id for r in demo.visits.get(visit_id).recommendations]
    day = dt.date(2024, 7, 1)
    for dialog in (FollowupDialog(demo, recs[0], day), BulkStatusDialog(demo, recs[:2], day),
                   DocumentDialog(demo, visit_id, "minutes"), ServerDialog(), LiveMinutesWindow(demo, visit_id)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert_tab_follows_the_eye(qtbot, dialog, dialog)
        dialog.hide()
