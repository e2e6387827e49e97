"""The visit exchange file: export → import into another case file → export is byte-identical; bad input names
every bad field by its JSON path and writes nothing."""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ssdesk import enums
from ssdesk.enums import RecStatus
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.exchange import (
    ExchangeFileError,
    dump_visit,
    export_visit,
    import_visit,
    json_path,
    load_visit_file,
    parse_visit_json,
    save_visit_file,
    schema,
    validate_visit_data,
)
from ssdesk.services.recommendations import Evidence
from ssdesk.store import Store

DOCS = Path(__file__).resolve().parents[2] / "docs" / "exchange-format.md"


def build_sample(store: Store) -> dict[str, str]:
    """A held visit with everything an exchange file carries, Vietnamese text included."""
    cat, visits, recs = store.catalog, store.visits, store.recommendations
    prog = cat.add_programme("08-CTr/TU", "Phát triển hệ thống an sinh xã hội giai đoạn 2021-2025",
                             issuing_body="Thành ủy Hà Nội", issued_on="2021-03-15", period_start="2021-01-01",
                             period_end="2025-12-31")
    ind1 = cat.add_indicator(prog.id, "Tỷ lệ hộ nghèo", code="CT1", unit_of_measure="%", target="≤ 1%",
                             target_value=1.0, period="2021-2025")
    ind2 = cat.add_indicator(prog.id, "Tỷ lệ người dân tham gia bảo hiểm y tế", code="CT2", unit_of_measure="%",
                             target="≥ 95%", target_value=95.0)
    plan = cat.add_plan("Ban Thường vụ Thành ủy Hà Nội", "Giám sát việc thực hiện Chương trình 08-CTr/TU",
                        number="150-KH/TU", issued_on="2024-01-05", programme_id=prog.id)
    head = cat.add_person("Nguyễn Văn  An", title="Phó Bí thư Thành ủy", email="an@example.vn")
    secretary = cat.add_person("Trần Thị Bình", title="Chuyên viên Ban Tổ chức", phone="0912 345 678")
    district_head = cat.add_person("Lê Văn Cường", title="Bí thư Quận ủy Hoàng Mai")
    deleg = cat.add_delegation("Đoàn giám sát số 1", "Ban Thường vụ Thành ủy Hà Nội", decision_number="2345-QĐ/TU",
                               decision_date="2024-01-10", plan_id=plan.id)
    cat.add_member(deleg.id, head.id, "head")
    cat.add_member(deleg.id, secretary.id, "secretary", position="Thư ký Đoàn")
    city = cat.add_unit("Thành ủy Hà Nội", "city_committee")
    district = cat.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee", short_name="Quận ủy Hoàng Mai",
                            parent_id=city.id, valid_to="2025-07-01")
    ward = cat.add_unit("Đảng ủy phường Hoàng Liệt", "ward_committee", parent_id=district.id)
    visit = visits.create(delegation_id=deleg.id, unit_id=district.id, programme_id=prog.id,
                          title="Làm việc với Ban Thường vụ Quận ủy Hoàng Mai", starts_at="27/02/2024 08:00",
                          ends_at="2024-02-27T11:30", place="Trụ sở Quận ủy Hoàng Mai", form="thematic",
                          state="held", indicators_met=23, indicators_total=27,
                          report_summary="Quận đã hoàn thành cơ bản các chỉ tiêu; tỷ lệ hộ nghèo giảm còn 0,8%.",
                          conclusion="Đồng chí Trưởng đoàn kết luận: ghi nhận, biểu dương kết quả đạt được.")
    vid = visit.id
    a_head = visits.add_attendee(vid, "Nguyễn Văn An", "delegation", person_id=head.id, delegation_role="head",
                                 title="Phó Bí thư Thành ủy", presides=True)
    visits.add_attendee(vid, "Trần Thị Bình", "delegation", person_id=secretary.id, delegation_role="secretary",
                        takes_minutes=True)
    a_unit = visits.add_attendee(vid, "Lê Văn Cường", "unit", person_id=district_head.id,
                                 title="Bí thư Quận ủy", organisation="Quận ủy Hoàng Mai")
    visits.add_attendee(vid, "Phạm Thu Hà", "invited", organisation="Ủy ban MTTQ Việt Nam quận Hoàng Mai")
    visits.add_indicator_result(vid, indicator_id=ind1.id, reported="0,8%", reported_value=0.8, achieved=True)
    visits.add_indicator_result(vid, indicator_id=ind2.id, reported="94,1%", reported_value=94.1, achieved=False,
                                note="Còn thiếu 0,9 điểm phần trăm")
    visits.add_indicator_result(vid, label="Số lượt người được hỗ trợ", reported="14.740 lượt người")
    visits.add_statement(vid, "Lê Văn Cường", "Báo cáo tóm tắt kết quả thực hiện Chương trình 08 trên địa bàn quận.",
                         attendee_id=a_unit.id, kind="report", spoken_at="08:10")
    visits.add_statement(vid, "Nguyễn Văn An", "Đề nghị quận làm rõ nguyên nhân tỷ lệ bảo hiểm y tế chưa đạt.",
                         attendee_id=a_head.id, speaker_title="Trưởng đoàn", spoken_at="09:15")
    visits.add_statement(vid, "Đại diện phường Hoàng Liệt", "Giải trình: khó khăn do dân cư biến động.",
                         kind="explanation")
    visits.add_finding(vid, "strength", "Công tác giảm nghèo được triển khai đồng bộ, hiệu quả.")
    visits.add_finding(vid, "limitation", "Tỷ lệ người dân tham gia bảo hiểm y tế chưa đạt chỉ tiêu.")
    req1 = recs.add(vid, direction="request", ref="4.1", text="Rà soát, bổ sung danh sách hộ cận nghèo.",
                    deadline="2024-06-30")
    recs.add(vid, direction="request", ref="4.2", text="Nâng tỷ lệ tham gia bảo hiểm y tế lên ≥ 95%.",
             responsible_unit_id=ward.id, responsible_person_id=district_head.id, cooperating="Bảo hiểm xã hội quận",
             deadline="31/12/2024", priority="high")
    petition = recs.add(vid, direction="petition", ref="5.1", text="Kiến nghị Thành phố hỗ trợ kinh phí mua thẻ BHYT.",
                        addressee="UBND Thành phố Hà Nội", responsible_text="Sở Tài chính")
    recs.change_status(req1.id, "in_progress", date="2024-03-15", reporter="Quận ủy Hoàng Mai",
                       note="Đã ban hành kế hoạch rà soát.")
    recs.add_progress(req1.id, date="2024-03-15", note="Hoàn thành rà soát 12/14 phường.")
    recs.change_status(req1.id, "reported_done", date="2024-06-20", note="Báo cáo số 45-BC/QU.")
    recs.change_status(petition.id, "in_progress", date="2024-04-02", reporter="Văn phòng Thành ủy")
    return {"visit": vid, "delegation": deleg.id, "unit": district.id, "programme": prog.id, "ward": ward.id,
            "person": head.id}


