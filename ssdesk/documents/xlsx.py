"""The follow-up report as an XLSX sheet: one row per recommendation, filterable, dates as real dates.

Why a sheet as well as the report: secretaries sort and filter the recommendations in Excel and send the sheet to
the units; so the header row is frozen, an autofilter covers the data, and deadlines are dates, not text.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ssdesk.documents.report import FollowupData, counts, groups, status_label
from ssdesk.documents.text import clean

COLUMNS = (("TT", 6), ("Số hiệu", 9), ("Nội dung", 60), ("Loại", 14), ("Đơn vị được giám sát", 30),
           ("Đoàn giám sát", 22), ("Đơn vị chủ trì", 28), ("Thời hạn", 12), ("Quá hạn", 9), ("Tình trạng", 22),
           ("Tiến độ mới nhất", 50), ("Ngày cập nhật", 13))
DATE_FORMAT = "DD/MM/YYYY"


def _cell(text: str) -> str:
    """Cleaned, and within Excel's 32,767-character cell limit."""
    text = clean(text)
    return text if len(text) <= 32000 else text[:32000] + "…"


def render_xlsx(data: FollowupData) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo dõi kiến nghị"
    ws.append([name for name, _w in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    n = 0
    for _group, lines in groups(data):
        for line in lines:
            n += 1
            r = line.row
            ws.append([n, r.ref or "", _cell(r.text), r.direction.label_in("vi"), _cell(r.unit), _cell(r.delegation),
                       _cell(r.responsible or ""), r.deadline, "x" if r.overdue else "", status_label(line),
                       _cell(line.progress), line.progress_on])
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, (_name, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2, max_row=n + 1):
        for cell in row:
            cell.alignment = wrap
        row[7].number_format = DATE_FORMAT
        row[11].number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{n + 1}"
    summary = wb.create_sheet("Tổng hợp")
    summary.append(["Tình trạng", "Số lượng"])
    for label, count in counts(data):
        summary.append([label, count])
    summary.column_dimensions["A"].width = 34
    summary["A1"].font = summary["B1"].font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
