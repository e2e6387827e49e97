"""Normalising the pasted text and cutting it into paragraphs and sentences with their offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ssdesk.drafting.rules import UPPER

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BULLET = re.compile(r"^(?:[-–—•◦▪●○*+·►❖✓]|\d{1,2}[.)](?!\d))\s+")
_SENTENCE_END = re.compile(rf"(?<=[.!?…;:])\s+(?=[“\"(\[]?[{UPPER}0-9])")
_VIET = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def normalise(text: str) -> str:
    """One form for every way the same text can arrive: NFC, ``\\n`` line ends, single spaces, no bullets.

    Lines are kept (a line is a paragraph); runs of blank lines become one blank line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE.sub("", text)
    lines = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", _CONTROL.sub(" ", raw)).strip()
        while True:
            stripped = _BULLET.sub("", line)
            if stripped == line:
                break
            line = stripped
        lines.append(line)
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out).strip("\n")
    return out


def looks_vietnamese(text: str) -> bool:
    """Enough letters, and enough of them Vietnamese, to be worth drafting from."""
    letters = sum(1 for c in text if c.isalpha())
    if letters < 20 or letters < 0.5 * len(text.replace(" ", "").replace("\n", "")):
        return False
    return len(_VIET.findall(text)) >= max(3, letters // 40)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    para: int          # index of its paragraph
    caption: bool      # a short line without a final stop (a photo caption, a heading)


def sentences(text: str) -> list[Sentence]:
    """Sentences of the normalised ``text``; a line break always ends one."""
    out: list[Sentence] = []
    pos = 0
    for para, line in enumerate(text.split("\n")):
        if line:
            pieces = []
            last = 0
            for m in _SENTENCE_END.finditer(line):
                pieces.append((last, m.start()))
                last = m.end()
            pieces.append((last, len(line)))
            caption = (len(pieces) == 1 and not line.rstrip("”\"') ").endswith((".", "!", "?", "…", ";", ":"))
                       and len(line.split()) <= 25)
            for a, b in pieces:
                if b > a:
                    out.append(Sentence(pos + a, pos + b, line[a:b], para, caption))
        pos += len(line) + 1
    return out


def parse_number(text: str) -> float | None:
    """A number written the Vietnamese way: ``14.740`` → 14740, ``94,1`` → 94.1, ``1.730,5`` → 1730.5."""
    text = text.strip()
    if not re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", text):
        return None
    value = float(text.replace(".", "").replace(",", "."))
    return int(value) if value.is_integer() else value


def capitalise(text: str) -> str:
    text = text.strip(" ,;:.…-")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "”", "\"")) else text + "."
