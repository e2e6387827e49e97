"""Facts of the session: when, who supervises whom, documents cited, and the figures reported."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ssdesk.drafting.rules import CAP_RUN, Rules
from ssdesk.drafting.text import Sentence, parse_number

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE = re.compile(rf"(?<![\w/.,\-–])({NUM})(?:/({NUM}))?(?![\w/])")
_DOC = re.compile(r"(?<![\w/])(\d+[-–][A-ZĐa-zđ]+(?:/[A-ZĐ]+)+|\d+/(?:\d{4}/)?[A-ZĐ]+(?:-[A-ZĐ]+)+)(?![\w/])")
_FULL_DATE = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\w/])|ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})",
                        re.IGNORECASE)
_SHORT_DATE = re.compile(r"(?<![\w/])(?:ngày\s+)?(\d{1,2})/(\d{1,2})(?![\w/])", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})/(\d{4})|(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
_CLOCK = re.compile(r"(?<!\w)(\d{1,2})\s*(?:h|giờ|:)\s*(\d{2})?(?:\s*phút)?(?![\w/])", re.IGNORECASE)
_PLACE = re.compile(r"(?<!\w)tại\s+((?:Trụ sở|Hội trường|Phòng họp|trụ sở|hội trường|phòng họp)[^,.;\n]*)")
_QUOTED_TITLE = re.compile(r"^\s*(?:của [^“\"\n]{0,60}?)?\s*về\s*[“\"]([^”\"\n]+)[”\"]")


@dataclass
class Found:
    start: int
    end: int
    sentence: Sentence
    confidence: float


@dataclass
class When(Found):
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str | None
    year_inferred: bool


@dataclass
class Document(Found):
    number: str
    kind: str | None
    title: str | None
    count: int = 1

    @property
    def label(self) -> str:
        words = f"{self.kind} số {self.number}" if self.kind else self.number
        return f"{words} về “{self.title}”" if self.title else words


@dataclass
class Figure(Found):
    label: str
    reported: str
    value: float | None
    unit: str | None
    target: str | None
    note: str | None


@dataclass
class Body(Found):
    name: str
    kind: str | None = None
    short_name: str | None = None
    place: str | None = None
    issuing_body: str | None = None


def _sentence_at(sents: list[Sentence], pos: int) -> Sentence:
    for s in sents:
        if s.start <= pos < s.end:
            return s
    return sents[-1]


def find_when(text: str, sents: list[Sentence], rules: Rules, today: dt.date) -> When | None:
    """The session's date and time: the first dated sentence; a year left out is inferred from the text."""
    for sent in sents[:40]:
        full = _FULL_DATE.search(sent.text)
        short = None if full else _SHORT_DATE.search(sent.text)
        m = full or short
        if m is None or re.search(r"tháng\s*$", sent.text[:m.start()], re.IGNORECASE):
            continue
        if full:
            g = [x for x in m.groups() if x is not None]
            day, month, year = int(g[0]), int(g[1]), int(g[2])
            inferred = False
        else:
            day, month = int(m.group(1)), int(m.group(2))
            year, inferred = _infer_year(text, month, today), True
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        clock = [c for c in _CLOCK.finditer(sent.text) if int(c.group(1)) < 24 and (c.group(2) or "00") < "60"]
        times = [dt.time(int(c.group(1)), int(c.group(2) or 0)) for c in clock]
        if not times:
            word = re.search(r"(?<!\w)(" + "|".join(rules.times) + r")(?!\w)", sent.text, re.IGNORECASE)
            hh, mm = (rules.times[word.group(1).lower()] if word else "08:00").split(":")
            times = [dt.time(int(hh), int(mm))]
        starts = dt.datetime.combine(date, times[0])
        ends = dt.datetime.combine(date, times[1]) if len(times) > 1 and times[1] > times[0] else None
        place = _PLACE.search(sent.text)
        conf = 0.6 if inferred else 0.95
        return When(sent.start + m.start(), sent.start + m.end(), sent, conf, starts, ends,
                    place.group(1).strip() if place else None, inferred)
    return None


