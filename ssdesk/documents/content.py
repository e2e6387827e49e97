"""The minutes (Biên bản làm việc) and the conclusion notice (Thông báo kết luận) as document models.

The wording follows the skeletons of ``formats.md``; it is Vietnamese because these are Vietnamese official
documents, whatever language the application's menus are in.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ssdesk.documents.meta import (
    TYPE_CODES,
    DocOptions,
    committee,
    format_number,
    issuer_code,
    place_of,
    position_from_title,
    recipient_lines,
    superior_of,
)
from ssdesk.documents.model import Closing, Document, Header, Heading, Para, SignBlock, Table
from ssdesk.documents.profiles import Profile, choose_profile
from ssdesk.documents.text import clean, clock, long_date, lower_first, paragraphs, upper, vn_date
from ssdesk.enums import Classification, Direction, DocumentKind, FindingKind, MemberRole, Side, StatementKind
from ssdesk.errors import NotFoundError
from ssdesk.i18n import _
from ssdesk.models import Delegation, DelegationMember, IndicatorResult, Recommendation, Visit

ROLE_VI = {MemberRole.HEAD: "Trưởng đoàn", MemberRole.DEPUTY_HEAD: "Phó Trưởng đoàn", MemberRole.MEMBER: "Thành viên",
           MemberRole.SECRETARY: "Thư ký", MemberRole.SUPPORT: "Tổ giúp việc"}


def load_visit(store, visit_id: str) -> Visit:  # type: ignore[no-untyped-def]
    """The visit with everything a document prints, loaded in one go and usable after the session ends."""
    with store.read() as s:
        visit = s.scalars(select(Visit).where(Visit.id == visit_id).options(
            selectinload(Visit.delegation).selectinload(Delegation.plan),
            selectinload(Visit.delegation).selectinload(Delegation.members).selectinload(DelegationMember.person),
            selectinload(Visit.unit), selectinload(Visit.programme), selectinload(Visit.attendees),
            selectinload(Visit.indicator_results).selectinload(IndicatorResult.indicator),
            selectinload(Visit.statements), selectinload(Visit.findings),
            selectinload(Visit.recommendations).selectinload(Recommendation.follow_ups))).first()
        if visit is None:
            raise NotFoundError(_("Working session"), visit_id)
        return visit


def _head(visit: Visit) -> tuple[str, str]:
    """(name, title) of the delegation's head: the presiding attendee, else the HEAD member."""
    for a in visit.attendees:
        if a.side is Side.DELEGATION and (a.delegation_role is MemberRole.HEAD or a.presides):
            return a.name, a.title or ""
    for m in visit.delegation.members:
        if m.role is MemberRole.HEAD:
            return m.person.full_name, m.position or m.person.title or ""
    return "", ""


def _header(profile: Profile, kind: str, options: DocOptions, superior: str, issuing: str, issuer_body: str,
            day: dt.date, subject: str, doc_type: str, place_body: str | None = None) -> tuple[Header, str]:
    code_type = options.type_code or TYPE_CODES[kind]
    code_issuer = options.issuer_code or issuer_code(issuer_body, profile.family)
    line, code = format_number(profile, options.number, code_type, code_issuer)
    place = options.place or place_of(place_body or issuer_body) or "\u2026\u2026"
    d = f"{day.day:02d}" if profile.pad_day else str(day.day)
    m = f"{day.month:02d}" if day.month in profile.pad_months else str(day.month)
    place_date = profile.place_date_format.format(place=place, day=d, month=m, year=day.year)
    subject_lines = tuple(paragraphs(options.subject or subject))
    return Header(superior=upper(clean(options.superior_body or superior)),
                  issuing=upper(clean(options.issuing_body or issuing)), number=line, place_date=place_date,
                  doc_type=doc_type, subject=subject_lines), code


def _secret(visit: Visit, options: DocOptions) -> bool:
    return options.secret if options.secret is not None else visit.classification is Classification.SECRET


def _attendee_line(a) -> str:  # type: ignore[no-untyped-def]
    parts = [f"Đồng chí {clean(a.name)}"]
    if a.side is Side.DELEGATION and a.delegation_role is not None:
        parts.append(ROLE_VI[a.delegation_role])
    if a.title:
        parts.append(clean(a.title))
    elif a.organisation:
        parts.append(clean(a.organisation))
    return "- " + " – ".join(parts) + ";"


def _speaker(st) -> str:  # type: ignore[no-untyped-def]
    title = f", {clean(st.speaker_title)}" if st.speaker_title else ""
    return f"Đồng chí {clean(st.speaker_name)}{title}: "


