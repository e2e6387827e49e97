"""The members of one delegation: who, in which role, in which order; add, remove, move up and down.

A member is picked from the people already in the file or typed as a new name (then added as a person first).
Role and position are edited in the table; every change goes through the core, whose refusal (a second head) is
shown under the table while the typed values stay where they were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import MemberRole
from ssdesk.errors import SsdeskError
from ssdesk.i18n import N_, _
from ssdesk.models import DelegationMember
from ssdesk.store import Store
from ui.forms import ERROR_STYLE, FoldingCompleter, enter_adds
from ui.icons import icon

COL_ORDER, COL_NAME, COL_ROLE, COL_POSITION = range(4)
_HEADERS = (N_("No."), N_("Full name"), N_("Role"), N_("Position"))
_Index = QModelIndex | QPersistentModelIndex


class MemberTableModel(QAbstractTableModel):
    """Members in their order; role and position are editable and saved through ``update``."""

    def __init__(self, store: Callable[[], Store], report: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._report = report
        self.members: list[DelegationMember] = []

    def set_members(self, members: list[DelegationMember]) -> None:
        self.beginResetModel()
        self.members = members
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[section])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in (COL_ROLE, COL_POSITION) else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        m = self.members[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return {COL_ORDER: str(index.row() + 1), COL_NAME: m.person.full_name, COL_ROLE: m.role.label,
                    COL_POSITION: m.position or ""}[index.column()]
        if role == Qt.ItemDataRole.EditRole:
            return m.role.value if index.column() == COL_ROLE else (m.position or "")
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        m = self.members[index.row()]
        field = "role" if index.column() == COL_ROLE else "position"
        new = value if field == "role" else (str(value).strip() or None)
        try:
            values: dict[str, Any] = {field: new}
            self._store().catalog.update(DelegationMember, m.id, **values)
        except SsdeskError as exc:
            self._report(str(exc))
            return False
        self._report("")
        return True


class RoleDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = QComboBox(parent)
        for role in MemberRole:
            combo.addItem(role.label, role.value)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class MembersEditor(QWidget):
    """Members of the delegation set with :meth:`set_delegation` (``None``: nothing to edit)."""

    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.delegation_id: str | None = None
        self.error = QLabel(self)
        self.error.setObjectName("memberError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.model = MemberTableModel(store, self._report, self)
        self.table = QTableView(self)
        self.table.setObjectName("memberTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COL_ROLE, RoleDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 8)

        self.person = QComboBox(self)
        self.person.setObjectName("memberPerson")
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setAccessibleName(_("Member"))
        person_edit = self.person.lineEdit()
        assert person_edit is not None  # an editable combo box has its line edit
        person_edit.setPlaceholderText(_("Pick a person or type a new name"))
        self.person.setMinimumWidth(220)
        self.role = QComboBox(self)
        self.role.setObjectName("memberRole")
        self.role.setAccessibleName(_("Role"))
        for role in MemberRole:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(self.role.findData(MemberRole.MEMBER.value))
        self.position = QLineEdit(self)
        self.position.setObjectName("memberPosition")
        self.position.setAccessibleName(_("Position"))
        self.position.setPlaceholderText(_("Position (the person's post if empty)"))
        self.add_button = QPushButton(_("Add member"), self)
        self.add_button.setObjectName("memberAdd")
        self.add_button.setIcon(icon("add"))
        self.add_button.clicked.connect(self.add_member)
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setObjectName("memberRemove")
        self.remove_button.setIcon(icon("delete"))
        self.remove_button.clicked.connect(self.remove_member)
        self.up_button = QPushButton(_("Move up"), self)
        self.up_button.setObjectName("memberUp")
        self.up_button.clicked.connect(lambda: self.move_member(-1))
        self.down_button = QPushButton(_("Move down"), self)
        self.down_button.setObjectName("memberDown")
        self.down_button.clicked.connect(lambda: self.move_member(+1))

        FoldingCompleter(parent=self.person).attach(self.person)
        enter_adds(self.add_member, self.person, self.role, self.position)  # Enter adds, as in every add bar
        adding = QHBoxLayout()
        adding.addWidget(self.person, 3)
        adding.addWidget(self.role, 2)
        adding.addWidget(self.position, 3)
        adding.addWidget(self.add_button)
        moving = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            moving.addWidget(button)
        moving.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Members of the delegation"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addLayout(moving)
        layout.addLayout(adding)
        layout.addWidget(self.error)
        self.set_delegation(None)

    def _report(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def set_delegation(self, delegation_id: str | None) -> None:
        self.delegation_id = delegation_id
        self._report("")
        self.reload()

    def reload(self) -> None:
        ident = self.delegation_id
        members = list(self._store().catalog.delegation(ident).members) if ident else []
        selected = self.selected()
        self.model.set_members(members)
        if selected is not None and (row := next((i for i, m in enumerate(members) if m.id == selected.id),
                                                 None)) is not None:
            self.table.selectRow(row)
        typed = self.person.currentText()
        self.person.blockSignals(True)
        self.person.clear()
        for p in self._store().catalog.persons():
            self.person.addItem(p.full_name + (f" — {p.title}" if p.title else ""), p.id)
        self.person.setCurrentIndex(-1)
        self.person.setEditText(typed)  # a name being typed stays
        self.person.blockSignals(False)
        for w in (self.table, self.person, self.role, self.position, self.add_button, self.remove_button,
                  self.up_button, self.down_button):
            w.setEnabled(ident is not None)

    def selected(self) -> DelegationMember | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.members[rows[0].row()] if rows else None

    def _person_id(self, store: Store) -> str:
        text = " ".join(self.person.currentText().split())
        index = self.person.findText(self.person.currentText(), Qt.MatchFlag.MatchExactly)
        if index >= 0:
            return str(self.person.itemData(index))
        found = store.catalog.find_person(text)
        return found.id if found is not None else store.catalog.add_person(text).id

    def add_member(self) -> bool:
        if self.delegation_id is None:
            return False
        store = self._store()
        try:
            with store.write():  # a new person and the member, or neither
                person_id = self._person_id(store)
                store.catalog.add_member(self.delegation_id, person_id, self.role.currentData(),
                                         position=self.position.text().strip() or None)
        except SsdeskError as exc:
            self._report(str(exc))
            return False
        self._report("")
        self.person.setEditText("")
        self.position.clear()
        self.role.setCurrentIndex(self.role.findData(MemberRole.MEMBER.value))
        self.reload()
        return True

    def remove_member(self) -> None:
        member = self.selected()
        if member is None:
            return
        try:
            self._store().catalog.delete(DelegationMember, member.id)
        except SsdeskError as exc:
            self._report(str(exc))
            return
        self.reload()

    def move_member(self, delta: int) -> None:
        member = self.selected()
        if member is None:
            return
        members = self.model.members
        i = members.index(member)
        j = i + delta
        if not 0 <= j < len(members):
            return
        order = [m.id for m in members]
        order[i], order[j] = order[j], order[i]
        store = self._store()
        with store.write():
            for n, ident in enumerate(order, start=1):
                store.catalog.update(DelegationMember, ident, order_no=n)
        self.reload()
        self.table.selectRow(j)
