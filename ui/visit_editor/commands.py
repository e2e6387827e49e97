"""Undo and redo for the visit editor: each command is a change already written through the core.

A command is pushed *after* its write succeeded (a refused write is never on the stack), so its first ``redo`` — the
one ``QUndoStack.push`` makes — does nothing. ``undo`` writes the previous values back through the same services and
``redo`` writes the new ones again; both then ask the editor to show the store's state (``after``). A write refused
at undo time (someone else changed the record meanwhile) is reported through ``failed`` and the command is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from ssdesk.errors import SsdeskError

Write = Callable[[], Any]


class WriteCommand(QUndoCommand):
    """One committed change: ``redo_write`` did it (already, once), ``undo_write`` takes it back."""

    def __init__(self, text: str, redo_write: Write, undo_write: Write, *, after: Callable[[], None],
                 failed: Callable[[SsdeskError], None]) -> None:
        super().__init__(text)
        self._redo_write = redo_write
        self._undo_write = undo_write
        self._after = after
        self._failed = failed
        self._written = True  # pushed after the write: the push's redo must not write again

    def _run(self, write: Write) -> None:
        try:
            write()
        except SsdeskError as exc:
            self.setObsolete(True)
            self._failed(exc)
        self._after()

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._run(self._redo_write)

    def undo(self) -> None:
        self._run(self._undo_write)
