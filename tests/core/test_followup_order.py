"""The recommendation list sorted by any of its columns (``filters.apply(order=Order(...))``).

Each order is checked against Python's own sort of every row, built from the rules the list promises: the key in the
asked direction, empty values last either way, then the usual order (deadline, session date, number, id) ascending;
and pages read with ``offset`` must give exactly the unpaged rows, so a lazy table never skips nor repeats one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ssdesk.enums import Direction, RecStatus
from ssdesk.followup import filters
from ssdesk.followup.filters import DEFAULT_ORDER, Criteria, Order, SortKey
from ssdesk.services.recommendations import RecommendationRow
from ssdesk.store import Store

TODAY = dt.date(2024, 9, 1)
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Three units, two delegations, four sessions; 60 recommendations with every kind of value and empty one.

    Built once for the module (84 tests, which only read it): per test it was most of the file's time."""
    store = Store.open(tmp_path_factory.mktemp("order") / "case.ssdesk", user="tester@test")
    cat = store.catalog
    units = [cat.add_unit(name, "district_committee").id
             for name in ("Quận ủy Đống Đa", "bệnh viện Bạch Mai", "Ban Thường vụ Quận ủy Ba Đình")]
    delegations = [cat.add_delegation(name, "Ban Thường vụ Thành ủy").id
                   for name in ("Đoàn giám sát số 2", "đoàn kiểm tra số 1")]
    visits = [store.visits.create(delegation_id=delegations[i % 2], unit_id=units[i % 3],
                                  starts_at=f"2023-0{2 + i}-1{i} {8 + i:02d}:00").id for i in range(4)]
    refs = ["1", "2", "10", "4.1", "4.10", "a", "B", None, "", "3"]
    statuses = list(RecStatus)
    responsible = ["Zeta", None, "ủy ban nhân dân", "Văn phòng Quận ủy"]
    with store.write():
        for i in range(60):
            deadline = None if i % 6 == 0 else dt.date(2024, 1 + i % 11, 1 + (i * 7) % 27)
            values: dict[str, Any] = {"direction": "petition" if i % 4 == 1 else "request",
                                      "text": f"{'Kiểm tra' if i % 3 else 'rà soát'} nội dung {i % 9}",
                                      "deadline": deadline, "ref": refs[i % len(refs)]}
            if i % 5 == 2:
                values["responsible_unit_id"] = units[(i + 1) % 3]
            elif responsible[i % 4]:
                values["responsible_text"] = responsible[i % 4]
            if i % 4 == 1:
                values["addressee"] = "Thành ủy"
            store.recommendations.add(visits[i % 4], status=statuses[i % len(statuses)], **values)
    yield store
    store.close()


def _nocase(text: str | None) -> str:
    return (text or "").translate(ASCII_LOWER)


def _leading_int(ref: str) -> int:
    match = re.match(r"\s*([+-]?\d+)", ref)
    return int(match.group(1)) if match else 0


#: key → (is the value empty, the value to sort on) for one row, as the list's rules describe them
PRIMARY: dict[SortKey, Callable[[RecommendationRow], tuple[bool, Any]]] = {
    SortKey.DEADLINE: lambda r: (r.deadline is None, r.deadline or dt.date.min),
    SortKey.STATUS: lambda r: (False, list(RecStatus).index(r.status)),
    SortKey.UNIT: lambda r: (False, _nocase(r.unit)),
    SortKey.DELEGATION: lambda r: (False, _nocase(r.delegation)),
    SortKey.REF: lambda r: (not r.ref, (_leading_int(r.ref or ""), _nocase(r.ref))),
    SortKey.VISIT_DATE: lambda r: (False, r.sort_key[0]),
    SortKey.RESPONSIBLE: lambda r: (not r.responsible, _nocase(r.responsible)),
    SortKey.DIRECTION: lambda r: (False, list(Direction).index(r.direction)),
    SortKey.TEXT: lambda r: (False, _nocase(r.text)),
    SortKey.OVERDUE: lambda r: (not r.overdue, (TODAY - r.deadline).days if r.overdue and r.deadline else 0),
}


