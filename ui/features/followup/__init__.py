"""Recommendation follow-up in the GUI: the list with its follow-up dialogs, the dashboard, the "fell due since last
time" notice on opening a file, and the reminder letter and upward report in the Tools menu.

``install(window)`` is the only entry point (see ``ui.main_window.FEATURES``). The feature keeps its state on a
:class:`FollowupFeature` child of the window (``window.findChild(FollowupFeature)``), never in the window's code.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from ssdesk.i18n import _
from ssdesk.store import Change, Store
from ui.features.followup.startup import FellDueDialog, check_in_background
from ui.jobs import Job
from ui.ready import after_first_paint

if TYPE_CHECKING:  # the pages and dialogs are imported when first built: not on the start-up path
    from ssdesk.followup.schedule import DueItem
    from ui.features.followup.dashboard import DashboardPage
    from ui.features.followup.model import ListQuery
    from ui.features.followup.page import RecommendationsPage
    from ui.features.followup.tools import ReminderDialog, UpwardDialog
    from ui.main_window import MainWindow

PAGE_LIST = "followup"
PAGE_DASHBOARD = "dashboard"
#: Changes that alter what the list or the dashboard show.
LIST_ENTITIES = frozenset({"recommendation", "follow_up", "visit", "saved_filter", "reporting_schedule"})
CATALOG_ENTITIES = frozenset({"unit", "delegation", "programme"})
RELOAD_MS = 150


class FollowupFeature(QObject):
    """The feature's pages, actions and timers for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("followupFeature")
        self.window = window
        #: The day things are "overdue" from; ``None``: the computer's date (tests set theirs).
        self.fixed_today: dt.date | None = None
        self.fell_due_dialog: FellDueDialog | None = None
        self.fell_due_job: Job | None = None  # the start-up check (done: its result or error is set)
        self.tool_dialog: ReminderDialog | UpwardDialog | None = None
        # Both pages are built when first shown (or asked for): the window starts on the visit list, and building
        # them first cost ~40 ms of every start. A page built later reads the file and the day as they are then.
        self._list_page: RecommendationsPage | None = None
        self._dashboard: DashboardPage | None = None
        window.add_page(PAGE_LIST, _("Recommendations & follow-up"), self._build_list_page)
        window.add_page(PAGE_DASHBOARD, _("Dashboard"), self._build_dashboard)

        tools = window.menu("tools")
        self.action_reminder = QAction(_("Reminder letter…"), self)
        self.action_reminder.triggered.connect(self.reminder_letter)
        self.action_upward = QAction(_("Report upward…"), self)
        self.action_upward.triggered.connect(self.report_upward)
        tools.addAction(self.action_reminder)
        tools.addAction(self.action_upward)

        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._choices_stale = False
        window.changed.connect(self._on_change)
        window.store_replaced.connect(self._on_store_replaced)
        after_first_paint(window, self.check_fell_due)  # once the window is up and painted (ui.ready)

    @property
    def store(self) -> Store:
        return self.window.store

    def _build_list_page(self) -> RecommendationsPage:
        from ui.features.followup.page import RecommendationsPage
        from ui.paged_model import keep_view_rows

        page = RecommendationsPage(self.store, self.today(), self.window.open_visit)
        keep_view_rows(page.model, page.table)  # a reset reads the pages up to the view, not all
        self._list_page = page
        return page

    def _build_dashboard(self) -> DashboardPage:
        from ui.features.followup.dashboard import DashboardPage

        page = DashboardPage(self.store, self.today())
        page.filter_requested.connect(self.show_filtered)
        self._dashboard = page
        return page

    @property
    def list_page(self) -> RecommendationsPage:
        """The recommendations page (built now if it was not yet)."""
        if self._list_page is None:
            self.window.page(PAGE_LIST)
        assert self._list_page is not None
        return self._list_page

    @property
    def dashboard(self) -> DashboardPage:
        """The dashboard page (built now if it was not yet)."""
        if self._dashboard is None:
            self.window.page(PAGE_DASHBOARD)
        assert self._dashboard is not None
        return self._dashboard

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    def set_today(self, day: dt.date) -> None:
        """Count "overdue" from ``day`` everywhere (list, dashboard, dialogs opened from now on)."""
        self.fixed_today = day
        if self._list_page is not None:  # a page not built yet takes the day when it is
            self._list_page.set_today(day)
        if self._dashboard is not None:
            self._dashboard.set_day(day)

    # -- following the file ----------------------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        entities = change.entities
        if entities & CATALOG_ENTITIES:
            self._choices_stale = True
        if entities & (LIST_ENTITIES | CATALOG_ENTITIES):
            self._reload_timer.start()

    def reload(self) -> None:
        if self._list_page is not None:  # a page not built yet reads the file when it is
            if self._choices_stale:
                self._list_page.refresh_choices()
            self._list_page.reload()
        self._choices_stale = False
        if self._dashboard is not None:
            self._dashboard.mark_stale()

    def _on_store_replaced(self, store: Store) -> None:
        self._reload_timer.stop()
        for dialog in (self.fell_due_dialog, self.tool_dialog):
            if dialog is not None:
                dialog.close()
        if self._list_page is not None:
            self._list_page.set_store(store)
        if self._dashboard is not None:
            self._dashboard.set_store(store)
        QTimer.singleShot(0, self.check_fell_due)

    # -- navigation ------------------------------------------------------------------------------------------------

    def show_filtered(self, query: ListQuery) -> RecommendationsPage:
        self.window.show_page(PAGE_LIST)
        self.list_page.set_query(query)
        return self.list_page

    def check_fell_due(self) -> Job:
        """Look (on a worker: 6 s at 100,000 recommendations) for what fell due since this computer last looked at
        the file, then show it in a non-modal dialog and remember today; the window stays usable meanwhile."""
        store = self.store

        def found(since: dt.date | None, items: list[DueItem]) -> None:
            if store is self.store and items:  # else: another file was opened meanwhile, or nothing fell due
                self.show_fell_due(since, items)

        # a failure (the file closed meanwhile) is not reported: the notice is shown on the next open instead
        self.fell_due_job = check_in_background(self.window, store, self.today(), found, on_error=lambda _exc: None)
        return self.fell_due_job

    def show_fell_due(self, since: dt.date | None, items: list[DueItem]) -> FellDueDialog:
        if self.fell_due_dialog is not None:
            self.fell_due_dialog.close()
        from ssdesk.followup.filters import Criteria
        from ui.features.followup.model import ListQuery

        dialog = FellDueDialog(items, since, lambda: self.show_filtered(ListQuery(Criteria(overdue_only=True))),
                               self.window)
        dialog.destroyed.connect(lambda *_a: setattr(self, "fell_due_dialog", None))
        self.fell_due_dialog = dialog
        dialog.show()
        return dialog

    # -- Tools menu ------------------------------------------------------------------------------------------------

    def _show_tool(self, dialog: ReminderDialog | UpwardDialog) -> ReminderDialog | UpwardDialog:
        if self.tool_dialog is not None:
            self.tool_dialog.close()
        self.tool_dialog = dialog
        dialog.show()
        return dialog

    def reminder_letter(self) -> ReminderDialog:
        from ui.features.followup.tools import ReminderDialog

        return self._show_tool(ReminderDialog(self.store, self.today(), self.window))  # type: ignore[return-value]

    def report_upward(self) -> UpwardDialog:
        from ui.features.followup.tools import UpwardDialog

        return self._show_tool(UpwardDialog(self.store, self.today(), self.window))  # type: ignore[return-value]


def install(window: MainWindow) -> None:
    FollowupFeature(window)
