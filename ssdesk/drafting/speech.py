"""Who said what, in order; the findings in it; the chair's requests and the unit's petitions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ssdesk.drafting import acts
from ssdesk.drafting.acts import find_acts
from ssdesk.drafting.people import Mention, PersonDraft
from ssdesk.drafting.rules import Rules
from ssdesk.drafting.text import Sentence, capitalise

_DEADLINE = re.compile(r"(?:trước|chậm nhất|hạn|hoàn thành trong)\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?"
                       r"|trong tháng\s+(\d{1,2})/(\d{4})", re.IGNORECASE)
_GIAO = re.compile(r"(?<!\w)[Gg]iao(?: cho)?\s+((?:các\s+)?(?:Sở|Ban|Phòng|UBND|Ủy ban|Bảo hiểm|BHXH|Văn phòng|Công an|"
                   r"Quận ủy|Huyện ủy)[^,;.]*?)(?=\s+(?:chủ trì|phối hợp|khẩn trương|thực hiện|rà soát|xây dựng|"
                   r"hoàn thành|tham mưu|tổng hợp|nghiên cứu|đề xuất|báo cáo|triển khai|tập trung)(?!\w)|[,;.])")
_COOPERATE = re.compile(r"phối hợp với\s+([^,;.]+?)(?=\s+(?:để|nhằm|rà soát|thực hiện|hoàn thành|xây dựng|trước)"
                        r"(?!\w)|[,;.]|$)", re.IGNORECASE)


#: A request that opens with who is to do it ("UBND huyện Quỳ Hợp chỉ đạo …", "Phòng Nông nghiệp … chủ trì, phối
#: hợp với …"): that body is responsible for it (the review found such requests drafted with no one responsible).
_DOER = re.compile(r"^((?:các\s+)?(?:UBND|Ủy ban|Sở|Phòng(?!\s+(?:chống|ngừa))|Ban(?!\s+hành)|Văn phòng|Công an|BHXH|"
                   r"Bảo hiểm|Trung tâm|Chi cục|Cục|Bộ(?!\s+phận)|Quận ủy|Huyện ủy|Thị ủy|Đảng ủy|Thành ủy|Tỉnh ủy|"
                   r"HĐND|Hội đồng|Thường trực)\b[^,;.:]{0,70}?)"
                   r"(?=\s+(?:chỉ đạo|chủ trì|phối hợp|khẩn trương|thực hiện|rà soát|xây dựng|hoàn thành|tham mưu|"
                   r"tổng hợp|nghiên cứu|đề xuất|báo cáo|triển khai|tập trung|đẩy nhanh|quan tâm|bố trí|ban hành|"
                   r"kiểm tra|tăng cường|tiếp tục|sớm|cần|phải)(?!\w))")


def _doer(text: str) -> str | None:
    """Who the request opens with, when it opens with a body ("Ban hành …", "Phòng chống …" open with a verb)."""
    m = _DOER.match(text)
    return m.group(1).strip() if m else None


_NOUN_PETITIONS = re.compile(r"kiến nghị của [^,;.]{0,30}?(?:liên quan|về)(?!\w)", re.IGNORECASE)


@dataclass
class StatementDraft:
    speaker: PersonDraft
    sentences: list[Sentence] = field(default_factory=list)
    kind: str = "opinion"

    @property
    def text(self) -> str:
        out, para = "", None
        for s in self.sentences:
            if para is not None:
                out += "\n\n" if s.para != para else " "
            out += s.text
            para = s.para
        return out


@dataclass
class Item:
    kind: str            # finding kind, or "request" / "petition"
    text: str
    sentence: Sentence
    confidence: float
    responsible: str | None = None
    cooperating: str | None = None
    addressee: str | None = None  # a petition's: the body it names ("kiến nghị UBND tỉnh …")
    deadline: dt.date | None = None


#: A sentence that says who attended ("Tham dự cùng hội nghị có đồng chí …"): whoever it names does not speak in it.
_ATTENDANCE = re.compile(r"^\s*(?:cùng\s+)?(?:tham\s+dự|đến\s+dự|dự\s+(?:buổi|hội nghị|cuộc họp|phiên)"
                         r"|tham\s+gia\s+đoàn|có\s+sự\s+tham\s+dự)(?!\w)", re.IGNORECASE)


def _speaks(m: Mention, text: str, rules: Rules) -> bool:
    sent = m.sentence
    if sent.caption or _ATTENDANCE.match(sent.text):
        return False
    after = text[m.span_end:sent.end]
    if re.match(r"\s*:", after):
        return True
    head = re.match(r"[\s,]*(?:[^\s,.;:]+\s+){0,3}?", after)
    window = after[:(head.end() if head else 0) + 40]
    verb = rules.speech_re.search(window)
    if verb is not None and len(window[:verb.start()].split()) <= 3:
        return True
    return bool(re.search(r"(?:^|\s)Theo\s*$", text[sent.start:m.span_start]))


#: A sentence no one says: a section heading of the minutes, or their closing line.
_ENDS_SPEECH = re.compile(r"^(?:[IVX]{1,5}[.)](?:\s+\S|$)"
                          r"|(?:buổi làm việc|hội nghị|cuộc họp|phiên họp|buổi giám sát)\s+(?:đã\s+)?kết thúc(?!\w))",
                          re.IGNORECASE)


def _heading(sentence: str) -> bool:
    """A heading in capitals ("KẾT LUẬN", "NỘI DUNG LÀM VIỆC"): a few words, every letter a capital."""
    words = sentence.split()
    return 0 < len(words) <= 8 and sentence.isupper()


def find_statements(text: str, sents: list[Sentence], people: list[PersonDraft],
                    rules: Rules) -> list[StatementDraft]:
    first: dict[int, tuple[int, PersonDraft]] = {}  # a sentence's speaker is the first person in it who speaks
    for p in people:
        for m in p.mentions:
            known = first.get(m.sentence.start)
            if (known is None or m.start < known[0]) and _speaks(m, text, rules):
                first[m.sentence.start] = (m.start, p)
    starts = {pos: p for pos, (_at, p) in first.items()}
    out: list[StatementDraft] = []
    current: StatementDraft | None = None
    for sent in sents:
        speaker = starts.get(sent.start)
        if speaker is None and (_ENDS_SPEECH.match(sent.text) or _heading(sent.text)):
            # a section heading ("III. KẾT LUẬN", "NỘI DUNG") or the closing line ("Buổi làm việc kết thúc …"):
            # what follows is not the last speaker's (a review found both inside the statement before them)
            current = None
            continue
        if speaker is not None and (current is None or current.speaker is not speaker):
            current = StatementDraft(speaker)
            out.append(current)
        if current is not None and not sent.caption:
            current.sentences.append(sent)
    for i, st in enumerate(out):
        opening = st.sentences[0].text if st.sentences else ""
        presides = st.speaker.role == "head"
        if rules.conclusion_re.search(opening) or (presides and i == len(out) - 1):
            st.kind = "conclusion"
        elif rules.report_re.search(opening[:80]):
            st.kind = "report"
        elif st.speaker.side == "unit":
            st.kind = "explanation"
        else:
            st.kind = "opinion"
    return out


def _deadline(sentence: str, year: int) -> dt.date | None:
    m = _DEADLINE.search(sentence)
    if m is None:
        return None
    try:
        if m.group(4):
            month, y = int(m.group(4)), int(m.group(5))
            nxt = dt.date(y + month // 12, month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(int(m.group(3) or year), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _request_texts(after: str, rules: Rules) -> list[str]:
    after = re.sub(r"^[\s,:]+", "", after)
    after = rules.subject_re.sub("", after)
    parts = [p for p in rules.action_split_re.split(after) if p and len(p.split()) >= 3]
    out = []
    for part in parts:
        part = part.strip()
        cue = rules.request_re.match(part)
        if cue is not None:
            part = part[cue.end():].strip(" ,:")
        if acts.is_request_text(part, rules):
            out.append(capitalise(rules.subject_re.sub("", part)))
    return out


_NEXT_ASK = re.compile(r";\s*(?:và\s+)?(?:kiến nghị|đề nghị|đề xuất)\s+", re.IGNORECASE)


def _petitions(sent: Sentence, rules: Rules, people: dict[int, list[Mention]]) -> list[str]:
    m = rules.petition_re.search(sent.text)
    rest = sent.text[m.end():] if m else ""
    lead = rules.petition_lead_re.search(rest)
    body = rest[lead.end():] if lead else re.sub(r"^\s*(?:của [^,]*?\s)?", "", rest)
    cut = len(body)
    for mention in people.get(sent.start, ()):  # the petition ends where a person is named
        rel = mention.span_start - sent.start - (len(sent.text) - len(body))
        if 0 < rel < cut:
            cut = rel
    body = body[:cut].strip(" ,.;…")
    # "… kiến nghị HĐND tỉnh A; kiến nghị UBND tỉnh B": two petitions to two bodies, not one (drafting review)
    asks = [a.strip(" ,.;…") for a in _NEXT_ASK.split(body)]
    if len(asks) > 1:
        return [capitalise(a) for a in asks if len(a.split()) >= 2]
    pieces = [x.strip() for x in re.split(r",\s+|;\s+", body) if len(x.split()) >= 2]
    if len(pieces) > 1 and all(len(x.split()) <= 8 for x in pieces):
        return [capitalise(x) for x in pieces]
    return [capitalise(body)] if len(body.split()) >= 2 else []


def find_items(statements: list[StatementDraft], people: list[PersonDraft], rules: Rules, year: int,
               sents: list[Sentence] | None = None) -> list[Item]:
    """Requests (from the conclusion or whoever presides), petitions, then findings, in the order said; then the
    requests and petitions said anywhere else (:mod:`ssdesk.drafting.acts`)."""
    out = _statement_items(statements, people, rules, year)
    if sents is not None:
        read = {s.start for st in statements if _chairs(st) for s in st.sentences}
        read |= {i.sentence.start for i in out if i.kind in ("request", "petition")}
        found = {i.text.casefold() for i in out if i.kind in ("request", "petition")}
        for act in find_acts(sents, rules, read):
            giao = _GIAO.search(act.sentence.text)
            for t, addressee in act.texts:
                if t.casefold() in found:
                    continue
                found.add(t.casefold())
                responsible = addressee or (giao.group(1).strip() if giao else None)
                out.append(Item(act.direction, t, act.sentence, 0.6, deadline=_deadline(act.sentence.text, year),
                                responsible=responsible if act.direction == "request" else None,
                                addressee=addressee if act.direction == "petition" else None))
        taken = {i.sentence.start for i in out if i.kind in ("request", "petition")}
        out = [i for i in out if i.kind in ("request", "petition") or i.sentence.start not in taken]
        out.sort(key=lambda i: i.sentence.start)
    return out


def _chairs(st: StatementDraft) -> bool:
    return st.kind == "conclusion" or st.speaker.role == "head" or st.speaker.presides


def _statement_items(statements: list[StatementDraft], people: list[PersonDraft], rules: Rules,
                     year: int) -> list[Item]:
    out: list[Item] = []
    named: dict[int, list[Mention]] = {}  # sentence start -> the people named in it
    for p in people:
        for mention in p.mentions:
            named.setdefault(mention.sentence.start, []).append(mention)
    for st in statements:
        chair = _chairs(st)
        in_request = False
        last_para = None
        previous = ""
        listed: set[int] = set()  # sentences already read as the list after a cue ending in ":"
        for k, sent in enumerate(st.sentences):
            if sent.start in listed:
                continue
            if sent.para != last_para:
                in_request, last_para, previous = False, sent.para, ""
            said = acts.cue(sent)  # a cue that is a verb here: not "các kiến nghị", not "Ban Chỉ đạo"
            asks = said is not None and said.group("cue").lower() in ("kiến nghị", "đề xuất")
            petition = said is not None and (acts.direction(sent, said) == "petition"
                                             or asks and st.speaker.side == "unit")
            if _NOUN_PETITIONS.search(sent.text):  # "các kiến nghị của quận liên quan vấn đề A, B, …"
                out.extend(Item("petition", t, sent, 0.7) for t in _petitions(sent, rules, named))
                said = said if said is not None and not asks else None
            elif petition and (chair or st.speaker.side == "unit") and rules.petition_re.search(sent.text):
                out.extend(Item("petition", t, sent, 0.7) for t in _petitions(sent, rules, named))
                previous = sent.text
                continue
            cue = said if chair and said is not None and not petition else None
            opening = acts.LEAD_IN.sub("", sent.text)
            cont = chair and in_request and bool(rules.continuation_re.search(sent.text)
                                                 or rules.action_re.match(opening) or previous.endswith(";"))
            previous = sent.text
            if cue is not None or cont:
                if cue is not None:
                    after = sent.text[cue.end():]
                    nxt = st.sentences[k + 1] if k + 1 < len(st.sentences) else None
                    if after.rstrip().endswith(":") and nxt is not None and nxt.para == sent.para:
                        after = f"{after.rstrip()} {nxt.text}"  # "… quan tâm hơn đến các vấn đề: A, B, C."
                        listed.add(nxt.start)
                else:
                    modal = re.search(r"(?<!\w)(?:cần|phải)\s+", sent.text)
                    after = sent.text[modal.end():] if modal else opening
                giao = _GIAO.search(sent.text)
                texts = _request_texts(after, rules)
                for t in texts:
                    # who is named doing this one, else the one the sentence "giao"s it to; cooperating: said in it,
                    # or in the sentence when the sentence holds this one only
                    coop = _COOPERATE.search(t) or (_COOPERATE.search(sent.text) if len(texts) == 1 else None)
                    out.append(Item("request", t, sent, 0.8 if cue is not None else 0.6,
                                    responsible=_doer(t) or (giao.group(1).strip() if giao else None),
                                    cooperating=coop.group(1).strip() if coop else None,
                                    deadline=_deadline(t, year) or _deadline(sent.text, year)))
                in_request = True
                continue
            if said is not None or re.search(r"mong muốn", sent.text, re.IGNORECASE):
                continue
            for kind, pattern in rules.findings:
                if pattern.search(sent.text):
                    out.append(Item(kind, capitalise(sent.text), sent, 0.6))
                    break
    return out
