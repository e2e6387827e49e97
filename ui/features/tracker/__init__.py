"""File → Import tracker of recommendations…: the wizard of :mod:`ui.features.tracker.wizard` on the open file."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from ssdesk.i18n import _


def install(window: Any) -> None:
    action = QAction(_("Import trac&ker of recommendations…"), window)
    action.setObjectName("actionImportTracker")
    action.setToolTip(_("Bring the office's Excel or Word tracker of recommendations into this file"))
    action.triggered.connect(lambda: open_wizard(window))
    menu = window.menu("file")
    anchor = next((a for a in menu.actions() if a is getattr(window, "action_import_visit", None)), None)
    if anchor is not None:
        index = menu.actions().index(anchor)
        after = menu.actions()[index + 1] if index + 1 < len(menu.actions()) else None
        menu.insertAction(after, action)
    else:
        menu.addAction(action)
    window.action_import_tracker = action


def open_wizard(window: Any) -> Any:
    from ui.features.tracker.wizard import TrackerWizard

    wizard = TrackerWizard(window.store, window)
    wizard.open()
    return wizard