def _requests(visit: Visit) -> tuple[list[Recommendation], list[Recommendation]]:
    reqs = [r for r in visit.recommendations if r.direction is Direction.REQUEST]
    pets = [r for r in visit.recommendations if r.direction is Direction.PETITION]
    return reqs, pets


def build_minutes(visit: Visit, options: DocOptions | None = None, profile: Profile | None = None) -> Document:
    """Biên bản làm việc, after the skeleton of formats.md."""
    options = options or DocOptions()
    deleg, unit = visit.delegation, visit.unit
    profile = profile or choose_profile(deleg.issuing_body, options.profile)
    day = options.issued_on or visit.starts_at.date()
    com = committee(deleg.issuing_body)
    board = deleg.issuing_body
    subject = f"làm việc của {deleg.name} của {board} với {unit.name}"
    if visit.programme:
        subject += f"\nvề việc thực hiện Chương trình số {visit.programme.code}"
    header, code = _header(profile, "minutes", options, com, deleg.name, deleg.name, day, subject, "BIÊN BẢN",
                           place_body=board)
    head_name, head_title = _head(visit)
    doc = Document(DocumentKind.MINUTES, profile, header, secret=_secret(visit, options),
                   title=f"Biên bản làm việc {code}", author=deleg.name, issued_on=day)
    pad = profile.pad_months

    doc.add(Heading("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"))
    when = f"Vào hồi {clock(visit.starts_at)}, {long_date(visit.starts_at.date(), pad)}"
    doc.add(Para.of(f"{when}, tại {clean(visit.place) or '……'}, {deleg.name} của {board} làm việc với "
                    f"{unit.name}."))
    groups = ((Side.DELEGATION, f"{deleg.name}:"), (Side.UNIT, f"{unit.name}:"), (Side.INVITED, "Khách mời:"))
    letter = iter("abc")
    for side, label in groups:
        people = [a for a in visit.attendees if a.side is side]
        if people:
            doc.add(Para.of(f"{next(letter)}) {label}", "body", italic=True))
            doc.add(*(Para.of(_attendee_line(a)) for a in people))
    chair = [a for a in visit.attendees if a.presides] or [a for a in visit.attendees if a.name == head_name]
    if chair:
        doc.add(Para.of(f"Chủ trì: đồng chí {clean(chair[0].name)}, {clean(chair[0].title or '')}."
                        .replace(", .", ".")))
    keeper = [a for a in visit.attendees if a.takes_minutes]
    if keeper:
        doc.add(Para.of(f"Thư ký: đồng chí {clean(keeper[0].name)}, {clean(keeper[0].title or '')}."
                        .replace(", .", ".")))

    doc.add(Heading("II. NỘI DUNG"))
    doc.add(Heading("1. Công bố quyết định, kế hoạch giám sát", 2))
    basis = []
    if deleg.decision_number:
        basis.append(f"Quyết định số {deleg.decision_number}"
                     + (f" ngày {vn_date(deleg.decision_date)}" if deleg.decision_date else "")
                     + f" của {board} về việc thành lập {deleg.name}")
    if deleg.plan and deleg.plan.number:
        basis.append(f"Kế hoạch số {deleg.plan.number} của {deleg.plan.issuing_body} về "
                     f"{lower_first(deleg.plan.topic)}")
    announcer = f"Đồng chí {head_name}, Trưởng đoàn, " if head_name else "Trưởng đoàn "
    announced = "công bố " + "; ".join(basis) if basis else "nêu mục đích, yêu cầu của buổi giám sát"
    doc.add(Para.of(announcer + announced + "."))
    doc.add(*(Para.of(p) for p in paragraphs(visit.agenda)))

    statements = sorted(visit.statements, key=lambda st: st.order_no)
    report = [st for st in statements if st.kind is StatementKind.REPORT]
    doc.add(Heading(f"2. Báo cáo của {unit.name}", 2))
    if report:
        doc.add(Para.of(f"Đồng chí {clean(report[0].speaker_name)}, {clean(report[0].speaker_title or '')} "
                        "trình bày báo cáo kết quả thực hiện. Báo cáo nêu:"))
    summary = visit.report_summary or (report[0].text if report else "")
    doc.add(*(Para.of(p) for p in paragraphs(summary)))
    for st in report[1:]:
        doc.add(Para.of(clean(st.text), lead=_speaker(st)))
    if visit.indicators_met is not None and visit.indicators_total:
        doc.add(Para.of(f"Kết quả thực hiện: {visit.indicators_met}/{visit.indicators_total} chỉ tiêu đạt và vượt "
                        "kế hoạch. Một số chỉ tiêu chủ yếu:"))
    if visit.indicator_results:
        doc.add(indicator_table(visit))

    doc.add(Heading("3. Ý kiến trao đổi của thành viên Đoàn giám sát", 2))
    opinions = [st for st in statements if st.kind in (StatementKind.OPINION, StatementKind.OTHER)]
    doc.add(*(Para.of(" ".join(paragraphs(st.text)), lead=_speaker(st)) for st in opinions))
    doc.add(Heading(f"4. Giải trình, làm rõ của {unit.name}", 2))
    explanations = [st for st in statements if st.kind is StatementKind.EXPLANATION]
    if explanations:
        doc.add(*(Para.of(" ".join(paragraphs(st.text)), lead=_speaker(st)) for st in explanations))
    else:
        doc.add(*(Para.of(p) for p in paragraphs(visit.explanation)))

    doc.add(Heading("5. Kết luận của Trưởng Đoàn giám sát", 2))
    concl = [st for st in statements if st.kind is StatementKind.CONCLUSION]
    if concl:
        doc.add(Para.of(f"Đồng chí {clean(concl[0].speaker_name)}, Trưởng Đoàn giám sát kết luận:", "body"))
    doc.add(*(Para.of(p) for p in paragraphs(visit.conclusion or (concl[0].text if concl else ""))))
    reqs, pets = _requests(visit)
    if reqs:
        doc.add(Para.of(f"Các yêu cầu đối với {unit.name}:", italic=True))
        doc.add(*(Para.of(_rec_line(r, i)) for i, r in enumerate(reqs, 1)))
    if pets:
        doc.add(Para.of(f"Kiến nghị của {unit.name}:", italic=True))
        doc.add(*(Para.of(_rec_line(r, i, petition=True)) for i, r in enumerate(pets, 1)))

    doc.add(Heading("III. KẾT THÚC"))
    end = f"vào hồi {clock(visit.ends_at)} cùng ngày" if visit.ends_at else "cùng ngày"
    doc.add(Para.of(f"Buổi làm việc kết thúc {end}. Biên bản đã được đọc lại cho những người dự họp cùng nghe và "
                    f"nhất trí thông qua. Biên bản được lập thành {options.copies:02d} bản có giá trị như nhau."))
    unit_side = [a for a in visit.attendees if a.side is Side.UNIT]
    left = (SignBlock(f"ĐẠI DIỆN {upper(unit.name)}", upper((unit_side[0].title or "").split(",")[0]),
                      clean(unit_side[0].name)) if unit_side
            else SignBlock("THƯ KÝ", "", clean(keeper[0].name) if keeper else ""))
    right = SignBlock(options.signing_authority or f"{profile.authority_prefix} {upper(deleg.name.split(' số')[0])}",
                      options.signer_position or "TRƯỞNG ĐOÀN", options.signer_name or head_name)
    doc.closing = Closing(right=right, left=left)
    return doc


