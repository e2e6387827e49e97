"""Printed documents of a case file that holds the delegations of more than one body, and of State bodies typed in
full: found by a review that built its own cases (a People's Council's standing committee and a National Assembly
delegation beside the sample's Party board), not by the fixtures the rules were written with.

- the report upward and the follow-up report come from one body: a file of several is refused with their names until
  one is chosen, and the chosen body heads, numbers and signs them (they came out with no issuer and no signer);
- header and signing lines break between names, never inside one ("HỘI ĐỒNG NHÂN / DÂN", "QUẬN LONG / BIÊN");
- a heading or a "…:" line never ends a page away from what it introduces, the signature's paragraph included;
- the conclusion notice names its subject from the plan, says "Thực hiện" before a decision alone, takes the day the
  board heard the report and the signer's post from the command line; a National Assembly delegation's deputy head
  signs with that post; a reminder about one session says "buổi làm việc", not "các buổi".

Every check reads the output back (pypdf's text of the PDF)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from ssdesk.cli import main
from ssdesk.documents import DocOptions, render
from ssdesk.documents.meta import position_from_title, post_in
from ssdesk.documents.model import Closing, Document, Header, Heading, Para, SignBlock
from ssdesk.documents.pdf import render_pdf
from ssdesk.documents.profiles import choose_profile
from ssdesk.documents.text import keep_names
from ssdesk.enums import DocumentKind
from ssdesk.errors import ValidationError
from ssdesk.followup import upward
from ssdesk.followup.reminders import render_reminder
from ssdesk.followup.schedule import Timeline
from ssdesk.store import Store

HDND = "Thường trực Hội đồng nhân dân thành phố Hà Nội"
UNIT_NAME = "Ủy ban nhân dân quận Long Biên"


def lines(data: bytes) -> list[list[str]]:
    """Each page's printed lines, white space made single."""
    return [[" ".join(line.split()) for line in page.extract_text().splitlines() if line.strip()]
            for page in PdfReader(io.BytesIO(data)).pages]


def flat(data: bytes) -> str:
    return " ".join(" ".join(line for line in page) for page in lines(data))


@pytest.fixture
def two_bodies(demo_copy: tuple[Path, str]):  # type: ignore[no-untyped-def]
    """The sample (a Party board's delegation) and a People's Council standing committee's delegation that visited
    a district: (store, the State visit's id, its recommendation's id)."""
    path, _sample = demo_copy
    store = Store.open(path, user="tester@test")
    plan = store.catalog.add_plan(HDND, "Giám sát việc thực hiện chính sách bảo hiểm y tế trên địa bàn thành phố "
                                        "năm 2023", number="45/KH-HĐND", issued_on="2024-02-20")
    deleg = store.catalog.add_delegation("Đoàn giám sát số 2", HDND, plan_id=plan.id)
    head = store.catalog.add_person("Phùng Thị Hồng Hà", title="Phó Chủ tịch HĐND thành phố")
    store.catalog.add_member(deleg.id, head.id, "head")
    unit = store.catalog.add_unit(UNIT_NAME, "peoples_committee")
    visit = store.visits.create(delegation_id=deleg.id, unit_id=unit.id, starts_at="2024-04-05 14:00",
                                title="Giám sát bảo hiểm y tế tại quận Long Biên")
    rec = store.recommendations.add(visit.id, direction="request", text="Rà soát học sinh chưa có thẻ bảo hiểm y tế",
                                    deadline="2024-09-30")
    yield store, visit.id, rec.id
    store.close()


