"""Putting the pieces together: normalise, find, classify, match against the case file."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ssdesk.abbreviations import expand
from ssdesk.drafting import bodies, facts
from ssdesk.drafting.model import Draft, Match
from ssdesk.drafting.people import PersonDraft, find_mentions, gather_people, name_key
from ssdesk.drafting.rules import Rules, rules
from ssdesk.drafting.speech import find_items, find_statements
from ssdesk.drafting.text import looks_vietnamese, normalise, sentences, unmarked_vietnamese
from ssdesk.enums import VisitKind
from ssdesk.i18n import _

if TYPE_CHECKING:
    from ssdesk.store import Store


#: A heading of the list of those present: "1. Về phía Đoàn giám sát:", "Về phía UBND huyện Quỳ Hợp:", "Khách
#: mời:" (the numbering is gone: normalise drops it).
_SIDE_HEADING = re.compile(r"^(?:về\s+phía|phía|thành\s+phần)\s+(?P<who>.+?)\s*:?\s*$"
                           r"|^(?P<guests>khách\s+mời|đại\s+biểu\s+(?:khách\s+)?mời(?:\s+dự)?)\s*:?\s*$", re.IGNORECASE)
_DELEGATION_WORDS = re.compile(r"^(?:các\s+)?(?:đoàn|thành\s+viên\s+đoàn|thường\s+trực|ban\s+thường\s+vụ)(?!\w)",
                               re.IGNORECASE)
#: A list of the delegation's own people inside a sentence: the deputies of a National Assembly delegation, the
#: members of a supervision delegation (the review found three deputies so listed drafted as invited).
_DELEGATION_LIST = re.compile(r"(?:đại\s+biểu\s+Quốc\s+hội|ĐBQH|thành\s+viên\s+(?:của\s+)?[Đđ]oàn(?:\s+giám\s+sát)?)"
                              r"\s*(?:gồm|gồm có|là)?\s*:", re.IGNORECASE)
#: A section of the minutes ("II. NỘI DUNG"): the list of those present has ended.
_SECTION = re.compile(r"^[IVX]{1,5}[.)]\s")


def heading_sides(text: str) -> dict[int, str]:
    """The side each paragraph of the list of those present is under, by its headings: a person listed under
    "Về phía UBND huyện" is of the unit even when their title names no place ("Chủ tịch UBND huyện") — the
    review found everyone under such headings drafted as invited."""
    out: dict[int, str] = {}
    current: str | None = None
    for i, line in enumerate(text.split("\n")):
        # a heading: short, and ending with ":" or with no punctuation ("Về phía huyện, ông A tiếp thu …" is not)
        heading = len(line.split()) <= 12 and (line.endswith(":") or not re.search(r"[,.;]", line))
        m = _SIDE_HEADING.match(line) if heading else None
        if m is not None:
            who = m.group("who")
            current = "invited" if m.group("guests") or (who and re.match(r"khách\s+mời", who, re.IGNORECASE)) \
                else "delegation" if who and _DELEGATION_WORDS.match(who) else "unit"
            continue
        if not line or _SECTION.match(line) or line.isupper():  # the list ends at a blank line or a section
            current = None
        if current is not None and line:
            out[i] = current
    return out


def _side(p: PersonDraft, unit: facts.Body | None, r: Rules, sides: dict[int, str] | None = None,
          text: str = "") -> str:
    words = f"{p.title or ''} {p.organisation or ''}"
    if p.role:
        return "delegation"
    listed = (sides or {}).get(p.first.sentence.para)
    if listed is not None:
        return listed
    if text:  # "Cùng dự có các vị đại biểu Quốc hội gồm: Bà A …; ông B …": the list runs to the next full stop
        line = text[text.rfind("\n", 0, p.first.span_start) + 1:p.first.span_start]
        cues = list(_DELEGATION_LIST.finditer(line))
        if cues and not re.search(r"\.\s", line[cues[-1].end():]):
            return "delegation"
    if unit is not None and unit.place and unit.place in words:
        return "unit"
    if any(w in words for w in r.city_level):
        return "delegation"
    return "invited"


def _same(name: str | None) -> str:
    """A body's name as compared with the case file: abbreviations written out ("Sở LĐTB&XH" = "Sở Lao động -
    Thương binh và Xã hội"), case, dashes and spaces ignored."""
    text = expand(name or "").casefold().replace("–", "-")
    return " ".join(text.replace(" - ", " ").replace(",", " ").split())