@pytest.fixture
def source(store: Store) -> dict[str, str]:
    return build_sample(store)


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "other.ssdesk", user="someone@elsewhere")
    yield s
    s.close()


def errors_of(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in info.value.errors:
        out.setdefault(e.field, []).append(e.message)
    return out


# --- export and round trip -------------------------------------------------------------------------------------


def test_export_shape(store: Store, source: dict[str, str]) -> None:
    data = export_visit(store, source["visit"])
    validate_visit_data(data)
    assert (data["format"], data["version"]) == ("ssdesk-visit", 1)
    assert data["visit"]["id"] == source["visit"]
    assert data["visit"]["starts_at"] == "2024-02-27T08:00:00"
    assert data["visit"]["state"] == "held"
    assert data["delegation"]["decision_date"] == "2024-01-10"
    assert [m["role"] for m in data["delegation"]["members"]] == ["head", "secretary"]
    assert data["delegation"]["members"][0]["person"]["full_name"] == "Nguyễn Văn An"
    assert data["delegation"]["plan"]["programme"]["id"] == source["programme"]
    assert data["unit"]["parent"]["name"] == "Thành ủy Hà Nội" and data["unit"]["parent"]["parent"] is None
    assert [i["code"] for i in data["programme"]["indicators"]] == ["CT1", "CT2"]
    assert [a["side"] for a in data["attendees"]] == ["delegation", "delegation", "unit", "invited"]
    assert data["attendees"][3]["person"] is None
    assert data["recommendations"][1]["responsible_unit"]["id"] == source["ward"]
    assert data["recommendations"][1]["responsible_unit"]["parent"]["id"] == source["unit"]
    follow = data["recommendations"][0]["follow_ups"]
    assert [(f["old_status"], f["new_status"]) for f in follow] == [
        ("new", "in_progress"), ("in_progress", None), ("in_progress", "reported_done")]
    assert data["recommendations"][0]["status"] == "reported_done"
    text = dump_visit(data)
    assert "created_at" not in text and "updated_at" not in text
    assert "Tỷ lệ hộ nghèo" in text  # not \u-escaped
    assert dump_visit(export_visit(store, source["visit"])) == text  # deterministic


def test_round_trip_into_a_new_file_is_byte_identical(store: Store, source: dict[str, str], other: Store,
                                                      tmp_path: Path) -> None:
    first = dump_visit(export_visit(store, source["visit"]))
    path = save_visit_file(tmp_path / "visit.json", json.loads(first))
    assert path.read_text(encoding="utf-8") == first
    vid = import_visit(other, load_visit_file(path))
    assert vid == source["visit"]
    assert dump_visit(export_visit(other, vid)) == first
    counts = other.counts()
    assert counts["visit"] == 1 and counts["attendee"] == 4 and counts["statement"] == 3
    assert counts["unit"] == 3 and counts["person"] == 3 and counts["delegation_member"] == 2
    assert counts["indicator"] == 2 and counts["programme"] == 1 and counts["plan"] == 1
    assert counts["recommendation"] == 3 and counts["follow_up"] == 4
    # the imported file is a working case file: the follow-up workflow goes on from where it was
    rec_id = json.loads(first)["recommendations"][0]["id"]
    other.recommendations.change_status(rec_id, RecStatus.DONE, date="2024-07-01")
    assert other.recommendations.get(rec_id).status is RecStatus.DONE


def test_import_reuses_records_the_file_already_has(store: Store, source: dict[str, str], other: Store) -> None:
    second = store.visits.create(delegation_id=source["delegation"], unit_id=source["unit"],
                                 programme_id=source["programme"], starts_at="2024-03-05T14:00")
    store.visits.add_attendee(second.id, "Nguyễn Văn An", "delegation", person_id=source["person"])
    import_visit(other, export_visit(store, source["visit"]))
    before = other.counts()
    import_visit(other, export_visit(store, second.id))
    after = other.counts()
    for table in ("delegation", "delegation_member", "unit", "person", "programme", "indicator", "plan"):
        assert after[table] == before[table], table
    assert after["visit"] == 2 and after["attendee"] == before["attendee"] + 1


def test_import_adds_a_member_missing_from_a_known_delegation(store: Store, source: dict[str, str],
                                                              other: Store) -> None:
    data = export_visit(store, source["visit"])
    import_visit(other, data)
    new_person = store.catalog.add_person("Đỗ Minh Châu", title="Ủy viên")
    store.catalog.add_member(source["delegation"], new_person.id, "member")
    second = store.visits.create(delegation_id=source["delegation"], unit_id=source["unit"],
                                 starts_at="2024-03-05T14:00")
    import_visit(other, export_visit(store, second.id))
    names = [m.person.full_name for m in other.catalog.delegation(source["delegation"]).members]
    assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Đỗ Minh Châu"]


def test_the_same_visit_is_not_imported_twice(store: Store, source: dict[str, str]) -> None:
    data = export_visit(store, source["visit"])
    before = store.counts()
    with pytest.raises(ValidationError) as info:
        import_visit(store, data)
    assert list(errors_of(info)) == ["visit.id"]
    assert "already in the case file" in info.value.errors[0].message
    assert store.counts() == before


def test_attachments_are_listed_but_not_carried(store: Store, source: dict[str, str], other: Store) -> None:
    rec_id = export_visit(store, source["visit"])["recommendations"][1]["id"]
    store.recommendations.add_progress(rec_id, date="2024-05-02", note="",
                                       evidence=[Evidence("bien-ban.pdf", b"%PDF-1.4 test", "application/pdf")])
    data = export_visit(store, source["visit"])
    step = data["recommendations"][1]["follow_ups"][0]
    assert step["progress"] is None
    assert step["attachments"] == [{"id": step["attachments"][0]["id"], "name": "bien-ban.pdf",
                                    "media_type": "application/pdf", "size": 13,
                                    "sha256": hashlib.sha256(b"%PDF-1.4 test").hexdigest()}]
    import_visit(other, data)
    again = export_visit(other, source["visit"])["recommendations"][1]["follow_ups"][0]
    assert again["id"] == step["id"] and again["attachments"] == [] and again["date"] == "2024-05-02"
    assert other.counts()["attachment"] == 0


@pytest.mark.skipif(importlib.util.find_spec("ssdesk.demo") is None, reason="ssdesk.demo is not written yet")
def test_demo_data_round_trips(store: Store, other: Store) -> None:
    demo = importlib.import_module("ssdesk.demo")
    demo.build_demo(store)
    assert store.visits.count() > 0
    for row in store.visits.rows():
        first = export_visit(store, row.id)
        import_visit(other, copy.deepcopy(first))
        second = export_visit(other, row.id)
        if any(a for r in first["recommendations"] for f in r["follow_ups"] for a in f["attachments"]):
            for data in (first, second):  # the files themselves are not carried (see test above)
                for r in data["recommendations"]:
                    for f in r["follow_ups"]:
                        f["attachments"] = []
        assert dump_visit(second) == dump_visit(first), row.id


# --- hand-typed files ------------------------------------------------------------------------------------------


def docs_example() -> dict[str, Any]:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block, "docs/exchange-format.md has no ```json example"
    loaded: dict[str, Any] = json.loads(block.group(1))
    return loaded


def test_the_documented_example_imports(other: Store) -> None:
    data = docs_example()
    vid = import_visit(other, data)
    assert len(other.visits.get(vid).recommendations) == len(data["recommendations"])
    exported = export_visit(other, vid)
    validate_visit_data(exported)
    assert exported["unit"]["parent"]["name"] == "Thành ủy Hà Nội"
    assert exported["recommendations"][0]["status"] == "in_progress"
    assert exported["recommendations"][0]["responsible_unit"]["id"] == data["unit"]["id"]
    # fields left out took the services' defaults
    assert exported["visit"]["form"] == "thematic" and exported["attendees"][0]["presides"] in (True, False)


def test_leaving_out_a_field_takes_the_default_but_null_stays_null(store: Store, source: dict[str, str],
                                                                   other: Store) -> None:
    data = export_visit(store, source["visit"])
    result = data["indicator_results"][0]
    result["unit_of_measure"], result["target"] = None, None
    del data["indicator_results"][1]["target"]
    request = data["recommendations"][0]
    request["responsible_unit"] = None
    import_visit(other, data)
    out = export_visit(other, source["visit"])
    assert out["indicator_results"][0]["target"] is None and out["indicator_results"][0]["unit_of_measure"] is None
    assert out["indicator_results"][1]["target"] == "≥ 95%"  # copied from the indicator
    assert out["recommendations"][0]["responsible_unit"] is None


# --- invalid input: the right path(s), nothing written -----------------------------------------------------------


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


def _del(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return change


CASES: list[tuple[str, Callable[[dict[str, Any]], None], dict[str, str]]] = [
    ("wrong enum", _set(["attendees", 2, "side"], "guest"), {"attendees[2].side": "“guest” is not allowed here"}),
    ("wrong nested enum", _set(["unit", "parent", "kind"], "city"), {"unit.parent.kind": "is not allowed here"}),
    ("bad date", _set(["recommendations", 0, "deadline"], "2024-02-30"),
     {"recommendations[0].deadline": "is not a valid date"}),
    ("Vietnamese date", _set(["delegation", "decision_date"], "10/01/2024"),
     {"delegation.decision_date": "use YYYY-MM-DD"}),
    ("bad datetime", _set(["visit", "starts_at"], "2024-02-27 8h"), {"visit.starts_at": "not a valid date and time"}),
    ("missing field", _del(["visit", "starts_at"]), {"visit.starts_at": "This field is required."}),
    ("missing nested field", _del(["delegation", "members", 1, "person", "full_name"]),
     {"delegation.members[1].person.full_name": "This field is required."}),
    ("blank text", _set(["findings", 1, "text"], ""), {"findings[1].text": "This field is required."}),
    # a supervision without its unit: the kind says what is missing (a review meeting has no unit section)
    ("missing section", _del(["unit"]), {"unit": "needs the unit it is held with"}),
    ("wrong type", _set(["attendees", 0, "presides"], "yes"), {"attendees[0].presides": "Must be true or false"}),
    ("bad id", _set(["statements", 1, "id"], "42"), {"statements[1].id": "is not a valid id"}),
    ("bad clock", _set(["statements", 0, "spoken_at"], "25:70"), {"statements[0].spoken_at": "clock time"}),
    ("unknown field", _set(["visit", "colour"], "red"), {"visit.colour": "Unknown field."}),
    ("too long", _set(["recommendations", 0, "ref"], "x" * 40), {"recommendations[0].ref": "At most 32"}),
    ("not our file", _set(["format"], "something-else"), {"format": "not an ssdesk visit exchange file"}),
    ("newer version", _set(["version"], 2), {"version": "Version 2"}),
    ("unknown attendee", _set(["statements", 0, "attendee_id"], "00000000-0000-4000-8000-000000000000"),
     {"statements[0].attendee_id": "No attendee"}),
    ("huge number", _set(["findings", 0, "order_no"], 10**20), {"findings[0].order_no": "or less"}),
    ("unknown indicator", _set(["indicator_results", 0, "indicator_id"], "00000000-0000-4000-8000-000000000001"),
     {"indicator_results[0].indicator_id": "No indicator with this id"}),
    ("duplicate id", lambda d: d["findings"][1].update(id=d["findings"][0]["id"]),
     {"findings[1].id": "used twice (also at findings[0])"}),
    # domain rules, from the services, after many records were already created in the transaction
    ("deadline before the visit", _set(["recommendations", 1, "deadline"], "2024-01-01"),
     {"recommendations[1].deadline": "must not be before the session (27/02/2024)"}),
    ("petition without addressee", _set(["recommendations", 2, "addressee"], None),
     {"recommendations[2].addressee": "Say which body"}),
    ("end before start", _set(["visit", "ends_at"], "2024-02-27T07:00:00"),
     {"visit.ends_at": "must end after it starts"}),
    ("unit gone by then", lambda d: d["visit"].update(starts_at="2025-08-01T08:00:00", ends_at=None),
     {"unit": "no longer existed on 01/08/2025"}),
    ("follow-up before the visit", _set(["recommendations", 0, "follow_ups", 0, "date"], "2024-01-02"),
     {"recommendations[0].follow_ups[0].date": "is before the session"}),
    ("forbidden transition", _set(["recommendations", 0, "follow_ups", 2, "new_status"], "done"),
     {"recommendations[0].follow_ups[2].new_status": "cannot go from"}),
    ("broken history", _set(["recommendations", 0, "follow_ups", 1, "old_status"], "new"),
     {"recommendations[0].follow_ups[1].old_status": "Does not match"}),
    ("status not reached", _set(["recommendations", 2, "status"], "done"),
     {"recommendations[2].status": "Does not match the status its follow-up steps lead to"}),
    ("second head", _set(["delegation", "members", 1, "role"], "head"),
     {"delegation.members[1].role": "already has a head"}),
    ("unit above itself", lambda d: d["unit"]["parent"].update(parent=copy.deepcopy(d["unit"])),
     {"unit.parent.parent.id": "cannot be above itself"}),
]


@pytest.mark.parametrize("change, expected", [pytest.param(c, e, id=n) for n, c, e in CASES])
def test_invalid_input_names_the_path_and_writes_nothing(store: Store, source: dict[str, str], other: Store,
                                                         change: Callable[[dict[str, Any]], None],
                                                         expected: dict[str, str]) -> None:
    data = export_visit(store, source["visit"])
    change(data)
    before = other.counts()
    with pytest.raises(ValidationError) as info:
        import_visit(other, data)
    found = errors_of(info)
    for field, fragment in expected.items():
        assert field in found, (field, found)
        assert any(fragment in m for m in found[field]), (field, found[field])
    assert set(found) == set(expected), found
    assert other.counts() == before
    assert other.visits.count() == 0


def test_all_problems_are_reported_at_once(store: Store, source: dict[str, str], other: Store) -> None:
    data = export_visit(store, source["visit"])
    data["attendees"][1]["side"] = "guest"
    data["findings"][0]["kind"] = "praise"
    del data["recommendations"][2]["text"]
    data["visit"]["starts_at"] = "27/02/2024"
    with pytest.raises(ValidationError) as info:
        import_visit(other, data)
    assert set(errors_of(info)) == {"attendees[1].side", "findings[0].kind", "recommendations[2].text",
                                    "visit.starts_at"}
    # domain errors of several records are collected too
    data = export_visit(store, source["visit"])
    data["recommendations"][0]["deadline"] = "2024-02-01"
    data["recommendations"][1]["deadline"] = "2024-02-02"
    data["statements"][2]["speaker_name"] = "   "
    with pytest.raises(ValidationError) as info:
        import_visit(other, data)
    assert set(errors_of(info)) == {"recommendations[0].deadline", "recommendations[1].deadline",
                                    "statements[2].speaker_name"}
    assert other.counts()["visit"] == 0 and other.counts()["person"] == 0


def test_failed_import_into_a_file_with_data_leaves_it_as_it_was(store: Store, source: dict[str, str],
                                                                 other: Store) -> None:
    second = store.visits.create(delegation_id=source["delegation"], unit_id=source["unit"],
                                 starts_at="2024-03-05T14:00")
    import_visit(other, export_visit(store, second.id))
    data = export_visit(store, source["visit"])
    data["recommendations"][2]["deadline"] = "2023-12-31"
    before = other.counts()
    with pytest.raises(ValidationError):
        import_visit(other, data)
    assert other.counts() == before


def test_not_an_object(other: Store) -> None:
    with pytest.raises(ValidationError) as info:
        import_visit(other, [1, 2])  # type: ignore[arg-type]
    assert list(errors_of(info)) == [""]


def test_messages_are_translated(store: Store, source: dict[str, str], other: Store) -> None:
    from ssdesk import i18n

    data = export_visit(store, source["visit"])
    del data["visit"]["starts_at"]
    i18n.set_language("vi")
    with pytest.raises(ValidationError) as info:
        import_visit(other, data)
    message = info.value.for_field("visit.starts_at")[0]
    i18n.set_language("en")
    assert isinstance(message, str) and message


# --- reading the text ------------------------------------------------------------------------------------------


def test_malformed_json_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "format": "ssdesk-visit",\n  "version": 1,,\n}\n', encoding="utf-8")
    with pytest.raises(ExchangeFileError) as info:
        load_visit_file(path)
    assert (info.value.line, info.value.column) == (3, 16)
    assert "line 3, column 16" in str(info.value) and "bad.json" in str(info.value)
    with pytest.raises(SsdeskError):
        parse_visit_json('{"a": NaN}')
    with pytest.raises(ExchangeFileError):
        parse_visit_json("")


def test_not_utf8_missing_file_and_bom(tmp_path: Path, store: Store, source: dict[str, str]) -> None:
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"visit": {"title": "Hà Tĩnh"}}'.encode().replace("à".encode(), "à".encode("latin-1")))
    with pytest.raises(ExchangeFileError, match="not UTF-8"):
        load_visit_file(latin)
    with pytest.raises(ExchangeFileError, match="cannot be read"):
        load_visit_file(tmp_path / "missing.json")
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(ExchangeFileError, match="JSON object"):
        load_visit_file(listed)
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + dump_visit(export_visit(store, source["visit"])).encode("utf-8"))
    assert load_visit_file(bom)["visit"]["id"] == source["visit"]