def _infer_year(text: str, month: int, today: dt.date) -> int:
    """The year of "27/2": after the latest month the text reports on ("đến tháng 12/2023" → 2024)."""
    latest: tuple[int, int] | None = None
    for m in _MONTH_YEAR.finditer(text):
        y, mo = (int(m.group(2)), int(m.group(1))) if m.group(1) else (int(m.group(5)), int(m.group(4)))
        if 1 <= mo <= 12 and (latest is None or (y, mo) > latest):
            latest = (y, mo)
    if latest is None:
        return today.year
    return latest[0] + 1 if month < latest[1] else latest[0]


def find_documents(sents: list[Sentence], rules: Rules) -> list[Document]:
    docs: dict[str, Document] = {}
    for sent in sents:
        for m in _DOC.finditer(sent.text):
            number = m.group(1).replace("–", "-")
            before = sent.text[max(0, m.start() - 40):m.start()]
            kinds = list(rules.doc_type_re.finditer(before))
            kind = kinds[-1].group(0) if kinds and re.fullmatch(r"\s*(?:số\s*)?", before[kinds[-1].end():]) \
                else None
            title_m = _QUOTED_TITLE.match(sent.text[m.end():])
            if number in docs:
                doc = docs[number]
                doc.count += 1
                doc.kind = doc.kind or kind
                doc.title = doc.title or (title_m.group(1).strip() if title_m else None)
                continue
            docs[number] = Document(sent.start + m.start(), sent.start + m.end(), sent, 0.9 if kind else 0.7,
                                    number, kind, title_m.group(1).strip() if title_m else None)
    return list(docs.values())


_LEAD = re.compile(r"^(?:(?:và|với|cho|trong đó|đồng thời|cụ thể|ngoài ra|theo đó|có|là)(?:\s+|$))+", re.IGNORECASE)
_PCT_SUFFIX = re.compile(r"\s+(?:dân số|kế hoạch|chỉ tiêu)(?!\w)")


def _clean(clause: str, rules: Rules) -> str:
    clause = rules.qualifier_re.sub("", clause).strip()
    return _LEAD.sub("", rules.label_tail_re.sub("", clause).strip()).strip()


def _label(before: str, after: str, unit: str, prev: str | None, rules: Rules) -> str:
    """What a figure measures: the clause before it, else the words after it, else the figure before it."""
    clause = re.split(r"[,;:(]|\s[-–]\s", before)[-1]
    verbs = list(rules.speech_re.finditer(clause))
    if verbs:
        clause = clause[verbs[-1].end():]
    cleaned = _clean(clause, rules)
    money = unit.endswith("đồng")
    if prev and money:
        return f"{prev} – {cleaned or 'kinh phí'}"
    if len(cleaned.split()) >= 2:
        return cleaned
    ctx = re.split(r"[,;:.()]|(?<!so)\s(?:và|với)\s(?!vượt)", after)[0]
    ctx = rules.label_tail_re.sub("", ctx).strip()
    raw = _LEAD.sub("", rules.qualifier_re.sub("", clause).strip()).strip()
    if ctx:
        return " ".join(w for w in (raw, "" if unit == "%" else unit, ctx) if w)
    if prev:
        return f"{prev} – {cleaned or unit}"
    return " ".join(w for w in (raw, "" if unit == "%" else unit) if w)


