"""The conclusion notice (Thông báo kết luận giám sát) as a document model, after the skeleton of ``formats.md``.

Issued by the board (the delegation's issuing body, or the body that convened the session): its header, its code in
the number and its signing block. Dated by default on the session's own date, never on the day of export — a 2024
session's conclusion dated 2026 would come after its own deadlines. Each fact is stated once: the indicator count
when no finding already says it, one shared deadline in "Tổ chức thực hiện" rather than after every request, one
answer for petitions that share it.
"""

from __future__ import annotations

import re

from ssdesk.documents.content import (
    activity,
    conclusion_day,
    head_of,
    is_secret,
    issuing_board,
    petition_reply,
    petition_text,
    rec_text,
    requests_of,
    unit_name,
)
from ssdesk.documents.header import BLANK, board_issuer, make_header
from ssdesk.documents.meeting import build_meeting_conclusion
from ssdesk.documents.meta import DocOptions, committee, position_from_title, recipient_lines
from ssdesk.documents.model import Closing, Document, Heading, Para
from ssdesk.documents.profiles import Profile, choose_profile
from ssdesk.documents.text import clean, long_date, lower_first, paragraphs, vn_date
from ssdesk.enums import DocumentKind, FindingKind, VisitKind
from ssdesk.models import Visit


def _short(board: str) -> str:
    """``Ban Thường vụ Thành ủy Hà Nội`` → ``Ban Thường vụ Thành ủy`` (how the notice names its board in the text)."""
    return board.rsplit(" ", 2)[0] if board.lower().startswith("ban thường vụ") else board


#: What a plan's topic opens with that the notice's subject says already ("kết quả giám sát …").
_ACTIVITY_LEAD = re.compile(r"^\s*(giám sát|kiểm tra|khảo sát)(\s+chuyên đề)?\s+(?=\S)", re.I)


def plan_topic(topic: str) -> str:
    """The plan's topic as the subject's object: ``Giám sát chuyên đề công tác quản lý đất đai năm 2024`` →
    ``công tác quản lý đất đai năm 2024`` (the subject reads "về kết quả giám sát công tác …"; without a programme
    it said "việc thực hiện nhiệm vụ", which names nothing)."""
    return lower_first(_ACTIVITY_LEAD.sub("", clean(topic)).strip().rstrip("."))