def _rec_line(r: Recommendation, i: int, petition: bool = False) -> str:
    text = clean(r.text).rstrip(".")
    if petition:
        extra = f" (gửi {clean(r.addressee)})" if r.addressee else ""
        reply = [f.progress for f in r.follow_ups if f.progress]
        return f"{i}. {text}{extra}." + (f" {clean(reply[-1])}" if reply else "")
    due = f" (thời hạn báo cáo: {vn_date(r.deadline)})" if r.deadline else ""
    return f"{r.ref or i}. {text}{due}."


def indicator_table(visit: Visit) -> Table:
    """Chỉ tiêu – chỉ tiêu giao – kết quả – đánh giá, one row per reported figure."""
    rows = []
    for i, res in enumerate(sorted(visit.indicator_results, key=lambda r: r.order_no), 1):
        name = res.indicator.name if res.indicator else (res.label or "")
        target = res.target or (res.indicator.target if res.indicator else None) or ""
        verdict = {True: "Đạt", False: "Chưa đạt", None: ""}[res.achieved]
        rows.append((str(i), clean(name), clean(target), clean(res.reported or ""), verdict))
    return Table(("TT", "Chỉ tiêu", "Chỉ tiêu giao", "Kết quả", "Đánh giá"), tuple(rows),
                 (0.07, 0.48, 0.15, 0.18, 0.12), ("C", "L", "C", "C", "C"))


