"""The dashboard's figures against a plain count of the same recommendations.

The dashboard counts in one streamed SQL pass grouped by what each visit is (revision 0013's index) and adds the
tasks of sessions without a visited unit to the units responsible for them; here every figure is counted again the
slow, obvious way, item by item, on a file with every status, deadlines on both sides of today and none, several
units and delegations, and review meetings convened by a body rather than a delegation.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections import Counter

import pytest

from ssdesk.enums import REC_CLOSED, RecStatus
from ssdesk.followup.dashboard import dashboard
from ssdesk.followup.schedule import NOT_WAITING
from ssdesk.i18n import _
from ssdesk.store import Store

TODAY = dt.date(2025, 6, 30)


def _fill(store: Store) -> None:
    rng = random.Random(21)
    with store.write():
        units = [store.catalog.add_unit(f"Đảng ủy phường số {i}", "district_committee").id for i in range(4)]
        departments = [store.catalog.add_unit(f"Sở số {i}", "department").id for i in range(2)]
        delegations = [store.catalog.add_delegation(f"Đoàn giám sát số {i}", "Ban Thường vụ").id for i in range(3)]
        visits = []
        for i in range(12):
            visits.append(store.visits.create(delegation_id=rng.choice(delegations), unit_id=rng.choice(units),
                                              starts_at=f"2024-0{1 + i % 9}-1{i % 9} 08:00").id)
        for i, body in enumerate(("Ban Chỉ đạo tỉnh", "Ban Chỉ đạo tỉnh", "UBND tỉnh")):
            visits.append(store.visits.create(kind="review_meeting", convening_body=body,
                                              starts_at=f"2024-0{i + 2}-12 08:00").id)
        for i in range(150):
            visit = rng.choice(visits)
            deadline = rng.choice([None, "2025-06-29", "2025-06-30", "2025-07-01", "2024-12-31", "2026-01-15"])
            store.recommendations.add(visit, direction=rng.choice(["request", "petition"]), text=f"Việc số {i}",
                                      addressee="UBND tỉnh", status=rng.choice(list(RecStatus)), deadline=deadline,
                                      responsible_unit_id=rng.choice([None, *departments]))


@pytest.mark.parametrize("packed", [True, False])
def test_every_figure_equals_a_plain_count(store: Store, monkeypatch: pytest.MonkeyPatch, packed: bool) -> None:
    """``packed``: the four figures as one sum (every office's case); otherwise the four sums that a group of 2^15
    recommendations or more is counted with (forced here by lowering the limit)."""
    from ssdesk.followup import dashboard as module

    if not packed:
        monkeypatch.setattr(module, "PACKED_LIMIT", 1)
    _fill(store)
    con = sqlite3.connect(str(store.path))
    rows = con.execute(
        "SELECT r.status, r.deadline, v.unit_id, v.delegation_id, v.convening_body, r.responsible_unit_id"
        " FROM recommendation r JOIN visit v ON v.id = r.visit_id").fetchall()
    unit_names = dict(con.execute("SELECT id, name FROM unit").fetchall())
    delegation_names = dict(con.execute("SELECT id, name FROM delegation").fetchall())
    con.close()
    closed = {s.value for s in REC_CLOSED}
    not_waiting = {s.value for s in NOT_WAITING}
    by_status: Counter[str] = Counter()
    units: dict[str, list[int]] = {}
    delegations: dict[str, list[int]] = {}
    for status, deadline, unit, delegation, body, responsible in rows:
        by_status[status] += 1
        name = unit_names[unit] if unit else unit_names.get(responsible, _("(no unit responsible)"))
        overdue = deadline is not None and str(deadline)[:10] < TODAY.isoformat() and status not in not_waiting
        u = units.setdefault(name, [0, 0, 0])
        u[0] += 1
        u[1] += status not in closed
        u[2] += overdue
        d = delegations.setdefault(delegation_names[delegation] if delegation else body, [0, 0, 0])
        d[0] += 1
        d[1] += status == "done"
        d[2] += status == "withdrawn"
    board = dashboard(store, TODAY)
    assert len(rows) == 150 and board.total == 150
    assert {s.value: n for s, n in board.by_status.items() if n} == dict(by_status)
    assert {u.unit: [u.total, u.open, u.overdue] for u in board.by_unit} == units
    assert {c.delegation: [c.total, c.done, c.withdrawn] for c in board.completion} == delegations
    assert board.overdue == sum(u[2] for u in units.values()) > 0
    # both sides of the deadline: the day itself is not yet overdue, the day before is
    assert dashboard(store, dt.date(2000, 1, 1)).overdue == 0


def test_the_visits_are_read_in_group_order(store: Store) -> None:
    """The pass reads visits from the covering index in (unit, delegation, body) order and each one's items from
    the recommendation index: no temporary B-tree sorts the items (what cost 220 ms at 100k)."""
    from sqlalchemy import event

    _fill(store)
    statements: list[tuple[str, object]] = []

    def record(_c: object, _cur: object, statement: str, parameters: object, _ctx: object, _many: bool) -> None:
        statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        dashboard(store, TODAY)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    [(sql, params)] = [st for st in statements if "GROUP BY v.unit_id" in st[0]]  # one pass: packed fields
    con = sqlite3.connect(str(store.path))
    plan = [r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql, params)]  # type: ignore[arg-type]
    con.close()
    assert any("COVERING INDEX ix_visit_unit_delegation" in step for step in plan), plan
    assert any("COVERING INDEX ix_recommendation_visit_status_deadline" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
