"""The bar an editor shows when its save was refused because someone else changed the record meanwhile.

The core refuses such a save with :class:`~ssdesk.errors.ConflictError` (who changed it, when, which fields); the bar
says so without blocking the window and offers *Reload*: the editor then copies what the user had typed to the
clipboard (and says so) before it shows the other person's version, so no typed text is ever lost silently.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ssdesk.i18n import _

STYLE = "QFrame#conflictBar { background: #fff4ce; border: 1px solid #c8a400; border-radius: 3px; }"


class ConflictBar(QFrame):
    """Hidden until :meth:`show_conflict`; ``reload_requested`` when the user clicks Reload."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictBar")
        self.setStyleSheet(STYLE)
        self.message = QLabel(self)
        self.message.setObjectName("conflictMessage")
        self.message.setWordWrap(True)
        self.reload_button = QPushButton(_("Reload"), self)
        self.reload_button.setObjectName("conflictReload")
        self.reload_button.setToolTip(_("Show the version saved by the other person; what you typed is copied to "
                                        "the clipboard first"))
        self.dismiss_button = QPushButton(_("Dismiss"), self)
        self.dismiss_button.setObjectName("conflictDismiss")
        self.reload_button.clicked.connect(self.reload_requested)
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.reload_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def show_conflict(self, exc: Exception) -> None:
        self.message.setText(str(exc) + "\n" + _("What you typed is kept in the field. Reload shows the other "
                                                 "version and copies your text to the clipboard."))
        self.setAccessibleDescription(self.message.text())
        self.show()


def keep_on_clipboard(lines: list[str]) -> str:
    """Put the user's unsaved text on the clipboard; the text put there ("" when there was nothing)."""
    text = "\n".join(line for line in lines if line.strip())
    if text:
        QGuiApplication.clipboard().setText(text)
    return text


def reloaded_text(kept: str) -> str:
    """What an editor says after Reload, ``kept`` being what :func:`keep_on_clipboard` put there."""
    if kept:
        return _("Reloaded: the other change is shown. What you had typed is on the clipboard; paste it where it "
                 "belongs.")
    return _("Reloaded: the other change is shown.")
