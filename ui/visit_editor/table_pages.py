"""Pages that are a table of parts: attendees, figures, findings, requests & petitions.

Each is a :class:`TablePage`: the table (edited in place), an "add" bar under it, a Remove button, and a red line
listing the values the core refused (they stay in their cells until fixed). Adding goes through the session too, so
it is undoable; a refused add keeps what was typed in the bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import Direction, FindingKind, LabelledEnum, Side
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import Attendee, Finding, IndicatorResult, Recommendation
from ssdesk.store import Store
from ui.cell_tips import header_text_width
from ui.forms import ERROR_STYLE, DateField, FoldingCompleter, enter_adds, folded_match
from ui.visit_editor.part_models import VERDICT_LABELS, VERDICTS, ChoiceDelegate, PartTableModel
from ui.visit_editor.session import EditSession

AddValues = Callable[[], dict[str, Any]]


def enum_combo(enum_cls: type[LabelledEnum], name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for member in enum_cls:
        combo.addItem(member.label, member.value)
    combo.setMinimumWidth(combo.sizeHint().width())  # a bar squeezed on a small screen never cuts a choice
    return combo


def line(name: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(placeholder)
    return edit


class TablePage(QWidget):
    """A parts table with its add bar. ``add_values()`` reads the bar; ``clear_bar()`` empties it after an add."""

    def __init__(self, model: PartTableModel, *, name: str, accessible: str, stretch: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.model = model
        self.session = model.session
        self.table = QTableView(self)
        self.table.setObjectName(f"{name}Table")
        self.table.setAccessibleName(accessible)
        self.table.setModel(model)
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the add bar
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(model.column_of(stretch), QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.problems = QLabel(self)
        self.problems.setObjectName(f"{name}Problems")
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.bar = QHBoxLayout()
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setObjectName(f"{name}Add")
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setObjectName(f"{name}Remove")
        self.remove_button.setToolTip(_("Remove the selected row (Delete)"))
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addLayout(self.bar)
        model.problems_changed.connect(self._show_problems)
        model.about_to_reset.connect(self._keep_open_cell)
        model.modelReset.connect(self.fit)
        # Row heights follow the wrapped text: measured again once the columns have their real widths.
        self._rows_timer = QTimer(self, singleShot=True, interval=0)
        self._rows_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_a: self._rows_timer.start())
        # a resize fits the columns again from their contents (and rebalances), once the drag pauses: balancing the
        # current widths only ever narrowed them, and did so on every step of the drag
        self._fit_timer = QTimer(self, singleShot=True, interval=60)
        self._fit_timer.timeout.connect(self.fit)
        self._message = ""
        self.add_values: AddValues = dict
        self.clear_bar: Callable[[], None] = lambda: None
        self.fit()

    def finish_bar(self, *widgets: QWidget) -> None:
        """Lay out the add bar; Enter in any of its widgets adds the row (as in every add bar of the app)."""
        for w in widgets:
            self.bar.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
        enter_adds(self.add, *widgets)
        self.bar.addWidget(self.add_button)
        self.bar.addSpacing(16)
        self.bar.addWidget(self.remove_button)

    def _keep_open_cell(self) -> None:
        """A reload is about to close the cell being typed in: what it holds is kept with a message."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        index = self.table.currentIndex()
        editor = self.table.indexWidget(index)
        row = self.model.row_at(index.row())
        if row is None or not isinstance(editor, QLineEdit):
            return
        column = self.model.columns[index.column()]
        if editor.text() != str(index.data(Qt.ItemDataRole.EditRole) or ""):
            self.model.hold(row["id"], column.field, editor.text(),
                            _("not saved yet: the row was changed meanwhile; press Enter on the cell to save it"))

    def allow_moves(self) -> None:
        """Alt+Up / Alt+Down move the selected row in the visit's order (requests: their numbers follow)."""
        self.table.setToolTip(_("Alt+Up / Alt+Down: move the selected row"))
        self.table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.modifiers() == Qt.KeyboardModifier.AltModifier
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)):
            self.move_selected(-1 if event.key() == Qt.Key.Key_Up else +1)
            return True
        return super().eventFilter(watched, event)

    def move_selected(self, delta: int) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is None:
            return
        try:
            self.session.move_part(self.model.kind, row["id"], rows[0].row() + delta)
        except SsdeskError as exc:
            self._message = str(exc)
        else:
            self._message = ""
            self.model.refresh()
            r = self.model.row_of(row["id"])
            if r is not None:
                self.table.selectRow(r)
        self._show_problems()

    def fit(self) -> None:
        stretch = self.table.horizontalHeader()
        for col in range(self.model.columnCount()):
            if stretch.sectionResizeMode(col) != QHeaderView.ResizeMode.Stretch:
                self.table.resizeColumnToContents(col)
                self.table.setColumnWidth(col, min(self.table.columnWidth(col), 200))
        self.balance()
        self._rows_timer.start()

    def balance(self) -> None:
        """Keep the text column (the one that stretches) at least 40% of the table's width.

        Why: on a 1024-pixel screen the unit and addressee columns, each fitted to its longest name, left the request's
        own text a hand's width, wrapped to ten lines. The columns wider than 100 pixels (or than their title: a title
        is never cut) give up width in proportion to what they have above that; their cells wrap too (word wrap is
        on) and show the full text as a tooltip.
        """
        header = self.table.horizontalHeader()
        total = self.table.viewport().width()
        fixed = [c for c in range(self.model.columnCount())
                 if header.sectionResizeMode(c) != QHeaderView.ResizeMode.Stretch and not header.isSectionHidden(c)]
        used = sum(self.table.columnWidth(c) for c in fixed)
        excess = used - int(total * 0.6)
        if total <= 0 or excess <= 0:
            return
        floor = {c: max(100, header_text_width(header, c)) for c in fixed}  # never below the column's title
        spare = {c: self.table.columnWidth(c) - floor[c] for c in fixed if self.table.columnWidth(c) > floor[c]}
        room = sum(spare.values())
        if room <= 0:
            return
        share = min(1.0, excess / room)
        for c, extra in spare.items():
            self.table.setColumnWidth(c, self.table.columnWidth(c) - int(extra * share))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.balance()
        self._rows_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    # -- actions ---------------------------------------------------------------------------------------------------

    def add(self) -> None:
        try:
            row = self.session.add_part(self.model.kind, self.add_values(), label=_(self.model.label))
        except ValidationError as exc:
            self._message = " ".join(e.message for e in exc.errors)
        except SsdeskError as exc:
            self._message = str(exc)
        else:
            self._message = ""
            self.model.refresh()
            self.clear_bar()
            r = self.model.row_of(row["id"])
            if r is not None:
                self.table.selectRow(r)
        self._show_problems()

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is None:
            return
        try:
            self.session.remove_part(self.model.kind, row["id"], label=_(self.model.label))
        except SsdeskError as exc:
            self._message = str(exc)
        else:
            self._message = ""
            self.model.refresh()
        self._show_problems()

    def _show_problems(self) -> None:
        lines = self.model.problems() + ([self._message] if self._message else [])
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def apply_filter(self, text: str) -> None:
        """Hide rows where no cell contains ``text``, folded like the search ("tuyen" keeps "Tuyến")."""
        for r in range(self.model.rowCount()):
            cells = [str(self.model.index(r, c).data() or "") for c in range(self.model.columnCount())]
            self.table.setRowHidden(r, not folded_match(text, *cells))


