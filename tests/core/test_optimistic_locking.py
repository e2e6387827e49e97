"""Optimistic locking on SQLite (the same rules as on the office server, tests/server): a record changed by someone
else since it was opened is reported with who changed what, and nothing is written; ``row_version`` stays out of the
audit log, the exchange format and merge digests."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ssdesk.demo import build_demo
from ssdesk.errors import ConflictError
from ssdesk.exchange import dump_visit, export_visit
from ssdesk.models import AuditEntry, Recommendation, Statement, Unit
from ssdesk.safety.merge import merge
from ssdesk.safety.package import make_laptop_copy
from ssdesk.store import Store


@pytest.fixture
def demo(tmp_path: Path):
    with Store.open(tmp_path / "office.ssdesk", user="lan@vp") as store:
        visit_id = build_demo(store)
        yield store, visit_id


def _updates_by(store: Store, ident: str) -> list[tuple[str, str | None]]:
    with store.read() as s:
        return [tuple(r) for r in s.execute(select(AuditEntry.user, AuditEntry.field).where(
            AuditEntry.entity_id == ident, AuditEntry.action == "update").order_by(AuditEntry.at))]


def test_an_update_with_a_stale_version_is_refused_and_names_who_and_what(demo, tmp_path: Path) -> None:
    store, visit_id = demo
    rec = store.visits.get(visit_id).recommendations[0]
    opened = rec.row_version
    store.user = "minh@vp"  # another user of the same file (a second Store cannot take the file's lock)
    store.recommendations.update(rec.id, text="Bản của Minh", expected_version=opened)
    store.user = "lan@vp"
    before = _updates_by(store, rec.id)
    with pytest.raises(ConflictError) as info:
        store.recommendations.update(rec.id, text="Bản của Lan", ref="9", expected_version=opened)
    assert "minh@vp" in str(info.value) and "text" in str(info.value) and info.value.fields == ["text"]
    assert info.value.expected == opened and info.value.current == opened + 1
    after = store.recommendations.get(rec.id)
    assert after.text == "Bản của Minh" and after.ref == rec.ref and _updates_by(store, rec.id) == before
    # with the version just read, the same change goes through and raises the version
    saved = store.recommendations.update(rec.id, text="Bản của Lan", expected_version=after.row_version)
    assert saved.row_version == opened + 2


def test_every_update_service_checks_the_version(demo) -> None:
    store, visit_id = demo
    visit = store.visits.get(visit_id)
    unit = store.catalog.unit(visit.unit_id)
    statement = visit.statements[0]
    rec = visit.recommendations[0]
    store.catalog.update(Unit, unit.id, note="a", expected_version=unit.row_version)
    with pytest.raises(ConflictError):
        store.catalog.update(Unit, unit.id, note="b", expected_version=unit.row_version)
    store.visits.update(visit_id, place="Phòng họp 1", expected_version=visit.row_version)
    with pytest.raises(ConflictError):
        store.visits.update(visit_id, place="Phòng họp 2", expected_version=visit.row_version)
    store.visits.update_part(Statement, statement.id, text="Sửa lần 1", expected_version=statement.row_version)
    with pytest.raises(ConflictError):
        store.visits.update_part(Statement, statement.id, text="Sửa lần 2", expected_version=statement.row_version)
    store.recommendations.update(rec.id, cooperating="Sở Y tế", expected_version=rec.row_version)
    follow_ups = store.counts()["follow_up"]
    with pytest.raises(ConflictError):
        store.recommendations.add_progress(rec.id, date="2024-05-01", note="Đang làm", expected_version=rec.row_version)
    assert store.counts()["follow_up"] == follow_ups  # the follow-up step was not recorded either
    assert store.catalog.unit(unit.id).note == "a" and store.visits.get(visit_id).place == "Phòng họp 1"


def test_a_row_changed_between_a_sessions_read_and_its_write_is_a_conflict(demo) -> None:
    store, visit_id = demo
    rec_id = store.visits.get(visit_id).recommendations[0].id
    loaded, go = threading.Event(), threading.Event()
    outcome: list[BaseException | str] = []

    def slow_editor() -> None:
        try:
            with store.write() as s:
                rec = s.get(Recommendation, rec_id)
                loaded.set()
                go.wait(10)
                assert rec is not None
                rec.text = "Bản chậm"
            outcome.append("saved")
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=slow_editor)
    worker.start()
    assert loaded.wait(10)
    store.recommendations.update(rec_id, text="Bản nhanh")  # another session writes first
    go.set()
    worker.join()
    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError), outcome
    assert "Recommendation" in str(outcome[0]) and "lan@vp" in str(outcome[0])
    assert store.recommendations.get(rec_id).text == "Bản nhanh"


def test_threads_updating_different_rows_all_land(demo) -> None:
    store, _visit = demo
    recs = [r.id for r in store.recommendations.rows()]
    start = {r: store.recommendations.get(r).row_version for r in recs}
    errors: list[BaseException] = []

    def work(rec_id: str) -> None:
        try:
            version = start[rec_id]
            for i in range(10):
                version = store.recommendations.update(rec_id, text=f"lần {i}", expected_version=version).row_version
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(r,)) for r in recs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with store.read() as s:
        versions = dict(s.execute(select(Recommendation.id, Recommendation.row_version)).all())
        logged = s.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "recommendation", AuditEntry.field == "text")).scalar_one()
    assert all(versions[r] == start[r] + 10 for r in recs) and logged == 10 * len(recs)


def test_the_version_is_not_audited_exported_or_merged_as_content(demo, tmp_path: Path) -> None:
    store, visit_id = demo
    rec = store.visits.get(visit_id).recommendations[0]
    store.recommendations.update(rec.id, text="Sửa")
    with store.read() as s:
        fields = set(s.scalars(select(AuditEntry.field).where(AuditEntry.field.is_not(None))))
        inserted = s.scalars(select(AuditEntry.new).where(AuditEntry.action == "insert")).first()
    assert "row_version" not in fields and "row_version" not in (inserted or "")
    assert "row_version" not in dump_visit(export_visit(store, visit_id))
    laptop = make_laptop_copy(store, tmp_path / "laptop.ssdesk")
    version = store.recommendations.get(rec.id).row_version
    with Store.open(laptop, create=False, user="thuky@laptop") as lap:
        lap.recommendations.update(rec.id, text="Sửa trên máy xách tay")
        lap.recommendations.update(rec.id, text="Sửa lần hai trên máy xách tay")
    report = merge(store, laptop)
    assert report.applied and not report.conflicts
    merged = store.recommendations.get(rec.id)
    # the office's version goes up by one (whoever has it open is told), whatever the laptop's counter says
    assert merged.text == "Sửa lần hai trên máy xách tay" and merged.row_version == version + 1
    assert merge(store, laptop).changes == 0


def test_many_items_at_once_write_nothing_when_one_changed(demo) -> None:
    """Bulk status changes and re-supervision check every item's version in the transaction they write in."""
    store, visit_id = demo
    recs = store.visits.get(visit_id).recommendations[:3]
    versions = store.recommendations.versions([r.id for r in recs])
    store.user = "minh@vp"
    store.recommendations.update(recs[2].id, text="Minh sửa", expected_version=versions[recs[2].id])
    store.user = "lan@vp"
    with pytest.raises(ConflictError) as info, store.recommendations.unchanged_since(versions):
        for rec in recs:
            store.recommendations.update(rec.id, ref="X")
    assert "minh@vp" in str(info.value)
    assert [store.recommendations.get(r.id).ref for r in recs] == [r.ref for r in recs]
    with store.recommendations.unchanged_since(store.recommendations.versions([r.id for r in recs])):
        for rec in recs:
            store.recommendations.update(rec.id, ref="X")
    assert {store.recommendations.get(r.id).ref for r in recs} == {"X"}


def test_reporting_period_set_by_someone_else_meanwhile_is_a_conflict(demo) -> None:
    store, visit_id = demo
    rec = store.visits.get(visit_id).recommendations[0]
    shown = store.followup.schedule_version(rec.id)
    assert shown is None
    store.user = "minh@vp"
    store.followup.set_schedule(rec.id, 3, "2024-06-30", expected=shown)
    store.user = "lan@vp"
    with pytest.raises(ConflictError) as info:
        store.followup.set_schedule(rec.id, 6, "2024-06-30", expected=shown)
    assert "minh@vp" in str(info.value)
    assert store.followup.get_schedule(rec.id)[0] == 3
    store.followup.set_schedule(rec.id, 6, "2024-06-30", expected=store.followup.schedule_version(rec.id))
    assert store.followup.get_schedule(rec.id)[0] == 6
    store.followup.set_schedule(rec.id, 12, "2024-06-30")  # scripts and the CLI check no version
    assert store.followup.get_schedule(rec.id)[0] == 12
