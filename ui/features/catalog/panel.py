"""A list of one kind of catalogue record beside the form that edits the selected one.

The form is a :class:`~ui.forms.FieldForm`: a field saves through the core's ``update`` when the user
pauses or leaves it, a refused value stays typed with the core's message under it, and switching to another record
first saves what was typed (a refused value keeps the record selected). "New" empties the form: the record is added
through the core's ``add_*`` as soon as the required fields are filled; until then only the other problems (a date
that is not a date) are shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ssdesk.errors import FieldError, ValidationError
from ssdesk.i18n import _
from ssdesk.store import Store
from ui.conflict_bar import ConflictBar, keep_on_clipboard
from ui.features.catalog.deleting import confirm_delete
from ui.forms import HINT_STYLE, DateField, FieldForm, tab_follows_the_eye
from ui.icons import icon

ID_ROLE = Qt.ItemDataRole.UserRole + 1
Choices = Callable[[Store], list[tuple[str, Any]]]


def format_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


@dataclass(frozen=True)
class FieldSpec:
    """One field of the form: ``kind`` is "line", "date", "text" (several lines) or "choice" (``choices``)."""

    name: str
    label: str  # N_() source string
    kind: str = "line"
    required: bool = False
    choices: Choices | None = None
    parse: Callable[[str], Any] | None = None  # typed text → the value the core takes (may raise ValidationError)
    fmt: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class RecordSpec:
    """What a :class:`RecordPanel` shows and how it adds a record of ``model``."""

    key: str  # object-name prefix: "plan", "delegation"…
    model: type[Any]
    fields: tuple[FieldSpec, ...]
    columns: tuple[tuple[str, Callable[[Any], str]], ...]
    rows: Callable[[Store], list[Any]]
    add: Callable[[Store, dict[str, Any]], Any]
    label: Callable[[Any], str]
    entities: frozenset[str] = field(default_factory=frozenset)  # changes of these tables reload the list


class RecordTableModel(QAbstractTableModel):
    """Read-only rows of detached ORM objects; :data:`ID_ROLE` gives a row's id."""

    def __init__(self, spec: RecordSpec, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, ident: str | None) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == ident), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.spec.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.spec.columns[index.column()][1](row)
            return " ".join(text.split()) if role == Qt.ItemDataRole.DisplayRole else text
        if role == ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.spec.columns[section][0])
        return None


