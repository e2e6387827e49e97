"""Values as offices write them in their trackers: deadlines in a dozen forms, statuses in free words.

Why a module of its own: a tracker is typed by hand over years, by several people. "30/6/2024", "tháng 6/2024",
"Quý II/2024", "trước 30/6", "Năm 2024" and a real Excel date all mean a deadline; a period means its last day (the
office's own reading: "trong quý II" is met on 30/6). A value that cannot be read is never guessed: the caller gets a
:class:`ValueProblem` with the text as typed, and names the cell.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ssdesk.enums import RecStatus
from ssdesk.i18n import _
from ssdesk.search.folding import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
#: Words meaning "no fixed deadline": kept as no deadline, not as a problem.
NO_DEADLINE = ("thuong xuyen", "hang nam", "lien tuc", "hang quy", "hang thang", "khong thoi han")

_FULL = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_MONTH = re.compile(r"^(?:thang|t)\s*(\d{1,2})\s*(?:/|-|\.|\s+nam\s+|\s+)\s*(\d{4})$")
_MONTH_BARE = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
_QUARTER = re.compile(r"^(?:quy|q)\s*(iv|iii|ii|i|[1-4])\s*(?:/|-|\.|\s+nam\s+|\s+)?\s*(\d{4})$")
_YEAR = re.compile(r"^(?:nam|cuoi nam|trong nam)?\s*(\d{4})$")
_HALF = re.compile(r"^(6 thang dau nam|6 thang cuoi nam|nua dau nam|nua cuoi nam)\s*(\d{4})$")
_LEAD = re.compile(r"^(?:truoc|truoc ngay|chac chan truoc|han|han chot|trong|den|den ngay|ngay|thoi han|"
                   r"hoan thanh truoc|hoan thanh trong|hoan thanh)\s+")


class ValueProblem(ValueError):
    """A value that cannot be read; ``str()`` is the Vietnamese sentence, the caller adds the cell's address."""


def _day(year: int, month: int, day: int, typed: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(_("date not understood “{text}”").format(text=typed)) from None


def _month_end(year: int, month: int, typed: str) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueProblem(_("date not understood “{text}”").format(text=typed))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def parse_deadline(value: object, *, year_hint: int | None = None) -> dt.date | None:
    """The deadline ``value`` means: None when empty or "thường xuyên"; :class:`ValueProblem` when not readable.

    ``year_hint``: the year a day-month without year ("trước 30/6") belongs to (the sheet's year, "2024"); without
    it such a date is a problem, never a guess."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day number that lost its date format
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        if 2000 <= value <= 2100 and float(value).is_integer():
            return dt.date(int(value), 12, 31)
        raise ValueProblem(_("date not understood “{text}”").format(text=value))
    typed = " ".join(str(value).split())
    text = fold(typed).rstrip(".;,")
    if not text:
        return None
    if any(text.startswith(w) for w in NO_DEADLINE):
        return None
    for _round in range(2):  # "trước ngày 30/6/2024", "hoàn thành trước 30/6"
        text = _LEAD.sub("", text)
    text = re.sub(r"^ngay\s+", "", text)
    text = re.sub(r"\s+nam\s+(\d{4})$", r"/\1", text) if re.search(r"^\d{1,2}[/.\-]\d{1,2}\s+nam", text) else text
    if m := _ISO.match(text):
        return _day(int(m[1]), int(m[2]), int(m[3]), typed)
    if m := _FULL.match(text):
        return _day(_year(m[3]), int(m[2]), int(m[1]), typed)
    if m := _MONTH.match(text):
        return _month_end(int(m[2]), int(m[1]), typed)
    if m := _QUARTER.match(text):
        q = ROMAN.get(m[1]) or int(m[1])
        return _month_end(int(m[2]), q * 3, typed)
    if m := _HALF.match(text):
        return _month_end(int(m[2]), 6 if "dau" in m[1] else 12, typed)
    if m := _YEAR.match(text):
        return dt.date(int(m[1]), 12, 31)
    if m := _MONTH_BARE.match(text):
        return _month_end(int(m[2]), int(m[1]), typed)
    if m := _DAY_MONTH.match(text):
        if year_hint is None:
            raise ValueProblem(_("date without a year “{text}”").format(text=typed))
        return _day(year_hint, int(m[2]), int(m[1]), typed)
    raise ValueProblem(_("date not understood “{text}”").format(text=typed))


#: Free words of the "Tình trạng / Kết quả thực hiện" column, folded, most specific first (the first that the folded
#: text starts with or contains wins). The user confirms or changes each in the status table.
STATUS_WORDS: tuple[tuple[str, RecStatus], ...] = (
    ("khong thuc hien duoc", RecStatus.CANNOT_DO),
    ("khong the thuc hien", RecStatus.CANNOT_DO),
    ("khong thuc hien", RecStatus.CANNOT_DO),
    ("hoan thanh mot phan", RecStatus.PARTLY_DONE),
    ("thuc hien mot phan", RecStatus.PARTLY_DONE),
    ("mot phan", RecStatus.PARTLY_DONE),
    ("chua thuc hien", RecStatus.NEW),
    ("chua trien khai", RecStatus.NEW),
    ("chua hoan thanh", RecStatus.IN_PROGRESS),
    ("chua", RecStatus.NEW),
    ("dang trien khai", RecStatus.IN_PROGRESS),
    ("dang thuc hien", RecStatus.IN_PROGRESS),
    ("dang khac phuc", RecStatus.IN_PROGRESS),
    ("dang", RecStatus.IN_PROGRESS),
    ("chuyen sang", RecStatus.CARRIED_OVER),
    ("chuyen tiep", RecStatus.CARRIED_OVER),
    ("rut", RecStatus.WITHDRAWN),
    ("huy", RecStatus.WITHDRAWN),
    ("bao cao da", RecStatus.REPORTED_DONE),
    ("da thuc hien", RecStatus.DONE),
    ("da hoan thanh", RecStatus.DONE),
    ("hoan thanh", RecStatus.DONE),
    ("da khac phuc", RecStatus.DONE),
    ("da trien khai", RecStatus.DONE),
    ("xong", RecStatus.DONE),
    ("da", RecStatus.DONE),
)


def status_key(text: str | None) -> str:
    """The form a status text is grouped by in the status table: folded, first clause only ("Đã thực hiện, đã ban
    hành KH số 12" and "Đã thực hiện" are one entry)."""
    folded = fold(text)
    return re.split(r"[,;.:(\n]", folded, maxsplit=1)[0].strip()


def guess_status(text: str | None) -> RecStatus | None:
    """ssdesk's status for the words typed, or None when no rule knows them (the user must say)."""
    key = status_key(text)
    if not key:
        return None
    for words, status in STATUS_WORDS:
        if key.startswith(words):
            return status
    for words, status in STATUS_WORDS:
        if len(words) > 4 and re.search(rf"\b{words}\b", key):
            return status
    return None


def year_in(text: str | None) -> int | None:
    """A year written in a sheet's or file's name ("Theo dõi KN 2024", "Sheet 2023"), for day-month deadlines."""
    found = re.findall(r"(?<!\d)(20\d\d)(?!\d)", text or "")
    return int(found[-1]) if found else None


def date_in(text: str | None) -> dt.date | None:
    """The date a document's reference gives ("Thông báo số 125-TB/TU ngày 05/3/2024"), or None."""
    m = re.search(r"ngay\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", fold(text))
    if m is None:
        return None
    try:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
