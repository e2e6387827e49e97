"""The preview: every data row of a tracker read into what it will be stored as, with its problems by cell.

Nothing here writes. A row that cannot be read is shown with its problems beside the others (never stops them);
:func:`ssdesk.tracker.apply.apply_plan` refuses a plan that still has errors, so a bad cell writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from ssdesk.enums import RecStatus
from ssdesk.i18n import _
from ssdesk.models import ImportedRow
from ssdesk.search.folding import fold
from ssdesk.tracker.mapping import Layout
from ssdesk.tracker.reading import Table
from ssdesk.tracker.units import UnitMatcher
from ssdesk.tracker.values import ValueProblem, date_in, guess_status, parse_deadline, status_key, year_in

if TYPE_CHECKING:
    from ssdesk.store import Store

_DOC = re.compile(r"\b(?:thong bao|ket luan|tb|kl|van ban|bao cao)\b.*?\d+\s*[-/]\s*[a-z]", re.I)


@dataclass
class Problem:
    where: str  # "Sheet 2024, ô E17"
    message: str
    row: int  # 0-based row of the table
    col: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class PlannedRow:
    row: int  # 0-based in the table
    text: str = ""
    ref: str | None = None
    responsible: str | None = None
    unit_id: str | None = None  # matched unit of the file
    cooperating: str | None = None
    deadline: dt.date | None = None
    status_text: str | None = None
    status: RecStatus | None = None
    note: str | None = None
    document: str | None = None
    status_date: dt.date | None = None
    fingerprint: str = ""
    imported: bool = False  # already in the file (same fingerprint): skipped
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Plan:
    source: str  # the file's name
    table: Table
    layout: Layout
    rows: list[PlannedRow]
    new_units: list[str]  # responsible names with no unit in the file (created only when confirmed)
    status_table: dict[str, RecStatus | None]  # status_key → status; None: the user must say
    status_examples: dict[str, str]  # status_key → the words as first typed
    hidden: int = 0  # hidden rows skipped
    visit_id: str | None = None  # all rows into this visit; None: one visit per conclusion notice

    @property
    def problems(self) -> list[Problem]:
        out = [p for r in self.rows if not r.imported for p in r.problems]
        for key, status in self.status_table.items():
            if status is None:
                first = next(r for r in self.rows if r.status_text and status_key(r.status_text) == key)
                out.append(Problem(self.table.address(first.row), _("status not known “{text}”: say which status it"
                                   " is in the status table").format(text=self.status_examples[key]), first.row))
        return out

    @property
    def new_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if not r.imported]

    def set_status(self, key: str, status: RecStatus | None) -> None:
        """The user's choice in the status table (also remembered by the layout, hence by a saved mapping)."""
        self.status_table[key] = status
        self.layout.statuses[key] = status
        for r in self.rows:
            if r.status_text and status_key(r.status_text) == key:
                r.status = status


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    text = " ".join(str(value).split())
    return text or None


def source_key(source: str, table: str) -> str:
    """What the fingerprints of one sheet share: the file's name (not its path: a copy moved to another folder is
    the same tracker) and the sheet's."""
    return f"{fold(Path(source).name)}\x1f{fold(table)}"


def fingerprint(key: str, values: list[str | None], occurrence: int) -> str:
    """:func:`source_key` + the row's mapped values (not its row number: inserting a row above must not make the
    rows below new), + how many identical rows came before it in the same sheet."""
    raw = "\x1f".join([key, fold("\x1f".join(v or "" for v in values)), str(occurrence)])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _section(line: Sequence[object]) -> str | None:
    """A row that only names a group ("I. Thông báo số 125-TB/TU ngày 5/3/2024", merged across): its text."""
    texts = {t for t in (_text(v) for v in line) if t}
    return texts.pop() if len(texts) == 1 else None


