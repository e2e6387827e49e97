"""Who a document comes from: the one issuing body behind its header, its number symbol, its place and its signature.

Why one module: a document that is headed by one body, numbered with another's code and signed on behalf of a third
cannot be signed (issue 20, point 5). Every layout — minutes, conclusion notice, follow-up report, reminder letter,
report upward — describes its issuer once as an :class:`Issuer` and takes the header lines, the ``-TB/TU`` code, the
place of the date line and the signing block from it. The family check lives here too: a State profile for a Party
body (or the reverse) is refused with a message that names both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ssdesk.documents.meta import (
    TYPE_CODES,
    DocOptions,
    committee,
    format_number,
    place_of,
    position_from_title,
    superior_of,
)
from ssdesk.documents.model import Header, SignBlock
from ssdesk.documents.profiles import Profile, family_of
from ssdesk.documents.text import clean, paragraphs, upper
from ssdesk.enums import MemberRole
from ssdesk.errors import ValidationError
from ssdesk.i18n import _
from ssdesk.models import Delegation, DelegationMember

#: Printed over a missing number, place, position or name: a blank the secretary fills in by hand.
BLANK = "\u2026\u2026"
NAME_BLANK = "\u2026" * 14



@dataclass(frozen=True)
class Issuer:
    """The issuing body of one document and everything that follows from it."""

    body: str  # full name: "Ban Thường vụ Thành ủy Hà Nội", "Đoàn giám sát số 1"
    superior: str  # header line above the issuing body ("THÀNH ỦY HÀ NỘI" above a delegation)
    issuing: str  # the issuing body as the header prints it
    code: str  # the issuer part of the number symbol: "TU", "ĐGS", "HĐND", "UBND"
    place: str  # the place of the date line: "Hà Nội"
    sign: SignBlock  # authority ("T/M ĐOÀN GIÁM SÁT"), position, signer's name


def check_family(profile: Profile, body: str) -> None:
    """Refuse a profile of the other family than the issuing body's: the message names the profile and the body."""
    family = family_of(body)
    if not body.strip() or family == profile.family:
        return
    if family == "party":
        message = _("The format profile “{profile}” is for State documents, but “{body}” is a Party body: choose a "
                    "Party profile (party-36-2018).")
    else:
        message = _("The format profile “{profile}” is for Party documents, but “{body}” is a State body: choose a "
                    "State profile (state-nd30-2020).")
    raise ValidationError.one("profile", message.format(profile=profile.name, body=body))


def issuer_code(body: str, family: str) -> str:
    """The issuer part of a number symbol: ``Thành ủy`` → ``TU``, ``Sở Y tế`` → ``SYT``, ``HĐND`` → ``HĐND``."""
    low = f" {body.lower()} "
    if "ban chỉ đạo" in low:  # a steering committee numbers its own notices: "-TB/BCĐ"
        return "BCĐ"
    if family == "state":
        if "hđnd" in low or "hội đồng nhân dân" in low:
            return "HĐND"
        if "đbqh" in low or "đại biểu quốc hội" in low:
            return "ĐĐBQH"
        match = re.search(r"\bsở\s+(.+)$", body.strip(), flags=re.I)
        if match and "ubnd" not in low and "ủy ban nhân dân" not in low:
            words = [w for w in match.group(1).split() if w.lower() not in ("và", "thành", "phố", "tỉnh", "hà", "nội")]
            return "S" + "".join(w[0].upper() for w in words[:4])
        return "UBND"
    for word, code in (("ban bí thư", "TW"), ("bộ chính trị", "TW"), ("trung ương", "TW"), ("đoàn giám sát", "ĐGS"),
                       ("đoàn kiểm tra", "ĐKT"), ("ủy ban kiểm tra", "UBKT"), ("thành ủy", "TU"), ("tỉnh ủy", "TU"),
                       ("quận ủy", "QU"), ("huyện ủy", "HU"), ("thị ủy", "TU"), ("đảng ủy", "ĐU")):
        if word in low:
            return code
    return "ĐGS"


def _signer(options: DocOptions, authority: str, position: str, name: str) -> SignBlock:
    return SignBlock(options.signing_authority or authority,
                     upper(options.signer_position) if options.signer_position is not None else position,
                     options.signer_name if options.signer_name is not None else (name or NAME_BLANK))


