"""The recommendation list as a lazy Qt model: the core filters and orders, Qt only holds what was scrolled to.

Two ways to load, chosen by what the filter asks, both page by page (:data:`PAGE_SIZE` rows a time):

* criteria the core's keyset query understands (one status, unit, delegation, direction, overdue) in the usual order
  are read through ``store.recommendations.rows(limit=…, after=…)`` with ``count()`` for the total — cheapest deep
  down;
* the others (programme, deadline range, several statuses, the text box) and every other order (a click on a column
  header, :meth:`RecommendationTableModel.sort`) through the saved-filter query,
  ``filters.apply(…, order=…, limit=…, offset=…)`` with ``filters.count_filter`` for the total; the text is matched
  in the search index, so neither path reads all 100,000 rows. Sorting is the core's, never Qt's: a proxy model
  would sort only the rows loaded so far.

After a change (:meth:`RecommendationTableModel.reload`) only the loaded rows of the recommendations (and sessions)
the change updated are read again (``filters.rows_by_id``) and repainted (``dataChanged``); the list is reset — read
again from the first page up to what the view shows — only when rows came or went, a row left the filter, or its
place in the order changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ssdesk.followup import filters
from ssdesk.followup.filters import DEFAULT_ORDER, Criteria, Order, SortKey
from ssdesk.i18n import N_, ngettext
from ssdesk.services.recommendations import RecommendationRow
from ssdesk.store import Change, Store
from ui.paged_model import PagedTableModel

PAGE_SIZE = 200

#: Tables whose names the rows show (and filter by): a change to one reads the list again. Changes to any other table
#: than these, ``recommendation`` and ``visit`` alter no row (a follow-up step updates its recommendation's status).
_NAME_ENTITIES = frozenset({"unit", "delegation", "programme"})
#: What each order compares besides the usual order's deadline and session (start, number): a change in one of these
#: moves the row, so the list is read again.
_SORT_FIELDS: dict[SortKey, tuple[str, ...]] = {
    SortKey.DEADLINE: (), SortKey.STATUS: ("status",), SortKey.UNIT: ("unit",), SortKey.DELEGATION: ("delegation",),
    SortKey.REF: ("ref",), SortKey.VISIT_DATE: (), SortKey.RESPONSIBLE: ("responsible",),
    SortKey.DIRECTION: ("direction",), SortKey.TEXT: ("text",), SortKey.OVERDUE: ("overdue",),
}

#: The :class:`RecommendationRow` behind any cell.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

COL_REF, COL_TEXT, COL_DIRECTION, COL_UNIT, COL_RESPONSIBLE, COL_DEADLINE, COL_STATUS, COL_OVERDUE, \
    COL_DELEGATION, COL_VISIT_DATE = range(10)
_HEADERS = (N_("No."), N_("Recommendation"), N_("Direction"), N_("Unit"), N_("Responsible"), N_("Deadline"),
            N_("Status"), N_("Overdue"), N_("Delegation"), N_("Session date"))

#: The core's sort key behind each column (every column sorts).
SORT_KEYS: dict[int, SortKey] = {
    COL_REF: SortKey.REF, COL_TEXT: SortKey.TEXT, COL_DIRECTION: SortKey.DIRECTION, COL_UNIT: SortKey.UNIT,
    COL_RESPONSIBLE: SortKey.RESPONSIBLE, COL_DEADLINE: SortKey.DEADLINE, COL_STATUS: SortKey.STATUS,
    COL_OVERDUE: SortKey.OVERDUE, COL_DELEGATION: SortKey.DELEGATION, COL_VISIT_DATE: SortKey.VISIT_DATE,
}

OVERDUE_COLOUR = QColor(190, 0, 0)

_Index = QModelIndex | QPersistentModelIndex


def _list_key(row: RecommendationRow) -> tuple[Any, ...]:
    """A row's place in the usual order (deadline, none last; session start; number, none first; id), as SQL."""
    starts, order_no = row.sort_key
    return (row.deadline is None, row.deadline or dt.date.min, starts, order_no is not None, order_no or 0, row.id)


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: the core's criteria plus the free text (searched in number, text, unit, responsible)."""

    criteria: Criteria = field(default_factory=Criteria)
    text: str = ""

    @property
    def full_criteria(self) -> Criteria:
        """The criteria with the text box in them (the core matches the text)."""
        return replace(self.criteria, text=self.text.strip() or self.criteria.text)

    @property
    def paged(self) -> bool:
        c = self.criteria
        return not self.text.strip() and not c.text and not c.programme_id and c.deadline_from is None \
            and c.deadline_to is None and len(c.statuses) <= 1


