"""File → Open a database on the office server…: the parts of a PostgreSQL location typed in a form.

A secretary is given a server name, a database and a user name by the office's administrator, not a URL; the form
builds the URL through the core (:func:`ssdesk.server.location_from_form`), shows the core's messages under the fields,
and remembers what was typed — never the password — for next time. Opening goes through the window's own opener, so a
password the server asks for, a refusal or an unreachable server are handled as for a recent server entry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ssdesk import server
from ssdesk.errors import ValidationError
from ssdesk.i18n import _
from ui.features.files.settings import settings
from ui.forms import show_field_error, tab_follows_the_eye, with_error_line

LAST_SERVER_KEY = "files/last_server"


class ServerDialog(QDialog):
    """Host, port, database, user and password; :attr:`location` is the URL once accepted (with the password typed,
    if any: it is only used to connect)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.setObjectName("serverDialog")
        self.setWindowTitle(_("Open a database on the office server"))
        self.location: str | None = None
        intro = QLabel(_("The whole office works in one PostgreSQL database. Type what the administrator gave you; "
                         "an empty database is set up as a new case file."), self)
        intro.setWordWrap(True)

        self.host = self._line("host", _("Server"), "db.vanphong.local")
        self.port = QSpinBox(self)
        self.port.setObjectName("server_port")
        self.port.setRange(1, 65535)
        self.port.setValue(server.DEFAULT_PORT)
        self.port.setAccessibleName(_("Port"))
        self.database = self._line("database", _("Database"), "ssdesk")
        self.user = self._line("user", _("User name"), "")
        self.password = self._line("password", _("Password"), _("(if the server asks for one)"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow(_("&Server:"), self._with_error("host", self.host))
        form.addRow(_("&Port:"), self._with_error("port", self.port))
        form.addRow(_("&Database:"), self._with_error("database", self.database))
        form.addRow(_("&User name:"), self._with_error("user", self.user))
        form.addRow(_("Pass&word:"), self.password)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.connect_button = buttons.addButton(_("&Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setObjectName("serverConnect")
        self.connect_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self._fill_last()

    def _line(self, key: str, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(f"server_{key}")
        line.setAccessibleName(name)
        line.setPlaceholderText(placeholder)
        return line

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        box, self.errors[key] = with_error_line(widget, f"error_server_{key}", self)
        return box

    def _fill_last(self) -> None:
        last = settings().value(LAST_SERVER_KEY)
        if isinstance(last, str) and server.is_url(last):
            known = server.parts(last)
            self.host.setText(known["host"])
            self.port.setValue(known["port"])
            self.database.setText(known["database"])
            self.user.setText(known["user"])
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_errors(self, error: ValidationError | None) -> None:
        """Each message under its field (and the field's border red); ``None`` clears them."""
        widgets: dict[str, QWidget] = {"host": self.host, "port": self.port, "database": self.database,
                                       "user": self.user}
        first: QWidget | None = None
        for key, label in self.errors.items():
            text = " ".join(error.for_field(key)) if error is not None else ""
            widget = widgets[key]
            show_field_error(widget, label, text)
            if text and first is None:
                first = widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.adjustSize()  # a shown dialog does not grow by itself: the messages would be cut off

    def accept(self) -> None:
        """Checked by the core; a refused form stays open with everything typed kept."""
        try:
            location = server.location_from_form(self.host.text(), self.database.text(), self.user.text(),
                                                 self.port.value(), self.password.text() or None)
        except ValidationError as exc:
            self.show_errors(exc)
            return
        self.show_errors(None)
        self.location = location
        s = settings()
        s.setValue(LAST_SERVER_KEY, server.display_location(location))  # never the password
        s.sync()
        super().accept()


def open_server_database(window: Any) -> bool:
    """Ask for the server's database and open it in ``window``; False when cancelled or it could not be opened
    (the opener said why, and the current file stays open)."""
    dialog = ServerDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.location is None:
        return False
    return bool(window.open_path(dialog.location, create=True))
