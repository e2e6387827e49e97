"""Print-ready documents, parsed back: the sample's facts, fonts, page geometry, page numbers, MẬT, DOCX, XLSX."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from ssdesk.demo import CONCLUSION, DELEGATION_SIDE, PETITIONS, REQUESTS, UNIT_SIDE
from ssdesk.documents import DocOptions, render
from ssdesk.documents.content import build_minutes, load_visit
from ssdesk.documents.pdf import render_pdf
from ssdesk.documents.profiles import MM, ProfileError, choose_profile, family_of, get_profile, parse_profile
from ssdesk.documents.text import clean, place_date, vn_number, vn_percent
from ssdesk.errors import ValidationError
from ssdesk.store import Store

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def sample(demo_case: tuple[Store, str]) -> tuple[Store, str]:
    return demo_case


@pytest.fixture(scope="module")
def minutes_pdf(sample) -> bytes:  # type: ignore[no-untyped-def]
    store, visit_id = sample
    return render(store, "minutes", "pdf", visit_id=visit_id)


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    """The text of every page, joined; the page number at the top of pages 2+ is left out so that a paragraph
    running over a page break reads whole."""
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]
    return " ".join(re.sub(rf"^(MẬT )?{n} ", r"\1", text) for n, text in enumerate(pages, 1))


def positions(page) -> list[tuple[str, float, float]]:  # type: ignore[no-untyped-def]
    """(text, x, y) of every text run of a page, in page coordinates."""
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, _font, _size):  # type: ignore[no-untyped-def]
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return found


def find(items: list[tuple[str, float, float]], needle: str) -> tuple[str, float, float]:
    hits = [i for i in items if needle in i[0]]
    assert hits, f"{needle!r} not on the page: {[i[0] for i in items][:30]}"
    return hits[0]


# -- text helpers --------------------------------------------------------------------------------------------------


def test_vietnamese_numbers_and_dates() -> None:
    import datetime as dt

    assert vn_number(14740) == "14.740"
    assert vn_number(333053) == "333.053"
    assert vn_percent(94.1) == "94,1%"
    assert vn_percent(100) == "100%"
    assert place_date("{place}, ngày {day} tháng {month} năm {year}", "Hà Nội", dt.date(2024, 2, 27)) \
        == "Hà Nội, ngày 27 tháng 02 năm 2024"
    assert place_date("{place}, ngày {day} tháng {month} năm {year}", "Hà Nội", dt.date(2024, 3, 5), True, {1, 2}) \
        == "Hà Nội, ngày 05 tháng 3 năm 2024"
    assert clean("a\x00b\x07c\u200bd\ud800") == "abcd"


# -- minutes PDF ---------------------------------------------------------------------------------------------------


def test_minutes_pdf_has_every_fact(minutes_pdf: bytes) -> None:
    text = pdf_text(minutes_pdf)
    for (name, title, _org), _role in DELEGATION_SIDE:
        assert name in text and flat(title) in text
    for name, title, _org in UNIT_SIDE:
        assert name in text and flat(title) in text
    for fact in ("23/27", "94,1%", "14.740", "333.053", "1.730 tỷ đồng", "BIÊN BẢN", "ĐẢNG CỘNG SẢN VIỆT NAM",
                 "Hà Nội, ngày 27 tháng 02 năm 2024", "T/M ĐOÀN GIÁM SÁT", "TRƯỞNG ĐOÀN", "III. KẾT THÚC"):
        assert fact in text, fact
    for request in REQUESTS:
        assert flat(request).rstrip(".") in text, request
    for petition in PETITIONS:
        assert flat(petition).rstrip(".") in text
    for paragraph in CONCLUSION.split("\n\n"):
        assert flat(paragraph) in text
    speakers = ["Nguyễn Xuân Phong", "Phan Văn Mến", "Nguyễn Đình Hưng", "Vương Hương Giang", "Nguyễn Minh Tâm",
                "Nguyễn Xuân Phong", "Nguyễn Xuân Linh", "Nguyễn Thị Tuyến"]
    body = text[text.index("II. NỘI DUNG"):]
    pos = 0
    for speaker in speakers:
        found = body.find(f"Đồng chí {speaker}", pos)
        assert found >= 0, speaker
        pos = found + 1


def test_fonts_are_embedded_liberation_subsets(minutes_pdf: bytes) -> None:
    """Every font that draws text is an embedded TrueType subset of Liberation Serif. (ReportLab lists Helvetica
    in each page's resources without ever drawing with it; only fonts in use matter for printing.)"""
    reader = PdfReader(io.BytesIO(minutes_pdf))
    used: dict[str, object] = {}
    for page in reader.pages:
        page.extract_text(visitor_text=lambda t, _cm, _tm, fd, _s: used.setdefault(str(fd["/BaseFont"]), fd)
                          if fd and t.strip() else None)
    assert len(used) >= 3  # regular, bold, italic
    for base, font in used.items():
        assert re.fullmatch(r"/[A-Z]{6}\+LiberationSerif(-\w+)?", base), base
        descriptor = font["/FontDescriptor"].get_object()  # type: ignore[index]
        assert "/FontFile2" in descriptor, base


def test_page_geometry_header_positions_and_numbers(minutes_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(minutes_pdf))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    first = positions(reader.pages[0])
    motto = find(first, "ĐẢNG CỘNG SẢN VIỆT NAM")
    number = find(first, "-BB/ĐGS")
    date = find(first, "ngày 27 tháng 02 năm 2024")
    assert motto[1] > A4[0] / 2 and motto[2] > A4[1] - 40 * MM  # top right
    assert number[1] < A4[0] / 2  # left column
    assert date[1] > A4[0] / 2 and date[2] < motto[2]  # right column, under the motto
    heading = find(first, "I. THỜI GIAN")
    assert heading[1] == pytest.approx(30 * MM, abs=1 * MM)  # body's left edge: the 30 mm margin
    assert not any(t == "1" and y > A4[1] - 20 * MM for t, _x, y in first)  # no number on page 1
    for n, page in enumerate(reader.pages[1:], start=2):
        top = [(t, x, y) for t, x, y in positions(page) if y > A4[1] - 20 * MM]
        assert any(t == str(n) and x == pytest.approx(A4[0] / 2, abs=15) for t, x, y in top), (n, top)


def test_secret_visit_prints_mat_on_every_page(sample) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = sample
    visit = load_visit(store, visit_id)
    data = render_pdf(build_minutes(visit, DocOptions(secret=True)))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        marks = [(x, y) for t, x, y in positions(page) if t == "MẬT"]
        assert marks and all(x < A4[0] / 2 for x, _y in marks)
    normal = PdfReader(io.BytesIO(render_pdf(build_minutes(visit))))
    assert not any(t == "MẬT" for page in normal.pages for t, _x, _y in positions(page))


def test_nasty_unicode_never_crashes(sample) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = sample
    nasty = ("Emoji 😀🇻🇳 中文 \x00\x07\x1b ctrl \u202e rtl \ufffe " + "x" * 10_000 + " "
             + "Lời phát biểu rất dài. " * 4_500)  # ~100 KB
    store.visits.update(visit_id, conclusion=nasty, report_summary="Báo cáo\r\n\ttab " + "ư" * 3000)
    try:
        visit = load_visit(store, visit_id)
        visit.explanation = "lone surrogate \ud800 from a bad paste"  # cannot even be stored: render it directly
        data = render_pdf(build_minutes(visit))
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) > 10
        assert "Lời phát biểu rất dài." in reader.pages[-2].extract_text()
        assert render(store, "minutes", "docx", visit_id=visit_id)[:2] == b"PK"
        assert render(store, "conclusion", "pdf", visit_id=visit_id)[:4] == b"%PDF"
    finally:
        store.visits.update(visit_id, conclusion=CONCLUSION)


