"""Printed documents, finishing touches (issue 20): the follow-up report's columns sized from their content (no date
ever breaks, no name printed twice on a row), the chair's opening words in the minutes' opening section, a State
review meeting's chair signing with a State post, and the minutes' export reading the visit once.

Every check reads the output back: pypdf's text, the DOCX's XML, and where LibreOffice is installed the pages it
renders from the DOCX."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import event

from ssdesk.cli import main
from ssdesk.documents import fonts, render
from ssdesk.documents.docx import CELL_MARGIN, TWIPS
from ssdesk.documents.meta import DocOptions
from ssdesk.enums import StatementKind
from ssdesk.store import Store

UNIT = "Ban Thường vụ Quận ủy Hoàng Mai"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HDND = "Thường trực HĐND thành phố Hà Nội"


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def docx_grids(data: bytes) -> list[tuple[list[str], list[int]]]:
    """(header texts, column widths in twips) of every grid table of a DOCX."""
    from xml.etree import ElementTree as ET

    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for tbl in root.iter(f"{W}tbl"):
        grid = [int(c.get(f"{W}w") or 0) for c in tbl.iter(f"{W}gridCol")]
        first = tbl.find(f"{W}tr")
        assert first is not None
        heads = ["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in first.findall(f"{W}tc")]
        out.append((heads, grid))
    return out


@pytest.fixture
def case(demo_copy: tuple[Path, str]):  # type: ignore[no-untyped-def]
    path, visit_id = demo_copy
    store = Store.open(path, user="tester@test")
    yield store, visit_id
    store.close()


# -- 1. the follow-up report's columns ----------------------------------------------------------------------------


def test_followup_dates_never_break_and_the_unit_is_printed_once(case) -> None:  # type: ignore[no-untyped-def]
    store, _visit = case
    out = pdf_text(render(store, "followup", "pdf"))
    deadlines = re.findall(r"\d\d/\d\d/\d{4}", out)
    assert deadlines.count("30/06/2024") >= 6, out  # every deadline whole on one line
    assert not re.search(r"\d\d/\d\d/\d{1,3}\s*\n", out), out  # no "30/06/202" + "4" on the next line
    body = out.split("II. CHI TIẾT")[1]
    # grouped by unit: the unit is the group's heading, not a column; who leads it the same unit: no column either
    assert flat(body).count(UNIT) == 1 and "Đơn vị:" in body
    header = flat(body.split("\n1 ")[0])
    assert "Chủ trì" not in header and "Nội dung" in header and "Thời hạn" in header
    # grouped by delegation the unit is a column, still once per row, and no "Chủ trì" repeating it
    by_deleg = flat(pdf_text(render(store, "followup", "pdf", group_by="delegation")))
    assert "Đoàn giám sát: Đoàn giám sát số 1" in by_deleg and "Chủ trì" not in by_deleg
    assert re.search(r"TT Nội dung Đơn vị Thời hạn", by_deleg), by_deleg


def test_followup_prints_who_leads_where_it_is_not_the_unit(case) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = case
    dept = store.catalog.add_unit("Phòng Lao động - Thương binh và Xã hội quận Hoàng Mai", "department")
    store.recommendations.add(visit_id, direction="request", text="Rà soát hộ nghèo", responsible_unit_id=dept.id,
                              deadline="2024-09-30")
    out = flat(pdf_text(render(store, "followup", "pdf")))
    assert "Chủ trì" in out and "Phòng Lao động" in out and out.count(UNIT) == 1


def test_followup_docx_columns_fit_their_widest_word(case) -> None:  # type: ignore[no-untyped-def]
    """Word lays the fixed grid out as written: the date column must hold "30/06/2024" with the cell margins."""
    store, _visit = case
    grids = docx_grids(render(store, "followup", "docx"))
    detail = [g for g in grids if "Thời hạn" in g[0]]
    assert detail
    for heads, grid in detail:
        date_col = grid[heads.index("Thời hạn")]
        assert date_col >= (fonts.width("30/06/2024", 10) + 2 * CELL_MARGIN / TWIPS) * TWIPS, (heads, grid)
        assert "Đơn vị" not in heads and "Chủ trì" not in heads
        assert grid[heads.index("Nội dung")] == max(grid)  # the text keeps the widest column


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_followup_docx_rendered_by_libreoffice_breaks_no_date(case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, _visit = case
    source = tmp_path / "followup.docx"
    source.write_bytes(render(store, "followup", "docx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    out = pdf_text((tmp_path / "followup.pdf").read_bytes())
    assert re.findall(r"\d\d/\d\d/\d{4}", out).count("30/06/2024") >= 6, out
    assert not re.search(r"\d\d/\d\d/\d{1,3}\s*\n", out), out


# -- 2. the chair's opening words ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_chairs_opening_words_print_in_the_opening_section(case, fmt: str) -> None:  # type: ignore[no-untyped-def]
    store, visit_id = case
    opening = store.visits.add_statement(visit_id, "Nguyễn Thị Tuyến", "Tuyên bố lý do, giới thiệu thành phần.",
                                         speaker_title="Trưởng đoàn", kind=StatementKind.OTHER)
    store.visits.move_statement(opening.id, 0)
    data = render(store, "minutes", fmt, visit_id=visit_id, options=DocOptions(number="125"))
    if fmt == "pdf":
        out = flat(pdf_text(data))
    else:
        import docx

        out = flat("\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs))
    said = out.index("Tuyên bố lý do, giới thiệu thành phần.")
    assert out.index("1. Công bố quyết định") < said < out.index("2. Báo cáo của")
    opinions = out[out.index("Ý kiến trao đổi của thành viên Đoàn"):out.index("Giải trình, làm rõ")]
    assert "Tuyên bố lý do" not in opinions and "Nguyễn Thị Tuyến" not in opinions


# -- 3. a State review meeting's chair -------------------------------------------------------------------------------


def test_a_state_review_meetings_chair_signs_with_a_state_post(store: Store) -> None:
    visit = store.visits.create(kind="review_meeting", convening_body=HDND, starts_at="2025-03-12 08:00",
                                title="Hội nghị giao ban quý I năm 2025", place="Hội trường HĐND thành phố")
    store.visits.add_attendee(visit.id, "Nguyễn Ngọc Tuấn", "delegation", presides=True,
                              title="Phó Bí thư Thành ủy, Chủ tịch HĐND thành phố")
    dept = store.catalog.add_unit("Sở Tài chính", "department")
    store.recommendations.add(visit.id, direction="request", text="Tổng hợp báo cáo quý", responsible_unit_id=dept.id,
                              deadline="2025-04-30")
    store.visits.update(visit.id, conclusion="Các đơn vị hoàn thành nhiệm vụ đúng hạn.")
    for kind in ("minutes", "conclusion"):
        out = flat(pdf_text(render(store, kind, "pdf", visit_id=visit.id, options=DocOptions(number="7"))))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in out, kind
        signature = out.rsplit("Nguyễn Ngọc Tuấn", 1)[0][-200:]
        assert "CHỦ TỊCH" in signature and "BÍ THƯ" not in signature, (kind, signature)


# -- 5. the minutes' export reads the visit once ----------------------------------------------------------------------


def test_export_of_the_minutes_reads_the_visit_row_once(demo_copy: tuple[Path, str], tmp_path: Path) -> None:
    from sqlalchemy.engine import Engine

    path, visit_id = demo_copy
    reads: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if re.search(r"FROM visit\b", statement) and "visit.id = ?" in statement or \
                re.search(r"FROM visit\s+WHERE visit\.id IN", statement):
            reads.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        assert main(["export", str(path), "--visit", visit_id, "--kind", "minutes", "--format", "pdf",
                     "-o", str(tmp_path / "m.pdf")]) == 0
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert len(reads) == 1, reads
    assert "BIÊN BẢN" in pdf_text((tmp_path / "m.pdf").read_bytes())


def test_export_of_the_follow_up_report_collects_its_rows_once(demo_copy: tuple[Path, str], tmp_path: Path) -> None:
    """The secret check and the report read the same rows: the list query runs once, not twice (10,000 rows)."""
    from sqlalchemy.engine import Engine

    path, _visit = demo_copy
    lists: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("SELECT recommendation.id, recommendation.ref") and "ORDER BY" in statement:
            lists.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        for fmt in ("pdf", "xlsx"):
            assert main(["export", str(path), "--kind", "followup", "--format", fmt,
                         "-o", str(tmp_path / f"f.{fmt}")]) == 0
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert len(lists) == 2, lists  # one per export
    assert "30/06/2024" in pdf_text((tmp_path / "f.pdf").read_bytes())


def test_a_board_signer_without_a_post_of_the_family_gets_a_line_for_it(case) -> None:  # type: ignore[no-untyped-def]
    """A council's notice signed by a Party secretary: no Party post is printed, and no block without a post either
    — a dotted line where the post is written in."""
    from ssdesk.models import Delegation

    store, visit_id = case
    store.catalog.update(Delegation, store.catalog.delegations()[0].id, issuing_body=HDND)
    out = flat(pdf_text(render(store, "conclusion", "pdf", visit_id=visit_id, options=DocOptions(number="5"))))
    block = out[out.rindex("TM. THƯỜNG TRỰC HĐND"):]
    assert "\u2026" * 5 in block and "BÍ THƯ" not in block, block
