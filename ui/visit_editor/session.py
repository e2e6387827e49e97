"""The editor's one door to the core: every write of the visit editor goes through :class:`EditSession`.

It keeps a plain snapshot of the visit (``dict`` rows, never live ORM objects, so nothing lazy-loads from a closed
session), calls the services, and turns each accepted write into an undoable :class:`WriteCommand`. A refused write
raises :class:`~ssdesk.errors.ValidationError` to the caller, which keeps the user's text and shows the messages;
nothing is pushed and nothing is stored.

Every write names the ``row_version`` the snapshot holds (``expected_version``), and the snapshot takes the new
version after each accepted write, so autosave never conflicts with itself; someone else's change since the snapshot
was read raises :class:`~ssdesk.errors.ConflictError` (also announced by :attr:`EditSession.conflicted`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ssdesk.enums import VisitState
from ssdesk.errors import AccessRefusedError, ConflictError, SsdeskError
from ssdesk.i18n import _
from ssdesk.models import Attendee, Finding, IndicatorResult, Recommendation, Statement
from ssdesk.services.recommendations import REC_FIELDS
from ssdesk.services.visit_parts import ATTENDEE_FIELDS, FINDING_FIELDS, RESULT_FIELDS, STATEMENT_FIELDS
from ssdesk.services.visits import VISIT_FIELDS, held_by, held_with
from ssdesk.store import Store
from ui.visit_editor.commands import WriteCommand
from ui.visit_editor.echo import OwnWrites

Row = dict[str, Any]

#: The fields kept in the snapshot of each kind of part (what the editor shows and what an undo restores).
PART_FIELDS: dict[type[Any], tuple[str, ...]] = {
    Attendee: ATTENDEE_FIELDS,
    IndicatorResult: RESULT_FIELDS,
    Statement: STATEMENT_FIELDS,
    Finding: FINDING_FIELDS,
    Recommendation: REC_FIELDS + ("status",),
}
#: The visit's collection holding each kind.
COLLECTIONS: dict[type[Any], str] = {
    Attendee: "attendees", IndicatorResult: "indicator_results", Statement: "statements", Finding: "findings",
    Recommendation: "recommendations",
}
#: Change-notice entities that mean "something this editor shows may have changed".
VISIT_ENTITIES = frozenset({"visit", "attendee", "indicator_result", "statement", "finding", "recommendation",
                            "follow_up", "unit", "delegation", "programme", "indicator", "person"})


@dataclass(frozen=True)
class Snapshot:
    """What :meth:`EditSession.read` read: plain rows, safe to hand from a worker to the GUI thread."""

    visit: Row
    names: dict[str, str]
    parts: dict[type[Any], list[Row]]
    indicator_names: dict[str, str]


#: Keys of a snapshot row that are no field of the record (left out when a row is added again by undo/redo).
NOT_FIELDS = ("id", "status", "row_version")


def row_of(obj: Any, fields: tuple[str, ...]) -> Row:
    return {"id": obj.id, **{f: getattr(obj, f) for f in fields}, "row_version": obj.row_version}


def board_of(visit: Any) -> str:
    """The body the session reports to (its delegation's issuing body, else who convened it): where a unit's
    petitions go unless the secretary writes another."""
    return (visit.delegation.issuing_body if visit.delegation is not None else visit.convening_body) or ""


class EditSession(QObject):
    """One visit being edited: its snapshot, its undo stack, and the writes.

    ``saved`` fires after every accepted write (the status line shows the time), ``failed`` with a message when an
    undo or redo was refused, ``reloaded`` after the snapshot was read again from the store.
    """

    saved = Signal(object)  # dt.datetime of the write
    failed = Signal(str)
    reloaded = Signal(bool)  # force: an undo/redo wrote, so fields show the store even where the user is
    conflicted = Signal(object)  # ConflictError: someone else changed what this editor was saving

    def __init__(self, store: Store, visit_id: str, parent: QObject | None = None, *, load: bool = True) -> None:
        """``load=False``: the snapshot stays empty until :meth:`apply` gets what :meth:`read` read (on a worker,
        so that a window shows at once)."""
        super().__init__(parent)
        self.store = store
        self.visit_id = visit_id
        self.undo_stack = QUndoStack(self)
        self.visit: Row = {}
        self.parts: dict[type[Any], list[Row]] = {kind: [] for kind in PART_FIELDS}
        self.names: dict[str, str] = {}  # delegation, unit, programme: their names as the visit points at them
        self.indicator_names: dict[str, str] = {}
        #: Its own writes' change notices, which the windows skip instead of reloading (:mod:`.echo`).
        self.own_writes = OwnWrites(store)
        self.loads = 0  # how often the whole visit was read: the echo of an autosave must not add one
        self.loaded = False
        #: Why this login may not change the visit (office server rights), or None. Every write below is refused
        #: with it: one gate for the table keys, checkboxes and shortcuts a widget-by-widget lock could miss.
        self.read_only: str | None = None
        if load:
            self.load()

    # -- reading -------------------------------------------------------------------------------------------------

    def load(self, *, force: bool = False) -> None:
        """Read the whole visit again (one ``visits.get``): the snapshot then matches the store."""
        self.apply(self.read(), force=force)

    def read(self) -> Snapshot:
        """The whole visit as plain rows (one ``visits.get``); touches nothing of the session, so it may run on a
        worker thread (the editor's first opening)."""
        visit = self.store.visits.get(self.visit_id)
        names = {"delegation": held_by(visit), "unit": held_with(visit), "board": board_of(visit),
                 "programme": visit.programme.code if visit.programme else ""}
        parts = {kind: [row_of(obj, fields) for obj in getattr(visit, COLLECTIONS[kind])]
                 for kind, fields in PART_FIELDS.items()}
        indicators = {r.indicator.id: r.indicator.name for r in visit.indicator_results if r.indicator is not None}
        return Snapshot(row_of(visit, VISIT_FIELDS + ("state",)), names, parts, indicators)

    def apply(self, snapshot: Snapshot, *, force: bool = False) -> None:
        """Take ``snapshot`` (from :meth:`read`) as the session's own and say so (:attr:`reloaded`)."""
        self.loads += 1
        self.loaded = True
        self.visit, self.names, self.parts = snapshot.visit, snapshot.names, snapshot.parts
        self.indicator_names.update(snapshot.indicator_names)
        self.reloaded.emit(force)

    def rows(self, kind: type[Any]) -> list[Row]:
        return self.parts[kind]

    def find(self, kind: type[Any], part_id: str) -> Row | None:
        return next((r for r in self.parts[kind] if r["id"] == part_id), None)

    # -- the undo machinery --------------------------------------------------------------------------------------

    def _push(self, text: str, redo: Callable[[], Any], undo: Callable[[], Any]) -> None:
        self.undo_stack.push(WriteCommand(text, redo, undo, after=lambda: self.load(force=True), failed=self._report))
        self.saved.emit(dt.datetime.now())

    def _report(self, exc: SsdeskError) -> None:
        self.failed.emit(str(exc))
        if isinstance(exc, ConflictError):
            self.conflicted.emit(exc)

    def _checked(self, write: Callable[[], Any]) -> Any:
        """Run ``write``; a :class:`ConflictError` is announced (:attr:`conflicted`) and raised on."""
        try:
            return write()
        except ConflictError as exc:
            self.conflicted.emit(exc)
            raise

    def _part_version(self, kind: type[Any], part_id: str) -> int | None:
        row = self.find(kind, part_id)
        return row.get("row_version") if row is not None else None

    # -- the visit's own fields ----------------------------------------------------------------------------------

    def refuse_if_read_only(self) -> None:
        if self.read_only:
            raise AccessRefusedError(self.read_only)

    def update_visit(self, values: dict[str, Any], *, label: str = "", expected_version: int | None = None) -> bool:
        """Write some of the visit's fields; ``False`` when nothing changed. Raises ``ValidationError``, and
        ``ConflictError`` when the visit is no longer at ``expected_version`` (default: the snapshot's)."""
        self.refuse_if_read_only()
        old = {f: self.visit.get(f) for f in values}
        expected = expected_version if expected_version is not None else self.visit.get("row_version")
        with self.own_writes.writing() as targets:
            visit = self._checked(lambda: self.store.visits.update(self.visit_id, expected_version=expected,
                                                                   **values))
            targets.add(("visit", self.visit_id))
        new = {f: getattr(visit, f) for f in values}
        self.visit.update(row_of(visit, VISIT_FIELDS + ("state",)))  # what the core made of it, all of it
        if new == old:
            return False
        if values.keys() & {"delegation_id", "unit_id", "convening_body"}:
            loaded = self.store.visits.get(self.visit_id)  # its links loaded (the one updated is detached)
            self.names.update({"delegation": held_by(loaded), "unit": held_with(loaded), "board": board_of(loaded)})
        self._push(_("Edit {field}").format(field=label or ", ".join(values)),
                   lambda: self._write_visit(new), lambda: self._write_visit(old))
        return True

    def _write_visit(self, values: dict[str, Any]) -> None:
        """An undo/redo write: checked against the snapshot (reloaded after every undo/redo)."""
        self.store.visits.update(self.visit_id, expected_version=self.visit.get("row_version"), **values)

    def set_state(self, state: VisitState) -> None:
        self.refuse_if_read_only()
        old = self.visit["state"]
        visit = self._checked(lambda: self.store.visits.set_state(
            self.visit_id, state, expected_version=self.visit.get("row_version")))
        self.visit["state"] = state
        self.visit["row_version"] = visit.row_version
        set_state = self.store.visits.set_state
        self._push(_("Change state to “{state}”").format(state=state.label),
                   lambda: set_state(self.visit_id, state, expected_version=self.visit.get("row_version")),
                   lambda: set_state(self.visit_id, old, expected_version=self.visit.get("row_version")))

    # -- parts ---------------------------------------------------------------------------------------------------

    def _add(self, kind: type[Any], values: dict[str, Any]) -> Any:
        if kind is Recommendation:
            rec = self.store.recommendations.add(self.visit_id, **values)
            self.store.recommendations.renumber(self.visit_id)  # an undone removal: back at its number
            return rec
        visits = self.store.visits
        adders: dict[type[Any], Callable[..., Any]] = {
            Attendee: visits.add_attendee, IndicatorResult: visits.add_indicator_result,
            Statement: visits.add_statement, Finding: visits.add_finding}
        return adders[kind](self.visit_id, **values)

    def _remove(self, kind: type[Any], part_id: str) -> None:
        if kind is Recommendation:
            self.store.recommendations.remove(part_id)
        else:
            self.store.visits.remove_part(kind, part_id)

    def _update(self, kind: type[Any], part_id: str, values: dict[str, Any],
                expected_version: int | None = None) -> Any:
        if expected_version is None:  # an undo/redo: against the snapshot, reloaded after every undo/redo
            expected_version = self._part_version(kind, part_id)
        if kind is Recommendation:
            return self.store.recommendations.update(part_id, expected_version=expected_version, **values)
        return self.store.visits.update_part(kind, part_id, expected_version=expected_version, **values)

    def add_part(self, kind: type[Any], values: dict[str, Any], *, label: str) -> Row:
        """Add an attendee, figure, statement, finding or recommendation; returns its row. Raises on refusal."""
        self.refuse_if_read_only()
        with self.own_writes.writing() as targets:
            obj = self._add(kind, values)
            targets.add((obj.__tablename__, obj.id))
        row = row_of(obj, PART_FIELDS[kind])
        self.parts[kind].append(row)
        if kind is Recommendation:
            self._sync_versions(kind)  # its number, and any renumbered with it
        again = {k: v for k, v in row.items() if k not in NOT_FIELDS}
        part_id = row["id"]
        self._push(_("Add {what}").format(what=label),
                   lambda: self._add(kind, {"id": part_id, **again}), lambda: self._remove(kind, part_id))
        return row

    def update_part(self, kind: type[Any], part_id: str, values: dict[str, Any], *, label: str,
                    expected_version: int | None = None) -> bool:
        """Write some fields of one part; ``False`` when nothing changed. Raises ``ValidationError``, and
        ``ConflictError`` when the part is no longer at ``expected_version`` (default: the snapshot's)."""
        self.refuse_if_read_only()
        row = self.find(kind, part_id)
        assert row is not None
        old = {f: row.get(f) for f in values}
        expected = expected_version if expected_version is not None else row.get("row_version")
        with self.own_writes.writing() as targets:
            obj = self._checked(lambda: self._update(kind, part_id, values, expected))
            targets.add((obj.__tablename__, part_id))
        new = {f: getattr(obj, f) for f in values}
        row.update(row_of(obj, PART_FIELDS[kind]))  # what the core made of it, all of it
        if new == old:
            return False
        self._push(_("Edit {field}").format(field=label),
                   lambda: self._update(kind, part_id, new), lambda: self._update(kind, part_id, old))
        return True

    def remove_part(self, kind: type[Any], part_id: str, *, label: str) -> None:
        self.refuse_if_read_only()
        row = self.find(kind, part_id)
        assert row is not None
        self._remove(kind, part_id)
        self.parts[kind].remove(row)
        if kind is Recommendation:
            self._sync_versions(kind)  # the others' numbers closed the gap
        again = {k: v for k, v in row.items() if k not in NOT_FIELDS}
        self._push(_("Remove {what}").format(what=label),
                   lambda: self._remove(kind, part_id), lambda: self._add(kind, {"id": part_id, **again}))

    def move_part(self, kind: type[Any], part_id: str, new_index: int) -> None:
        """Put a part at ``new_index`` (0-based) in speaking/printing order."""
        self.refuse_if_read_only()
        rows = self.parts[kind]
        row = self.find(kind, part_id)
        assert row is not None
        old_index = rows.index(row)
        new_index = max(0, min(new_index, len(rows) - 1))
        if new_index == old_index:
            return
        self._move(kind, part_id, new_index)
        rows.insert(new_index, rows.pop(old_index))
        for i, r in enumerate(rows, start=1):
            r["order_no"] = i
        self._sync_versions(kind)
        self._push(_("Reorder"), lambda: self._move(kind, part_id, new_index),
                   lambda: self._move(kind, part_id, old_index))

    def _move(self, kind: type[Any], part_id: str, new_index: int) -> None:
        if kind is Recommendation:
            self.store.recommendations.move(part_id, new_index)  # the "Số TT" follow (services.numbering)
        else:
            self.store.visits.move_part(kind, part_id, new_index)

    def _sync_versions(self, kind: type[Any]) -> None:
        """Renumbering raised the parts' versions: the snapshot takes them (else our next edit would conflict)."""
        stored = {obj.id: obj for obj in getattr(self.store.visits.get(self.visit_id), COLLECTIONS[kind])}
        for r in self.parts[kind]:
            if r["id"] in stored:
                r["row_version"] = stored[r["id"]].row_version
                if kind is Recommendation:
                    r["ref"] = stored[r["id"]].ref  # renumbered with the move, add or removal
