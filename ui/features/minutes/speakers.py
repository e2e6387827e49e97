"""Choosing who speaks next, without the mouse: Alt+1 … Alt+9, or a few letters of the name and Enter.

The list shows the visit's attendees in their order, each with the Alt+digit that picks it beside the name. Typing
in the box above narrows the list (diacritics and case ignored: "tuyen" finds "Nguyễn Thị Tuyến"); Up/Down move
through what is left, Enter or a double-click picks it. The chooser only says who was picked (:attr:`picked`); the
window starts the statement.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ssdesk.i18n import _
from ssdesk.search.folding import fold

Row = dict[str, Any]
ROW_ROLE = Qt.ItemDataRole.UserRole + 31
#: Attendees beyond this many get no Alt+digit (they are picked by name).
SHORTCUTS = 9


def shortcut_text(n: int) -> str:
    """The key that picks the ``n``-th attendee (1-based), as shown beside the name; "" beyond Alt+9."""
    return f"Alt+{n}" if 1 <= n <= SHORTCUTS else ""


def describe(row: Row) -> str:
    title = (row.get("title") or "").strip()
    return f"{row['name']} — {title}" if title else str(row["name"])


class SpeakerChooser(QWidget):
    """The attendees, a type-ahead box, and the number keys; ``picked(row)`` when one is chosen."""

    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.filter = QLineEdit(self)
        self.filter.setObjectName("speakerFilter")
        self.filter.setPlaceholderText(_("Type a name, Enter picks it"))
        self.filter.setAccessibleName(_("Find a speaker"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._narrow)
        self.filter.returnPressed.connect(self.pick_current)
        self.filter.installEventFilter(self)
        self.list = QListWidget(self)
        self.list.setObjectName("speakerList")
        self.list.setAccessibleName(_("Attendees"))
        self.list.itemActivated.connect(lambda item: self._pick_item(item))
        label = QLabel(_("&Speaker (Alt+1 … Alt+9):"), self)
        label.setBuddy(self.filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)

    def set_attendees(self, rows: list[Row]) -> None:
        """Show ``rows`` (the visit's attendees in order); the typed filter and the current one are kept."""
        current = self.current_row()
        self.rows = list(rows)
        self.list.clear()
        for n, row in enumerate(self.rows, 1):
            key = shortcut_text(n)
            item = QListWidgetItem(f"{key:<7} {describe(row)}" if key else f"{'':<7} {describe(row)}", self.list)
            item.setData(ROW_ROLE, row)
            item.setToolTip(_("{key} picks {name}").format(key=key, name=row["name"]) if key else row["name"])
        self._narrow(self.filter.text())
        if current is not None:
            self.select_id(current["id"])

    # -- choosing ------------------------------------------------------------------------------------------------

    def pick_number(self, n: int) -> bool:
        """Alt+``n``: pick the ``n``-th attendee (1-based); ``False`` when there is none."""
        if not 1 <= n <= len(self.rows):
            return False
        self.picked.emit(self.rows[n - 1])
        return True

    def pick_current(self) -> None:
        item: QListWidgetItem | None = self.list.currentItem()
        if item is None or item.isHidden():
            item = next((self.list.item(i) for i in range(self.list.count()) if not self.list.item(i).isHidden()),
                        None)
        if item is not None:
            self._pick_item(item)

    def _pick_item(self, item: QListWidgetItem) -> None:
        row = item.data(ROW_ROLE)
        if row is not None:
            self.picked.emit(row)

    def current_row(self) -> Row | None:
        item = self.list.currentItem()
        return item.data(ROW_ROLE) if item is not None else None

    def select_id(self, attendee_id: str) -> None:
        for i in range(self.list.count()):
            if (self.list.item(i).data(ROW_ROLE) or {}).get("id") == attendee_id:
                self.list.setCurrentRow(i)
                return

    def focus(self) -> None:
        """Ready for the next speaker: the box is emptied and has the focus."""
        self.filter.clear()
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- type-ahead ----------------------------------------------------------------------------------------------

    def _narrow(self, text: str) -> None:
        needle = fold(text).strip()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            row = item.data(ROW_ROLE) or {}
            hidden = bool(needle) and needle not in fold(f"{row.get('name', '')} {row.get('title') or ''}")
            item.setHidden(hidden)
            if not hidden and first is None:
                first = i
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden() or needle):
            self.list.setCurrentRow(first)

    def _step(self, delta: int) -> None:
        visible = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
        if not visible:
            return
        row = self.list.currentRow()
        pos = visible.index(row) if row in visible else -1
        self.list.setCurrentRow(visible[max(0, min(len(visible) - 1, pos + delta))])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Down:
                self._step(+1)
                return True
            if event.key() == Qt.Key.Key_Up:
                self._step(-1)
                return True
        return False
