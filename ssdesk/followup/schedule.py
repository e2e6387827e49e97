"""Deadlines and recurring reporting periods: what is overdue, due soon, or fell due since a given day.

Why ``today`` is always a parameter: the same question ("what was overdue?") is asked for today on screen, for the
end of each past month in the dashboard trend and for a chosen date in the upward report; reading the clock inside
would make those answers wrong and the tests flaky. Only the CLI and the GUI read the clock, once, at the edge.

Why statuses are replayed from the history (:func:`statuses_on`): the status column holds only the current state;
the state on a past day comes from the dated :class:`FollowUp` rows, so past reports stay true after later changes.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from ssdesk.enums import REC_CLOSED, RecStatus
from ssdesk.errors import ConflictError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import Delegation, FollowUp, Recommendation, ReportingSchedule, Unit, Visit
from ssdesk.services.base import Service
from ssdesk.services.validation import Checker, as_date, fmt_date

if TYPE_CHECKING:
    from ssdesk.store import Store

#: Statuses that no longer wait for anything from the unit: no deadline alert (the overseer has the next move).
NOT_WAITING: frozenset[RecStatus] = frozenset({*REC_CLOSED, RecStatus.REPORTED_DONE})
ALLOWED_PERIODS = (1, 2, 3, 4, 6, 12)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's end (31/01 + 1 → 28/02 or 29/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of every month from ``start``'s month to ``end``'s month."""
    out, day = [], dt.date(start.year, start.month, 1)
    while day <= end:
        out.append(dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1]))
        day = add_months(day, 1)
    return out