# -- the four pages ---------------------------------------------------------------------------------------------


def attendee_bar(page: TablePage, store: Store, session: EditSession) -> None:
    """Pick a delegation member or a known person, or type a new name; the side combo applies to new names."""
    who = QComboBox(page)
    who.setObjectName("attendeeName")
    who.setEditable(True)
    who.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    who.setAccessibleName(_("Attendee's name"))
    who_edit = who.lineEdit()
    assert who_edit is not None  # an editable combo box has its line edit
    who_edit.setPlaceholderText(_("Name of the attendee: pick or type"))
    who.setMinimumContentsLength(28)
    who.setMinimumWidth(who.fontMetrics().horizontalAdvance("M") * 28)

    def fill(_force: bool = False) -> None:
        """The delegation's members first, then everyone known; once, from the first reading of the visit."""
        if who.count():
            return
        delegation_id = session.visit.get("delegation_id")
        members = store.catalog.delegation(delegation_id).members if delegation_id else []  # a review meeting: none
        seen: set[str] = set()
        for member in members:
            person = member.person
            who.addItem(f"{person.full_name} — {member.role.label}", {
                "name": person.full_name, "person_id": person.id, "side": Side.DELEGATION.value,
                "delegation_role": member.role.value, "title": member.position or person.title,
                "organisation": person.organisation})
            seen.add(person.id)
        for person in store.catalog.persons():
            if person.id not in seen:
                who.addItem(person.full_name, {"name": person.full_name, "person_id": person.id,
                                               "title": person.title, "organisation": person.organisation})
        who.setCurrentIndex(-1)

    if session.loaded:
        fill()
    else:  # the visit is read on a worker (the editor's first opening): its delegation is known then
        session.reloaded.connect(fill)
    side = enum_combo(Side, "attendeeSide", _("Side"))
    side.setCurrentIndex(side.findData(Side.UNIT.value))

    def values() -> dict[str, Any]:
        text = who.currentText().strip()
        i = who.findText(text)
        picked = who.itemData(i) if i >= 0 else None
        if picked:
            out = {"side": side.currentData(), **{k: v for k, v in picked.items() if v is not None}}
            # the delegation's head chairs and its secretary keeps the minutes, unless someone already does:
            # ticked by hand for every session before (GUI walk)
            present = session.rows(Attendee)
            if out.get("delegation_role") == "head" and not any(a.get("presides") for a in present):
                out["presides"] = True
            if out.get("delegation_role") == "secretary" and not any(a.get("takes_minutes") for a in present):
                out["takes_minutes"] = True
            return out
        out = {"name": text, "side": side.currentData()}
        if side.currentData() == Side.UNIT.value and session.names.get("unit"):
            out["organisation"] = session.names["unit"]  # someone of the unit visited: of that unit
        return out

    def clear() -> None:
        who.setCurrentIndex(-1)
        who.clearEditText()
        who.setFocus()

    FoldingCompleter(parent=who).attach(who)  # "tuyen" finds "Nguyễn Thị Tuyến"
    page.add_values, page.clear_bar = values, clear
    page.finish_bar(who, side)
    page.bar.insertStretch(2, 1)


