"""The bridge from the core's change notices to Qt: every open view listens to one signal, never to each other.

The store calls its listeners on whichever thread committed the write (a worker during an import). Views may only be
touched on the GUI thread, so the notice is re-emitted through a queued connection: the listener only posts an event,
and :attr:`ChangeNotifier.changed` fires later from the GUI thread's event loop.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from ssdesk.store import Change, Store


class ChangeNotifier(QObject):
    """Re-emits each committed :class:`~ssdesk.store.Change` of one store as :attr:`changed`, on the GUI thread.

    Create it on the GUI thread and call :meth:`detach` before the store is closed or the notifier is deleted, so the
    store never calls into a destroyed Qt object.
    """

    changed = Signal(object)
    _posted = Signal(object)  # emitted from any thread; queued to this object's (the GUI) thread

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store: Store | None = store
        self._posted.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        store.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        """Store listener: runs on the writing thread, so it only posts."""
        self._posted.emit(change)

    def detach(self) -> None:
        """Stop listening to the store; safe to call twice."""
        if self._store is not None:
            self._store.unsubscribe(self._on_change)
            self._store = None
