"""The filter bar over the recommendation list: the core's :class:`Criteria` plus a text box, and saved filters.

The bar only collects values; :meth:`FilterBar.query` turns them into criteria through ``Criteria.from_values`` (the
core's checks, so a bad date is refused with the core's message), and saving goes through ``store.followup``. The
text box is kept with a saved filter in the criteria's ``extra`` (the core keeps keys it does not know).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ssdesk.enums import Direction, RecStatus
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.followup.filters import Criteria
from ssdesk.i18n import _
from ssdesk.store import Store
from ui.features.followup.model import ListQuery, format_date
from ui.forms import ERROR_STYLE, DateField

TEXT_DELAY_MS = 300


def _combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    return combo


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


class FilterBar(QWidget):
    """Emits :attr:`changed` when any filter value changes (the text box after a pause in typing)."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._quiet = False
        self.delegation = _combo("filterDelegation", _("Delegation"))
        self.unit = _combo("filterUnit", _("Unit"))
        self.status = _combo("filterStatus", _("Status"))
        self.direction = _combo("filterDirection", _("Direction"))
        self.programme = _combo("filterProgramme", _("Programme"))
        self.deadline_from = DateField(name="filterDeadlineFrom")
        self.deadline_to = DateField(name="filterDeadlineTo")
        for edit in (self.deadline_from, self.deadline_to):
            edit.editingFinished.connect(self._emit)
        self.overdue = QCheckBox(_("Overdue only"))
        self.overdue.setObjectName("filterOverdue")
        self.text = QLineEdit(placeholderText=_("Search number, text, unit…"))
        self.text.setObjectName("filterText")
        self.text.setClearButtonEnabled(True)
        self._text_timer = QTimer(self, singleShot=True, interval=TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self._emit)
        self.text.textEdited.connect(lambda _t: self._text_timer.start())
        self.saved = _combo("savedFilters", _("Saved filters"))
        self.save_button = QPushButton(_("Save…"))
        self.save_button.setObjectName("saveFilter")
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setObjectName("deleteFilter")
        self.error = QLabel(wordWrap=True)
        self.error.setObjectName("filterError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()

        for combo in (self.delegation, self.unit, self.status, self.direction, self.programme):
            combo.currentIndexChanged.connect(self._emit)
        self.overdue.toggled.connect(self._emit)
        self.saved.activated.connect(self._load_saved)
        self.save_button.clicked.connect(self.save_current)
        self.delete_button.clicked.connect(self.delete_current)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        # Three filters a row: with four, the page alone asked 1,035 pixels and the window no longer fitted a
        # 1024×768 screen (the sidebar beside it).
        row1: list[tuple[str, QWidget]] = [(_("Delegation:"), self.delegation), (_("Unit:"), self.unit),
                                           (_("Status:"), self.status)]
        row2: list[tuple[str, QWidget]] = [(_("Direction:"), self.direction), (_("Programme:"), self.programme)]
        row3: list[tuple[str, QWidget]] = [(_("Deadline from:"), self.deadline_from), (_("to:"), self.deadline_to)]
        for r, items in enumerate((row1, row2, row3)):
            for c, (label, widget) in enumerate(items):
                text = QLabel(label)
                text.setBuddy(widget)
                grid.addWidget(text, r, 2 * c)
                grid.addWidget(widget, r, 2 * c + 1)
        grid.addWidget(self.overdue, 2, 4, 1, 2, Qt.AlignmentFlag.AlignLeft)  # a click anywhere on it ticks it
        search = QHBoxLayout()
        search.addWidget(self.text, 1)
        search.addWidget(QLabel(_("Saved filter:")))
        search.addWidget(self.saved)
        search.addWidget(self.save_button)
        search.addWidget(self.delete_button)
        grid.addLayout(search, 3, 0, 1, 6)
        grid.addWidget(self.error, 4, 0, 1, 6)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        self.populate(store)

    def populate(self, store: Store) -> None:
        """Fill the choices from ``store`` (a new file, or the catalogue changed), keeping what is chosen."""
        self._store = store
        keep = self.query_values()
        self._quiet = True
        try:
            fills = ((self.delegation, [(d.name, d.id) for d in store.catalog.delegations()]),
                     (self.unit, [(u.name, u.id) for u in store.catalog.units()]),
                     (self.status, [(s.label, s) for s in RecStatus]),
                     (self.direction, [(d.label, d) for d in Direction]),
                     (self.programme, [(f"{p.code} — {p.title}" if p.title else p.code, p.id)
                                       for p in store.catalog.programmes()]))
            for combo, items in fills:
                combo.clear()
                combo.addItem(_("All"), None)
                for text, data in items:
                    combo.addItem(text, data)
                    combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)  # long names
            self._fill_saved()
            self._set_values(keep)
        finally:
            self._quiet = False

    def _fill_saved(self, current: str | None = None) -> None:
        self.saved.clear()
        self.saved.addItem(_("(none)"), None)
        for name in self._store.followup.filter_names():
            self.saved.addItem(name, name)
        _select(self.saved, current)
        self.delete_button.setEnabled(current is not None)

    # -- values ----------------------------------------------------------------------------------------------------

    def query_values(self) -> dict[str, Any]:
        status = self.status.currentData()
        return {"delegation_id": self.delegation.currentData(), "unit_id": self.unit.currentData(),
                "statuses": [status] if status is not None else [], "direction": self.direction.currentData(),
                "programme_id": self.programme.currentData(), "deadline_from": self.deadline_from.text().strip(),
                "deadline_to": self.deadline_to.text().strip(), "overdue_only": self.overdue.isChecked(),
                "text": self.text.text()}

    def query(self) -> ListQuery:
        """The list query the bar shows; raises the core's :class:`ValidationError` for a bad value."""
        values = self.query_values()
        text = values.pop("text")
        return ListQuery(Criteria.from_values(values), text)

    def _set_values(self, v: dict[str, Any]) -> None:
        _select(self.delegation, v.get("delegation_id"))
        _select(self.unit, v.get("unit_id"))
        statuses = v.get("statuses") or []
        _select(self.status, statuses[0] if statuses else None)
        _select(self.direction, v.get("direction"))
        _select(self.programme, v.get("programme_id"))
        self.deadline_from.setText(v.get("deadline_from") or "")
        self.deadline_to.setText(v.get("deadline_to") or "")
        self.overdue.setChecked(bool(v.get("overdue_only")))
        self.text.setText(v.get("text") or "")

    def set_query(self, query: ListQuery) -> None:
        """Show ``query`` in the bar and emit :attr:`changed` once."""
        c = query.criteria
        self._quiet = True
        try:
            self._set_values({"delegation_id": c.delegation_id, "unit_id": c.unit_id, "statuses": list(c.statuses),
                              "direction": c.direction, "programme_id": c.programme_id,
                              "deadline_from": format_date(c.deadline_from), "deadline_to": format_date(c.deadline_to),
                              "overdue_only": c.overdue_only, "text": query.text})
            _select(self.saved, None)
            self.delete_button.setEnabled(False)
        finally:
            self._quiet = False
        self._emit()

    def clear(self) -> None:
        self.set_query(ListQuery())

    def show_error(self, exc: SsdeskError | None) -> None:
        if exc is None:
            self.error.clear()
            self.error.hide()
            return
        messages = [e.message for e in exc.errors] if isinstance(exc, ValidationError) else [str(exc)]
        self.error.setText(" ".join(messages))
        self.error.show()

    def _emit(self, *_args: object) -> None:
        if not self._quiet:
            self.changed.emit()

    # -- saved filters ---------------------------------------------------------------------------------------------

    def _load_saved(self, _index: int) -> None:
        name = self.saved.currentData()
        self.delete_button.setEnabled(name is not None)
        if name is None:
            return
        try:
            criteria = self._store.followup.load_filter(name)
        except SsdeskError as exc:
            self.show_error(exc)
            return
        text = criteria.text or str(criteria.extra.get("text") or "")  # older files kept the text outside the criteria
        self.set_query(ListQuery(replace(criteria, text=None), text))
        _select(self.saved, name)
        self.delete_button.setEnabled(True)

    def save_current(self, *, name: str | None = None) -> bool:
        """Save what the bar shows under a name asked for (``name`` skips the question: scripts, tests)."""
        if name is None:
            current = self.saved.currentData() or ""
            name, ok = QInputDialog.getText(self, _("Save filter"), _("Name of the filter:"), text=current)
            if not ok:
                return False
        try:
            query = self.query()
            criteria = Criteria.from_values({**self.query_values(), "text": query.text.strip() or None})
            self._store.followup.save_filter(name, criteria)
        except SsdeskError as exc:
            self.show_error(exc)
            return False
        self.show_error(None)
        self._fill_saved(name.strip())
        return True

    def delete_current(self) -> bool:
        name = self.saved.currentData()
        if name is None:
            return False
        try:
            self._store.followup.delete_filter(name)
        except SsdeskError as exc:
            self.show_error(exc)
            return False
        self._fill_saved()
        return True