def build_conclusion(visit: Visit, options: DocOptions | None = None, profile: Profile | None = None) -> Document:
    """Thông báo kết luận giám sát (kiểm tra, khảo sát); a review meeting's is its chair's (``meeting``)."""
    if visit.kind is VisitKind.REVIEW_MEETING:
        return build_meeting_conclusion(visit, options, profile)
    options = options or DocOptions()
    deleg, unit = visit.delegation, unit_name(visit) or "các cơ quan, đơn vị"
    board = issuing_board(visit)
    profile = profile or choose_profile(board, options.profile)
    day = conclusion_day(visit, options)
    short = _short(board)
    com = committee(board)
    head_name, head_title = head_of(visit)
    issuer = board_issuer(profile, board, options, position_from_title(head_title, profile.family), head_name)
    topic = (f"việc thực hiện Chương trình số {visit.programme.code}" if visit.programme else
             plan_topic(deleg.plan.topic) if deleg and deleg.plan and deleg.plan.topic else "việc thực hiện nhiệm vụ")
    subject = f"kết luận của {short} về kết quả {activity(visit)} {topic} đối với {unit}"
    header, code = make_header(profile, "conclusion", options, issuer, day, subject, "THÔNG BÁO")
    doc = Document(DocumentKind.CONCLUSION, profile, header, secret=is_secret(visit, options),
                   title=f"Thông báo kết luận {code}", author=com, issued_on=day)
    pad = profile.pad_months
    who = deleg.name if deleg else "Đoàn"
    opening = []
    if deleg and deleg.plan and deleg.plan.number:
        plan_day = f" ngày {vn_date(deleg.plan.issued_on)}" if deleg.plan.issued_on else ""
        opening.append(f"Kế hoạch số {deleg.plan.number}{plan_day} của {deleg.plan.issuing_body} về "
                       f"{lower_first(deleg.plan.topic)}")
    if deleg and deleg.decision_number:
        decided = f" ngày {vn_date(deleg.decision_date)}" if deleg.decision_date else ""
        opening.append(f"Quyết định số {deleg.decision_number}{decided} của {board} về việc thành lập {deleg.name}")
    worked = f"{long_date(visit.starts_at.date(), pad)}, {who} đã làm việc với {unit}"
    text = "Thực hiện " + "; ".join(opening) + "; " + worked if opening else worked  # a decision alone too
    doc.add(Para.of(text[:1].upper() + text[1:] + "."))
    heard = long_date(options.heard_on, pad) if options.heard_on else f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    doc.add(Para.of(f"Ngày {heard.removeprefix('ngày ')}, {short} nghe {who} báo cáo kết quả {activity(visit)}. "
                    f"{short} kết luận như sau:"))

    def findings(*kinds: FindingKind) -> list[Para]:
        return [Para.of(f"- {clean(f.text)}") for f in visit.findings if f.kind in kinds]

    good = findings(FindingKind.RESULT, FindingKind.STRENGTH)
    bad = findings(FindingKind.LIMITATION, FindingKind.DIFFICULTY)
    causes = findings(FindingKind.CAUSE)
    met, total = visit.indicators_met, visit.indicators_total
    if met is not None and total:
        count = f"{met}/{total}"
        if not any(count in p.text for p in good + bad):
            # half the indicators met or more is a strength; fewer is a shortcoming ("1/3 chỉ tiêu đạt" under
            # "Ưu điểm" praised a unit that missed two of three)
            if met * 2 >= total:
                good.insert(0, Para.of(f"{unit} đã có {count} chỉ tiêu đạt và vượt kế hoạch."))
            else:
                bad.insert(0, Para.of(f"{unit} mới đạt {count} chỉ tiêu; còn {total - met} chỉ tiêu chưa đạt kế "
                                      "hoạch."))
    section = iter(range(1, 10))
    if not (good or bad or causes) and visit.conclusion:
        # nothing sorted into findings yet: the head's conclusion as said at the session, rather than three
        # sections saying "Không có." (GUI walk: the conclusion typed in its tab appeared nowhere in the notice)
        doc.add(Heading(f"{next(section)}. Kết luận của Trưởng Đoàn", 2))
        doc.add(*(Para.of(p) for p in paragraphs(visit.conclusion)))
    else:
        doc.add(Heading(f"{next(section)}. Ưu điểm", 2))
        doc.add(*(good or [Para.of("Không có.")]))
        hard = any(f.kind is FindingKind.DIFFICULTY for f in visit.findings)
        doc.add(Heading(f"{next(section)}. Hạn chế, khuyết điểm" + (", khó khăn, vướng mắc" if hard else ""), 2))
        doc.add(*(bad or [Para.of("Không có.")]))
        if causes:  # a section that would only say "Không có." is left out
            doc.add(Heading(f"{next(section)}. Nguyên nhân", 2))
            doc.add(*causes)
    asks = next(section)
    doc.add(Heading(f"{asks}. Yêu cầu", 2))
    reqs, pets = requests_of(visit)
    deadlines = {r.deadline for r in reqs}
    one_deadline = len(deadlines) == 1 and None not in deadlines
    doc.add(Para.of(f"{short} yêu cầu {unit}:"))
    doc.add(*(Para.of(f"{asks}.{i}. {rec_text(r, not one_deadline)}") for i, r in enumerate(reqs, 1)))
    if pets:
        replies = {petition_reply(r) for r in pets}
        shared = replies.pop() if len(replies) == 1 and len(pets) > 1 else ""
        doc.add(Para.of(f"Đối với các kiến nghị của {unit}:"))
        doc.add(*(Para.of("- " + petition_text(r, with_reply=not shared)) for r in pets))
        if shared:
            doc.add(Para.of(shared))
    doc.add(Heading(f"{next(section)}. Tổ chức thực hiện", 2))
    dated = [r.deadline for r in reqs if r.deadline]
    report_by = options.report_by or (max(dated) if dated else None)
    office = options.follow_up_by or f"Văn phòng {com}"
    due = f" trước {long_date(report_by, pad)}" if report_by else ""
    doc.add(Para.of(f"Giao {office} theo dõi, đôn đốc việc thực hiện. {unit[:1].upper() + unit[1:]} báo cáo kết "
                    f"quả thực hiện về {short} (qua {office}){due}."))
    default_recipients = tuple(x for x in (unit_name(visit), f"Thường trực {com}",
                                           f"Các đồng chí thành viên {deleg.name}" if deleg else "",
                                           profile.archive_line.format(committee=com)) if x)
    doc.closing = Closing(right=issuer.sign, recipients=recipient_lines(options.recipients or default_recipients))
    return doc


__all__ = ["build_conclusion"]
