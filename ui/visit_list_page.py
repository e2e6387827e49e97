"""The "Working sessions" page: a filter box above the lazy visit table, sorted and filtered by the core.

Typing in the filter box narrows the list 250 ms after the last key (no query per key stroke on a big file); the
query runs on a worker thread (:func:`ui.jobs.run_job` without a dialog), so the box takes keys while 20,000 visits
are searched, and a result that newer text superseded is dropped. Ctrl+F puts the cursor in the box while the page
is shown. A header click sorts through the core's query, and the header's context menu chooses the columns
(remembered under the list key ``visits``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from ssdesk.i18n import _, ngettext
from ssdesk.store import Store
from ui.columns import install_column_chooser
from ui.jobs import Job, run_job
from ui.paged_model import keep_view_rows
from ui.visit_table import COL_DATE, COL_PLACE, VisitTableModel

#: Milliseconds of quiet typing before the filter is applied.
FILTER_DELAY_MS = 250
COLUMNS_KEY = "visits"


class VisitListPage(QWidget):
    """Filter box + table of :class:`VisitTableModel`; ``counts_changed`` fires when what is listed changed."""

    counts_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = VisitTableModel(store, self)
        self._filter_generation = 0  # each query's number: only the newest one's result is shown
        self.filter_job: Job | None = None
        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("visitFilter")
        self.filter_box.setPlaceholderText(_("Filter by unit, delegation, place or title (Ctrl+F)"))
        self.filter_box.setAccessibleName(_("Filter working sessions"))
        self.filter_box.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_box.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_box.returnPressed.connect(self.apply_filter)

        self.table = QTableView(self)
        self.table.setObjectName("visitTable")
        self.table.setAccessibleName(_("Working sessions"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)  # compact: many visits fit on screen
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_PLACE, QHeaderView.ResizeMode.Stretch)  # the long free text takes the rest
        header.setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)  # the model sorts through the core; see VisitTableModel.sort
        header.sortIndicatorChanged.connect(self._sort_changed)
        install_column_chooser(self.table, COLUMNS_KEY)
        keep_view_rows(self.model, self.table)  # a reset after a change reads the pages up to the view, not all

        self.shortcut_find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.shortcut_find.setContext(Qt.ShortcutContext.WindowShortcut)  # a hidden page's shortcut stays idle
        self.shortcut_find.activated.connect(self.focus_filter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table)

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    def apply_filter(self) -> None:
        """Query the text now typed on a worker; the list changes (in one reset) when the rows arrive."""
        self._filter_timer.stop()
        text = self.filter_box.text().strip()
        self._filter_generation += 1
        generation = self._filter_generation
        if self.filter_job is not None:
            self.filter_job.cancel()  # its query cannot be interrupted, but its result will be dropped
            self.filter_job = None
        if text == self.model.filter_text():
            return  # already shown (a query still running for other text was just superseded)
        store, (sort, descending) = self.model.store, self.model.sort_key()

        def work(_progress: Any, _cancelled: Any) -> tuple[int, int, list[Any]]:
            return VisitTableModel.query(store, text, sort, descending)

        def done(loaded: tuple[int, int, list[Any]]) -> None:
            if generation != self._filter_generation or store is not self.model.store \
                    or (sort, descending) != self.model.sort_key():
                return  # superseded by newer typing, another file or another order
            self.filter_job = None
            self.model.show_filtered(text, loaded)
            self.counts_changed.emit()

        def failed(_exc: BaseException) -> None:
            if generation == self._filter_generation:
                self.filter_job = None

        self.filter_job = run_job(self, "", work, on_done=done, on_error=failed, dialog=False)

    def _sort_changed(self, column: int, _order: Qt.SortOrder) -> None:
        shown, descending = self.model.sort_state()
        if column != shown:  # a column the core cannot sort by: keep showing the real order
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(shown, Qt.SortOrder.DescendingOrder if descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def status_text(self) -> str:
        """"N working sessions", or "N of M working sessions" while filtered."""
        shown, total = self.model.total_count(), self.model.unfiltered_count()
        if self.model.filter_text():
            return ngettext("{n} of {total} working session", "{n} of {total} working sessions", total).format(
                n=shown, total=total)
        return ngettext("{n} working session", "{n} working sessions", total).format(n=total)