def _expected(rows: list[RecommendationRow], order: Order) -> list[str]:
    """Python's sort: stable sorts from the last rule to the first."""
    out = sorted(rows, key=lambda r: (r.deadline is None, r.deadline or dt.date.min, r.sort_key[0], r.sort_key[1],
                                      r.id))
    out.sort(key=lambda r: PRIMARY[order.key](r)[1], reverse=order.descending)  # stable, also when reversed
    out.sort(key=lambda r: PRIMARY[order.key](r)[0])
    return [r.id for r in out]


def _all_rows(store: Store, criteria: Criteria) -> list[RecommendationRow]:
    return filters.apply(store, criteria, today=TODAY)


ORDERS = [Order(key, descending) for key in SortKey for descending in (False, True)]


def test_the_fixture_has_ties_and_empty_values(filled: Store) -> None:
    rows = _all_rows(filled, Criteria())
    assert len(rows) == 60
    assert {r.deadline is None for r in rows} == {True, False}
    assert {bool(r.ref) for r in rows} == {True, False}
    assert {bool(r.responsible) for r in rows} == {True, False}
    assert {r.overdue for r in rows} == {True, False}
    assert len({r.status for r in rows}) == len(RecStatus)


@pytest.mark.parametrize("order", ORDERS, ids=lambda o: f"{o.key}-{'desc' if o.descending else 'asc'}")
def test_each_order_is_pythons_sort_of_all_rows(filled: Store, order: Order) -> None:
    everything = _all_rows(filled, Criteria())
    got = [r.id for r in filters.apply(filled, Criteria(), today=TODAY, order=order)]
    assert got == _expected(everything, order)


@pytest.mark.parametrize("order", ORDERS, ids=lambda o: f"{o.key}-{'desc' if o.descending else 'asc'}")
@pytest.mark.parametrize("size", [1, 7, 25])
def test_pages_concatenate_to_the_unpaged_rows(filled: Store, order: Order, size: int) -> None:
    whole = [r.id for r in filters.apply(filled, Criteria(), today=TODAY, order=order)]
    paged: list[str] = []
    while page := filters.apply(filled, Criteria(), today=TODAY, order=order, limit=size, offset=len(paged)):
        assert len(page) <= size
        paged += [r.id for r in page]
    assert paged == whole


def test_a_sorted_filter_keeps_its_rows(filled: Store) -> None:
    criteria = Criteria(statuses=(RecStatus.NEW, RecStatus.IN_PROGRESS), direction=Direction.REQUEST)
    unsorted = _all_rows(filled, criteria)
    by_unit = filters.apply(filled, criteria, today=TODAY, order=Order(SortKey.UNIT, descending=True))
    assert sorted(r.id for r in by_unit) == sorted(r.id for r in unsorted)
    assert [r.id for r in by_unit] == _expected(unsorted, Order(SortKey.UNIT, descending=True))


def test_the_default_order_is_the_usual_list_order(filled: Store) -> None:
    usual = [r.id for r in filled.recommendations.rows(today=TODAY)]
    assert [r.id for r in filters.apply(filled, Criteria(), today=TODAY)] == usual
    assert [r.id for r in filters.apply(filled, Criteria(), today=TODAY, order=DEFAULT_ORDER)] == usual
    assert [r.id for r in filters.apply(filled, Criteria(), today=TODAY, order=Order(SortKey.DEADLINE))] == usual


def test_overdue_descending_shows_the_latest_first(filled: Store) -> None:
    rows = filters.apply(filled, Criteria(), today=TODAY, order=Order(SortKey.OVERDUE, descending=True))
    late = [(TODAY - r.deadline).days for r in rows if r.overdue and r.deadline]
    assert late and late == sorted(late, reverse=True)
    assert rows[0].overdue and not rows[-1].overdue

