"""The minutes (Biên bản làm việc) as a document model, and what every visit document shares (loading, speakers).

The wording follows the skeletons of ``formats.md``; it is Vietnamese because these are Vietnamese official
documents, whatever language the application's menus are in. The minutes print what was said where it belongs: the
sections of part II follow the statements' kinds, are numbered in the order they appear, and a section with nothing
in it is left out rather than printed as an empty heading.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ssdesk.documents.header import BLANK, NAME_BLANK, Issuer, board_issuer, delegation_issuer, make_header
from ssdesk.documents.meta import DocOptions, committee, position_from_title, post_in
from ssdesk.documents.model import Block, Closing, Document, Heading, Para, SignBlock, Table
from ssdesk.documents.profiles import Profile, choose_profile
from ssdesk.documents.text import clean, clock, long_date, lower_first, paragraphs, upper, vn_date
from ssdesk.enums import Classification, Direction, DocumentKind, MemberRole, Side, StatementKind, VisitKind
from ssdesk.errors import NotFoundError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import Delegation, DelegationMember, IndicatorResult, Recommendation, Visit

ROLE_VI = {MemberRole.HEAD: "Trưởng đoàn", MemberRole.DEPUTY_HEAD: "Phó Trưởng đoàn", MemberRole.MEMBER: "Thành viên",
           MemberRole.SECRETARY: "Thư ký", MemberRole.SUPPORT: "Tổ giúp việc"}
#: What the session is, in the minutes' subject ("làm việc …", "hội nghị giao ban …").
KIND_VI = {VisitKind.SUPERVISION: "làm việc", VisitKind.INSPECTION: "làm việc", VisitKind.SURVEY: "khảo sát",
           VisitKind.HEARING: "phiên giải trình", VisitKind.REVIEW_MEETING: "hội nghị giao ban",
           VisitKind.OTHER: "làm việc"}
#: What the session is called in running text ("Hội nghị kết thúc …", "nội dung buổi làm việc gồm").
NOUN_VI = {VisitKind.REVIEW_MEETING: "hội nghị", VisitKind.HEARING: "phiên giải trình",
           VisitKind.SURVEY: "buổi khảo sát"}
#: The delegation's work, in "Đoàn giám sát", "kế hoạch kiểm tra", "kết quả khảo sát".
ACTIVITY_VI = {VisitKind.INSPECTION: "kiểm tra", VisitKind.SURVEY: "khảo sát"}


def session_noun(visit: Visit) -> str:
    return NOUN_VI.get(visit.kind, "buổi làm việc")


def activity(visit: Visit) -> str:
    """"giám sát", "kiểm tra" or "khảo sát": what the delegation does, as its documents name it."""
    return ACTIVITY_VI.get(visit.kind, "giám sát")


def assigned_to(r: Recommendation) -> str:
    """The unit a task was given to, when the session has no visited unit to carry it (a review meeting)."""
    if r.responsible_unit is not None:
        return clean(r.responsible_unit.name)
    return clean(r.responsible_text or r.addressee or "")


#: A leading "1.", "2)", "a)", "-" of an agenda line: the agenda sits inside a numbered section and gets dashes.
AGENDA_MARK = re.compile(r"^\s*(?:\d{1,2}|[a-zđ])\s*[.)]\s+|^\s*[-–•+*]\s*", re.I)


def load_visit(store: Any, visit_id: str) -> Visit:
    """The visit with everything a document prints, loaded in one go and usable after the session ends."""
    with store.read() as s:
        visit = s.scalars(select(Visit).where(Visit.id == visit_id).options(
            selectinload(Visit.delegation).selectinload(Delegation.plan),
            selectinload(Visit.delegation).selectinload(Delegation.members).selectinload(DelegationMember.person),
            selectinload(Visit.unit), selectinload(Visit.programme), selectinload(Visit.attendees),
            selectinload(Visit.indicator_results).selectinload(IndicatorResult.indicator),
            selectinload(Visit.statements), selectinload(Visit.findings),
            selectinload(Visit.recommendations).selectinload(Recommendation.follow_ups),
            selectinload(Visit.recommendations).selectinload(Recommendation.responsible_unit))).first()
        if visit is None:
            raise NotFoundError(_("Working session"), visit_id)
        return visit


def head_of(visit: Visit) -> tuple[str, str]:
    """(name, title) of who leads the session: the presiding attendee, else the delegation's HEAD member."""
    for a in visit.attendees:
        if a.side is Side.DELEGATION and (a.delegation_role is MemberRole.HEAD or a.presides):
            return a.name, a.title or ""
    for m in visit.delegation.members if visit.delegation else ():
        if m.role is MemberRole.HEAD:
            return m.person.full_name, m.position or m.person.title or ""
    for a in visit.attendees:
        if a.presides:
            return a.name, a.title or ""
    return "", ""


