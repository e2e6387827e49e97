"""Who holds the session and whom it visits: the grammar of Vietnamese bodies, the delegation, the convening
body, the visited unit and the kind of session.

Why a grammar and not a list: a body is a head word (Sở, Ban, Ủy ban, HĐND, UBND, Đoàn ĐBQH, Ban Chỉ đạo …), an
optional proper name (capitalised words joined by "và", "-", "&"; the known long names, with the comma inside
"Sở Lao động, Thương binh và Xã hội"), then the place (an administrative level and its name: "huyện Đồng Văn",
"Quận 2", "xã Thường Phước 1") and optionally the body it belongs to ("Ban Pháp chế HĐND huyện"). That covers the
bodies of every text in the corpus, where the earlier rules took "HĐND" alone or cut at the first comma.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ssdesk.drafting.facts import Body
from ssdesk.drafting.rules import LOWER, UPPER, Rules
from ssdesk.drafting.text import Sentence

_OLD = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy",
        "uỹ": "ũy", "uỵ": "ụy", "Uỷ": "Ủy", "Uỳ": "Ùy", "Uý": "Úy"}
_OLD_RE = re.compile("(?:" + "|".join(_OLD) + r")(?!\w)")  # "hoà" but never "hoàn"


def new_tones(text: str) -> str:
    """"Uỷ ban" → "Ủy ban": the same words in the newer tone placement, same length (offsets stay valid)."""
    return _OLD_RE.sub(lambda m: _OLD[m.group(0)], text)


@dataclass(frozen=True)
class Grammar:
    org: re.Pattern[str]            # one body, group "org"
    level: re.Pattern[str]          # an administrative level word


_GRAMMARS: dict[int, tuple[Rules, Grammar]] = {}


def grammar(rules: Rules) -> Grammar:
    """The regexes of bodies for these rules, built once (rules are loaded once and kept)."""
    known = _GRAMMARS.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    built = _build(rules)
    _GRAMMARS[id(rules)] = (rules, built)
    return built


def _build(rules: Rules) -> Grammar:
    written = set(rules.org_heads) | set(rules.body_heads)
    written |= {h[0] + h[1:].lower() for h in written if not h[1:2].isupper()}  # "Ủy ban kiểm tra Huyện ủy"
    heads = sorted(written, key=len, reverse=True)
    head = "|".join(re.escape(h) for h in heads)
    names = "|".join(re.escape(n).replace(r"\ \-\ ", r"\s*[-–,]\s*").replace(r",\ ", r"\s*[-–,]\s*")
                     for n in sorted(rules.long_names, key=len, reverse=True))
    cap = rf"(?:[{UPPER}][{LOWER}]*|[{UPPER}Đ&]{{2,}}(?:[&\-][{UPPER}Đ]+)*|\d+)(?![\w&])"
    word = rf"{cap}(?:\s+(?!{rules.stop_words})[{LOWER}]+(?![\w&])){{0,2}}"
    proper = rf"(?:{names}|{word}(?:(?:\s+|\s*(?:\s-\s|\s–\s|\svà\s|&)\s*){word}){{0,5}})"
    level = (r"(?:tỉnh|thành phố|TP\.?|huyện|quận|Quận|thị xã|xã|phường|Phường|thị trấn|cấp xã|cấp huyện|cấp tỉnh)"
             r"(?!\s+ủy)(?!\w)")
    place = rf"(?:\s+{level}(?:\s+(?!{rules.stop_words}){cap}(?:\s+{cap}){{0,3}})?|\s+(?:{rules.place_names}))"
    steering = rf"(?:\s+(?!{rules.steering_stops})[\w&\-/]+){{1,10}}"
    one = rf"(?:{head})(?:\s+\([{UPPER}Đ&\-]+\))?(?:\s+{proper})?{place}?"
    org = (rf"(?P<org>(?:Ban Chỉ đạo|Ban chỉ đạo|BCĐ){steering}"
           rf"|{one}(?:\s+(?:của\s+)?(?:{'|'.join(re.escape(h) for h in rules.parent_heads)}){place}?)?)")
    return Grammar(re.compile(org), re.compile(level))


def _trim(name: str, rules: Rules) -> str:
    """A body's name without a stop word at its end or the person named right after it ("… của Ban Bí thư Trung
    ương Đảng Lê Minh Khái": a family name and two or three more capitalised syllables, not a known place)."""
    name = re.sub(r"\s+(?:" + rules.stop_words + r")$", "", name)
    tokens = name.split(" ")
    for k in (4, 3):
        tail = tokens[-k:]
        if len(tokens) > k + 1 and tail[0] in rules.family_names and all(t[:1].isupper() for t in tail) \
                and " ".join(tail) not in rules.places and " ".join(tail[-2:]) not in rules.places:
            name = " ".join(tokens[:-k])
            break
    return name.strip(" ,-–")


