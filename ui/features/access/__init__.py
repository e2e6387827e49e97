"""What the current login may do on the office server, shown in the window (issue 18).

When a server database opens, the database is asked once what this login may do (:func:`ssdesk.server.rights.
permissions`); actions it would refuse are disabled, their tooltip and status tip saying why. Tools → Users of the
server… opens :class:`~ui.features.access.dialog.UsersDialog` (administrators change users there; anyone else sees
why not). The database remains the judge: a write refused later (rights changed meanwhile) is reported by
:func:`ssdesk.server.rights.refusal_message` wherever the write was made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from ssdesk.i18n import _
from ssdesk.server.rights import FULL
from ssdesk.store import Store
from ui.features.access.readonly import guard_editor, read_permissions

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: the window's actions that create or change sessions (disabled for who may not), by object name: its own (a new
#: session, an imported one) and those other features add (live minutes of the selected session, a draft from text)
EDITING_ACTIONS = ("actionNewVisit", "actionImportVisit", "actionLiveMinutes", "actionDraftFromText")


class AccessFeature:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.permissions = FULL
        self.action_users = QAction(_("&Users of the server…"), window)
        self.action_users.setObjectName("serverUsers")
        self.action_users.triggered.connect(self.open_users)
        window.menu("tools").addAction(self.action_users)
        window.store_replaced.connect(self.apply)
        window.editor_opened.connect(lambda editor: guard_editor(editor, self.permissions))
        self.apply(window.store)

    def apply(self, store: Store) -> None:
        """Ask the database once and show it: editing actions disabled with the reason, the users action only on a
        server."""
        self.permissions = read_permissions(store)
        self.action_users.setVisible(store.is_server)
        reason = self.permissions.why_not_edit() if not self.permissions.edits_visits() else None
        for action in (self.window.findChild(QAction, name) for name in EDITING_ACTIONS):
            if isinstance(action, QAction):
                action.setEnabled(reason is None)
                action.setToolTip(reason or action.text().replace("&", ""))
                action.setStatusTip(reason or "")
        why = self.permissions.why_not_manage_users()
        self.action_users.setStatusTip(why or "")

    def open_users(self) -> None:
        from ui.features.access.dialog import UsersDialog

        UsersDialog(self.window.store, self.permissions, self.window).exec()


def install(window: MainWindow) -> None:
    window.access = AccessFeature(window)  # type: ignore[attr-defined]
