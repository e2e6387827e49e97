"""``build_demo`` writes the sample session of 27/02/2024 with every fact of it, and the facts survive a reopen."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from ssdesk.demo import build_demo
from ssdesk.enums import (
    Direction,
    FindingKind,
    MemberRole,
    RecStatus,
    Side,
    StatementKind,
    SuccessionKind,
    UnitKind,
    VisitForm,
    VisitState,
)
from ssdesk.errors import SsdeskError
from ssdesk.models import Base, UnitSuccession, Visit
from ssdesk.store import Store


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("demo") / "demo.ssdesk"
    store = Store.open(path, user="tester@test")
    try:
        visit_id = build_demo(store)
    finally:
        store.close()
    return path, visit_id


@pytest.fixture
def reopened(demo_file: tuple[Path, str]) -> Iterator[tuple[Store, Visit]]:
    path, visit_id = demo_file
    store = Store.open(path, create=False, user="tester@test")
    try:
        yield store, store.visits.get(visit_id)
    finally:
        store.close()


def test_visit_itself(reopened: tuple[Store, Visit]) -> None:
    _store, visit = reopened
    assert visit.state is VisitState.CONCLUDED
    assert visit.starts_at == dt.datetime(2024, 2, 27, 8, 0)
    assert visit.ends_at == dt.datetime(2024, 2, 27, 11, 30)
    assert visit.place == "Trụ sở Quận ủy Hoàng Mai"
    assert visit.form is VisitForm.THEMATIC
    assert (visit.indicators_met, visit.indicators_total) == (23, 27)
    assert visit.unit.name == "Ban Thường vụ Quận ủy Hoàng Mai"
    assert visit.unit.kind is UnitKind.DISTRICT_COMMITTEE
    assert visit.unit.valid_to == dt.date(2025, 7, 1)
    assert visit.programme is not None and visit.programme.code == "08-CTr/TU"
    assert visit.programme.title.startswith("Phát triển hệ thống an sinh xã hội")
    assert visit.programme.period_start == dt.date(2021, 1, 1)
    assert visit.programme.period_end == dt.date(2025, 12, 31)
    assert visit.delegation.name == "Đoàn giám sát số 1"
    assert visit.delegation.issuing_body == "Ban Thường vụ Thành ủy Hà Nội"
    assert visit.delegation.decision_number == "2345-QĐ/TU"
    assert "23/27 chỉ tiêu đạt và vượt kế hoạch" in (visit.report_summary or "")
    assert "62 trường ngoài công lập" in (visit.explanation or "")
    assert "Không ai bị bỏ lại phía sau" in (visit.conclusion or "")
    assert "05-CTr/QU" in (visit.related_documents or "")
    assert "24-CT/TU" in (visit.related_documents or "")


def test_delegation_head_and_members(reopened: tuple[Store, Visit]) -> None:
    store, visit = reopened
    delegation = store.catalog.delegation(visit.delegation_id)
    members = [(m.person.full_name, m.role) for m in delegation.members]
    assert members == [("Nguyễn Thị Tuyến", MemberRole.HEAD), ("Phan Văn Mến", MemberRole.MEMBER),
                       ("Nguyễn Đình Hưng", MemberRole.MEMBER), ("Vương Hương Giang", MemberRole.MEMBER)]
    assert delegation.plan is not None and delegation.plan.number == "150-KH/TU"
    assert delegation.plan.issuing_body == "Ban Thường vụ Thành ủy Hà Nội"
    assert len(store.catalog.persons()) == 7


def test_attendees_sides_titles_and_persons(reopened: tuple[Store, Visit]) -> None:
    _store, visit = reopened
    rows = [(a.name, a.side, a.title, a.delegation_role, a.presides) for a in visit.attendees]
    assert rows == [
        ("Nguyễn Thị Tuyến", Side.DELEGATION, "Ủy viên Trung ương Đảng, Phó Bí thư Thường trực Thành ủy",
         MemberRole.HEAD, True),
        ("Phan Văn Mến", Side.DELEGATION, "Giám đốc Bảo hiểm xã hội Thành phố", MemberRole.MEMBER, False),
        ("Nguyễn Đình Hưng", Side.DELEGATION, "Phó Giám đốc Sở Y tế Hà Nội", MemberRole.MEMBER, False),
        ("Vương Hương Giang", Side.DELEGATION, "Phó Giám đốc Sở Giáo dục và Đào tạo Hà Nội", MemberRole.MEMBER,
         False),
        ("Nguyễn Xuân Linh", Side.UNIT, "Bí thư Quận ủy Hoàng Mai", None, False),
        ("Nguyễn Xuân Phong", Side.UNIT, "Phó Bí thư Thường trực Quận ủy Hoàng Mai", None, False),
        ("Nguyễn Minh Tâm", Side.UNIT, "Phó Bí thư Quận ủy, Chủ tịch UBND quận Hoàng Mai", None, False),
    ]
    assert all(a.person_id is not None for a in visit.attendees)


def test_statements_in_speaking_order(reopened: tuple[Store, Visit]) -> None:
    _store, visit = reopened
    order = [(s.order_no, s.speaker_name, s.kind) for s in visit.statements]
    assert order == [
        (1, "Nguyễn Xuân Phong", StatementKind.REPORT),
        (2, "Phan Văn Mến", StatementKind.OPINION),
        (3, "Nguyễn Đình Hưng", StatementKind.OPINION),
        (4, "Vương Hương Giang", StatementKind.OPINION),
        (5, "Nguyễn Minh Tâm", StatementKind.EXPLANATION),
        (6, "Nguyễn Xuân Phong", StatementKind.EXPLANATION),
        (7, "Nguyễn Xuân Linh", StatementKind.EXPLANATION),
        (8, "Nguyễn Thị Tuyến", StatementKind.CONCLUSION),
    ]
    by_attendee = {a.id: a.name for a in visit.attendees}
    assert [by_attendee[s.attendee_id] for s in visit.statements if s.attendee_id] == \
        [s.speaker_name for s in visit.statements]
    texts = [s.text for s in visit.statements]
    assert "94,1%" in texts[1]
    assert "Hoàng Văn Thụ và Trương Định" in texts[3]
    assert "05-CTr/QU" in texts[4]
    assert "“Vùng xanh”" in texts[5]
    assert "Chỉ thị số 24-CT/TU" in texts[7]


def test_every_reported_figure(reopened: tuple[Store, Visit]) -> None:
    _store, visit = reopened
    figures = {r.reported: r for r in visit.indicator_results}
    expected_values = {
        "23/27 chỉ tiêu": 23, "14.740 lượt người": 14740, "hơn 430 triệu đồng": 430, "18.389 lao động": 18389,
        "333.053 người": 333053, "11,7%": 11.7, "94,1%": 94.1, "76 hộ với 222 nhân khẩu": 76,
        "0 hộ (đã xoá hết hộ nghèo)": 0, "75 hộ với 199 nhân khẩu": 75, "180 hộ với 575 nhân khẩu": 180,
        "21 hộ": 21, "454 triệu đồng": 454, "27 trường hợp": 27, "405 thẻ": 405, "1.244 thẻ": 1244,
        "4 trường": 4, "5 trường": 5, "30 trường": 30, "trên 1.730 tỷ đồng": 1730, "35 dự án": 35,
        "19 trường": 19, "12 dự án": 12, "14/14 phường": 14,
    }
    for reported, value in expected_values.items():
        assert reported in figures, reported
        assert figures[reported].reported_value == pytest.approx(value), reported
    hundred = [r for r in visit.indicator_results if r.reported == "100%"]
    assert sorted(r.indicator.name for r in hundred if r.indicator) == [
        "Tỷ lệ người dân có nhà ở đạt chuẩn theo quy định", "Tỷ lệ người dân được dùng nước sạch",
        "Tỷ lệ rác thải được vận chuyển trong ngày"]
    assert len(visit.indicator_results) == len(expected_values) + 3

    bhyt = figures["94,1%"]
    assert bhyt.indicator is not None and bhyt.indicator.name == "Tỷ lệ bao phủ bảo hiểm y tế"
    assert bhyt.target == "93,1%" and bhyt.achieved is True and bhyt.unit_of_measure == "%"
    assert "vượt 1%" in (bhyt.note or "")
    assert figures["14/14 phường"].achieved is True
    assert [r.order_no for r in visit.indicator_results] == list(range(1, len(visit.indicator_results) + 1))


def test_findings_by_kind(reopened: tuple[Store, Visit]) -> None:
    _store, visit = reopened
    kinds = {f.kind for f in visit.findings}
    assert kinds == {FindingKind.RESULT, FindingKind.STRENGTH, FindingKind.LIMITATION, FindingKind.DIFFICULTY,
                     FindingKind.CAUSE}
    text = {k: " ".join(f.text for f in visit.findings if f.kind is k) for k in kinds}
    assert "Dân số tăng nhanh" in text[FindingKind.LIMITATION]
    assert "vượt quy hoạch phân khu" in text[FindingKind.DIFFICULTY]
    assert "62 trường ngoài công lập" in text[FindingKind.DIFFICULTY]
    assert "đồng thuận của người dân" in text[FindingKind.CAUSE]


def test_requests_petitions_and_follow_up(reopened: tuple[Store, Visit]) -> None:
    _store, visit = reopened
    recs = visit.recommendations
    requests = [r for r in recs if r.direction is Direction.REQUEST]
    petitions = [r for r in recs if r.direction is Direction.PETITION]
    assert len(requests) == 6 and len(petitions) == 2
    assert [r.order_no for r in recs] == list(range(1, 9))
    assert all(r.responsible_unit_id == visit.unit_id and r.addressee == "Ban Thường vụ Quận ủy Hoàng Mai"
               and r.deadline == dt.date(2024, 6, 30) for r in requests)
    assert "công nghiệp văn hóa" in requests[0].text
    assert "Chỉ thị số 24-CT/TU" in requests[5].text
    assert "đánh giá trường chuẩn" in petitions[0].text
    assert "bệnh viện" in petitions[1].text
    assert all(p.addressee == "Ban Thường vụ Thành ủy Hà Nội" for p in petitions)
    for petition in petitions:
        assert [f.reporter for f in petition.follow_ups] == ["Nguyễn Thị Tuyến"]
        assert "rà soát lại quy hoạch" in (petition.follow_ups[0].progress or "")
        assert petition.status is RecStatus.NEW
    progressed = requests[1]
    assert progressed.status is RecStatus.IN_PROGRESS
    assert [(f.date, f.old_status, f.new_status) for f in progressed.follow_ups] == [
        (dt.date(2024, 4, 15), RecStatus.NEW, RecStatus.IN_PROGRESS)]
    assert "minh họa" in (progressed.follow_ups[0].progress or "")
    assert all(r.status is RecStatus.NEW for r in requests if r is not progressed)


def test_unit_tree_and_successor(reopened: tuple[Store, Visit]) -> None:
    store, visit = reopened
    district = store.catalog.unit(visit.unit_id)
    assert district.parent_id is not None
    city = store.catalog.unit(district.parent_id)
    assert (city.name, city.kind) == ("Thành ủy Hà Nội", UnitKind.CITY_COMMITTEE)
    [ward] = store.catalog.successors(district.id)
    assert ward.kind is UnitKind.WARD_COMMITTEE and ward.valid_from == dt.date(2025, 7, 1)
    assert ward.parent_id == city.id
    current = {u.name for u in store.catalog.units(current_on=dt.date(2025, 8, 1))}
    assert "Ban Thường vụ Quận ủy Hoàng Mai" not in current and ward.name in current
    with store.read() as s:
        [succession] = s.scalars(select(UnitSuccession)).all()
        assert succession.kind is SuccessionKind.SPLIT and succession.effective_on == dt.date(2025, 7, 1)


def test_building_twice_is_refused_and_writes_nothing(demo_file: tuple[Path, str]) -> None:
    path, _visit_id = demo_file
    store = Store.open(path, create=False, user="tester@test")
    try:
        before = store.counts()
        with pytest.raises(SsdeskError, match="already holds the sample working session of 27/02/2024"):
            build_demo(store)
        assert store.counts() == before
        assert store.visits.count() == 1
    finally:
        store.close()


def test_failure_midway_leaves_the_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(tmp_path / "fail.ssdesk", user="tester@test")
    try:
        before = store.counts()

        def boom(*_args: object, **_kw: object) -> None:
            raise SsdeskError("boom")

        monkeypatch.setattr(store.visits, "set_state", boom)  # the very last step
        with pytest.raises(SsdeskError, match="boom"):
            build_demo(store)
        assert store.counts() == before
    finally:
        store.close()


def test_all_text_is_nfc(demo_file: tuple[Path, str]) -> None:
    path, _visit_id = demo_file
    store = Store.open(path, create=False, user="tester@test")
    try:
        checked = 0
        with store.read() as s:
            for table in Base.metadata.sorted_tables:
                if table.name in ("audit_log", "ssdesk_meta"):
                    continue
                for row in s.execute(select(table)).mappings():
                    for column, value in row.items():
                        if isinstance(value, str):
                            assert unicodedata.is_normalized("NFC", value), f"{table.name}.{column}: {value!r}"
                            checked += 1
        assert checked > 200
    finally:
        store.close()
