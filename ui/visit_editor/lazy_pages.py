"""The visit editor's pages, each built when first shown (issue 14.15).

Opening an editor used to build all seven pages — four tables with their add bars, the statements' list and form,
the report and conclusion fields — while the window waited to appear: ~240 ms of a frozen GUI on a slow office PC
for pages nobody looks at yet. Now only the first page is built at open; each other tab holds an empty stand-in
until it is first shown (or asked for: a search hit that opens the request tab, a test), and is then replaced, at
the same place, by the real page. What the editor does for a page once built (its fields' values, the labels that
depend on the kind of session, the Tab order) stays in :meth:`ui.visit_editor.editor.VisitEditor.page`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from ssdesk.i18n import N_, _
from ssdesk.models import Attendee, Finding, IndicatorResult, Recommendation
from ssdesk.store import Store
from ui.forms import FieldForm
from ui.lazy import swap_in
from ui.visit_editor import form_pages, table_pages
from ui.visit_editor.part_models import PartTableModel
from ui.visit_editor.session import EditSession
from ui.visit_editor.statements import StatementsPage

#: The editor's pages in tab order (``VisitEditor.page(key)``).
PAGE_KEYS = ("general", "attendees", "results", "statements", "findings", "conclusion", "recommendations")

#: The table pages: the kind of part, the page's object name, its accessible name (English source), the column
#: that stretches.
TABLE_PAGES: dict[str, tuple[type[Any], str, str, str]] = {
    "attendees": (Attendee, "pageAttendees", N_("Attendees"), "title"),
    "results": (IndicatorResult, "pageIndicators", N_("Reported figures and indicators"), "label"),
    "findings": (Finding, "pageFindings", N_("Findings"), "text"),
    "recommendations": (Recommendation, "pageRecommendations", N_("Requests and petitions"), "text"),
}


def page_titles() -> tuple[str, ...]:
    """The tabs' titles in :data:`PAGE_KEYS` order, in the current language (with their Alt+letter)."""
    return (_("&General"), _("&Attendees"), _("&Report && indicators"), _("&Statements"), _("&Findings"),
            _("&Conclusion"), _("Re&quests && petitions"))


def add_tabs(tabs: QTabWidget, built: dict[str, QWidget]) -> None:
    """One tab per page: the page itself when in ``built``, else an empty stand-in until :func:`put_in_tab`."""
    for key, title in zip(PAGE_KEYS, page_titles(), strict=True):
        page = built.get(key)
        if page is None:
            page = QWidget()
            page.setObjectName(f"{key}NotBuilt")
        tabs.addTab(page, title)


def put_in_tab(tabs: QTabWidget, key: str, page: QWidget) -> None:
    """Replace the stand-in of page ``key`` by ``page`` (:func:`ui.lazy.swap_in`: the tab's place and title, the
    current tab, and no ``tabs.currentChanged`` for the swap)."""
    swap_in(tabs, PAGE_KEYS.index(key), page)


def make_page(key: str, *, store: Store, session: EditSession, models: dict[type[Any], PartTableModel],
              form: FieldForm) -> tuple[QWidget, QLabel | None]:
    """Build the page ``key`` (not the first: the editor builds that one itself); with the report page, its ✓
    count label. The statements page and the table pages read the session's rows as they are now; the report and
    conclusion fields are bound to ``form`` (the caller shows their values)."""
    if key == "statements":
        return StatementsPage(session), None
    if key == "conclusion":
        return form_pages.conclusion_page(form), None
    kind, name, accessible, stretch = TABLE_PAGES[key]
    page = table_pages.TablePage(models[kind], name=name, accessible=_(accessible), stretch=stretch)
    ticked = None
    if kind is Attendee:
        table_pages.attendee_bar(page, store, session)
    elif kind is IndicatorResult:
        table_pages.result_bar(page, store, session)
        header, ticked = form_pages.report_header(form)
        page.layout().insertWidget(0, header)  # type: ignore[union-attr]
    elif kind is Finding:
        table_pages.finding_bar(page)
    else:
        assert kind is Recommendation
        table_pages.recommendation_bar(page, session)
    return page, ticked