class RecordPanel(QWidget):
    """List + form for one kind of record. ``store`` is read at each use, so a replaced file needs only ``reload``."""

    #: The record shown in the form (``None``: a new one being typed).
    current_changed = Signal(object)

    def __init__(self, spec: RecordSpec, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.spec = spec
        self._store = store
        self.current_id: str | None = None
        self.new_defaults: dict[str, Any] = {}
        self._waiting = ""  # a new record not added yet: what it still needs (said instead of "Saved.")
        self._guard = False
        self.status: QLabel  # made with the form box below; the lambdas run later
        self.form = FieldForm(self._save, self, versioned=True)
        self.form.saved.connect(self._saved)
        self.form.refused.connect(lambda message: self.status.setText(""))
        self.conflict_bar = ConflictBar(self)
        self.form.conflicted.connect(self.conflict_bar.show_conflict)
        self.conflict_bar.reload_requested.connect(self.reload_after_conflict)

        self.list_widget = self._make_list()
        self.buttons = buttons = QHBoxLayout()
        self.new_button = QPushButton(_("New"), self)
        self.new_button.setObjectName(f"{spec.key}New")
        self.delete_button = QPushButton(_("Delete…"), self)
        self.delete_button.setObjectName(f"{spec.key}Delete")
        self.new_button.setIcon(icon("add"))
        self.delete_button.setIcon(icon("delete"))
        self.new_button.clicked.connect(lambda: self.start_new())
        self.delete_button.clicked.connect(self.delete_current)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self._extra_list_controls())
        left_layout.addWidget(self.list_widget, 1)
        left_layout.addLayout(buttons)

        form_box = QWidget(self)
        self.form_layout = QFormLayout(form_box)
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.hint = QLabel(form_box)
        self.hint.setObjectName(f"{spec.key}Hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        required = ", ".join(_(f.label) for f in spec.fields if f.required)
        self.hint_text = _("New record: it is added as soon as {fields} are filled in.").format(fields=required)
        self.hint.hide()
        self.form_layout.addRow(self.hint)
        for f in spec.fields:
            label = _(f.label) + (" *" if f.required else "")
            self.form_layout.addRow(label, self.form.bind(f.name, self._widget(f), fmt=f.fmt or format_date))
            line = self.form.bindings[f.name].widget
            if isinstance(line, QLineEdit):  # Enter saves now: a new record is added at once when complete
                line.returnPressed.connect(self.flush)
        self.status = QLabel(form_box)
        self.status.setObjectName(f"{spec.key}Status")
        self.form_layout.addRow(self.status)
        self.below = QVBoxLayout()  # pages add what belongs to the record (members) with add_below
        self.below.addStretch(1)
        form_page = QWidget(self)
        page_layout = QVBoxLayout(form_page)
        page_layout.addWidget(form_box)
        page_layout.addLayout(self.below, 1)
        self.form_scroll = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_page)

        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.conflict_bar)
        layout.addWidget(splitter)
        self._set_form_enabled(False)

    def showEvent(self, event: QShowEvent) -> None:
        """The form keeps the width its fields need: at 1024×768 the splitter's 3:2 share left the units form 300
        pixels and a sideways scroll bar hiding half of each field. The list beside it elides and has tooltips."""
        super().showEvent(event)
        form = self.form_scroll.widget()
        if form is not None:
            need = (form.minimumSizeHint().width() + self.form_scroll.verticalScrollBar().sizeHint().width()
                    + 2 * self.form_scroll.frameWidth())
            # at most what leaves a 1024-pixel window room for the sidebar (~210) and this page's list
            self.form_scroll.setMinimumWidth(min(need, 330))

    def add_below(self, widget: QWidget) -> None:
        """Show ``widget`` under the form; it takes the height left."""
        self.below.insertWidget(self.below.count() - 1, widget, 10)

    # -- the list (the units page overrides these four with a tree) -------------------------------------------------

    def _make_list(self) -> QWidget:
        self.model = RecordTableModel(self.spec, self)
        table = QTableView(self)
        table.setObjectName(f"{self.spec.key}Table")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.selectionModel().currentRowChanged.connect(lambda cur, prev: self._picked(cur.data(ID_ROLE),
                                                                                        prev.data(ID_ROLE)))
        self.view = table
        return table

    def _extra_list_controls(self) -> QHBoxLayout:
        return QHBoxLayout()

    def _fill(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        if self.view.columnWidth(0) <= 100:  # once: later reloads keep the widths the user chose
            self.view.resizeColumnsToContents()
            for column in range(self.model.columnCount()):
                self.view.setColumnWidth(column, min(self.view.columnWidth(column), 260))

    def _select_in_list(self, ident: str | None) -> None:
        row = self.model.row_of(ident)
        if row is None:
            self.view.clearSelection()
            self.view.setCurrentIndex(QModelIndex())
        else:
            self.view.selectRow(row)

    # -- records -------------------------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._store()

    def _widget(self, f: FieldSpec) -> QWidget:
        if f.kind == "text":
            widget: QWidget = (text := QPlainTextEdit(self))
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 3 + 12)
        elif f.kind == "choice":
            widget = QComboBox(self)
        elif f.kind == "date":
            widget = DateField(self)
        else:
            widget = QLineEdit(self)
        widget.setObjectName(f.name)
        widget.setAccessibleName(_(f.label))
        return widget

    def _fill_choices(self) -> None:
        for f in self.spec.fields:
            if f.choices is None:
                continue
            combo = self.form.bindings[f.name].widget
            assert isinstance(combo, QComboBox)
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            choices = f.choices(self.store)
            if f.required and all(value is not None for _text, value in choices):
                # a required choice starts empty: a new record never gets the first kind without being asked
                combo.addItem(_("— choose —"), None)
            for text, value in choices:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)

    def reload(self) -> None:
        """Reload the list and the choices; the shown record keeps what is being typed."""
        self._fill_choices()
        rows = self.spec.rows(self.store)
        self._guard = True
        try:
            self._fill(rows)
            if self.current_id is not None and not any(r.id == self.current_id for r in rows):
                self.current_id = None  # deleted (here or elsewhere)
                self._clear_form(enabled=False)
                self.current_changed.emit(None)
            self._select_in_list(self.current_id)
        finally:
            self._guard = False
        current = next((r for r in rows if r.id == self.current_id), None)
        if current is not None:
            self.form.load(self._values(current))

    def _values(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in self.spec.fields} | {"row_version": obj.row_version}

    def reload_after_conflict(self) -> None:
        """Show the record as someone else saved it; what was typed here goes to the clipboard first."""
        labels = {f.name: _(f.label) for f in self.spec.fields}
        kept = keep_on_clipboard([f"{labels.get(name, name)}: {b.value()}" for name, b in self.form.bindings.items()
                                  if (b.dirty or name in self.form.problems_by_field()) and isinstance(b.value(), str)])
        self.conflict_bar.hide()
        self.show_record(self.current_id)
        self.status.setText(_("Reloaded: the other change is shown. What you had typed is on the clipboard; paste "
                              "it where it belongs.") if kept else _("Reloaded: the other change is shown."))

    def _set_form_enabled(self, enabled: bool) -> None:
        for binding in self.form.bindings.values():
            binding.widget.setEnabled(enabled)
        self.delete_button.setEnabled(enabled and self.current_id is not None)

    def _clear_form(self, *, enabled: bool) -> None:
        self.form.clear_errors()
        self.form.load({f.name: None for f in self.spec.fields}, force=True)
        self.status.setText("")
        self._set_form_enabled(enabled)

    def _picked(self, ident: str | None, previous: str | None) -> None:
        if self._guard or ident == self.current_id:
            return
        if not self.form.flush():  # what was typed is refused: stay on it, with the message shown
            self._select_quietly(self.current_id)
            return
        self.show_record(ident)

    def show_record(self, ident: str | None) -> None:
        self.conflict_bar.hide()
        self.current_id = ident
        self.hint.hide()
        row = next((r for r in self.spec.rows(self.store) if r.id == ident), None) if ident else None
        if row is None:
            self.current_id = None
            self._clear_form(enabled=False)
        else:
            self.form.clear_errors()
            self.form.load(self._values(row), force=True)
            self.status.setText("")
            self._set_form_enabled(True)
        self._select_quietly(self.current_id)
        self.current_changed.emit(self.current_id)

    def _select_quietly(self, ident: str | None) -> None:
        self._guard = True
        try:
            self._select_in_list(ident)
        finally:
            self._guard = False

    def start_new(self, **defaults: Any) -> None:
        """Empty the form for a new record (``defaults``: fields not on the form, e.g. ``parent_id``)."""
        if not self.form.flush():
            return
        self.current_id = None
        self.new_defaults = defaults
        self._select_quietly(None)
        self._clear_form(enabled=True)
        self.hint.setText(self.hint_text)
        self.hint.show()
        self.current_changed.emit(None)
        first = self.form.bindings[self.spec.fields[0].name].widget
        first.setFocus()

    def _parse(self, values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        errors: list[FieldError] = []
        specs = {f.name: f for f in self.spec.fields}
        for name, value in values.items():
            if isinstance(value, str):
                value = value.strip() or None
            parse = specs[name].parse if name in specs else None
            if parse is not None and value is not None:
                try:
                    value = parse(value)
                except ValidationError as exc:
                    errors.extend(exc.errors)
            out[name] = value
        if errors:
            raise ValidationError(errors)
        return out

    def _save(self, values: dict[str, Any], expected_version: int | None = None) -> Any:
        values = self._parse(values)
        if self.current_id is not None:
            return self.store.catalog.update(self.spec.model, self.current_id, expected_version=expected_version,
                                             **values)
        typed = self._parse({n: b.value() for n, b in self.form.bindings.items()}) | values
        try:
            obj = self.spec.add(self.store, {**self.new_defaults, **typed})
        except ValidationError as exc:
            waiting = {f.name for f in self.spec.fields if f.required and typed.get(f.name) is None}
            left = [e for e in exc.errors if e.field not in waiting or e.field in values]
            if left:
                raise ValidationError(left) from None
            self._waiting = _("Not added yet: fill in {fields}.").format(
                fields=", ".join(_(f.label) for f in self.spec.fields if f.name in waiting))
            return  # not complete yet: added once the required fields are typed
        for name, binding in self.form.bindings.items():  # everything typed is stored now
            if name not in values:
                binding.saved = binding.value()
        self.form.clear_errors()
        self.current_id = obj.id
        self.new_defaults = {}
        self.hint.hide()
        self.reload()
        self.delete_button.setEnabled(True)
        self.current_changed.emit(self.current_id)
        return obj

    def _saved(self) -> None:
        """After a field's save: "Saved.", or for a new record still missing a required field, which one."""
        self.status.setText(self._waiting or _("Saved."))
        self._waiting = ""

    def flush(self) -> bool:
        return self.form.flush()
    def delete_current(self) -> bool:
        if self.current_id is None:
            return False
        row = next((r for r in self.spec.rows(self.store) if r.id == self.current_id), None)
        if row is None:
            return False
        if confirm_delete(self, self.store, self.spec.model, row.id, self.spec.label(row)):
            self.current_id = None
            self.reload()
            return True
        return False
