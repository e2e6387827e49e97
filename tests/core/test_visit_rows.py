"""The visit list query's filter and sort: equal to doing the same in Python over all rows, page by page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ssdesk.search.folding import fold, tokens
from ssdesk.services.visits import SORT_KEYS, VisitRow
from ssdesk.store import Store

UNITS = ("Quận ủy Hoàn Kiếm", "Quận ủy Đống Đa", "Huyện ủy Đông Anh", "Quận ủy Hoàng Mai")


def _filled(path: Path) -> Store:
    s = Store.open(path, create=True, user="test@host")
    programme = s.catalog.add_programme("CT-01/2024", "Chương trình giám sát năm 2024")
    delegations = [s.catalog.add_delegation(name, "Ban Thường vụ Thành ủy").id
                   for name in ("Đoàn giám sát số 3", "Đoàn giám sát số 1")]
    units = [s.catalog.add_unit(name, "district_committee").id for name in UNITS]
    with s.write():
        for i in range(23):
            s.visits.create(delegation_id=delegations[i % 2], unit_id=units[i % len(units)],
                            programme_id=programme.id if i % 3 else None,
                            starts_at=f"2024-{1 + i % 12:02d}-{1 + i % 5:02d} 08:00",
                            place=f"Hội trường tầng {i % 4}" if i % 5 else None,
                            title="Giám sát bảo hiểm y tế" if i % 2 else None,
                            classification="secret" if i % 7 == 0 else "normal")
    return s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = _filled(tmp_path / "rows.ssdesk")
    yield s
    s.close()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One file for the 96 read-only comparisons (a file of their own each cost 17 s of the fast tests)."""
    s = _filled(tmp_path_factory.mktemp("rows") / "rows.ssdesk")
    yield s
    s.close()


def _key(sort: str, row: VisitRow) -> Any:
    value = {"starts_at": row.starts_at, "date": row.starts_at, "delegation": row.delegation, "unit": row.unit,
             "programme": row.programme, "place": row.place, "state": row.state.value,
             "classification": row.classification.value}[sort]
    return (value is not None, value if value is not None else "")  # SQLite: NULL sorts first


_titles: dict[str, str | None] = {}


def _title(store: Store, visit_id: str) -> str | None:
    """The visit's title (not in the list's row), read once: the rows never change their title here."""
    if visit_id not in _titles:
        _titles[visit_id] = store.visits.get(visit_id).title
    return _titles[visit_id]


def _python_rows(store: Store, text: str | None, sort: str, descending: bool) -> list[VisitRow]:
    everything = store.visits.rows(limit=None)
    words = tokens(text or "")
    if words:
        found = []
        for row in everything:
            hay = tokens(" ".join(fold(v) for v in (_title(store, row.id), row.unit, row.delegation, row.place) if v))
            if all(any(h == w if len(w) == 1 else h.startswith(w) for h in hay) for w in words):
                found.append(row)
        everything = found
    everything.sort(key=lambda r: r.id)
    if sort not in ("starts_at", "date"):
        everything.sort(key=lambda r: r.starts_at, reverse=True)
    everything.sort(key=lambda r: _key(sort, r), reverse=descending)
    return everything


@pytest.mark.parametrize("text", [None, "", "hoan kiem", "HOÀN", "dong", "giam sat bao", "tang 2", "nowhere"])
@pytest.mark.parametrize("sort", ["date", "unit", "delegation", "programme", "place", "classification"])
@pytest.mark.parametrize("descending", [True, False])
def test_rows_equal_python_filter_and_sort(shared: Store, text: str | None, sort: str, descending: bool) -> None:
    expected = [r.id for r in _python_rows(shared, text, sort, descending)]
    assert [r.id for r in shared.visits.rows(text=text, sort=sort, descending=descending)] == expected
    assert shared.visits.count(text=text) == len(expected)


def test_filter_is_diacritic_insensitive(store: Store) -> None:
    assert {r.unit for r in store.visits.rows(text="hoan kiem")} == {"Quận ủy Hoàn Kiếm"}
    assert {r.unit for r in store.visits.rows(text="Đống Đa")} == {"Quận ủy Đống Đa"}
    assert store.visits.count(text="hoan kiem") == len(store.visits.rows(text="hoan kiem")) > 0


@pytest.mark.parametrize("sort", ["unit", "state", "date"])
def test_paging_is_consistent(store: Store, sort: str) -> None:
    whole = [r.id for r in store.visits.rows(sort=sort, descending=False, text="quan")]
    paged: list[str] = []
    for offset in range(0, len(whole) + 5, 5):
        paged += [r.id for r in store.visits.rows(limit=5, offset=offset, sort=sort, descending=False, text="quan")]
    assert paged == whole and len(set(whole)) == len(whole) == store.visits.count(text="quan")


def test_state_sorts_in_workflow_order(store: Store) -> None:
    first = store.visits.rows()[0]
    store.visits.set_state(first.id, "held")
    assert store.visits.rows(sort="state", descending=True)[0].id == first.id


def test_sort_is_a_whitelist(store: Store) -> None:
    assert "unit" in SORT_KEYS
    with pytest.raises(ValueError):
        store.visits.rows(sort="unit; DROP TABLE visit")
