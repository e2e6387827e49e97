"""People named in the text: "TITLE … NAME" and "NAME, TITLE", with their organisation and delegation role."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ssdesk.drafting.rules import CAP_RUN, Rules
from ssdesk.drafting.text import Sentence

MAX_TITLE_WORDS = 14
_SEP_AFTER = re.compile(r"^\s*(?:,|\(|[-–—]\s)\s*")


@dataclass
class Mention:
    key: str
    name: str
    start: int            # the name in the normalised text
    end: int
    span_start: int       # titles before the name included
    span_end: int         # titles after it included
    titles: list[str]
    role: str | None
    role_text: str | None
    honorific: bool
    sentence: Sentence


@dataclass
class PersonDraft:
    key: str
    name: str
    titles: list[str] = field(default_factory=list)
    organisation: str | None = None
    role: str | None = None
    role_text: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    side: str = "invited"

    @property
    def title(self) -> str | None:
        return ", ".join(self.titles) or None

    @property
    def first(self) -> Mention:
        return self.mentions[0]


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _name_in_run(tokens: list[str], rules: Rules) -> tuple[int, int] | None:
    """Where in a run of capitalised syllables a personal name is (token indexes), if anywhere."""
    lo = 0
    progress = True
    while progress:  # strip place names in front ("Hoàng Mai Nguyễn Xuân Phong")
        progress = False
        for k in range(min(rules.max_place_words, len(tokens) - lo), 1, -1):
            if " ".join(tokens[lo:lo + k]) in rules.places:
                lo += k
                progress = True
                break
    n = len(tokens)
    starts = [i for i in range(lo, n) if tokens[i] in rules.family_names and 2 <= n - i <= 4]
    if not starts:
        return None
    starts.sort(key=lambda i: ({3: 0, 4: 1, 2: 2}[n - i], i))
    i = starts[0]
    if " ".join(tokens[i:]) in rules.places:
        return None
    return i, n


def _titles_before(prefix: str, rules: Rules) -> tuple[list[str], int] | None:
    """Title segments right before a name; returns them and where the first starts in ``prefix``."""
    segments = prefix.split(",")
    last = segments[-1]
    m = rules.title_re.search(last)
    if m is None:
        return None
    tail = last[m.start():]
    if len(tail.split()) > MAX_TITLE_WORDS or re.search(r"[.;:!?“”\"]", tail):
        return None
    titles = [tail.strip()]
    offsets, pos = [], 0
    for seg in segments:
        offsets.append(pos)
        pos += len(seg) + 1
    start = offsets[-1] + m.start()
    for i in range(len(segments) - 2, -1, -1):
        seg = segments[i]
        text = seg.strip()
        if not text or rules.title_re.match(text) is None or len(text.split()) > MAX_TITLE_WORDS \
                or re.search(r"[.;:!?“”\"]", text):
            break
        titles.insert(0, text)
        start = offsets[i] + len(seg) - len(seg.lstrip())
    return titles, start


def _titles_after(after: str, rules: Rules) -> tuple[list[str], int]:
    """Title segments right after a name (", Trưởng Đoàn …"); returns them and how many characters they take."""
    titles: list[str] = []
    pos = 0
    while True:
        sep = _SEP_AFTER.match(after[pos:])
        if sep is None:
            break
        rest = after[pos + sep.end():]
        m = re.match(r"[^,;:.)!?]+", rest)
        if m is None:
            break
        seg = m.group(0).strip()
        if rules.title_re.match(seg) is None or len(seg.split()) > MAX_TITLE_WORDS:
            break
        titles.append(seg)
        pos += sep.end() + m.end()
        if after[pos:pos + 1] == ")":
            pos += 1
    return titles, pos


def find_mentions(text: str, sents: list[Sentence], rules: Rules) -> list[Mention]:
    out: list[Mention] = []
    for sent in sents:
        for run in CAP_RUN.finditer(sent.text):
            tokens = run.group(0).split(" ")
            where = _name_in_run(tokens, rules)
            if where is None:
                continue
            i, n = where
            rel_start = run.start() + sum(len(t) + 1 for t in tokens[:i])
            rel_end = run.end()
            name = " ".join(tokens[i:n])
            prefix = sent.text[:rel_start]
            before = _titles_before(prefix, rules)
            honorific = bool(re.search(rf"(?:{rules.honorific_re.pattern})\s*$", prefix))
            after, after_len = _titles_after(sent.text[rel_end:], rules)
            titles: list[str] = []
            span_start = rel_start
            if before and not honorific:
                titles, span_start = before
            titles = titles + after
            role = role_text = None
            kept = []
            for t in titles:
                m = rules.role_re.match(t)
                if m is not None:
                    role, role_text = rules.roles[m.group(0)], t
                else:
                    kept.append(t)
            out.append(Mention(name_key(name), name, sent.start + rel_start, sent.start + rel_end,
                               sent.start + span_start, sent.start + rel_end + after_len, kept, role, role_text,
                               honorific, sent))
    return out


def _organisation(titles: list[str], rules: Rules) -> str | None:
    for t in titles:
        if rules.rank_re.fullmatch(t):
            continue
        m = rules.title_re.match(t)
        rest = t[m.end():].strip() if m else ""
        if rest:
            return rest
    return None


def complete_org(org: str | None, text: str, rules: Rules, names: set[str]) -> str | None:
    """"Thành ủy" → "Thành ủy Hà Nội" when the text names it so somewhere."""
    if not org:
        return org
    for m in re.finditer(re.escape(org) + r" (" + CAP_RUN.pattern + ")", text):
        tokens = m.group(1).split(" ")
        for k in range(min(len(tokens), rules.max_place_words), 0, -1):
            if " ".join(tokens[:k]) in rules.places:
                return f"{org} {' '.join(tokens[:k])}"
        if tokens[0] not in rules.family_names and name_key(m.group(1)) not in names:
            return f"{org} {tokens[0]}" if len(tokens) == 1 else None
    return org


def gather_people(text: str, mentions: list[Mention], rules: Rules) -> list[PersonDraft]:
    """One person per name: titled (or introduced) mentions make a person; bare ones add to a known person."""
    people: dict[str, PersonDraft] = {}
    for m in mentions:
        if m.titles or m.role or m.honorific:
            p = people.setdefault(m.key, PersonDraft(m.key, m.name))
            if len(", ".join(m.titles)) > len(", ".join(p.titles)):
                p.titles = m.titles
            if m.role and not p.role:
                p.role, p.role_text = m.role, m.role_text
    for m in mentions:
        if m.key in people:
            people[m.key].mentions.append(m)
    names = set(people)
    for p in people.values():
        p.organisation = complete_org(_organisation(p.titles, rules), text, rules, names)
    return sorted(people.values(), key=lambda p: p.first.start)
