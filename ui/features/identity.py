"""Who is working: the user's own name and title, asked once and kept in the app's settings.

The core records a person wherever one is recorded (a follow-up step's "Recorded by", the audit log, issued
documents through the audit log) from ``store.identity``; this feature fills it from the settings on every file the
window opens. Until the user gives a name the computer login stands in, which reads "root@vm" to a colleague — so the
app asks once, on the first start (:func:`ask_once`, called by ``ui/app.py``), and Tools → Your name and title… changes
it at any time.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ssdesk.i18n import _
from ssdesk.identity import MAX_RECORDED, Identity
from ssdesk.store import Store
from ui.features.files.settings import settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

KEY_NAME = "user/name"
KEY_TITLE = "user/title"
#: Set once the first-start question was answered or dismissed: it is never asked again (the menu remains).
KEY_ASKED = "user/asked"


def stored_identity(login: str) -> Identity:
    """The identity from the settings for the computer login ``login`` (the core's ``store.user``)."""
    s = settings()
    return Identity(login=login, name=str(s.value(KEY_NAME, "") or ""), title=str(s.value(KEY_TITLE, "") or ""))


def store_identity(name: str, title: str) -> None:
    s = settings()
    s.setValue(KEY_NAME, " ".join(name.split()))
    s.setValue(KEY_TITLE, " ".join(title.split()))
    s.setValue(KEY_ASKED, True)
    s.sync()


def apply_identity(store: Store) -> Identity:
    """Give ``store`` the person from the settings; what it records from now on names them."""
    store.identity = stored_identity(store.user)
    return store.identity


class IdentityDialog(QDialog):
    """Name and title, with a line saying where they are used. Both may stay empty (the login is used)."""

    def __init__(self, identity: Identity, parent: QWidget | None = None, *, first_start: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("identityDialog")
        self.setWindowTitle(_("Your name and title"))
        layout = QVBoxLayout(self)
        welcome = _("Welcome to ssdesk. Who is working on this computer?") + "\n" if first_start else ""
        intro = QLabel(welcome + _("Your name and title are recorded in every follow-up step you enter and, with the "
                                   "computer login ({login}), in the change history.").format(login=identity.login),
                       self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(identity.name, self)
        self.name.setObjectName("identityName")
        self.name.setPlaceholderText(_("e.g. Nguyễn Văn An"))
        self.name.setMaxLength(MAX_RECORDED // 2)
        self.title = QLineEdit(identity.title, self)
        self.title.setObjectName("identityTitle")
        self.title.setPlaceholderText(_("e.g. Specialist, Inspection Committee"))
        self.title.setMaxLength(MAX_RECORDED // 2)
        form.addRow(_("Full &name:"), self.name)
        form.addRow(_("&Title:"), self.title)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        if first_start:
            cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
            assert cancel is not None
            cancel.setText(_("Later"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)


class IdentityFeature(QAction):
    """Tools → Your name and title…; keeps every store the window opens naming the person."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("Your &name and title…"), window)
        self.setObjectName("actionIdentity")
        self.main = window
        self.triggered.connect(lambda: self.edit())
        window.menu("tools").addAction(self)
        apply_identity(window.store)
        window.store_replaced.connect(apply_identity)

    def edit(self, *, first_start: bool = False) -> IdentityDialog:
        """Ask name and title (window-modal, without blocking the event loop); on Save keep them and use them in
        the open file at once. The dialog is returned for the caller (and tests) to drive."""
        dialog = IdentityDialog(stored_identity(self.main.store.user), self.main, first_start=first_start)

        def done(code: int) -> None:
            if code == QDialog.DialogCode.Accepted:
                store_identity(dialog.name.text(), dialog.title.text())
                apply_identity(self.main.store)
                self.main.statusBar().showMessage(
                    _("Recorded as: {person}").format(person=self.main.store.identity.person), 8000)
            elif first_start:
                settings().setValue(KEY_ASKED, True)  # "Later": the menu is the way back, no question every start
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()
        return dialog


def install(window: MainWindow) -> None:
    IdentityFeature(window)


def ask_once(window: MainWindow) -> IdentityDialog | None:
    """On the first start (no name given, never asked): ask, without blocking. Never in the unattended runs (smoke
    test, start-up timing), which must not wait for a person."""
    feature = window.findChild(IdentityFeature, "actionIdentity")
    unattended = any(os.environ.get(v, "") not in ("", "0") for v in ("SSDESK_QUIT_WHEN_READY", "SSDESK_READY_MARKER"))
    if feature is None or unattended or settings().value(KEY_ASKED, False, type=bool) or stored_identity("").known:
        return None
    return feature.edit(first_start=True)
