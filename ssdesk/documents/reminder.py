"""The reminder letter (văn bản đôn đốc) laid out as an official letter (công văn), fed by ``followup.reminders``.

Why a công văn: the letter is sent to one unit, so it has no type line and no centred subject; its excerpt
("V/v …") sits under the number in the left column and "Kính gửi:" names the unit. Header, number symbol and
signature come from one issuing body: the delegation when every item is one delegation's (signed by its head),
else the board above them (signed by who signs for it). It carries MẬT when any item comes from a secret visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ssdesk.documents.header import board_issuer, board_signer, delegation_head, delegation_issuer, make_header
from ssdesk.documents.meta import DocOptions, committee, recipient_lines
from ssdesk.documents.model import Closing, Document, Para, Table
from ssdesk.documents.profiles import choose_profile
from ssdesk.documents.text import clean, long_date, vn_date
from ssdesk.enums import Classification, DocumentKind, VisitKind

if TYPE_CHECKING:
    from ssdesk.models import Delegation, Recommendation, Unit, Visit


@dataclass(frozen=True)
class ReminderData:
    """What the letter is about: the unit, the day, and its overdue items with their visit and delegation."""

    unit: Unit
    today: dt.date
    items: list[tuple[Recommendation, Visit, Delegation | None]]  # no delegation: a review meeting's task


def build_reminder(store: Any, data: ReminderData, options: DocOptions | None = None) -> Document:
    """The letter's document model."""
    options = options or DocOptions()
    target, today, items = data.unit, data.today, data.items
    delegations = {d.id if d else None: d for _r, _v, d in items}
    deleg = next(iter(delegations.values())) if len(delegations) == 1 and not options.issuing_body else None
    board = options.issuing_body or next((d.issuing_body for d in delegations.values() if d), None) \
        or items[0][1].convening_body or ""
    profile = choose_profile(board, options.profile)
    if deleg is not None:
        issuer = delegation_issuer(profile, deleg, delegation_head(store, deleg.id)[0], options)
    else:
        position, name = board_signer(store, board)
        issuer = board_issuer(profile, board, options, position, name)
    com = committee(board)
    day = options.issued_on or today
    # tasks given at review meetings (no delegation visited the unit) are no "requests after supervision"
    meetings = all(v.kind is VisitKind.REVIEW_MEETING for _r, v, _d in items)
    supervised = not any(v.kind is VisitKind.REVIEW_MEETING for _r, v, _d in items)
    what = "yêu cầu, kiến nghị" if not meetings else "nhiệm vụ được giao"
    excerpt = f"V/v đôn đốc thực hiện các {what}" + (" sau giám sát" if supervised else "")
    header, code = make_header(profile, "reminder", options, issuer, day, "", "")
    header = type(header)(**{**header.__dict__, "excerpt": options.subject or excerpt, "subject": ()})
    secret = options.secret if options.secret is not None else \
        any(v.classification is Classification.SECRET for _r, v, _d in items)
    doc = Document(DocumentKind.REMINDER, profile, header, secret=secret, title=f"Văn bản đôn đốc {code}",
                   author=issuer.body, issued_on=day, addressees=(clean(target.name),))
    sessions = sorted({v.starts_at.date() for _r, v, _d in items})
    several = "các " if len({v.id for _r, v, _d in items}) > 1 else ""  # one session: "tại buổi làm việc ngày …"
    doc.add(Para.of(
        (f"Thực hiện kết luận sau giám sát tại {several}buổi làm việc" if supervised else
         f"Thực hiện kết luận tại {several}hội nghị" if meetings else "Thực hiện các kết luận")
        + f" ngày {', '.join(vn_date(x) for x in sessions)}, "
        f"tính đến {long_date(today, profile.pad_months)}, {clean(target.name)} còn {len(items)} {what} "
        "đã quá thời hạn thực hiện nhưng chưa báo cáo hoàn thành, cụ thể như sau:"))
    rows = []
    for i, (rec, visit, _d) in enumerate(items, 1):
        ref = f"[{rec.ref}] " if rec.ref else ""
        rows.append((str(i), ref + clean(rec.text), vn_date(visit.starts_at.date()), vn_date(rec.deadline),
                     rec.status.label_in("vi"), f"{(today - rec.deadline).days}" if rec.deadline else ""))
    doc.add(Table(("TT", "Nội dung yêu cầu, kiến nghị", "Buổi làm việc", "Thời hạn", "Tình trạng", "Số ngày quá hạn"),
                  tuple(rows), (0.06, 0.42, 0.13, 0.13, 0.14, 0.12), ("C", "L", "C", "C", "L", "C"), size=11))
    report_by = options.report_by or today + dt.timedelta(days=15)
    doc.add(Para.of(f"Đề nghị {clean(target.name)} khẩn trương chỉ đạo thực hiện và báo cáo kết quả (kèm tài liệu "
                    f"chứng minh) trước ngày {vn_date(report_by)}./."))
    recipients = options.recipients or ("Như trên", f"Thường trực {com}", profile.archive_line.format(committee=com))
    doc.closing = Closing(right=issuer.sign, recipients=recipient_lines(tuple(recipients)))
    return doc


__all__ = ["ReminderData", "build_reminder"]