class RecommendationTableModel(PagedTableModel):
    """Read-only list of :class:`RecommendationRow`; :meth:`set_query`, :meth:`reload` after changes."""

    HEADERS = _HEADERS

    def __init__(self, store: Store, today: dt.date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self._query = ListQuery()
        self._order = DEFAULT_ORDER
        self._rows: list[RecommendationRow] = []
        self._total = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self.changes.follow(store)
        self._load(PAGE_SIZE)

    # -- loading -------------------------------------------------------------------------------------------------

    def _paged_args(self) -> dict[str, Any]:
        c = self._query.criteria
        return {"overdue": c.overdue_only, "today": self._today, "status": c.statuses[0] if c.statuses else None,
                "unit_id": c.unit_id, "delegation_id": c.delegation_id, "direction": c.direction}

    @property
    def _keyset(self) -> bool:
        """Whether the cheap keyset query can read the list (its filters, the usual order)."""
        return self._query.paged and self._order == DEFAULT_ORDER

    def _load(self, limit: int) -> None:
        if self._keyset:
            args = self._paged_args()
            self._total = self._store.recommendations.count(**args)
            self._rows = self._store.recommendations.rows(limit=limit, **args)
            return
        criteria = self._query.full_criteria
        self._total = filters.count_filter(self._store, criteria, today=self._today)
        self._rows = filters.apply(self._store, criteria, today=self._today, limit=limit, order=self._order)

    def _reset(self, limit: int = PAGE_SIZE) -> None:
        self.changes.take()  # whatever was pending is in what is read now
        self.beginResetModel()
        try:
            self._load(limit)
        finally:
            self.endResetModel()

    def set_store(self, store: Store) -> None:
        self._store = store
        self.changes.follow(store)
        self._query = ListQuery()
        self._reset()

    def set_query(self, query: ListQuery) -> None:
        """Show the rows ``query`` selects (may raise the core's errors; the list is left as it was then)."""
        old = self._query
        self._query = query
        try:
            self._reset()
        except Exception:
            self._query = old
            self._reset()
            raise

    def query(self) -> ListQuery:
        return self._query

    def order(self) -> Order:
        return self._order

    def set_order(self, order: Order) -> None:
        """Show the list in ``order``: read again from the first page (the core sorts every row, not only the loaded
        ones)."""
        if order != self._order:
            self._order = order
            self._reset()

    @staticmethod
    def column_of(order: Order) -> int:
        return next(c for c, key in SORT_KEYS.items() if key is order.key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt's header click (``setSortingEnabled``): sort by ``column`` through the core."""
        key = SORT_KEYS.get(column)
        if key is not None:
            self.set_order(Order(key, descending=order == Qt.SortOrder.DescendingOrder))

    @property
    def today(self) -> dt.date:
        return self._today

    def set_today(self, today: dt.date) -> None:
        if today != self._today:
            self._today = today
            self.changes.take()
            self._reset(self._reset_limit(PAGE_SIZE))

    def reload(self) -> None:
        """Show what changed in the file since the last reload (see the module's doc): the updated loaded rows in
        place when nothing else can have moved, else a reset of the pages up to what the view shows (views restore
        their own selection then). Without a record of what changed, read everything again."""
        change = self.changes.take()
        if change is not None and self._refresh_rows(change):
            return
        self._reset(self._reset_limit(PAGE_SIZE))

    def _refresh_rows(self, change: Change) -> bool:
        """Re-read and repaint the loaded rows ``change`` updated; ``False`` when only a reset can show it."""
        if change.entities & _NAME_ENTITIES or change.inserted.get("recommendation") \
                or change.deleted.get("recommendation") or change.deleted.get("visit"):
            return False  # rows came or went, or names shown on many rows (unit, delegation, programme) changed
        rec_ids = change.updated.get("recommendation", set())
        visit_ids = change.updated.get("visit", set())
        if not rec_ids and not visit_ids:
            return True
        affected = [i for i, r in enumerate(self._rows) if r.id in rec_ids or r.visit_id in visit_ids]
        fresh = filters.rows_by_id(self._store, self._query.full_criteria, today=self._today, ids=rec_ids,
                                   visit_ids=visit_ids)
        fields = ("deadline", "sort_key", *_SORT_FIELDS[self._order.key])
        for i in affected:
            old, new = self._rows[i], fresh.get(self._rows[i].id)
            if new is None or any(getattr(old, f) != getattr(new, f) for f in fields):
                return False  # left the filter, or moved in the order
        loaded = {self._rows[i].id for i in affected}
        arrived = [r for r in fresh.values() if r.id not in loaded]
        if arrived:
            if len(self._rows) >= self._total or self._order != DEFAULT_ORDER:
                return False  # may have joined the filter within the loaded rows: read again
            last = _list_key(self._rows[-1])
            if any(_list_key(r) < last for r in arrived):
                return False
        for i in affected:
            self._rows[i] = fresh[self._rows[i].id]
        if rec_ids - loaded and self._query != ListQuery():
            self._total = self._count()  # a row not loaded may have left (or joined) the filter
        self._rows_changed(affected)
        return True

    def _count(self) -> int:
        if self._keyset:
            return self._store.recommendations.count(**self._paged_args())
        return filters.count_filter(self._store, self._query.full_criteria, today=self._today)

    def next_page(self) -> list[RecommendationRow]:
        if self._keyset:
            after = self._rows[-1] if self._rows else None
            return self._store.recommendations.rows(limit=PAGE_SIZE, after=after, **self._paged_args())
        return filters.apply(self._store, self._query.full_criteria, today=self._today, limit=PAGE_SIZE,
                             offset=len(self._rows), order=self._order)

    # -- Qt model interface ----------------------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TEXT:
            return row.text
        if row.overdue and col in (COL_DEADLINE, COL_OVERDUE):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        return None

    def _display(self, row: RecommendationRow, col: int) -> str:
        if col == COL_REF:
            return row.ref or ""
        if col == COL_TEXT:
            return " ".join(row.text.split())
        if col == COL_DIRECTION:
            return row.direction.label
        if col == COL_UNIT:
            return row.unit
        if col == COL_RESPONSIBLE:
            return row.responsible or ""
        if col == COL_DEADLINE:
            return format_date(row.deadline)
        if col == COL_STATUS:
            return row.status.label
        if col == COL_OVERDUE:
            if not row.overdue or row.deadline is None:
                return ""
            days = (self._today - row.deadline).days
            return ngettext("{n} day late", "{n} days late", days).format(n=days)
        if col == COL_VISIT_DATE:
            return format_date(row.visit_date)
        return row.delegation
