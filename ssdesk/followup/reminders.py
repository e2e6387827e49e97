"""The reminder letter (văn bản đôn đốc): one click drafts, for one unit, a letter listing its overdue items.

Why through the documents module: the letter must carry the same official header, number line, date line and
signature block as the minutes and notices (the format profile of the issuing body), and come out as PDF to send
or DOCX for the leader to reword before signing. Items are those of visits to the unit and those it is made
responsible for elsewhere; the letter is issued by the delegation when all items are one delegation's, otherwise
by the board above them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from ssdesk.enums import DocumentKind
from ssdesk.errors import ValidationError
from ssdesk.followup.schedule import NOT_WAITING
from ssdesk.i18n import _
from ssdesk.models import Delegation, Recommendation, Unit, Visit

if TYPE_CHECKING:
    from ssdesk.documents.meta import DocOptions
    from ssdesk.documents.model import Document
    from ssdesk.store import Store

FORMATS = ("pdf", "docx")


def find_unit(store: Store, value: str) -> Unit:
    """A unit by id, exact name, short name, or case-insensitive name; an unknown one is refused by name."""
    value = (value or "").strip()
    if not value:
        raise ValidationError.one("unit", _("Say which unit (--unit)."))
    with store.read() as s:
        found = s.get(Unit, value) or s.scalars(select(Unit).where(
            or_(Unit.name == value, Unit.short_name == value))).first()
        if found is None:
            low = value.lower()
            found = next((u for u in s.scalars(select(Unit))
                          if u.name.lower() == low or (u.short_name or "").lower() == low), None)
        if found is None:
            raise ValidationError.one("unit", _("No unit called “{name}”.").format(name=value))
        return found


def overdue_of(store: Store, unit_id: str, today: dt.date) -> list[tuple[Recommendation, Visit, Delegation]]:
    """The unit's overdue items: deadline before ``today``, still waiting for the unit."""
    query = (select(Recommendation, Visit, Delegation).join(Visit, Recommendation.visit_id == Visit.id)
             .join(Delegation, Visit.delegation_id == Delegation.id)
             .where(or_(Visit.unit_id == unit_id, Recommendation.responsible_unit_id == unit_id),
                    Recommendation.deadline < today, Recommendation.status.not_in(list(NOT_WAITING)))
             .order_by(Visit.starts_at, Recommendation.order_no))
    with store.read() as s:
        return [(r, v, d) for r, v, d in s.execute(query)]


def build_reminder(store: Store, unit: str, today: dt.date, options: DocOptions | None = None) -> Document:
    """The letter's document model; refused when the unit has nothing overdue (there is nothing to remind of)."""
    from ssdesk.documents.content import _header  # the shared header logic of every document
    from ssdesk.documents.meta import DocOptions, committee, recipient_lines, superior_of
    from ssdesk.documents.model import Closing, Document, Para, SignBlock, Table
    from ssdesk.documents.profiles import choose_profile
    from ssdesk.documents.text import clean, long_date, vn_date

    options = options or DocOptions()
    target = find_unit(store, unit)
    items = overdue_of(store, target.id, today)
    if not items:
        raise ValidationError.one("unit", _("“{unit}” has no overdue item on {day}; there is nothing to remind of.")
                                  .format(unit=target.name, day=vn_date(today)))
    delegations = {d.id: d for _r, _v, d in items}
    deleg = next(iter(delegations.values())) if len(delegations) == 1 else None
    board = options.issuing_body or items[0][2].issuing_body
    profile = choose_profile(board, options.profile)
    com = committee(board)
    superior, issuing = (com, deleg.name) if deleg else (superior_of(board), com)
    day = options.issued_on or today
    opts = options if options.type_code else options.with_(type_code="CV")
    header, code = _header(profile, "followup_report", opts, superior, issuing, deleg.name if deleg else board, day,
                           f"V/v đôn đốc thực hiện các yêu cầu, kiến nghị sau giám sát đối với {target.name}", "")
    doc = Document(DocumentKind.REMINDER, profile, header, secret=bool(options.secret),
                   title=f"Văn bản đôn đốc {code}", author=issuing, issued_on=day)
    doc.add(Para.of(f"Kính gửi: {clean(target.name)}.", "center"))
    sessions = sorted({v.starts_at.date() for _r, v, _d in items})
    doc.add(Para.of(
        f"Thực hiện kết luận sau giám sát tại các buổi làm việc ngày {', '.join(vn_date(x) for x in sessions)}, "
        f"tính đến {long_date(today, profile.pad_months)}, {clean(target.name)} còn {len(items)} yêu cầu, kiến "
        "nghị đã quá thời hạn thực hiện nhưng chưa báo cáo hoàn thành, cụ thể như sau:"))
    rows = []
    for i, (rec, visit, _d) in enumerate(items, 1):
        ref = f"[{rec.ref}] " if rec.ref else ""
        rows.append((str(i), ref + clean(rec.text), vn_date(visit.starts_at.date()), vn_date(rec.deadline),
                     rec.status.label_in("vi"), f"{(today - rec.deadline).days}" if rec.deadline else ""))
    doc.add(Table(("TT", "Nội dung yêu cầu, kiến nghị", "Buổi làm việc", "Thời hạn", "Tình trạng", "Số ngày quá hạn"),
                  tuple(rows), (0.06, 0.42, 0.13, 0.13, 0.14, 0.12), ("C", "L", "C", "C", "L", "C"), size=11))
    report_by = options.report_by or today + dt.timedelta(days=15)
    doc.add(Para.of(f"Đề nghị {clean(target.name)} khẩn trương chỉ đạo thực hiện và báo cáo kết quả (kèm tài liệu "
                    f"chứng minh) trước ngày {vn_date(report_by)}."))
    head = ""
    if deleg:
        from ssdesk.documents.report import _members

        head = next((m.person.full_name for m in _members(store, deleg.id) if m.role.value == "head"), "")
    sign = SignBlock(options.signing_authority or (f"{profile.authority_prefix} ĐOÀN GIÁM SÁT" if deleg else
                                                   f"{profile.authority_prefix} BAN THƯỜNG VỤ"),
                     options.signer_position or ("TRƯỞNG ĐOÀN" if deleg else ""), options.signer_name or head)
    recipients = options.recipients or ("Như trên", f"Thường trực {com}", profile.archive_line.format(committee=com))
    doc.closing = Closing(right=sign, recipients=recipient_lines(tuple(recipients)))
    return doc


def render_reminder(store: Store, unit: str, today: dt.date, fmt: str, options: DocOptions | None = None) -> bytes:
    if fmt not in FORMATS:
        raise ValidationError.one("format", _("The reminder letter can be made as PDF or DOCX, not “{fmt}”.")
                                  .format(fmt=fmt))
    doc = build_reminder(store, unit, today, options)
    if fmt == "pdf":
        from ssdesk.documents.pdf import render_pdf

        return render_pdf(doc)
    from ssdesk.documents.docx import render_docx

    return render_docx(doc)
