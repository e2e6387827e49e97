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
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ssdesk.enums import RecStatus
from ssdesk.errors import ValidationError
from ssdesk.followup.schedule import Timeline
from ssdesk.i18n import _
from ssdesk.services.secrecy import SecretContent, secret_content

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
    issuing_body: str = ""  # the body that reports: its delegations' items are counted, it heads and signs
    bodies: tuple[str, ...] = ()  # every body with items by the day (a file of several: who else may report)
    #: The secret sessions among those counted (what a save asks the user to confirm), found once with the figures.
    secret_sessions: SecretContent | None = field(default=None, compare=False, repr=False)

    @property
    def total(self) -> UpwardLine:
        return UpwardLine(_("Total"), *(sum(getattr(x, f) for x in self.lines)
                                        for f in ("issued", "closed", "done", "in_progress", "overdue")))

    def as_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "by": self.by,
                "classification": "secret" if self.secret else "normal",  # the mark travels with the figures
                "lines": [asdict(x) for x in self.lines], "total": asdict(self.total)}


def collect(store: Store, as_of: dt.date, by: str = "unit", issuing_body: str | None = None, *,
            first_if_several: bool = False) -> UpwardData:
    """The figures of the report ``issuing_body`` sends upward: the items of its own delegations only. Without it,
    the one body of the file reports; a file that holds the delegations of several bodies (a city's Standing Board
    and its People's Council) is refused with their names — summed together, the figures belong to no one and the
    report came out with no issuer in its header and no one to sign it. ``first_if_several`` (a dialog that then
    offers :attr:`UpwardData.bodies` to choose from): the first body reports instead, and also when the one asked
    for has no items by the day."""
    if by not in BY:
        raise ValidationError.one("by", _("Group by “unit” or “delegation”, not “{by}”.").format(by=by))
    states = Timeline(store).on(as_of)
    present = sorted({r.board for r in states if r.board})
    board = (issuing_body or "").strip()
    matching = [b for b in present if b.casefold() == board.casefold()] if board else []
    if first_if_several and present and not matching:
        board, matching = present[0], present[:1]
    if board:
        if present and not matching:
            raise ValidationError.one("issuing_body", _(
                "No delegation of “{body}” had issued requests or recommendations by that day; the bodies in this "
                "case file are: {bodies}.").format(body=board, bodies="; ".join(present)))
        board = matching[0] if matching else board
        states = [r for r in states if r.board == board]
    elif len(present) > 1:
        raise ValidationError.one("issuing_body", _(
            "This case file holds the delegations of several bodies ({bodies}): choose the body that issues the "
            "report.").format(bodies="; ".join(present)))
    elif present:
        board = present[0]
    else:  # nothing issued by that day: the report still comes from the file's one body, when it has one
        boards = {d.issuing_body for d in store.catalog.delegations() if d.issuing_body}
        board = boards.pop() if len(boards) == 1 else ""
    acc: dict[str, list[int]] = {}
    for r in states:
        row = acc.setdefault(r.unit if by == "unit" else r.delegation, [0, 0, 0, 0, 0])
        row[0] += 1
        if r.closed:
            row[1] += 1
            row[2] += r.status is RecStatus.DONE
        elif r.overdue(as_of):
            row[4] += 1
        else:
            row[3] += 1
    # every item held by the day, in one query, unless the report counts one body's items of a file of several
    secret = (secret_content(store, recommendation_ids=(r.id for r in states)) if len(present) > 1
              else secret_content(store, recommendations_until=as_of))
    return UpwardData(as_of, by, [UpwardLine(name, *v) for name, v in sorted(acc.items())], bool(secret), board,
                      tuple(present), secret)


def secrecy(data: UpwardData) -> SecretContent:
    """The secret sessions among those whose items the report counts: what the command line and the GUI ask the
    user to confirm before it leaves the case file."""
    assert data.secret_sessions is not None, "UpwardData made by collect()"
    return data.secret_sessions


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
