"""Search in the GUI: a box in the main toolbar (Ctrl+K), results on the "Search" page, ranked as the core ranks.

The core folds diacritics, so "hoang mai" finds "Hoàng Mai"; a malformed query is the core's ``ValidationError``,
shown in red under the box while the previous results stay. Double-click (or Enter) on a hit opens its visit.

The query runs on a worker (:func:`ui.jobs.run_job` without a dialog; 25–320 ms at 100,000 recommendations), as the
visit list's filter does: the box keeps taking keys, and a result that a newer query (or another file) overtook is
dropped. Rows have a fixed height of :data:`SNIPPET_LINES` lines (a snippet is ~160 characters) instead of a layout
of every snippet per result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
from ssdesk.search.hits import SearchHit
from ui.features.search.results import (
    COL_DATE,
    COL_KIND,
    COL_SNIPPET,
    COL_TITLE,
    HIT_ROLE,
    SearchHitModel,
    SnippetDelegate,
)
from ui.forms import ERROR_STYLE
from ui.icons import icon
from ui.jobs import Job, run_job
from ui.visit_editor.navigate import show_record

if TYPE_CHECKING:
    from ui.main_window import MainWindow

__all__ = ["SearchFeature", "SearchHitModel", "SearchPage", "install"]

#: Lines of text each result row shows (the snippet wraps; the tooltip has all of it).
SNIPPET_LINES = 3


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
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        # A fixed height, not resizeRowsToContents: that lays out every snippet as rich text (40-90 ms per result).
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(SNIPPET_LINES * self.table.fontMetrics().lineSpacing() + 10)
        self.table.setItemDelegateForColumn(COL_SNIPPET, SnippetDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_SNIPPET, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_KIND, 120)
        header.resizeSection(COL_TITLE, 330)
        header.resizeSection(COL_DATE, 90)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_hits(self, query: str, hits: Sequence[SearchHit]) -> None:
        self.model.set_hits(hits)
        self.summary.setText(ngettext("{n} result for “{query}”, best first", "{n} results for “{query}”, best first",
                                      len(hits)).format(n=len(hits), query=query) if hits
                             else _("Nothing found for “{query}”.").format(query=query))
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
        self._generation = 0  # each search's number: only the newest one's result is shown
        self.search_job: Job | None = None

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

    def run(self, text: str | None = None) -> Job | None:
        """Search for ``text`` (default: the box) on a worker, then show the page with the hits; ``None`` when there
        is nothing to search. A malformed query shows the core's message under the box (the old results stay)."""
        query = (self.box.text() if text is None else text).strip()
        if not query:
            return None
        return self._search(query, show_page=True)

    def _refresh(self) -> None:
        """Run the last query again after a change, keeping the page where the user is."""
        if self.query:
            self._search(self.query, show_page=False, quiet=True)

    def is_busy(self) -> bool:
        """Whether a search is still running."""
        return self.search_job is not None

    def _search(self, query: str, *, show_page: bool, quiet: bool = False) -> Job:
        self._generation += 1
        generation, store = self._generation, self.window.store
        if self.search_job is not None:
            self.search_job.cancel()  # its query cannot be interrupted, but its result will be dropped

        def work(_progress: Any, _cancelled: Any) -> Sequence[SearchHit]:
            return store.search.search(query)

        def current() -> bool:
            return generation == self._generation and store is self.window.store

        def done(hits: Sequence[SearchHit]) -> None:
            if not current():
                return  # overtaken by a newer query or another file
            self.search_job = None
            self.show_error("")
            self.query = query
            self.page.show_hits(query, hits)
            if show_page:
                self.window.show_page("search")

        def failed(exc: BaseException) -> None:
            if not current():
                return
            self.search_job = None
            if isinstance(exc, SsdeskError) and not quiet:  # a malformed query: the core names the bad token
                self.show_error(str(exc))

        job = run_job(self.window, "", work, on_done=done, on_error=failed, dialog=False)
        if job.result is None and job.error is None:  # still running (tests may run jobs at once)
            self.search_job = job
        return job

    def open_hit(self, index: QModelIndex) -> None:
        """Open the hit's visit on the tab that holds it, with its row selected (a follow-up step or evidence: its
        request or petition)."""
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is not None and hit.visit_id:
            editor = self.window.open_visit(hit.visit_id)
            entity, ident = hit.entity, hit.id
            if entity in ("follow_up", "attachment") and hit.rec_id:
                entity, ident = "recommendation", hit.rec_id
            editor.when_loaded(lambda: show_record(editor, entity, ident))  # read on a worker first

    def _on_store_replaced(self, _store: object) -> None:
        self._generation += 1  # a search still running on the old file is dropped
        self.search_job = None
        self.query = ""
        self.show_error("")
        self.page.model.set_hits([])
        self.page.summary.setText(_("Type in the search box (Ctrl+K) and press Enter."))


def install(window: MainWindow) -> None:
    SearchFeature(window)

