"""The visit list as a Qt model over the core's paged query: SQL orders, Qt only shows what is scrolled to.

A delegation's file can hold many thousands of visits, so rows are loaded in pages of :data:`PAGE_SIZE` through
``canFetchMore``/``fetchMore`` (the view asks for more as the user scrolls) instead of one big list.

After a change (:meth:`VisitTableModel.reload`: the visit editor's autosave) only the loaded rows of the updated
visits are read again (``visits.rows_by_id``) and repainted; the list is reset — from the first page up to what the
view shows — only when visits or recommendations came or went, names shown on many rows changed, or an updated row
left the filter or moved in the order.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ssdesk.enums import Classification
from ssdesk.i18n import N_, _
from ssdesk.services.visits import VisitRow
from ssdesk.store import Change, Store
from ui.paged_model import PagedTableModel

PAGE_SIZE = 200

#: Returns the :class:`VisitRow` behind any cell of a row, for views that open or act on the visit.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

COL_DATE, COL_DELEGATION, COL_UNIT, COL_PROGRAMME, COL_PLACE, COL_STATE, COL_CLASSIFICATION, COL_RECOMMENDATIONS = (
    range(8))
#: The kind of session (supervision, review meeting…): last, so that the columns a user hid earlier keep their number.
COL_KIND = 8
#: The core's sort key of each column (:data:`ssdesk.services.visits.SORT_KEYS`); a column not here is not sortable.
SORT_KEYS = {COL_DATE: "date", COL_DELEGATION: "delegation", COL_UNIT: "unit", COL_PROGRAMME: "programme",
             COL_PLACE: "place", COL_STATE: "state", COL_CLASSIFICATION: "classification", COL_KIND: "kind"}
#: The :class:`VisitRow` field each sort key orders by (a change in it moves the row).
_SORT_FIELDS = {"starts_at": "starts_at", "date": "starts_at", "delegation": "delegation", "unit": "unit",
                "programme": "programme", "place": "place", "state": "state", "classification": "classification",
                "kind": "kind"}
_HEADERS = (N_("Date"), N_("Delegation"), N_("Unit"), N_("Programme"), N_("Place"), N_("State"),
            N_("Classification"), N_("Recommendations"), N_("Kind of session"))

#: Classified rows are drawn in this colour so nobody prints or forwards one by mistake.
SECRET_COLOUR = QColor(170, 0, 0)

_Index = QModelIndex | QPersistentModelIndex


def format_datetime(value: Any) -> str:
    """dd/mm/yyyy hh:mm, the way Vietnamese administrative documents write a date and time."""
    return value.strftime("%d/%m/%Y %H:%M") if value is not None else ""


class VisitTableModel(PagedTableModel):
    """Read-only table of :class:`VisitRow`, newest first. Call :meth:`reload` after the store changed.

    Sorting (:meth:`sort`, what a sorting view calls on a header click) and the filter (:meth:`set_filter`) are done
    by the core's query, so they stay cheap on a file of 100,000 visits: only the loaded pages are ever held."""

    HEADERS = _HEADERS

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows: list[VisitRow] = []
        self._total = 0
        self._all = 0
        self._text = ""
        self._sort = "date"
        self._descending = True
        self._bold = QFont()
        self._bold.setBold(True)
        self.changes.follow(store)
        self._load(PAGE_SIZE)

    # -- loading -------------------------------------------------------------------------------------------------

    def _page(self, limit: int, offset: int, after: VisitRow | None = None) -> list[VisitRow]:
        return self._store.visits.rows(limit=limit, offset=offset, after=after, text=self._text or None,
                                       sort=self._sort, descending=self._descending)

    def _load(self, limit: int) -> None:
        self._all, self._total, self._rows = self.query(self._store, self._text, self._sort, self._descending, limit)

    @staticmethod
    def query(store: Store, text: str, sort: str, descending: bool,
              limit: int = PAGE_SIZE) -> tuple[int, int, list[VisitRow]]:
        """(all visits, visits ``text`` selects, the first ``limit`` of them): what a reset shows. Plain core calls,
        no Qt, so the filter box can run it on a worker thread and hand the result to :meth:`show_filtered`."""
        everything = store.visits.count()
        total = store.visits.count(text=text) if text else everything
        return everything, total, store.visits.rows(limit=limit, text=text or None, sort=sort, descending=descending)

    def _reset(self) -> None:
        self.changes.take()  # whatever was pending is in what is read now
        self.beginResetModel()
        try:
            self._load(PAGE_SIZE)
        finally:
            self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show only the visits whose unit, delegation, place or title hold every word of ``text`` (no diacritics
        needed); an empty text shows all."""
        text = text.strip()
        if text != self._text:
            self._text = text
            self._reset()

    def filter_text(self) -> str:
        return self._text

    def sort_key(self) -> tuple[str, bool]:
        """The core's sort key and direction shown now (what :meth:`query` needs)."""
        return self._sort, self._descending

    @property
    def store(self) -> Store:
        return self._store

    def show_filtered(self, text: str, loaded: tuple[int, int, list[VisitRow]]) -> None:
        """Show what :meth:`query` found for ``text`` (read elsewhere, e.g. on a worker) in one reset."""
        self.changes.take()
        self.beginResetModel()
        try:
            self._text = text.strip()
            self._all, self._total, self._rows = loaded
        finally:
            self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self._sort, self._descending):
            return
        self._sort, self._descending = key, descending
        self._reset()

    def sort_state(self) -> tuple[int, bool]:
        """(column, descending) of the order shown."""
        return next(c for c, k in SORT_KEYS.items() if k == self._sort), self._descending

    def set_store(self, store: Store) -> None:
        """Show another case file's visits (the window switched files)."""
        self._store = store
        self.changes.follow(store)
        self._reset()

    def reload(self) -> None:
        """Show what changed in the file since the last reload: the updated loaded visits in place when nothing else
        can have moved (no reset: selection and scroll stay), else load again whole pages up to what the view shows
        (at most what was loaded), so a change does not throw the user back to the top.

        Views must restore their own selection after a reset (see :meth:`row_of`)."""
        change = self.changes.take()
        if change is not None and self._refresh_rows(change):
            return
        limit = self._reset_limit(PAGE_SIZE)
        self.beginResetModel()
        try:
            self._load(limit)
        finally:
            self.endResetModel()

    def _refresh_rows(self, change: Change) -> bool:
        """Re-read and repaint the loaded rows of the visits ``change`` updated; ``False`` when only a reset can
        show it."""
        for entity in ("visit", "recommendation"):
            if change.inserted.get(entity) or change.deleted.get(entity):
                return False  # rows came or went, or a visit's number of recommendations changed
        if any(change.inserted.get(e) or change.updated.get(e) or change.deleted.get(e)
               for e in ("unit", "delegation", "programme")):
            return False  # names shown on many rows
        ids = change.updated.get("visit", set())
        if not ids:
            return True  # e.g. a recommendation's status: nothing a visit row shows
        affected = [i for i, r in enumerate(self._rows) if r.id in ids]
        fresh = self._store.visits.rows_by_id(ids, text=self._text or None)
        field = _SORT_FIELDS[self._sort]
        for i in affected:
            old, new = self._rows[i], fresh.get(self._rows[i].id)
            if new is None or getattr(old, field) != getattr(new, field) or old.starts_at != new.starts_at:
                return False  # left the filter, or moved in the order (ties are ordered by date)
        loaded = {self._rows[i].id for i in affected}
        arrived = [r for r in fresh.values() if r.id not in loaded]
        if arrived:
            if len(self._rows) >= self._total or (self._sort, self._descending) != ("date", True):
                return False  # may have joined the filter within the loaded rows
            last = self._rows[-1]
            if any(r.starts_at > last.starts_at or (r.starts_at == last.starts_at and r.id < last.id)
                   for r in arrived):
                return False
        for i in affected:
            self._rows[i] = fresh[self._rows[i].id]
        if self._text and ids - loaded:
            self._total = self._store.visits.count(text=self._text)  # one not loaded may have left the filter
        self._rows_changed(affected)
        return True

    def unfiltered_count(self) -> int:
        """All visits in the file."""
        return self._all

    def next_page(self) -> list[VisitRow]:
        # Keyset paging ("after the last loaded row") in the default order: an OFFSET makes SQLite walk and drop every
        # row before the page (1.6 s for the last page of 20,000 visits, 30 ms by keyset: docs/benchmark-gui.md).
        if self._rows and self._sort == "date" and self._descending:
            return self._page(PAGE_SIZE, 0, after=self._rows[-1])
        return self._page(PAGE_SIZE, len(self._rows))

    # -- Qt model interface ----------------------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        col = index.column()
        secret = row.classification == Classification.SECRET
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and secret:
            return QBrush(SECRET_COLOUR)
        if role == Qt.ItemDataRole.FontRole and secret and col == COL_CLASSIFICATION:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_RECOMMENDATIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and secret:
            return _("Classified: handle and print according to the rules for secret documents.")
        return None

    @staticmethod
    def _display(row: VisitRow, col: int) -> str | int:
        if col == COL_DATE:
            return format_datetime(row.starts_at)
        if col == COL_DELEGATION:
            return row.delegation
        if col == COL_UNIT:
            return row.unit
        if col == COL_PROGRAMME:
            return row.programme or ""
        if col == COL_PLACE:
            return row.place or ""
        if col == COL_STATE:
            return row.state.label
        if col == COL_KIND:
            return row.kind.label
        if col == COL_CLASSIFICATION:
            # A secret stamp is written in capitals ("MẬT"); normal rows stay quiet.
            return row.classification.label.upper() if row.classification == Classification.SECRET \
                else row.classification.label
        return row.recommendations
