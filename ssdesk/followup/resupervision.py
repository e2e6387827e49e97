"""Re-supervision (tái giám sát): a later visit picks up the open recommendations of earlier ones and records the
state it found each in.

Why a separate :class:`RecheckEntry` besides the follow-up step: the entry answers "what did the visit of 12/03 find?"
for that visit's minutes and the summary report, while the follow-up step (dated the day of the visit) keeps the
recommendation's own history complete — including a closed item reopened because the visit found it was not done.
Earlier visits to a unit's predecessors count too: after the 2025 reorganisation a ward carries on a district's work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ssdesk.enums import RecStatus
from ssdesk.errors import FieldError, ValidationError
from ssdesk.followup.bulk import item_name
from ssdesk.i18n import _
from ssdesk.models import RecheckEntry, Recommendation, UnitSuccession, Visit
from ssdesk.services.base import Service
from ssdesk.services.recommendations import RecommendationRow
from ssdesk.services.validation import Checker, fmt_date
from ssdesk.services.visits import held_by

if TYPE_CHECKING:
    from ssdesk.store import Store

#: What a re-supervision looks at: everything not verified done or withdrawn (an item "cannot be done" or carried
#: over is exactly what a later visit asks about again).
PICKED_UP: frozenset[RecStatus] = frozenset(set(RecStatus) - {RecStatus.DONE, RecStatus.WITHDRAWN})


@dataclass(frozen=True)
class Check:
    """What the later visit found for one recommendation."""

    rec_id: str
    status: RecStatus | str
    note: str | None = None


def _unit_and_predecessors(s: Any, unit_id: str) -> set[str]:
    found, todo = {unit_id}, [unit_id]
    while todo:
        current = todo.pop()
        for (pred,) in s.execute(select(UnitSuccession.predecessor_id).where(UnitSuccession.successor_id == current)):
            if pred not in found:
                found.add(pred)
                todo.append(pred)
    return found


def pick_up(store: Store, visit_id: str) -> list[RecommendationRow]:
    """Open recommendations of earlier visits to this visit's unit (or its predecessors), oldest visit first."""
    with store.read() as s:
        visit = Service.fetch(s, Visit, visit_id)
        if visit.unit_id is None:  # a review meeting visits no unit: nothing of a unit's to pick up
            return []
        units = _unit_and_predecessors(s, visit.unit_id)
        before = visit.starts_at
    query = (store.recommendations.rows_query()  # the list's own columns, so the GUI shows the usual table
             .where(Visit.unit_id.in_(units), Visit.starts_at < before, Visit.id != visit_id,
                    Recommendation.status.in_(list(PICKED_UP)))
             .order_by(Visit.starts_at, Recommendation.order_no))
    with store.read() as s:
        rows = list(s.execute(query))
    from ssdesk.services.recommendations import is_overdue

    day = before.date()
    return [RecommendationRow(id=r[0], ref=r[1], direction=r[2], text=r[3], status=r[4], deadline=r[5],
                              overdue=is_overdue(r[4], r[5], day), unit=r[6], responsible=r[7] or r[8],
                              delegation=r[9], visit_id=r[10], visit_date=r[11].date()) for r in rows]


def record(store: Store, visit_id: str, checks: list[Check], *, today: dt.date) -> list[RecheckEntry]:
    """Record what the visit found, all or nothing. Each check adds a follow-up step dated the day of the visit
    (a status change when it differs, else a confirmation) and a :class:`RecheckEntry`."""
    errors: list[FieldError] = []
    out: list[RecheckEntry] = []
    with store.write() as s:
        visit = Service.fetch(s, Visit, visit_id)
        day = visit.starts_at.date()
        if day > today:
            raise ValidationError.one("visit", _("The session of {day} has not taken place yet.").format(
                day=fmt_date(day)))
        for i, item in enumerate(checks):
            check = Checker(f"items[{i}].")
            rec = s.get(Recommendation, item.rec_id)
            status = check.enum("status", RecStatus, item.status)
            if rec is None:
                check.add("rec_id", _("No such recommendation: {id}").format(id=item.rec_id))
            elif rec.visit.starts_at >= visit.starts_at:
                check.add("rec_id", _("Item {item} comes from a session that is not earlier than this one.")
                          .format(item=item_name(rec, item.rec_id)))
            elif s.scalars(select(RecheckEntry).where(RecheckEntry.recommendation_id == rec.id,
                                                      RecheckEntry.visit_id == visit_id)).first() is not None:
                check.add("rec_id", _("Item {item} was already checked at this session.").format(
                    item=item_name(rec, item.rec_id)))
            if check.errors or rec is None or status is None:
                errors += check.errors
                continue
            try:
                step = store.recommendations.change_status(rec.id, status, date=day, note=item.note,
                                                           reporter=held_by(visit), today=today)
            except ValidationError as exc:
                errors += [FieldError(f"items[{i}]", _("Item {item}: {detail}").format(
                    item=item_name(rec, rec.id), detail=e.message)) for e in exc.errors]
                continue
            entry = RecheckEntry(recommendation_id=rec.id, visit_id=visit_id, status=status,
                                 note=(item.note or "").strip() or None, follow_up_id=step.id)
            s.add(entry)
            out.append(entry)
        if errors:
            raise ValidationError(errors)
    return out


def entries(store: Store, *, visit_id: str | None = None, rec_id: str | None = None) -> list[RecheckEntry]:
    """Re-supervision entries of a visit, or of a recommendation (oldest first)."""
    query = select(RecheckEntry).join(Visit, RecheckEntry.visit_id == Visit.id).order_by(Visit.starts_at)
    if visit_id:
        query = query.where(RecheckEntry.visit_id == visit_id)
    if rec_id:
        query = query.where(RecheckEntry.recommendation_id == rec_id)
    with store.read() as s:
        return list(s.scalars(query))
