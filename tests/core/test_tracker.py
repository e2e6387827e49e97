"""Importing office trackers (issue 17): messy workbooks and Word tables built the way offices make them, imported
into a real case file and read back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from ssdesk.cli import main
from ssdesk.enums import RecStatus
from ssdesk.errors import ValidationError
from ssdesk.models import AuditEntry, FollowUp, ImportedRow, Recommendation, Unit, Visit
from ssdesk.store import Store
from ssdesk.tracker.apply import apply_plan
from ssdesk.tracker.mapping import find_layout, load_mapping, save_mapping
from ssdesk.tracker.plan import prepare
from ssdesk.tracker.reading import read_tables
from ssdesk.tracker.values import ValueProblem, guess_status, parse_deadline


def messy_workbook(path: Path) -> Path:
    """Title block, two-row header with merged cells, a numbering row, notices as section rows, a unit merged down
    over two rows, a hidden row, status marks (x) under "Tình hình thực hiện", deadlines in four forms."""
    book = Workbook()
    ws = book.active
    ws.title = "2024"
    ws["A1"] = "QUẬN ỦY HOÀNG MAI"
    ws.merge_cells("A1:C1")
    ws["A2"] = "BẢNG TỔNG HỢP TÌNH HÌNH THỰC HIỆN KIẾN NGHỊ NĂM 2024"
    ws.merge_cells("A2:I2")
    for col, head in zip("ABCDE", ("STT", "Nội dung kiến nghị", "Đơn vị thực hiện/chủ trì", "Đơn vị phối hợp",
                                   "Thời hạn"), strict=True):
        ws[f"{col}4"] = head
        ws.merge_cells(f"{col}4:{col}5")
    ws["F4"] = "Tình hình thực hiện"
    ws.merge_cells("F4:H4")
    ws["F5"], ws["G5"], ws["H5"] = "Đã thực hiện", "Đang thực hiện", "Chưa thực hiện"
    ws["I4"] = "Ghi chú"
    ws.merge_cells("I4:I5")
    ws.append([f"({n})" for n in range(1, 10)])  # row 6
    ws.append(["I. Thông báo kết luận số 125-TB/QU ngày 05/3/2024"])  # row 7
    ws.merge_cells("A7:I7")
    ws.append([1, "Rà soát danh sách hộ cận nghèo", "QU Hoàng Mai", "MTTQ quận", "30/6/2024", "x", None, None,
               None])  # row 8
    ws.append([2, "Bổ sung kế hoạch kiểm tra BHYT", None, None, "Quý III/2024", None, "x", None, "Chậm"])  # row 9
    ws.merge_cells("C8:C9")
    ws.append([3, "Dòng đã bỏ", "QU Hoàng Mai", None, "30/6/2024", None, None, "x", None])  # row 10, hidden
    ws.row_dimensions[10].hidden = True
    ws.append(["II. Thông báo số 130-TB/QU ngày 10/4/2024"])  # row 11
    ws.merge_cells("A11:I11")
    ws.append([1, "Kiện toàn tổ công tác", "UBND Q. Hoàng Mai", None, dt.datetime(2024, 9, 15), None, None, "x",
               None])  # row 12
    ws.append([2, "Báo cáo kết quả giải ngân", "Phòng Tài chính - Kế hoạch", None, "tháng 12/2024", "x", None,
               None, None])  # row 13
    book.save(path)
    return path


@pytest.fixture
def units(store: Store) -> dict[str, str]:
    qu = store.catalog.add_unit("Ban Thường vụ Quận ủy Hoàng Mai", "district_committee",
                                short_name="Quận ủy Hoàng Mai")
    ub = store.catalog.add_unit("Ủy ban nhân dân quận Hoàng Mai", "peoples_committee")
    return {"qu": qu.id, "ub": ub.id}


def count(store: Store, model: type) -> int:
    with store.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def test_values_as_offices_write_them() -> None:
    assert parse_deadline("30/6/2024") == parse_deadline("30/06/2024") == dt.date(2024, 6, 30)
    assert parse_deadline("tháng 6/2024") == parse_deadline("Quý II/2024") == dt.date(2024, 6, 30)
    assert parse_deadline("trước 30/6", year_hint=2024) == dt.date(2024, 6, 30)
    assert parse_deadline("Năm 2024") == dt.date(2024, 12, 31)
    assert parse_deadline(dt.datetime(2024, 3, 5, 0, 0)) == dt.date(2024, 3, 5)
    assert parse_deadline("Thường xuyên") is None
    for bad in ("31/2/2024", "sớm", "tháng 13/2024"):
        with pytest.raises(ValueProblem):
            parse_deadline(bad)
    with pytest.raises(ValueProblem, match="year"):
        parse_deadline("trước 30/6")  # no year known: never guessed
    assert [guess_status(w) for w in ("Đã thực hiện", "Đang triển khai", "Chưa thực hiện", "Hoàn thành một phần",
                                      "Không thực hiện được", "dang trien khai")] == [
        RecStatus.DONE, RecStatus.IN_PROGRESS, RecStatus.NEW, RecStatus.PARTLY_DONE, RecStatus.CANNOT_DO,
        RecStatus.IN_PROGRESS]


def test_messy_workbook_imported_grouped_by_notice(store: Store, units: dict[str, str], tmp_path: Path) -> None:
    path = messy_workbook(tmp_path / "Theo dõi kiến nghị.xlsx")
    table = read_tables(path)[0]
    layout = find_layout(table)
    assert layout.header_rows == [3, 4] and layout.data_start == 6
    fields = {c.header: c.field for c in layout.columns}
    assert fields["Nội dung kiến nghị"] == "text" and fields["Thời hạn"] == "deadline"
    assert fields["Tình hình thực hiện Đã thực hiện"] == "status_mark"
    plan = prepare(store, str(path), table, layout)
    assert plan.problems == [] and plan.hidden == 1 and len(plan.rows) == 4
    assert plan.new_units == ["Phòng Tài chính - Kế hoạch"]
    outcome = apply_plan(store, plan, create_units=True, today=dt.date(2025, 1, 10))
    assert outcome.added == 4 and len(outcome.visits) == 2
    with store.read() as s:  # the audit log says who imported each row
        entities = list(s.execute(select(AuditEntry.entity)).scalars())
        assert entities.count("recommendation") == 4 and entities.count("imported_row") == 4
    assert outcome.backup is None  # a file without any session holds nothing to lose yet (backup_before)
    with store.read() as s:
        recs = {r.text: r for r in s.execute(select(Recommendation)).scalars()}
        visits = {v.id: v for v in s.execute(select(Visit)).scalars()}
        new_unit = s.execute(select(Unit).where(Unit.name == "Phòng Tài chính - Kế hoạch")).scalar_one()
        first = recs["Rà soát danh sách hộ cận nghèo"]
        assert first.deadline == dt.date(2024, 6, 30) and first.status is RecStatus.DONE
        assert first.responsible_unit_id == units["qu"] and first.cooperating == "MTTQ quận"
        second = recs["Bổ sung kế hoạch kiểm tra BHYT"]  # its unit merged down from the row above
        assert second.responsible_unit_id == units["qu"] and second.deadline == dt.date(2024, 9, 30)
        assert second.status is RecStatus.IN_PROGRESS
        assert [f.progress for f in second.follow_ups] == ["Đang thực hiện; Chậm"]
        third = recs["Kiện toàn tổ công tác"]
        assert third.responsible_unit_id == units["ub"] and third.deadline == dt.date(2024, 9, 15)
        assert third.status is RecStatus.NEW
        assert recs["Báo cáo kết quả giải ngân"].responsible_unit_id == new_unit.id
        assert "Dòng đã bỏ" not in recs
        v1 = visits[first.visit_id]
        assert v1.starts_at.date() == dt.date(2024, 3, 5) and "125-TB/QU" in (v1.related_documents or "")
        assert visits[third.visit_id].starts_at.date() == dt.date(2024, 4, 10)
        assert first.visit_id == second.visit_id != third.visit_id
    before = {m: count(store, m) for m in (Recommendation, Visit, FollowUp, Unit, ImportedRow)}
    again = prepare(store, str(path), read_tables(path)[0], find_layout(read_tables(path)[0]))
    assert all(r.imported for r in again.rows)
    assert apply_plan(store, again, create_units=True).added == 0
    assert {m: count(store, m) for m in before} == before  # importing twice adds nothing
    other = messy_workbook(tmp_path / "Theo dõi 2025.xlsx")  # another file: its rows are its own
    plan = prepare(store, str(other), read_tables(other)[0], find_layout(read_tables(other)[0]))
    outcome = apply_plan(store, plan, create_units=True, today=dt.date(2025, 1, 10))
    assert outcome.added == 4 and outcome.units == [] and outcome.backup is not None and outcome.backup.is_file()
    assert count(store, Recommendation) == 8 and count(store, Unit) == before[Unit]


def test_bad_cells_named_and_nothing_written(store: Store, units: dict[str, str], tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "2024"
    ws.append(["BẢNG THEO DÕI"])
    ws.append([])
    ws.append(["STT", "Nội dung kiến nghị", "Đơn vị chủ trì", "Tình trạng", "Thời hạn"])
    for n in range(1, 15):  # rows 4 to 17
        ws.append([n, f"Kiến nghị {n}", "Quận ủy Hoang Mai", "Đang triển khai", "trước 30/6"])
    ws["E17"] = "31/2/2024"
    ws["D10"] = "Tạm dừng"  # a status no rule knows
    ws["B12"] = None
    path = tmp_path / "kn.xlsx"
    book.save(path)
    table = read_tables(path)[0]
    plan = prepare(store, str(path), table, find_layout(table))
    assert len(plan.rows) == 14  # the bad rows are shown with the others
    messages = [str(p) for p in plan.problems]
    assert "Sheet 2024, cell E17: date not understood “31/2/2024”" in messages
    assert any(m.startswith("Sheet 2024, cell B12:") for m in messages)
    assert any(m.startswith("Sheet 2024, row 10:") and "Tạm dừng" in m for m in messages)
    assert plan.rows[0].deadline == dt.date(2024, 6, 30)  # the year from the sheet's name
    assert plan.rows[0].unit_id == units["qu"]  # without diacritics
    with pytest.raises(ValidationError, match="E17"):
        apply_plan(store, plan)
    assert count(store, Recommendation) == 0 and count(store, Visit) == 0
    plan.set_status("tam dung", RecStatus.CARRIED_OVER)  # the user says what the words mean
    assert not any("Tạm dừng" in str(p) for p in plan.problems)
    save_mapping(plan.layout, tmp_path / "map.toml")
    saved = load_mapping(tmp_path / "map.toml")
    assert saved.statuses["tam dung"] is RecStatus.CARRIED_OVER and saved.columns["thoi han"] == "deadline"


def test_word_table_and_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = docx.Document()
    document.add_paragraph("BẢNG TỔNG HỢP TÌNH HÌNH THỰC HIỆN KIẾN NGHỊ")
    table = document.add_table(rows=1, cols=6)
    for cell, head in zip(table.rows[0].cells, ("TT", "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn",
                                                "Kết quả thực hiện", "Văn bản/Thông báo kết luận số"), strict=True):
        cell.text = head
    for values in (("1", "Kiểm tra công tác cán bộ", "Đảng ủy phường Định Công", "Quý II/2024",
                    "Hoàn thành một phần", "Thông báo số 88-TB/QU ngày 02/02/2024"),
                   ("2", "Báo cáo sơ kết", "Đảng ủy phường Định Công", "Năm 2024", "Không thực hiện được",
                    "Thông báo số 88-TB/QU ngày 02/02/2024")):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    path = tmp_path / "bao cao.docx"
    document.save(str(path))
    case = tmp_path / "case.ssdesk"
    assert main(["--lang", "en", "import-table", str(case), str(path), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["new"] == 2 and report["added"] == 0 and report["problems"] == []
    assert report["statuses"] == {"Hoàn thành một phần": "partly_done", "Không thực hiện được": "cannot_do"}
    assert main(["--lang", "en", "import-table", str(case), str(path), "--json", "--save-map",
                 str(tmp_path / "m.toml")]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 2
    assert main(["--lang", "en", "import-table", str(case), str(path), "--map", str(tmp_path / "m.toml"),
                 "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["added"] == 0 and again["already_imported"] == 2
    with Store.open(case) as s, s.read() as db:
        recs = db.execute(select(Recommendation).order_by(Recommendation.order_no)).scalars().all()
        assert [r.status for r in recs] == [RecStatus.PARTLY_DONE, RecStatus.CANNOT_DO]
        assert recs[0].responsible_text == "Đảng ủy phường Định Công"  # no unit created without --create-units
        assert recs[0].visit.starts_at.date() == dt.date(2024, 2, 2)


def test_csv_with_semicolons_and_a_saved_mapping(store: Store, tmp_path: Path) -> None:
    """A CSV exported from another tool: ';' between cells, headers the rules do not know, mapped by a saved file."""
    path = tmp_path / "kn-2023.csv"
    path.write_text("Việc cần làm;Ai làm;Hạn chót;Trạng thái\n"
                    "Rà soát quy chế;Sở Nội vụ;trước 31/12;Xong\n"
                    "Lập kế hoạch;Sở Nội vụ;Năm 2023;Đang làm\n", encoding="utf-8-sig")
    (tmp_path / "map.toml").write_text('[columns]\n"Việc cần làm" = "text"\n"Ai làm" = "responsible"\n'
                                       '"Hạn chót" = "deadline"\n"Trạng thái" = "status"\n'
                                       '[statuses]\n"xong" = "done"\n"Đang làm" = "in_progress"\n',
                                       encoding="utf-8")
    table = read_tables(path)[0]
    plan = prepare(store, str(path), table, find_layout(table, load_mapping(tmp_path / "map.toml")))
    assert plan.problems == []
    assert [(r.text, r.deadline, r.status) for r in plan.rows] == [
        ("Rà soát quy chế", dt.date(2023, 12, 31), RecStatus.DONE),
        ("Lập kế hoạch", dt.date(2023, 12, 31), RecStatus.IN_PROGRESS)]
    assert apply_plan(store, plan).added == 2 and count(store, Recommendation) == 2