def issuing_board(visit: Visit) -> str:
    """The body above the session: the delegation's issuing body, or the body that convened it."""
    if visit.delegation:
        return visit.delegation.issuing_body
    if visit.convening_body:
        return visit.convening_body
    raise ValidationError.one("convening_body", _(
        "The working session has neither a delegation nor a convening body: say who held it before printing."))


def unit_name(visit: Visit) -> str:
    return visit.unit.name if visit.unit else ""


def is_secret(visit: Visit, options: DocOptions) -> bool:
    return options.secret if options.secret is not None else visit.classification is Classification.SECRET


def attendee_line(a: Any) -> str:
    parts = [f"Đồng chí {clean(a.name)}"]
    if a.side is Side.DELEGATION and a.delegation_role is not None:
        parts.append(ROLE_VI[a.delegation_role])
    if a.title:
        parts.append(clean(a.title))
    elif a.organisation:
        parts.append(clean(a.organisation))
    return "- " + " – ".join(parts) + ";"


def speaker(st: Any) -> str:
    title = f", {clean(st.speaker_title)}" if st.speaker_title else ""
    return f"Đồng chí {clean(st.speaker_name)}{title}: "


def requests_of(visit: Visit) -> tuple[list[Recommendation], list[Recommendation]]:
    reqs = [r for r in visit.recommendations if r.direction is Direction.REQUEST]
    pets = [r for r in visit.recommendations if r.direction is Direction.PETITION]
    return reqs, pets


def rec_text(r: Recommendation, with_deadline: bool = True) -> str:
    """A request as one sentence, with its deadline to report unless the document states one deadline for all."""
    text = clean(r.text).rstrip(".")
    due = f" (thời hạn báo cáo: {vn_date(r.deadline)})" if with_deadline and r.deadline else ""
    return f"{text}{due}."


def petition_reply(r: Recommendation) -> str:
    reply = [f.progress for f in r.follow_ups if f.progress]
    return clean(reply[-1]) if reply else ""


def petition_text(r: Recommendation, with_reply: bool = True) -> str:
    extra = f" (gửi {clean(r.addressee)})" if r.addressee else ""
    reply = petition_reply(r) if with_reply else ""
    return f"{clean(r.text).rstrip('.')}{extra}." + (f" {reply}" if reply else "")


def indicator_table(visit: Visit) -> Table:
    """TT – chỉ tiêu – chỉ tiêu giao – kết quả – đánh giá, one row per reported figure.

    Only an assessed figure prints a verdict (achieved: True "Đạt", False "Chưa đạt", None nothing), and a column
    that is empty in every row is left out, its width given to the indicator's name."""
    rows = []
    for i, res in enumerate(sorted(visit.indicator_results, key=lambda r: r.order_no), 1):
        name = res.indicator.name if res.indicator else (res.label or "")
        target = res.target or (res.indicator.target if res.indicator else None) or ""
        verdict = {True: "Đạt", False: "Chưa đạt", None: ""}[res.achieved]
        rows.append((str(i), clean(name), clean(target), clean(res.reported or ""), verdict))
    return Table(("TT", "Chỉ tiêu", "Chỉ tiêu giao", "Kết quả", "Đánh giá"), tuple(rows),
                 (0.07, 0.48, 0.15, 0.18, 0.12), ("C", "L", "C", "C", "C")).without_empty_columns()


