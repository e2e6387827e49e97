"""Reviewing a draft: only the accepted, edited items become the new visit; and one figure picked from a typed line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssdesk.drafting import draft_from_text
from ssdesk.drafting.figures import figure_at, parse_reported
from ssdesk.drafting.review import GROUPS, build_exchange, create_visit, review_items
from ssdesk.enums import VisitKind, VisitState
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.exchange import export_visit, validate_visit_data
from ssdesk.store import Store

NOTES = """Sáng 12/3/2024, Đoàn giám sát số 2 của Ban Thường vụ Thành ủy Hà Nội làm việc với Ban Thường vụ Quận ủy \
Cầu Giấy về thực hiện Chương trình số 08-CTr/TU.

Báo cáo với Đoàn, Phó Bí thư Thường trực Quận ủy Cầu Giấy Lê Văn An cho biết: quận đã hoàn thành 20/25 chỉ tiêu. \
Tỷ lệ bao phủ BHYT đạt 93,5% dân số. Quận đã giải quyết việc làm cho 12.500 lao động.

Phát biểu tại buổi làm việc, Giám đốc Sở Y tế Trần Thị Bình đánh giá cao kết quả của quận. Tuy nhiên, hạ tầng y tế \
còn hạn chế, chưa đáp ứng nhu cầu.

Phát biểu kết luận buổi làm việc, Phó Bí thư Thành ủy Nguyễn Văn Cường, Trưởng Đoàn giám sát đánh giá cao sự chuẩn bị \
của quận. Phó Bí thư Thành ủy Nguyễn Văn Cường đề nghị quận Cầu Giấy tăng cường công tác tuyên truyền về chính sách an \
sinh xã hội. Đồng chí Nguyễn Văn Cường cũng yêu cầu quận rà soát các chỉ tiêu chưa đạt để có giải pháp khắc phục.