# -- DOCX ----------------------------------------------------------------------------------------------------------


def test_docx_same_facts_and_times_new_roman(sample) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    store, visit_id = sample
    d = Document(io.BytesIO(render(store, "minutes", "docx", visit_id=visit_id)))
    text = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            text.extend(c.text for c in row.cells)
    all_text = flat(" ".join(text))
    for fact in ("Nguyễn Thị Tuyến", "Phan Văn Mến", "Vương Hương Giang", "23/27", "94,1%", "BIÊN BẢN",
                 "ĐẢNG CỘNG SẢN VIỆT NAM", "T/M ĐOÀN GIÁM SÁT", *[flat(r).rstrip(".") for r in REQUESTS]):
        assert fact in all_text, fact
    fonts = {r.font.name for p in d.paragraphs for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}
    section = d.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.5) and section.left_margin.mm == pytest.approx(30, abs=.5)
    assert section.different_first_page_header_footer


def test_conclusion_pdf_and_docx(sample) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = sample
    text = pdf_text(render(store, "conclusion", "pdf", visit_id=visit_id, options=DocOptions(number="125")))
    for fact in ("THÔNG BÁO", "Số 125-TB/TU", "1. Ưu điểm", "2. Hạn chế, khuyết điểm", "3. Nguyên nhân", "4. Yêu cầu",
                 "5. Tổ chức thực hiện", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nơi nhận", "Lưu Văn phòng Thành ủy",
                 "kết luận như sau"):
        assert fact in text, fact


