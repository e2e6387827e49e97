"""Services check their input, write nothing on error, enforce the follow-up workflow and audit every change."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from ssdesk import i18n
from ssdesk.enums import RecStatus, VisitState
from ssdesk.errors import InUseError, NotFoundError, ValidationError
from ssdesk.models import AuditEntry
from ssdesk.services.recommendations import Evidence
from ssdesk.store import Store


def visit(store: Store, basics: dict[str, str], **kw: object) -> str:
    values = {"delegation_id": basics["delegation"], "unit_id": basics["unit"], "starts_at": "27/02/2024 08:00",
              "programme_id": basics["programme"]}
    values.update(kw)
    return store.visits.create(**values).id


def test_visit_validation_names_every_bad_field_and_writes_nothing(store: Store, basics: dict[str, str]) -> None:
    before = store.counts()
    with pytest.raises(ValidationError) as info:
        store.visits.create(delegation_id=basics["delegation"], unit_id="nope", starts_at="2024-02-30 08:00",
                            form="weekly", indicators_met=30, indicators_total=27)
    fields = {e.field for e in info.value.errors}
    assert fields == {"unit_id", "starts_at", "form", "indicators_met"}
    assert store.counts() == before


def test_visit_end_before_start_and_unit_that_ended(store: Store, basics: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as info:
        visit(store, basics, starts_at="2025-08-01 08:00", ends_at="2025-08-01 07:00")
    assert info.value.for_field("ends_at") == ["The session must end after it starts."]
    assert "no longer existed on 01/08/2025" in info.value.for_field("unit_id")[0]


def test_update_is_checked_against_the_stored_record(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics, ends_at="27/02/2024 11:30")
    with pytest.raises(ValidationError):
        store.visits.update(vid, starts_at="27/02/2024 12:00")
    assert store.visits.get(vid).starts_at == dt.datetime(2024, 2, 27, 8, 0)
    store.visits.update(vid, place="  Trụ sở Quận ủy  ")
    assert store.visits.get(vid).place == "Trụ sở Quận ủy"


def test_visit_state_moves_one_step_at_a_time(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    with pytest.raises(ValidationError):
        store.visits.set_state(vid, VisitState.CONCLUDED)
    for state in ("held", "minutes_drafted", "concluded"):
        store.visits.set_state(vid, state)
    assert store.visits.get(vid).state is VisitState.CONCLUDED
    store.visits.set_state(vid, "minutes_drafted")  # one step back to correct
    assert store.visits.get(vid).state is VisitState.MINUTES_DRAFTED


def test_vietnamese_messages(store: Store, basics: dict[str, str]) -> None:
    i18n.set_language("vi")
    with pytest.raises(ValidationError) as info:
        visit(store, basics, starts_at="2024-02-27 10:00", ends_at="2024-02-27 09:00")
    assert info.value.for_field("ends_at") == ["Buổi làm việc phải kết thúc sau khi bắt đầu."]


def test_statements_keep_speaking_order_and_can_be_moved(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    ids = [store.visits.add_statement(vid, name, f"Ý kiến của {name}").id
           for name in ("Nguyễn Xuân Phong", "Phan Văn Mến", "Nguyễn Đình Hưng")]
    store.visits.move_statement(ids[2], 0)
    assert [s.speaker_name for s in store.visits.get(vid).statements] == [
        "Nguyễn Đình Hưng", "Nguyễn Xuân Phong", "Phan Văn Mến"]


def test_recommendation_deadline_must_follow_the_visit(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    with pytest.raises(ValidationError) as info:
        store.recommendations.add(vid, direction="request", text="Rà soát tiêu chí", deadline="2024-01-31")
    assert "must not be before the session (27/02/2024)" in info.value.for_field("deadline")[0]
    with pytest.raises(ValidationError) as info:
        store.recommendations.add(vid, direction="petition", text="Xây dựng bệnh viện quận")
    assert info.value.for_field("addressee")
    rec = store.recommendations.add(vid, direction="request", text="Rà soát tiêu chí", deadline="2024-06-30")
    assert rec.responsible_unit_id == basics["unit"] and rec.status is RecStatus.NEW


def test_follow_up_workflow(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    rid = store.recommendations.add(vid, direction="request", text="Tăng cường tuyên truyền",
                                    deadline="2024-06-30").id
    recs = store.recommendations
    with pytest.raises(ValidationError, match="cannot go from"):
        recs.change_status(rid, "done", date="2024-03-01")  # the delegation closes only what the unit reported done
    with pytest.raises(ValidationError, match="reason"):
        recs.change_status(rid, "cannot_do", date="2024-03-01")
    with pytest.raises(ValidationError, match="before the session"):
        recs.change_status(rid, "in_progress", date="2024-02-01")
    with pytest.raises(ValidationError, match="future"):
        recs.change_status(rid, "in_progress", date="2024-03-01", today=dt.date(2024, 2, 28))
    recs.change_status(rid, "in_progress", date="2024-03-01", note="Đã ban hành kế hoạch")
    recs.change_status(rid, "reported_done", date="2024-06-20", reporter="Quận ủy Hoàng Mai",
                       evidence=[Evidence("bao-cao.pdf", b"%PDF-1.4 test")])
    recs.change_status(rid, "done", date="2024-07-05", note="Đoàn xác nhận")
    rec = recs.get(rid)
    assert rec.status is RecStatus.DONE and rec.status_changed_on == dt.date(2024, 7, 5)
    history = [(f.old_status, f.new_status) for f in rec.follow_ups]
    assert history == [(RecStatus.NEW, RecStatus.IN_PROGRESS), (RecStatus.IN_PROGRESS, RecStatus.REPORTED_DONE),
                       (RecStatus.REPORTED_DONE, RecStatus.DONE)]
    att = rec.follow_ups[1].attachments[0]
    assert att.media_type == "application/pdf" and att.size == 13
    assert recs.attachment_content(att.id) == b"%PDF-1.4 test"


def test_overdue_is_derived(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    a = store.recommendations.add(vid, direction="request", text="A", deadline="2024-06-30").id
    b = store.recommendations.add(vid, direction="request", text="B", deadline="2024-12-31").id
    c = store.recommendations.add(vid, direction="request", text="C", deadline="2024-05-31").id
    store.recommendations.change_status(c, "reported_done", date="2024-05-20")
    overdue = store.recommendations.rows(overdue=True, today=dt.date(2024, 7, 1))
    assert [r.id for r in overdue] == [a]
    assert {r.id: r.overdue for r in store.recommendations.rows(today=dt.date(2025, 1, 1))} == {
        a: True, b: True, c: False}


def test_every_change_is_audited(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    store.visits.update(vid, place="Hội trường UBND quận")
    with store.read() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.entity_id == vid).order_by(AuditEntry.at)))
    assert [e.action for e in entries] == ["insert", "update"]
    assert json.loads(entries[0].new)["starts_at"] == "2024-02-27T08:00:00"
    assert (entries[1].field, entries[1].old, entries[1].new) == ("place", None, "Hội trường UBND quận")
    assert entries[1].user == "tester@test"


def test_delete_refuses_to_orphan_and_says_what_depends(store: Store, basics: dict[str, str]) -> None:
    visit(store, basics)
    with pytest.raises(InUseError) as info:
        store.catalog.delete_unit(basics["unit"])
    assert info.value.dependants == {"Working session": 1}
    assert "cannot be deleted" in str(info.value)
    with pytest.raises(NotFoundError):
        store.catalog.delete_unit("missing")


def test_unit_succession_keeps_the_old_unit(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    new = store.catalog.add_unit("Đảng ủy phường Hoàng Mai", "ward_committee", valid_from="2025-07-01")
    store.catalog.add_succession(basics["unit"], new.id, "replaced", effective_on="2025-07-01")
    assert [u.name for u in store.catalog.successors(basics["unit"])] == ["Đảng ủy phường Hoàng Mai"]
    assert store.visits.get(vid).unit.name == "Ban Thường vụ Quận ủy Hoàng Mai"
    current = [u.name for u in store.catalog.units(current_on=dt.date(2025, 8, 1))]
    assert current == ["Đảng ủy phường Hoàng Mai"]
    assert len(store.catalog.units()) == 2


def test_delegation_has_one_head(store: Store, basics: dict[str, str]) -> None:
    a = store.catalog.add_person("Nguyễn Thị Tuyến", title="Phó Bí thư Thường trực Thành ủy")
    b = store.catalog.add_person("Phan Văn Mến")
    m = store.catalog.add_member(basics["delegation"], a.id, "head")
    assert m.position == "Phó Bí thư Thường trực Thành ủy"
    with pytest.raises(ValidationError, match="already has a head"):
        store.catalog.add_member(basics["delegation"], b.id, "head")
    store.catalog.add_member(basics["delegation"], b.id, "member")
    members = store.catalog.delegation(basics["delegation"]).members
    assert [(x.person.full_name, x.role.value) for x in members] == [("Nguyễn Thị Tuyến", "head"),
                                                                      ("Phan Văn Mến", "member")]


def test_catalog_update_rechecks_the_whole_record(store: Store, basics: dict[str, str]) -> None:
    from ssdesk.models import Unit

    with pytest.raises(ValidationError) as info:
        store.catalog.update(Unit, basics["unit"], valid_from="2025-08-01")  # after its stored end
    assert info.value.for_field("valid_to") == ["A unit must end after it starts."]
    child = store.catalog.add_unit("Đảng ủy phường Hoàng Liệt", "ward_committee", parent_id=basics["unit"])
    with pytest.raises(ValidationError, match="under itself"):
        store.catalog.update(Unit, basics["unit"], parent_id=child.id)
    store.catalog.update(Unit, basics["unit"], short_name="Quận ủy Hoàng Mai")
    assert store.catalog.unit(basics["unit"]).short_name == "Quận ủy Hoàng Mai"
    with pytest.raises(ValidationError, match="Unknown field"):
        store.catalog.update(Unit, basics["unit"], colour="red")


def test_catalog_dependants_and_delete(store: Store, basics: dict[str, str]) -> None:
    from ssdesk.models import Delegation, Person

    visit(store, basics)
    assert store.catalog.dependants(Delegation, basics["delegation"]) == {"Working session": 1}
    p = store.catalog.add_person("Vương Hương Giang")
    assert store.catalog.dependants(Person, p.id) == {}
    store.catalog.delete(Person, p.id)
    assert store.catalog.persons() == []


def test_visit_parts_update_remove_and_reorder(store: Store, basics: dict[str, str]) -> None:
    from ssdesk.models import Attendee, Finding

    vid = visit(store, basics)
    a = store.visits.add_attendee(vid, "Nguyễn Xuân Linh", "unit", title="Bí thư Quận ủy")
    with pytest.raises(ValidationError) as info:
        store.visits.update_part(Attendee, a.id, delegation_role="head")  # a unit-side attendee has no role
    assert info.value.for_field("delegation_role")
    store.visits.update_part(Attendee, a.id, title="Bí thư Quận ủy Hoàng Mai", presides=False)
    f1 = store.visits.add_finding(vid, "limitation", "Dân số tăng nhanh")
    f2 = store.visits.add_finding(vid, "difficulty", "62 trường ngoài công lập chưa xây dựng")
    store.visits.move_part(Finding, f2.id, 0)
    got = store.visits.get(vid)
    assert got.attendees[0].title == "Bí thư Quận ủy Hoàng Mai"
    assert [f.id for f in got.findings] == [f2.id, f1.id]
    store.visits.remove_part(Finding, f1.id)
    assert [f.id for f in store.visits.get(vid).findings] == [f2.id]


def test_a_corrected_attendee_is_corrected_in_what_they_said(store: Store, basics: dict[str, str]) -> None:
    """The title typed first ("Trưởng phòng Văn hóa – Xã hội") corrected in the list of those present: the
    statements made by that attendee say the new title too, so the minutes call one person one thing (GUI walk).
    A statement whose speaker was typed otherwise is left as typed."""
    from ssdesk.documents import render
    from ssdesk.models import Attendee, Statement

    vid = visit(store, basics)
    a = store.visits.add_attendee(vid, "Lưu Ngọc Hà", "unit", title="Trưởng phòng Văn hóa – Xã hội quận")
    said = store.visits.add_statement(vid, "Lưu Ngọc Hà", "Quận đã rà soát.", attendee_id=a.id,
                                      speaker_title="Trưởng phòng Văn hóa – Xã hội quận")
    other = store.visits.add_statement(vid, "Lưu Ngọc Hà", "Xin giải trình thêm.", attendee_id=a.id,
                                       speaker_title="thay mặt Ủy ban")
    store.visits.update_part(Attendee, a.id, title="Chủ tịch UBND quận Đống Đa")
    with store.read() as s:
        assert s.get(Statement, said.id).speaker_title == "Chủ tịch UBND quận Đống Đa"
        assert s.get(Statement, other.id).speaker_title == "thay mặt Ủy ban"
    import io

    from pypdf import PdfReader

    printed = " ".join(" ".join(p.extract_text().split())
                       for p in PdfReader(io.BytesIO(render(store, "minutes", "pdf", visit_id=vid))).pages)
    assert "Trưởng phòng Văn hóa" not in printed and "Lưu Ngọc Hà, Chủ tịch UBND quận Đống Đa" in printed


def test_recommendation_with_history_cannot_be_deleted(store: Store, basics: dict[str, str]) -> None:
    vid = visit(store, basics)
    a = store.recommendations.add(vid, direction="request", text="A").id
    b = store.recommendations.add(vid, direction="request", text="B").id
    store.recommendations.change_status(b, "in_progress", date="2024-03-01")
    store.recommendations.remove(a)
    with pytest.raises(InUseError, match="cannot be deleted"):
        store.recommendations.remove(b)
    assert [r.text for r in store.recommendations.rows()] == ["B"]