# --- the schema ------------------------------------------------------------------------------------------------


def test_schema_enums_match_the_domain() -> None:
    defs = schema()["$defs"]
    expected = {
        ("member", "role"): enums.MemberRole, ("unit", "kind"): enums.UnitKind, ("visit", "form"): enums.VisitForm,
        ("visit", "classification"): enums.Classification, ("visit", "state"): enums.VisitState,
        ("attendee", "side"): enums.Side, ("attendee", "delegation_role"): enums.MemberRole,
        ("statement", "kind"): enums.StatementKind, ("finding", "kind"): enums.FindingKind,
        ("recommendation", "direction"): enums.Direction, ("recommendation", "status"): enums.RecStatus,
        ("recommendation", "priority"): enums.Priority, ("follow_up", "old_status"): enums.RecStatus,
        ("follow_up", "new_status"): enums.RecStatus,
    }
    for (name, field), enum_cls in expected.items():
        allowed = [v for v in defs[name]["properties"][field]["enum"] if v is not None]
        assert allowed == [m.value for m in enum_cls], (name, field)


def test_schema_covers_every_exported_field(store: Store, source: dict[str, str]) -> None:
    """additionalProperties is false everywhere, so an exported field the schema forgot would fail validation."""
    validate_visit_data(export_visit(store, source["visit"]))

    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("properties"):
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    for obj in objects(schema()):
        assert obj.get("additionalProperties") is False, obj.get("required")


def test_json_path() -> None:
    assert json_path(["attendees", 2, "side"]) == "attendees[2].side"
    assert json_path(["recommendations", 0, "follow_ups", 1, "date"]) == "recommendations[0].follow_ups[1].date"
    assert json_path([]) == ""
