"""Search in the GUI: a box in the main toolbar (Ctrl+K), results on the "Search" page, ranked as the core ranks.

The core folds diacritics, so "hoang mai" finds "Hoàng Mai"; a malformed query is the core's ``ValidationError``,
shown in red under the box while the previous results stay. Double-click (or Enter) on a hit opens its visit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _, ngettext
from ssdesk.search.service import SearchHit
from ui.features.search.results import (
    COL_DATE,
    COL_KIND,
    COL_SNIPPET,
    COL_TITLE,
    HIT_ROLE,
    SearchHitModel,
    SnippetDelegate,
)
from ui.icons import icon

if TYPE_CHECKING:
    from ui.main_window import MainWindow

__all__ = ["SearchFeature", "SearchHitModel", "SearchPage", "install"]

ERROR_STYLE = "color: #b00020;"


class SearchPage(QWidget):
    """The "Search" page: a one-line summary and the table of hits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPage")
        self.summary = QLabel(_("Type in the search box (Ctrl+K) and press Enter."), self)
        self.summary.setObjectName("searchSummary")
        self.summary.setWordWrap(True)
        self.model = SearchHitModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("searchResults")
        self.table.setAccessibleName(_("Search results"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setItemDelegateForColumn(COL_SNIPPET, SnippetDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_SNIPPET, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_KIND, 120)
        header.resizeSection(COL_TITLE, 330)
        header.resizeSection(COL_DATE, 90)
        header.sectionResized.connect(lambda *_args: self._fit_rows.start())
        self._fit_rows = QTimer(self, singleShot=True, interval=0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        self.model.set_hits(hits)
        self.summary.setText(ngettext("{n} result for “{query}”, best first", "{n} results for “{query}”, best first",
                                      len(hits)).format(n=len(hits), query=query) if hits
                             else _("Nothing found for “{query}”.").format(query=query))
        self.table.resizeRowsToContents()
        if hits:
            self.table.selectRow(0)
        self.table.scrollToTop()


class SearchFeature(QObject):
    """The search box, the Ctrl+K action and the results page of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("searchFeature")
        self.window = window
        self.query = ""  # the last query that ran without error

        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setAccessibleName(_("Search the case file"))
        self.box.setPlaceholderText(_("Search… (Ctrl+K)  e.g. hoang mai, status:overdue"))
        self.box.setToolTip(_("Words without diacritics are fine. Filters: unit:, delegation:, status:, due:<date, "
                              "kind:, from:, to:"))
        self.box.setClearButtonEnabled(True)
        self.box.setMinimumWidth(360)
        self.box.returnPressed.connect(self.run)
        self.box.textEdited.connect(lambda _text: self.show_error(""))
        self.error = QLabel()
        self.error.setObjectName("searchError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        holder = QWidget()
        holder.setMaximumWidth(520)
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(4, 2, 4, 2)
        holder_layout.setSpacing(1)
        holder_layout.addWidget(self.box)
        holder_layout.addWidget(self.error)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar = QToolBar(_("Search"), window)
        self.toolbar.setObjectName("searchToolBar")
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(holder)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        self.action_focus = QAction(icon("search"), _("&Search…"), window)
        self.action_focus.setShortcut(QKeySequence("Ctrl+K"))
        self.action_focus.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action_focus.triggered.connect(self.focus_box)
        window.addAction(self.action_focus)
        window.menu("view").addAction(self.action_focus)

        self.page = SearchPage()
        self.page.table.doubleClicked.connect(self.open_hit)
        self.page.table.activated.connect(self.open_hit)
        window.add_page("search", _("Search"), self.page)
        self._rerun = QTimer(self, singleShot=True, interval=150)
        self._rerun.timeout.connect(self._refresh)
        window.changed.connect(lambda _change: self._rerun.start() if self.query else None)
        window.store_replaced.connect(self._on_store_replaced)

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.box.setAccessibleDescription(text)

    def run(self, text: str | None = None) -> list[SearchHit] | None:
        """Search for ``text`` (default: the box) and show the page; ``None`` when the query was refused."""
        query = (self.box.text() if text is None else text).strip()
        if not query:
            return None
        try:
            hits = self.window.store.search.search(query)
        except SsdeskError as exc:  # a malformed query: the core names the bad token; the old results stay
            self.show_error(str(exc))
            return None
        self.show_error("")
        self.query = query
        self.page.show_hits(query, hits)
        self.window.show_page("search")
        return hits

    def _refresh(self) -> None:
        """Run the last query again after a change, keeping the page where the user is."""
        try:
            hits = self.window.store.search.search(self.query)
        except SsdeskError:
            return
        self.page.show_hits(self.query, hits)

    def open_hit(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is not None and hit.visit_id:
            self.window.open_visit(hit.visit_id)

    def _on_store_replaced(self, _store: object) -> None:
        self.query = ""
        self.show_error("")
        self.page.model.set_hits([])
        self.page.summary.setText(_("Type in the search box (Ctrl+K) and press Enter."))


def install(window: MainWindow) -> None:
    SearchFeature(window)

