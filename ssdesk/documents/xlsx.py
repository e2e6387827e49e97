"""The follow-up report as an XLSX workbook: one row per recommendation, filterable, typed, ready to print.

Why a sheet as well as the report: secretaries sort and filter the recommendations in Excel and send the sheet to
the units. So every column holds one kind of value a filter can work on — deadlines are dates, overdue is a real
TRUE/FALSE column (a status with "(quá hạn)" appended split every status in two in the filter list); the header row
is frozen and repeated on every printed page; pages are A4 landscape, fitted to the width. The summary sheet ends
with a total row. A workbook holding anything of a secret session carries MẬT on every sheet, in a cell above the
table and in the printed page header (domain.md §3b).

Why the rows are streamed as XML: 10,000 rows must be written in well under 3 s and 300 MB; openpyxl keeps an
object per cell (and hashes its style) and took 4.5 s. openpyxl still builds everything around the rows — styles,
page setup, header rows, the summary sheet — and the data rows of the first sheet are written straight into its
``sheetData`` with the style ids openpyxl registered, as inline strings, numbers, booleans and date serials.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.worksheet import Worksheet

from ssdesk.documents.report import FollowupData, groups
from ssdesk.documents.text import clean, vn_date
from ssdesk.enums import RecStatus

COLUMNS = (("TT", 6), ("Số hiệu", 9), ("Nội dung", 60), ("Loại", 14), ("Đơn vị được giám sát", 30),
           ("Đoàn giám sát", 22), ("Đơn vị chủ trì", 28), ("Thời hạn", 12), ("Quá hạn", 9), ("Tình trạng", 22),
           ("Tiến độ mới nhất", 50), ("Ngày cập nhật", 13))
SUMMARY_COLUMNS = (("Tình trạng", 34), ("Số lượng", 12), ("Trong đó quá hạn", 16))
DATE_FORMAT = "DD/MM/YYYY"
#: Excel shows a TRUE/FALSE cell as such whatever its format; LibreOffice showed 1/0 without this one.
BOOL_FORMAT = '"TRUE";"TRUE";"FALSE"'
SECRET_MARK = "MẬT"
TOTAL_LABEL = "Tổng cộng"
#: Rows above the table: the title (with MẬT in its first cell when secret), then the column headers.
HEADER_ROW = 2

_BOLD = Font(bold=True)
_SECRET = Font(bold=True, size=13)
_TITLE = Font(bold=True, size=13)
_HEAD = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_RULE = Border(top=Side(style="thin"))


def _cell(text: str) -> str:
    """Cleaned, and within Excel's 32,767-character cell limit."""
    text = clean(text)
    return text if len(text) <= 32000 else text[:32000] + "…"


def _style(ws: Worksheet, row: int, column: int, value: Any, *, font: Font | None = None,
           alignment: Alignment | None = None, border: Border | None = None) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border


def prepare_sheet(ws: Worksheet, widths: Sequence[float], *, secret: bool, title: str) -> None:
    """What every sheet of an ssdesk workbook shares, set before its rows are streamed: column widths, A4
    landscape fitted to the page width, the title and header rows repeated on each printed page, page numbers
    in the footer, and MẬT in the printed header of a secret one (the cell is the caller's first row)."""
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.size = 10
    if secret:
        ws.oddHeader.left.text = SECRET_MARK
        ws.oddHeader.left.size = 14
        ws.oddHeader.left.font = "Times New Roman,Bold"
    ws.oddHeader.center.text = title
    ws.oddHeader.center.size = 10


