"""Signable as printed (issue 20): every document kind read back from its PDF and DOCX — fonts embedded, minutes and
conclusion wording, one issuing body per document, the family check, the official letter, MẬT on every page, Word's
own layout means, and the pages LibreOffice renders from the DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from ssdesk.demo import build_demo
from ssdesk.documents import DocOptions, render
from ssdesk.documents.content import build_minutes, load_visit
from ssdesk.documents.docx import render_docx
from ssdesk.documents.pdf import render_pdf
from ssdesk.enums import Classification, StatementKind
from ssdesk.errors import ValidationError
from ssdesk.followup import upward
from ssdesk.followup.reminders import render_reminder
from ssdesk.models import Delegation
from ssdesk.store import Store

UNIT = "Ban Thường vụ Quận ủy Hoàng Mai"
STATE_BOARD = "Thường trực HĐND thành phố Hà Nội"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def party(demo_case: tuple[Store, str]) -> tuple[Store, str]:
    return demo_case


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The sample re-issued by a People's Council's standing committee, and classified secret."""
    store = Store.open(tmp_path_factory.mktemp("state") / "case.ssdesk", user="tester@test")
    visit_id = build_demo(store)
    store.catalog.update(Delegation, store.catalog.delegations()[0].id, issuing_body=STATE_BOARD)
    store.visits.update(visit_id, classification=Classification.SECRET)
    yield store, visit_id
    store.close()


