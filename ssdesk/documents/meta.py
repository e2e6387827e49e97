"""A document's metadata (number, date, bodies, signer, recipients): what the user gives, and sensible defaults.

Why defaults are derived, not configured: the case file already knows the delegation, its issuing body and its head,
so a draft prints right away (signer = the head, ``T/M ĐOÀN GIÁM SÁT`` / ``TRƯỞNG ĐOÀN``); the secretary overrides
only what differs before issuing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ssdesk.documents.profiles import Profile
from ssdesk.documents.text import clean, end_with
from ssdesk.errors import ValidationError
from ssdesk.i18n import _

#: Type codes of formats.md, by document kind.
TYPE_CODES = {"minutes": "BB", "conclusion": "TB", "followup_report": "BC", "reminder": "CV"}
BLANK_NUMBER = "\u00a0" * 10  # a draft leaves room for the number written in at issue


@dataclass(frozen=True)
class DocOptions:
    """Everything about a document that is not in the visit itself; ``None`` means "derive a default"."""

    number: str | None = None  # "125", or in full: "125-TB/TU" (Party) / "125/TB-UBND" (State)
    issued_on: dt.date | None = None
    place: str | None = None  # "Hà Nội"
    superior_body: str | None = None
    issuing_body: str | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    subject: str | None = None
    signing_authority: str | None = None
    signer_position: str | None = None
    signer_name: str | None = None
    recipients: tuple[str, ...] | None = None
    profile: str | None = None
    copies: int = 2
    heard_on: dt.date | None = None  # conclusion: the day the Standing Board heard the delegation's report
    follow_up_by: str | None = None  # conclusion: who follows the requests up
    report_by: dt.date | None = None  # conclusion: the day the unit reports its results
    secret: bool | None = None  # None: from the visit's classification

    def with_(self, **changes: object) -> DocOptions:
        return replace(self, **changes)  # type: ignore[arg-type]


def committee(body: str) -> str:
    """``Ban Thường vụ Thành ủy Hà Nội`` → ``Thành ủy Hà Nội`` (the committee whose office keeps the files)."""
    return re.sub(r"^(ban thường vụ|ban chấp hành|thường trực)\s+", "", body.strip(), flags=re.I) or body


_LEVELS = (("thành ủy", "thành phố"), ("tỉnh ủy", "tỉnh"), ("quận ủy", "quận"), ("huyện ủy", "huyện"),
           ("thị ủy", "thị xã"))


def superior_of(body: str) -> str:
    """The Party organisation above a committee: ``Thành ủy Hà Nội`` → ``Đảng bộ thành phố Hà Nội``."""
    com = committee(body)
    for prefix, level in _LEVELS:
        if com.lower().startswith(prefix + " "):
            return f"Đảng bộ {level} {com[len(prefix) + 1:]}"
    return ""


def place_of(body: str) -> str:
    """The place written before the date: ``Thành ủy Hà Nội`` → ``Hà Nội``; ``UBND thành phố Hà Nội`` → ``Hà Nội``."""
    com = committee(body)
    for prefix in ("thành ủy", "tỉnh ủy"):
        if com.lower().startswith(prefix + " "):
            return com[len(prefix) + 1:]
    match = re.search(r"(?:thành phố|tỉnh)\s+(.+)$", com, flags=re.I)
    return match.group(1) if match else ""


def parse_number(profile: Profile, number: str, letter: bool = False) -> tuple[str, str | None, str | None]:
    """Split ``125-TB/TU`` (Party) or ``125/TB-UBND`` (State) into (number, type, issuer); a bare ``125`` too."""
    text = number.strip()
    text = re.sub(r"^số:?\s*", "", text, flags=re.I)
    if re.fullmatch(r"\d{1,6}", text):
        return text, None, None
    if letter and profile.family == "state" and (match := re.fullmatch(r"(\d{1,6})/(\S+)", text)):
        return match.group(1), None, match.group(2)
    pattern = r"(\d{1,6})-([^/\s]+)/(\S+)" if profile.family == "party" else r"(\d{1,6})/([^-\s]+)-(\S+)"
    match = re.fullmatch(pattern, text)
    if not match:
        example = "125-TB/TU" if profile.family == "party" else "125/TB-UBND"
        raise ValidationError.one("number", _("“{number}” is not a document number of this format (e.g. {example})."
                                              ).format(number=number, example=example))
    return match.group(1), match.group(2), match.group(3)


def format_number(profile: Profile, number: str | None, type_code: str, issuer: str,
                  letter: bool = False) -> tuple[str, str]:
    """(printed line, stored code): ``Số 125-TB/TU`` / ``125-TB/TU``; a missing number leaves a blank to fill.

    ``letter``: an official letter (công văn) is numbered by the profile's ``letter_number_format`` — State letters
    carry no type code (``Số: 125/UBND``)."""
    if number:
        num, t, i = parse_number(profile, number, letter)
        type_code, issuer = t or type_code, i or issuer
        if profile.number_pad and len(num) < profile.number_pad:
            num = num.zfill(profile.number_pad)
    else:
        num = BLANK_NUMBER
    fmt = profile.letter_number_format if letter else profile.number_format
    line = fmt.format(number=num, type=type_code, issuer=issuer)
    code = line.split(" ", 1)[1] if " " in line else line
    return line, code.strip()


def recipient_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """``- X,`` for each and ``- Y.`` for the last, whatever the user typed."""
    out = []
    for line in lines:
        text = line.strip().lstrip("-–• ").strip()
        if text:
            out.append(text)
    return tuple(f"- {end_with(t, '.' if i == len(out) - 1 else ',')}" for i, t in enumerate(out))


def report_recipients(board: str, archive: str) -> tuple[str, ...]:
    """Where a board's report goes by default: the standing office of its committee, unless that is the board
    itself (the Standing Committee of a People's Council reporting to "Thường trực Hội đồng nhân dân …" was sending
    the report to itself), and the archive."""
    com = committee(board) if board else ""
    standing = f"Thường trực {com}" if com else ""
    lines = (standing,) if standing and standing.casefold() != board.casefold() else ()
    return lines + ((archive.format(committee=com),) if com else ("Lưu",))


POSTS = {"party": (("phó bí thư", "PHÓ BÍ THƯ"), ("bí thư", "BÍ THƯ")),
         "state": (("phó chủ tịch", "PHÓ CHỦ TỊCH"), ("chủ tịch", "CHỦ TỊCH"),
                   ("phó trưởng đoàn", "PHÓ TRƯỞNG ĐOÀN"), ("trưởng đoàn", "TRƯỞNG ĐOÀN"))}
#: A "Trưởng đoàn" signs for a body only as the head of a National Assembly delegation (Đoàn ĐBQH); the head of a
#: supervision delegation ("Trưởng đoàn giám sát") holds no post of the board it reports to.
_DELEGATION_POSTS = ("quốc hội", "đbqh")


#: Long names a title may abbreviate, folded: "Chủ tịch UBND quận …" names "Ủy ban nhân dân quận …".
_SHORT_FORMS = (("uy ban nhan dan", "ubnd"), ("hoi dong nhan dan", "hdnd"))
#: A committee that a title names at its end where the body is its Standing Board ("Bí thư Quận ủy Hoàng Mai"
#: for "Ban Thường vụ Quận ủy Hoàng Mai").
_COMMITTEES = ("quan uy", "huyen uy", "thanh uy", "tinh uy", "thi uy", "dang uy")


def _named(text: str) -> str:
    from ssdesk.search.folding import fold  # the one folding of the app (đ → d, marks dropped)

    out = fold(text)
    for long, short in _SHORT_FORMS:
        out = out.replace(long, short)
    return out


def post_in(title: str | None, body: str, short: str = "") -> str:
    """The post of a unit's signer under ``ĐẠI DIỆN <body>``: the first part of the title less the words that name
    the body again — ``Chủ tịch UBND quận Long Biên`` → ``Chủ tịch``, ``Giám đốc Sở Lao động - Thương binh và Xã
    hội`` (for the Sở … of the city) → ``Giám đốc``, ``Bí thư Quận ủy Hoàng Mai`` (for its Standing Board) →
    ``Bí thư``. Printed whole, the signing block said the body twice ("… QUẬN LONG BIÊN / CHỦ TỊCH UBND QUẬN LONG
    BIÊN"). A title whose end names another body is kept whole."""
    first = clean(title).split(",")[0].strip()
    words = first.split()
    names = [_named(n) for n in (body, short) if n]
    for i in range(1, len(words) - 1):
        rest = _named(" ".join(words[i:]))
        if any(n.startswith(rest) or rest.startswith(n) or (rest.startswith(_COMMITTEES) and n.endswith(rest))
               for n in names):
            return " ".join(words[:i])
    return first


def position_from_title(title: str | None, family: str = "party") -> str:
    """The post a signer signs a ``family`` document with: ``…, Phó Bí thư Thường trực Thành ủy`` → ``PHÓ BÍ THƯ``
    (Party); ``Phó Chủ tịch HĐND …`` → ``PHÓ CHỦ TỊCH``, ``Phó Trưởng đoàn chuyên trách Đoàn ĐBQH …`` → ``PHÓ TRƯỞNG
    ĐOÀN`` (State). A Party post never signs a State document."""
    for part in (title or "").split(","):
        low = part.strip().lower()
        for start, post in POSTS[family]:
            if low.startswith(start) and ("trưởng đoàn" not in start or any(w in low for w in _DELEGATION_POSTS)):
                return post
    return ""
