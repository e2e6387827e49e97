"""Putting the pieces together: normalise, find, classify, match against the case file."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ssdesk.drafting import facts
from ssdesk.drafting.model import Draft, Match
from ssdesk.drafting.people import PersonDraft, find_mentions, gather_people, name_key
from ssdesk.drafting.rules import Rules, rules
from ssdesk.drafting.speech import find_items, find_statements
from ssdesk.drafting.text import looks_vietnamese, normalise, sentences
from ssdesk.i18n import _

if TYPE_CHECKING:
    from ssdesk.store import Store


def _side(p: PersonDraft, unit: facts.Body | None, r: Rules) -> str:
    words = f"{p.title or ''} {p.organisation or ''}"
    if p.role:
        return "delegation"
    if unit is not None and unit.place and unit.place in words:
        return "unit"
    if any(w in words for w in r.city_level):
        return "delegation"
    return "invited"


def _match_store(draft: Draft, store: Store) -> None:
    catalog = store.catalog
    by_name = {name_key(p.full_name): p for p in catalog.persons()}
    for p in draft.people:
        known = by_name.get(p.key)
        if known is not None:
            same = (known.title or "").casefold() == (p.title or "").casefold()
            draft.matches[f"person:{p.key}"] = Match(known.id, known.full_name, known.title, same)
            if not same:
                draft.messages.append({"level": "info", "text": _(
                    "“{name}” is already in the case file as “{old}”; the draft offers the same person with the "
                    "title “{new}”.").format(name=p.name, old=known.title or "—", new=p.title or "—")})
    if draft.unit is not None:
        for u in catalog.units():
            if draft.unit.name in (u.name, u.short_name) or (draft.unit.short_name and
                                                           draft.unit.short_name in (u.name, u.short_name)):
                draft.matches["unit"] = Match(u.id, u.name, u.kind.value)
                break
    if draft.delegation is not None:
        for d in catalog.delegations():
            if d.name == draft.delegation.name and (draft.delegation.issuing_body in (None, d.issuing_body)):
                draft.matches["delegation"] = Match(d.id, d.name, d.issuing_body)
                break
    if draft.programme is not None:
        for prog in catalog.programmes():
            if prog.code == draft.programme.number:
                draft.matches["programme"] = Match(prog.id, prog.code, prog.title)
                break


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
            "The text does not look like Vietnamese minutes, notes or a report; nothing was drafted.")})
        return draft
    sents = sentences(norm)
    draft.when = facts.find_when(norm, sents, r, draft.today)
    draft.documents = facts.find_documents(sents, r)
    draft.programme = facts.programme_of(draft.documents)
    draft.unit = facts.find_unit(norm, sents, r)
    draft.delegation = facts.find_delegation(sents, r)
    draft.people = gather_people(norm, find_mentions(norm, sents, r), r)
    for p in draft.people:
        p.side = _side(p, draft.unit, r)
    skip = [(d.start, d.end) for d in draft.documents]
    draft.figures = facts.find_figures(sents, r, skip)
    draft.statements = find_statements(norm, sents, draft.people, r)
    draft.items = find_items(draft.statements, draft.people, r, draft.starts_at.year)
    if draft.empty:
        draft.messages.append({"level": "error", "text": _(
            "Nothing to draft was found in the text (no attendees, figures, statements or documents).")})
        return draft
    if draft.when is None:
        draft.messages.append({"level": "warning", "text": _(
            "The text gives no date of the session; today is used. Correct it before accepting.")})
    for key, label in (("delegation", _("delegation")), ("unit", _("supervised unit"))):
        if getattr(draft, key) is None:
            draft.messages.append({"level": "warning", "text": _(
                "The text does not name the {what}; it is drafted as “{placeholder}”.").format(
                    what=label, placeholder=r.placeholder)})
    if store is not None:
        _match_store(draft, store)
    return draft
