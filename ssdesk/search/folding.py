"""Vietnamese-aware text folding, shared by the index and the query so that both sides agree.

People type without diacritics ("hoang mai", "dang uy") and expect "Hoàng Mai", "Đảng ủy". Folding is NFD, drop the
combining marks, ``đ → d``, lower case, collapse white space. ``đ`` needs its own rule because it is a letter of its
own in Unicode, not ``d`` plus a mark. :func:`fold_with_map` keeps, for every folded character, where it came from in
the original, so that a highlight found in folded text lands on the original letters with their diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_SPACES = re.compile(r"\s+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
#: What FTS5's ``unicode61`` tokenizer treats as a token: letters and digits (not ``_``).
TOKEN = re.compile(r"[^\W_]+")


def fold(text: str | None) -> str:
    """The folded form that the index stores and queries are written in."""
    if not text:
        return ""
    text = _MARKS.sub("", unicodedata.normalize("NFD", text)).translate(_SPECIAL).lower()
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFD", ch)).translate(_SPECIAL).lower()


class _FoldTable(dict[int, str]):
    """``str.translate`` table that learns each character's fold on first sight (then C speed)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        if len(folded) != 1:
            _IRREGULAR.add(chr(code))
        return folded


_TABLE = _FoldTable()
#: Characters seen so far that fold to nothing (combining marks) or to more than one character.
_IRREGULAR: set[str] = set()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` character by character (no space collapsing) and return ``(folded, origin)``.

    ``origin[i]`` is the index in ``text`` of the character that produced ``folded[i]``; it has one extra entry,
    ``len(text)``, so that an end offset maps too. Input decomposed (NFD) by another program folds the same: the
    marks fold to nothing and the base letter keeps its own position. Snippets fold every hit's text, so the usual
    case — each character folds to exactly one (precomposed Vietnamese) — is one ``translate`` call.
    """
    folded = text.translate(_TABLE)
    if _IRREGULAR.isdisjoint(text):
        return folded, list(range(len(text) + 1))
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        part = _fold_char(ch)
        out.append(part)
        origin.extend([i] * len(part))
    origin.append(len(text))
    return "".join(out), origin


def tokens(text: str) -> list[str]:
    """Folded tokens as the index sees them."""
    return TOKEN.findall(fold(text))
