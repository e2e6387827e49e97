"""The conclusion notice of a steering committee's review meeting (Thông báo kết luận … tại hội nghị giao ban).

Why its own text: a review meeting has no delegation and no visited unit, so the supervision notice's story ("the
delegation worked with the unit, the board heard the delegation's report") is false for it. What such a notice says
instead: who convened the meeting and who chaired it, who reported, the chair's assessment, then the tasks — each
given to the body responsible for it (a department, a district), with its deadline — and who follows them up. The
header, number and signature come from the convening body (``header.board_issuer``), signed by the chair as
Trưởng ban when his title says so.
"""

from __future__ import annotations

from ssdesk.documents.content import (
    assigned_to,
    chair_position,
    conclusion_day,
    head_of,
    is_secret,
    issuing_board,
    petition_text,
    rec_text,
    requests_of,
)
from ssdesk.documents.header import board_issuer, make_header
from ssdesk.documents.meta import DocOptions, recipient_lines
from ssdesk.documents.model import Closing, Document, Heading, Para
from ssdesk.documents.profiles import Profile, choose_profile
from ssdesk.documents.text import clean, long_date, lower_first, paragraphs
from ssdesk.enums import DocumentKind, FindingKind, Side
from ssdesk.models import Visit


def meeting_name(visit: Visit, board: str) -> str:
    """``Hội nghị giao ban quý I năm 2025`` (the session's title), else ``hội nghị giao ban của <board>``."""
    return clean(visit.title) if visit.title else f"hội nghị giao ban của {board}"


def build_meeting_conclusion(visit: Visit, options: DocOptions | None = None,
                             profile: Profile | None = None) -> Document:
    """Thông báo kết luận của đồng chí chủ trì tại hội nghị giao ban / sơ kết."""
    options = options or DocOptions()
    board = issuing_board(visit)
    profile = profile or choose_profile(board, options.profile)
    day = conclusion_day(visit, options)
    pad = profile.pad_months
    head_name, head_title = head_of(visit)
    issuer = board_issuer(profile, board, options, chair_position(head_title, profile.family), head_name)
    meeting = meeting_name(visit, board)
    chair = f"đồng chí {clean(head_name)}" + (f", {clean(head_title)}" if head_title else "") if head_name else board
    header, code = make_header(profile, "conclusion", options, issuer, day, f"kết luận của {chair} tại {meeting}",
                               "THÔNG BÁO")
    doc = Document(DocumentKind.CONCLUSION, profile, header, secret=is_secret(visit, options),
                   title=f"Thông báo kết luận {code}", author=board, issued_on=day)

    topic = f" về việc thực hiện Chương trình số {visit.programme.code}" if visit.programme else ""
    place = f", tại {clean(visit.place)}" if visit.place else ""
    when = long_date(visit.starts_at.date(), pad)
    text = f"{when[:1].upper()}{when[1:]}{place}, {board} tổ chức {lower_first(meeting)}{topic}."
    if head_name:
        text += f" Đồng chí {clean(head_name)}" + (f", {clean(head_title)}" if head_title else "") + \
            " chủ trì hội nghị."
    bodies = list(dict.fromkeys(clean(a.organisation or a.title or "") for a in visit.attendees
                                if a.side is Side.UNIT and (a.organisation or a.title)))
    if bodies:
        text += " Dự hội nghị có đại diện lãnh đạo: " + "; ".join(bodies) + "."
    doc.add(Para.of(text))
    who = f"đồng chí {clean(head_name)}" if head_name else board
    doc.add(Para.of(f"Sau khi nghe báo cáo và ý kiến phát biểu của các đại biểu dự hội nghị, {who} kết luận như sau:"))

    def findings(*kinds: FindingKind) -> list[Para]:
        return [Para.of(f"- {clean(f.text)}") for f in visit.findings if f.kind in kinds]

    number = 0

    def section(title: str, blocks: list[Para]) -> None:
        nonlocal number
        if blocks:
            number += 1
            doc.add(Heading(f"{number}. {title}", 2), *blocks)

    section("Đánh giá chung", [Para.of(p) for p in paragraphs(visit.conclusion)]
            + findings(FindingKind.RESULT, FindingKind.STRENGTH))
    section("Hạn chế, khó khăn", findings(FindingKind.LIMITATION, FindingKind.DIFFICULTY, FindingKind.CAUSE))
    reqs, pets = requests_of(visit)
    deadlines = {r.deadline for r in reqs}
    one_deadline = len(deadlines) == 1 and None not in deadlines  # then said once, in "Tổ chức thực hiện"
    tasks = [Para.of(rec_text(r, not one_deadline),
                     lead=f"{number + 1}.{i}. " + (f"{assigned_to(r)}: " if assigned_to(r) else ""))
             for i, r in enumerate(reqs, 1)]
    section("Nhiệm vụ thời gian tới", tasks)
    section("Đối với các kiến nghị, đề xuất", [Para.of("- " + petition_text(r)) for r in pets])

    dated = [r.deadline for r in reqs if r.deadline]
    report_by = options.report_by or (max(dated) if dated else None)
    office = options.follow_up_by or f"Cơ quan thường trực {board}"
    due = f" trước {long_date(report_by, pad)}" if report_by else ""
    section("Tổ chức thực hiện", [Para.of(
        f"Giao {office} theo dõi, đôn đốc việc thực hiện. Các cơ quan, đơn vị được giao nhiệm vụ báo cáo kết quả "
        f"thực hiện về {board} (qua {office}){due}.")])
    doc.add(Para.of(f"Trên đây là kết luận của {chair} tại {lower_first(meeting)}, thông báo để các cơ quan, đơn "
                    "vị biết, thực hiện."))
    responsible = [assigned_to(r) for r in reqs if assigned_to(r)]
    default = (*dict.fromkeys(responsible), f"Các thành viên {board}", profile.archive_line.format(committee=board))
    doc.closing = Closing(right=issuer.sign, recipients=recipient_lines(options.recipients or default))
    return doc


__all__ = ["build_meeting_conclusion", "meeting_name"]
