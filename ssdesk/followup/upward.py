"""Report upward (báo cáo lên cấp trên): per unit or per delegation, as of a date — issued, closed, in progress,
overdue — as data for the screen, JSON, a PDF through the documents module, or an XLSX sheet.

Why "as of" replays the history: the report for 31/12 must say what was true on 31/12 even when it is printed in
February after more items were closed. The columns add up: ``issued = closed + in_progress + overdue``, where
*in progress* is every open item not overdue (new, in progress, reported done, partly done) and *done* is the part
of *closed* the overseer verified.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ssdesk.enums import DocumentKind, RecStatus
from ssdesk.errors import ValidationError
from ssdesk.followup.schedule import Timeline
from ssdesk.i18n import _

if TYPE_CHECKING:
    from ssdesk.documents.meta import DocOptions
    from ssdesk.documents.model import Document
    from ssdesk.store import Store

BY = ("unit", "delegation")
HEADERS_VI = ("TT", "Đơn vị" , "Số yêu cầu, kiến nghị", "Đã kết thúc", "Trong đó đã hoàn thành", "Đang thực hiện",
              "Quá hạn")


@dataclass(frozen=True)
class UpwardLine:
    name: str
    issued: int
    closed: int
    done: int
    in_progress: int
    overdue: int


@dataclass(frozen=True)
class UpwardData:
    as_of: dt.date
    by: str
    lines: list[UpwardLine]

    @property
    def total(self) -> UpwardLine:
        return UpwardLine(_("Total"), *(sum(getattr(x, f) for x in self.lines)
                                        for f in ("issued", "closed", "done", "in_progress", "overdue")))

    def as_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "by": self.by, "lines": [asdict(x) for x in self.lines],
                "total": asdict(self.total)}


def collect(store: Store, as_of: dt.date, by: str = "unit") -> UpwardData:
    if by not in BY:
        raise ValidationError.one("by", _("Group by “unit” or “delegation”, not “{by}”.").format(by=by))
    acc: dict[str, list[int]] = {}
    for r in Timeline(store).on(as_of):
        row = acc.setdefault(r.unit if by == "unit" else r.delegation, [0, 0, 0, 0, 0])
        row[0] += 1
        if r.closed:
            row[1] += 1
            row[2] += r.status is RecStatus.DONE
        elif r.overdue(as_of):
            row[4] += 1
        else:
            row[3] += 1
    return UpwardData(as_of, by, [UpwardLine(name, *v) for name, v in sorted(acc.items())])


def _rows(data: UpwardData) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (str(i), x.name, str(x.issued), str(x.closed), str(x.done), str(x.in_progress), str(x.overdue))
        for i, x in enumerate(data.lines, 1)]
    t = data.total
    return rows + [("", "Tổng cộng", str(t.issued), str(t.closed), str(t.done), str(t.in_progress), str(t.overdue))]


def build_document(store: Store, data: UpwardData, options: DocOptions | None = None) -> Document:
    """The report as a document model, with the header and signature of the follow-up report (same board)."""
    from ssdesk.documents.content import _header  # the shared header logic of every document
    from ssdesk.documents.meta import DocOptions, committee, recipient_lines, superior_of
    from ssdesk.documents.model import Closing, Document, Para, SignBlock, Table
    from ssdesk.documents.profiles import choose_profile
    from ssdesk.documents.text import clean, long_date

    options = options or DocOptions()
    bodies = {d.issuing_body for d in store.catalog.delegations()}
    board = options.issuing_body or (bodies.pop() if len(bodies) == 1 else "")
    profile = choose_profile(board, options.profile)
    com = committee(board) if board else ""
    day = options.issued_on or data.as_of
    subject = ("kết quả thực hiện các yêu cầu, kiến nghị sau giám sát tính đến "
               f"{long_date(data.as_of, profile.pad_months)}")
    header, code = _header(profile, "followup_report", options, superior_of(board), com, board, day, subject,
                           "BÁO CÁO")
    doc = Document(DocumentKind.FOLLOWUP_REPORT, profile, header, secret=bool(options.secret),
                   title=f"Báo cáo {code}", author=com, issued_on=day)
    t = data.total
    doc.add(Para.of(f"Tính đến {long_date(data.as_of, profile.pad_months)}, các đoàn giám sát đã nêu {t.issued} yêu "
                    f"cầu, kiến nghị; đã kết thúc {t.closed} (trong đó đã hoàn thành {t.done}), đang thực hiện "
                    f"{t.in_progress}, quá hạn {t.overdue}. Kết quả cụ thể như sau:"))
    headers = list(HEADERS_VI)
    headers[1] = "Đơn vị" if data.by == "unit" else "Đoàn giám sát"
    doc.add(Table(tuple(headers), tuple(tuple(clean(c) for c in r) for r in _rows(data)),
                  (0.06, 0.34, 0.12, 0.12, 0.12, 0.12, 0.12), ("C", "L", "C", "C", "C", "C", "C"), size=11))
    sign = SignBlock(options.signing_authority or f"{profile.authority_prefix} BAN THƯỜNG VỤ",
                     options.signer_position or "", options.signer_name or "")
    recipients = options.recipients or ((f"Thường trực {com}",) if com else ()) + \
        ((profile.archive_line.format(committee=com),) if com else ("Lưu",))
    doc.closing = Closing(right=sign, recipients=recipient_lines(tuple(recipients)))
    return doc


def render(store: Store, data: UpwardData, fmt: str, options: DocOptions | None = None) -> bytes:
    """``fmt``: pdf, docx, xlsx or json."""
    if fmt == "json":
        import json

        return json.dumps(data.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(data)
    if fmt == "pdf":
        from ssdesk.documents.pdf import render_pdf

        return render_pdf(build_document(store, data, options))
    if fmt == "docx":
        from ssdesk.documents.docx import render_docx

        return render_docx(build_document(store, data, options))
    raise ValidationError.one("format", _("Unknown format “{fmt}”; use pdf, docx, xlsx or json.").format(fmt=fmt))


def _xlsx(data: UpwardData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    ws.append([f"Tính đến ngày {data.as_of.strftime('%d/%m/%Y')}"])
    headers = list(HEADERS_VI)
    headers[1] = "Đơn vị" if data.by == "unit" else "Đoàn giám sát"
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in _rows(data):
        ws.append([int(row[0]) if row[0] else None, row[1], *(int(c) for c in row[2:])])
    ws.column_dimensions["B"].width = 40
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