def mark_secret(wb: Workbook) -> None:
    """MẬT in the printed page header of every sheet of an (ordinary-mode) workbook, and in cell A1 when that cell
    is free — for workbooks built elsewhere (the report upward); :func:`render_xlsx` marks its own sheets."""
    for ws in wb.worksheets:
        ws.oddHeader.left.text = SECRET_MARK
        ws.oddHeader.left.size = 14
        ws.oddHeader.left.font = "Times New Roman,Bold"
        if ws["A1"].value is None:
            ws["A1"] = SECRET_MARK
        elif ws["A1"].value != SECRET_MARK:
            ws.insert_rows(1)
            ws["A1"] = SECRET_MARK
            if ws.freeze_panes:  # the frozen rows move down with the table
                column, row = coordinate_from_string(ws.freeze_panes)
                ws.freeze_panes = f"{column}{row + 1}"
        ws["A1"].font = _SECRET


def _heading(ws: Worksheet, title: str, columns: Sequence[tuple[str, float]], secret: bool) -> None:
    """Row 1: MẬT (when secret) and the title; row 2: the column headers."""
    if secret:
        _style(ws, 1, 1, SECRET_MARK, font=_SECRET)
        _style(ws, 1, 2, title, font=_TITLE)
    else:
        _style(ws, 1, 1, title, font=_TITLE)
    for i, (name, _w) in enumerate(columns, 1):
        _style(ws, HEADER_ROW, i, name, font=_BOLD, alignment=_HEAD)


_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _style_ids(wb: Workbook) -> dict[str, int]:
    """The workbook-wide ids of the data rows' styles, registered through a scratch sheet removed again."""
    scratch = wb.create_sheet("scratch")
    looks = {"top": (_TOP, None), "wrap": (_WRAP, None), "date": (_TOP, DATE_FORMAT), "bool": (_TOP, BOOL_FORMAT)}
    ids = {}
    for i, (name, (alignment, number_format)) in enumerate(looks.items(), 1):
        cell = scratch.cell(row=i, column=1, value=0)
        cell.alignment = alignment
        if number_format:
            cell.number_format = number_format
        ids[name] = cell.style_id
    wb.remove(scratch)
    return ids


def _text(value: str) -> str:
    """A cell's text as XML: cleaned, within Excel's limit, without the characters XML 1.0 forbids, escaped."""
    return escape(_ILLEGAL_XML.sub("", _cell(value)))


#: Points per line of 11-pt text, and the characters of Vietnamese text that fit in one unit of column width.
LINE_PT = 15
CHARS_PER_WIDTH = 1.1