def pages(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def text(data: bytes) -> str:
    return " ".join(re.sub(r"^(MẬT )?\d+ ", r"\1", t) for t in pages(data))


def every_kind(store: Store, visit_id: str, fmt: str) -> dict[str, bytes]:
    day = dt.date(2024, 7, 10)
    return {
        "minutes": render(store, "minutes", fmt, visit_id=visit_id, options=DocOptions(number="125")),
        "conclusion": render(store, "conclusion", fmt, visit_id=visit_id, options=DocOptions(number="126")),
        "followup": render(store, "followup", fmt),
        "reminder": render_reminder(store, UNIT, day, fmt),
        "upward": upward.render(store, upward.collect(store, dt.date(2024, 12, 31)), fmt),
    }


def docx_xml(data: bytes, part: str = "word/document.xml") -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")


# -- fonts -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["party", "state"])
def test_every_font_of_every_pdf_is_embedded(which: str, request: pytest.FixtureRequest) -> None:
    """No font a PDF lists — used or not — is left unembedded (ReportLab's canvas starts with Helvetica)."""
    store, visit_id = request.getfixturevalue(which)
    for kind, data in every_kind(store, visit_id, "pdf").items():
        for page in PdfReader(io.BytesIO(data)).pages:
            for name, ref in page["/Resources"]["/Font"].items():
                font = ref.get_object()
                base = str(font["/BaseFont"])
                assert "Helvetica" not in base, (kind, base)
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, (kind, name, base)


# -- minutes ---------------------------------------------------------------------------------------------------------


def test_minutes_keeper_line_agenda_and_sections(party) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = party
    body = text(render(store, "minutes", "pdf", visit_id=visit_id))
    assert re.search(r"Thư ký ghi biên bản: đồng chí …+, …+\.", body)  # nobody marked: a blank to fill in
    part_two = body[body.index("II. NỘI DUNG"):body.index("III. KẾT THÚC")]
    numbers = re.findall(r"(?<![\d./])([1-9])\. (?=[A-ZĐÝ])", part_two)
    assert numbers[:5] == ["1", "2", "3", "4", "5"]  # the agenda is no longer "1. 2. 3." inside section 1
    agenda = part_two[:part_two.index("2. Báo cáo")]
    assert "- Ban Thường vụ Quận ủy Hoàng Mai báo cáo" in agenda and "1. Ban Thường vụ" not in agenda

    visit = load_visit(store, visit_id)
    keeper = next(a for a in visit.attendees if a.name == "Vương Hương Giang")
    keeper.takes_minutes = True  # an in-memory change of the loaded visit: nothing is written
    visit.statements = [st for st in visit.statements if st.kind is not StatementKind.OPINION]
    visit.explanation = None
    visit.statements = [st for st in visit.statements if st.kind is not StatementKind.EXPLANATION]
    minutes = build_minutes(visit)
    out = text(render_pdf(minutes))
    assert "Thư ký ghi biên bản: đồng chí Vương Hương Giang, Phó Giám đốc Sở Giáo dục và Đào tạo Hà Nội." in out
    assert "Ý kiến trao đổi" not in out and "Giải trình" not in out  # no empty heading
    headings = [b.text for b in minutes.blocks if type(b).__name__ == "Heading"]
    assert [h.split(".")[0] for h in headings if h[0].isdigit()] == ["1", "2", "3"]
    assert headings[-2].startswith("3. Kết luận")


def test_indicator_verdict_only_when_assessed_and_empty_columns_dropped(party) -> None:  # type: ignore[no-untyped-def]
    from ssdesk.documents.content import indicator_table

    store, visit_id = party
    visit = load_visit(store, visit_id)
    table = indicator_table(visit)
    verdicts = [row[-1] for row in table.rows]
    assert "Chưa đạt" not in verdicts and "Đạt" in verdicts and "" in verdicts  # unticked: not assessed
    for res in visit.indicator_results:
        res.target, res.achieved = None, None
        if res.indicator:
            res.indicator.target = None
    bare = indicator_table(visit)
    assert bare.headers == ("TT", "Chỉ tiêu", "Kết quả")
    assert bare.rows[0] == ("1", "Số chỉ tiêu của Chương trình đạt và vượt kế hoạch", "23/27 chỉ tiêu")
    assert sum(bare.widths) == pytest.approx(1.0)
    from docx import Document as open_docx

    d = open_docx(io.BytesIO(render_docx(build_minutes(visit))))
    figures = next(t for t in d.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    assert [c.text for c in figures.rows[0].cells] == ["TT", "Chỉ tiêu", "Kết quả"]


# -- conclusion ------------------------------------------------------------------------------------------------------


def test_conclusion_dated_by_the_session_cites_the_hearing_states_facts_once(party) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = party
    out = text(render(store, "conclusion", "pdf", visit_id=visit_id, options=DocOptions(number="125")))
    assert "Hà Nội, ngày 27 tháng 02 năm 2024" in out  # the session's day, not the day of export
    assert re.search(r"Ngày …+ tháng …+ năm …+, Ban Thường vụ Thành ủy nghe Đoàn giám sát số 1 báo cáo", out)
    assert out.count("23/27") == 1
    assert out.count("thời hạn báo cáo") == 0 and "trước ngày 30 tháng 06 năm 2024" in out  # one shared deadline
    assert out.count("yêu cầu quan tâm, rà soát lại quy hoạch") == 1  # the petitions' shared answer, once
    heard = text(render(store, "conclusion", "pdf", visit_id=visit_id,
                        options=DocOptions(issued_on=dt.date(2024, 3, 20), heard_on=dt.date(2024, 3, 15))))
    assert "ngày 20 tháng 3 năm 2024" in heard or "ngày 20 tháng 03 năm 2024" in heard
    assert "Ngày 15 tháng 03 năm 2024, Ban Thường vụ Thành ủy nghe Đoàn giám sát số 1 báo cáo" in heard


# -- family and issuing body ------------------------------------------------------------------------------------------


def test_state_issuer_prints_a_state_document_and_a_mismatch_is_refused(party, state) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = party
    with pytest.raises(ValidationError) as refused:
        render(store, "minutes", "pdf", visit_id=visit_id, options=DocOptions(profile="state-nd30-2020"))
    assert "state-nd30-2020" in str(refused.value) and "Ban Thường vụ Thành ủy Hà Nội" in str(refused.value)
    store, visit_id = state
    with pytest.raises(ValidationError) as refused:
        render(store, "conclusion", "pdf", visit_id=visit_id, options=DocOptions(profile="party-36-2018"))
    assert "party-36-2018" in str(refused.value) and STATE_BOARD in str(refused.value)
    out = text(render(store, "conclusion", "pdf", visit_id=visit_id, options=DocOptions(number="5")))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in out and "ĐẢNG CỘNG SẢN" not in out
    assert "Số: 05/TB-HĐND" in out and "TM. THƯỜNG TRỰC HĐND" in out and "T/M" not in out
    assert "HĐND THÀNH PHỐ HÀ NỘI THƯỜNG TRỰC HĐND" in out  # the council above, its standing committee issues
    report = text(upward.render(store, upward.collect(store, dt.date(2024, 12, 31)), "pdf"))
    assert "TM. THƯỜNG TRỰC HĐND" in report and "BÍ THƯ" not in report  # a Party post never signs for a council


def test_followup_report_and_reminder_come_from_one_body(party) -> None:  # type: ignore[no-untyped-def]
    store, _visit = party
    report = text(render(store, "followup", "pdf"))
    assert "THÀNH ỦY HÀ NỘI" in report and "-BC/TU" in report
    assert "T/M BAN THƯỜNG VỤ" in report and "PHÓ BÍ THƯ" in report and "Nguyễn Thị Tuyến" in report
    assert "ĐOÀN GIÁM SÁT" not in report.split("Nơi nhận")[-1]
    one = text(render(store, "followup", "pdf", delegation="Đoàn giám sát số 1"))
    assert "ĐOÀN GIÁM SÁT SỐ 1" in one and "-BC/ĐGS" in one and "T/M ĐOÀN GIÁM SÁT" in one
    letter = render_reminder(store, UNIT, dt.date(2024, 7, 10), "pdf")
    first = pages(letter)[0]
    assert re.search(r"Số \s*-CV/ĐGS V/v đôn đốc thực hiện", first)  # the excerpt under the number
    assert "Hà Nội, ngày 10 tháng 07 năm 2024" in first and f"Kính gửi: {UNIT}" in first
    assert "BÁO CÁO" not in first and "T/M ĐOÀN GIÁM SÁT" in text(letter)


def test_signature_never_alone_on_a_page(party) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = party
    for data in every_kind(store, visit_id, "pdf").values():
        last = pages(data)[-1]
        before_signature = re.split(r"Nơi nhận|ĐẠI DIỆN|T/M|TM\.", last)[0]
        assert len(re.sub(r"^(MẬT )?\d+ ", "", before_signature).strip()) > 20, last[:200]


def test_wide_tables_landscape_where_the_profile_allows(party, state) -> None:  # type: ignore[no-untyped-def]
    for fixture, landscape in ((party, False), (state, True)):
        store, _visit = fixture
        page = PdfReader(io.BytesIO(render(store, "followup", "pdf"))).pages[0]
        assert (float(page.mediabox.width) > float(page.mediabox.height)) is landscape
        sect = docx_xml(render(store, "followup", "docx"))
        assert ('w:orient="landscape"' in sect) is landscape


# -- secret ----------------------------------------------------------------------------------------------------------


def test_mat_on_every_page_of_every_output_holding_a_secret_visit(state, party) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = state
    for kind, data in every_kind(store, visit_id, "pdf").items():
        for n, page in enumerate(pages(data), 1):
            assert "MẬT" in page, (kind, n)
    for kind, data in every_kind(store, visit_id, "docx").items():
        assert "MẬT" in docx_xml(data), kind  # page 1: under the number
        header = next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
                      if n.startswith("word/header") and "MẬT" in docx_xml(data, n))
        assert 'w:jc w:val="center"' in docx_xml(data, header) and "w:ind" in docx_xml(data, header)
    store, visit_id = party
    for kind, data in every_kind(store, visit_id, "pdf").items():
        assert "MẬT" not in text(data), kind


# -- DOCX: Word's own means -------------------------------------------------------------------------------------------


def test_docx_keeps_rows_headers_and_widths(party) -> None:  # type: ignore[no-untyped-def]
    from docx import Document as open_docx

    store, visit_id = party
    for kind, data in every_kind(store, visit_id, "docx").items():
        d = open_docx(io.BytesIO(data))
        heads = [p for p in d.paragraphs if re.match(r"^(I|II|III)\. |^\d\. [A-ZĐ]", p.text) and p.runs[0].bold]
        assert all(p.paragraph_format.keep_with_next for p in heads), kind
        leads = [p for p in d.paragraphs if p.text.rstrip().endswith(":") and len(p.text) < 160]
        assert all(p.paragraph_format.keep_with_next for p in leads), kind
        body_tables = d.tables[1:-1]  # between the header block and the signature block
        for table in body_tables:
            tbl = table._tbl
            assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
            assert len(tbl.findall(f"{W}tblGrid/{W}gridCol")) == len(table.columns)
            rows = tbl.findall(f"{W}tr")
            assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
            assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows), kind
        sign = d.tables[-1]._tbl
        assert sign.find(f"{W}tblPr/{W}tblBorders/{W}top").get(f"{W}val") == "nil"
        assert len(sign.findall(f"{W}tr")) == 1 and sign.find(f"{W}tr/{W}trPr/{W}cantSplit") is not None
        assert all("w:ind" not in p._p.xml for c in d.tables[0]._cells for p in c.paragraphs if p.text.strip())


