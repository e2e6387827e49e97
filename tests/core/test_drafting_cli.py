"""``ssdesk draft``: printing the draft, importing it as a visit in state "minutes drafted", matching names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssdesk.cli import main
from ssdesk.drafting import draft_from_text
from ssdesk.exchange import export_visit, validate_visit_data
from ssdesk.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "drafting"
NOTES = FIXTURES / "notes-ba-vi.txt"
STEERING = FIXTURES / "steering-q1.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_draft_json_keeps_the_importable_part_schema_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "draft", str(NOTES), "--json")
    data = json.loads(out)
    assert code == 0 and data["format"] == "ssdesk-draft" and data["version"] == 1
    validate_visit_data(data["exchange"])
    assert data["exchange"]["visit"]["state"] == "minutes_drafted"
    paths = {i["path"] for i in data["draft"]["items"]}
    assert {"visit", "attendees[0]", "statements[0]", "recommendations[0]", "indicator_results[0]"} <= paths


def test_draft_into_creates_a_visit_in_minutes_drafted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.ssdesk"
    code, out, _ = run(capsys, "draft", str(NOTES), "--into", str(case))
    assert code == 0
    visit_id = out.strip()
    code, out, _ = run(capsys, "list", str(case), "visits", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == [visit_id] and rows[0]["state"] == "minutes_drafted"
    assert rows[0]["unit"] == "Ban Thường vụ Huyện ủy Ba Vì" and rows[0]["recommendations"] == 3
    code, out, _ = run(capsys, "export", str(case), "--visit", visit_id, "-o", "-")
    exported = json.loads(out)
    assert code == 0 and len(exported["attendees"]) == 4 and len(exported["statements"]) == 4
    assert exported["visit"]["state"] == "minutes_drafted"
    # the same notes again: the delegation, unit, programme and persons already in the file are reused
    code, out, _ = run(capsys, "draft", str(NOTES), "--into", str(case))
    assert code == 0
    with Store.open(case) as store:
        assert len(store.catalog.persons()) == 4 and len(store.catalog.delegations()) == 1
        assert len(store.catalog.units()) == 1 and len(store.catalog.programmes()) == 1
        assert store.visits.count() == 2


def test_review_meeting_is_imported_without_delegation_or_unit(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.ssdesk"
    code, out, err = run(capsys, "draft", str(STEERING), "--into", str(case))
    assert code == 0 and "(chưa xác định)" not in err
    with Store.open(case) as store:
        visit = export_visit(store, out.strip())
    assert visit["visit"]["kind"] == "review_meeting" and visit["visit"]["state"] == "minutes_drafted"
    assert visit["visit"]["convening_body"] == "Ban Chỉ đạo thực hiện Chương trình 08-CTr/TU của Thành ủy"
    assert not visit.get("delegation") and not visit.get("unit")


def test_missing_unit_gets_a_placeholder_and_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Sáng 12/3/2024, Đoàn giám sát số 3 của Ban Thường vụ Thành ủy làm việc về thực hiện "
                     "Chương trình số 08-CTr/TU. Phó Chủ tịch HĐND Thành phố Trần Văn Bình, Trưởng đoàn, đề nghị "
                     "rà soát các chỉ tiêu còn chậm.\n", encoding="utf-8")
    case = tmp_path / "case.ssdesk"
    code, out, err = run(capsys, "draft", str(notes), "--into", str(case))
    assert code == 0 and "(chưa xác định)" in err
    with Store.open(case) as store:
        visit = export_visit(store, out.strip())
    assert visit["unit"]["name"] == "(chưa xác định)" and visit["visit"]["kind"] == "supervision"


def test_garbage_is_refused_without_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 20)
    code, out, err = run(capsys, "draft", str(junk), "--json")
    assert code == 1 and out == "" and "binary" in err  # refused before drafting (the CLI's intake check)
    case = tmp_path / "case.ssdesk"
    code, _, err = run(capsys, "draft", str(junk), "--into", str(case))
    assert code == 1 and "binary" in err
    assert not case.exists()
    words = tmp_path / "words.txt"  # text, but nothing of a session in it: the draft is empty, nothing written
    words.write_text("The quick brown fox jumps over the lazy dog. " * 20, encoding="utf-8")
    code, out, err = run(capsys, "draft", str(words), "--json")
    assert code == 1 and json.loads(out)["draft"]["empty"] is True and "draft" in err.lower()
    code, _, err = run(capsys, "draft", str(words), "--into", str(case))
    assert code == 1 and "nothing was written" in err
    with Store.open(case) as store:
        assert store.visits.count() == 0


def test_windows_encodings_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = NOTES.read_text(encoding="utf-8")
    src = tmp_path / "notes16.txt"
    src.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    code, out, _ = run(capsys, "draft", str(src), "--json")
    assert code == 0 and len(json.loads(out)["exchange"]["attendees"]) == 4


def test_same_person_with_a_new_title_is_offered_as_the_same(store: Store) -> None:
    old = store.catalog.add_person("Trần Văn Bình", title="Ủy viên Ban Thường vụ Thành ủy",
                                   organisation="Thành ủy Hà Nội")
    draft = draft_from_text(NOTES.read_text(encoding="utf-8"), store=store)
    data = draft.to_json()
    head = next(a for a in data["exchange"]["attendees"] if a["name"] == "Trần Văn Bình")
    assert head["person"] == {"id": old.id, "full_name": "Trần Văn Bình"}
    assert head["title"] == "Phó Chủ tịch HĐND Thành phố"
    item = next(i for i in data["draft"]["items"] if i["kind"] == "attendee" and i["match"]["id"] == old.id)
    assert item["match"]["same_title"] is False and item["match"]["title"] == "Ủy viên Ban Thường vụ Thành ủy"
    assert any("Trần Văn Bình" in m["text"] for m in draft.messages)
    member = next(m for m in data["exchange"]["delegation"]["members"] if m["role"] == "head")
    assert member["person"]["id"] == old.id
    from ssdesk.exchange import import_visit

    visit_id = import_visit(store, draft.to_exchange())
    assert len(store.catalog.persons()) == 4
    exported = export_visit(store, visit_id)
    assert next(a for a in exported["attendees"] if a["name"] == "Trần Văn Bình")["person"]["id"] == old.id


def test_unit_written_short_is_the_unit_in_the_file(store: Store) -> None:
    unit = store.catalog.add_unit("Sở Lao động, Thương binh và Xã hội", "department")
    draft = draft_from_text("Sáng 5/3/2024, Đoàn giám sát số 4 của Ban Thường vụ Thành ủy làm việc với Sở LĐTB&XH. "
                            "Phó Chủ tịch HĐND Thành phố Trần Văn Bình, Trưởng đoàn, đề nghị Sở rà soát hộ cận nghèo.",
                            store=store)
    assert draft.matches["unit"].id == unit.id  # the abbreviation and the comma inside the long name