def test_report_upward_of_a_file_of_two_bodies_is_one_bodys(two_bodies, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, _visit, _rec = two_bodies
    day = dt.date(2024, 12, 31)
    with pytest.raises(ValidationError) as refused:
        upward.collect(store, day)
    assert refused.value.errors[0].field == "issuing_body"
    assert HDND in str(refused.value) and "Ban Thường vụ" in str(refused.value)  # both bodies named
    party_board = next(d.issuing_body for d in store.catalog.delegations() if d.issuing_body != HDND)
    mine_first = upward.collect(store, day, first_if_several=True)  # a dialog: the first, and the others offered
    assert mine_first.bodies == tuple(sorted([HDND, party_board])) and mine_first.issuing_body == min(HDND, party_board)
    mine = upward.collect(store, day, issuing_body=HDND.lower())  # as typed, whatever the case
    assert mine.issuing_body == HDND and mine.total.issued == 1
    assert [x.name for x in mine.lines] == [UNIT_NAME]
    printed = flat(upward.render(store, mine, "pdf"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printed and "THƯỜNG TRỰC HĐND" in printed
    assert "TM. THƯỜNG TRỰC HĐND" in printed and "PHÓ CHỦ TỊCH" in printed and "Phùng Thị Hồng Hà" in printed
    assert "Chưa kết thúc, trong hạn" in printed  # not "Đang thực hiện": items not started are counted there too
    recipients = printed[printed.index("Nơi nhận"):]
    assert "Thường trực Hội đồng nhân dân thành phố Hà Nội" not in recipients  # it does not report to itself
    party = upward.collect(store, day, issuing_body=party_board)
    assert party.total.issued == len(Timeline(store).on(day)) - 1  # the rest of the file: the sample's
    assert UNIT_NAME not in [x.name for x in party.lines]

    path = str(store.path)
    store.close()
    out = tmp_path / "up.pdf"
    assert main(["report-upward", path, "--as-of", "2024-12-31", "-o", str(out), "--allow-secret"]) == 1
    assert not out.exists()  # refused, nothing written
    assert main(["report-upward", path, "--as-of", "2024-12-31", "-o", str(out), "--issuing-body", HDND]) == 0
    assert "TM. THƯỜNG TRỰC HĐND" in flat(out.read_bytes())
    assert main(["report-upward", path, "--as-of", "2024-12-31", "-o", str(out), "--issuing-body", "HĐND xã X"]) == 1


def test_followup_report_of_two_bodies_needs_one_delegation(two_bodies) -> None:  # type: ignore[no-untyped-def]
    store, _visit, _rec = two_bodies
    with pytest.raises(ValidationError) as refused:
        render(store, "followup", "pdf")
    assert refused.value.errors[0].field == "delegation" and HDND in str(refused.value)
    assert render(store, "followup", "xlsx")  # a working list has no issuer: it stays whole
    mine = flat(render(store, "followup", "pdf", delegation="Đoàn giám sát số 2"))
    assert "ĐOÀN GIÁM SÁT SỐ 2" in mine and "Rà soát học sinh" in mine


def test_state_header_and_signature_break_between_names(two_bodies) -> None:  # type: ignore[no-untyped-def]
    store, visit_id, _rec = two_bodies
    page = lines(render(store, "conclusion", "pdf", visit_id=visit_id, options=DocOptions(number="8")))
    every = [line for p in page for line in p]
    # the council above, its standing committee under it, as it signs
    assert "HỘI ĐỒNG NHÂN DÂN" in every and "THÀNH PHỐ HÀ NỘI" in every and "THƯỜNG TRỰC HĐND" in every
    assert not any(line.endswith(("NHÂN", "THÀNH", "QUẬN LONG")) for line in every), every
    minutes = [line for p in lines(render(store, "minutes", "pdf", visit_id=visit_id)) for line in p]
    assert not any(re.search(r"(THÀNH|QUẬN LONG|NHÂN)$", line) for line in minutes), minutes
    assert keep_names("CHỦ TỊCH UBND QUẬN LONG BIÊN") == "CHỦ\u00a0TỊCH UBND QUẬN\u00a0LONG\u00a0BIÊN"
    assert keep_names("PHÓ BÍ THƯ") == "PHÓ\u00a0BÍ\u00a0THƯ"


def test_conclusion_subject_opening_hearing_and_post_from_the_command_line(two_bodies, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, visit_id, _rec = two_bodies
    path = str(store.path)
    store.close()
    out = tmp_path / "tb.pdf"
    assert main(["issue", path, "--kind", "conclusion", "--visit", visit_id, "--number", "8", "--heard-on",
                 "2024-04-20", "--signer-position", "Phó Chủ tịch Thường trực", "-o", str(out)]) == 0
    printed = flat(out.read_bytes())
    # the subject names what was supervised, from the plan, without saying "giám sát" twice
    assert "về kết quả giám sát việc thực hiện chính sách bảo hiểm y tế trên địa bàn thành phố năm 2023 đối với" \
        in printed
    assert "Ngày 20 tháng 4 năm 2024" in printed and "……" not in printed.split("kết luận như sau")[0][-200:]
    assert "PHÓ CHỦ TỊCH THƯỜNG TRỰC" in printed  # the post given, in capitals
    assert printed.count("Thực hiện Kế hoạch số 45/KH-HĐND") == 1
    assert main(["issue", path, "--kind", "minutes", "--visit", visit_id, "--number", "9", "--heard-on",
                 "2024-04-20", "-o", str(tmp_path / "bb.pdf")]) == 2  # the hearing is a notice's


def test_a_decision_alone_is_carried_out_too(two_bodies) -> None:  # type: ignore[no-untyped-def]
    store, visit_id, _rec = two_bodies
    deleg = store.catalog.delegations()
    state = next(d for d in deleg if d.issuing_body == HDND)
    from ssdesk.models import Delegation

    store.catalog.update(Delegation, state.id, plan_id=None, decision_number="120/QĐ-HĐND",
                         decision_date="2024-03-05")
    printed = flat(render(store, "conclusion", "pdf", visit_id=visit_id))
    assert "Thực hiện Quyết định số 120/QĐ-HĐND ngày 05/03/2024" in printed
    assert "việc thực hiện nhiệm vụ đối với" in printed  # no plan, no programme: the plain subject


def test_national_assembly_deputy_head_signs_with_his_post() -> None:
    title = "Phó Trưởng đoàn chuyên trách Đoàn đại biểu Quốc hội thành phố Hà Nội"
    assert position_from_title(title, "state") == "PHÓ TRƯỞNG ĐOÀN"
    assert position_from_title("Trưởng đoàn giám sát", "state") == ""  # a delegation's head holds no post by it
    assert position_from_title("Phó Bí thư Thành ủy", "state") == ""


def test_reminder_about_one_session_says_one(two_bodies) -> None:  # type: ignore[no-untyped-def]
    store, _visit, _rec = two_bodies
    printed = flat(render_reminder(store, UNIT_NAME, dt.date(2025, 3, 1), "pdf"))
    assert "tại buổi làm việc ngày 05/04/2024" in printed and "các buổi" not in printed


def _closing() -> Closing:
    return Closing(right=SignBlock("TM. ĐOÀN GIÁM SÁT", "TRƯỞNG ĐOÀN", "Nguyễn Văn A"), recipients=("- Lưu.",))


@pytest.mark.parametrize("lead", ["heading", "colon"])
def test_what_introduces_the_last_paragraph_goes_with_it_and_the_signature(lead: str) -> None:
    """However much text comes before, the heading (or the "…:" line) of the last paragraph is on the page of that
    paragraph: walked over fillers of 1 to 40 lines, which moves the page break through every position."""
    profile = choose_profile("Ban Thường vụ Thành ủy Hà Nội")
    header = Header(superior="THÀNH ỦY HÀ NỘI", issuing="ĐOÀN GIÁM SÁT SỐ 1", number="Số 1-TB/ĐGS",
                    place_date="Hà Nội, ngày 01 tháng 02 năm 2024", doc_type="THÔNG BÁO", subject=("kết luận",))
    checked = 0
    for words in range(0, 600, 15):
        doc = Document(DocumentKind.CONCLUSION, profile, header)
        doc.add(Para.of("Mở đầu " + "chữ " * (900 + words)))
        doc.add(Para.of("Đoạn giữa " + "nội dung " * 120))
        doc.add(Heading("5. Tổ chức thực hiện", 2) if lead == "heading" else Para.of("Các yêu cầu đối với đơn vị:"))
        doc.add(Para.of("Giao Văn phòng theo dõi, đôn đốc việc thực hiện; đơn vị báo cáo kết quả trước ngày 30."))
        doc.closing = _closing()
        pages = lines(render_pdf(doc))
        intro = "5. Tổ chức thực hiện" if lead == "heading" else "Các yêu cầu đối với đơn vị:"
        where = [i for i, p in enumerate(pages) if any(intro in line for line in p)]
        last = [i for i, p in enumerate(pages) if any("Giao Văn phòng theo dõi" in line for line in p)]
        assert where == last, (words, where, last)
        assert pages[where[0]][-1] != intro  # never the page's last line
        checked += len(pages) > 1
    assert checked > 10  # the walk did cross page breaks


@pytest.mark.parametrize(("title", "body", "short", "post"), [
    ("Chủ tịch UBND quận Long Biên", UNIT_NAME, "UBND quận Long Biên", "Chủ tịch"),
    ("Giám đốc Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội thành phố Hà Nội", "",
     "Giám đốc"),
    ("Bí thư Quận ủy Hoàng Mai", "Ban Thường vụ Quận ủy Hoàng Mai", "", "Bí thư"),
    ("Trưởng Ban Tuyên giáo Quận ủy", "Ban Thường vụ Quận ủy Hoàng Mai", "", "Trưởng Ban Tuyên giáo Quận ủy"),
    ("Phó Giám đốc Bệnh viện Đa khoa Hà Nội", "Sở Y tế Hà Nội", "", "Phó Giám đốc Bệnh viện Đa khoa Hà Nội"),
])
def test_the_units_signer_signs_with_the_post_not_the_unit_again(title: str, body: str, short: str,
                                                                  post: str) -> None:
    assert post_in(title, body, short) == post


def test_the_samples_minutes_sign_bi_thu_under_the_unit(demo_copy: tuple[Path, str]) -> None:
    path, visit_id = demo_copy
    store = Store.open(path, user="tester@test")
    try:
        last = lines(render(store, "minutes", "pdf", visit_id=visit_id))[-1]
    finally:
        store.close()
    block = last[next(i for i, line in enumerate(last) if line.startswith("ĐẠI DIỆN")):]
    assert "BÍ THƯ" in block and not any("BÍ THƯ QUẬN ỦY" in line for line in block), block


def test_indicators_mostly_missed_are_a_shortcoming_not_a_strength(two_bodies) -> None:  # type: ignore[no-untyped-def]
    store, visit_id, _rec = two_bodies
    store.visits.update(visit_id, indicators_met=1, indicators_total=3)
    printed = flat(render(store, "conclusion", "pdf", visit_id=visit_id))
    strengths = printed[printed.index("1. Ưu điểm"):printed.index("2. Hạn chế")]
    shortcomings = printed[printed.index("2. Hạn chế"):printed.index("3. Yêu cầu")]  # no causes: no section
    assert "1/3" not in strengths and "Không có." in strengths
    assert "mới đạt 1/3 chỉ tiêu; còn 2 chỉ tiêu chưa đạt kế hoạch" in shortcomings
    store.visits.update(visit_id, indicators_met=2, indicators_total=3)
    printed = flat(render(store, "conclusion", "pdf", visit_id=visit_id))
    strengths = printed[printed.index("1. Ưu điểm"):printed.index("2. Hạn chế")]
    assert "đã có 2/3 chỉ tiêu đạt và vượt kế hoạch" in strengths and "Không có." not in strengths


def test_a_delegation_named_with_its_body_is_not_given_it_twice(two_bodies) -> None:  # type: ignore[no-untyped-def]
    store, visit_id, _rec = two_bodies
    from ssdesk.models import Delegation

    state = next(d for d in store.catalog.delegations() if d.issuing_body == HDND)
    store.catalog.update(Delegation, state.id, name="Đoàn giám sát số 2 của Thường trực HĐND thành phố")
    printed = flat(render(store, "minutes", "pdf", visit_id=visit_id))
    assert "làm việc của Đoàn giám sát số 2 của Thường trực HĐND thành phố với" in printed
    assert "HĐND thành phố của Thường trực" not in printed  # "… của … của …" in the title and section I


def test_a_notice_without_findings_carries_the_heads_conclusion(two_bodies) -> None:  # type: ignore[no-untyped-def]
    store, visit_id, _rec = two_bodies
    store.visits.update(visit_id, conclusion="Đánh giá cao sự chuẩn bị của quận.\nĐề nghị quận khắc phục hạn chế.")
    printed = flat(render(store, "conclusion", "pdf", visit_id=visit_id))
    assert "1. Kết luận của Trưởng Đoàn" in printed and "Đề nghị quận khắc phục hạn chế." in printed
    assert "Không có." not in printed and "Ưu điểm" not in printed
    assert "2. Yêu cầu" in printed and "2.1. Rà soát học sinh" in printed and "3. Tổ chức thực hiện" in printed
    store.visits.add_finding(visit_id, "difficulty", "Thiếu cán bộ y tế học đường.")
    printed = flat(render(store, "conclusion", "pdf", visit_id=visit_id))
    assert "2. Hạn chế, khuyết điểm, khó khăn, vướng mắc" in printed and "Nguyên nhân" not in printed
    assert "3. Yêu cầu" in printed and "4. Tổ chức thực hiện" in printed


def test_a_report_upward_with_nothing_to_count_still_has_its_issuer(demo_copy: tuple[Path, str]) -> None:
    path, _visit = demo_copy
    with Store.open(path, user="tester@test") as store:
        empty = upward.collect(store, dt.date(2020, 1, 1))  # before the first session
        board = store.catalog.delegations()[0].issuing_body
        assert empty.total.issued == 0 and empty.issuing_body == board
        assert "T/M BAN THƯỜNG VỤ" in flat(upward.render(store, empty, "pdf"))
