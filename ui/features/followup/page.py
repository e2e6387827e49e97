"""The "Recommendations & follow-up" page: filter bar, the lazy list, and the actions on the selected rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _, ngettext
from ssdesk.services.recommendations import RecommendationRow
from ssdesk.store import Store
from ui.columns import DEFAULT_HIDDEN, install_column_chooser
from ui.features.followup.dialogs import BulkStatusDialog, FollowupDialog
from ui.features.followup.filter_bar import FilterBar
from ui.features.followup.model import (
    COL_DELEGATION,
    COL_RESPONSIBLE,
    COL_TEXT,
    COL_VISIT_DATE,
    ROW_ROLE,
    ListQuery,
    RecommendationTableModel,
)

OpenVisit = Callable[[str], object]


class RecommendationsPage(QWidget):
    """The list of requests and petitions; double-click (or Enter) opens the follow-up dialog of a row."""

    def __init__(self, store: Store, today: dt.date, open_visit: OpenVisit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followupPage")
        self._store = store
        self._open_visit = open_visit
        self.dialogs: dict[str, FollowupDialog] = {}
        self.bulk_dialog: BulkStatusDialog | None = None

        self.filters = FilterBar(store, self)
        self.filters.changed.connect(self.apply_filters)
        self.model = RecommendationTableModel(store, today, self)
        self.table = QTableView(self)
        self.table.setObjectName("recommendationTable")
        self.table.setAccessibleName(_("Recommendations"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # who is responsible, the delegation and the session date are one right-click away on the header
        DEFAULT_HIDDEN.setdefault("recommendations", {COL_RESPONSIBLE, COL_DELEGATION, COL_VISIT_DATE})
        install_column_chooser(self.table, "recommendations")
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        # A header click sorts through the core (the model's sort() reads the list again in that order): the lazy
        # list holds only the rows scrolled to, so sorting them in Qt would be wrong. The indicator starts on the
        # usual order (deadline, ascending), so enabling sorting reads nothing again.
        header.setSortIndicatorShown(True)
        header.setSortIndicator(RecommendationTableModel.column_of(self.model.order()), Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(lambda *_a: self._update_count())
        self.table.doubleClicked.connect(self.open_followup_at)
        self.table.activated.connect(self.open_followup_at)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.action_followup = QAction(_("Follow-up…"), self)
        self.action_followup.triggered.connect(lambda: self.open_followup_at(self.table.currentIndex()))
        self.action_bulk = QAction(_("Change status…"), self)
        self.action_bulk.triggered.connect(self.change_status_selected)
        self.action_visit = QAction(_("Open working session"), self)
        self.action_visit.triggered.connect(self.open_visit_selected)

        self.count_label = QLabel()
        self.count_label.setObjectName("followupCount")
        bulk = QPushButton(_("Change status…"))
        bulk.setObjectName("bulkButton")
        bulk.clicked.connect(self.change_status_selected)
        clear = QPushButton(_("Clear filters"))
        clear.setObjectName("clearFilters")
        clear.clicked.connect(self.filters.clear)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(clear)
        bottom.addWidget(bulk)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._update_count()
        self._fit_columns()

    # -- state -----------------------------------------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self.model.today

    def set_today(self, today: dt.date) -> None:
        """The day "overdue" is counted from (the app passes the computer's date; tests pass theirs)."""
        self.model.set_today(today)
        self._update_count()

    def _update_count(self) -> None:
        n, loaded = self.model.total_count(), self.model.rowCount()
        text = ngettext("{n} recommendation", "{n} recommendations", n).format(n=n)
        if loaded < n:
            text += " " + _("({loaded} loaded; scroll for more)").format(loaded=loaded)
        self.count_label.setText(text)

    def _fit_columns(self) -> None:
        """Short columns fit their contents up to 150 px; the text takes the rest (it elides, its tooltip is whole)."""
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            if col != COL_TEXT:
                self.table.setColumnWidth(col, min(self.table.columnWidth(col), 150))

    def set_store(self, store: Store) -> None:
        for dialog in list(self.dialogs.values()):
            dialog.close()
        self.dialogs.clear()
        self._store = store
        self.filters.populate(store)
        self.model.set_store(store)
        self.filters.clear()
        self._fit_columns()

    def set_query(self, query: ListQuery) -> None:
        """Show ``query`` in the filter bar and the list (used by the dashboard and the fell-due dialog)."""
        self.filters.set_query(query)

    def apply_filters(self) -> None:
        try:
            query = self.filters.query()
            self.model.set_query(query)
        except SsdeskError as exc:
            self.filters.show_error(exc)
        else:
            self.filters.show_error(None)
        self._update_count()

    def reload(self) -> None:
        """Read the list again (after a change), keeping selection and scroll position."""
        selection = self.table.selectionModel()
        selected = [r.id for i in selection.selectedRows() if (r := self.model.row_at(i.row())) is not None]
        current = self.model.row_at(self.table.currentIndex().row())
        scroll = self.table.verticalScrollBar().value()
        try:
            self.model.reload()
        except SsdeskError as exc:  # e.g. a saved filter's unit was deleted meanwhile
            self.filters.show_error(exc)
        for rec_id in selected:
            if (r := self.model.row_of(rec_id)) is not None:
                selection.select(self.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
        if current is not None and (r := self.model.row_of(current.id)) is not None:
            selection.setCurrentIndex(self.model.index(r, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.verticalScrollBar().setValue(scroll)
        self._update_count()
        for dialog in self.dialogs.values():
            try:
                dialog.refresh()
            except SsdeskError:
                dialog.close()

    def refresh_choices(self) -> None:
        self.filters.populate(self._store)

    def selected_rows(self) -> list[RecommendationRow]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [r for i in rows if (r := self.model.row_at(i)) is not None]

    # -- actions ---------------------------------------------------------------------------------------------------

    def open_followup_at(self, index: QModelIndex) -> FollowupDialog | None:
        row = index.data(ROW_ROLE) if index.isValid() else None
        return self.open_followup(row.id) if row is not None else None

    def open_followup(self, rec_id: str) -> FollowupDialog:
        """The follow-up dialog of ``rec_id`` (non-modal; opening it again raises the open one)."""
        dialog = self.dialogs.get(rec_id)
        if dialog is None:
            dialog = FollowupDialog(self._store, rec_id, self.today, self)
            dialog.finished.connect(lambda _r, rid=rec_id: self._dialog_closed(rid))
            self.dialogs[rec_id] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _dialog_closed(self, rec_id: str) -> None:
        dialog = self.dialogs.pop(rec_id, None)
        if dialog is not None:
            dialog.deleteLater()

    def change_status_selected(self) -> BulkStatusDialog | None:
        rows = self.selected_rows()
        if not rows:
            self.count_label.setText(_("Select the recommendations to change first."))
            return None
        if self.bulk_dialog is not None:
            self.bulk_dialog.close()
        self.bulk_dialog = BulkStatusDialog(self._store, [r.id for r in rows], self.today, self)
        self.bulk_dialog.show()
        return self.bulk_dialog

    def open_visit_selected(self) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        if row is not None:
            self._open_visit(row.visit_id)

    def _context_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.action_followup)
        menu.addAction(self.action_bulk)
        menu.addSeparator()
        menu.addAction(self.action_visit)
        menu.popup(self.table.viewport().mapToGlobal(pos))
