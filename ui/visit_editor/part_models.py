"""Table models over the parts of one visit (attendees, figures, findings, recommendations), editable in place.

``setData`` writes through :class:`EditSession` (one undoable command per accepted cell). A refused value is *kept*:
the cell shows what the user typed, tinted, with the core's message as tooltip, and :meth:`PartTableModel.problems`
lists it for the line under the table, until the user fixes or reverts it. Nothing invalid reaches the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ssdesk.enums import Direction, FindingKind, LabelledEnum, MemberRole, Priority, RecStatus, Side
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import N_, _
from ssdesk.models import Attendee, Finding, IndicatorResult, Recommendation
from ui.visit_editor.session import EditSession, Row

#: The choices of an enum cell, as ``[(label, value), …]``, for :class:`ChoiceDelegate`.
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 10
#: The part's row dict behind any cell.
ROW_ROLE = Qt.ItemDataRole.UserRole + 11

#: Cells whose value the core refused are painted in this colour until fixed.
INVALID_BACKGROUND = QColor(255, 222, 222)

_Index = QModelIndex | QPersistentModelIndex


def fmt_date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, (dt.date, dt.datetime)) else (value or "")


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


#: A figure's verdict as the editor offers it: the stored value (``None``: not assessed) by the choice's key.
VERDICTS: dict[str, bool | None] = {"": None, "met": True, "not_met": False}
VERDICT_LABELS = {"": N_("Not assessed"), "met": N_("Met"), "not_met": N_("Not met")}


def verdict_key(value: Any) -> str:
    """The choice key of a stored verdict: ``True`` "met", ``False`` "not_met", ``None`` "" (never a guess)."""
    return "met" if value is True else "not_met" if value is False else ""


@dataclass(frozen=True)
class Column:
    """One column of a parts table. ``kind``: ``text``, ``bool``, ``verdict`` (met / not met / not assessed),
    ``enum``, ``date`` or ``readonly``."""

    field: str
    header: str  # English source, marked with N_
    kind: str = "text"
    enum: type[LabelledEnum] | None = None
    optional: bool = False  # an enum that may be empty
    display: Callable[[Row], str] | None = None
    to_values: Callable[[Any], dict[str, Any]] | None = None  # edited value → fields to write
    editable: Callable[[Row], bool] | None = None


class PartTableModel(QAbstractTableModel):
    """Rows of one kind of part of the session's visit. Call :meth:`refresh` after the session reloaded."""

    problems_changed = Signal()
    #: Emitted before the rows are reset (another write changed them): a cell being edited must keep its text.
    about_to_reset = Signal()

    def __init__(self, session: EditSession, kind: type[Any], columns: tuple[Column, ...], label: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.columns = columns
        self.label = label  # "attendee", English source: names the undo command
        self._rows: list[Row] = []
        self._snapshot: list[Row] = []
        self._pending: dict[tuple[str, str], tuple[Any, list[str]]] = {}
        self.refresh()

    # -- rows ----------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the session's rows again; nothing is reset when they did not change (our own writes)."""
        rows = self.session.rows(self.kind)
        snapshot = [dict(r) for r in rows]
        if snapshot == self._snapshot:
            self._rows = list(rows)  # the same content in fresh dicts (a reload after our own write): no reset
            return
        self.about_to_reset.emit()
        self.beginResetModel()
        self._rows = list(rows)
        self._snapshot = snapshot
        ids = {r["id"] for r in rows}
        self._pending = {k: v for k, v in self._pending.items() if k[0] in ids}
        self.endResetModel()
        self.problems_changed.emit()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, part_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r["id"] == part_id), None)

    def column_of(self, field: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.field == field)

    def problems(self) -> list[str]:
        """One line per refused cell: "Row 3, Deadline: message", for the label under the table."""
        out = []
        for (part_id, field), (_value, messages) in self._pending.items():
            row = self.row_of(part_id)
            col = self.column_of(field)
            out.append(_("Row {row}, {column}: {message}").format(
                row=(row or 0) + 1, column=_(self.columns[col].header), message=" ".join(messages)))
        return out

    def hold(self, part_id: str, field: str, value: Any, message: str) -> None:
        """Keep ``value`` typed in a cell that a reload is about to close: shown in its cell with ``message``
        until saved (Enter on the cell) or dropped (Esc on the problems line) — never lost without a word."""
        self._pending[(part_id, field)] = (value, [message])

    def has_pending(self) -> bool:
        return bool(self._pending)

    def pending_texts(self) -> list[str]:
        """The refused values as "column: value" lines (kept on the clipboard when the editor reloads)."""
        headers = {c.field: _(c.header) for c in self.columns}
        return [f"{headers.get(field, field)}: {self._pending_text(self._column(field), value)}"
                for (_part_id, field), (value, _messages) in self._pending.items()]

    def _column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    def retry_pending(self) -> None:
        """Try again to write every refused cell (the window is closing or the user pressed Ctrl+S)."""
        for (part_id, field), (value, _messages) in list(self._pending.items()):
            row, col = self.row_of(part_id), self.column_of(field)
            if row is not None:
                self.setData(self.index(row, col), value)

    # -- Qt model interface ----------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return _(self.columns[section].header)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return super().headerData(section, orientation, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return Qt.ItemFlag.NoItemFlags
        column = self.columns[index.column()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.session.read_only:  # nothing to tick or type in: the session refuses every write anyway
            return flags
        if column.kind == "bool":
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        if column.kind != "readonly" and (column.editable is None or column.editable(row)):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _show(self, row: Row, column: Column) -> str:
        if column.display is not None:
            return column.display(row)
        value = row.get(column.field)
        if column.kind == "enum" and column.enum is not None:
            return column.enum(value).label if value else ""
        if column.kind == "verdict":
            return _(VERDICT_LABELS[verdict_key(value)]) if value is not None else "—"
        if column.kind == "date":
            return fmt_date(value)
        return "" if value is None else str(value)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = self.columns[index.column()]
        pending = self._pending.get((row["id"], column.field))
        if role == ROW_ROLE:
            return row
        if column.kind == "bool":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.get(column.field) else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("Yes") if row.get(column.field) else _("No")
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if pending is not None:
                return self._pending_text(column, pending[0])
            return self._show(row, column)
        if role == Qt.ItemDataRole.EditRole:
            if pending is not None:
                return pending[0]
            if column.kind == "enum":
                value = row.get(column.field)
                return value.value if isinstance(value, LabelledEnum) else (value or "")
            if column.kind == "verdict":
                return verdict_key(row.get(column.field))
            return self._show(row, column)
        if role == CHOICES_ROLE and column.kind == "verdict":
            return [(_(label), key) for key, label in VERDICT_LABELS.items()]
        if role == CHOICES_ROLE and column.enum is not None:
            choices = [(m.label, m.value) for m in column.enum]
            return [("—", "")] + choices if column.optional else choices
        if role == Qt.ItemDataRole.BackgroundRole and pending is not None:
            return QBrush(INVALID_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            if pending is None and column.kind == "verdict":
                return _(VERDICT_LABELS[verdict_key(row.get(column.field))])
            return " ".join(pending[1]) if pending is not None else (self._show(row, column) or None)
        return None

    @staticmethod
    def _pending_text(column: Column, value: Any) -> str:
        if column.kind == "enum" and column.enum is not None and value:
            return column.enum(value).label
        if column.kind == "verdict":
            return _(VERDICT_LABELS.get(value, VERDICT_LABELS[""]))
        return "" if value is None else str(value)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return False
        column = self.columns[index.column()]
        if column.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        key = (row["id"], column.field)
        if key not in self._pending and value == self.data(index, Qt.ItemDataRole.EditRole):
            return False  # the editor closed without a change
        values = column.to_values(value) if column.to_values else {column.field: _blank_to_none(value)}
        try:
            self.session.update_part(self.kind, row["id"], values, label=_(column.header))
        except SsdeskError as exc:
            messages = [e.message for e in exc.errors] if isinstance(exc, ValidationError) else [str(exc)]
            self._pending[key] = (value, messages)
        else:
            self._pending.pop(key, None)
            self._snapshot = [dict(r) for r in self._rows]
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1))
        self.problems_changed.emit()
        return True

    def revert_pending(self) -> None:
        """Drop the refused values (Esc on the problems line): the cells show the stored values again."""
        if self._pending:
            self._pending.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))
            self.problems_changed.emit()


