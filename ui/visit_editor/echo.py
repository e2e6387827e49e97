"""Telling a window's own writes from everyone else's, so that its autosave does not reload the whole visit.

Every write announces a :class:`~ssdesk.change.Change` to every listener, the writer's own window included. The visit
editor used to hear the echo of each autosave and read the whole visit again (eight eager loads) although its
snapshot already held what it had just written. :class:`OwnWrites` hears the store synchronously on the GUI thread
while one of its session's writes runs; a change that touched only the records that write names (``targets``) is
an echo, and the window skips its notice. A change with anything more (a side effect on another record, someone
else's write) is not, and the window reloads as before: skipping is only ever an optimisation, never a blind spot.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ssdesk.change import Change
from ssdesk.store import Store

#: How many unclaimed echoes are kept (a notifier detached before delivering them must not grow the list).
KEEP = 32


def touched(change: Change) -> set[tuple[str, str]]:
    """Every (table, id) the change inserted, updated or deleted."""
    return {(table, ident) for group in (change.inserted, change.updated, change.deleted)
            for table, ids in group.items() for ident in ids}


class OwnWrites:
    """Listens to ``store``; :meth:`writing` marks the changes of one write as its own when they stay within the
    targets the write names; :meth:`is_echo` answers (once) for a change notice."""

    def __init__(self, store: Store) -> None:
        self._store: Store | None = store
        self._thread = threading.get_ident()
        self._heard: list[Change] | None = None
        self._echoes: list[Change] = []
        store.subscribe(self._hear)

    def _hear(self, change: Change) -> None:
        """Store listener: on the writing thread; only a write of ours (GUI thread, inside :meth:`writing`)."""
        if self._heard is not None and threading.get_ident() == self._thread:
            self._heard.append(change)

    @contextmanager
    def writing(self) -> Iterator[set[tuple[str, str]]]:
        """Run one write; the caller adds to the yielded set the (table, id) its snapshot now holds as written."""
        targets: set[tuple[str, str]] = set()
        self._heard = []
        try:
            yield targets
        finally:
            heard, self._heard = self._heard, None
            self._echoes += [c for c in heard if touched(c) <= targets]
            del self._echoes[:-KEEP]

    def is_echo(self, change: Change) -> bool:
        """Whether ``change`` is the notice of a write this session already holds (then it is forgotten)."""
        for i, mine in enumerate(self._echoes):
            if mine is change:
                del self._echoes[i]
                return True
        return False

    def detach(self) -> None:
        if self._store is not None:
            self._store.unsubscribe(self._hear)
            self._store = None
        self._echoes.clear()