def org_at(text: str, pos: int, rules: Rules) -> re.Match[str] | None:
    """The body that starts at ``pos`` of ``text`` (tones already new), if any."""
    return grammar(rules).org.match(text, pos)


def _plural(text: str, end: int) -> bool:
    """"… Phường 3, 5, 12", "… các huyện": several units, not one."""
    return bool(re.match(r"\s*,\s*\d", text[end:]))


_UNIT_CUE = re.compile(r"(?<!\w)(?:làm việc với|làm việc tại|giám sát(?: trực tiếp| chuyên đề| thực tế)?"
                       r"(?: đối với| tại)?|kiểm tra(?: đối với| tại)?|đối với|tại)\s+(?=\S)", re.IGNORECASE)
_COMMUNE = re.compile(rf"(?:xã|phường|thị trấn)\s+[{UPPER}]\w*(?:\s+(?:[{UPPER}]\w*|\d+))*")


def find_unit(sents: list[Sentence], rules: Rules, headlines: int = 3) -> Body | None:
    """The one visited unit: the body after "làm việc với", "giám sát tại", "đối với", "tại" … in the text (a
    photo caption counts only among the first lines, where it is the headline); none when the text lists
    several units ("đối với các xã", "Phường 3, 5, 12")."""
    for i, sent in enumerate(sents):
        if sent.caption and i >= headlines:
            continue
        text = new_tones(sent.text)
        for cue in _UNIT_CUE.finditer(text):
            at = cue.end()
            if re.match(r"các\s|những\s|\d", text[at:]):
                if re.match(r"(?:các|những)\s+(?:xã|phường|huyện|quận|đơn vị|sở|tỉnh|cơ quan|chi|đảng bộ)",
                            text[at:]):
                    return None
                continue
            m = org_at(text, at, rules)
            if m is None:
                m = _COMMUNE.match(text, at)
                if m is None or "tại" not in cue.group(0).lower() or i >= headlines:
                    continue
            if _plural(text, m.end()):
                return None
            name = _trim(sent.text[m.start():m.end()], rules)
            short = re.sub(r"^Ban Thường vụ\s+", "", name)
            head = rules.org_re.match(short)
            kind = rules.org_heads.get(name[:len("Ban Thường vụ ") + head.end()] if short != name and head
                                       else "") or (rules.org_heads.get(head.group(0)) if head else None)
            place = short[head.end():].strip() if head else ""
            return Body(sent.start + m.start(), sent.start + m.start() + len(name), sent, 0.85 if place else 0.6,
                        name, kind, short if short != name else None, place or None)
    return None


_DELEGATION = re.compile(r"(?<!\w)(?:Đoàn|Tổ|đoàn|tổ)\s+(?:giám sát|kiểm tra|công tác|Giám sát|Kiểm tra|Công tác)"
                         r"(?:\s+(?:số\s+)?\d+)?")
_PURPOSE = re.compile(r"(?:\s+(?!của|việc|kết quả|về|có|gồm|đã|sẽ|đến|do|tiến hành|làm việc|ngày)[^\s\d,.;:]+|,(?=\s))"
                      r"{1,12}?(?=\s+của\s)")
_BARE_END = re.compile(r"\s*(?:[,.;:(]|$|có|gồm|do|đã|sẽ|đến|tiến hành|làm việc|tổ chức|ghi nhận|đề nghị)")
_LEVEL_ISSUER = re.compile(r"\s+của\s+((?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)(?:\s+[A-ZĐ]\w*)*)(?=[\s,.;:]|$)")


def find_delegation(sents: list[Sentence], rules: Rules) -> Body | None:
    """The delegation: "Đoàn giám sát/kiểm tra/công tác [số N] [… của BODY]" (also "Tổ giám sát"); the most
    precise mention wins (a number and an issuer over a bare "Đoàn giám sát"), never the clause after it."""
    best: tuple[float, Body] | None = None
    for i, sent in enumerate(sents):
        text = new_tones(sent.text)
        for m in _DELEGATION.finditer(text):
            name_end = m.end()
            rest = text[name_end:]
            purpose = _PURPOSE.match(text, name_end)
            if purpose is not None and not rules.speech_re.search(purpose.group(0)):
                name_end = purpose.end()
            dated = re.match(r"\s+ngày\s+[\d/\-]+(?=\s+của\s)", text[name_end:])
            skip = dated.end() if dated else 0
            issuer = re.match(r"\s+(?:của\s+)", text[name_end + skip:])
            if issuer:
                issuer_at = name_end + skip + issuer.end()
            org = org_at(text, issuer_at, rules) if issuer else None
            level = _LEVEL_ISSUER.match(text, name_end) if issuer and org is None else None
            if org is None and not issuer:
                org = org_at(text, name_end + 1, rules) if text[name_end:name_end + 1] == " " else None
                if org is not None and not re.match(r"\s*(?:HĐND|Hội đồng|UBND|Ủy ban|MTTQ)", text[org.start():]):
                    org = None
            number = re.search(r"\d", m.group(0)) is not None
            if org is None and not level and not number and not _BARE_END.match(rest):
                continue
            name = sent.text[m.start():name_end].strip()
            if name[0].islower():
                name = name[0].upper() + name[1:]
            issuing = _trim(sent.text[org.start():org.end()], rules) if org is not None else (
                level.group(1) if level else None)
            score = (2 if issuing else 0) + (1 if number else 0) + (0 if sent.caption else 0.5) - i * 0.001
            body = Body(sent.start + m.start(), sent.start + (org.end() if org else name_end), sent,
                        0.9 if issuing else 0.7, name, issuing_body=issuing)
            if best is None or score > best[0]:
                best = (score, body)
    return best[1] if best else None