def delegation_of(name: str, board: str) -> str:
    """"Đoàn giám sát số 1 của Ban Thường vụ Thành ủy": the delegation with the body it works for, unless its name
    says that already ("Đoàn giám sát số 2 của Thường trực HĐND thành phố", typed so, printed "… của … của …")."""
    return name if " của " in f" {name.lower()} " or not board else f"{name} của {board}"


def _subject(visit: Visit, board: str) -> str:
    deleg, unit = visit.delegation, unit_name(visit)
    what = KIND_VI.get(visit.kind, "làm việc")
    if visit.kind is VisitKind.REVIEW_MEETING or not deleg:
        subject = f"{what} của {board}" + (f" với {unit}" if unit else "")
        if visit.title:
            subject += f"\n{clean(visit.title)}"
    else:
        subject = f"{what} của {delegation_of(deleg.name, board)}" + (f" với {unit}" if unit else "")
    if visit.programme:
        subject += f"\nvề việc thực hiện Chương trình số {visit.programme.code}"
    return subject


def _issuer(visit: Visit, profile: Profile, options: DocOptions, head_name: str, head_title: str) -> Issuer:
    if visit.delegation:
        return delegation_issuer(profile, visit.delegation, head_name, options)
    return board_issuer(profile, issuing_board(visit), options, chair_position(head_title, profile.family),
                        head_name)


def chair_position(title: str, family: str) -> str:
    """The post the chair of a session without a delegation signs a ``family`` document with: ``…, Trưởng Ban Chỉ
    đạo`` → ``TRƯỞNG BAN`` (he signs for the committee he chairs, not as Vice-Chairman of the province); else the
    post of that family only (``Phó Bí thư …, Chủ tịch HĐND …`` signs a State document as ``CHỦ TỊCH``)."""
    low = title.lower()
    if "phó trưởng ban" in low:
        return "PHÓ TRƯỞNG BAN"
    if "trưởng ban" in low:
        return "TRƯỞNG BAN"
    return position_from_title(title, family)


def _section(doc: Document, number: list[int], title: str, blocks: list[Block]) -> None:
    """A numbered section of part II, only when it has something to say (no empty heading, numbers follow)."""
    if blocks:
        number[0] += 1
        doc.add(Heading(f"{number[0]}. {title}", 2), *blocks)