# -- profiles ------------------------------------------------------------------------------------------------------


def test_profile_choice_and_state_profile(sample) -> None:  # type: ignore[no-untyped-def]
    assert family_of("Ban Thường vụ Thành ủy Hà Nội") == "party"
    assert family_of("Thường trực HĐND thành phố Hà Nội") == "state"
    assert family_of("UBND quận Hoàng Mai") == "state"
    assert choose_profile("Hội đồng nhân dân thành phố").name == "state-nd30-2020"
    assert choose_profile(None).name == "party-36-2018"
    store, visit_id = sample
    with pytest.raises(ValidationError) as refused:  # a Party body never prints under the State profile
        render(store, "conclusion", "pdf", visit_id=visit_id, options=DocOptions(profile="state-nd30-2020"))
    assert "state-nd30-2020" in str(refused.value) and "Ban Thường vụ Thành ủy Hà Nội" in str(refused.value)


def test_user_override_profile_is_picked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ssdesk.documents import profiles

    bundled = (profiles.bundled_dir() / "party-36-2018.toml").read_text(encoding="utf-8")
    (tmp_path / "mine.toml").write_text(bundled.replace("margin_left = 30", "margin_left = 35"), encoding="utf-8")
    monkeypatch.setattr(profiles, "user_dir", lambda: tmp_path)
    assert get_profile().page["margin_left"] == 35
    (tmp_path / "mine.toml").write_text(bundled.replace('name = "party-36-2018"', 'name = "office-2026"'),
                                        encoding="utf-8")
    assert get_profile().page["margin_left"] == 30 and get_profile("office-2026").family == "party"
    (tmp_path / "bad.toml").write_text("name = [", encoding="utf-8")
    with pytest.raises(ProfileError, match="bad.toml"):
        get_profile()


def test_profile_validation_names_the_key() -> None:
    import tomllib

    from ssdesk.documents import profiles

    data = tomllib.loads((profiles.bundled_dir() / "party-36-2018.toml").read_text(encoding="utf-8"))
    data["page"]["margin_left"] = "thirty"
    with pytest.raises(ProfileError, match="page.margin_left"):
        parse_profile(data, "x.toml")
    data["page"]["margin_left"] = 30
    data["number_format"] = "Số {number}"
    with pytest.raises(ProfileError, match="number_format"):
        parse_profile(data, "x.toml")


# -- follow-up report ----------------------------------------------------------------------------------------------


def test_followup_xlsx_filters_frozen_header_rows(sample) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from openpyxl import load_workbook

    store, _visit_id = sample
    wb = load_workbook(io.BytesIO(render(store, "followup", "xlsx")))
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A3"  # row 1: the title (MẬT first when secret), row 2: the headers
    assert ws.auto_filter.ref == f"A2:L{len(REQUESTS) + len(PETITIONS) + 2}"
    assert ws.max_row == len(REQUESTS) + len(PETITIONS) + 2
    deadlines = [ws.cell(r, 8).value for r in range(3, ws.max_row + 1) if ws.cell(r, 8).value]
    assert deadlines and all(isinstance(d, dt.datetime | dt.date) for d in deadlines)
    only = load_workbook(io.BytesIO(render(store, "followup", "xlsx", status="in_progress"))).worksheets[0]
    assert only.max_row == 3


def test_followup_pdf_and_docx(sample) -> None:  # type: ignore[no-untyped-def]
    store, _visit_id = sample
    text = pdf_text(render(store, "followup", "pdf", unit="Ban Thường vụ Quận ủy Hoàng Mai"))
    assert "BÁO CÁO" in text and "Tổng số" in text and "Quá hạn" in text
    assert flat(REQUESTS[0]).rstrip(".") in text
    assert render(store, "followup", "docx", delegation="Đoàn giám sát số 1")[:2] == b"PK"
