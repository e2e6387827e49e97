"""Which column holds what: the header row found under a title block, each column's field guessed from the words
offices use, the user's corrections, and the mapping saved as TOML for next year's workbook of the same shape.

Why guesses from words and not positions: every office orders its columns differently, and the same office changes
them between years; the words ("Nội dung kiến nghị", "Đơn vị chủ trì", "Thời hạn") are what stays.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ssdesk.enums import RecStatus
from ssdesk.i18n import N_, _
from ssdesk.search.folding import fold
from ssdesk.tracker.reading import Table, TrackerError
from ssdesk.tracker.values import guess_status, status_key

#: The fields a column can hold, with their labels (what the wizard's combo boxes show).
FIELDS: dict[str, str] = {
    "ignore": N_("(not imported)"),
    "ref": N_("No."),
    "text": N_("Recommendation"),
    "responsible": N_("Unit in charge"),
    "cooperating": N_("Cooperating units"),
    "deadline": N_("Deadline"),
    "status": N_("Status / result"),
    "status_mark": N_("Status mark (x)"),
    "note": N_("Note"),
    "document": N_("Conclusion notice"),
    "status_date": N_("Date of the result"),
}

#: Folded header words → field, the first rule whose words all occur wins (more specific rules first).
RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("phoi hop",), "cooperating"),
    (("don vi", "thuc hien"), "responsible"),
    (("chu tri",), "responsible"),
    (("co quan", "thuc hien"), "responsible"),
    (("don vi",), "responsible"),
    (("trach nhiem",), "responsible"),
    (("thoi han",), "deadline"),
    (("thoi gian", "hoan thanh"), "deadline"),
    (("han", "hoan thanh"), "deadline"),
    (("ngay", "cap nhat"), "status_date"),
    (("ngay", "bao cao"), "status_date"),
    (("thong bao",), "document"),
    (("ket luan", "so"), "document"),
    (("van ban",), "document"),
    (("can cu",), "document"),
    (("tinh trang",), "status"),
    (("ket qua",), "status"),
    (("tinh hinh", "thuc hien"), "status"),
    (("tien do",), "status"),
    (("ghi chu",), "note"),
    (("noi dung",), "text"),
    (("kien nghi",), "text"),
    (("yeu cau",), "text"),
    (("de nghi",), "text"),
    (("stt",), "ref"),
    (("so tt",), "ref"),
    (("tt",), "ref"),
)


def guess_field(header: str | None) -> str:
    """The field a column's header names, or "ignore"."""
    words = fold(header)
    if not words:
        return "ignore"
    padded = f" {re.sub(r'[^a-z0-9]+', ' ', words)} "
    for needed, name in RULES:
        if all(f" {w} " in padded for w in needed):
            return name
    return "ignore"


@dataclass
class Column:
    index: int
    header: str
    field: str
    mark: str | None = None  # for "status_mark": the status words of its sub-header ("Đã thực hiện")


@dataclass
class Layout:
    """Where the data starts and what each column holds."""

    header_rows: list[int]  # 0-based; two for a two-row header
    columns: list[Column]
    data_start: int
    statuses: dict[str, RecStatus | None] = field(default_factory=dict)  # status_key → status (user-confirmed)

    def of(self, name: str) -> list[Column]:
        return [c for c in self.columns if c.field == name]


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _score(row: Sequence[object], saved: SavedMapping | None) -> int:
    """How many different fields a row's cells name (a header names several; a title or a data row hardly any)."""
    known = saved.columns if saved is not None else {}
    return len({known.get(fold(_text(v))) or guess_field(_text(v)) for v in row if isinstance(v, str)} - {"ignore"})


def _is_numbering(row: Sequence[object]) -> bool:
    """The row of column numbers offices put under a header: "(1) (2) (3)", "1 2 3", "A B C"."""
    cells = [_text(v) for v in row if v not in (None, "")]
    return len(cells) >= 3 and all(re.fullmatch(r"\(?(\d{1,2}|[A-Z])\)?", c) for c in cells)


def find_layout(table: Table, saved: SavedMapping | None = None) -> Layout:
    """The header row (within the first 40 rows, under any title block) and each column's guessed field; a saved
    mapping's choices win for the headers it knows."""
    best, best_score = None, 1
    for r, row in enumerate(table.rows[:40]):
        score = _score(row, saved)
        if score > best_score:
            best, best_score = r, score
    if best is None:
        raise TrackerError(_("{where}: no header row found (a row naming the columns, such as “Nội dung kiến nghị”,"
                             " “Thời hạn”).").format(where=table.address(0).rsplit(",", 1)[0]))
    headers = [_text(table.value(best, c)) for c in range(table.width)]
    rows = [best]
    subs: list[str] = [""] * table.width
    nxt = best + 1
    if best in table.across and nxt < len(table.rows) and not _is_numbering(table.rows[nxt]):
        below = [_text(table.value(nxt, c)) for c in range(table.width)]
        if any(b and b != h for b, h in zip(below, headers, strict=True)) and all(len(b) < 60 for b in below):
            subs = [b if b != h else "" for b, h in zip(below, headers, strict=True)]
            rows.append(nxt)
    columns = []
    for c, (head, sub) in enumerate(zip(headers, subs, strict=True)):
        full = f"{head} {sub}".strip() if sub else head
        name = guess_field(full)
        mark = None
        if sub and guess_field(head) == "status" and guess_status(sub) is not None:
            name, mark = "status_mark", sub
        elif sub and name == "ignore":
            name = guess_field(sub)
        if saved is not None and fold(full) in saved.columns:
            name = saved.columns[fold(full)]
            mark = sub or head if name == "status_mark" else None
        columns.append(Column(c, full, name, mark))
    start = rows[-1] + 1
    while start < len(table.rows) and _is_numbering(table.rows[start]):
        start += 1
    statuses = dict(saved.statuses) if saved is not None else {}
    return Layout(header_rows=rows, columns=columns, data_start=start, statuses=statuses)


@dataclass
class SavedMapping:
    """A mapping kept for next year: folded header → field, folded status words → status."""

    columns: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, RecStatus | None] = field(default_factory=dict)


def save_mapping(layout: Layout, path: str | Path) -> None:
    """Write ``layout``'s choices as TOML (readable and editable by hand)."""
    lines = ["# ssdesk: cột của sổ theo dõi kiến nghị → trường (ssdesk import-table --map)", "[columns]"]
    lines += [f"{json.dumps(fold(c.header), ensure_ascii=False)} = {json.dumps(c.field)}"
              for c in layout.columns if c.header]
    lines += ["", "[statuses]"]
    lines += [f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v.value)}"
              for k, v in sorted(layout.statuses.items()) if v is not None]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_mapping(path: str | Path) -> SavedMapping:
    """Read a mapping written by :func:`save_mapping` (or by hand); a wrong field or status is named."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TrackerError(_("The mapping “{name}” cannot be read: {reason}").format(name=Path(path).name,
                                                                                     reason=exc)) from exc
    saved = SavedMapping()
    for header, name in dict(data.get("columns", {})).items():
        if name not in FIELDS:
            raise TrackerError(_("The mapping “{name}”: unknown field “{field}” for the column “{header}”.")
                               .format(name=Path(path).name, field=name, header=header))
        saved.columns[fold(header)] = name
    for words, value in dict(data.get("statuses", {})).items():
        try:
            saved.statuses[status_key(words)] = RecStatus(value)
        except ValueError:
            raise TrackerError(_("The mapping “{name}”: unknown status “{status}”.")
                               .format(name=Path(path).name, status=value)) from None
    return saved
