"""Facts of the session: when, who supervises whom, documents cited, and the figures reported."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ssdesk.drafting.rules import UPPER, Rules
from ssdesk.drafting.text import Sentence, parse_number

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE = re.compile(rf"(?<![\w/.,\-–])({NUM})(?:/({NUM}))?(?:(?![\w/])|(?=(?:ha|km|m2|kg|tấn)(?!\w)))")
_DOC = re.compile(r"(?<![\w/])(\d+ ?[-–] ?[A-ZĐa-zđ]+(?:/[A-ZĐ]+)+|\d+/(?:\d{4}/)?[A-ZĐ]+(?:[-–] ?[A-ZĐ]+)+)(?![\w/])")
#: A day written with dashes ("Sáng 16-7", "Ngày 19 - 12", "ngày 25-10-2017") only after a word that dates it: bare,
#: "3-4 đơn vị" is a range.
_DASHED = r"(?:ngày|sáng|chiều|tối|trưa)\s+(?:ngày\s+)?(\d{1,2}) ?- ?(\d{1,2})"
_FULL_DATE = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\w/])|ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})"
                        rf"|(?<!\w){_DASHED}-(\d{{4}})(?![\w/-])", re.IGNORECASE)
_SHORT_DATE = re.compile(rf"(?<![\w/])(?:ngày\s+)?(\d{{1,2}})/(\d{{1,2}})(?![\w/])|(?<!\w){_DASHED}(?![\w/-])",
                         re.IGNORECASE)
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})/(\d{4})|(\d{1,2})/(\d{1,2})/(\d{4})|tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
                         re.IGNORECASE)
#: "năm 2020": the year a text is about, when it dates no month.
_YEAR = re.compile(r"(?<!\w)năm\s+(\d{4})(?!\d)", re.IGNORECASE)
#: A web page's own stamp ("Ngày đăng 03/11/2023 | 10:20", "Cập nhật: …"): when it was published, not held.
_STAMP = re.compile(r"(?:ngày\s+đăng|đăng\s+ngày|đăng\s+lúc|cập\s+nhật|thời\s+gian\s+đăng|posted|updated)\s*:?\s*$",
                    re.IGNORECASE)
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
        found = [d for d in (*_FULL_DATE.finditer(sent.text), *_SHORT_DATE.finditer(sent.text))
                 if not _document_date(sent.text, d) and not _STAMP.search(sent.text[max(0, d.start() - 30):d.start()])]
        m = min(found, key=lambda d: d.start()) if found else None  # the first date said, written either way
        full = m if m is not None and m.re is _FULL_DATE else None
        if m is None or re.search(r"tháng\s*$", sent.text[:m.start()], re.IGNORECASE):
            continue
        if full:
            g = [x for x in m.groups() if x is not None]
            day, month, year = int(g[0]), int(g[1]), int(g[2])
            inferred = False
        else:
            g = [x for x in m.groups() if x is not None]
            day, month = int(g[0]), int(g[1])
            year, inferred = _infer_year(text, month, today), True
        try:
            date = dt.date(year, month, day)
            if inferred and date > today:  # a year left out is never one still to come: a report tells what was
                date = dt.date(year - 1, month, day)
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


def _document_date(text: str, m: re.Match[str]) -> bool:
    """The date of a document cited ("Nghị quyết số 14/2014/NQ-HĐND ngày 10/12/2014 của HĐND tỉnh"), not of the
    session: right after a document number, or followed by who issued it."""
    return bool(_DOC.search(text[max(0, m.start() - 30):m.start()]) or re.match(r",?\s+của\s", text[m.end():]))


def _infer_year(text: str, month: int, today: dt.date) -> int:
    """The year of "27/2": after the latest month the text reports on ("đến tháng 12/2023" → 2024)."""
    latest: tuple[int, int] | None = None
    for m in _MONTH_YEAR.finditer(text):
        if m.group(1):
            y, mo = int(m.group(2)), int(m.group(1))
        elif m.group(4):
            y, mo = int(m.group(5)), int(m.group(4))
        else:  # "tháng 11 năm 2020"
            y, mo = int(m.group(7)), int(m.group(6))
        if 1 <= mo <= 12 and y <= today.year and (latest is None or (y, mo) > latest):
            latest = (y, mo)
    if latest is None:
        # no month dated: the year the text names most ("năm 2020"), not one still to come; else the last such day
        # up to today (a report tells what was). Today's year had put a session of 2020 in the future.
        years = [int(y) for y in _YEAR.findall(text) if 1990 <= int(y) <= today.year]
        if years:
            return max(set(years), key=lambda y: (years.count(y), y))
        return today.year if month <= today.month else today.year - 1
    return latest[0] + 1 if month < latest[1] else latest[0]


def find_documents(sents: list[Sentence], rules: Rules) -> list[Document]:
    docs: dict[str, Document] = {}
    for sent in sents:
        for m in _DOC.finditer(sent.text):
            number = re.sub(r"\s", "", m.group(1)).replace("–", "-")  # "56/2016/NQ- HĐND", "19 - NQ/TW"
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


def clean_clause(clause: str, rules: Rules) -> str:
    """A clause stripped of qualifiers, trailing label words and leading connectives: the label of a figure (shared
    by the facts and the figures of a draft, so both name a figure the same way)."""
    clause = rules.qualifier_re.sub("", clause).strip()
    return _LEAD.sub("", rules.label_tail_re.sub("", clause).strip()).strip()


def _label(before: str, after: str, unit: str, prev: str | None, rules: Rules, last: str | None = None) -> str:
    """What a figure measures: the clause before it, else the words after it, else the figure before it.

    ``last``: the label of the figure before in the sentence; when the words before this one are the end of that
    label ("76 ý kiến … lĩnh vực kinh tế, 03 ý kiến … lĩnh vực pháp chế và 05 …"), they describe that one."""
    clause = re.split(r"[,;:(]|\s[-–]\s", before)[-1]
    verbs = list(rules.speech_re.finditer(clause))
    if verbs:
        clause = clause[verbs[-1].end():]
    cleaned = clean_clause(clause, rules)
    if last and cleaned and last.lower().endswith(cleaned.lower()):
        clause = cleaned = ""
    money = unit.endswith("đồng")
    if prev and money:
        return f"{prev} – {cleaned or 'kinh phí'}"
    if len(cleaned.split()) >= 2:
        return cleaned
    after = _ADMIN_LIST.sub("", after)  # "579/579 xã, phường đạt …": the list of what is counted, then the words
    ctx = re.split(r"[,;:.()]|(?<!so)\s(?:và|với)\s(?!vượt)", after)[0]
    ctx = rules.label_tail_re.sub("", ctx).strip()
    raw = _LEAD.sub("", rules.qualifier_re.sub("", clause).strip()).strip()
    if ctx:
        return " ".join(w for w in (raw, "" if unit == "%" else unit, ctx) if w)
    if prev:
        return f"{prev} – {cleaned or unit}"
    return " ".join(w for w in (raw, "" if unit == "%" else unit) if w)


_ADMIN_LIST = re.compile(r"^(?:,\s*(?:xã|phường|thị trấn|quận|huyện|thị xã|thành phố))+")
#: Labels that say nothing of what is measured ("Năm", "Chiếm"): the figure before it, in the same sentence, does.
_EMPTY_LABEL = re.compile(r"^(?:năm|tháng|quý|chiếm|đạt|tỷ lệ|trong đó|kế hoạch|bằng|khoảng)(?:\s+(?:năm|tháng|quý|"
                          r"kế hoạch|\d+))*$", re.IGNORECASE)
_SIGN = re.compile(r"(?<!\w)(tăng|giảm)(?:\s+(?:thêm|hơn|trên|gần|khoảng|được))?\s*$", re.IGNORECASE)
_NAMED = re.compile(r"(?<!\w)(?:Quận|Phường|Xã|Khu|Tổ|Đội|Đoàn|Kỳ|Khóa|Khoá|Lần|Số|Điều|Khoản|Chương|Mục|Đợt)\s*$")
_JOINED = re.compile(r"^\s*(?:và|,)\s*$")
_GENERIC = re.compile(r"^(?:kết quả|thực hiện|trong đó|riêng|đạt|đã đạt)(?!\w)", re.IGNORECASE)
_BREAKDOWN = re.compile(rf"(?<![\w/.,])({NUM})(?=\s*(?:[,;.)]|\s+và\s|$))")


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` is inside one of ``spans`` (sorted, not overlapping): a bisection, so that a long text's
    many document numbers do not make every figure look through all of them."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _found(sent: Sentence, rules: Rules, skip: list[tuple[int, int]]) -> list[tuple[re.Match[str], str, int]]:
    """The numbers of a sentence that count or measure something: (match, measure, end of the measure)."""
    found = []
    for m in _FIGURE.finditer(sent.text):
        if _inside(skip, sent.start + m.start()):
            continue
        measure = rules.measure_re.match(sent.text, m.end())
        unit, end = (measure.group(1), measure.end()) if measure else ("", m.end())
        counted = rules.classifier_re.match(sent.text, m.end())
        if counted is not None:  # "9 con bò", "1.263 phần quà": the classifier and what it counts
            unit, end = counted.group(1), counted.end()
        if not unit:
            continue
        last_word = re.search(r"(\w+)\s*$", sent.text[:m.start()])
        if last_word and rules.not_measure_re.fullmatch(last_word.group(1)):
            continue
        if re.search(r"\d\s*[-–]\s*$", sent.text[:m.start()]) or _NAMED.search(sent.text[:m.start()]):
            continue  # "2016 - 2020"; "Quận 2", "Phường 3": part of a name
        if unit in rules.admin_measures and re.match(rf"\s+[{UPPER}]", sent.text[end:]):
            continue  # "2 xã Tự Do, Ngọc Động": names the communes, counts nothing
        found.append((m, unit, end))
    return found


def _breakdown(sent: Sentence, found: list[tuple[re.Match[str], str, int]],
               skip: list[tuple[int, int]]) -> list[tuple[re.Match[str], str, int]]:
    """"… gồm 98 mô hình, trong đó mô hình lĩnh vực A 54, lĩnh vực B 44": the bare numbers after a figure that
    break it down count the same thing."""
    if not found:
        return found
    out = list(found)
    for k, (_m, unit, end) in enumerate(found):
        tail = sent.text[end:]
        if not re.match(r"[\s,]*(?:trong đó|gồm|bao gồm)(?!\w)", tail):
            continue
        until = found[k + 1][0].start() if k + 1 < len(found) else len(sent.text)
        for b in _BREAKDOWN.finditer(sent.text, end, until):
            if any(x[0].start() == b.start() for x in out) or _inside(skip, sent.start + b.start()):
                continue
            if not re.search(r"[^\W\d_]\s*$", sent.text[:b.start()]):
                continue
            out.append((b, unit, b.end()))
    return sorted(out, key=lambda x: x[0].start())


def _same(a: Figure, b: Figure) -> bool:
    """The same figure said twice (a headline and its paragraph, a summary repeating a count)."""
    if a.reported != b.reported or a.note != b.note:
        return False
    wa, wb = set(a.label.lower().split()), set(b.label.lower().split())
    return not wa or not wb or len(wa & wb) >= 0.5 * max(len(wa), len(wb))


def find_figures(sents: list[Sentence], rules: Rules, skip: list[tuple[int, int]]) -> list[Figure]:
    """The figures reported: a number with what it counts ("1.263 phần quà", "94,1%", "8.338,4ha"), labelled by
    the words before it, signed when the text says it rose or fell ("tăng 230 tổ chức và 124 đảng viên"), each
    said once."""
    skip = sorted(skip)
    out: list[Figure] = []
    said: dict[tuple[str, str | None], list[Figure]] = {}  # by what was reported: a repeat is looked up, not searched
    for sent in sents:
        if sent.caption:
            continue
        found = _breakdown(sent, _found(sent, rules, skip), skip)
        boundary = 0
        prev: str | None = None
        last: str | None = None
        last_unit: str | None = None
        sign: str | None = None
        for i, (m, unit, end) in enumerate(found):
            reported = sent.text[m.start():end].strip() if end > m.end() else f"{m.group(0)} {unit}"
            stop = end
            suffix = None
            share_of = None
            if unit == "%":
                pct = _PCT_SUFFIX.match(sent.text, end)
                stop = pct.end() if pct else end
                suffix = pct.group(0).strip() if pct else None
                counted = rules.measure_re.match(sent.text, end) if pct is None else None
                if counted is not None and counted.group(1) != "%":  # "chỉ còn 0,03% hộ nghèo": a share of them
                    share_of, stop = counted.group(1), counted.end()
            nxt = found[i + 1][0].start() if i + 1 < len(found) else len(sent.text)
            before = sent.text[boundary:m.start()]
            signed = _SIGN.search(before)
            sign = signed.group(1).lower() if signed else (sign if _JOINED.match(before) else None)
            adjacent = prev if prev is not None and not re.search(r"[,;:(]", before) else None
            qualifier = re.search(r"(hơn|trên|gần|khoảng|dưới)\s*$", before, re.IGNORECASE)
            label = _label(before, sent.text[stop:nxt], unit, adjacent, rules, last)
            empty = bool(_EMPTY_LABEL.match(label.strip()))
            if prev and empty and label.strip().lower() == "chiếm":  # "… 1,4 triệu người (chiếm 54% dân số)"
                of = f" – {last_unit}" if last_unit and len(last_unit.split()) >= 2 else ""
                label, suffix = f"{prev}{of} (tỷ lệ{' so với ' + suffix if suffix else ''})", None
            elif prev and empty and suffix:  # "…việc làm cho 42.500 lao động, đạt 26,5% kế hoạch năm"
                label, suffix = f"{prev} (so với {suffix} {label.strip().lower()})", None
            elif prev and (_GENERIC.match(label) or not label.strip() or empty):
                label = f"{prev} – {label or sent.text[boundary:stop].strip(' ,;')}"
            if share_of and share_of.lower() not in label.lower():
                label = f"Tỷ lệ {share_of}" + (f" – {label}" if label.strip() else "")
            if suffix and suffix != "dân số" and suffix.lower() not in label.lower():
                label = f"{label} (so với {suffix})" if label else suffix
            target = None
            denominator = m.group(2) if m.re.groups >= 2 else None
            if denominator is not None and unit != "chỉ tiêu":
                target = f"{denominator} {unit}".replace(" %", "%")
            conf = 0.9 if len(label.split()) >= 2 else 0.6
            label = label[:1].upper() + label[1:]
            note = " ".join(w for w in (sign, qualifier.group(1) if qualifier else None) if w) or None
            figure = Figure(sent.start + m.start(), sent.start + end, sent, conf, label, reported,
                            parse_number(m.group(1)), unit, target, note)
            same_value = said.setdefault((figure.reported, figure.note), [])
            if not any(_same(f, figure) for f in same_value):
                same_value.append(figure)
                out.append(figure)
            boundary, prev, last, last_unit = stop, label.split(" – ")[0], label, unit
    return out


def programme_of(docs: list[Document]) -> Document | None:
    programmes = [d for d in docs if d.kind and d.kind.startswith("Chương trình")]
    if not programmes:
        return None
    counts = Counter({d.number: d.count for d in programmes})
    top = max(counts.values())
    return next(d for d in programmes if counts[d.number] == top)