def build_minutes(visit: Visit, options: DocOptions | None = None, profile: Profile | None = None) -> Document:
    """Biên bản làm việc, after the skeleton of formats.md."""
    options = options or DocOptions()
    deleg, unit = visit.delegation, unit_name(visit)
    board = issuing_board(visit)
    profile = profile or choose_profile(board, options.profile)
    day = options.issued_on or visit.starts_at.date()
    head_name, head_title = head_of(visit)
    issuer = _issuer(visit, profile, options, head_name, head_title)
    header, code = make_header(profile, "minutes", options, issuer, day, _subject(visit, board), "BIÊN BẢN")
    doc = Document(DocumentKind.MINUTES, profile, header, secret=is_secret(visit, options),
                   title=f"Biên bản làm việc {code}", author=issuer.body, issued_on=day)
    pad = profile.pad_months
    holder = delegation_of(deleg.name, board) if deleg else board

    doc.add(Heading("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"))
    when = f"Vào hồi {clock(visit.starts_at)}, {long_date(visit.starts_at.date(), pad)}"
    met = f" làm việc với {unit}" if unit else f" tổ chức {KIND_VI.get(visit.kind, 'làm việc')}"
    doc.add(Para.of(f"{when}, tại {clean(visit.place) or '……'}, {holder}{met}."))
    groups = ((Side.DELEGATION, f"{deleg.name}:" if deleg else f"{board}:"),
              (Side.UNIT, f"{unit}:" if unit else "Các cơ quan, đơn vị:"), (Side.INVITED, "Khách mời:"))
    letter = iter("abc")
    for side, label in groups:
        people = [a for a in visit.attendees if a.side is side]
        if people:
            doc.add(Para.of(f"{next(letter)}) {label}", "body", italic=True))
            doc.add(*(Para.of(attendee_line(a)) for a in people))
    chair = [a for a in visit.attendees if a.presides] or [a for a in visit.attendees if a.name == head_name]
    if chair:
        doc.add(Para.of(f"Chủ trì: đồng chí {clean(chair[0].name)}, {clean(chair[0].title or '')}."
                        .replace(", .", ".")))
    keeper = [a for a in visit.attendees if a.takes_minutes]
    if keeper:
        doc.add(Para.of(f"Thư ký ghi biên bản: đồng chí {clean(keeper[0].name)}, {clean(keeper[0].title or '')}."
                        .replace(", .", ".")))
    else:  # nobody marked: a line to fill in by hand, never a missing one
        doc.add(Para.of(f"Thư ký ghi biên bản: đồng chí {BLANK * 3}, {BLANK * 3}."))

    doc.add(Heading("II. NỘI DUNG"))
    number = [0]
    basis = []
    noun = session_noun(visit)
    if deleg and deleg.decision_number:
        basis.append(f"Quyết định số {deleg.decision_number}"
                     + (f" ngày {vn_date(deleg.decision_date)}" if deleg.decision_date else "")
                     + f" của {board} về việc thành lập {deleg.name}")
    if deleg and deleg.plan and deleg.plan.number:
        basis.append(f"Kế hoạch số {deleg.plan.number} của {deleg.plan.issuing_body} về "
                     f"{lower_first(deleg.plan.topic)}")
    lead = "Trưởng đoàn" if deleg else f"chủ trì {noun}"
    announcer = f"Đồng chí {head_name}, {lead}, " if head_name else f"{lead[:1].upper()}{lead[1:]} "
    announced = "công bố " + "; ".join(basis) if basis else f"nêu mục đích, yêu cầu của {noun}"
    agenda = [AGENDA_MARK.sub("", p) for p in paragraphs(visit.agenda)]
    opening: list[Block] = [Para.of(announcer + announced + (f"; nội dung {noun} gồm:" if agenda else "."))]
    opening.extend(Para.of(f"- {p.rstrip('.;')}{'.' if i == len(agenda) else ';'}") for i, p in enumerate(agenda, 1))
    statements = sorted(visit.statements, key=lambda st: st.order_no)
    # the chair's own words (opening, announcing the decision and plan, giving the floor) belong to the opening,
    # before the unit's report; only opinions go under the opinions' heading
    opening.extend(Para.of(" ".join(paragraphs(st.text)), lead=speaker(st))
                   for st in statements if st.kind is StatementKind.OTHER)
    _section(doc, number, f"Công bố quyết định, kế hoạch {activity(visit)}" if basis else "Khai mạc", opening)

    report = [st for st in statements if st.kind is StatementKind.REPORT]
    blocks: list[Block] = []
    if report:
        blocks.append(Para.of(f"Đồng chí {clean(report[0].speaker_name)}, {clean(report[0].speaker_title or '')} "
                              "trình bày báo cáo kết quả thực hiện. Báo cáo nêu:".replace(",  ", " ")))
    summary = visit.report_summary or (report[0].text if report else "")
    blocks.extend(Para.of(p) for p in paragraphs(summary))
    blocks.extend(Para.of(clean(st.text), lead=speaker(st)) for st in report[1:])
    if visit.indicators_met is not None and visit.indicators_total:
        blocks.append(Para.of(f"Kết quả thực hiện: {visit.indicators_met}/{visit.indicators_total} chỉ tiêu đạt và "
                              "vượt kế hoạch." + (" Một số chỉ tiêu chủ yếu:" if visit.indicator_results else "")))
    if visit.indicator_results:
        blocks.append(indicator_table(visit))
    _section(doc, number, f"Báo cáo của {unit}" if unit else "Báo cáo", blocks)

    opinions = [st for st in statements if st.kind is StatementKind.OPINION]
    title = f"Ý kiến trao đổi của thành viên Đoàn {activity(visit)}" if deleg else "Ý kiến phát biểu"
    _section(doc, number, title, [Para.of(" ".join(paragraphs(st.text)), lead=speaker(st)) for st in opinions])
    explanations = [st for st in statements if st.kind is StatementKind.EXPLANATION]
    blocks = [Para.of(" ".join(paragraphs(st.text)), lead=speaker(st)) for st in explanations] or \
        [Para.of(p) for p in paragraphs(visit.explanation)]
    _section(doc, number, f"Giải trình, làm rõ của {unit}" if unit else "Giải trình, làm rõ", blocks)

    concl = [st for st in statements if st.kind is StatementKind.CONCLUSION]
    text = paragraphs(visit.conclusion or (concl[0].text if concl else ""))
    blocks = []
    if text:
        who = clean(concl[0].speaker_name) if concl else head_name
        blocks.append(Para.of(f"Đồng chí {who}, {lead}, kết luận:" if who else
                              f"{lead[:1].upper()}{lead[1:]} kết luận:"))
        blocks.extend(Para.of(p) for p in text)
    reqs, pets = requests_of(visit)
    if reqs and unit:
        blocks.append(Para.of(f"Các yêu cầu đối với {unit}:", italic=True))
        blocks.extend(Para.of(f"{r.ref or i}. {rec_text(r)}") for i, r in enumerate(reqs, 1))
    elif reqs:  # no visited unit (a review meeting): each task names the body it was given to
        blocks.append(Para.of("Giao nhiệm vụ cho các cơ quan, đơn vị:", italic=True))
        blocks.extend(Para.of(f"{r.ref or i}. " + (f"{assigned_to(r)}: " if assigned_to(r) else "") + rec_text(r))
                      for i, r in enumerate(reqs, 1))
    if pets:
        blocks.append(Para.of(f"Kiến nghị của {unit}:" if unit else "Các kiến nghị:", italic=True))
        blocks.extend(Para.of(f"{i}. {petition_text(r)}") for i, r in enumerate(pets, 1))
    _section(doc, number, f"Kết luận của Trưởng Đoàn {activity(visit)}" if deleg else "Kết luận của đồng chí chủ trì",
             blocks)

    doc.add(Heading("III. KẾT THÚC"))
    end = f"vào hồi {clock(visit.ends_at)} cùng ngày" if visit.ends_at else "cùng ngày"
    closing = session_noun(visit).capitalize()
    doc.add(Para.of(f"{closing} kết thúc {end}. Biên bản đã được đọc lại cho những người dự họp cùng nghe và "
                    f"nhất trí thông qua. Biên bản được lập thành {options.copies:02d} bản có giá trị như nhau."))
    doc.closing = Closing(right=issuer.sign, left=_left_signer(visit, keeper))
    return doc


def _left_signer(visit: Visit, keeper: list[Any]) -> SignBlock:
    """The minutes' second signature: the visited unit's representative, else whoever kept the minutes."""
    unit_side = [a for a in visit.attendees if a.side is Side.UNIT]
    if unit_side and visit.unit:
        post = post_in(unit_side[0].title, visit.unit.name, visit.unit.short_name or "")
        return SignBlock(f"ĐẠI DIỆN {upper(visit.unit.name)}", upper(post), clean(unit_side[0].name))
    return SignBlock("THƯ KÝ", "", clean(keeper[0].name) if keeper else NAME_BLANK)


def conclusion_day(visit: Visit, options: DocOptions) -> dt.date:
    """The conclusion notice's date: what the user gave, else the session's own date — never the day of export."""
    return options.issued_on or visit.starts_at.date()


__all__ = ["build_minutes", "committee", "conclusion_day", "head_of", "indicator_table", "issuing_board",
           "load_visit"]