def report_dates(first_due: dt.date, every_months: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """The reporting dates of a schedule falling in ``[start, end]``; each is computed from ``first_due`` (not
    chained) so that a 31st stays the month's last day instead of drifting to the 28th."""
    out: list[dt.date] = []
    k = 0
    while True:
        due = add_months(first_due, k * every_months)
        if due > end:
            return out
        if due >= start:
            out.append(due)
        k += 1


def next_report_due(first_due: dt.date, every_months: int, today: dt.date) -> dt.date:
    """The first reporting date on or after ``today``."""
    if today <= first_due:
        return first_due
    months = (today.year - first_due.year) * 12 + today.month - first_due.month
    k = max(0, months // every_months - 1)
    while add_months(first_due, k * every_months) < today:
        k += 1
    return add_months(first_due, k * every_months)


@dataclass(frozen=True)
class DueItem:
    """One thing that is or was due: a recommendation's deadline, or one date of its reporting schedule."""

    rec_id: str
    ref: str | None
    text: str
    unit: str
    delegation: str
    status: RecStatus
    kind: str  # "deadline" | "report"
    due: dt.date
    days_left: int  # negative: days late


def held_with_by() -> tuple[Any, Any]:
    """(unit, delegation) name columns of a recommendation's session, for a query outer-joining ``Unit`` and
    ``Delegation`` to ``Visit``: a review meeting has no visited unit (the responsible unit stands in) and no
    delegation (its convening body stands in)."""
    unit = aliased(Unit)
    responsible = (select(unit.name).where(unit.id == Recommendation.responsible_unit_id)
                   .correlate(Recommendation).scalar_subquery())
    return (func.coalesce(Unit.name, responsible, Recommendation.responsible_text, ""),
            func.coalesce(Delegation.name, Visit.convening_body, ""))


def _open_recs(store: Store, extra: Iterable[Any] = ()) -> list[Any]:
    query = (select(Recommendation.id, Recommendation.ref, Recommendation.text, *held_with_by(),
                    Recommendation.status, Recommendation.deadline)
             .join(Visit, Recommendation.visit_id == Visit.id).outerjoin(Unit, Visit.unit_id == Unit.id)
             .outerjoin(Delegation, Visit.delegation_id == Delegation.id)
             .where(Recommendation.status.not_in(list(NOT_WAITING)), *extra)
             .order_by(Recommendation.deadline, Visit.starts_at, Recommendation.order_no))
    with store.read() as s:
        return list(s.execute(query))


def _item(r: Any, kind: str, due: dt.date, today: dt.date) -> DueItem:
    return DueItem(r[0], r[1], r[2], r[3], r[4], r[5], kind, due, (due - today).days)


def _schedules(store: Store) -> list[tuple[Any, int, dt.date, list[dt.date]]]:
    """Every open recommendation with a schedule, with the dates of its progress reports."""
    recs = {r[0]: r for r in _open_recs(store, (Recommendation.id.in_(select(ReportingSchedule.recommendation_id)),))}
    if not recs:
        return []
    with store.read() as s:
        scheds = list(s.execute(select(ReportingSchedule.recommendation_id, ReportingSchedule.every_months,
                                       ReportingSchedule.first_due)))
        reported: dict[str, list[dt.date]] = {}
        for rec_id, day in s.execute(select(FollowUp.recommendation_id, FollowUp.date)
                                     .where(FollowUp.recommendation_id.in_(list(recs)))):
            reported.setdefault(rec_id, []).append(day)
    return [(recs[rid], every, first, reported.get(rid, [])) for rid, every, first in scheds if rid in recs]


def _missed(due: dt.date, every: int, reported: list[dt.date]) -> bool:
    """No progress report in the period that ends on ``due``."""
    start = add_months(due, -every)
    return not any(start < day <= due for day in reported)


def overdue(store: Store, today: dt.date) -> list[DueItem]:
    """Open recommendations whose deadline is before ``today`` (due today is not yet overdue)."""
    return [_item(r, "deadline", r[6], today) for r in _open_recs(store, (Recommendation.deadline < today,))]


def due_within(store: Store, today: dt.date, days: int) -> list[DueItem]:
    """Deadlines and reporting dates in ``[today, today + days]``, soonest first; a report already made in the
    current period is not due again."""
    if days < 0:
        raise ValidationError.one("days", _("The number of days must be zero or more."))
    end = today + dt.timedelta(days=days)
    items = [_item(r, "deadline", r[6], today) for r in
             _open_recs(store, (Recommendation.deadline >= today, Recommendation.deadline <= end))]
    for r, every, first, reported in _schedules(store):
        items += [_item(r, "report", d, today) for d in report_dates(first, every, today, end)
                  if _missed(d, every, reported)]
    return sorted(items, key=lambda i: (i.due, i.kind, i.ref or "", i.rec_id))


def fell_due_since(store: Store, since: dt.date, today: dt.date) -> list[DueItem]:
    """What became overdue after ``since`` (the last look) up to ``today``: deadlines in ``[since, today)`` of items
    still open, and reporting dates in that window for which no report came."""
    if since > today:
        raise ValidationError.one("since", _("“Since” ({since}) must not be after today ({today}).").format(
            since=fmt_date(since), today=fmt_date(today)))
    last = today - dt.timedelta(days=1)
    items = [_item(r, "deadline", r[6], today) for r in
             _open_recs(store, (Recommendation.deadline >= since, Recommendation.deadline < today))]
    for r, every, first, reported in _schedules(store):
        items += [_item(r, "report", d, today) for d in report_dates(first, every, since, last)
                  if _missed(d, every, reported)]
    return sorted(items, key=lambda i: (i.due, i.kind, i.ref or "", i.rec_id))


def get_schedule(store: Store, rec_id: str) -> tuple[int, dt.date] | None:
    """The recommendation's reporting schedule as (every_months, first_due), or None."""
    with store.read() as s:
        row = s.execute(select(ReportingSchedule.every_months, ReportingSchedule.first_due)
                        .where(ReportingSchedule.recommendation_id == rec_id)).first()
        return (int(row[0]), row[1]) if row else None


#: What a caller that checks no version passes (the CLI, scripts); a dialog passes what :func:`schedule_version` gave.
UNCHECKED = ("", -1)
ScheduleVersion = tuple[str, int] | None


def _schedule_row(s: Any, rec_id: str) -> ReportingSchedule | None:
    return s.scalars(select(ReportingSchedule).where(ReportingSchedule.recommendation_id == rec_id)).first()


def schedule_version(store: Store, rec_id: str) -> ScheduleVersion:
    """(row id, row_version) of the recommendation's reporting period as stored now; None: it has none. A dialog
    remembers it when it shows the period and gives it back to :func:`set_schedule`."""
    with store.read() as s:
        row = _schedule_row(s, rec_id)
        return (row.id, row.row_version) if row is not None else None


def _schedule_conflict(s: Any, rec: Recommendation, row: ReportingSchedule | None,
                       loaded: ScheduleVersion) -> ConflictError:
    """Someone else set, changed or removed the reporting period since it was shown: who, when, what."""
    from ssdesk.audit import conflict_error

    found = conflict_error(s, row if row is not None else ReportingSchedule(id=loaded[0] if loaded else ""),
                           expected=loaded[1] if loaded and row is not None and row.id == loaded[0] else None)
    label = rec.ref or " ".join(rec.text.split())[:40]
    return ConflictError(entity=_("Reporting period"), label=label, ident=found.ident, user=found.user,
                         at=found.at, fields=found.fields, deleted=row is None, expected=found.expected,
                         current=found.current)


def set_schedule(store: Store, rec_id: str, every_months: int | None, first_due: Any = None, *,
                 expected: ScheduleVersion = UNCHECKED) -> None:
    """Set (or, with ``every_months=None``, remove) a recommendation's reporting schedule. ``expected``: what
    :func:`schedule_version` gave when the period was shown; someone else's change since raises
    :class:`ConflictError` and nothing is written."""
    check = Checker()
    with store.write() as s:
        rec = Service.fetch(s, Recommendation, rec_id)
        current = _schedule_row(s, rec_id)
        if expected != UNCHECKED and ((current.id, current.row_version) if current is not None else None) != expected:
            raise _schedule_conflict(s, rec, current, expected)
        if every_months is None:
            if current is not None:
                s.delete(current)
            return
        if every_months not in ALLOWED_PERIODS:
            check.add("every_months", _("A reporting period is one of {allowed} months.").format(
                allowed=", ".join(map(str, ALLOWED_PERIODS))))
        first = as_date(check, "first_due", first_due)
        if first is None and first_due in (None, ""):
            check.add("first_due", _("This field is required."))
        visit_day = rec.visit.starts_at.date()
        if first is not None and first < visit_day:
            check.add("first_due", _("The first report date ({day}) is before the session ({visit}).").format(
                day=fmt_date(first), visit=fmt_date(visit_day)))
        check.raise_if_any()
        assert first is not None
        if current is None:
            s.add(ReportingSchedule(recommendation_id=rec_id, every_months=every_months, first_due=first))
        else:
            current.every_months, current.first_due = every_months, first


@dataclass(frozen=True)
class RecState:
    """A recommendation as it stood on a given day (see :func:`statuses_on`)."""

    id: str
    unit: str
    delegation: str
    deadline: dt.date | None
    status: RecStatus
    board: str = ""  # the body the session reported to: its delegation's issuing body, or its convening body

    @property
    def closed(self) -> bool:
        return self.status in REC_CLOSED

    def overdue(self, day: dt.date) -> bool:
        return self.deadline is not None and self.deadline < day and self.status not in NOT_WAITING


class Timeline:
    """Every recommendation with its dated status changes, loaded in two queries and replayed for any day."""

    def __init__(self, store: Store) -> None:
        query = (select(Recommendation.id, Visit.starts_at, *held_with_by(), Recommendation.deadline,
                        Recommendation.status, func.coalesce(Delegation.issuing_body, Visit.convening_body, ""))
                 .join(Visit, Recommendation.visit_id == Visit.id).outerjoin(Unit, Visit.unit_id == Unit.id)
                 .outerjoin(Delegation, Visit.delegation_id == Delegation.id))
        changes = (select(FollowUp.recommendation_id, FollowUp.date, FollowUp.old_status, FollowUp.new_status)
                   .where(FollowUp.new_status.is_not(None)).order_by(FollowUp.date, FollowUp.created_at))
        with store.read() as s:
            self.recs = list(s.execute(query))
            self.changes: dict[str, list[tuple[dt.date, RecStatus | None, RecStatus | None]]] = {}
            for rec_id, day, old, new in s.execute(changes):
                self.changes.setdefault(rec_id, []).append((day, old, new))

    def on(self, day: dt.date) -> list[RecState]:
        """Recommendations issued on or before ``day`` (their session had taken place) with their status then."""
        out = []
        for rec_id, starts, unit, deleg, deadline, current, board in self.recs:
            if starts.date() > day:
                continue
            steps = self.changes.get(rec_id, [])
            first_old = steps[0][1] if steps else None
            status = first_old if first_old is not None else current
            for when, _old, new in steps:
                if when > day:
                    break
                if new is not None:  # always: the query keeps the status changes only
                    status = new
            out.append(RecState(rec_id, unit, deleg, deadline, status, board))
        return out


def statuses_on(store: Store, day: dt.date) -> list[RecState]:
    return Timeline(store).on(day)
