"""Requests to the unit and petitions from it, and their follow-up history.

The status is never typed over: every change is a :class:`FollowUp` row (date, who reported, old → new, evidence),
and only the transitions in ``ssdesk.enums.REC_TRANSITIONS`` are accepted. "Overdue" is computed from the deadline,
never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from ssdesk.enums import REC_CLOSED, REC_TRANSITIONS, Direction, Priority, RecStatus
from ssdesk.i18n import _
from ssdesk.models import (
    Attachment,
    AttachmentBlob,
    Delegation,
    FollowUp,
    Person,
    Recommendation,
    Unit,
    Visit,
)
from ssdesk.services import numbering
from ssdesk.services.base import Service
from ssdesk.services.validation import Checker, as_date, fmt_date, unknown_fields

REC_FIELDS = ("direction", "text", "ref", "addressee", "responsible_unit_id", "responsible_text",
              "responsible_person_id", "cooperating", "deadline", "priority", "order_no")


@dataclass(frozen=True)
class Evidence:
    """A file given as evidence: its name and bytes (the CLI and GUI read the file, tests pass bytes)."""

    name: str
    content: bytes
    media_type: str | None = None

    @classmethod
    def from_path(cls, path: str | Path) -> Evidence:
        """A regular file only, read in chunks within the office's size limit (ssdesk.safety.intake): /dev/zero
        or a FIFO given as evidence must not grow the case file or hang."""
        from ssdesk.safety.intake import read_evidence

        p = Path(path)
        return cls(p.name, read_evidence(p), mimetypes.guess_type(p.name)[0])


@dataclass(frozen=True)
class RecommendationRow:
    id: str
    ref: str | None
    direction: Direction
    text: str
    status: RecStatus
    deadline: dt.date | None
    overdue: bool
    unit: str
    responsible: str | None
    delegation: str
    visit_id: str
    visit_date: dt.date
    #: (session start, order number): with deadline and id, the row's place in the list (``rows(after=row)``)
    sort_key: tuple[Any, ...] = field(default=(), compare=False, repr=False)


def is_overdue(status: RecStatus, deadline: dt.date | None, today: dt.date) -> bool:
    return deadline is not None and deadline < today and status not in REC_CLOSED \
        and status is not RecStatus.REPORTED_DONE


class RecommendationService(Service):
    def _clean(self, s: Session, values: dict[str, Any], current: Recommendation | None,
               visit: Visit) -> dict[str, Any]:
        check = Checker()
        unknown_fields(check, values, REC_FIELDS)
        out = {k: v for k, v in values.items() if k in REC_FIELDS}
        merged = {f: getattr(current, f) for f in REC_FIELDS} if current else {}
        merged.update(values)
        direction = check.enum("direction", Direction, merged.get("direction"))
        if "direction" in values:
            out["direction"] = direction
        check.required("text", merged.get("text"))
        if isinstance(out.get("text"), str):
            out["text"] = out["text"].strip()
        if "priority" in values:
            out["priority"] = check.enum("priority", Priority, values["priority"])
        deadline = as_date(check, "deadline", merged.get("deadline"))
        if "deadline" in values:
            out["deadline"] = deadline
        if deadline is not None and deadline < visit.starts_at.date():
            check.add("deadline", _("The deadline ({deadline}) must not be before the session ({day}).").format(
                deadline=fmt_date(deadline), day=fmt_date(visit.starts_at.date())))
        if direction is Direction.PETITION and not (merged.get("addressee") or "").strip():
            check.add("addressee", _("Say which body the petition is addressed to."))
        unit_id = merged.get("responsible_unit_id")
        if unit_id and s.get(Unit, unit_id) is None:
            check.add("responsible_unit_id", _("No such unit."))
        person_id = merged.get("responsible_person_id")
        if person_id and s.get(Person, person_id) is None:
            check.add("responsible_person_id", _("No such person."))
        check.raise_if_any()
        return out

    def add(self, visit_id: str, *, id: str | None = None, status: RecStatus | str = RecStatus.NEW,
            **values: Any) -> Recommendation:
        """Add a request or petition to a visit. Required: ``direction``, ``text``."""
        with self.store.write() as s:
            visit = self.fetch(s, Visit, visit_id)
            clean = self._clean(s, values, None, visit)
            check = Checker()
            status_value = check.enum("status", RecStatus, status)
            check.raise_if_any()
            if clean.get("order_no") is None:
                # a query, not len(visit.recommendations): that collection goes stale when several adds share one
                # transaction (nested store.write()), which numbered them all 1
                clean["order_no"] = int(s.execute(select(func.coalesce(func.max(Recommendation.order_no), 0))
                                                .where(Recommendation.visit_id == visit_id)).scalar_one()) + 1
            if "ref" not in values:  # "Số TT" in order; one given (an import, "4.1") is kept as given
                clean["ref"] = numbering.next_ref(s, visit_id, clean["direction"])
            if not clean.get("responsible_unit_id") and clean.get("direction") is Direction.REQUEST \
                    and not clean.get("responsible_text"):
                clean["responsible_unit_id"] = visit.unit_id  # a request is the visited unit's to carry out
            rec = Recommendation(id=id, visit_id=visit_id, status=status_value, **clean)
            s.add(rec)
        return rec

    def update(self, rec_id: str, *, expected_version: int | None = None, **values: Any) -> Recommendation:
        """Change some fields; ``expected_version`` (the ``row_version`` loaded): see ``Service.check_version``."""
        if "status" in values:
            raise ValueError("status changes go through change_status(), which keeps the history")
        with self.store.write() as s:
            rec = self.fetch(s, Recommendation, rec_id)
            self.check_version(s, rec, expected_version)
            self.apply(rec, self._clean(s, values, rec, rec.visit))
        return rec

    def remove(self, rec_id: str) -> None:
        """Delete a recommendation typed by mistake; one with follow-up history is refused (withdraw it instead)."""
        with self.store.write() as s:
            rec = self.fetch(s, Recommendation, rec_id)
            self.refuse_if_used(s, rec, rec.ref or rec.text[:40], [(FollowUp, FollowUp.recommendation_id)])
            s.delete(rec)
            numbering.renumber(s, rec.visit_id)  # no gap — unless an issued notice cites the numbers

    def renumber(self, visit_id: str) -> None:
        """Numbers in the visit's order again (an undone removal put a request back at its place)."""
        with self.store.write() as s:
            numbering.renumber(s, visit_id)

    def move(self, rec_id: str, new_index: int) -> None:
        """Put a request or petition at ``new_index`` (0-based) in its visit's order; the numbers follow the order
        until a document citing them is issued (:mod:`ssdesk.services.numbering`)."""
        with self.store.write() as s:
            visit_id = self.fetch(s, Recommendation, rec_id).visit_id
            self.store.visits.move_part(Recommendation, rec_id, new_index)
            numbering.renumber(s, visit_id)

    def get(self, rec_id: str) -> Recommendation:
        with self.store.read() as s:
            rec = self.fetch(s, Recommendation, rec_id)
            _ = [(f.attachments, f.date) for f in rec.follow_ups], rec.visit, rec.responsible_unit
            return rec

    def change_status(self, rec_id: str, status: RecStatus | str, *, date: Any, note: str | None = None,
                      reporter: str | None = None, evidence: list[Evidence] | None = None,
                      today: dt.date | None = None, id: str | None = None,
                      expected_version: int | None = None) -> FollowUp:
        """Record a dated step; the status changes only along an allowed transition. ``expected_version``: the
        recommendation's ``row_version`` as loaded (someone else's change since: ConflictError)."""
        return self._record(rec_id, status=status, date=date, note=note, reporter=reporter,
                            evidence=evidence or [], today=today, id=id, expected_version=expected_version)

    def add_progress(self, rec_id: str, *, date: Any, note: str, reporter: str | None = None,
                     evidence: list[Evidence] | None = None, today: dt.date | None = None,
                     id: str | None = None, expected_version: int | None = None) -> FollowUp:
        """A progress report that leaves the status as it is."""
        return self._record(rec_id, status=None, date=date, note=note, reporter=reporter, evidence=evidence or [],
                            today=today, id=id, expected_version=expected_version)

    def _record(self, rec_id: str, *, status: RecStatus | str | None, date: Any, note: str | None,
                reporter: str | None, evidence: list[Evidence], today: dt.date | None,
                id: str | None, expected_version: int | None = None) -> FollowUp:
        check = Checker()
        day = as_date(check, "date", date)
        if date in (None, ""):
            check.add("date", _("This field is required."))
        new = check.enum("status", RecStatus, status, required=False)
        today = today or dt.date.today()
        if day is not None and day > today:
            check.add("date", _("The date {day} is in the future.").format(day=fmt_date(day)))
        if status is None and not (note or "").strip() and not evidence:
            check.add("note", _("Write what was done, or attach evidence."))
        for i, item in enumerate(evidence):
            if not item.content:
                check.add(f"evidence[{i}]", _("The file “{name}” is empty.").format(name=item.name))
        check.raise_if_any()
        with self.store.write() as s:
            rec = self.fetch(s, Recommendation, rec_id)
            self.check_version(s, rec, expected_version)
            visit_day = rec.visit.starts_at.date()
            if day is not None and day < visit_day:
                check.add("date", _("The date {day} is before the session ({visit}).").format(
                    day=fmt_date(day), visit=fmt_date(visit_day)))
            old = rec.status
            if new is not None and new is not old and new not in REC_TRANSITIONS[old]:
                check.add("status", _("The status cannot go from “{old}” to “{new}”.").format(
                    old=old.label, new=new.label))
            if new is RecStatus.CANNOT_DO and not (note or "").strip():
                check.add("note", _("Give the reason why it cannot be done."))
            if new is RecStatus.DONE and old is not RecStatus.REPORTED_DONE:
                pass  # unreachable: REC_TRANSITIONS only allows DONE after REPORTED_DONE
            check.raise_if_any()
            follow = FollowUp(id=id, recommendation=rec, date=day, reporter=reporter, progress=(note or "").strip()
                              or None, old_status=old, new_status=new if new is not None else None,
                              recorded_by=self.store.identity.person)
            s.add(follow)
            for item in evidence:
                digest = hashlib.sha256(item.content).hexdigest()
                blob = AttachmentBlob(content=item.content)
                s.add(Attachment(name=item.name, media_type=item.media_type or mimetypes.guess_type(item.name)[0]
                                 or "application/octet-stream", sha256=digest, size=len(item.content),
                                 follow_up=follow, recommendation_id=rec.id, blob=blob))
            if new is not None and new is not old:
                rec.status = new
                rec.status_changed_on = day
        return follow

    def attachment_content(self, attachment_id: str) -> bytes:
        with self.store.read() as s:
            att = self.fetch(s, Attachment, attachment_id)
            return att.blob.content

    # -- lists ---------------------------------------------------------------------------------------------------

    def rows_query(self) -> Any:  # a 12-column Select; its exact generic type adds nothing here
        responsible = aliased(Unit)
        return (select(Recommendation.id, Recommendation.ref, Recommendation.direction, Recommendation.text,
                       Recommendation.status, Recommendation.deadline, func.coalesce(Unit.name, ""),
                       responsible.name, Recommendation.responsible_text,
                       func.coalesce(Delegation.name, Visit.convening_body, ""), Visit.id, Visit.starts_at)
                .join(Visit, Recommendation.visit_id == Visit.id)
                .outerjoin(Unit, Visit.unit_id == Unit.id)  # a review meeting has no visited unit
                .outerjoin(Delegation, Visit.delegation_id == Delegation.id)  # nor a delegation: its convening body
                .outerjoin(responsible, Recommendation.responsible_unit_id == responsible.id))

    def _filtered(self, query: Any, *, overdue: bool, today: dt.date, status: RecStatus | None,
                  visit_id: str | None, unit_id: str | None, delegation_id: str | None,
                  direction: Direction | None) -> Any:
        if overdue:
            query = query.where(Recommendation.deadline < today,
                                Recommendation.status.not_in([*REC_CLOSED, RecStatus.REPORTED_DONE]))
        if status is not None:
            query = query.where(Recommendation.status == status)
        if visit_id:
            query = query.where(Recommendation.visit_id == visit_id)
        if unit_id:  # the visited unit's, and the tasks a review meeting (no visited unit) gave it
            query = query.where(or_(Visit.unit_id == unit_id,
                                    and_(Visit.unit_id.is_(None), Recommendation.responsible_unit_id == unit_id)))
        if delegation_id:
            query = query.where(Visit.delegation_id == delegation_id)
        if direction is not None:
            query = query.where(Recommendation.direction == direction)
        return query

    def versions(self, rec_ids: list[str]) -> dict[str, int]:
        """Each recommendation's ``row_version`` as stored now: what a dialog remembers when it opens."""
        with self.store.read() as s:
            return {rid: rec.row_version for rid in rec_ids if (rec := s.get(Recommendation, rid)) is not None}

    @contextmanager
    def unchanged_since(self, versions: dict[str, int]) -> Iterator[Session]:
        """One write transaction that first checks each recommendation is still at the version given
        (:class:`ConflictError` otherwise, also for one deleted meanwhile); service calls made inside join it, so on
        a conflict nothing is written. For the calls about many items at once, which take no ``expected_version``
        (bulk status change, re-supervision)."""
        from ssdesk.audit import conflict_error

        with self.store.write() as s:
            for rid, version in versions.items():
                rec = s.get(Recommendation, rid)
                if rec is None:
                    raise conflict_error(s, Recommendation(id=rid), expected=version)
                self.check_version(s, rec, version)
            yield s

    def rows(self, *, overdue: bool = False, today: dt.date | None = None, status: RecStatus | None = None,
             visit_id: str | None = None, unit_id: str | None = None, delegation_id: str | None = None,
             direction: Direction | None = None, limit: int | None = None, offset: int = 0,
             after: RecommendationRow | None = None) -> list[RecommendationRow]:
        """The list, by deadline (none last), then session date and number. Pages for a lazy table: ``limit`` with
        ``offset``, or (cheaper deep down) ``after=`` the last row of the page before (keyset).

        The order is read from ``ix_recommendation_list`` (revision 0006) so a page costs its own rows, not a sort
        of the whole file; ``tests/core/test_perf_paths.py`` holds the query plans to that."""
        today = today or dt.date.today()
        tail = (Recommendation.deadline, Visit.starts_at, Recommendation.order_no, Recommendation.id)
        # overdue rows all have a deadline: leaving out "deadline IS NULL" lets SQLite range-scan the deadline index
        order = tail if overdue else (Recommendation.deadline.is_(None), *tail)
        query = self._filtered(self.rows_query().add_columns(Recommendation.order_no).order_by(*order),
                               overdue=overdue, today=today, status=status, visit_id=visit_id, unit_id=unit_id,
                               delegation_id=delegation_id, direction=direction)
        parts = [query]
        if after is not None:
            starts, order_no = after.sort_key
            rest = tuple_(Visit.starts_at, Recommendation.order_no, Recommendation.id) > tuple_(
                literal(starts, Visit.starts_at.type), literal(order_no), literal(after.id))
            if after.deadline is None:
                parts = [query.where(Recommendation.deadline.is_(None), rest)]
            else:  # three index ranges in list order, not one OR that no index serves (1.4 s deep in 100k rows)
                parts = [query.where(Recommendation.deadline == after.deadline, rest),
                         query.where(Recommendation.deadline > after.deadline),
                         query.where(Recommendation.deadline.is_(None))]
        out: list[RecommendationRow] = []
        with self.store.read() as s:
            for part in parts:
                if offset and len(parts) == 1:
                    part = part.offset(offset)
                if limit is not None:
                    part = part.limit(limit - len(out))
                out += [RecommendationRow(id=r[0], ref=r[1], direction=r[2], text=r[3], status=r[4], deadline=r[5],
                                          overdue=is_overdue(r[4], r[5], today), unit=r[6], responsible=r[7] or r[8],
                                          delegation=r[9], visit_id=r[10], visit_date=r[11].date(),
                                          sort_key=(r[11], r[12]))
                        for r in s.execute(part)]
                if limit is not None and len(out) >= limit:
                    break
        return out

    def count(self, *, overdue: bool = False, today: dt.date | None = None, status: RecStatus | None = None,
              visit_id: str | None = None, unit_id: str | None = None, delegation_id: str | None = None,
              direction: Direction | None = None) -> int:
        """How many rows :meth:`rows` gives with the same filters (for a lazy table's row count)."""
        query = select(func.count(Recommendation.id)).select_from(Recommendation)
        if unit_id or delegation_id:
            query = query.join(Visit, Recommendation.visit_id == Visit.id)
        query = self._filtered(query, overdue=overdue, today=today or dt.date.today(), status=status,
                               visit_id=visit_id, unit_id=unit_id, delegation_id=delegation_id, direction=direction)
        with self.store.read() as s:
            return int(s.execute(query).scalar_one())
