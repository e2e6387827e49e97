"""Vietnamese number and date writing, and cleaning of any text before it reaches a renderer.

Why here: official documents write ``14.740``, ``94,1%`` and ``Hà Nội, ngày 27 tháng 02 năm 2024`` whatever the
machine's locale, and anything a secretary pastes (emoji, control characters from Word, lone surrogates) must print
or be dropped — never crash the PDF or the DOCX writer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Container

# C0/C1 controls except tab and newline, lone surrogates, and the non-characters XML forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def vn_number(value: float | int, decimals: int = 0) -> str:
    """``14740`` → ``14.740``; ``94.1, 1`` → ``94,1`` (dot groups thousands, comma marks decimals)."""
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if value < 0 else "") + text


def vn_percent(value: float, decimals: int = 1) -> str:
    """``94.1`` → ``94,1%``; whole numbers lose the decimals (``100%``)."""
    if float(value).is_integer():
        decimals = 0
    return vn_number(value, decimals) + "%"


def vn_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def day_month(day: dt.date, pad_day: bool, pad_months: Container[int]) -> tuple[str, str]:
    d = f"{day.day:02d}" if pad_day else str(day.day)
    m = f"{day.month:02d}" if day.month in pad_months else str(day.month)
    return d, m


def place_date(fmt: str, place: str, day: dt.date, pad_day: bool = True,
               pad_months: Container[int] = range(1, 10)) -> str:
    """``Hà Nội, ngày 27 tháng 02 năm 2024`` following a profile's format and padding rules."""
    d, m = day_month(day, pad_day, pad_months)
    return fmt.format(place=place, day=d, month=m, year=day.year)


def long_date(day: dt.date, pad_months: Container[int] = range(1, 10)) -> str:
    """``ngày 27 tháng 02 năm 2024`` for running text."""
    d, m = day_month(day, True, pad_months)
    return f"ngày {d} tháng {m} năm {day.year}"


def clock(moment: dt.datetime) -> str:
    """``08 giờ 00 phút``."""
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


def clean(text: str | None) -> str:
    """NFC, control characters and invisible direction marks removed, line ends normalised; never raises."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def paragraphs(text: str | None) -> list[str]:
    """Split a stored text into printed paragraphs: blank lines and single newlines both start a new one."""
    return [p.strip() for p in clean(text).split("\n") if p.strip()]


def replace_missing(text: str, has_glyph: Container[int], substitute: str = "?") -> str:
    """Replace characters the font cannot draw (emoji, CJK …) so nothing renders as an empty box or fails."""
    if text.isascii():
        return text
    return "".join(ch if ord(ch) in has_glyph or ch == "\n" else substitute for ch in text)


def upper(text: str) -> str:
    """Vietnamese capitals (``Quận ủy`` → ``QUẬN ỦY``); Python's upper() is right for Vietnamese."""
    return text.upper()


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def end_with(text: str, mark: str) -> str:
    """Recipients lines end with ``,`` and the last with ``.``: replace whatever ending the user typed."""
    text = text.rstrip().rstrip(",;.")
    return text + mark


_NUMBER_TIE = re.compile(r"(?<=\b[Ss]ố) (?=\d)")


def tie(text: str) -> str:
    """``số 1`` never breaks between its word and its number (a no-break space, drawn as a space)."""
    return _NUMBER_TIE.sub("\u00a0", text) if "ố " in text else text


#: Names of bodies and posts that a header or a signing block never breaks inside ("HỘI ĐỒNG NHÂN / DÂN" was read
#: as two bodies). Folded matching is not needed: these lines are the profile's capitals of what the user typed.
_UNBROKEN = re.compile(r"\b(?:(?:PHÓ )?CHỦ TỊCH|(?:PHÓ )?TRƯỞNG ĐOÀN|(?:PHÓ )?BÍ THƯ|HỘI ĐỒNG NHÂN DÂN|"
                       r"[UỦ][YỶ] BAN NHÂN DÂN|[UỦ][YỶ] BAN MẶT TRẬN TỔ QUỐC|ĐẠI BIỂU QUỐC HỘI|BAN THƯỜNG VỤ|"
                       r"THƯỜNG TRỰC|ĐOÀN GIÁM SÁT|ĐẢNG BỘ)\b", re.I)
#: A place: its kind and its name, to the end of the line ("QUẬN LONG BIÊN", "THÀNH PHỐ HÀ NỘI").
_PLACE = re.compile(r"\b(?:THÀNH PHỐ|THỊ XÃ|THỊ TRẤN|TỈNH|QUẬN|HUYỆN|PHƯỜNG|XÃ)(?: \S+){1,4}$", re.I)
#: Longer than this, a kept name could not fit a header column and would be cut inside a word instead.
_LONGEST_KEPT = 30


def keep_names(line: str) -> str:
    """A header or signing line with no-break spaces inside the names of bodies, posts and places, so that it wraps
    between names: ``HỘI ĐỒNG NHÂN DÂN / THÀNH PHỐ HÀ NỘI``, ``CHỦ TỊCH UBND / QUẬN LONG BIÊN``, never
    ``… THÀNH / PHỐ HÀ NỘI`` or ``… QUẬN LONG / BIÊN``. Not for running text, where a long unbreakable run would
    stretch a justified line."""
    def joined(m: re.Match[str]) -> str:
        text = m.group(0)
        return text.replace(" ", "\u00a0") if len(text) <= _LONGEST_KEPT else text

    return "\n".join(_PLACE.sub(joined, _UNBROKEN.sub(joined, part)) for part in line.split("\n"))
