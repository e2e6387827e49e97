"""People named in the text: "TITLE … NAME" and "NAME, TITLE", with their organisation and delegation role."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ssdesk.abbreviations import expand
from ssdesk.drafting.rules import CAP_RUN, LOWER, UPPER, Rules
from ssdesk.drafting.text import Sentence

MAX_TITLE_WORDS = 18
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
    presides: bool = False


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
    presides: bool = False

    @property
    def title(self) -> str | None:
        return ", ".join(self.titles) or None

    @property
    def first(self) -> Mention:
        return self.mentions[0]


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _name_in_run(tokens: list[str], rules: Rules, titled: bool) -> tuple[int, int] | None:
    """Where in a run of capitalised syllables a personal name is (token indexes), if anywhere.

    A name is 2–4 syllables after any place name in front ("Hoàng Mai Nguyễn Xuân Phong"). It starts with a known
    family name, or — when a title or an honorific stands right before the run (``titled``) — with any syllable:
    the structure says it is a name even when the family name is rare ("Phó Vụ trưởng Sái Công Hồng")."""
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
    if not starts and titled and lo == 0 and 2 <= n <= 4:
        starts = [0]
    if not starts:
        return None
    starts.sort(key=lambda i: ({3: 0, 4: 1, 2: 2}[n - i], i))
    i = starts[0]
    if " ".join(tokens[i:]) in rules.places:
        return None
    return i, n


def _runs(sentence: str, rules: Rules) -> list[tuple[int, list[str]]]:
    """Capitalised runs that may hold a name, without the honorific or rank in front ("Ông", "Thiếu tướng") and
    cut where a title begins inside them ("Nguyễn Ngọc Tuấn Chủ tịch": "Chủ" starts "Chủ tịch")."""
    out = []
    for run in CAP_RUN.finditer(sentence):
        start, tokens = run.start(), run.group(0).split(" ")
        while tokens and rules.honorific_re.fullmatch(tokens[0]) and len(tokens) > 2:
            start += len(tokens[0]) + 1
            tokens = tokens[1:]
        pos = start
        for k, tok in enumerate(tokens):
            if k >= 2 and rules.title_re.match(sentence, pos):
                tokens = tokens[:k]
                break
            pos += len(tok) + 1
        out.append((start, tokens))
    return out


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
    titles = [tail.strip().rstrip(" -–").strip()]
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


def _segment(rest: str, rules: Rules) -> str:
    """One title segment at the start of ``rest``: up to a comma or stop, or a verb or predicate that ends it
    ("… Tỉnh ủy làm Trưởng đoàn", "… Huyện ủy yêu cầu", "… và các thành viên"); "(UBKT)" inside is kept."""
    m = re.match(r"(?:[^,;:.()!?“”\"]|\([A-ZĐ&\-]+\))+", rest)
    seg = m.group(0) if m else ""
    named = re.search(rf"\s[-–]\s(?=[{UPPER}]\w*(?: [{UPPER}]\w*){{1,3}}(?:\s*(?:[,.;]|và\s)|$))", seg)
    if named is not None:  # "Phó Chủ tịch UBND huyện - Liêu Văn Bùng": the title ends where the name begins
        seg = seg[:named.start()]
    title = rules.title_re.match(seg.lstrip())
    stop = rules.segment_stop_re.search(seg, (title.end() + len(seg) - len(seg.lstrip())) if title else 0)
    if stop is not None:
        seg = seg[:stop.start()]
    return seg.rstrip(" -–")


def _titles_after(after: str, rules: Rules) -> tuple[list[str], int]:
    """Title segments right after a name (", Trưởng Đoàn …", " - Tỉnh ủy viên", or an abbreviated title after a
    plain space: "Đặng Hồng Thanh PBT- CT HĐND xã"); returns them and how many characters they take."""
    titles: list[str] = []
    pos = 0
    while True:
        sep = _SEP_AFTER.match(after[pos:])
        if sep is None:
            sep = re.match(r" (?=[A-ZĐ]{2,})", after[pos:]) if not titles else None
            if sep is None or not rules.short_title_re.match(after, pos + sep.end()):
                break
        rest = after[pos + sep.end():]
        seg = _segment(rest, rules).strip()
        if not seg or rules.title_re.match(seg) is None or len(seg.split()) > MAX_TITLE_WORDS:
            break
        end = pos + sep.end() + len(_segment(rest, rules))
        if _NEXT_NAMED.match(after, end):
            break  # "…, Phó Chủ tịch UBND huyện - Liêu Văn Bùng": that title is the next person's
        titles.append(seg)
        pos = end
        while after[pos:pos + 1] == " " and after[pos + 1:pos + 2] in ")":
            pos += 1
        if after[pos:pos + 1] == ")":
            pos += 1
    return titles, pos


def _split_roles(titles: list[str], rules: Rules) -> tuple[list[str], str | None, str | None]:
    """Titles without the delegation role said among them ("Trưởng Đoàn", "Trưởng đoàn giám sát"); a role word
    followed by a body is a job title ("Trưởng đoàn Đại biểu Quốc hội tỉnh", "Phó Trưởng đoàn phụ trách …")."""
    role = role_text = None
    kept = []
    for t in titles:
        m = rules.role_re.match(t)
        tail = t[m.end():].strip() if m else ""
        if m is not None and (not tail or _DELEGATION_TAIL.match(tail)):
            role, role_text = rules.roles[m.group(0)], t
        else:
            kept.append(t)
    return kept, role, role_text


_DELEGATION_TAIL = re.compile(r"(?:đoàn\s+)?(?:giám sát|kiểm tra|công tác|cuộc họp|hội nghị|buổi)(?!\w)|(?:\(.*\))?$",
                              re.IGNORECASE)
_NEXT_NAMED = re.compile(rf"\s*[-–]\s*[{UPPER}]\w*(?: [{UPPER}]\w*){{1,3}}(?=\s*(?:[,.;]|và\s|$))")
_PLACE_BEFORE = re.compile(r"(?<!\w)(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|các xã|các huyện|"
                           r"sông|đường|phố|khu|thôn|bản|ấp|làng|xóm)\s*$")


_KEPT_COMMA = "\u201a"  # one character for one: offsets in the masked sentence are those of the sentence
_INNER: dict[int, tuple[Rules, re.Pattern[str]]] = {}


def _inner_commas(rules: Rules) -> re.Pattern[str]:
    """The known long names written with a comma inside ("Lao động, Thương binh và Xã hội"), built once."""
    known = _INNER.get(id(rules))
    if known is None or known[0] is not rules:
        names = [re.escape(n).replace(r"\ \-\ ", r"\s*[-–,]\s*") for n in rules.long_names if " - " in n]
        known = (rules, re.compile("|".join(sorted(names, key=len, reverse=True)) or r"(?!)"))
        _INNER[id(rules)] = known
    return known[1]


def find_mentions(text: str, sents: list[Sentence], rules: Rules) -> list[Mention]:
    out: list[Mention] = []
    inner = _inner_commas(rules)
    for sent in sents:
        # commas inside a long name are not where a title ends ("Giám đốc Sở Lao động, Thương binh và Xã hội")
        masked = inner.sub(lambda m: m.group(0).replace(",", _KEPT_COMMA), sent.text)
        for run_start, tokens in _runs(sent.text, rules):
            prefix_all = masked[:run_start]
            before = _titles_before(prefix_all, rules)
            honorific = bool(re.search(rf"(?:{rules.honorific_re.pattern})\s*$", prefix_all))
            run_end = run_start + len(" ".join(tokens))
            titled = honorific or (before is not None and bool(rules.name_end_re.match(sent.text, run_end)))
            where = _name_in_run(tokens, rules, titled)
            if where is None or rules.title_re.match(sent.text, run_start) or (
                    where[0] == 0 and tokens[0] not in rules.family_names and _PLACE_BEFORE.search(prefix_all)):
                continue  # "đồng chí Phó Bí thư …", "các huyện Càng Long": a title, a place
            i, n = where
            rel_start = run_start + sum(len(t) + 1 for t in tokens[:i])
            rel_end = run_end
            name = " ".join(tokens[i:n])
            prefix = masked[:rel_start]
            if i:
                before = _titles_before(prefix, rules)
                honorific = bool(re.search(rf"(?:{rules.honorific_re.pattern})\s*$", prefix))
            after, after_len = _titles_after(masked[rel_end:], rules)
            titles: list[str] = []
            span_start = rel_start
            if before and not honorific:
                titles, span_start = before
            kept, role, role_text = _split_roles([t.replace(_KEPT_COMMA, ",") for t in titles + after], rules)
            end = rel_end + after_len
            act = rules.presides_re.match(sent.text, end)
            presides = bool(act) or bool(rules.presided_re.search(prefix))
            if act and act.group("head") and role is None:
                role, role_text = "head", act.group(0).strip()
            out.append(Mention(name_key(name), name, sent.start + rel_start, sent.start + rel_end,
                               sent.start + span_start, sent.start + end, kept, role, role_text,
                               honorific, sent, presides))
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
            if len(tokens) == 1 and not re.match(rf" [{LOWER}]", text[m.end():m.end() + 2]):
                return f"{org} {tokens[0]}"  # "Quận ủy Hoàn Kiếm", never "UBND tỉnh Thông" (báo)
            return None
    return org


def merge_titles(known: list[str], more: list[str]) -> list[str]:
    """The titles of two mentions of one person, each said once: a title contained in another (as written, or
    with abbreviations written out: "UV BTV" in "Ủy viên Ban Thường vụ Thành ủy") is dropped."""
    out = list(known)
    for t in more:
        lt = _loose(t)
        if any(lt in _loose(k) for k in out):
            continue
        out = [k for k in out if _loose(k) not in lt] + [t]
    return out


def _loose(text: str) -> str:
    return " ".join(expand(text).casefold().replace("-", " ").replace("–", " ").split())


def gather_people(text: str, mentions: list[Mention], rules: Rules) -> list[PersonDraft]:
    """One person per name: titled (or introduced) mentions make a person; bare ones add to a known person."""
    people: dict[str, PersonDraft] = {}
    for m in mentions:
        if m.titles or m.role or m.honorific:
            p = people.setdefault(m.key, PersonDraft(m.key, m.name))
            p.titles = merge_titles(p.titles, m.titles)
            if m.role and not p.role:
                p.role, p.role_text = m.role, m.role_text
            p.presides = p.presides or m.presides
    for m in mentions:
        if m.key in people:
            people[m.key].mentions.append(m)
    names = set(people)
    completed: dict[str | None, str | None] = {}  # one look through the text per organisation, not per person
    for p in people.values():
        org = _organisation(p.titles, rules)
        if org not in completed:
            completed[org] = complete_org(org, text, rules, names)
        p.organisation = completed[org]
    return sorted(people.values(), key=lambda p: p.first.start)
