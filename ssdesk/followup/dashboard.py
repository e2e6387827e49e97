"""Dashboard data: counts by status and by unit, the overdue trend month by month, completion per delegation.

Why counts come from GROUP BY queries and the trend from the replayed history: today's numbers must stay instant on
100,000 recommendations (the database counts), while "how many were overdue at the end of March" needs the status
each item had then, which only the dated follow-up steps know (``schedule.Timeline``, loaded once for all months).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select

from ssdesk.enums import REC_CLOSED, RecStatus
from ssdesk.errors import ValidationError
from ssdesk.followup.schedule import NOT_WAITING, Timeline, month_ends
from ssdesk.i18n import _
from ssdesk.models import Delegation, Recommendation, Unit, Visit

if TYPE_CHECKING:
    from ssdesk.store import Store


@dataclass(frozen=True)
class UnitCount:
    unit: str
    total: int
    open: int  # not closed (REC_CLOSED)
    overdue: int


@dataclass(frozen=True)
class DelegationRate:
    delegation: str
    total: int
    done: int
    withdrawn: int

    @property
    def rate(self) -> float | None:
        """Share verified done among those not withdrawn (a withdrawn request was never to be done); None: none."""
        base = self.total - self.withdrawn
        return self.done / base if base else None


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    by_status: dict[RecStatus, int]
    by_unit: list[UnitCount]
    overdue: int
    completion: list[DelegationRate]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def dashboard(store: Store, today: dt.date) -> Dashboard:
    """Today's numbers, by the visited unit and by delegation."""
    is_overdue = (Recommendation.deadline < today) & Recommendation.status.not_in(list(NOT_WAITING))
    is_open = Recommendation.status.not_in(list(REC_CLOSED))
    with store.read() as s:
        by_status = {RecStatus(st): n for st, n in s.execute(
            select(Recommendation.status, func.count()).group_by(Recommendation.status))}
        by_unit = [UnitCount(name, total, int(n_open or 0), int(n_over or 0))
                   for name, total, n_open, n_over in s.execute(
            select(Unit.name, func.count(), func.sum(case((is_open, 1), else_=0)),
                   func.sum(case((is_overdue, 1), else_=0)))
            .select_from(Recommendation).join(Visit, Recommendation.visit_id == Visit.id)
            .join(Unit, Visit.unit_id == Unit.id).group_by(Unit.id, Unit.name).order_by(Unit.name))]
        completion = [DelegationRate(name, total, int(done or 0), int(gone or 0))
                      for name, total, done, gone in s.execute(
            select(Delegation.name, func.count(),
                   func.sum(case((Recommendation.status == RecStatus.DONE, 1), else_=0)),
                   func.sum(case((Recommendation.status == RecStatus.WITHDRAWN, 1), else_=0)))
            .select_from(Recommendation).join(Visit, Recommendation.visit_id == Visit.id)
            .join(Delegation, Visit.delegation_id == Delegation.id)
            .group_by(Delegation.id, Delegation.name).order_by(Delegation.name))]
    full = {st: by_status.get(st, 0) for st in RecStatus}
    return Dashboard(today, full, by_unit, sum(u.overdue for u in by_unit), completion)


def overdue_trend(store: Store, start: dt.date, end: dt.date) -> list[tuple[dt.date, int]]:
    """(month end, number overdue on that day) for each month from ``start`` to ``end``; the last point is ``end``
    itself when ``end`` is not a month end, so the line reaches today."""
    if end < start:
        raise ValidationError.one("end", _("The range must end on or after its start."))
    if (end.year - start.year) * 12 + end.month - start.month > 240:
        raise ValidationError.one("start", _("At most twenty years at a time."))
    days = [d for d in month_ends(start, end) if d <= end]
    if not days or days[-1] != end:
        days.append(end)
    timeline = Timeline(store)
    return [(day, sum(1 for r in timeline.on(day) if r.overdue(day))) for day in days]