def _height(*cells: tuple[str, float]) -> int:
    """A row's height in points for its wrapped cells (text, column width): what Excel and LibreOffice show is then
    the whole text — neither computes it for rows a program wrote, so long texts were cut to one line."""
    lines = 1
    for value, width in cells:
        if value:
            per_line = max(1, int(width * CHARS_PER_WIDTH))
            lines = max(lines, sum(-(-max(1, len(part)) // per_line) for part in value.split("\n")))
    return LINE_PT * min(lines, 27)  # Excel's limit is 409 pt


def _rows_xml(data: FollowupData, first_row: int, ids: dict[str, int]) -> Iterator[str]:
    """The data rows as ``<row>`` elements. Why one template per row rather than a cell writer per value: this is
    the whole cost of a 10,000-row sheet; names repeated on every row (units, delegations, labels) are cleaned and
    escaped once."""
    top, wrap, date, flag = ids["top"], ids["wrap"], ids["date"], ids["bool"]
    seen: dict[str, str] = {}

    def same(value: str) -> str:
        found = seen.get(value)
        if found is None:
            found = seen[value] = _text(value)
        return found

    def text(col: str, n: int, style: int, value: str) -> str:
        if not value:
            return f'<c r="{col}{n}" s="{style}"/>'
        return f'<c r="{col}{n}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'

    def day(col: str, n: int, value: dt.date | None) -> str:
        if value is None:
            return f'<c r="{col}{n}" s="{date}"/>'
        if isinstance(value, dt.datetime):
            value = value.date()
        return f'<c r="{col}{n}" s="{date}"><v>{(value - _EXCEL_EPOCH).days}</v></c>'

    number = 0
    for _group, lines in groups(data):
        for line in lines:
            number += 1
            r, n = line.row, first_row + number - 1
            height = _height((r.text, 60), (r.direction.label_in("vi"), 14), (r.unit, 30), (r.delegation, 22),
                             (r.responsible or "", 28), (line.progress, 50))
            yield (f'<row r="{n}" ht="{height}" customHeight="1"><c r="A{n}" s="{top}"><v>{number}</v></c>'
                   + text("B", n, top, same(r.ref or "")) + text("C", n, wrap, _text(r.text))
                   + text("D", n, wrap, same(r.direction.label_in("vi"))) + text("E", n, wrap, same(r.unit))
                   + text("F", n, wrap, same(r.delegation)) + text("G", n, wrap, same(r.responsible or ""))
                   + day("H", n, r.deadline) + f'<c r="I{n}" s="{flag}" t="b"><v>{int(bool(r.overdue))}</v></c>'
                   + text("J", n, top, same(r.status.label_in("vi"))) + text("K", n, wrap, _text(line.progress))
                   + day("L", n, line.progress_on) + "</row>")


def _with_rows(workbook: bytes, sheet: str, rows: Iterator[str], last_ref: str) -> bytes:
    """``workbook`` with ``rows`` appended to the ``sheetData`` of its part ``sheet`` and the sheet's dimension
    widened to ``last_ref``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == sheet:
                xml = content.decode("utf-8")
                xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_ref}"/>', xml, count=1)
                head, sep, tail = xml.partition("</sheetData>")
                if not sep:  # openpyxl wrote an empty <sheetData/>
                    head, sep, tail = xml.partition("<sheetData/>")
                    head += "<sheetData>"
                content = (head + "".join(rows) + "</sheetData>" + tail).encode("utf-8")
            dst.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()


def render_xlsx(data: FollowupData, *, secret: bool = False) -> bytes:
    """The workbook's bytes: the sheet of recommendations, then the summary sheet. ``secret``: some row comes from
    a secret session (``ssdesk.services.secrecy``)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo dõi kiến nghị"
    prepare_sheet(ws, [w for _n, w in COLUMNS], secret=secret, title=ws.title)
    _heading(ws, f"Theo dõi thực hiện yêu cầu, kiến nghị sau giám sát — tính đến {vn_date(data.today)}", COLUMNS,
             secret)
    last = f"{get_column_letter(len(COLUMNS))}{len(data.lines) + HEADER_ROW}"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}"
    ids = _style_ids(wb)
    _summary(wb, data, secret)
    buf = io.BytesIO()
    wb.save(buf)
    return _with_rows(buf.getvalue(), "xl/worksheets/sheet1.xml", _rows_xml(data, HEADER_ROW + 1, ids), last)


def _summary(wb: Workbook, data: FollowupData, secret: bool) -> None:
    """Per status (in the workflow's order): how many, of which overdue; then the total row."""
    ws = wb.create_sheet("Tổng hợp")
    prepare_sheet(ws, [w for _n, w in SUMMARY_COLUMNS], secret=secret, title=ws.title)
    _heading(ws, f"Tổng hợp theo tình trạng — tính đến {vn_date(data.today)}", SUMMARY_COLUMNS, secret)
    per_status: Counter[RecStatus] = Counter(line.row.status for line in data.lines)
    overdue: Counter[RecStatus] = Counter(line.row.status for line in data.lines if line.row.overdue)
    for status in RecStatus:
        if per_status[status]:
            ws.append([status.label_in("vi"), per_status[status], overdue[status]])
    total = ws.max_row + 1
    for i, value in enumerate((TOTAL_LABEL, len(data.lines), sum(overdue.values())), 1):
        _style(ws, total, i, value, font=_BOLD, border=_RULE)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"


__all__ = ["COLUMNS", "DATE_FORMAT", "SECRET_MARK", "TOTAL_LABEL", "mark_secret", "prepare_sheet", "render_xlsx"]
