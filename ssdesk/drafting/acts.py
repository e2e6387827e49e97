"""Requests and petitions by their speech acts, wherever the text says them (not only in a chair's statement).

Why: press reports rarely quote a chair as "X kết luận: …". They write "Đoàn giám sát đề nghị UBND tỉnh …; …",
"Phó Thủ tướng yêu cầu các bộ, ngành …", "giao nhiệm vụ cho Ban Tuyên giáo …; Ban Tổ chức …", "Nhiệm vụ trọng tâm
… là: …; …", "Cử tri kiến nghị: …; …". An act is a cue verb (đề nghị, yêu cầu, lưu ý, giao, chỉ đạo + an
addressee; kiến nghị, đề xuất) that is not a noun ("các kiến nghị", "đáp ứng yêu cầu") nor inside a name ("Ban
Chỉ đạo"). Its items are split at ";" (and at the lines or sentences that follow a cue ending in ":"); the
sentences right after it that open with an action ("Tiếp tục …", "Đồng thời, …", "Theo đó, …") add to it. Who
speaks decides the direction: the delegation, a chair or a title asks (request); the visited unit or the voters
ask a higher body (petition).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ssdesk.drafting.bodies import new_tones, org_at
from ssdesk.drafting.rules import Rules
from ssdesk.drafting.text import Sentence, capitalise

_CUE = re.compile(r"(?<!\w)(?P<cue>đề nghị|yêu cầu|lưu ý|giao nhiệm vụ cho|giao cho|giao|chỉ đạo|kiến nghị|đề xuất"
                  r"|nhiệm vụ (?:trọng tâm|trước mắt|chủ yếu|thời gian tới)[^.:;]{0,80}?(?<!nhất )(?:đề ra là|là|gồm)"
                  r"(?=\s|:)|nhiệm vụ[^.:;]{0,60}?(?:đề ra là|là|gồm)\s*:)(?!\w)", re.IGNORECASE)
_PAST = re.compile(r"(?:đã|đang)(?:\s+[^\s,]+){0,2}\s*$")
_NOUN_BEFORE = re.compile(r"(?:theo|đáp ứng|các|những|với|ý kiến,?|có|sự|công tác|lãnh đạo,?|kiến nghị,|"
                          r"Ban|ban|BCĐ|Phát biểu|phát biểu|Trưởng|tiếp nhận|giải quyết|trả lời|về|được|bàn|"
                          r"đã được|xem xét)\s*$")
_NOUN_AFTER = re.compile(r"^\s*(?:của|đặt ra|đề ra|được|đã được|chính đáng|trên|này|đó|chưa|còn tồn đọng|sau)(?!\w)")
_ADDRESSED = re.compile(r"^\s*(?:nhiệm vụ cho|cho|các|UBND|Ủy ban|Sở|Ban|Phòng|Văn phòng|Công an|Bảo hiểm|BHXH|"
                        r"cơ quan|địa phương|đơn vị|huyện|xã|ngành|cấp|Thường trực|lãnh đạo)(?!\w)")
_CHAIR_SUBJECT = re.compile(r"(?:Đoàn|đoàn|Ban|Thường trực|Trưởng|Chủ tịch|Phó|Bí thư|Thủ tướng|[Đđ]ồng chí|[Đđ]/c|"
                            r"Chủ nhiệm|Giám đốc|Bộ trưởng|[Ôô]ng|[Bb]à|Hội nghị|cấp ủy)")
_UNIT_SUBJECT = re.compile(r"(?:Quận|Huyện|quận|huyện|[Xx]ã|[Pp]hường|địa phương|đơn vị|UBND|Ủy ban nhân dân|cơ sở|"
                           r"Thị xã|thị xã|[Cc]ử tri|[Nn]hân dân|người dân)[^,.;:]{0,25}?(?:cũng\s*)?$")
_HIGHER = re.compile(r"^\s*(?:với\s+)?(?:Thành phố|UBND Thành phố|Trung ương|Chính phủ|tỉnh|Tỉnh|UBND tỉnh|Nhà nước|"
                     r"Bộ|các bộ|cấp trên|Quốc hội|Thủ tướng)(?!\w)")
LEAD_IN = re.compile(r"^(?:Đồng thời|Bên cạnh đó|Theo đó|Ngoài ra|Mặt khác|Trong đó|Cùng với đó|Riêng)[,\s]+",
                      re.IGNORECASE)
_CONNECTIVE = re.compile(r"^(?:Từ đó|Qua đó|Theo đó|Đồng thời|Bên cạnh đó|Ngoài ra|Trên cơ sở đó|Do đó)[,\s]*",
                         re.IGNORECASE)
_ADDRESSEE = re.compile(r"^\s*(?:nhiệm vụ\s+)?(?:cho\s+)?(?:với\s+)?(?:trong thời gian tới,?\s+)?")
_MODAL = re.compile(r"^(?:cần|phải|sẽ|nên|cần phải)\s+")
_ASK_AGAIN = re.compile(r"^(?:kiến nghị|đề nghị|đề xuất)\s+", re.IGNORECASE)


@dataclass
class Act:
    direction: str          # "request" / "petition"
    texts: list[tuple[str, str | None]]     # each item and the body it is addressed to, when it names one
    sentence: Sentence
    responsible: str | None


def cue(sent: Sentence) -> re.Match[str] | None:
    """The first cue of a request or petition that is a verb of this sentence (not a noun, not in a name)."""
    text = sent.text
    for m in _CUE.finditer(text):
        word = m.group("cue").lower()
        before, after = text[:m.start()], text[m.end():]
        if word.startswith("nhiệm vụ"):
            return m
        if _NOUN_BEFORE.search(before) or _NOUN_AFTER.match(after):
            continue
        if word in ("chỉ đạo", "giao") and (not _ADDRESSED.match(after) or _PAST.search(before)):
            continue  # "lãnh đạo, chỉ đạo thực hiện", "đã chỉ đạo các cơ quan" (a report of what was done)
        return m
    return None


def direction(sent: Sentence, said: re.Match[str]) -> str:
    """Request or petition: who speaks (the subject before the cue) and to whom."""
    subject = sent.text[:said.start()]
    word = said.group("cue").lower()
    unit = _UNIT_SUBJECT.search(subject) is not None and not re.search(r"Đoàn|Trưởng|Chủ tịch|Bí thư", subject)
    if word in ("kiến nghị", "đề xuất"):
        return "request" if _CHAIR_SUBJECT.search(subject) and not unit else "petition"
    if unit and _HIGHER.match(sent.text[said.end():]):
        return "petition"
    return "request"


def _split(body: str, rules: Rules) -> list[tuple[str, str | None]]:
    """The items of what follows a cue: split at ";" (and at "và" + an action), each with the body it is addressed
    to when it opens with one ("UBND tỉnh cần đánh giá rõ …", "Ban Tổ chức Huyện ủy tham mưu …"), that body, the
    subject and the modal stripped from its text."""
    out: list[tuple[str, str | None]] = []
    carried: str | None = None  # a body named by an item goes on to the items after it that name none
    for part in re.split(r";\s*", body):
        for piece in rules.action_split_re.split(part):
            piece = _ASK_AGAIN.sub("", piece.strip(" ,:.…"))  # "…; kiến nghị UBND quận sớm …": asked again
            addressee = org_at(new_tones(piece), 0, rules)
            responsible = None
            if addressee is not None and re.match(r"\s+\S+\s+\S+", piece[addressee.end():]):
                responsible, piece = piece[:addressee.end()].strip(), piece[addressee.end():]
                carried = responsible
            elif ((higher := _HIGHER.match(piece)) is not None and re.match(r"\s+\S+\s+\S+", piece[higher.end():])
                  and not re.match(r"\s*bộ\s+phận", piece, re.IGNORECASE)):  # "Bộ phận một cửa …": no ministry
                # "Thành phố sớm bố trí …": the body asked, which the subject words would drop unsaid; its own
                # only ("Nhà nước quan tâm …" opens a list of voters' petitions to their deputies)
                responsible, piece = higher.group(0).strip(), piece[higher.end():]
            piece = _MODAL.sub("", rules.subject_re.sub("", piece.strip())).strip()
            if len(piece.split()) >= 2 and is_request_text(piece, rules):
                out.append((capitalise(piece), responsible or carried))
    return out


def is_request_text(piece: str, rules: Rules) -> bool:
    """Whether a piece split from a request asks for something: not a promise ("… sẽ sớm phân bổ"), not only whom
    and when ("giao nhiệm vụ cho BCH và lãnh đạo địa phương thời gian tới")."""
    if re.search(r"(?<!\w)sẽ(?!\w)", piece):
        return False
    return not (re.search(r"thời gian tới\W*$", piece) and rules.action_re.search(piece) is None)


def find_acts(sents: list[Sentence], rules: Rules, skip: set[int]) -> list[Act]:
    """Every request and petition said outside the statements already read (``skip``: their sentence starts)."""
    out: list[Act] = []
    last: Act | None = None
    taken: set[int] = set()
    for i, sent in enumerate(sents):
        if sent.start in skip or sent.start in taken:
            last = None if sent.start in skip else last
            continue
        if last is not None and last.sentence.para != sent.para:
            last = None
        said = cue(sent)
        if said is None:
            opening = rules.subject_re.sub("", LEAD_IN.sub("", sent.text))
            after_list = i > 0 and sents[i - 1].para == sent.para and sents[i - 1].text.endswith(";")
            if last is not None and (rules.continuation_re.match(opening) or rules.action_re.match(opening)
                                     or after_list):
                texts = _split(opening, rules)
                if texts:
                    out.append(Act(last.direction, texts, sent, None))
            continue
        word = said.group("cue").lower()
        if (word in ("kiến nghị", "đề xuất") and not _CONNECTIVE.sub("", sent.text[:said.start()]).strip(" ,")
                or re.search(r"[;:]\s*$", sent.text[:said.start()])) and not _HIGHER.match(sent.text[said.end():]):
            continue  # "…; kiến nghị giải pháp …": an item of a list, not someone asking
        dirn = direction(sent, said)
        body = _ADDRESSEE.sub("", sent.text[said.end():])
        responsible = None
        texts = _split(body, rules)
        if body.rstrip().endswith(":"):
            following = []
            for nxt in sents[i + 1:i + 12]:
                if nxt.para > sent.para + 1 or cue(nxt) is not None:
                    break
                following.append(nxt.text.rstrip("."))
                taken.add(nxt.start)
            if len(body.strip(" :").split()) >= 3 and following:  # "… quan tâm đến các vấn đề: A, B, C."
                texts = _split(f"{body.strip()} {following[0]}", rules)[:1] + _split("; ".join(following[1:]), rules)
            else:
                texts = _split("; ".join(following), rules)
        if texts:
            last = Act(dirn, texts, sent, responsible)
            out.append(last)
    return out
