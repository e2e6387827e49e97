"""The successions of one unit (merged into, renamed to, split into, replaced by): list, add, remove.

Units are never renamed in place, so the 2025 reorganisation is recorded as successions between the old and the new
units; this part of the units editor lists those the selected unit takes part in, from either side, and records a
new one through ``store.catalog.add_succession``. The core's refusal (the same unit twice, a date that is not a date,
a unit succeeding its own successor) is shown under the field it names, as in the record form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import SuccessionKind
from ssdesk.errors import FieldError, SsdeskError, ValidationError
from ssdesk.i18n import N_, _
from ssdesk.models import UnitSuccession
from ssdesk.store import Store
from ui.features.catalog.panel import ID_ROLE, format_date
from ui.forms import ERROR_STYLE, DateField, enter_adds, show_field_error, with_error_line
from ui.icons import icon

_HEADERS = (N_("Predecessor"), N_("Kind"), N_("Successor"), N_("Effective on"))
#: The other unit is the successor of the selected one / its predecessor.
SUCCESSOR, PREDECESSOR = "successor", "predecessor"


class SuccessionsEditor(QWidget):
    """Successions of the unit set with :meth:`set_unit` (``None``: nothing to edit)."""

    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitSuccessions")
        self._store = store
        self.unit_id: str | None = None
        self.rows: list[UnitSuccession] = []

        self.model = QStandardItemModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("successionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 6)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())

        self.relation = QComboBox(self)
        self.relation.setObjectName("successionRelation")
        self.relation.setAccessibleName(_("Relation"))
        self.relation.addItem(_("The other unit succeeds this one"), SUCCESSOR)
        self.relation.addItem(_("This unit succeeds the other one"), PREDECESSOR)
        self.other = QComboBox(self)
        self.other.setObjectName("successionUnit")
        self.other.setAccessibleName(_("Other unit"))
        self.kind = QComboBox(self)
        self.kind.setObjectName("successionKind")
        self.kind.setAccessibleName(_("Kind"))
        for kind in SuccessionKind:
            self.kind.addItem(kind.label, kind.value)
        self.date = DateField(self, name="successionDate")
        self.date.setAccessibleName(_("Effective on"))
        enter_adds(self.add_succession, self.relation, self.other, self.kind, self.date)
        self.add_button = QPushButton(_("Add succession"), self)
        self.add_button.setObjectName("successionAdd")
        self.add_button.setIcon(icon("add"))
        self.add_button.clicked.connect(self.add_succession)
        self.remove_button = QPushButton(_("Remove…"), self)
        self.remove_button.setObjectName("successionRemove")
        self.remove_button.setIcon(icon("delete"))
        self.remove_button.clicked.connect(self.remove_selected)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        for key, label, widget in (("relation", _("Relation"), self.relation), ("unit", _("Other unit"), self.other),
                                   ("kind", _("Kind"), self.kind), ("effective_on", _("Effective on"), self.date)):
            form.addRow(label, self._with_error(key, widget))
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        self.error = QLabel(self)  # what names no field of this form
        self.error.setObjectName("successionError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        title = QLabel(_("Successions"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.set_unit(None)

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        box, self.errors[key] = with_error_line(widget, f"error_succession_{key}", self)
        return box

    # -- showing -------------------------------------------------------------------------------------------------

    def set_unit(self, unit_id: str | None) -> None:
        if unit_id != self.unit_id:
            self.date.clear()
            self._show_errors([])
        self.unit_id = unit_id
        self.reload()

    def reload(self) -> None:
        """Read the unit's successions and the units to pick again (after any change of units or successions)."""
        store = self._store()
        ident = self.unit_id
        selected = self.selected()
        self.rows = store.catalog.successions(ident) if ident else []
        self.model.clear()
        self.model.setHorizontalHeaderLabels([_(h) for h in _HEADERS])
        for x in self.rows:
            cells = [QStandardItem(x.predecessor.name), QStandardItem(x.kind.label), QStandardItem(x.successor.name),
                     QStandardItem(format_date(x.effective_on))]
            for cell in cells:
                cell.setToolTip(cell.text())
            cells[0].setData(x.id, ID_ROLE)
            self.model.appendRow(cells)
        if selected is not None and (row := next((i for i, x in enumerate(self.rows) if x.id == selected.id),
                                                 None)) is not None:
            self.table.selectRow(row)
        keep = self.other.currentData()
        self.other.blockSignals(True)
        self.other.clear()
        for unit in store.catalog.units() if ident else []:
            if unit.id != ident:
                self.other.addItem(unit.name, unit.id)
        self.other.setCurrentIndex(max(0, self.other.findData(keep)))
        self.other.blockSignals(False)
        for w in (self.table, self.relation, self.other, self.kind, self.date, self.add_button):
            w.setEnabled(ident is not None)
        self._enable()

    def _enable(self) -> None:
        self.remove_button.setEnabled(self.unit_id is not None and self.selected() is not None)
        self.add_button.setEnabled(self.unit_id is not None and self.other.count() > 0)

    def selected(self) -> UnitSuccession | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _show_errors(self, errors: list[FieldError]) -> None:
        """Each message under the field it is about; the unit pair's problems under "Other unit"."""
        where = {"successor_id": "unit", "predecessor_id": "unit", "kind": "kind", "effective_on": "effective_on"}
        by_key: dict[str, list[str]] = {}
        for e in errors:
            by_key.setdefault(where.get(e.field, ""), []).append(e.message)
        for key, label in self.errors.items():
            text = " ".join(dict.fromkeys(by_key.get(key, [])))
            widget = {"relation": self.relation, "unit": self.other, "kind": self.kind,
                      "effective_on": self.date}[key]
            show_field_error(widget, label, text)
        rest = " ".join(by_key.get("", []))
        self.error.setText(rest)
        self.error.setVisible(bool(rest))

    # -- changing ------------------------------------------------------------------------------------------------

    def add_succession(self) -> bool:
        """Record the succession typed in the form; ``False`` (with the core's messages shown) when refused."""
        if self.unit_id is None or self.other.currentData() is None:
            return False
        other = str(self.other.currentData())
        first, then = (self.unit_id, other) if self.relation.currentData() == SUCCESSOR else (other, self.unit_id)
        try:
            self._store().catalog.add_succession(first, then, self.kind.currentData(),
                                                 effective_on=self.date.text().strip() or None)
        except ValidationError as exc:
            self._show_errors(list(exc.errors))
            return False
        except SsdeskError as exc:
            self._show_errors([FieldError("", str(exc))])
            return False
        self._show_errors([])
        self.date.clear()
        self.reload()
        return True

    def remove_selected(self) -> bool:
        """Remove the selected succession after the user confirms (the units themselves stay)."""
        row = self.selected()
        if row is None:
            return False
        text = _("Remove the succession “{old}” → “{new}” ({kind})? The units themselves stay.").format(
            old=row.predecessor.name, new=row.successor.name, kind=row.kind.label)
        answer = QMessageBox.question(self, _("Remove succession"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self._store().catalog.delete(UnitSuccession, row.id)
        except SsdeskError as exc:
            self._show_errors([FieldError("", str(exc))])
            return False
        self._show_errors([])
        self.reload()
        return True

