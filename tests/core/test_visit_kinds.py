"""Other shapes of sessions (issue 13): a steering committee's review meeting has a convening body but neither
delegation nor visited unit; an inspection, a survey, a hearing. Validation per kind, an older file migrated, and
everything that used to assume a delegation and a unit: lists, search, follow-up, exchange JSON, packages, merge."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine, event, text

from ssdesk import i18n, migrations
from ssdesk.casefile import APPLICATION_ID, set_pragmas
from ssdesk.enums import VisitKind
from ssdesk.errors import ValidationError
from ssdesk.exchange import export_visit, import_visit
from ssdesk.followup.filters import Criteria
from ssdesk.followup.reminders import overdue_of, render_reminder
from ssdesk.listing import list_rows
from ssdesk.safety.merge import merge
from ssdesk.safety.package import export_package, make_laptop_copy
from ssdesk.store import Store

BODY = "Ban Chỉ đạo các chương trình mục tiêu quốc gia tỉnh Lai Châu"


def _review_meeting(store: Store) -> tuple[str, dict[str, str]]:
    """A review meeting (giao ban) that gives tasks to two departments, each responsible for its own."""
    agri = store.catalog.add_unit("Sở Nông nghiệp và Môi trường", "department")
    ethnic = store.catalog.add_unit("Sở Dân tộc và Tôn giáo", "department")
    visit = store.visits.create(kind="review_meeting", convening_body=BODY, starts_at="2025-03-12 08:00",
                                title="Hội nghị giao ban quý I năm 2025", place="Hội trường UBND tỉnh")
    for unit, task in ((agri, "Hoàn thành giải ngân vốn sự nghiệp trước ngày 30/6"),
                       (ethnic, "Tổng hợp khó khăn, vướng mắc của các huyện")):
        store.recommendations.add(visit.id, direction="request", text=task, responsible_unit_id=unit.id,
                                  deadline="2025-04-30")
    return visit.id, {"agri": agri.id, "ethnic": ethnic.id}


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_each_kind_asks_for_what_it_needs_and_names_the_field_in_vietnamese(store: Store) -> None:
    d = store.catalog.add_delegation("Đoàn kiểm tra số 3", "Ban Bí thư")
    u = store.catalog.add_unit("Tỉnh ủy Lai Châu", "city_committee")
    i18n.set_language("vi")
    with pytest.raises(ValidationError) as exc:
        store.visits.create(starts_at="2025-03-12 08:00")  # a supervision by default: delegation and unit
    assert _fields(exc) == {"delegation_id": "Buổi làm việc loại “Giám sát” cần có đoàn.",
                            "unit_id": "Buổi làm việc loại “Giám sát” cần có đơn vị làm việc."}
    with pytest.raises(ValidationError) as exc:
        store.visits.create(kind="inspection", delegation_id=d.id, starts_at="2025-03-12 08:00")
    assert list(_fields(exc)) == ["unit_id"]
    with pytest.raises(ValidationError) as exc:
        store.visits.create(kind="review_meeting", convening_body="  ", starts_at="2025-03-12 08:00")
    assert _fields(exc) == {"convening_body": "Buổi làm việc loại “Hội nghị giao ban, sơ kết” cần có cơ quan chủ trì."}
    with pytest.raises(ValidationError) as exc:
        store.visits.create(kind="other", starts_at="2025-03-12 08:00")  # held by nobody
    assert _fields(exc) == {"convening_body": "Cần ghi rõ ai tổ chức buổi làm việc: đoàn hoặc cơ quan chủ trì."}
    with pytest.raises(ValidationError) as exc:
        store.visits.create(kind="giao ban", convening_body=BODY, starts_at="2025-03-12 08:00")
    assert list(_fields(exc)) == ["kind"]
    i18n.set_language("en")

    review = store.visits.create(kind="review_meeting", convening_body=f"  {BODY} ", starts_at="2025-03-12 08:00")
    assert (review.kind, review.convening_body, review.delegation_id, review.unit_id) == \
        (VisitKind.REVIEW_MEETING, BODY, None, None)
    hearing = store.visits.create(kind="Hearing", convening_body="Thường trực HĐND tỉnh", unit_id=u.id,
                                  starts_at="2025-05-20 14:00")  # the label is accepted too
    assert hearing.kind is VisitKind.HEARING
    survey = store.visits.create(kind="survey", delegation_id=d.id, unit_id=u.id, starts_at="2025-06-01 08:00")
    assert survey.kind is VisitKind.SURVEY
    # a change is checked against the whole record: the convening body of a review meeting cannot be emptied,
    # and a supervision cannot lose its unit
    with pytest.raises(ValidationError) as exc:
        store.visits.update(review.id, convening_body="")
    assert list(_fields(exc)) == ["convening_body"]
    with pytest.raises(ValidationError) as exc:
        store.visits.update(survey.id, kind="supervision", unit_id=None)
    assert list(_fields(exc)) == ["unit_id"]
    assert store.visits.update(survey.id, kind="inspection").kind is VisitKind.INSPECTION
    assert store.visits.convening_bodies() == [BODY, "Thường trực HĐND tỉnh"]


def _file_at_0008(path: Path) -> None:
    """A case file as revision 0008 left it: every visit has its delegation and its unit, no kind."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", set_pragmas)
    migrations.upgrade(engine, "0008")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        now = "2024-02-27 10:00:00"
        conn.execute(text("INSERT INTO delegation(id,name,issuing_body,created_at,updated_at) "
                          "VALUES('d1','Đoàn giám sát số 1','Ban Thường vụ Thành ủy',:n,:n)"), {"n": now})
        conn.execute(text("INSERT INTO unit(id,name,kind,created_at,updated_at) "
                          "VALUES('u1','Ban Thường vụ Quận ủy Hoàng Mai','district_committee',:n,:n)"), {"n": now})
        conn.execute(text("INSERT INTO visit(id,delegation_id,unit_id,starts_at,form,classification,state,"
                          "created_at,updated_at) VALUES('v1','d1','u1','2024-02-27 08:00:00.000000','thematic',"
                          "'normal','concluded',:n,:n)"), {"n": now})
    engine.dispose()


