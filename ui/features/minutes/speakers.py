"""Choosing who speaks next, without the mouse: Alt+1 … Alt+9, or a few letters of the name and Enter.

The list shows the visit's attendees in their order, each with the Alt+digit that picks it beside the name. Typing
in the box above narrows the list (diacritics and case ignored: "tuyen" finds "Nguyễn Thị Tuyến"); Up/Down move
through what is left, Enter or a double-click picks it. The chooser only says who was picked (:attr:`picked`); the
window starts the statement.

Someone not on the list (invited at the last minute) is added on the spot, keyboard only: the typed name matches
nobody, Enter opens a short form under the box (name as typed, title, side), Enter there adds them as an attendee of
the visit (:attr:`SpeakerChooser.add_attendee`, the window's) and picks them; Esc closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import Side
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import _
from ssdesk.search.folding import fold
from ui.forms import enter_adds, error_label

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
        # A long title ("Ủy viên Trung ương Đảng, Phó Bí thư…") wraps under the name instead of running off the
        # list's edge behind a sideways scroll bar.
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        label = QLabel(_("&Speaker (Alt+1 … Alt+9):"), self)
        label.setBuddy(self.filter)
        #: Adds an attendee to the visit from {name, title, side} and returns its row (the window sets it).
        self.add_attendee: Callable[[dict[str, Any]], Row] | None = None
        self.nobody = QLabel(self)  # said while the typed name matches nobody
        self.nobody.setObjectName("speakerNobody")
        self.nobody.setWordWrap(True)
        self.nobody.hide()
        self.newcomer = self._newcomer_form()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.nobody)
        layout.addWidget(self.newcomer)
        layout.addWidget(self.list, 1)

    def _newcomer_form(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("newSpeaker")
        self.new_name = QLineEdit(box)
        self.new_name.setObjectName("newSpeakerName")
        self.new_name.setAccessibleName(_("Name"))
        self.new_title = QLineEdit(box)
        self.new_title.setObjectName("newSpeakerTitle")
        self.new_title.setPlaceholderText(_("Title, e.g. Chủ tịch UBND phường"))
        self.new_title.setAccessibleName(_("Position"))
        self.new_side = QComboBox(box)
        self.new_side.setObjectName("newSpeakerSide")
        self.new_side.setAccessibleName(_("Side"))
        for side in Side:
            self.new_side.addItem(side.label, side.value)
        self.new_side.setCurrentIndex(self.new_side.findData(Side.INVITED.value))  # most often someone invited
        add = QPushButton(_("Add and start"), box)
        add.setObjectName("newSpeakerAdd")
        add.clicked.connect(self.add_newcomer)
        self.new_error = error_label("newSpeakerError", box)
        enter_adds(self.add_newcomer, self.new_name, self.new_title, self.new_side)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.new_side)
        row.addWidget(add)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("New attendee (Esc closes):"), box))
        layout.addWidget(self.new_name)
        layout.addWidget(self.new_title)
        layout.addLayout(row)
        layout.addWidget(self.new_error)
        box.installEventFilter(self)
        for w in (self.new_name, self.new_title, self.new_side):
            w.installEventFilter(self)
        box.hide()
        return box

    def offer_newcomer(self) -> None:
        """The typed name matches nobody: open the short form with it, the focus on the title."""
        self.new_name.setText(self.filter.text().strip())
        self.new_title.clear()
        self.new_error.hide()
        self.newcomer.show()
        self.new_title.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_newcomer(self) -> Row | None:
        """Add the person of the short form to the visit's attendees and pick them; a refusal stays in the form."""
        if self.add_attendee is None:
            return None
        values = {"name": self.new_name.text().strip(), "title": self.new_title.text().strip() or None,
                  "side": self.new_side.currentData()}
        try:
            row = self.add_attendee(values)
        except SsdeskError as exc:
            errors = exc.errors if isinstance(exc, ValidationError) else []
            self.new_error.setText(" ".join(e.message for e in errors) or str(exc))
            self.new_error.show()
            return None
        self.newcomer.hide()
        self.filter.clear()
        self.set_attendees([*self.rows, row])
        self.picked.emit(row)
        return row

    def set_attendees(self, rows: list[Row]) -> None:
        """Show ``rows`` (the visit's attendees in order); the typed filter and the current one are kept."""
        current = self.current_row()
        self.rows = list(rows)
        self.list.clear()
        for n, row in enumerate(self.rows, 1):
            key = shortcut_text(n)
            item = QListWidgetItem(f"{key:<7} {describe(row)}" if key else f"{'':<7} {describe(row)}", self.list)
            item.setData(ROW_ROLE, row)
            item.setToolTip(describe(row) + ("\n" + _("{key} picks {name}").format(key=key, name=row["name"])
                                             if key else ""))
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
        elif self.filter.text().strip() and self.add_attendee is not None:
            self.offer_newcomer()  # nobody of that name: add them on the spot

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
        self.nobody.setText(_("Nobody on the list is called “{name}”: Enter adds them as an attendee.")
                            .format(name=text.strip()) if needle and first is None else "")
        self.nobody.setVisible(bool(needle) and first is None and self.add_attendee is not None)
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
        if (watched is not self.filter and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape and self.newcomer.isVisible()):
            self.newcomer.hide()
            self.filter.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Down:
                self._step(+1)
                return True
            if event.key() == Qt.Key.Key_Up:
                self._step(-1)
                return True
        return False
