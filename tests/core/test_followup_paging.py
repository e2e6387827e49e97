"""Saved-filter query in pages: ``filters.apply(limit=, offset=)``, ``filters.count_filter`` and the text criterion."""

from __future__ import annotations

import datetime as dt

import pytest

from ssdesk.enums import RecStatus
from ssdesk.followup import filters
from ssdesk.followup.filters import Criteria
from ssdesk.store import Store

TODAY = dt.date(2024, 12, 1)


@pytest.fixture
def filled(store: Store, basics: dict[str, str]) -> Store:
    """Two sessions, 57 recommendations with deadlines (many equal), no deadline, two statuses."""
    other = store.catalog.add_unit("Bệnh viện Đa khoa Đống Đa", "other")
    first = store.visits.create(delegation_id=basics["delegation"], unit_id=basics["unit"],
                                programme_id=basics["programme"], starts_at="2024-02-27 08:00").id
    second = store.visits.create(delegation_id=basics["delegation"], unit_id=other.id, starts_at="2024-03-05 08:00").id
    with store.write():
        for i in range(57):
            deadline = None if i % 7 == 0 else f"2024-{4 + i % 3:02d}-{10 + i % 2:02d}"
            text = "Rà soát hồ sơ nghèo" if i % 5 == 0 else f"Kiểm tra số liệu {i}"
            store.recommendations.add(first if i % 2 else second, direction="request", text=text,
                                      deadline=deadline, ref=str(i))
    rows = store.recommendations.rows(today=TODAY)
    for r in rows[:9]:
        store.followup.record(r.id, date="2024-03-10", status="in_progress", today=TODAY)
    return store


CRITERIA = [
    Criteria(),
    Criteria(statuses=(RecStatus.NEW, RecStatus.IN_PROGRESS)),
    Criteria(deadline_from=dt.date(2024, 5, 1), deadline_to=dt.date(2024, 6, 30)),
    Criteria(text="ra soat"),
    Criteria(text="Đống Đa"),  # the unit's name
    Criteria(overdue_only=True),
]


@pytest.mark.parametrize("criteria", CRITERIA)
@pytest.mark.parametrize("size", [1, 7, 20, 200])
def test_pages_give_the_unpaged_rows(filled: Store, criteria: Criteria, size: int) -> None:
    whole = filters.apply(filled, criteria, today=TODAY)
    paged = []
    offset = 0
    while page := filters.apply(filled, criteria, today=TODAY, limit=size, offset=offset):
        assert len(page) <= size
        paged += page
        offset += size
    assert [r.id for r in paged] == [r.id for r in whole]
    assert filters.count_filter(filled, criteria, today=TODAY) == len(whole)


def test_text_is_folded_and_every_word_counts(filled: Store) -> None:
    found = filters.apply(filled, Criteria(text="RA SOAT ngheo"), today=TODAY)
    assert len(found) == 12 and all("Rà soát" in r.text for r in found)
    assert filters.apply(filled, Criteria(text="ra soat khong-co"), today=TODAY) == []
    assert filters.count_filter(filled, Criteria(text="benh vien"), today=TODAY) == 29  # the even items' unit
    assert filters.count_filter(filled, Criteria(text="  "), today=TODAY) == 57
    assert filters.count_filter(filled, Criteria(text='"ra*" (soat'), today=TODAY) == 12  # never FTS syntax


def test_text_survives_save_and_load(filled: Store) -> None:
    filled.followup.save_filter("Rà soát", Criteria.from_values({"text": "ra soat", "statuses": ["new"]}))
    loaded = filled.followup.load_filter("Rà soát")
    assert loaded.text == "ra soat"
    assert [r.id for r in filters.apply(filled, loaded, today=TODAY)] == [
        r.id for r in filters.apply(filled, Criteria(text="ra soat"), today=TODAY) if r.status is RecStatus.NEW]