def test_a_file_of_revision_0008_becomes_one_whose_visits_are_supervisions(tmp_path: Path) -> None:
    path = tmp_path / "old.ssdesk"
    _file_at_0008(path)
    with Store.open(path) as store:
        assert store.migrated_from == "0008" and store.schema_revision() == migrations.head_revision()
        visit = store.visits.get("v1")
        assert (visit.kind, visit.convening_body, visit.delegation_id, visit.unit_id) == \
            (VisitKind.SUPERVISION, None, "d1", "u1")
        [row] = store.visits.rows()
        assert (row.kind, row.delegation, row.unit) == (VisitKind.SUPERVISION, "Đoàn giám sát số 1",
                                                        "Ban Thường vụ Quận ủy Hoàng Mai")
        review, _units = _review_meeting(store)  # the migrated file holds the new shape
        assert store.visits.get(review).unit_id is None and store.integrity() == ["ok"]
        assert [h.visit_id for h in store.search.search("giao ban quy I")] == [review]
    con = sqlite3.connect(path)
    columns = {r[1]: r for r in con.execute("PRAGMA table_info(visit)")}
    con.close()
    assert columns["delegation_id"][3] == 0 and columns["unit_id"][3] == 0  # notnull: 0
    assert columns["kind"][3] == 1 and columns["kind"][4] == "'supervision'"