def result_bar(page: TablePage, store: Store, session: EditSession) -> None:
    """A programme indicator (or a free label), the reported figure, and ✓."""
    what = QComboBox(page)
    what.setObjectName("resultIndicator")
    what.setEditable(True)
    what.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    what.setAccessibleName(_("Indicator"))
    what_edit = what.lineEdit()
    assert what_edit is not None  # an editable combo box has its line edit
    what_edit.setPlaceholderText(_("Indicator: pick, or type what the figure measures"))
    what.setMinimumContentsLength(36)
    what.setMinimumWidth(what.fontMetrics().horizontalAdvance(what_edit.placeholderText()) + 48)  # never cut

    def fill(_force: bool = False) -> None:
        """The indicators of the visit's programme; once, from the first reading of the visit."""
        if what.count():
            return
        programme_id = session.visit.get("programme_id")
        if programme_id:
            for indicator in store.catalog.indicators(programme_id):
                session.indicator_names[indicator.id] = indicator.name
                what.addItem(indicator.name, indicator.id)
        what.setCurrentIndex(-1)

    if session.loaded:
        fill()
    else:  # the visit is read on a worker (the editor's first opening): its programme is known then
        session.reloaded.connect(fill)
    FoldingCompleter(parent=what).attach(what)
    reported = line("resultReported", _("Reported figure"))
    achieved = QComboBox(page)  # three answers: met, not met, not assessed (the default — never "not met")
    achieved.setObjectName("resultAchieved")
    achieved.setAccessibleName(_("Achieved"))
    achieved.setToolTip(_("Achieved: met, not met, or not assessed"))
    for key, label in VERDICT_LABELS.items():
        achieved.addItem(_(label), key)
    achieved.setMinimumWidth(achieved.sizeHint().width())  # "Not assessed" whole on a small screen

    def values() -> dict[str, Any]:
        text = what.currentText().strip()
        i = what.findText(text)
        out: dict[str, Any] = {"indicator_id": what.itemData(i)} if i >= 0 else {"label": text}
        return {**out, "reported": reported.text(), "achieved": VERDICTS[achieved.currentData()]}

    def clear() -> None:
        what.setCurrentIndex(-1)
        what.clearEditText()
        reported.clear()
        achieved.setCurrentIndex(0)
        what.setFocus()

    page.add_values, page.clear_bar = values, clear
    page.finish_bar(what, reported, achieved)


def finding_bar(page: TablePage) -> None:
    kind = enum_combo(FindingKind, "findingKind", _("Kind"))
    text = line("findingText", _("Finding"))

    def clear() -> None:
        text.clear()
        text.setFocus()

    page.add_values = lambda: {"kind": kind.currentData(), "text": text.text()}
    page.clear_bar = clear
    page.finish_bar(kind, text)


def recommendation_bar(page: TablePage, session: EditSession) -> None:
    direction = enum_combo(Direction, "recDirection", _("Direction"))
    text = line("recText", _("Request or petition"))
    deadline = DateField(page, name="recDeadline")
    deadline.setAccessibleName(_("Deadline"))
    deadline.setPlaceholderText(_("Deadline") + f" ({deadline.placeholderText()})")
    deadline.setMinimumWidth(deadline.fontMetrics().horizontalAdvance(deadline.placeholderText() + "  ") + 40)
    deadline.setMaximumWidth(deadline.minimumWidth())  # a date, not a text: the request's text takes the room

    # a petition goes to a higher body, which the add bar asks for (without it, "say which body" was refused with
    # nowhere to say it: GUI walk); it proposes the body the session reports to
    addressee = line("recAddressee", _("Addressed to (body)"))
    addressee.setAccessibleName(_("Addressed to"))
    addressee.setToolTip(_("Addressed to (body)"))  # the hint is hidden once the proposed body fills it

    def directed(_i: int = 0) -> None:
        petition = direction.currentData() == Direction.PETITION.value
        addressee.setVisible(petition)
        if petition and not addressee.text().strip():
            addressee.setText(session.names.get("board", ""))

    direction.currentIndexChanged.connect(directed)

    def values() -> dict[str, Any]:
        out: dict[str, Any] = {"direction": direction.currentData(), "text": text.text(),
                               "deadline": deadline.text().strip() or None}
        if direction.currentData() == Direction.REQUEST.value:
            out["addressee"] = session.names.get("unit")
        else:
            out["addressee"] = addressee.text().strip() or None
        return out

    def clear() -> None:
        text.clear()
        deadline.clear()
        text.setFocus()

    page.add_values, page.clear_bar = values, clear
    page.finish_bar(direction, text, addressee, deadline)
    directed()
    page.allow_moves()


PAGE_KINDS = (Attendee, IndicatorResult, Finding, Recommendation)
