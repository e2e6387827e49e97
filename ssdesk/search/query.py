"""The search box's small language, parsed into a :class:`Query` that the service turns into SQL.

Grammar (white space separates terms; every term must hold, i.e. AND)::

    query   := term*
    term    := WORD | "PHRASE" | KEY:VALUE | KEY:"VALUE"
    KEY     := status | unit | delegation | due | kind | from | to
    status  := new|in_progress|reported_done|done|partly_done|cannot_do|carried_over|withdrawn|overdue  (comma = or)
    kind    := visit|statement|finding|recommendation|request|petition|followup|attachment               (comma = or)
    due     := [<|<=|>|>=|=]DATE          from, to := DATE        DATE := YYYY-MM-DD | DD/MM/YYYY
    unit, delegation := folded substring of the name; delegation also takes the number in "Đoàn giám sát số 1"

A WORD matches any indexed word that starts with it (folded: "hoang" finds "Hoàng"); a one-letter word must match
whole, since as a prefix it would match half the file. An abbreviation and its long form are the same words
(``resources/abbreviations.toml``): "bảo hiểm y tế" also finds "BHYT" and "BHYT" also finds "bảo hiểm y tế" —
such a term becomes :class:`Either` of its spellings. A bad query raises :class:`ValidationError` that quotes the
bad token and its position, so the user can fix what they typed rather than get no results and wonder why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ssdesk.abbreviations import longest_search_form, search_alternatives
from ssdesk.enums import Direction, RecStatus
from ssdesk.errors import ValidationError
from ssdesk.i18n import _
from ssdesk.search.folding import TOKEN, fold
from ssdesk.search.ranking import Phrase

FILTER_KEYS = ("status", "unit", "delegation", "due", "kind", "from", "to")
KINDS = {"visit": "visit", "statement": "statement", "finding": "finding", "recommendation": "recommendation",
         "request": "recommendation", "petition": "recommendation", "followup": "follow_up",
         "follow_up": "follow_up", "attachment": "attachment"}
STATUSES = {s.value for s in RecStatus} | {"overdue"}
_TERM = re.compile(r'(?P<key>[A-Za-z_]+):(?P<value>"[^"]*"?|\S*)|"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
_DUE = re.compile(r"(<=|>=|<|>|=)?(.*)")


@dataclass(frozen=True)
class Either:
    """One term written either way (an abbreviation or its long form): any one option holds; an option is phrases
    that must all hold (the words as typed keep their prefix matching; another spelling is one exact phrase)."""

    options: tuple[tuple[Phrase, ...], ...]

    def fts(self) -> str:
        return "(" + " OR ".join("(" + " AND ".join(p.fts() for p in option) + ")" for option in self.options) + ")"

    def phrases(self) -> list[Phrase]:
        return [p for option in self.options for p in option]


@dataclass
class Query:
    """What the user asked for, folded and typed. ``words`` match as prefixes, ``phrases`` as whole words."""

    words: list[list[str]] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    directions: set[Direction] = field(default_factory=set)
    statuses: set[RecStatus] = field(default_factory=set)
    overdue: bool = False
    units: list[str] = field(default_factory=list)
    delegations: list[str] = field(default_factory=list)
    due: list[tuple[str, dt.date]] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    either: list[Either] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases or self.either)

    @property
    def has_filters(self) -> bool:
        """Whether a match must be tested against its record's row (unit, delegation, dates, status, deadline,
        direction). ``kind:`` is not among them: an index row's id carries its kind."""
        return bool(self.units or self.delegations or self.date_from or self.date_to or self.recommendations_only)

    @property
    def recommendations_only(self) -> bool:
        """Status, deadline and direction are facts of recommendations: such a query finds nothing else."""
        return bool(self.statuses or self.overdue or self.due or self.directions)

    def fts_phrases(self) -> list[Phrase]:
        """The FTS5 phrases ANDed by :meth:`fts`, in order: a word's last token is a prefix unless one letter long."""
        return ([_word(toks) for toks in self.words] + [Phrase(tuple(toks), False) for toks in self.phrases]
                + [p for e in self.either for p in e.phrases()])

    def fts(self) -> str:
        """The FTS5 MATCH expression: every token quoted (no user text is ever FTS syntax), ANDed; a term written
        either way is an OR of its spellings."""
        plain = [_word(toks) for toks in self.words] + [Phrase(tuple(toks), False) for toks in self.phrases]
        return " AND ".join([p.fts() for p in plain] + [e.fts() for e in self.either])

    def highlight_tokens(self) -> list[tuple[str, bool]]:
        """(folded token, is_prefix) for every token that should be highlighted in a snippet."""
        out = [(t, i == len(toks) - 1 and len(t) > 1) for toks in self.words for i, t in enumerate(toks)]
        out += [(t, i == len(p.tokens) - 1 and p.prefix) for e in self.either for p in e.phrases()
                for i, t in enumerate(p.tokens)]
        return out + [(t, False) for toks in self.phrases for t in toks]


