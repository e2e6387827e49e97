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


#: A page's number as a PDF's text puts it between pages: "Trang 2/5", "- 3 -", "2/5", "Page 2 of 5".
_PAGE_NUMBER = re.compile(r"(?:trang|page)?\s*-?\s*\d{1,3}\s*(?:(?:/|of|trên)\s*\d{1,3})?\s*-?", re.IGNORECASE)
#: A line that starts an item or a section: never the continuation of the line before it.
_STARTS_ITEM = re.compile(r"^(?:[-–—•◦▪●○*+·►❖✓]|\d{1,2}[.)]|[IVX]{1,5}[.)]|[a-zđ][.)])\s")
#: A line that ends a sentence or a clause, or introduces what follows.
_ENDS = (".", "!", "?", "…", ";", ":")


def _furniture(lines: list[str]) -> list[str]:
    """Lines of page furniture dropped: page numbers, and the letterhead of the first lines repeated where a PDF's
    text starts each new page. The blank lines around what is dropped go with it, so the two halves of a sentence
    cut by a page break meet again (and :func:`_unwrap` joins them)."""
    head = {line for line in lines[:3] if line}
    out: list[str] = []
    dropped = False
    for i, line in enumerate(lines):
        repeated = i >= 3 and line in head
        if (line and _PAGE_NUMBER.fullmatch(line)) or repeated:
            while out and not out[-1]:
                out.pop()
            dropped = True
            continue
        if dropped and not line:
            continue
        dropped = False
        out.append(line)
    return out


def _unwrap(lines: list[str]) -> list[str]:
    """Hard-wrapped paragraphs (text copied from a PDF or an e-mail, cut every 70–90 characters) joined back into
    one line each: the drafting rules read a line as a paragraph, and a statement or a deadline cut in two was
    lost ("hoàn / thành trước ngày 30/6/2024"). A line is continued by the next when it ends with no stop and the
    next one starts in lower case — or, in a text whose lines are all about as long as a wrapped line, when it
    reaches that width and the next one starts no item, section or heading."""
    widths = sorted(len(line) for line in lines if line)
    wrap = widths[int(len(widths) * 0.9)] if widths else 0
    # cut at a width, not one line per paragraph: lines of about one length, and a fifth of them or more running on
    # in lower case (notes typed a line a point, without stops, have few: their next line starts a new point)
    running = sum(1 for a, b in zip(lines, lines[1:], strict=False)
                  if a and b and b[:1].islower() and not a.rstrip("”\"')] ").endswith(_ENDS))
    wrapped = 40 <= wrap <= 110 and len(widths) >= 5 and running >= max(2, len(widths) // 5)
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line:
            last = out[-1]
            open_end = not last.rstrip("”\"')] ").endswith(_ENDS)
            lower = line[:1].islower()
            wide = wrapped and len(last) >= 0.7 * wrap and not line.isupper() and not last.isupper()
            if open_end and not _STARTS_ITEM.match(line) and (lower or wide):
                out[-1] = f"{last} {line}"
                continue
        out.append(line)
    return out


def normalise(text: str) -> str:
    """One form for every way the same text can arrive: NFC, ``\\n`` line ends, single spaces, no bullets, no page
    furniture, hard-wrapped paragraphs joined.

    Lines are kept (a line is a paragraph); runs of blank lines become one blank line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE.sub("", text)
    raw_lines = [_SPACES.sub(" ", _CONTROL.sub(" ", raw)).strip() for raw in text.split("\n")]
    lines = []
    for line in _unwrap(_furniture(raw_lines)):
        while True:
            stripped = _BULLET.sub("", line)
            if stripped == line:
                break
            line = stripped
        lines.append(line)
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out).strip("\n")
    return out


#: Words of Vietnamese written without its marks ("doan giam sat", "kien nghi"): a text typed without them.
_UNMARKED = re.compile(r"(?<![a-z])(?:doan giam sat|giam sat|kien nghi|de nghi|ket luan|dong chi|uy ban|ubnd|hdnd|"
                       r"nhan dan|bao cao|thuc hien|tinh hinh|cong tac|lam viec)(?![a-z])", re.IGNORECASE)


def unmarked_vietnamese(text: str) -> bool:
    """Vietnamese typed without its marks (no input method on the laptop): the drafting rules read the marks, so
    such a text is refused with that reason rather than as "not Vietnamese"."""
    return not _VIET.search(text) and len(_UNMARKED.findall(text)) >= 3


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
