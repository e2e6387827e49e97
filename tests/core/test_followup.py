"""Follow-up core: a recommendation's life, deadlines and reporting periods, bulk changes, re-supervision, filters."""

from __future__ import annotations

import datetime as dt

import pytest

from ssdesk.enums import RecStatus
from ssdesk.errors import ValidationError
from ssdesk.followup.filters import Criteria
from ssdesk.followup.resupervision import Check
from ssdesk.followup.schedule import add_months, next_report_due, report_dates
from ssdesk.models import FollowUp, RecheckEntry
from ssdesk.services.recommendations import Evidence
from ssdesk.store import Store

D = dt.date


def visit(store: Store, basics: dict[str, str], starts: str = "27/02/2024 08:00", **kw: object) -> str:
    values = {"delegation_id": basics["delegation"], "unit_id": basics["unit"], "starts_at": starts,
              "programme_id": basics["programme"], **kw}
    return store.visits.create(**values).id


def rec(store: Store, vid: str, text: str = "Rà soát tiêu chí", **kw: object) -> str:
    return store.recommendations.add(vid, direction=kw.pop("direction", "request"), text=text, **kw).id


def count(store: Store, model: type) -> int:
    return store.counts()[model.__tablename__]


def test_whole_life_with_history(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    rid = rec(store, vid, deadline="2024-06-30", ref="4.1")
    today = D(2024, 12, 1)
    fu = store.followup
    fu.record(rid, date="2024-03-05", status="in_progress", note="Đã ban hành kế hoạch", today=today)
    fu.record(rid, date="2024-04-10", note="Đã rà soát 10/14 phường", today=today)
    fu.record(rid, date="2024-06-20", status="reported_done", note="Báo cáo số 12",
              evidence=[Evidence("bao-cao.pdf", b"%PDF-1.4 evidence")], today=today)
    fu.record(rid, date="2024-07-02", status=RecStatus.DONE, note="Văn phòng xác nhận", today=today)
    hist = fu.history(rid)
    assert [(h.date, h.old_status, h.new_status) for h in hist] == [
        (D(2024, 3, 5), RecStatus.NEW, RecStatus.IN_PROGRESS),
        (D(2024, 4, 10), RecStatus.IN_PROGRESS, None),
        (D(2024, 6, 20), RecStatus.IN_PROGRESS, RecStatus.REPORTED_DONE),
        (D(2024, 7, 2), RecStatus.REPORTED_DONE, RecStatus.DONE)]
    assert all(h.recorded_by == "tester@test" for h in hist)
    name, sha, size = hist[2].evidence[0]
    assert name == "bao-cao.pdf" and size == 17 and len(sha) == 64
    assert store.recommendations.get(rid).status is RecStatus.DONE
    # reopened after a re-supervision, then bad input refused and nothing half-written
    fu.record(rid, date="2024-08-01", status="in_progress", note="Tái giám sát: chưa đạt", today=today)
    before = count(store, FollowUp)
    with pytest.raises(ValidationError) as err:
        fu.record(rid, date="2024-01-01", status="reported_done", note="x", today=today)
    assert "before the session" in str(err.value)
    with pytest.raises(ValidationError, match="required"):
        fu.record(rid, date=None, status="reported_done", note="x", today=today)
    assert count(store, FollowUp) == before


def test_petition_answer_is_reported_by_the_addressee(store: Store, basics: dict[str, str]) -> None:
    rid = rec(store, visit(store, basics), "Xây dựng bệnh viện quận", direction="petition",
              addressee="UBND Thành phố")
    store.followup.record(rid, date="2024-05-01", status="in_progress", note="Đã giao Sở Y tế", today=D(2024, 6, 1))
    assert store.followup.history(rid)[0].reporter == "UBND Thành phố"


def test_overdue_around_the_deadline(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    rid = rec(store, vid, deadline="2024-06-30")
    overdue = lambda day: [i.rec_id for i in store.followup.overdue(day)]  # noqa: E731
    assert overdue(D(2024, 6, 29)) == [] and overdue(D(2024, 6, 30)) == []
    assert overdue(D(2024, 7, 1)) == [rid]
    assert store.followup.overdue(D(2024, 7, 11))[0].days_left == -11
    store.followup.record(rid, date="2024-07-02", status="reported_done", note="xong", today=D(2024, 7, 2))
    assert overdue(D(2024, 8, 1)) == []  # the unit says done: the overseer's move, not the unit's delay
    store.followup.record(rid, date="2024-07-05", status="done", note="xác nhận", today=D(2024, 7, 5))
    assert overdue(D(2024, 8, 1)) == []
    assert [r.id for r in store.recommendations.rows(overdue=True, today=D(2024, 8, 1))] == []


def test_due_within_and_fell_due_since(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    a = rec(store, vid, "A", deadline="2024-06-10")
    b = rec(store, vid, "B", deadline="2024-06-20")
    rec(store, vid, "C", deadline="2024-09-01")
    today = D(2024, 6, 10)
    assert [i.rec_id for i in store.followup.due_within(today, 10)] == [a, b]
    assert [i.rec_id for i in store.followup.due_within(today, 9)] == [a]
    assert store.followup.due_within(today, 10)[0].days_left == 0
    assert [i.rec_id for i in store.followup.fell_due_since(D(2024, 6, 1), D(2024, 6, 21))] == [a, b]
    assert [i.rec_id for i in store.followup.fell_due_since(D(2024, 6, 11), D(2024, 6, 21))] == [b]
    assert store.followup.fell_due_since(D(2024, 6, 21), D(2024, 6, 21)) == []
    with pytest.raises(ValidationError):
        store.followup.fell_due_since(D(2024, 7, 1), D(2024, 6, 1))


def test_recurring_reporting_period(store: Store, basics: dict[str, str]) -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert report_dates(D(2024, 3, 31), 3, D(2024, 1, 1), D(2024, 12, 31)) == [
        D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]
    assert next_report_due(D(2024, 3, 31), 3, D(2024, 7, 1)) == D(2024, 9, 30)
    assert next_report_due(D(2024, 3, 31), 3, D(2024, 6, 30)) == D(2024, 6, 30)
    assert next_report_due(D(2024, 3, 31), 3, D(2024, 1, 5)) == D(2024, 3, 31)
    rid = rec(store, visit(store, basics), "Báo cáo hằng quý", deadline="2025-12-31")
    store.followup.set_schedule(rid, 3, "2024-03-31")
    due = store.followup.due_within(D(2024, 6, 20), 15)
    assert [(i.rec_id, i.kind, i.due) for i in due] == [(rid, "report", D(2024, 6, 30))]
    store.followup.record(rid, date="2024-06-25", note="Báo cáo quý II", today=D(2024, 6, 25))
    assert store.followup.due_within(D(2024, 6, 25), 10) == []  # this quarter's report came
    fell = store.followup.fell_due_since(D(2024, 3, 1), D(2024, 10, 5))
    assert [(i.kind, i.due) for i in fell] == [("report", D(2024, 3, 31)), ("report", D(2024, 9, 30))]
    with pytest.raises(ValidationError, match="months"):
        store.followup.set_schedule(rid, 5, "2024-03-31")
    with pytest.raises(ValidationError, match="before the session"):
        store.followup.set_schedule(rid, 3, "2024-01-31")
    store.followup.set_schedule(rid, None)
    assert store.followup.due_within(D(2024, 9, 20), 15) == []


def test_bulk_change_all_or_nothing(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    ids = [rec(store, vid, f"Yêu cầu {i}", ref=f"4.{i}") for i in range(1, 4)]
    today = D(2024, 5, 1)
    store.followup.record(ids[1], date="2024-03-01", status="in_progress", note="x", today=today)
    store.followup.record(ids[1], date="2024-03-02", status="reported_done", note="x", today=today)
    before = count(store, FollowUp)
    with pytest.raises(ValidationError) as err:  # "done" is only allowed after the unit reported done
        store.followup.bulk_change(ids, "done", date="2024-04-01", note="Đoàn xác nhận", today=today)
    fields = [e.field for e in err.value.errors]
    assert fields == ["items[0]", "items[2]"]
    assert "4.1" in err.value.errors[0].message and "4.3" in err.value.errors[1].message
    assert count(store, FollowUp) == before
    assert store.recommendations.get(ids[1]).status is RecStatus.REPORTED_DONE
    with pytest.raises(ValidationError):
        store.followup.bulk_change([ids[0], "nope"], "in_progress", date="2024-04-01", note="n", today=today)
    assert count(store, FollowUp) == before
    steps = store.followup.bulk_change([ids[0], ids[2]], "in_progress", date="2024-04-01", note="Chung", today=today)
    assert len(steps) == 2 and all(s.progress == "Chung" for s in steps)
    assert {store.recommendations.get(i).status for i in (ids[0], ids[2])} == {RecStatus.IN_PROGRESS}


def test_resupervision(store: Store, basics: dict[str, str]) -> None:
    first = visit(store, basics)
    done_id = rec(store, first, "Đã xong")
    open_id = rec(store, first, "Còn dở", deadline="2024-06-30")
    today = D(2024, 11, 1)
    for status in ("in_progress", "reported_done", "done"):
        store.followup.record(done_id, date="2024-04-01", status=status, note="x", today=today)
    later = visit(store, basics, "15/10/2024 08:00")
    assert [r.id for r in store.followup.pick_up(later)] == [open_id]
    assert store.followup.pick_up(first) == []
    entries = store.followup.recheck(later, [Check(open_id, "in_progress", "Mới đạt 8/14 phường"),
                                             Check(done_id, "in_progress", "Tái giám sát: chưa đạt")], today=today)
    assert [e.status for e in entries] == [RecStatus.IN_PROGRESS, RecStatus.IN_PROGRESS]
    assert store.recommendations.get(done_id).status is RecStatus.IN_PROGRESS  # reopened
    assert store.followup.history(done_id)[-1].date == D(2024, 10, 15)
    assert [e.visit_id for e in store.followup.rechecks(rec_id=open_id)] == [later]
    before = (count(store, FollowUp), count(store, RecheckEntry))
    with pytest.raises(ValidationError) as err:  # already checked; and an item of a later session
        store.followup.recheck(later, [Check(open_id, "in_progress")], today=today)
    assert "already checked" in str(err.value)
    with pytest.raises(ValidationError, match="not earlier"):
        store.followup.recheck(first, [Check(open_id, "in_progress")], today=today)
    with pytest.raises(ValidationError, match="not taken place"):
        store.followup.recheck(later, [Check(open_id, "in_progress")], today=D(2024, 10, 1))
    assert (count(store, FollowUp), count(store, RecheckEntry)) == before


def test_saved_filters_round_trip(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    a = rec(store, vid, "A", deadline="2024-05-01")
    rec(store, vid, "B", deadline="2024-09-01")
    rec(store, vid, "C", direction="petition", addressee="UBND", deadline="2024-05-15")
    crit = Criteria.from_values({"delegation_id": basics["delegation"], "unit_id": basics["unit"],
                                 "statuses": ["new", "Đang thực hiện"], "direction": "request",
                                 "deadline_from": "2024-04-01", "deadline_to": "30/06/2024",
                                 "programme_id": basics["programme"], "overdue_only": True})
    store.followup.save_filter("Quá hạn Đoàn 1", crit)
    assert store.followup.filter_names() == ["Quá hạn Đoàn 1"]
    loaded = store.followup.load_filter("Quá hạn Đoàn 1")
    assert loaded == crit and loaded.statuses == (RecStatus.NEW, RecStatus.IN_PROGRESS)
    assert [r.id for r in store.followup.apply_filter(loaded, today=D(2024, 7, 1))] == [a]
    assert store.followup.apply_filter(loaded, today=D(2024, 4, 1)) == []
    store.followup.save_filter("Quá hạn Đoàn 1", Criteria())  # same name: replaced
    assert len(store.followup.apply_filter(store.followup.load_filter("Quá hạn Đoàn 1"), today=D(2024, 7, 1))) == 3
    with pytest.raises(ValidationError, match="No such unit"):
        store.followup.save_filter("x", Criteria(unit_id="nope"))
    with pytest.raises(ValidationError, match="end on or after"):
        Criteria.from_values({"deadline_from": "2024-06-01", "deadline_to": "2024-05-01"})
    with pytest.raises(ValidationError):
        store.followup.save_filter("  ", Criteria())
    store.followup.delete_filter("Quá hạn Đoàn 1")
    assert store.followup.filter_names() == []
