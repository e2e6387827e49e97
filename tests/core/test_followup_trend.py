"""The overdue trend counted fast (ssdesk.followup.dashboard.overdue_trend) equals the plain replay of every item's
history (schedule.Timeline) on random files: items with and without deadlines, sessions before and after the
month ends, and status histories that close, reopen and report done."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ssdesk.enums import REC_TRANSITIONS, RecStatus
from ssdesk.followup.dashboard import overdue_trend
from ssdesk.followup.schedule import Timeline, month_ends
from ssdesk.store import Store


def replayed(store: Store, start: dt.date, end: dt.date) -> list[tuple[dt.date, int]]:
    days = [d for d in month_ends(start, end) if d <= end]
    if days[-1] != end:
        days.append(end)
    timeline = Timeline(store)
    return [(day, sum(1 for r in timeline.on(day) if r.overdue(day))) for day in days]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_trend_equals_the_replayed_history(store: Store, basics: dict[str, str], seed: int) -> None:
    rng = random.Random(seed)
    with store.write():
        visits = [store.visits.create(delegation_id=basics["delegation"], unit_id=basics["unit"],
                                      starts_at=dt.datetime(2024, 1, 1, 8) + dt.timedelta(days=rng.randint(0, 360)))
                  for _ in range(6)]
        for i in range(80):
            visit = rng.choice(visits)
            day = visit.starts_at.date()
            deadline = day + dt.timedelta(days=rng.randint(0, 200)) if rng.random() < 0.85 else None
            rec = store.recommendations.add(visit.id, direction="request", text=f"Kiến nghị {i}", deadline=deadline)
            status = RecStatus.NEW
            for _step in range(rng.randint(0, 4)):
                day += dt.timedelta(days=rng.randint(1, 90))
                if day > dt.date(2025, 6, 30):
                    break
                status = rng.choice(sorted(REC_TRANSITIONS[status], key=lambda s: s.value))
                note = "Không thể thực hiện do thiếu kinh phí" if status is RecStatus.CANNOT_DO else None
                store.recommendations.change_status(rec.id, status, date=day, note=note,
                                                    today=dt.date(2025, 6, 30))
    start, end = dt.date(2024, 1, 15), dt.date(2025, 6, 20)
    expected = replayed(store, start, end)
    assert any(n for _d, n in expected), "the random file must have overdue items to count"
    assert overdue_trend(store, start, end) == expected