def build_conclusion(visit: Visit, options: DocOptions | None = None, profile: Profile | None = None) -> Document:
    """Thông báo kết luận giám sát, after the skeleton of formats.md."""
    options = options or DocOptions()
    deleg, unit = visit.delegation, visit.unit
    profile = profile or choose_profile(deleg.issuing_body, options.profile)
    day = options.issued_on or dt.date.today()
    board = deleg.issuing_body
    com = committee(board)
    board_short = board.rsplit(" ", 2)[0] if board.lower().startswith("ban thường vụ") else board
    topic = f"việc thực hiện Chương trình số {visit.programme.code}" if visit.programme else "việc thực hiện nhiệm vụ"
    subject = f"kết luận của {board_short} về kết quả giám sát {topic} đối với {unit.name}"
    header, code = _header(profile, "conclusion", options, superior_of(board), com, board, day, subject, "THÔNG BÁO")
    doc = Document(DocumentKind.CONCLUSION, profile, header, secret=_secret(visit, options),
                   title=f"Thông báo kết luận {code}", author=com, issued_on=day)
    pad = profile.pad_months
    opening = []
    if deleg.plan and deleg.plan.number:
        opening.append(f"Thực hiện Kế hoạch số {deleg.plan.number} của {deleg.plan.issuing_body} về "
                       f"{lower_first(deleg.plan.topic)}")
    if deleg.decision_number:
        opening.append(f"Quyết định số {deleg.decision_number} của {board} về việc thành lập {deleg.name}")
    visit_day = long_date(visit.starts_at.date(), pad)
    text = ("; ".join(opening) + ", " if opening else "") + \
        f"{visit_day}, {deleg.name} đã làm việc với {unit.name}."
    doc.add(Para.of(text[:1].upper() + text[1:]))
    heard = f" {long_date(options.heard_on, pad)}," if options.heard_on else ""
    doc.add(Para.of(f"Trên cơ sở báo cáo của {deleg.name},{heard} {board_short} kết luận như sau:"))

    def findings(*kinds: FindingKind) -> list[Para]:
        return [Para.of(f"- {clean(f.text)}") for f in visit.findings if f.kind in kinds]

    doc.add(Heading("1. Ưu điểm", 2))
    if visit.indicators_met is not None and visit.indicators_total:
        doc.add(Para.of(f"{unit.name} đã có {visit.indicators_met}/{visit.indicators_total} chỉ tiêu đạt và vượt "
                        "kế hoạch."))
    doc.add(*findings(FindingKind.RESULT, FindingKind.STRENGTH))
    doc.add(Heading("2. Hạn chế, khuyết điểm", 2))
    doc.add(*(findings(FindingKind.LIMITATION, FindingKind.DIFFICULTY) or [Para.of("Không có.")]))
    doc.add(Heading("3. Nguyên nhân", 2))
    doc.add(*(findings(FindingKind.CAUSE) or [Para.of("Không có.")]))
    doc.add(Heading("4. Yêu cầu", 2))
    reqs, pets = _requests(visit)
    doc.add(Para.of(f"{board_short} yêu cầu {unit.name}:"))
    doc.add(*(Para.of(f"4.{i}. {_rec_line(r, i).split('. ', 1)[1]}") for i, r in enumerate(reqs, 1)))
    if pets:
        doc.add(Para.of(f"Đối với các kiến nghị của {unit.name}:"))
        doc.add(*(Para.of("- " + _rec_line(r, i, petition=True).split(". ", 1)[1]) for i, r in enumerate(pets, 1)))
    doc.add(Heading("5. Tổ chức thực hiện", 2))
    deadlines = [r.deadline for r in reqs if r.deadline]
    report_by = options.report_by or (max(deadlines) if deadlines else None)
    office = options.follow_up_by or f"Văn phòng {com}"
    due = f" trước {long_date(report_by, pad)}" if report_by else ""
    doc.add(Para.of(f"Giao {office} theo dõi, đôn đốc việc thực hiện. {unit.name} báo cáo kết quả thực hiện về "
                    f"{board_short} (qua {office}){due}."))

    head_name, head_title = _head(visit)
    position = position_from_title(head_title)
    board_authority = board.lower().startswith("ban thường vụ") and position
    authority = options.signing_authority or (f"{profile.authority_prefix} BAN THƯỜNG VỤ" if board_authority
                                              else f"{profile.authority_prefix} ĐOÀN GIÁM SÁT")
    sign = SignBlock(authority, options.signer_position or (position if board_authority else "TRƯỞNG ĐOÀN"),
                     options.signer_name if options.signer_name is not None else head_name)
    default_recipients = (unit.name, f"Thường trực {com}", f"Các đồng chí thành viên {deleg.name}",
                          profile.archive_line.format(committee=com))
    doc.closing = Closing(right=sign, recipients=recipient_lines(options.recipients or default_recipients))
    return doc