class ChoiceDelegate(QStyledItemDelegate):
    """Edits an enum cell with a combo box of translated labels; the model receives the stored value."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        choices = index.data(CHOICES_ROLE)
        if not choices:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for label, value in choices:
            combo.addItem(label, value)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            super().setModelData(editor, model, index)


# -- the columns of each table ------------------------------------------------------------------------------------

ATTENDEE_COLUMNS = (
    Column("name", N_("Name")),
    Column("title", N_("Position")),  # chức vụ; "Title" is the visit's title
    Column("organisation", N_("Organisation")),
    Column("side", N_("Side"), "enum", Side),
    Column("delegation_role", N_("Role in the delegation"), "enum", MemberRole, optional=True),
    Column("presides", N_("Presides"), "bool"),
    Column("takes_minutes", N_("Takes minutes"), "bool"),
)

FINDING_COLUMNS = (
    Column("kind", N_("Kind"), "enum", FindingKind),
    Column("text", N_("Text")),
)


def result_columns(session: EditSession) -> tuple[Column, ...]:
    def indicator(row: Row) -> str:
        return session.indicator_names.get(row.get("indicator_id") or "", "") or (row.get("label") or "")

    return (
        Column("label", N_("Indicator"), display=indicator, editable=lambda row: not row.get("indicator_id")),
        Column("target", N_("Target")),
        Column("reported", N_("Reported")),
        Column("achieved", N_("Achieved"), "verdict", to_values=lambda key: {"achieved": VERDICTS.get(key)}),
        Column("note", N_("Note")),
    )


def recommendation_columns(unit_names: dict[str, str]) -> tuple[Column, ...]:
    def responsible(row: Row) -> str:
        return unit_names.get(row.get("responsible_unit_id") or "", "") or (row.get("responsible_text") or "")

    return (
        Column("direction", N_("Direction"), "enum", Direction),
        Column("ref", N_("No.")),
        Column("text", N_("Text")),
        Column("addressee", N_("Addressee")),
        Column("responsible_text", N_("Responsible"), display=responsible,
               to_values=lambda v: {"responsible_text": _blank_to_none(v), "responsible_unit_id": None}),
        Column("deadline", N_("Deadline"), "date"),
        Column("priority", N_("Priority"), "enum", Priority),
        Column("status", N_("Status"), "readonly",
               display=lambda row: RecStatus(row["status"]).label if row.get("status") else ""),
    )


MODEL_LABELS: dict[type[Any], str] = {
    Attendee: N_("attendee"), IndicatorResult: N_("figure"), Finding: N_("finding"),
    Recommendation: N_("request or petition"),
}
