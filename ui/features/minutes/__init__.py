"""From text to minutes, in the GUI: the live minutes of a session, and a visit drafted from a text and reviewed.

*Live minutes* (Ctrl+L, from the visit editor or for the session selected in the list) is typed during the session:
the speaker by Alt+digit or by name, the statement, figures sent to the indicator table. *Draft from text* (File
menu) drafts a visit from pasted notes or a .txt/.docx file, shows every item beside its source for the secretary to
keep, drop or correct, and creates the visit only when she says so. One live window per visit (asking again raises
it); the windows save and close before the case file is closed or replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ui.lazy import lazy_names
from ui.visit_table import ROW_ROLE

if TYPE_CHECKING:
    from ui.features.minutes.live import LiveMinutesWindow
    from ui.features.minutes.review import DraftReviewDialog
    from ui.main_window import MainWindow

__all__ = ["DraftReviewDialog", "LiveMinutesWindow", "MinutesFeature", "install"]
#: The windows, and the drafting engine behind them, are imported when first opened: not at start-up.
_LAZY = {"LiveMinutesWindow": "ui.features.minutes.live", "DraftReviewDialog": "ui.features.minutes.review"}


__getattr__ = lazy_names(__name__, _LAZY)


class MinutesFeature(QObject):
    """Owns the live minutes windows and the draft review dialog of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("minutesFeature")
        self.window = window
        self.live: dict[str, LiveMinutesWindow] = {}
        self.review: DraftReviewDialog | None = None

        self.action_live = QAction(_("&Live minutes of the selected session…"), window)
        self.action_live.setObjectName("actionLiveMinutes")
        self.action_live.setShortcut(QKeySequence("Ctrl+L"))
        self.action_live.setStatusTip(_("Type who says what during the session, speaker by speaker"))
        self.action_live.triggered.connect(self.open_for_selection)
        self.action_draft = QAction(_("&Draft a session from text…"), window)
        self.action_draft.setObjectName("actionDraftFromText")
        self.action_draft.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.action_draft.setStatusTip(_("Draft a working session from notes or a report, review it, then create it"))
        self.action_draft.triggered.connect(self.open_review)
        menu = window.menu("file")
        import_action = getattr(window, "action_import_visit", None)
        actions = menu.actions()
        before = actions[actions.index(import_action) + 1] if import_action in actions and \
            actions.index(import_action) + 1 < len(actions) else None
        menu.insertAction(before, self.action_draft)  # type: ignore[arg-type]  # None appends; the stub wants a QAction
        menu.insertAction(before, self.action_live)  # type: ignore[arg-type]  # None appends; the stub wants a QAction

        window.editor_opened.connect(self._editor_opened)
        window.store_replaced.connect(self._store_replaced)
        window.installEventFilter(self)

    # -- live minutes --------------------------------------------------------------------------------------------

    def selected_visit(self) -> str | None:
        table = self.window.table
        index = table.currentIndex()
        if not index.isValid() or not table.selectionModel().isSelected(index):
            rows = table.selectionModel().selectedRows()
            index = rows[0] if rows else index
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.id if row is not None else None

    def open_for_selection(self) -> LiveMinutesWindow | None:
        visit_id = self.selected_visit()
        if visit_id is None:
            QMessageBox.information(self.window, _("Live minutes"), _("Select a working session in the list first."))
            return None
        return self.open_live(visit_id)

    def open_live(self, visit_id: str) -> LiveMinutesWindow | None:
        """Show the live minutes of ``visit_id`` (the open window if there is one)."""
        live = self.live.get(visit_id)
        if live is None:
            from ui.features.minutes.live import LiveMinutesWindow

            try:
                live = LiveMinutesWindow(self.window.store, visit_id, self.window)
            except SsdeskError as exc:
                QMessageBox.warning(self.window, _("Live minutes"), str(exc))
                return None
            live.closed.connect(self._live_closed)
            self.live[visit_id] = live
        live.show()
        live.raise_()
        live.activateWindow()
        return live

    def _live_closed(self, visit_id: str) -> None:
        live = self.live.pop(visit_id, None)
        if live is not None:
            live.deleteLater()

    def close_all(self) -> bool:
        """Close every live window (each saves first); ``False`` when one stays open."""
        for live in list(self.live.values()):
            if not live.close():
                return False
        return True

    # -- draft from text -----------------------------------------------------------------------------------------

    def open_review(self) -> DraftReviewDialog:
        if self.review is None:
            from ui.features.minutes.review import DraftReviewDialog

            self.review = DraftReviewDialog(self.window.store, self.window)
            self.review.created.connect(self._created)
            self.review.finished.connect(self._review_closed)
        self.review.show()
        self.review.raise_()
        self.review.activateWindow()
        return self.review

    def _review_closed(self) -> None:
        if self.review is not None:
            self.review.deleteLater()
            self.review = None

    def _created(self, visit_id: str) -> None:
        """The reviewed draft is now a visit: the list shows it selected, and its editor opens."""
        self.window.reload()
        if (row := self.window.model.row_of(visit_id)) is not None:
            self.window.table.selectRow(row)
        self.window.open_visit(visit_id)

    # -- following the window ------------------------------------------------------------------------------------

    def _editor_opened(self, editor: object) -> None:
        signal = getattr(editor, "live_minutes_requested", None)
        if signal is not None:
            signal.connect(self.open_live)

    def _store_replaced(self, store: object) -> None:
        # the old store is closed only after this notice: the windows still save into it as they close
        for live in list(self.live.values()):
            live.close_now()
        if self.review is not None:
            self.review.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The main window is closing: the live windows save first (and may keep it open).

        The attribute is read with getattr: while PySide tears the feature down its Python attributes can be gone
        before Qt stops sending it the window's events, and an exception raised there aborted the whole process
        ("pure virtual method called", seen once in a full test run)."""
        if event.type() != QEvent.Type.Close:
            return False
        window = getattr(self, "window", None)
        if window is not None and watched is window and not self.close_all():
            event.ignore()
            return True
        return False


def install(window: MainWindow) -> MinutesFeature:
    return MinutesFeature(window)
