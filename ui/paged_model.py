"""A table model that loads its rows from the core a page at a time (Qt's canFetchMore/fetchMore).

The lists of the app (visits, recommendations) hold only the rows the user has scrolled to, so they stay smooth with
100,000 rows; each subclass says how to read the next page (:meth:`next_page`) and how to show a row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ssdesk.i18n import _

Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(QAbstractTableModel):
    """Rows are plain objects with an ``id``; ``HEADERS`` are the (untranslated) column titles."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._total = 0

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