def find_figures(sents: list[Sentence], rules: Rules, skip: list[tuple[int, int]]) -> list[Figure]:
    out: list[Figure] = []
    for sent in sents:
        if sent.caption:
            continue
        found = []
        for m in _FIGURE.finditer(sent.text):
            a = sent.start + m.start()
            if any(s <= a < e for s, e in skip):
                continue
            measure = rules.measure_re.match(sent.text, m.end())
            if measure is None:
                continue
            last_word = re.search(r"(\w+)\s*$", sent.text[:m.start()])
            if last_word and rules.not_measure_re.fullmatch(last_word.group(1)):
                continue
            if re.search(r"\d\s*[-–]\s*$", sent.text[:m.start()]):
                continue
            found.append((m, measure))
        boundary = 0
        prev: str | None = None
        for i, (m, measure) in enumerate(found):
            unit, end = measure.group(1), measure.end()
            reported = sent.text[m.start():end].strip()
            stop = end
            if unit == "%":
                suffix = _PCT_SUFFIX.match(sent.text, end)
                stop = suffix.end() if suffix else end
            nxt = found[i + 1][0].start() if i + 1 < len(found) else len(sent.text)
            before = sent.text[boundary:m.start()]
            adjacent = prev if prev is not None and not re.search(r"[,;:(]", before) else None
            qualifier = re.search(r"(hơn|trên|gần|khoảng|dưới)\s*$", before, re.IGNORECASE)
            label = _label(before, sent.text[stop:nxt], unit, adjacent, rules)
            target = None
            if m.group(2) is not None and unit != "chỉ tiêu":
                target = f"{m.group(2)} {unit}".replace(" %", "%")
            if not label.strip() and prev:
                label = f"{prev} – {sent.text[boundary:stop].strip(' ,;')}"
            conf = 0.9 if len(label.split()) >= 2 else 0.6
            label = label[:1].upper() + label[1:]
            out.append(Figure(sent.start + m.start(), sent.start + end, sent, conf, label, reported,
                              parse_number(m.group(1)), unit, target, qualifier.group(1) if qualifier else None))
            boundary, prev = stop, label
    return out


def find_unit(text: str, sents: list[Sentence], rules: Rules) -> Body | None:
    heads = rules.org_re.pattern
    pattern = re.compile(rf"(?:làm việc với|giám sát(?: đối với)?|kiểm tra(?: đối với)?|tại)\s+((?:Ban Thường vụ\s+)?"
                         rf"(?:{heads})(?:\s+{CAP_RUN.pattern})?)")
    for sent in sents:
        m = pattern.search(sent.text)
        if m is None:
            continue
        name = m.group(1).strip()
        short = re.sub(r"^Ban Thường vụ\s+", "", name)
        head = rules.org_re.match(name) or rules.org_re.match(short)
        kind = rules.org_heads.get(head.group(0)) if head else None
        full_kind = rules.org_heads.get(name[:head.end()]) if head else None
        short_head = rules.org_re.match(short)
        place = short[short_head.end():].strip() if short_head else ""
        return Body(sent.start + m.start(1), sent.start + m.end(1), sent, 0.85 if place else 0.6, name,
                    full_kind or kind, short if short != name else None, place or None)
    return None


def find_delegation(sents: list[Sentence], rules: Rules) -> Body | None:
    words = "|".join(re.escape(w) for w in rules.delegation_words)
    pattern = re.compile(rf"(?<!\w)((?:{words})(?: số \d+| [^,.;:]*?)?)(?=\s+(?:của|đã|về|làm việc|tổ chức|họp|"
                         rf"tiến hành|do)\b|[,.;:]|$)")
    best: Body | None = None
    for sent in sents:
        for m in pattern.finditer(sent.text):
            name = m.group(1).strip()
            if name in rules.delegation_words:
                continue
            issuer = re.match(rf"\s+của\s+((?:Ban Thường vụ\s+)?(?:{rules.org_re.pattern})(?:\s+{CAP_RUN.pattern})?)",
                              sent.text[m.end():])
            body = Body(sent.start + m.start(1), sent.start + m.end(1), sent, 0.9 if issuer else 0.7, name,
                        issuing_body=issuer.group(1).strip() if issuer else None)
            if issuer:
                return body
            best = best or body
    return best


def programme_of(docs: list[Document]) -> Document | None:
    programmes = [d for d in docs if d.kind and d.kind.startswith("Chương trình")]
    if not programmes:
        return None
    counts = Counter({d.number: d.count for d in programmes})
    top = max(counts.values())
    return next(d for d in programmes if counts[d.number] == top)
