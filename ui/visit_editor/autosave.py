"""The skeleton of a window that edits one visit and saves as the user types: the visit editor and the live minutes.

Both had the same parts written twice: the conflict bar above the content, the save status in the status bar, the
change notices of the store (someone else wrote: reload, a little later, once per burst), Reload after a conflict
(what was typed goes to the clipboard first), and closing (save first; ask before losing what could not be saved).
:class:`AutosavingWindow` holds them once; a subclass supplies its content and the few answers only it knows
(:meth:`flush`, :meth:`unsaved_texts`, :meth:`discard_unsaved`, :meth:`pending_problems`, :meth:`shown_again`).

The window skips the notice of its own writes (:mod:`ui.visit_editor.echo`): its snapshot already holds them, and
reading the whole visit again after every autosave was the editor's main cost while typing.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from ssdesk.errors import ConflictError, NotFoundError
from ssdesk.i18n import _
from ssdesk.store import Change, Store
from ui.conflict_bar import ConflictBar, keep_on_clipboard, reloaded_text
from ui.forms import ERROR_STYLE, may_close_unsaved
from ui.notify import ChangeNotifier
from ui.visit_editor.session import VISIT_ENTITIES, EditSession


class AutosavingWindow(QMainWindow):
    """One visit of ``store`` in a window of its own. ``closed(visit_id)`` once it has saved and closed."""

    closed = Signal(str)

    def __init__(self, store: Store, visit_id: str, parent: QWidget | None = None, *,
                 status_name: str = "saveStatus", load: bool = True) -> None:
        super().__init__(parent)
        self.store = store
        self.visit_id = visit_id
        self.session = EditSession(store, visit_id, self, load=load)
        self._ask_on_close = True
        #: Set once the window has closed (saved): work that arrives later (a reading on a worker) is dropped.
        self.is_closed = False

        self.conflict_bar = ConflictBar(self)
        self.conflict_bar.reload_requested.connect(self.reload_after_conflict)
        self.status = QLabel(self)
        self.status.setObjectName(status_name)
        self.statusBar().addPermanentWidget(self.status, 1)

        self.session.saved.connect(self._saved)
        self.session.failed.connect(self._refused)
        self.session.conflicted.connect(self._conflict)
        self._notifier = ChangeNotifier(store, self)
        self._notifier.changed.connect(self._on_change)
        # many notices in a row (an import, a merge) cost one reload: the timer fires once the burst is handled
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self._reload)

    def set_content(self, widget: QWidget) -> None:
        """The window's own content, under the conflict bar. Called once the subclass made its forms: the frame is
        made after them so that it is torn down after them too (a form's field filter must never see its field
        half-destroyed)."""
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.conflict_bar)
        layout.addWidget(widget, 1)
        self.setCentralWidget(central)

    # -- what a subclass answers ---------------------------------------------------------------------------------

    def flush(self) -> bool:
        """Save everything typed and not yet saved; ``True`` when nothing is left unsaved."""
        return True

    def unsaved_texts(self) -> list[str]:
        """What was typed and is not stored, as lines for the clipboard before a Reload."""
        return []

    def discard_unsaved(self) -> None:
        """Forget the refused and pending input (its text is on the clipboard): a Reload shows the stored one."""

    def pending_problems(self) -> list[str]:
        """Why what is left could not be saved, for the question on closing."""
        return []

    def shown_again(self) -> None:
        """After a Reload following a conflict: put the stored version where the user was typing."""

    def visit_gone(self) -> None:
        """The visit was deleted elsewhere: nothing left to edit."""
        self.close_now()

    # -- status ----------------------------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("")

    def _saved(self, when: dt.datetime) -> None:
        self.say(_("Saved at {time}").format(time=when.strftime("%H:%M")))

    def _refused(self, message: str) -> None:
        self.status.setText(_("Not saved: {reason}").format(reason=message))
        self.status.setStyleSheet(ERROR_STYLE)

    def _conflict(self, exc: ConflictError) -> None:
        """Someone else changed (or deleted) what was being saved: say so in the bar, which offers Reload; the typed
        text stays where it is meanwhile."""
        self._refused(str(exc))
        self.conflict_bar.show_conflict(exc)

    # -- other people's changes ------------------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.entities & VISIT_ENTITIES and not self.session.own_writes.is_echo(change):
            self._reload_timer.start()

    def _reload(self) -> None:
        try:
            self.session.load()
        except NotFoundError:
            self.visit_gone()

    def reload_after_conflict(self) -> None:
        """Show the stored version (someone else's); what was typed goes to the clipboard first."""
        kept = keep_on_clipboard(self.unsaved_texts())
        self.discard_unsaved()
        self.conflict_bar.hide()
        try:
            self.session.load(force=True)
        except NotFoundError:
            self.visit_gone()
            return
        self.shown_again()
        self.say(reloaded_text(kept))

    # -- closing ---------------------------------------------------------------------------------------------------

    def close_now(self) -> None:
        """Save what can be saved and close without asking (the visit is gone, or the file is being replaced)."""
        self._ask_on_close = False
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.flush() and self._ask_on_close and not may_close_unsaved(self, self.pending_problems()):
            event.ignore()
            return
        self._reload_timer.stop()
        self._notifier.detach()
        self.session.own_writes.detach()
        self.is_closed = True
        self.closed.emit(self.visit_id)
        super().closeEvent(event)