_HOLDS = re.compile(r"\s+(?:đã\s+|vừa\s+)?(?:tổ chức|họp|ban hành|tiến hành|giám sát|kiểm tra|thông báo|vừa có|"
                    r"tập trung|tổng hợp|đến giám sát|triển khai|có buổi)(?!\w)")
_SPEAKS = re.compile(r"\s+(?:đánh giá cao|đề nghị|yêu cầu|ghi nhận|kết luận|chủ trì)(?!\w)")
_MEETING_OF = re.compile(r"(?:cuộc họp|họp|phiên họp|Hội nghị|hội nghị)\s+(?=Ban|BCĐ|Thường trực|Ủy ban)")
_LEAD = re.compile(r"^(?:(?:Sáng|Chiều|Tối|Trưa)?\s*(?:ngày\s+)?[\d/\-]+(?:\s+tháng\s+\d+\s+năm\s+\d+)?"
                   r"(?:\s+tại\s+[^,]*?(?=\s+[" + UPPER + r"]))?,?\s+|[^,]{3,40},\s+)")


def find_convening(sents: list[Sentence], rules: Rules) -> Body | None:
    """Who holds a session without a delegation: a body that is the subject of the first sentences ("Thường trực
    HĐND tỉnh tổ chức cuộc họp", "BCH Đảng bộ xã đã tổ chức họp") or whose meeting it is ("cuộc họp Ban Chỉ đạo …")."""
    for sent in sents[:8]:
        text = new_tones(sent.text)
        lead = _LEAD.match(text)
        clauses = [c.end() for c in re.finditer(r",\s+", text[:160])]  # "Làm việc với …, Thường trực HĐND tỉnh …"
        for at in ([lead.end()] if lead else []) + [0] + clauses:
            m = org_at(text, at, rules)
            if m is not None and (_HOLDS.match(text, m.end()) or at and _SPEAKS.match(text, m.end())):
                name = _trim(sent.text[m.start():m.end()], rules)
                return Body(sent.start + m.start(), sent.start + m.start() + len(name), sent, 0.7, name)
        for meeting in _MEETING_OF.finditer(text):
            m = org_at(text, meeting.end(), rules)
            if m is not None:
                name = _trim(sent.text[m.start():m.end()], rules)
                return Body(sent.start + m.start(), sent.start + m.start() + len(name), sent, 0.7, name)
    return None


_KINDS = (("other", re.compile(r"tiếp xúc cử tri|với cử tri|[Cc]ử tri kiến nghị")),
          ("review_meeting", re.compile(r"(?<!kỳ )(?<!phiên )(?<!\w)(?:họp|giao ban|sơ kết|tổng kết|[Hh]ội nghị)"
                                        r"(?!\w)")),
          ("hearing", re.compile(r"(?<!\w)(?:giải trình|chất vấn)(?!\w)")),
          ("survey", re.compile(r"(?<!\w)khảo sát(?!\w)")),
          ("inspection", re.compile(r"(?<!\w)kiểm tra(?!\w)", re.IGNORECASE)))


def session_kind(text: str, delegation: Body | None, unit: Body | None) -> str:
    """supervision / inspection / review_meeting / survey / hearing / other (``VisitKind`` values), from what
    the text says: the delegation's own word first ("Đoàn kiểm tra"), a working visit to one unit, a meeting,
    a hearing, a survey; a supervision when nothing else is said."""
    if _KINDS[0][1].search(text[:400]) or "Cử tri kiến nghị" in text:
        return "other"
    if delegation is not None:
        word = delegation.name.lower()
        if "kiểm tra" in word:
            return "inspection"
        if "giám sát" in word:
            return "supervision"
    if unit is not None and re.search(r"làm việc (?:với|tại)", text):
        return "supervision"
    for kind, pattern in _KINDS[1:4]:
        if delegation is None and pattern.search(text):
            return kind
    first = min(((m.start(), k) for k, p in _KINDS[4:] for m in [p.search(text)] if m), default=None)
    supervision = re.search(r"giám sát", text, re.IGNORECASE)
    if first is not None and (supervision is None or first[0] < supervision.start()):
        return first[1]
    return "supervision"