def test_lists_search_and_follow_up_show_a_review_meeting_by_its_convening_body(store: Store) -> None:
    review, units = _review_meeting(store)
    [row] = store.visits.rows()
    assert (row.id, row.delegation, row.unit, row.kind, row.recommendations) == \
        (review, BODY, "", VisitKind.REVIEW_MEETING, 2)
    assert [r.id for r in store.visits.rows(sort="kind")] == [review]
    [listed] = list_rows(store, "visits")  # ssdesk list FILE visits
    assert (listed["delegation"], listed["unit"], listed["session_kind"]) == (BODY, "", "review_meeting")
    assert [r.id for r in store.visits.rows(text="ban chi dao lai chau")] == [review]
    recs = store.recommendations.rows()
    assert {(r.delegation, r.unit, r.responsible) for r in recs} == {
        (BODY, "", "Sở Nông nghiệp và Môi trường"), (BODY, "", "Sở Dân tộc và Tôn giáo")}
    # filtered by a department, the follow-up list shows the tasks the review meeting gave it
    assert [r.text for r in store.recommendations.rows(unit_id=units["agri"])] == \
        ["Hoàn thành giải ngân vốn sự nghiệp trước ngày 30/6"]
    ethnic = store.followup.apply_filter(Criteria(unit_id=units["ethnic"]), today=dt.date(2025, 6, 1))
    assert [r.id for r in ethnic] == [r.id for r in recs if r.responsible == "Sở Dân tộc và Tôn giáo"]
    hits = store.search.search("giai ngan von")
    assert [h.entity for h in hits] == ["recommendation"] and hits[0].visit_id == review
    today = dt.date(2025, 6, 1)
    board = store.followup.dashboard(today)
    # no visited unit: each task is counted under the department responsible for it
    assert {(u.unit, u.total, u.overdue) for u in board.by_unit} == {
        ("Sở Nông nghiệp và Môi trường", 1, 1), ("Sở Dân tộc và Tôn giáo", 1, 1)}
    assert [(c.delegation, c.total) for c in board.completion] == [(BODY, 2)]
    late = store.followup.overdue(today)
    assert {(i.unit, i.delegation) for i in late} == {("Sở Nông nghiệp và Môi trường", BODY),
                                                      ("Sở Dân tộc và Tôn giáo", BODY)}
    assert store.followup.overdue_trend(dt.date(2025, 4, 1), dt.date(2025, 6, 1))[-1] == (dt.date(2025, 6, 1), 2)
    [(rec, visit, deleg)] = overdue_of(store, units["agri"], today)  # the department's reminder letter
    assert visit.id == review and deleg is None
    letter = PdfReader(io.BytesIO(render_reminder(store, "Sở Nông nghiệp và Môi trường", today, "pdf")))
    words = " ".join(" ".join(p.extract_text().split()) for p in letter.pages)
    # one meeting: "tại hội nghị", no "các"
    assert "V/v đôn đốc thực hiện các nhiệm vụ được giao" in words and "kết luận tại hội nghị ngày" in words
    assert "sau giám sát" not in words and BODY.upper() in words
    assert store.followup.overlaps(delegation_id=None, unit_id=None, programme_id=None,
                                   starts_at="2025-03-12 08:00") == []


def test_exchange_round_trip_and_an_older_file_without_kind(tmp_path: Path, store: Store) -> None:
    review, _units = _review_meeting(store)
    data = export_visit(store, review)
    assert data["delegation"] is None and data["unit"] is None
    assert (data["visit"]["kind"], data["visit"]["convening_body"]) == ("review_meeting", BODY)
    with Store.open(tmp_path / "other.ssdesk") as other:
        assert import_visit(other, data) == review
        assert export_visit(other, review) == data
    # a supervision exported by an earlier ssdesk: no "kind", no "convening_body" — imported as a supervision
    d = store.catalog.add_delegation("Đoàn giám sát số 1", "Ban Thường vụ Thành ủy Hà Nội")
    u = store.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee")
    old = export_visit(store, store.visits.create(delegation_id=d.id, unit_id=u.id, starts_at="2024-02-27 08:00").id)
    del old["visit"]["kind"], old["visit"]["convening_body"]
    with Store.open(tmp_path / "third.ssdesk") as third:
        visit = third.visits.get(import_visit(third, old))
        assert (visit.kind, visit.delegation_id, visit.unit_id) == (VisitKind.SUPERVISION, d.id, u.id)
    # a supervision without its unit is refused, naming the field, and nothing is written
    fresh_id = "8d0f5a52-6d1c-4f0e-9a57-0c4b2f1d9e01"
    broken: dict[str, Any] = {**old, "unit": None, "visit": {**old["visit"], "id": fresh_id}}
    with Store.open(tmp_path / "fourth.ssdesk") as fourth, pytest.raises(ValidationError) as exc:
        import_visit(fourth, broken)
    assert [e.field for e in exc.value.errors] == ["unit"]


