"""Print-ready documents in the GUI: the minutes / conclusion notice dialog (preview, print, save, issue) and the
follow-up report.

Opened from the File menu for the visit selected in the list, and by Ctrl+P in a visit editor. One dialog per visit
and kind: asking again raises the open one. Dialogs follow the case file: a change re-renders their draft, and
replacing the file closes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ui.icons import icon
from ui.lazy import lazy_names
from ui.visit_table import ROW_ROLE

if TYPE_CHECKING:
    from ui.features.documents.dialog import DocumentDialog
    from ui.features.documents.followup import FollowupReportDialog
    from ui.main_window import MainWindow

__all__ = ["DocumentDialog", "DocumentsFeature", "FollowupReportDialog", "install"]
#: The dialogs, and ReportLab, Qt PDF and printing behind them, are imported when first opened: not at start-up.
_LAZY = {"DocumentDialog": "ui.features.documents.dialog", "FollowupReportDialog": "ui.features.documents.followup"}


__getattr__ = lazy_names(__name__, _LAZY)


class DocumentsFeature(QObject):
    """Owns the open document dialogs of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("documentsFeature")
        self.window = window
        self.dialogs: dict[tuple[str, str], DocumentDialog] = {}
        self.followup: FollowupReportDialog | None = None

        self.action_minutes = QAction(icon("print"), _("&Minutes…"), window)
        self.action_minutes.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.action_minutes.setStatusTip(_("Preview, print, save or issue the minutes of the selected session"))
        self.action_minutes.triggered.connect(lambda: self.open_for_selection("minutes"))
        self.action_conclusion = QAction(_("Conclusion no&tice…"), window)
        self.action_conclusion.setShortcut(QKeySequence("Ctrl+Shift+P"))  # beside the minutes' Ctrl+P
        self.action_conclusion.setStatusTip(_("Preview, print, save or issue the conclusion notice of the selected "
                                              "session"))
        self.action_conclusion.triggered.connect(lambda: self.open_for_selection("conclusion"))
        self.action_followup = QAction(icon("export-pdf"), _("&Follow-up report…"), window)
        self.action_followup.setStatusTip(_("Make the report on how the recommendations are followed up"))
        self.action_followup.triggered.connect(self.open_followup)

        file_menu = window.menu("file")
        quit_action = getattr(window, "action_quit", None)
        before = quit_action if quit_action in file_menu.actions() else None
        file_menu.insertAction(before, self.action_minutes)  # type: ignore[arg-type]  # None appends; the stub wants a QAction
        file_menu.insertAction(before, self.action_conclusion)  # type: ignore[arg-type]  # None appends; the stub wants a QAction
        if before is not None:
            file_menu.insertSeparator(before)
        tools = window.menu("tools")
        tools.addAction(self.action_followup)

        window.editor_opened.connect(self._editor_opened)
        window.changed.connect(self._on_change)
        window.store_replaced.connect(self._on_store_replaced)

    # -- opening -------------------------------------------------------------------------------------------------

    def selected_visit(self) -> str | None:
        table = self.window.table
        index = table.currentIndex()
        if not index.isValid() or not table.selectionModel().isSelected(index):
            rows = table.selectionModel().selectedRows()
            index = rows[0] if rows else index
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.id if row is not None else None

    def open_for_selection(self, kind: str) -> DocumentDialog | None:
        visit_id = self.selected_visit()
        if visit_id is None:
            QMessageBox.information(self.window, _("Documents"), _("Select a working session in the list first."))
            return None
        return self.open_document(visit_id, kind)

    def open_document(self, visit_id: str, kind: str) -> DocumentDialog | None:
        """Show the ``kind`` dialog of ``visit_id`` (the open one if there is one)."""
        dialog = self.dialogs.get((visit_id, kind))
        if dialog is None:
            from ui.features.documents.dialog import DocumentDialog
            from ui.features.documents.output import show_error

            try:
                dialog = DocumentDialog(self.window.store, visit_id, kind, self.window)
            except SsdeskError as exc:
                show_error(self.window, _("Documents"), exc)
                return None
            self.dialogs[(visit_id, kind)] = dialog
            dialog.finished.connect(lambda _result, key=(visit_id, kind): self._closed(key))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def open_followup(self) -> FollowupReportDialog:
        if self.followup is None:
            from ui.features.documents.followup import FollowupReportDialog

            self.followup = FollowupReportDialog(self.window.store, self.window)
            self.followup.finished.connect(self._followup_closed)
        self.followup.show()
        self.followup.raise_()
        return self.followup

    # -- following the window ------------------------------------------------------------------------------------

    def _editor_opened(self, editor: object) -> None:
        editor.print_requested.connect(lambda visit_id: self.open_document(visit_id, "minutes"))  # type: ignore

    def _closed(self, key: tuple[str, str]) -> None:
        dialog = self.dialogs.pop(key, None)
        if dialog is not None:
            dialog.deleteLater()

    def _followup_closed(self) -> None:
        if self.followup is not None:
            self.followup.deleteLater()
            self.followup = None

    def _on_change(self, _change: object) -> None:
        for dialog in self.dialogs.values():
            dialog.schedule_refresh()

    def _on_store_replaced(self, _store: object) -> None:
        for dialog in list(self.dialogs.values()):
            dialog.close()
        if self.followup is not None:
            self.followup.close()


def install(window: MainWindow) -> None:
    DocumentsFeature(window)
