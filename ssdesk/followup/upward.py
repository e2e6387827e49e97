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

from ssdesk.enums import RecStatus
from ssdesk.errors import ValidationError
from ssdesk.followup.schedule import Timeline
from ssdesk.i18n import _
from ssdesk.services.secrecy import secret_content

if TYPE_CHECKING:
    from ssdesk.documents.meta import DocOptions
    from ssdesk.documents.model import Document
    from ssdesk.store import Store

BY = ("unit", "delegation")


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
    secret: bool = False  # an item counted comes from a secret visit: MẬT on every page

    @property
    def total(self) -> UpwardLine:
        return UpwardLine(_("Total"), *(sum(getattr(x, f) for x in self.lines)
                                        for f in ("issued", "closed", "done", "in_progress", "overdue")))

    def as_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "by": self.by,
                "classification": "secret" if self.secret else "normal",  # the mark travels with the figures
                "lines": [asdict(x) for x in self.lines], "total": asdict(self.total)}


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
    return UpwardData(as_of, by, [UpwardLine(name, *v) for name, v in sorted(acc.items())],
                      bool(secret_content(store, recommendations_until=as_of)))


def build_document(store: Store, data: UpwardData, options: DocOptions | None = None) -> Document:
    """The report as a document model: laid out in ``ssdesk.documents.upward_report``, this module feeds it."""
    from ssdesk.documents.upward_report import build_upward

    return build_upward(store, data, options)


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
    from ssdesk.documents.upward_report import headers, table_rows

    ws.append([f"Tính đến ngày {data.as_of.strftime('%d/%m/%Y')}"])
    ws.append(list(headers(data.by)))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in table_rows(data):
        ws.append([int(row[0]) if row[0] else None, row[1], *(int(c) for c in row[2:])])
    ws.column_dimensions["B"].width = 40
    ws.freeze_panes = "A3"
    if data.secret:
        from ssdesk.documents.xlsx import mark_secret

        mark_secret(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
