"""A session's minutes pasted from a PDF: lines cut every 80 characters, "Trang 1/2" and the letterhead again at
the top of page 2. Drafted from that, the draft must hold what the same minutes give one paragraph a line — a review
found a deadline, two figures, three statements and half a petition lost (the rules read a line as a paragraph).

The fixtures are ours (written for this review, tests/fixtures/drafting/quy-hop-*.txt), not corpus texts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ssdesk.drafting.core import draft_from_text
from ssdesk.drafting.text import normalise

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "drafting"
LETTERHEAD = ("HĐND TỈNH NGHỆ AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐOÀN GIÁM SÁT SỐ 03 Độc lập - Tự do - Hạnh phúc")


def _texts() -> tuple[str, str]:
    return ((FIXTURES / "quy-hop-clean.txt").read_text(encoding="utf-8"),
            (FIXTURES / "quy-hop-from-pdf.txt").read_text(encoding="utf-8"))


def test_the_pdf_text_reads_as_the_clean_one() -> None:
    clean, pdf = _texts()
    lines = normalise(pdf).split("\n")
    assert tuple(lines[:2]) == LETTERHEAD  # the first page's letterhead is content; the second page's is not
    assert "\n".join(lines[3:]) == normalise(clean)
    assert not any(line.startswith("Trang ") for line in lines)


def test_a_draft_from_the_pdf_text_loses_nothing() -> None:
    clean, pdf = _texts()
    today = dt.date(2024, 12, 1)
    a = draft_from_text(clean, today=today).to_json()["exchange"]
    b = draft_from_text(pdf, today=today).to_json()["exchange"]
    said = [(s["speaker_name"], s["text"]) for s in b["statements"]]
    assert said == [(s["speaker_name"], s["text"]) for s in a["statements"]] and len(said) >= 4
    assert [r["text"] for r in b["recommendations"]] == [r["text"] for r in a["recommendations"]]
    assert any("30/6/2024" in (r.get("deadline") or "") or r.get("deadline") == "2024-06-30"
               for r in b["recommendations"])
    figures = [(f.get("reported"), f.get("label")) for f in b.get("indicator_results", [])]
    assert figures == [(f.get("reported"), f.get("label")) for f in a.get("indicator_results", [])]
    assert any("14.740" in (r or "") for r, _label in figures) and any("52.350,5" in (r or "") for r, _l in figures)
    assert b["visit"]["conclusion"] == a["visit"]["conclusion"] and "hoàn thành trước ngày 30/6/2024" in (
        b["visit"]["conclusion"] or "")


def test_lines_of_a_normal_text_are_not_joined() -> None:
    """One paragraph a line stays so: a heading, a caption, an item list, a line ending a clause."""
    text = ("BIÊN BẢN\nVề phía Đoàn giám sát\n- ông Nguyễn Văn A, Trưởng đoàn;\n"
            "Ảnh: Quang cảnh buổi làm việc\nĐồng chí B phát biểu: đề nghị làm rõ.\nsố liệu còn thiếu")
    assert normalise(text).split("\n") == ["BIÊN BẢN", "Về phía Đoàn giám sát", "ông Nguyễn Văn A, Trưởng đoàn;",
                                           "Ảnh: Quang cảnh buổi làm việc",
                                           "Đồng chí B phát biểu: đề nghị làm rõ.", "số liệu còn thiếu"]


TODAY = dt.date(2026, 12, 6)


def _day(text: str) -> dt.date | None:
    draft = draft_from_text(text, today=TODAY)
    return draft.when.starts_at.date() if draft.when is not None else None


def test_a_day_without_its_year_takes_the_texts_year_never_a_day_to_come() -> None:
    """A review found sessions of 2020 drafted for 2026 (today's year): the year is the one the text is about, and
    a day left without one is never still to come."""
    body = (" Đoàn giám sát của Thường trực HĐND quận làm việc với UBND phường Tân Định về công tác cải cách hành "
            "chính. Đồng chí Nguyễn Văn An, Trưởng đoàn, kết luận: đề nghị phường khắc phục hạn chế.")
    assert _day("Chiều 25/12, tại trụ sở UBND phường, đoàn đã làm việc về kết quả năm 2020." + body) == \
        dt.date(2020, 12, 25)
    assert _day("Kỳ họp thường lệ tháng 11 năm 2020. Sáng ngày 30/11, đoàn đã làm việc." + body) == \
        dt.date(2020, 11, 30)
    assert _day("Sáng 20/12, đoàn đã làm việc với phường." + body) == dt.date(2025, 12, 20)  # not 2026: still to come
    assert _day("Sáng 20/11, đoàn đã làm việc với phường." + body) == dt.date(2026, 11, 20)


def test_a_web_pages_stamp_is_not_the_sessions_day() -> None:
    text = ("Ngày đăng 03/11/2023 | 10:20\nChiều ngày 01/11/2023, Thường trực HĐND quận tổ chức phiên giải trình. "
            "Đồng chí Trần Thị Bình, Chủ tịch HĐND quận, chủ trì và kết luận: đề nghị các phường rà soát.")
    assert _day(text) == dt.date(2023, 11, 1)


def test_a_text_typed_without_accents_is_refused_for_that_reason() -> None:
    from ssdesk.i18n import set_language

    clean, _pdf = _texts()
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFD", clean) if unicodedata.category(c) != "Mn")
    bare = bare.replace("đ", "d").replace("Đ", "D")
    set_language("vi")
    try:
        [message] = draft_from_text(bare, today=TODAY).messages
        assert message["level"] == "error" and "không dấu" in message["text"]
        [other] = draft_from_text("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.",
                                  today=TODAY).messages
        assert "không giống" in other["text"]
    finally:
        set_language("en")


def test_minutes_in_the_usual_form_give_sides_roles_speakers_and_petitions() -> None:
    """The usual layout of minutes: "Về phía Đoàn giám sát:" / "Về phía UBND huyện …:" lists, "…, thành viên;",
    "…, thư ký.", numbered contributions, "III. KẾT LUẬN", a closing line. The review found every listed person
    drafted as invited, "Lang Văn Chiến" as "Văn Chiến", the heading and the closing line inside statements, and
    two petitions to two bodies made one to the council."""
    clean, _pdf = _texts()
    x = draft_from_text(clean, today=TODAY).to_json()["exchange"]
    people = {a["name"]: (a["side"], a.get("delegation_role"), a.get("takes_minutes")) for a in x["attendees"]}
    assert people == {"Hoàng Nghĩa Hiếu": ("delegation", "head", False),
                      "Trần Thị Khánh Linh": ("delegation", "member", False),
                      "Lê Văn Lương": ("delegation", "secretary", True),
                      "Lang Văn Chiến": ("unit", None, False), "Vi Thị Hoa": ("unit", None, False)}
    said = [(s["speaker_name"], s["kind"]) for s in x["statements"]]
    assert said == [("Lang Văn Chiến", "report"), ("Trần Thị Khánh Linh", "opinion"), ("Vi Thị Hoa", "explanation"),
                    ("Hoàng Nghĩa Hiếu", "conclusion")]
    assert not any("KẾT LUẬN" in s["text"] or "kết thúc" in s["text"] for s in x["statements"])
    requests = [(r["responsible_text"], r["cooperating"]) for r in x["recommendations"]
                if r["direction"] == "request" and r["deadline"]]
    assert requests == [("UBND huyện Quỳ Hợp", None),  # who does each, and who helps only the one it helps
                        ("Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Tài chính - Kế hoạch")]
    petitions = [(r["addressee"], r["text"]) for r in x["recommendations"] if r["direction"] == "petition"]
    assert petitions == [("HĐND tỉnh", "HĐND tỉnh xem xét nâng mức hỗ trợ cho các xã đặc biệt khó khăn."),
                         ("UBND tỉnh", "UBND tỉnh sớm phân bổ vốn năm 2024 trước ngày 30/4/2024.")]


def test_who_attended_does_not_speak_by_being_named() -> None:
    text = ("Sáng 05/8/2024, Đảng ủy xã Tân Lập tổ chức hội nghị sơ kết. Tham dự cùng hội nghị có đồng chí Trần Minh "
            "Khoa UVBTV- Trưởng Ban Dân vận trưởng đoàn 12 chỉ đạo phong trào xã. Đồng chí Nguyễn Văn Bình, "
            "Bí thư Đảng ủy xã, trình bày báo cáo: xã đã hoàn thành 15/19 tiêu chí nông thôn mới.")
    said = [s["speaker_name"] for s in draft_from_text(text, today=TODAY).to_json()["exchange"]["statements"]]
    assert said == ["Nguyễn Văn Bình"]


def test_a_petition_to_a_higher_body_is_addressed_to_it() -> None:
    """"… kiến nghị Thành phố sớm …; kiến nghị UBND quận sớm …": the review found such petitions addressed to no one
    ("(chưa xác định)") or to the delegation's own body."""
    text = ("Sáng ngày 12/3/2024, Đoàn giám sát số 1 của Thường trực HĐND quận làm việc với UBND phường Tân Định. "
            "Bà Nguyễn Thị Mai, Chủ tịch UBND phường, báo cáo: phường đã hoàn thành 12/15 chỉ tiêu. UBND phường kiến "
            "nghị Thành phố sớm bố trí kinh phí cải tạo chợ Tân Định; kiến nghị UBND quận sớm bàn giao mặt bằng "
            "trường học.")
    recs = draft_from_text(text, today=TODAY).to_json()["exchange"]["recommendations"]
    assert [(r["direction"], r["addressee"], r["text"]) for r in recs] == [
        ("petition", "Thành phố", "Sớm bố trí kinh phí cải tạo chợ Tân Định."),
        ("petition", "UBND quận", "Sớm bàn giao mặt bằng trường học.")]


def test_deputies_listed_as_such_are_of_the_delegation() -> None:
    text = ("Sáng ngày 05/9/2024, Đoàn giám sát của Đoàn đại biểu Quốc hội tỉnh làm việc với Sở Y tế. Bà Phan Thị "
            "Hạnh, Phó Trưởng đoàn Đoàn đại biểu Quốc hội tỉnh, chủ trì. Cùng dự có các vị đại biểu Quốc hội gồm: "
            "Ông Đỗ Văn Tài - Ủy viên Ủy ban Xã hội của Quốc hội; bà Lý Thị Hoa - Phó Chủ tịch Hội Nông dân tỉnh. "
            "Ông Mai Văn Sơn, Giám đốc Sở Y tế, báo cáo: ngành đã hoàn thành 9/10 chỉ tiêu.")
    people = {a["name"]: a["side"] for a in draft_from_text(text, today=TODAY).to_json()["exchange"]["attendees"]}
    assert people["Đỗ Văn Tài"] == people["Lý Thị Hoa"] == "delegation" and people["Mai Văn Sơn"] != "delegation"


def test_a_sentence_opening_with_ve_phia_is_no_heading_of_sides() -> None:
    """"Về phía huyện, ông A tiếp thu …" is a sentence, not the heading of a list: it must not make the people named
    after it the unit's."""
    text = ("Sáng ngày 14/3/2024, Đoàn giám sát số 3 của Thường trực HĐND tỉnh làm việc với UBND huyện Quỳ Hợp.\n"
            "Về phía huyện, ông Lang Văn Chiến, Chủ tịch UBND huyện, tiếp thu các ý kiến.\n"
            "Bà Trần Thị Khánh Linh, thành viên Đoàn, phát biểu: đề nghị huyện làm rõ nguyên nhân chậm giải ngân.")
    people = {a["name"]: a["side"] for a in draft_from_text(text, today=TODAY).to_json()["exchange"]["attendees"]}
    assert people["Trần Thị Khánh Linh"] == "delegation"
    from ssdesk.drafting.core import heading_sides

    assert heading_sides("Về phía huyện, ông A tiếp thu các ý kiến.\nBà B phát biểu.") == {}
    assert heading_sides("Về phía UBND huyện:\nÔng A\n\nBà B") == {1: "unit"}


def test_a_request_opening_with_a_verb_names_no_body() -> None:
    """"Ban hành …", "Phòng chống …": a verb that reads like a body's first word ("Ban", "Phòng")."""
    from ssdesk.drafting.speech import _doer

    assert _doer("Ban hành quy chế phối hợp giữa các phòng.") is None
    assert _doer("Phòng chống tham nhũng cần tăng cường kiểm tra.") is None
    assert _doer("Ban Tuyên giáo Huyện ủy chủ trì tổng kết.") == "Ban Tuyên giáo Huyện ủy"


def test_notes_typed_a_line_a_point_without_stops_stay_apart() -> None:
    """Notes typed live, one point a line and no full stops: lines of about one length, but not a wrapped text."""
    notes = ("Đồng chí Nguyễn Văn An báo cáo kết quả thực hiện nghị quyết năm 2023 của huyện\n"
             "Đồng chí Trần Thị Bình đề nghị làm rõ nguyên nhân chậm giải ngân vốn đầu tư công\n"
             "Đồng chí Lê Văn Cường giải trình về tiến độ các dự án trọng điểm của huyện\n"
             "Đồng chí Phạm Minh Đức đề nghị bổ sung số liệu về hộ nghèo và cận nghèo\n"
             "Đồng chí Nguyễn Văn An tiếp thu và hứa báo cáo bổ sung trước ngày 30/6")
    assert normalise(notes).split("\n") == notes.split("\n")
