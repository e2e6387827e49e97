"""The fast paths a 100,000-recommendation file depends on, held by their query plans (not by timings).

The planner has no statistics (no ANALYZE) in a case file, so the plan chosen on this tiny file is the plan chosen
on a big one. ``ssdesk bench --scale 100k`` measures the times; see docs/benchmark.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

import ssdesk.store as store_module
from ssdesk.errors import DamagedCaseFileError
from ssdesk.safety.lock import LockInfo
from ssdesk.search import service as search_service
from ssdesk.search.synthetic import build_synthetic
from ssdesk.store import Store

TODAY = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("perf") / "tiny.ssdesk"
    build_synthetic(path, "tiny")
    return path


@pytest.fixture
def big(synthetic: Path) -> Iterator[Store]:
    with Store.open(synthetic, create=False) as s:
        yield s


def _plans(store: Store, run: Any) -> list[tuple[str, list[str]]]:
    """(sql, query plan) of every SELECT that ``run()`` sends."""
    seen: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        if sql.lstrip().upper().startswith("SELECT"):
            seen.append((sql, params))

    event.listen(store.engine, "before_cursor_execute", grab)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", grab)
    con = sqlite3.connect(store.path)
    try:
        return [(sql, [r[3] for r in con.execute(f"EXPLAIN QUERY PLAN {sql}", params)]) for sql, params in seen]
    finally:
        con.close()


def _list_plan(store: Store, **kw: Any) -> list[str]:
    plans = [p for sql, p in _plans(store, lambda: store.recommendations.rows(today=TODAY, limit=200, **kw))
             if "FROM recommendation JOIN visit" in sql]
    assert len(plans) == 1
    return plans[0]


def test_recommendation_list_walks_an_index(big: Store) -> None:
    plan = _list_plan(big)
    assert any("USING INDEX ix_recommendation_list" in step for step in plan), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # only ties on one deadline are sorted ("RIGHT PART")


def test_overdue_list_walks_the_deadline_index(big: Store) -> None:
    plan = _list_plan(big, overdue=True)
    assert any("INDEX ix_recommendation_deadline" in step or "INDEX ix_recommendation_list" in step
               for step in plan), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_list_order_is_deadline_then_none_last(big: Store) -> None:
    rows = big.recommendations.rows(today=TODAY)
    keys = [(r.deadline is None, r.deadline or dt.date.min) for r in rows]
    assert keys == sorted(keys) and len(rows) == big.recommendations.count()
    overdue = big.recommendations.rows(today=TODAY, overdue=True)
    assert overdue == [r for r in rows if r.overdue]
    assert len(overdue) == big.recommendations.count(overdue=True, today=TODAY)


def test_paging_by_offset_and_by_keyset_gives_the_whole_list(big: Store) -> None:
    for kw in ({}, {"overdue": True}):
        whole = big.recommendations.rows(today=TODAY, **kw)  # type: ignore[arg-type]
        by_offset, by_key = [], []
        while len(by_offset) < len(whole):
            by_offset += big.recommendations.rows(today=TODAY, limit=7, offset=len(by_offset), **kw)  # type: ignore
        page = big.recommendations.rows(today=TODAY, limit=7, **kw)  # type: ignore[arg-type]
        while page:
            by_key += page
            page = big.recommendations.rows(today=TODAY, limit=7, after=page[-1], **kw)  # type: ignore[arg-type]
        assert [r.id for r in by_offset] == [r.id for r in whole] == [r.id for r in by_key]
    visits = big.visits.rows()
    paged: list[Any] = []
    page = big.visits.rows(limit=6)
    while page:
        paged += page
        page = big.visits.rows(limit=6, after=page[-1])
    assert [v.id for v in paged] == [v.id for v in visits] and len(visits) == big.visits.count()


def test_dashboard_counts_read_covering_indexes(big: Store) -> None:
    """The dashboard's one pass over the recommendations (grouped by unit, delegation, status, with the count past
    the deadline) reads the covering index of migration 0007, not the table."""
    from sqlalchemy import event

    from ssdesk.followup.dashboard import dashboard

    statements: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        statements.append((statement, parameters))

    event.listen(big.engine, "before_cursor_execute", record)
    try:
        dashboard(big, TODAY)
    finally:
        event.remove(big.engine, "before_cursor_execute", record)
    grouped = [st for st in statements if "GROUP BY" in st[0] and "recommendation" in st[0]]
    # one pass over every recommendation by visit (revision 0013: no sorter), the counts by status from the status
    # index, and one over the tasks of sessions without a visited unit (review meetings: counted by the unit
    # responsible), found through the index on visit.unit_id
    assert len(grouped) == 3, statements
    [main] = [st for st in grouped if "GROUP BY v.unit_id" in st[0]]
    [unitless] = [st for st in grouped if "unit_id IS NULL" in st[0]]
    con = sqlite3.connect(big.path)
    try:
        plan = [r[3] for r in con.execute("EXPLAIN QUERY PLAN " + main[0], main[1])]
        plan_unitless = [r[3] for r in con.execute("EXPLAIN QUERY PLAN " + unitless[0], unitless[1])]
    finally:
        con.close()
    assert any("COVERING INDEX ix_recommendation_visit_status_deadline" in step for step in plan), plan
    assert any(step.startswith("SEARCH v USING") and "(unit_id=?)" in step for step in plan_unitless), plan_unitless


def test_search_ranks_only_the_newest_candidates(big: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    everything = big.search.search("giam sat", limit=1000, today=TODAY)
    monkeypatch.setattr(search_service, "RANK_CANDIDATES", 5)
    capped = big.search.search("giam sat", limit=1000, today=TODAY)
    assert len(everything) > 5 and len(capped) == 5
    assert {h.id for h in capped} <= {h.id for h in everything}
    filtered = big.search.search("giam sat kind:statement", limit=1000, today=TODAY)
    assert len(filtered) == 5 and {h.entity for h in filtered} == {"statement"}


# -- open: damage detection without reading a big file first -----------------------------------------------------


def test_big_clean_file_defers_the_full_check(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "QUICK_CHECK_MAX_BYTES", 0)
    with Store.open(synthetic, create=False) as s:
        assert s.verified is False
        fractions: list[float] = []
        assert s.verify(progress=lambda f, _text: fractions.append(f)) == []
        assert s.verified is True and fractions[-1] == 1.0
    with Store.open(synthetic, create=False, verify="full") as s:
        assert s.verified is True
    with Store.open(synthetic, create=False, verify="defer") as s:
        assert s.verified is False


def test_unclean_last_session_forces_the_full_check(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "QUICK_CHECK_MAX_BYTES", 0)
    lock = synthetic.with_name(synthetic.name + ".lock")
    lock.write_bytes(dataclasses.replace(LockInfo.mine(), pid=2**22 + 12345).as_json())  # a crashed session's
    try:
        with Store.open(synthetic, create=False) as s:
            assert s.verified is True
    finally:
        lock.unlink(missing_ok=True)


def test_verify_can_be_cancelled(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "QUICK_CHECK_MAX_BYTES", 0)
    with Store.open(synthetic, create=False) as s:
        assert s.verify(cancelled=lambda: True) == [] and s.verified is False


def test_damage_in_a_big_file_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.ssdesk"
    build_synthetic(path, "tiny")
    con = sqlite3.connect(path)
    page = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='ix_recommendation_list'").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    for i in range((root - 1) * page + 8, (root - 1) * page + 64):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    monkeypatch.setattr(store_module, "QUICK_CHECK_MAX_BYTES", 0)
    try:
        s = Store.open(path, create=False)
    except DamagedCaseFileError:
        return  # the cheap checks on open caught it already
    with s:
        assert s.verified is False
        assert s.verify() != [] and s.damage and s.verified is True