def _word(toks: list[str]) -> Phrase:
    return Phrase(tuple(toks), len(toks[-1]) > 1)


def _expand(query: Query) -> None:
    """Terms that are an abbreviation or the long form of one (as whole typed words, or a quoted phrase) become
    :class:`Either` of their spellings: "bao hiem y te" → ("bao" "hiem" "y" "te") OR "bhyt"."""
    longest = longest_search_form()
    words, i = [], 0
    while i < len(query.words):
        for k in range(len(query.words) - i, 0, -1):
            window = query.words[i:i + k]
            folded = tuple(t for w in window for t in w)
            if len(folded) > longest:
                continue
            others = search_alternatives(folded)
            if others:
                typed = tuple(_word(w) for w in window)
                query.either.append(Either((typed, *((Phrase(o, False),) for o in others))))
                i += k
                break
        else:
            words.append(query.words[i])
            i += 1
    query.words = words
    phrases = []
    for toks in query.phrases:
        others = search_alternatives(tuple(toks))
        if others:
            query.either.append(Either(((Phrase(tuple(toks), False),), *((Phrase(o, False),) for o in others))))
        else:
            phrases.append(toks)
    query.phrases = phrases


def _bad(message: str) -> ValidationError:
    return ValidationError.one("query", message)


def parse_date(text: str, token: str, pos: int) -> dt.date:
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            day, month, year = (int(p) for p in text.split("/"))
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise _bad(_("“{token}” (position {pos}): “{value}” is not a valid date; write YYYY-MM-DD.")
               .format(token=token, pos=pos, value=text))


def _filter(query: Query, key: str, value: str, token: str, pos: int) -> None:
    if key in ("status", "kind"):
        for item in (v.strip().lower() for v in value.split(",")):
            if key == "status" and item in STATUSES:
                if item == "overdue":
                    query.overdue = True
                else:
                    query.statuses.add(RecStatus(item))
            elif key == "kind" and item in KINDS:
                query.kinds.add(KINDS[item])
                if item in ("request", "petition"):
                    query.directions.add(Direction(item))
            else:
                known = ", ".join(sorted(STATUSES if key == "status" else KINDS))
                raise _bad(_("“{token}” (position {pos}): unknown value “{value}”; use one of: {known}.")
                           .format(token=token, pos=pos, value=item, known=known))
    elif key == "unit":
        query.units.append(fold(value))
    elif key == "delegation":
        query.delegations.append(fold(value))
    elif key == "due":
        match = _DUE.fullmatch(value)
        assert match is not None  # the pattern matches any string
        query.due.append((match.group(1) or "=", parse_date(match.group(2), token, pos)))
    elif key == "from":
        query.date_from = parse_date(value, token, pos)
    else:
        query.date_to = parse_date(value, token, pos)


def parse(text: str) -> Query:
    """Parse what the user typed; raises :class:`ValidationError` naming the bad token and its position (from 1)."""
    query = Query()
    for m in _TERM.finditer(text):
        token, pos = m.group(0), m.start() + 1
        if m.group("key") is not None:
            key, value = m.group("key").lower(), m.group("value")
            if key not in FILTER_KEYS:
                raise _bad(_("“{token}” (position {pos}): unknown filter “{key}:”; use one of: {known}.")
                           .format(token=token, pos=pos, key=m.group("key"), known=", ".join(FILTER_KEYS)))
            if value.startswith('"'):
                if len(value) < 2 or not value.endswith('"'):
                    raise _bad(_("The quote opened at position {pos} is not closed.")
                               .format(pos=m.start("value") + 1))
                value = value[1:-1]
            if not value.strip():
                raise _bad(_("“{token}” (position {pos}): the filter has no value.").format(token=token, pos=pos))
            _filter(query, key, value.strip(), token, pos)
        elif m.group("phrase") is not None:
            if not token.endswith('"') or len(token) < 2:
                raise _bad(_("The quote opened at position {pos} is not closed.").format(pos=pos))
            toks = TOKEN.findall(fold(m.group("phrase")))
            if toks:
                query.phrases.append(toks)
        else:
            toks = TOKEN.findall(fold(m.group("word")))
            if toks:
                query.words.append(toks)
    _expand(query)
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise _bad(_("The period is empty: “from:” ({start}) is after “to:” ({end}).")
                   .format(start=query.date_from.isoformat(), end=query.date_to.isoformat()))
    return query