def _match_store(draft: Draft, store: Store) -> None:
    catalog = store.catalog
    by_name = {name_key(p.full_name): p for p in catalog.persons()}
    for p in draft.people:
        known = by_name.get(p.key)
        if known is not None:
            same = _same(known.title) == _same(p.title)  # "PBT" is "Phó Bí thư"
            draft.matches[f"person:{p.key}"] = Match(known.id, known.full_name, known.title, same)
            if not same:
                draft.messages.append({"level": "info", "text": _(
                    "“{name}” is already in the case file as “{old}”; the draft offers the same person with the "
                    "title “{new}”.").format(name=p.name, old=known.title or "—", new=p.title or "—")})
    if draft.unit is not None:
        drafted = {_same(draft.unit.name), _same(draft.unit.short_name)} - {""}
        for u in catalog.units():
            if drafted & {_same(u.name), _same(u.short_name)}:
                draft.matches["unit"] = Match(u.id, u.name, u.kind.value)
                break
    if draft.delegation is not None:
        issuer = _same(draft.delegation.issuing_body)
        for d in catalog.delegations():
            if _same(d.name) == _same(draft.delegation.name) and issuer in ("", _same(d.issuing_body)):
                draft.matches["delegation"] = Match(d.id, d.name, d.issuing_body)
                break
    if draft.programme is not None:
        for prog in catalog.programmes():
            if prog.code == draft.programme.number:
                draft.matches["programme"] = Match(prog.id, prog.code, prog.title)
                break


def _choose_chair(draft: Draft) -> None:
    """One person presides: who the text says "chủ trì" (or heads the delegation), else who concludes; a meeting
    held without a delegation by no named body is held by the chair's body ("Chủ nhiệm UBKT Tỉnh ủy … chủ trì")."""
    chairs = ([p for p in draft.people if p.presides] or [p for p in draft.people if p.role == "head"]
              or [s.speaker for s in draft.statements if s.kind == "conclusion"])
    for p in draft.people:
        p.presides = bool(chairs) and p is chairs[0]
    if chairs and draft.delegation is None and draft.convening is None and draft.kind == "review_meeting" \
            and chairs[0].organisation:
        first = chairs[0].first
        draft.convening = facts.Body(first.span_start, first.span_end, first.sentence, 0.5,
                                     chairs[0].organisation)


def draft_from_text(text: str, *, store: Store | None = None, today: dt.date | None = None) -> Draft:
    """Draft a visit from ``text``; never raises on bad input: an unusable text gives an empty draft with a message.

    ``store``: a case file whose persons, units, delegation and programme are reused when the text names them."""
    r = rules()
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8", errors="replace")
    norm = normalise(text)
    draft = Draft(norm, placeholder=r.placeholder, today=today or dt.date.today())
    if not looks_vietnamese(norm):
        draft.messages.append({"level": "error", "text": _(
            "The text is Vietnamese written without its marks (no accents); the drafting reads the marks, so nothing "
            "was drafted. Paste the text with its accents, or type it with a Vietnamese keyboard (Unikey, Telex).")
            if unmarked_vietnamese(norm) else _(
            "The text does not look like Vietnamese minutes, notes or a report; nothing was drafted.")})
        return draft
    sents = sentences(norm)
    draft.when = facts.find_when(norm, sents, r, draft.today)
    draft.documents = facts.find_documents(sents, r)
    draft.programme = facts.programme_of(draft.documents)
    draft.delegation = bodies.find_delegation(sents, r)
    draft.unit = bodies.find_unit(sents, r)
    draft.kind = bodies.session_kind(norm, draft.delegation, draft.unit)
    if draft.delegation is None or draft.delegation.issuing_body is None:
        draft.convening = bodies.find_convening(sents, r)
    if draft.kind == "review_meeting":
        draft.unit = None
    if draft.delegation is not None and draft.delegation.issuing_body is None and draft.convening is not None:
        draft.delegation.issuing_body, draft.convening = draft.convening.name, None
    draft.people = gather_people(norm, find_mentions(norm, sents, r), r)
    sides = heading_sides(norm)
    for p in draft.people:
        p.side = _side(p, draft.unit, r, sides, norm)
    skip = [(d.start, d.end) for d in draft.documents]
    draft.figures = facts.find_figures(sents, r, skip)
    draft.statements = find_statements(norm, sents, draft.people, r)
    _choose_chair(draft)
    draft.items = find_items(draft.statements, draft.people, r, draft.starts_at.year, sents)
    if draft.empty:
        draft.messages.append({"level": "error", "text": _(
            "Nothing to draft was found in the text (no attendees, figures, statements or documents).")})
        return draft
    if draft.when is None:
        draft.messages.append({"level": "warning", "text": _(
            "The text gives no date of the session; today is used. Correct it before accepting.")})
    kind = VisitKind(draft.kind)
    needs = (("delegation", _("delegation"), kind.needs_delegation), ("unit", _("supervised unit"), kind.needs_unit))
    for key, label, needed in needs:
        if getattr(draft, key) is None and needed:
            draft.messages.append({"level": "warning", "text": _(
                "The text does not name the {what}; it is drafted as “{placeholder}”.").format(
                    what=label, placeholder=r.placeholder)})
    if draft.convening_body() == r.placeholder:
        draft.messages.append({"level": "warning", "text": _(
            "The text names neither a delegation nor the body that holds the session; it is drafted as "
            "“{placeholder}”.").format(placeholder=r.placeholder)})
    if store is not None:
        _match_store(draft, store)
    return draft
