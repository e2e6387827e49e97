"""A table model that loads its rows from the core a page at a time (Qt's canFetchMore/fetchMore).

The lists of the app (visits, recommendations) hold only the rows the user has scrolled to, so they stay smooth with
100,000 rows; each subclass says how to read the next page (:meth:`next_page`) and how to show a row.

A change to the file must not read every loaded row again (100,000 rows: 2.5–8.5 s on the GUI thread). Each model
keeps a :class:`ChangeLog` of what was written since its last reload (the store's own notices, with the ids), so its
``reload()`` can re-read only the loaded rows whose ids were updated and reset only when rows may have come or gone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

from ssdesk.i18n import _
from ssdesk.store import Change, Store

Index = QModelIndex | QPersistentModelIndex


#: More ids than this pending in a :class:`ChangeLog`: a reload reads everything again (cheaper than row by row).
MAX_PENDING_IDS = 2000


class ChangeLog:
    """What one store wrote since the last :meth:`take`, entity → ids, merged over many transactions.

    A plain store listener (no Qt object: the store may call it on a worker thread, even after the model is gone);
    the store calls it when the transaction commits, so it has heard of a change before the window's queued notice
    makes the model reload. Past :data:`MAX_PENDING_IDS` ids it only remembers that much changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._pending = Change()
        self._overflow = False

    def follow(self, store: Store) -> None:
        """Listen to ``store`` instead of the store followed so far; forgets what was pending."""
        if self._store is not None:
            self._store.unsubscribe(self.record)
        self._store = store
        store.subscribe(self.record)
        self.take()

    def record(self, change: Change) -> None:
        with self._lock:
            if self._overflow:
                return
            size = 0
            for mine, theirs in ((self._pending.inserted, change.inserted), (self._pending.updated, change.updated),
                                 (self._pending.deleted, change.deleted)):
                for entity, ids in theirs.items():
                    mine.setdefault(entity, set()).update(ids)
            for part in (self._pending.inserted, self._pending.updated, self._pending.deleted):
                size += sum(len(ids) for ids in part.values())
            if size > MAX_PENDING_IDS:
                self._overflow = True
                self._pending = Change()

    def take(self) -> Change | None:
        """What changed since the last call (``None``: too much to say, read everything again)."""
        with self._lock:
            change, overflow = self._pending, self._overflow
            self._pending, self._overflow = Change(), False
        return None if overflow else change


class PagedTableModel(QAbstractTableModel):
    """Rows are plain objects with an ``id``; ``HEADERS`` are the (untranslated) column titles."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._total = 0
        self.changes = ChangeLog()
        #: Set by a view: how many rows it needs loaded to keep its scroll position (a reset reads no further);
        #: ``None``: as many as were loaded.
        self.rows_needed: Callable[[], int] | None = None

    def next_page(self) -> list[Any]:
        """The rows that follow the loaded ones (one page); empty when there are none."""
        raise NotImplementedError

    def total_count(self) -> int:
        """Rows the current filter selects, loaded or not (what the status bar shows, not :meth:`rowCount`)."""
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's own default
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = self.next_page()
        if not page:  # rows were deleted since the count: stop asking
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
        self._total = max(self._total, len(self._rows))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return super().headerData(section, orientation, role)

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, ident: str) -> int | None:
        """The row showing ``ident`` among the loaded rows, if loaded."""
        return next((i for i, r in enumerate(self._rows) if r.id == ident), None)

    def _reset_limit(self, page_size: int) -> int:
        """How many rows a reset reads again: whole pages up to what the view shows, at most what was loaded."""
        loaded = len(self._rows)
        if self.rows_needed is not None:
            loaded = min(loaded, max(0, self.rows_needed()))
        return max(1, -(-loaded // page_size)) * page_size

    def _rows_changed(self, rows: list[int]) -> None:
        """``dataChanged`` for each run of consecutive ``rows`` (sorted), all columns."""
        last = self.columnCount() - 1
        start: int | None = None
        prev = 0
        for r in sorted(rows):
            if start is not None and r != prev + 1:
                self.dataChanged.emit(self.index(start, 0), self.index(prev, last))
                start = None
            if start is None:
                start = r
            prev = r
        if start is not None:
            self.dataChanged.emit(self.index(start, 0), self.index(prev, last))


def keep_view_rows(model: PagedTableModel, view: QAbstractItemView) -> None:
    """Make a reset of ``model`` read again only the pages up to the last row ``view`` shows (not every page the
    user once scrolled through), which is enough to keep its scroll position and its current row."""

    def needed() -> int:
        bottom = view.indexAt(view.viewport().rect().bottomLeft()).row()
        if bottom < 0:  # the rows end above the bottom of the view (or it is not laid out): keep them all
            return model.rowCount()
        return max(bottom, view.currentIndex().row()) + 1

    model.rows_needed = needed