Đối với kiến nghị của quận về xây dựng bệnh viện quận, Phó Bí thư Thành ủy Nguyễn Văn Cường yêu cầu rà soát lại quy \
hoạch để sớm thực hiện.
"""


def item(items: list, kind: str, contains: str):  # type: ignore[no-untyped-def]
    return next(i for i in items if i.kind == kind and any(contains in v for v in i.fields.values()))


def count_visits(path: Path) -> int:
    with Store.open(path, create=False) as other:
        return other.visits.count()


def test_items_are_grouped_keyed_by_record_and_point_at_their_source() -> None:
    draft = draft_from_text(NOTES)
    items = review_items(draft)
    ex = draft.to_exchange()
    assert [i.group for i in items] == sorted((i.group for i in items), key=GROUPS.index)
    ids = {r["id"] for key in ("attendees", "indicator_results", "statements", "findings", "recommendations")
           for r in ex[key]}
    for i in items:
        if i.kind in ("attendee", "figure", "statement", "request", "petition", "limitation"):
            assert i.key in ids, i  # the draft's item ids are the exchange records' ids (figures were off by one)
        assert i.source is not None and draft.text[i.source[0]:i.source[1]]
    figure = item(items, "figure", "93,5%")
    assert draft.text[figure.source[0]:figure.source[1]] == "93,5%"
    assert {i.kind for i in items if i.required} == {"visit", "delegation", "unit"}
    assert item(items, "visit", "2024").fields["starts_at"] == "12/03/2024 08:00"


def test_only_accepted_and_edited_items_are_imported(store: Store) -> None:
    draft = draft_from_text(NOTES, store=store)
    items = review_items(draft)
    bình = item(items, "attendee", "Trần Thị Bình")
    request = item(items, "request", "Rà soát các chỉ tiêu")
    figure = item(items, "figure", "93,5%")
    finding = item(items, "limitation", "hạ tầng y tế")
    accepted = {i.key for i in items} - {bình.key, request.key}
    edits = {figure.key: {"reported": "94,2%"}, finding.key: {"text": "Hạ tầng y tế còn thiếu."}}
    validate_visit_data(build_exchange(draft, accepted, edits))

    visit_id = create_visit(store, draft, accepted, edits)
    path = store.path
    store.close()
    with Store.open(path, create=False) as again:
        visit = again.visits.get(visit_id)
        assert visit.state is VisitState.MINUTES_DRAFTED
        assert [a.name for a in visit.attendees] == ["Lê Văn An", "Nguyễn Văn Cường"]
        assert [a.order_no for a in visit.attendees] == [1, 2]
        members = export_visit(again, visit_id)["delegation"]["members"]
        assert [m["person"]["full_name"] for m in members] == ["Nguyễn Văn Cường"]
        by_bình = [s for s in visit.statements if s.speaker_name == "Trần Thị Bình"]
        assert by_bình and all(s.attendee_id is None for s in by_bình)  # kept, unlinked from the dropped attendee
        assert [r.text for r in visit.recommendations if r.direction.value == "request"] == [
            "Tăng cường công tác tuyên truyền về chính sách an sinh xã hội.",
            "Rà soát lại quy hoạch để sớm thực hiện."]  # the answer to the petition is a request too
        edited = next(r for r in visit.indicator_results if r.label == "Tỷ lệ bao phủ BHYT")
        assert (edited.reported, edited.reported_value) == ("94,2%", 94.2)
        assert "Hạ tầng y tế còn thiếu." in [f.text for f in visit.findings]
        assert (visit.indicators_met, visit.indicators_total) == (20, 25)
        assert visit.starts_at.isoformat() == "2024-03-12T08:00:00"


def test_dropping_the_count_of_indicators_met_clears_it_and_editing_moves_it(store: Store) -> None:
    draft = draft_from_text(NOTES)
    items = review_items(draft)
    met = item(items, "figure", "20/25 chỉ tiêu")
    dropped = build_exchange(draft, {i.key for i in items} - {met.key})
    assert "indicators_met" not in dropped["visit"]
    edited = build_exchange(draft, None, {met.key: {"reported": "21/25 chỉ tiêu"}})
    assert (edited["visit"]["indicators_met"], edited["visit"]["indicators_total"]) == (21, 25)


def test_required_items_cannot_be_dropped_and_a_bad_date_writes_nothing(store: Store) -> None:
    draft = draft_from_text(NOTES)
    items = review_items(draft)
    visit = item(items, "visit", "2024")
    ex = build_exchange(draft, accepted=set())
    assert ex["visit"] and ex["unit"]["name"] == "Ban Thường vụ Quận ủy Cầu Giấy"
    assert ex["attendees"] == [] and ex["recommendations"] == [] and ex["programme"] is None
    with pytest.raises(ValidationError) as caught:
        create_visit(store, draft, None, {visit.key: {"starts_at": "31/02/2024"}})
    assert caught.value.errors[0].field == f"{visit.key}.starts_at"
    assert store.visits.count() == 0
    visit_id = create_visit(store, draft, None, {visit.key: {"starts_at": "13/03/2024 14:00"}})
    assert store.visits.get(visit_id).starts_at.isoformat() == "2024-03-13T14:00:00"


def test_same_person_with_a_new_title_is_linked_unless_told_otherwise(store: Store) -> None:
    known = store.catalog.add_person("Lê Văn An", title="Ủy viên Ban Thường vụ Quận ủy")
    draft = draft_from_text(NOTES, store=store)
    items = review_items(draft)
    an = item(items, "attendee", "Lê Văn An")
    assert an.match is not None and an.match["id"] == known.id and an.match["same_title"] is False
    linked = build_exchange(draft)
    attendee = next(a for a in linked["attendees"] if a["name"] == "Lê Văn An")
    assert attendee["person"]["id"] == known.id
    assert attendee["title"] == "Phó Bí thư Thường trực Quận ủy Cầu Giấy"
    apart = build_exchange(draft, None, {an.key: {"same_person": False}})
    other = next(a for a in apart["attendees"] if a["name"] == "Lê Văn An")
    assert other["person"]["id"] != known.id and other["person"]["full_name"] == "Lê Văn An"
    visit_id = create_visit(store, draft, None, {an.key: {"same_person": False}})
    assert len([p for p in store.catalog.persons() if p.full_name == "Lê Văn An"]) == 2
    assert store.visits.get(visit_id).attendees[0].person_id != known.id


def test_editing_an_attendee_follows_into_statements_and_membership() -> None:
    draft = draft_from_text(NOTES)
    items = review_items(draft)
    bình = item(items, "attendee", "Trần Thị Bình")
    ex = build_exchange(draft, None, {bình.key: {"name": "Trần Thị Bình An", "title": "Giám đốc Sở Y tế Hà Nội"}})
    assert any(s["speaker_name"] == "Trần Thị Bình An" and s["speaker_title"] == "Giám đốc Sở Y tế Hà Nội"
               for s in ex["statements"])
    member = next(m for m in ex["delegation"]["members"] if m["person"]["full_name"] == "Trần Thị Bình An")
    assert member["position"] == "Giám đốc Sở Y tế Hà Nội"


@pytest.mark.parametrize("text", ["", "%%%%", "Hello world, nothing Vietnamese in here at all, sorry."])
def test_garbage_cannot_become_a_visit(store: Store, text: str) -> None:
    draft = draft_from_text(text)
    assert draft.empty and draft.messages
    with pytest.raises(SsdeskError):
        create_visit(store, draft)
    assert store.visits.count() == 0


# -- one figure from a typed line ------------------------------------------------------------------------------------

LINE = ("Quận đạt 23/27 chỉ tiêu. Tỷ lệ bao phủ BHYT đạt 94,1% dân số. Hỗ trợ vay vốn cho 14.740 lượt người. "
        "Giải quyết việc làm 50.019/160.000 và tiếp tục.")


@pytest.mark.parametrize(("figure", "reported", "value", "target"), [
    ("23/27", "23/27 chỉ tiêu", 23, None),
    ("94,1", "94,1%", 94.1, None),
    ("14.740", "14.740 lượt người", 14740, None),
    ("50.019", "50.019/160.000", 50019, "160.000"),
])
def test_figure_under_the_cursor(figure: str, reported: str, value: float, target: str | None) -> None:
    at = LINE.index(figure)
    for pos in (at, at + 2, at + len(figure)):
        got = figure_at(LINE, pos)
        assert got is not None, pos
        assert (got["reported"], got["reported_value"], got["target"]) == (reported, value, target)
        assert got["label"].strip()


def test_figure_from_a_selection_and_nothing_where_there_is_none() -> None:
    at = LINE.index("94,1%")
    assert figure_at(LINE, at, at + 5)["reported"] == "94,1%"  # type: ignore[index]
    assert figure_at(LINE, 2) is None
    assert figure_at("", 0) is None
    bare = figure_at("23/27", 5)
    assert bare is not None and (bare["reported"], bare["reported_value"]) == ("23/27", 23)
    assert parse_reported("50.019/160.000 lao động", "lao động") == {"reported_value": 50019,
                                                                     "target": "160.000 lao động"}
    assert parse_reported("không rõ") == {"reported_value": None, "target": None}


def test_review_meeting_has_kind_and_convening_body_and_no_placeholder_records(store: Store) -> None:
    draft = draft_from_text((Path(__file__).resolve().parents[1] / "fixtures" / "drafting" / "steering-q1.txt")
                            .read_text(encoding="utf-8"))
    items = review_items(draft)
    visit = next(i for i in items if i.kind == "visit")
    assert visit.fields["kind"] == VisitKind.REVIEW_MEETING.label
    assert visit.fields["convening_body"] == "Ban Chỉ đạo thực hiện Chương trình 08-CTr/TU của Thành ủy"
    assert not [i for i in items if i.kind in ("delegation", "unit")]
    with pytest.raises(ValidationError) as bad:
        build_exchange(draft, None, {visit.key: {"kind": "họp chi bộ"}})
    assert f"{visit.key}.kind" in str(bad.value.errors[0].field)
    edited = build_exchange(draft, None, {visit.key: {"convening_body": "Ban Chỉ đạo Chương trình 08"}})
    assert edited["visit"]["convening_body"] == "Ban Chỉ đạo Chương trình 08" and edited["delegation"] is None
    visit_id = create_visit(store, draft)
    exported = export_visit(store, visit_id)
    assert exported["visit"]["kind"] == "review_meeting" and not exported.get("unit")