def prepare(store: Store, source: str, table: Table, layout: Layout, *, visit_id: str | None = None,
            year: int | None = None) -> Plan:
    """Read every data row of ``table`` as ``layout`` says; ``year``: for day-month deadlines (default: the year in
    the sheet's or the file's name)."""
    year = year or year_in(table.name) or year_in(Path(source).stem)
    cols = {name: layout.of(name) for name in ("ref", "text", "responsible", "cooperating", "deadline", "status",
                                                "status_mark", "note", "document", "status_date")}
    mapped = [c for c in layout.columns if c.field != "ignore"]
    sheet_key = source_key(source, table.name)
    matcher = UnitMatcher(store)
    with store.read() as s:
        known = set(s.execute(select(ImportedRow.fingerprint)).scalars())
    rows: list[PlannedRow] = []
    seen: dict[str, int] = {}
    hidden = 0
    document: str | None = None
    statuses: dict[str, RecStatus | None] = {}
    examples: dict[str, str] = {}
    new_units: dict[str, str] = {}
    for r in range(layout.data_start, len(table.rows)):
        line = table.rows[r]
        if r in table.hidden:
            hidden += 1
            continue
        if not any(v not in (None, "") for v in line):
            continue
        section = _section(line) if len(mapped) > 1 else None
        if section is not None:
            if _DOC.search(fold(section)):
                document = section
            continue

        def get(name: str, row: int = r, cells: Sequence[object] = line) -> str | None:
            parts = [_text(cells[c.index]) if c.index < len(cells) else None for c in cols[name]]
            joined = "; ".join(dict.fromkeys(p for p in parts if p))
            return joined or None

        item = PlannedRow(row=r, ref=get("ref"), responsible=get("responsible"), cooperating=get("cooperating"),
                          note=get("note"), document=get("document") or document)
        item.text = get("text") or ""
        if not item.text:
            if item.ref and not any(get(n) for n in ("responsible", "deadline", "status")):
                continue  # a numbered row left empty
            where = cols["text"][0].index if cols["text"] else None
            item.problems.append(Problem(table.address(r, where), _("the recommendation's text is empty"), r, where))
        for c in cols["deadline"][:1]:
            value = line[c.index] if c.index < len(line) else None
            try:
                item.deadline = parse_deadline(value, year_hint=year)
            except ValueProblem as exc:
                item.problems.append(Problem(table.address(r, c.index), str(exc), r, c.index))
        for c in cols["status_date"][:1]:
            value = line[c.index] if c.index < len(line) else None
            try:
                item.status_date = parse_deadline(value, year_hint=year)
            except ValueProblem as exc:
                item.problems.append(Problem(table.address(r, c.index), str(exc), r, c.index))
        item.status_text = get("status") or next(
            (c.mark for c in cols["status_mark"] if c.index < len(line) and _text(line[c.index])), None)
        if item.status_text:
            key = status_key(item.status_text)
            if key not in statuses:
                statuses[key] = layout.statuses[key] if key in layout.statuses else guess_status(item.status_text)
                examples[key] = item.status_text
            item.status = statuses[key]
        if item.responsible:
            unit = matcher.match(item.responsible)
            if unit is not None:
                item.unit_id = unit
            else:
                new_units.setdefault(fold(item.responsible), item.responsible)
        values = [_text(line[c.index]) if c.index < len(line) else None for c in mapped]
        base = fingerprint(sheet_key, values, 0)
        seen[base] = seen.get(base, -1) + 1
        item.fingerprint = base if seen[base] == 0 else fingerprint(sheet_key, values, seen[base])
        item.imported = item.fingerprint in known
        rows.append(item)
    return Plan(source=Path(source).name, table=table, layout=layout, rows=rows, new_units=list(new_units.values()),
                status_table=statuses, status_examples=examples, hidden=hidden, visit_id=visit_id)


def visit_date(document: str | None, rows: list[PlannedRow]) -> dt.date:
    """The day a visit made for a notice is dated: the notice's own date, else no later than its first deadline."""
    day = date_in(document)
    if day is not None:
        return day
    deadlines = [r.deadline for r in rows if r.deadline is not None]
    first = min(deadlines) if deadlines else dt.date.today()
    return min(dt.date(first.year, 1, 1), dt.date.today())
