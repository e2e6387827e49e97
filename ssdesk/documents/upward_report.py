"""The report upward (báo cáo lên cấp trên) as a document, fed with the counts of ``followup.upward``.

Issued by the board above the delegations (its header, its code, signed by who signs for it); it carries MẬT on
every page when any counted item comes from a secret visit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ssdesk.documents.header import board_issuer, board_signer, make_header
from ssdesk.documents.meta import DocOptions, recipient_lines, report_recipients
from ssdesk.documents.model import Closing, Document, Para, Table
from ssdesk.documents.profiles import choose_profile
from ssdesk.documents.text import clean, long_date
from ssdesk.enums import DocumentKind

if TYPE_CHECKING:
    from ssdesk.followup.upward import UpwardData

#: "Chưa kết thúc, trong hạn" and not "Đang thực hiện": the column counts every open item not overdue, those not
#: started and those reported done included, and the follow-up report calls only one status "Đang thực hiện".
HEADERS_VI = ("TT", "Đơn vị", "Số yêu cầu, kiến nghị", "Đã kết thúc", "Trong đó đã hoàn thành",
              "Chưa kết thúc, trong hạn", "Quá hạn")


def table_rows(data: UpwardData) -> list[tuple[str, ...]]:
    """One row per unit or delegation, then the total row (also the XLSX sheet's rows)."""
    rows: list[tuple[str, ...]] = [
        (str(i), x.name, str(x.issued), str(x.closed), str(x.done), str(x.in_progress), str(x.overdue))
        for i, x in enumerate(data.lines, 1)]
    t = data.total
    return rows + [("", "Tổng cộng", str(t.issued), str(t.closed), str(t.done), str(t.in_progress), str(t.overdue))]


def headers(by: str) -> tuple[str, ...]:
    return (HEADERS_VI[0], "Đơn vị" if by == "unit" else "Đoàn giám sát", *HEADERS_VI[2:])


def build_upward(store: Any, data: UpwardData, options: DocOptions | None = None) -> Document:
    """The report as a document model."""
    options = options or DocOptions()
    board = options.issuing_body or data.issuing_body  # collect() refused a file of several bodies unnamed
    profile = choose_profile(board, options.profile)
    position, name = board_signer(store, board) if board else ("", "")
    issuer = board_issuer(profile, board, options, position, name)
    day = options.issued_on or data.as_of
    subject = ("kết quả thực hiện các yêu cầu, kiến nghị sau giám sát tính đến "
               f"{long_date(data.as_of, profile.pad_months)}")
    header, code = make_header(profile, "followup_report", options, issuer, day, subject, "BÁO CÁO")
    secret = options.secret if options.secret is not None else data.secret
    doc = Document(DocumentKind.FOLLOWUP_REPORT, profile, header, secret=secret, title=f"Báo cáo {code}",
                   author=issuer.body, issued_on=day)
    t = data.total
    doc.add(Para.of(f"Tính đến {long_date(data.as_of, profile.pad_months)}, các đoàn giám sát đã nêu {t.issued} yêu "
                    f"cầu, kiến nghị; đã kết thúc {t.closed} (trong đó đã hoàn thành {t.done}), chưa kết thúc và còn "
                    f"trong hạn {t.in_progress}, quá hạn {t.overdue}. Kết quả cụ thể như sau:"))
    doc.add(Table(headers(data.by), tuple(tuple(clean(c) for c in r) for r in table_rows(data)),
                  (0.06, 0.34, 0.12, 0.12, 0.12, 0.12, 0.12), ("C", "L", "C", "C", "C", "C", "C"), size=11))
    recipients = options.recipients or report_recipients(board, profile.archive_line)
    doc.closing = Closing(right=issuer.sign, recipients=recipient_lines(tuple(recipients)))
    return doc


__all__ = ["HEADERS_VI", "build_upward", "headers", "table_rows"]
