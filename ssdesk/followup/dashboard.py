"""Dashboard data: counts by status and by unit, the overdue trend month by month, completion per delegation.

Why counts come from GROUP BY queries and the trend from the replayed history: today's numbers must stay instant on
100,000 recommendations (the database counts), while "how many were overdue at the end of March" needs the status
each item had then, which only the dated follow-up steps know (``schedule.Timeline``, loaded once for all months).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, TextClause, bindparam, select, text

from ssdesk.enums import REC_CLOSED, RecStatus
from ssdesk.errors import ValidationError
from ssdesk.followup.schedule import NOT_WAITING, month_ends
from ssdesk.i18n import _
from ssdesk.models import Delegation, Unit

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


def _values(statuses: frozenset[RecStatus] | set[RecStatus]) -> str:
    """Statuses as an SQL list of literals (enum values: no user text)."""
    return ", ".join(f"'{s.value}'" for s in sorted(statuses, key=lambda s: s.value))


#: The figures of a group of recommendations: how many, how many open (not closed), overdue (waiting past the
#: deadline: :data:`NOT_WAITING` is not waiting), done, withdrawn. Portable SQL (CASE, not a sum of booleans): the
#: office server runs the same statements.
_FIGURES = (
    "COUNT(*),"
    f" SUM(CASE WHEN r.status IN ({_values(REC_CLOSED)}) THEN 0 ELSE 1 END),"
    f" SUM(CASE WHEN r.deadline < :today AND r.status NOT IN ({_values(NOT_WAITING)}) THEN 1 ELSE 0 END),"
    f" SUM(CASE WHEN r.status = '{RecStatus.DONE.value}' THEN 1 ELSE 0 END),"
    f" SUM(CASE WHEN r.status = '{RecStatus.WITHDRAWN.value}' THEN 1 ELSE 0 END)"
)

#: Bits per figure in :data:`_PACKED`: four figures of 15 bits fit one 64-bit sum.
FIELD_BITS = 15
_OPEN, _OVERDUE, _DONE, _WITHDRAWN = (1 << (FIELD_BITS * i) for i in range(4))
#: A group of this many recommendations or more is counted by :data:`_FIGURES` instead (its fields could overflow).
PACKED_LIMIT = 1 << FIELD_BITS
_WAITING = set(RecStatus) - NOT_WAITING

#: The same four figures as ONE sum per group: each row adds a number whose 15-bit fields are its figures (open,
#: overdue, done, withdrawn). One CASE per row instead of four: 54 against 70 ms at 100k. Exact while no group holds
#: 2^15 = 32,768 recommendations or more; :func:`dashboard` checks the counts and reads :data:`_FIGURES` otherwise.
_PACKED = (
    "COUNT(*),"
    f" SUM(CASE WHEN r.status IN ({_values(_WAITING)})"
    f" THEN CASE WHEN r.deadline < :today THEN {_OPEN + _OVERDUE} ELSE {_OPEN} END"
    f" WHEN r.status IN ({_values(set(RecStatus) - REC_CLOSED - _WAITING)}) THEN {_OPEN}"
    f" WHEN r.status = '{RecStatus.DONE.value}' THEN {_DONE}"
    f" WHEN r.status = '{RecStatus.WITHDRAWN.value}' THEN {_WITHDRAWN} ELSE 0 END)"
)


def _grouped(figures: str) -> TextClause:
    """Grouped by what the visit is (its unit, delegation or convening body) and nothing of the recommendation: the
    visits come in that order from ``ix_visit_unit_delegation`` (revision 0013, covering) and each one's
    recommendations from ``ix_recommendation_visit_status_deadline``, so SQLite groups as it reads — no sorter.
    Grouping by status as well (for per-status counts) made SQLite sort 100,000 rows: 220 ms at 100k."""
    return text(f"SELECT v.unit_id, v.delegation_id, v.convening_body, {figures}"
                " FROM visit v JOIN recommendation r ON r.visit_id = v.id"
                " GROUP BY v.unit_id, v.delegation_id, v.convening_body").bindparams(bindparam("today", type_=Date))


_GROUPS_PACKED = _grouped(_PACKED)
_GROUPS = _grouped(_FIGURES)

#: Counts by status: the status index alone (5 ms at 100k).
_BY_STATUS = text("SELECT r.status, COUNT(*) FROM recommendation r GROUP BY r.status")

#: A session without a visited unit (a review meeting) assigns its tasks to the units responsible for each: those
#: are counted by that unit (few rows: only such sessions', found through the index on ``visit.unit_id``).
_UNITLESS = text(
    f"SELECT r.responsible_unit_id, {_FIGURES}"
    " FROM recommendation r JOIN visit v ON v.id = r.visit_id WHERE v.unit_id IS NULL"
    " GROUP BY r.responsible_unit_id"
).bindparams(bindparam("today", type_=Date))


def _unpack(packed: int | None) -> tuple[int, int, int, int]:
    """(open, overdue, done, withdrawn) from a :data:`_PACKED` sum."""
    value, mask = int(packed or 0), (1 << FIELD_BITS) - 1
    return value & mask, (value >> FIELD_BITS) & mask, (value >> 2 * FIELD_BITS) & mask, value >> 3 * FIELD_BITS


def dashboard(store: Store, today: dt.date) -> Dashboard:
    """Today's numbers, by the visited unit and by delegation.

    One streamed pass over the visits and their recommendations (:func:`_grouped`) gives every figure by unit and
    delegation, the status index the counts by status, and the tasks of sessions without a unit are added to the
    units responsible for them; all read as plain rows. At 100k: ~65 ms (it was ~220 ms grouped by status too).
    On the office server the same statements run under row-level security: each user's figures count what they
    may see, nothing kept aside bypasses it. The GUI computes it in the background."""
    statuses = {s.value: s for s in RecStatus}
    units: dict[str | None, list[int]] = {}
    delegations: dict[str, list[int]] = {}
    with store.engine.connect() as conn:  # plain rows: no ORM loading or enum conversion
        groups: list[tuple[Any, ...]] = [(u, d, b, n, *_unpack(packed)) for u, d, b, n, packed
                                         in conn.execute(_GROUPS_PACKED, {"today": today})]
        if any(g[3] >= PACKED_LIMIT for g in groups):  # a group too big for its fields: the four sums, exact
            groups = [tuple(g) for g in conn.execute(_GROUPS, {"today": today})]
        by_status = dict.fromkeys(RecStatus, 0) | {statuses[v]: n for v, n in conn.execute(_BY_STATUS).all()}
        unitless = conn.execute(_UNITLESS, {"today": today}).all()
        unit_names: dict[str | None, str] = dict(conn.execute(select(Unit.id, Unit.name)).all())
        delegation_names: dict[str | None, str] = dict(conn.execute(select(Delegation.id, Delegation.name)).all())
    unit_names[None] = _("(no unit responsible)")
    for unit_id, n, still_open, overdue, _done, _withdrawn in unitless:
        u = units.setdefault(unit_id, [0, 0, 0])
        u[0] += n
        u[1] += int(still_open or 0)
        u[2] += int(overdue or 0)
    for unit_id, delegation_id, body, n, still_open, overdue, done, withdrawn in groups:
        if unit_id is not None:
            u = units.setdefault(unit_id, [0, 0, 0])
            u[0] += n
            u[1] += int(still_open or 0)
            u[2] += int(overdue or 0)
        if delegation_id is None:  # held by a convening body, not a delegation: that body is its line
            delegation_id = "\0" + (body or "")
            delegation_names[delegation_id] = body or _("(no delegation)")
        d = delegations.setdefault(delegation_id, [0, 0, 0])
        d[0] += n
        d[1] += int(done or 0)
        d[2] += int(withdrawn or 0)
    by_unit = sorted((UnitCount(unit_names[k], *v) for k, v in units.items()), key=lambda c: (c.unit, c.total))
    completion = sorted((DelegationRate(delegation_names[k], *v) for k, v in delegations.items()),
                        key=lambda c: (c.delegation, c.total))
    return Dashboard(today, by_status, by_unit, sum(u.overdue for u in by_unit), completion)


def overdue_trend(store: Store, start: dt.date, end: dt.date) -> list[tuple[dt.date, int]]:
    """(month end, number overdue on that day) for each month from ``start`` to ``end``; the last point is ``end``
    itself when ``end`` is not a month end, so the line reaches today.

    The rule is :meth:`schedule.RecState.overdue` on the status each item had that day (``schedule.Timeline``),
    counted without building a state per item and day: an item whose status never changed is overdue on every day
    from ``max(session day, deadline + 1)`` on (one sorted list, one bisect per day); only items with a dated
    status history are replayed. 100,000 items × 12 months: ~0.3 s instead of ~20 s."""
    if end < start:
        raise ValidationError.one("end", _("The range must end on or after its start."))
    if (end.year - start.year) * 12 + end.month - start.month > 240:
        raise ValidationError.one("start", _("At most twenty years at a time."))
    days = [d for d in month_ends(start, end) if d <= end]
    if not days or days[-1] != end:
        days.append(end)
    with store.engine.connect() as conn:  # raw values: 170,000 rows, and type conversion would be half the time
        recs = conn.exec_driver_sql(
            "SELECT r.id, v.starts_at, r.deadline, r.status FROM recommendation r JOIN visit v ON v.id = r.visit_id"
            " WHERE r.deadline IS NOT NULL").all()
        history: dict[str, list[tuple[str, str]]] = {}
        for rec_id, day, old, new in conn.exec_driver_sql(
                "SELECT recommendation_id, date, old_status, new_status FROM follow_up WHERE new_status IS NOT NULL"
                " ORDER BY date, created_at"):
            steps = history.setdefault(rec_id, [("", str(old))])  # before the first change: its old status
            steps.append((str(day)[:10], str(new)))
    waiting = {s.value for s in RecStatus} - {s.value for s in NOT_WAITING}
    # Days as ISO text ("2025-06-30"): text order is date order, and "a day after the deadline" is the deadline's
    # text plus a NUL (the same day sorts before it, the next day after it), so no date is parsed or built.
    starts_on: list[str] = []  # when each waiting span of each item starts to count as overdue
    stops_on: list[str] = []  # when it stops
    for rec_id, starts, deadline, current in recs:
        first = max(str(starts)[:10], str(deadline)[:10] + "\0")
        for (since, status), (until, _next) in zip(*_spans(history.get(rec_id, [("", str(current))])), strict=True):
            if status in waiting and (until is None or until > first):
                starts_on.append(max(since, first))
                if until is not None:
                    stops_on.append(until)
    starts_on.sort()
    stops_on.sort()
    out = []
    for day in days:
        text = day.isoformat()
        out.append((day, bisect.bisect_right(starts_on, text) - bisect.bisect_right(stops_on, text)))
    return out


def _spans(steps: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str | None, str | None]]]:
    """An item's history as (from, status) pairs and, beside each, where it ends (the next pair; None: still)."""
    return steps, [*steps[1:], (None, None)]
