"""What the login may not change is shown as such before anyone types (issue 18).

A leader or a reader opening a session, or anyone opening a session they may not edit, gets the editor read-only
with the reason above its pages — not a refusal after the text is typed. The database stays the judge (a write
refused later, rights changed meanwhile, is told by :func:`ssdesk.server.rights.refusal_message` and loses nothing);
this only reads its answer ahead (:class:`~ssdesk.server.rights.Permissions`).

The editor builds its pages when first shown, so the lock is applied again to each page as it appears. Only input
widgets are touched: the tabs, the find box, scrolling, selecting and copying keep working.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from ssdesk.i18n import _
from ssdesk.server.rights import Permissions

if TYPE_CHECKING:
    from ssdesk.store import Store

#: the editor's actions that change the session (Print stays: previewing and printing is reading)
EDITOR_WRITES = ("actionSave", "actionPickUp", "actionUndo", "actionRedo", "actionLiveMinutes")
BANNER = "readOnlyReason"


#: What the database answered, per store: the entry goes with its store, and the store that replaces it is asked anew
_asked: WeakKeyDictionary[Store, Permissions] = WeakKeyDictionary()


def read_permissions(store: Store) -> Permissions:
    """The login's rights on ``store`` (everything on a file), asked of the database once per store.

    Why once: the window asks when the store opens, and every follow-up or issuing dialog asked again as it opened —
    a round trip to the server each time, the dialog waiting on it. The answer is a preview: the database stays the
    judge of each write, and a write refused because the rights changed since is told where it was made."""
    from ssdesk.server.rights import FULL, permissions

    if not store.is_server:
        return FULL
    rights = _asked.get(store)
    if rights is None:
        with store.engine.connect() as conn:
            rights = _asked[store] = permissions(conn)
    return rights


class _StayOff(QObject):
    """Keeps a locked button or list off: the pages enable their buttons as rows are selected."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            QTimer.singleShot(0, lambda w=watched: w.setEnabled(False))
        return False


def _lock_widgets(root: QWidget, keep: set[QWidget], stay_off: _StayOff) -> None:
    for widget in root.findChildren(QWidget):
        if widget in keep or any(k.isAncestorOf(widget) for k in keep) or isinstance(widget.parent(), QTabBar):
            continue
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
            widget.setReadOnly(True)
        elif isinstance(widget, QAbstractSpinBox):
            widget.setReadOnly(True)
        elif isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        elif isinstance(widget, (QComboBox, QAbstractButton)):
            widget.setEnabled(False)
            widget.installEventFilter(stay_off)


def lock_editor(editor: Any, reason: str) -> None:
    """Make ``editor`` (a :class:`~ui.visit_editor.editor.VisitEditor`) read-only, ``reason`` shown above its pages
    and on its disabled actions."""
    central = editor.centralWidget()
    banner = QLabel(reason + " " + _("This session opens read-only."), central)
    banner.setObjectName(BANNER)
    banner.setWordWrap(True)
    banner.setStyleSheet("QLabel { background: #fff4ce; color: #3b2f00; padding: 6px; border-radius: 3px; }")
    central.layout().insertWidget(0, banner)
    banner.show()
    editor.read_only_reason = reason
    editor.session.read_only = reason  # the session refuses every write: shortcuts and checkboxes included
    for action in editor.findChildren(QAction):
        if action.objectName() in EDITOR_WRITES:
            action.setEnabled(False)
            action.setToolTip(reason)
            action.setStatusTip(reason)
    keep = {w for w in (getattr(editor, "find_box", None), editor.tabs.tabBar()) if isinstance(w, QWidget)}
    stay_off = _StayOff(editor)

    def again(*_args: object) -> None:
        if not editor.is_closed:
            _lock_widgets(editor.tabs, keep, stay_off)
            for action in editor.findChildren(QAction):  # undo/redo are re-enabled by the stack's signals
                if action.objectName() in EDITOR_WRITES:
                    action.setEnabled(False)

    # a page is built when first shown (after this slot's sibling that builds it), and the first reading of the
    # visit enables the tabs: the lock follows both
    editor.tabs.currentChanged.connect(lambda *_a: QTimer.singleShot(0, again))
    editor.when_loaded(again)
    again()


def reason_for_visit(rights: Permissions, visit: dict[str, Any]) -> str | None:
    """Why ``rights`` may not edit the session ``visit`` (its row as the editor read it); None when they may."""
    classification = visit.get("classification")
    return rights.why_not_edit(visit.get("delegation_id"), getattr(classification, "value", classification) == "secret")


def guard_editor(editor: Any, rights: Permissions) -> None:
    """Once the editor has read its session: read-only with the reason when ``rights`` may not edit it."""
    if rights.role == "full":
        return

    def check() -> None:
        if editor.is_closed or getattr(editor, "read_only_reason", None):
            return
        reason = reason_for_visit(rights, editor.session.visit)
        if reason:
            lock_editor(editor, reason)

    editor.when_loaded(check)


def disable_unless(widgets: list[QWidget | QAction], reason: str | None) -> None:
    """Disable ``widgets`` with ``reason`` as their tooltip when there is one (the dialogs' write buttons)."""
    if reason is None:
        return
    for widget in widgets:
        widget.setEnabled(False)
        widget.setToolTip(reason)
        widget.setStatusTip(reason)


def follow_up_buttons(store: Store, widgets: list[QWidget | QAction]) -> None:
    """The follow-up and issuing dialogs' write buttons: off for a login that may not record follow-up (a
    reader), with the reason; a leader and a secretary keep them."""
    disable_unless(widgets, read_permissions(store).why_not_follow_up())
