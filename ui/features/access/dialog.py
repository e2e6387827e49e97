"""Tools → Users of the server…: who uses the office server and what each may do, changed by an administrator.

The same operations as ``ssdesk server DB users …`` (:mod:`ssdesk.server.users`), each one transaction. A refusal or
a bad field is shown under the form, which keeps what was typed. A login that may not manage users sees the list
(their own row) and the reason the buttons are off.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import N_, _
from ssdesk.server import users
from ssdesk.server.rights import Permissions
from ssdesk.store import Store

ROLE_LABELS = {"administrator": N_("Administrator"), "secretary": N_("Secretary"), "leader": N_("Leader / reviewer"),
               "reader": N_("Reader")}


class UsersDialog(QDialog):
    def __init__(self, store: Store, rights: Permissions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.rights = store, rights
        self.setWindowTitle(_("Users of the server"))
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([_("Login"), _("Role"), _("Cleared for secret"), _("Delegations")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.name = QLineEdit(self)
        self.role = QComboBox(self)
        for key, label in ROLE_LABELS.items():
            self.role.addItem(_(label), key)
        self.cleared = QCheckBox(_("May see secret (MẬT) sessions"), self)
        self.delegations = QListWidget(self)
        with store.engine.connect() as conn:
            names = users.delegation_names(conn)
        for name in names:
            item = QListWidgetItem(name, self.delegations)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        form = QFormLayout()
        form.addRow(_("Login name:"), self.name)
        form.addRow(_("Role:"), self.role)
        form.addRow("", self.cleared)
        form.addRow(_("Delegations (a secretary's):"), self.delegations)
        self.add_button = QPushButton(_("Add"), self)
        self.change_button = QPushButton(_("Save changes"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.add_button.clicked.connect(lambda: self._run("add"))
        self.change_button.clicked.connect(lambda: self._run("change"))
        self.remove_button.clicked.connect(lambda: self._run("remove"))
        buttons = QHBoxLayout()
        for b in (self.add_button, self.change_button, self.remove_button):
            buttons.addWidget(b)
        self.message = QLabel(self)
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        why = rights.why_not_manage_users()
        for b in (self.add_button, self.change_button, self.remove_button):
            b.setEnabled(why is None)
            b.setToolTip(why or "")
        if why:
            self.message.setText(why)
        self.reload()

    def reload(self) -> None:
        with self.store.engine.connect() as conn:
            rows = users.list_users(conn)
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [r.login, _(ROLE_LABELS.get(r.role, r.role)), _("yes") if r.cleared else _("no"),
                     "; ".join(r.delegations)]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _checked(self) -> list[str]:
        return [self.delegations.item(i).text() for i in range(self.delegations.count())
                if self.delegations.item(i).checkState() == Qt.CheckState.Checked]

    def _show_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return
        r = self.rows[rows.pop()]
        self.name.setText(r.login)
        self.role.setCurrentIndex(max(0, self.role.findData(r.role)))
        self.cleared.setChecked(r.cleared)
        for i in range(self.delegations.count()):
            item = self.delegations.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in r.delegations else Qt.CheckState.Unchecked)

    def _run(self, action: str) -> None:
        """One change; on failure the message says why and the form keeps what was typed."""
        name = self.name.text().strip()
        try:
            users.apply_change(self.store, action, name, role=str(self.role.currentData()),
                               delegations=self._checked(), cleared=self.cleared.isChecked())
        except ValidationError as exc:
            self.message.setText("\n".join(e.message for e in exc.errors))
            return
        except SsdeskError as exc:
            self.message.setText(str(exc))
            return
        done = {"add": _("The user “{name}” was added."), "change": _("The user “{name}” was changed."),
                "remove": _("The user “{name}” was removed: they can no longer connect.")}[action]
        self.message.setText(done.format(name=name))
        self.reload()
