"""On opening a case file: what fell due since this computer last looked at it.

The last-seen day is kept per case file (its ``file_id``, so a copy on a USB stick and the office copy share it) in
the user's settings — it is this secretary's "last look", not a fact about the file. The first time a file is seen,
everything already overdue counts as new. The dialog is non-modal: the window is usable while it is open.

The query runs on a worker (:func:`check_in_background`, no progress dialog): at 100,000 recommendations the first
look finds some 60,000 items in ~6 s, and the window must be usable meanwhile. The dialog lists at most
:data:`MAX_ROWS` of them (the earliest due first) and points to the follow-up list for the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ssdesk.i18n import _, ngettext
from ssdesk.store import Store
from ui.forms import tab_follows_the_eye
from ui.jobs import Job, run_job
from ui.screen_fit import open_at

if TYPE_CHECKING:  # ssdesk.followup is imported by the check itself, after the window's first paint (issue 15)
    from ssdesk.followup.schedule import DueItem

SETTINGS_GROUP = "followup/last_seen"
#: "Since" for a file never seen on this computer: early enough to take in every overdue item.
FIRST_LOOK = dt.date(2000, 1, 1)
#: Rows the dialog lists; the rest are counted and left to the follow-up list (61,428 table rows took seconds).
MAX_ROWS = 200


def settings() -> QSettings:
    return QSettings("ssdesk", "ssdesk")


def last_seen(store: Store) -> dt.date | None:
    file_id = store.meta("file_id")
    value = settings().value(f"{SETTINGS_GROUP}/{file_id}") if file_id else None
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def remember(store: Store, today: dt.date) -> None:
    file_id = store.meta("file_id")
    if file_id:
        s = settings()
        s.setValue(f"{SETTINGS_GROUP}/{file_id}", today.isoformat())
        s.sync()


def fell_due(store: Store, today: dt.date) -> tuple[dt.date | None, list[DueItem]]:
    """(the last look or ``None`` the first time, what fell due since); ``today`` is then remembered as seen."""
    seen = last_seen(store)
    items = store.followup.fell_due_since(min(seen or FIRST_LOOK, today), today)
    remember(store, today)
    return seen, items


def check_in_background(parent: QWidget, store: Store, today: dt.date,
                        on_found: Callable[[dt.date | None, list[DueItem]], None],
                        on_error: Callable[[BaseException], None] | None = None) -> Job:
    """:func:`fell_due` on a worker without a progress dialog; ``on_found(since, items)`` on the GUI thread.

    The last look is read here and remembered only once the items are known, so a check cut short (the file
    closed meanwhile) is made again next time."""
    seen = last_seen(store)

    def work(_progress: Any, _cancelled: Any) -> list[DueItem]:
        return store.followup.fell_due_since(min(seen or FIRST_LOOK, today), today)

    def done(items: list[DueItem]) -> None:
        remember(store, today)
        on_found(seen, items)

    return run_job(parent, "", work, on_done=done, on_error=on_error, dialog=False)


class FellDueDialog(QDialog):
    """Lists what fell due; "Open list" shows the overdue recommendations."""

    def __init__(self, items: list[DueItem], since: dt.date | None, open_list: Callable[[], object],
                 parent: QWidget | None = None) -> None:
        from ui.features.followup.model import format_date  # with the follow-up list's model: not at start-up

        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.setObjectName("fellDueDialog")
        self.setWindowTitle(_("Fell due since last time"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_at(self, 760, 360)
        self.items = items
        head = ngettext("{n} item fell due", "{n} items fell due", len(items)).format(n=len(items))
        head += " " + (_("since {day}.").format(day=format_date(since)) if since else _("(first look at this file)."))
        shown = items[:MAX_ROWS]
        table = QTableWidget(len(shown), 6, self)
        table.setObjectName("fellDueTable")
        table.setHorizontalHeaderLabels([_("Due"), _("What"), _("No."), _("Recommendation"), _("Unit"), _("Status")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for r, item in enumerate(shown):
            kind = _("Deadline") if item.kind == "deadline" else _("Progress report")
            for c, text in enumerate((format_date(item.due), kind, item.ref or "", " ".join(item.text.split()),
                                      item.unit, item.status.label)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                table.setItem(r, c, cell)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(_("Open list"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("openFellDueList")
        self.open_button.clicked.connect(open_list)
        self.open_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        head_label = QLabel(head)
        head_label.setObjectName("fellDueHead")
        layout.addWidget(head_label)
        layout.addWidget(table, 1)
        self.more = QLabel()
        self.more.setObjectName("fellDueMore")
        if len(items) > len(shown):
            more = len(items) - len(shown)
            self.more.setText(ngettext("… and {n} more (see the follow-up list: “Open list”).",
                                       "… and {n} more (see the follow-up list: “Open list”).", more).format(n=more))
        else:
            self.more.hide()
        layout.addWidget(self.more)
        layout.addWidget(buttons)