# -- the pages LibreOffice renders from the DOCX -----------------------------------------------------------------------


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _positions(page: Any) -> list[tuple[str, float, float]]:
    found: list[tuple[str, float, float]] = []

    def visit(t, cm, tm, _font, _size):  # type: ignore[no-untyped-def]
        if t.strip():
            found.append((t.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def _lines(page: Any) -> list[str]:
    """The page's text a printed line at a time: the pieces on one baseline, left to right (LibreOffice draws words
    joined by no-break spaces as pieces of their own)."""
    rows: dict[int, list[tuple[float, str]]] = {}
    for text, x, y in _positions(page):
        rows.setdefault(round(y), []).append((x, text.replace("\u00a0", " ")))
    return [" ".join(t for _x, t in sorted(pieces)) for _y, pieces in sorted(rows.items(), reverse=True)]


@pytest.mark.skipif(_office() is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_libreoffice_renders_the_docx_as_laid_out(party, state, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office = _office()
    assert office
    files = {}
    for tag, (store, visit_id) in (("party", party), ("state", state)):
        for kind in ("minutes", "conclusion"):
            files[f"{tag}-{kind}"] = render(store, kind, "docx", visit_id=visit_id, options=DocOptions(number="9"))
        files[f"{tag}-reminder"] = render_reminder(store, UNIT, dt.date(2024, 7, 10), "docx")
    for name, data in files.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, sorted(tmp_path.glob("*.docx")))],
                   check=True, capture_output=True, timeout=240)
    for name in files:
        reader = PdfReader(tmp_path / f"{name}.pdf")
        first = _lines(reader.pages[0])
        motto = "ĐẢNG CỘNG SẢN VIỆT NAM" if name.startswith("party") else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        assert any(motto in line for line in first), (name, first[:8])  # one line, never broken by the column
        issuing = "ĐOÀN GIÁM SÁT SỐ 1" if "conclusion" not in name else None
        if issuing:
            assert any(issuing in line for line in first), (name, first[:8])
        last = _positions(reader.pages[-1])
        names = [(t, y) for t, _x, y in last if t in ("Nguyễn Thị Tuyến", "Nguyễn Xuân Linh")]
        assert names, name  # the signer's name is on the last page with the rest of the block
        if len(names) == 2:
            assert names[0][1] == pytest.approx(names[1][1], abs=1.0), name  # both names on one line
        signature_page = " ".join(t for t, _x, _y in last)
        assert re.sub(r"^(MẬT )?\d+ ", "", signature_page).index("T/M" if "party" in name else "TM.") > 20, name
        for page in reader.pages:
            words = " ".join(t for t, _x, _y in _positions(page))
            assert not re.search(r"\d{2}/\d{2}/\d{3}$", words), name  # no date broken "30/06/202 / 4"
        if name.startswith("state"):
            assert all("MẬT" in " ".join(t for t, _x, _y in _positions(p)) for p in reader.pages), name
        for page in reader.pages[:-1]:  # a heading never ends a page
            lines = [t for t, _x, _y in sorted(_positions(page), key=lambda i: -i[2])]
            assert not re.fullmatch(r"(I|II|III)\. [A-ZĐẾỆỂ ,]+|\d\. [^.]{3,60}", lines[-1]), (name, lines[-1])
