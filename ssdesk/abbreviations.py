"""Abbreviations of Vietnamese official texts (BHYT, UBND, HĐND, LĐTB&XH …), read from ``resources/abbreviations.toml``.

Why: the same body or title is written short in one text and long in the next ("Sở LĐTB&XH", "Sở Lao động -
Thương binh và Xã hội"). Search must find either from the other, and "Draft from text" must see that two spellings
name the same organisation. The list is data an office can extend; this module only reads it.

- :func:`expand` writes every short form of a text out in full (for comparing two spellings);
- :func:`search_alternatives` gives, for the folded tokens of a query, the folded tokens of its other spellings.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ssdesk.paths import resources_dir


@dataclass(frozen=True)
class Abbreviation:
    short: str
    long: str
    search: bool     # unambiguous enough for search (the ``[both]`` table)


@lru_cache(maxsize=4)
def load(path: str | None = None) -> tuple[Abbreviation, ...]:
    """Every abbreviation of the file (default: the bundled one), longest short form first."""
    file = Path(path) if path else resources_dir() / "abbreviations.toml"
    with file.open("rb") as fh:
        data = tomllib.load(fh)
    out = []
    for table, search in (("both", True), ("drafting", False)):
        for short, long in data.get(table, {}).items():
            out.append(Abbreviation(unicodedata.normalize("NFC", short), unicodedata.normalize("NFC", long), search))
    return tuple(sorted(out, key=lambda a: len(a.short), reverse=True))


@lru_cache(maxsize=4)
def _pattern(path: str | None) -> tuple[re.Pattern[str], dict[str, str]]:
    table = {a.short: a.long for a in load(path)}
    body = "|".join(re.escape(s) for s in table)
    return re.compile(rf"(?<![\w&])(?:{body})(?![\w&])"), table


def expand(text: str, path: str | None = None) -> str:
    """``text`` with every short form, standing as a word of its own, written out: "Sở LĐTB&XH" → "Sở Lao động -
    Thương binh và Xã hội". Case-sensitive: "Ct" or "bt" in running text are left alone."""
    if not text:
        return text
    pattern, table = _pattern(path)
    return pattern.sub(lambda m: table[m.group(0)], unicodedata.normalize("NFC", text))


@lru_cache(maxsize=4)
def _search_table(path: str | None) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    from ssdesk.search.folding import tokens

    spellings: dict[tuple[str, ...], set[tuple[str, ...]]] = {}  # long form -> every way of writing it
    for a in load(path):
        if a.search:
            long = tuple(tokens(a.long))
            spellings.setdefault(long, {long}).add(tuple(tokens(a.short)))
    out: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for forms in spellings.values():
        for form in forms:
            if form:
                out.setdefault(form, set()).update(f for f in forms if f and f != form)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def search_alternatives(folded: tuple[str, ...], path: str | None = None) -> tuple[tuple[str, ...], ...]:
    """The other spellings of a folded token sequence: ``("bhyt",)`` → ``(("bao", "hiem", "y", "te"),)`` and back;
    ``()`` when it is no abbreviation nor the long form of one."""
    return _search_table(path).get(folded, ())


@lru_cache(maxsize=4)  # read at every query's parse: cached with the table it measures
def longest_search_form(path: str | None = None) -> int:
    """How many tokens the longest searchable form has (how far a query scan needs to look)."""
    return max((len(k) for k in _search_table(path)), default=0)