def delegation_issuer(profile: Profile, delegation: Delegation, head_name: str, options: DocOptions) -> Issuer:
    """The delegation issues (minutes, a delegation's follow-up report or reminder): its committee above it, its own
    code, signed on its behalf by its head."""
    board = delegation.issuing_body
    check_family(profile, board)
    com = committee(board)
    short = delegation.name.split(" số")[0]
    code = "ĐKT" if delegation.name.lower().startswith("đoàn kiểm tra") else "ĐGS"
    return Issuer(body=delegation.name, superior=com, issuing=delegation.name, code=code, place=place_of(board),
                  sign=_signer(options, f"{profile.authority_prefix} {upper(short)}", "TRƯỞNG ĐOÀN", head_name))


def board_issuer(profile: Profile, board: str, options: DocOptions, position: str = "", name: str = "") -> Issuer:
    """The board issues (conclusion notice, a report over several delegations, the report upward): its superior
    organisation above it, its code, signed on behalf of its standing body by ``position`` ``name``."""
    check_family(profile, board)
    if not position:  # the signer holds no post of this family known here (a Party secretary heading a council's
        position = NAME_BLANK  # delegation): a line to write the post in, never a block without one
    com = committee(board) if board else ""
    if profile.family == "party":
        superior, issuing = superior_of(board), com
        standing = "BAN THƯỜNG VỤ" if board.lower().startswith("ban thường vụ") else upper(com)
    else:  # "Thường trực HĐND thành phố Hà Nội": the council above, its standing committee issues
        short = re.sub(r"\s+(thành phố|tỉnh|quận|huyện|thị xã|phường|xã)\b.*$", "", board, flags=re.I)
        # the council's standing committee under the council's full name: "THƯỜNG TRỰC HĐND", as it signs
        # ("TM. THƯỜNG TRỰC HĐND", domain.md), however the issuing body was typed
        short = re.sub(r"^(thường trực)\s+hội đồng nhân dân$", r"\1 HĐND", short, flags=re.I)
        standing = upper(short)
        superior, issuing = (com, short) if com != board else ("", board)
    return Issuer(body=board, superior=superior, issuing=issuing, code=issuer_code(board, profile.family),
                  place=place_of(board), sign=_signer(options, f"{profile.authority_prefix} {standing}",
                                                      position, name))


def make_header(profile: Profile, kind: str, options: DocOptions, issuer: Issuer, day: dt.date, subject: str,
                doc_type: str) -> tuple[Header, str]:
    """The header of a document from ``issuer`` and what the user gave; returns it with the bare number symbol
    (``125-TB/TU``) for titles and file names."""
    code_type = options.type_code or TYPE_CODES[kind]
    code_issuer = options.issuer_code or issuer.code
    line, code = format_number(profile, options.number, code_type, code_issuer,
                               letter=kind == "reminder")
    place = options.place or issuer.place or BLANK
    d = f"{day.day:02d}" if profile.pad_day else str(day.day)
    m = f"{day.month:02d}" if day.month in profile.pad_months else str(day.month)
    place_date = profile.place_date_format.format(place=place, day=d, month=m, year=day.year)
    return Header(superior=upper(clean(options.superior_body or issuer.superior)),
                  issuing=upper(clean(options.issuing_body or issuer.issuing)), number=line, place_date=place_date,
                  doc_type=doc_type, subject=tuple(paragraphs(options.subject or subject))), code


def delegation_head(store: Any, delegation_id: str) -> tuple[str, str]:
    """(name, position or title) of a delegation's head, or two empty strings."""
    with store.read() as s:
        for m in s.scalars(select(DelegationMember).where(DelegationMember.delegation_id == delegation_id,
                                                          DelegationMember.role == MemberRole.HEAD)
                           .options(selectinload(DelegationMember.person))):
            return m.person.full_name, m.position or m.person.title or ""
    return "", ""


def board_signer(store: Any, board: str) -> tuple[str, str]:
    """(position, name) of who signs for ``board``: the head of one of its delegations who holds a Party post in it
    (a Deputy Secretary heads the delegation and signs for the Standing Board), else two empty strings."""
    with store.read() as s:
        delegations = list(s.scalars(select(Delegation.id).where(Delegation.issuing_body == board)))
    for deleg_id in delegations:
        name, title = delegation_head(store, deleg_id)
        if position := position_from_title(title, family_of(board)):
            return position, name
    return "", ""


__all__ = ["BLANK", "Issuer", "NAME_BLANK", "board_issuer", "board_signer", "check_family", "delegation_head",
           "delegation_issuer", "issuer_code", "make_header"]