def test_package_and_merge_carry_a_review_meeting(tmp_path: Path, store: Store) -> None:
    review, units = _review_meeting(store)
    small = export_package(store, review, tmp_path / "small.ssdesk")
    with Store.open(small, create=False) as pack:
        assert pack.visits.get(review).convening_body == BODY
        assert {u.id for u in pack.catalog.units()} == set(units.values())
        assert pack.catalog.delegations() == []
    laptop = make_laptop_copy(store, tmp_path / "laptop.ssdesk")
    with Store.open(laptop, create=False, user="thuky@laptop") as lap:
        second = lap.visits.create(kind="review_meeting", convening_body=BODY, starts_at="2025-06-12 08:00")
        lap.visits.update(review, conclusion="Giao các sở khẩn trương thực hiện.")
    report = merge(store, laptop)
    assert report.applied and not report.conflicts
    assert store.visits.get(second.id).kind is VisitKind.REVIEW_MEETING
    assert store.visits.get(review).conclusion == "Giao các sở khẩn trương thực hiện."


def test_minutes_and_conclusion_of_a_review_meeting_say_what_it_was(store: Store) -> None:
    from ssdesk.documents import render

    review, _units = _review_meeting(store)
    store.visits.add_attendee(review, name="Nguyễn Văn A", title="Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo",
                              side="delegation", presides=True)
    store.visits.update(review, conclusion="Các sở, ngành tập trung hoàn thành chỉ tiêu năm 2025.")
    for kind in ("minutes", "conclusion"):
        pdf = render(store, kind, "pdf", visit_id=review)
        words = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "hội nghị giao ban" in words.lower(), kind
        assert "Ban Chỉ đạo" in words and "Sở Nông nghiệp và Môi trường" in words, kind
        assert "Đoàn giám sát" not in words and "None" not in words, kind


def test_search_unit_filter_finds_the_tasks_a_review_meeting_gave_a_department(store: Store) -> None:
    """``unit:`` is the visited unit, or — for a session without one — the unit responsible for the task."""
    review, _units = _review_meeting(store)
    d = store.catalog.add_delegation("Đoàn giám sát số 1", "Ban Thường vụ Tỉnh ủy")
    visited = store.catalog.add_unit("Huyện ủy Tam Đường", "district_committee")
    other = store.visits.create(delegation_id=d.id, unit_id=visited.id, starts_at="2025-03-20 08:00")
    store.recommendations.add(other.id, direction="request", text="Hoàn thành giải ngân vốn đầu tư công",
                              deadline="2025-04-30")
    tasks = store.search.search('unit:"so nong nghiep" kind:recommendation')
    assert [(h.visit_id, h.entity) for h in tasks] == [(review, "recommendation")]
    assert "giải ngân vốn sự nghiệp" in tasks[0].snippet
    by_text = store.search.search('giai ngan unit:"nong nghiep"')
    assert [h.visit_id for h in by_text] == [review]
    assert [h.visit_id for h in store.search.search('giai ngan unit:"tam duong"')] == [other.id]
    # a visits-only query keeps to the visited unit: the review meeting visited nobody
    assert store.search.search('unit:"nong nghiep" kind:visit') == []
