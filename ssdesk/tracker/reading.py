"""Reading a tracker into plain tables: every sheet of a workbook, a CSV file, every table of a Word document.

Why one shape (:class:`Table`) for the three: offices keep the same tracker as an Excel sheet one year and as the
table of a Word report the next, and everything after reading (finding the header, guessing the columns, the preview)
must not care. Merged cells are filled with their value in every cell they cover (a unit merged down over three
recommendations is the unit of each), and the rows that hold a merge across columns are remembered: that is how a
two-row header ("Tình hình thực hiện" over "Đã thực hiện | Đang thực hiện") is recognised. Hidden rows are kept but
marked: an office hides rows it dropped, and the importer skips them (and says how many).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".docx")
Value = str | int | float | dt.date | dt.datetime | None


@dataclass
class Table:
    """One sheet or Word table: ``rows[i][j]`` is the value of row ``i``, column ``j`` (0-based, merges filled)."""

    name: str
    rows: list[list[Value]]
    hidden: set[int] = field(default_factory=set)
    across: set[int] = field(default_factory=set)  # rows holding a cell merged across columns
    kind: str = "sheet"  # "sheet" (Excel, CSV) or "table" (Word)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> Value:
        line = self.rows[row]
        return line[col] if col < len(line) else None

    def address(self, row: int, col: int | None = None) -> str:
        """How the person finds the cell: "Sheet 2024, ô E17" / "Bảng 2, ô C5" (or the row alone)."""
        where = _("Sheet {name}").format(name=self.name) if self.kind == "sheet" else self.name
        if col is None:
            return _("{where}, row {row}").format(where=where, row=row + 1)
        return _("{where}, cell {cell}").format(where=where, cell=f"{column_letter(col)}{row + 1}")


def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA (Excel's names, also used for Word tables and CSV files)."""
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


class TrackerError(SsdeskError):
    """The file cannot be read as a tracker at all (wrong kind, damaged, no table); the message names the file."""


def read_tables(path: str | Path) -> list[Table]:
    """Every sheet (Excel, in workbook order; CSV: one) or table (Word) of the tracker ``path``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TrackerError(_("“{name}” is not an Excel workbook (.xlsx), a CSV file or a Word document (.docx).")
                           .format(name=path.name))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrackerError(_("Cannot read “{name}”: {reason}").format(name=path.name, reason=exc.strerror)) from exc
    try:
        if suffix == ".csv":
            tables = [_read_csv(data, path.stem)]
        elif suffix == ".docx":
            tables = _read_docx(data)
        else:
            tables = _read_xlsx(data)
    except TrackerError:
        raise
    except Exception as exc:  # openpyxl/python-docx raise many kinds on a damaged or mislabelled file
        raise TrackerError(_("“{name}” cannot be read: {reason}").format(name=path.name, reason=exc)) from exc
    if not tables:
        raise TrackerError(_("“{name}” holds no table.").format(name=path.name))
    return tables


def _read_csv(data: bytes, name: str) -> Table:
    text = data.decode("utf-8-sig") if _is_utf8(data) else data.decode("cp1258", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Value]] = [[c.strip() or None for c in line] for line in csv.reader(io.StringIO(text), dialect)]
    return Table(name=name, rows=rows)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NO = re.compile(rb"\br=\"(\d+)\"")
_HIDDEN = re.compile(rb"\bhidden=\"(?:1|true)\"")


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _read_xlsx(data: bytes) -> list[Table]:
    """Values through openpyxl's read-only reader (twice as fast on 10,000 rows: the preview must stay under two
    seconds); merged ranges and hidden rows, which that reader does not give, straight from each sheet's XML."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    tables = []
    try:
        for sheet in book.worksheets:
            rows: list[list[Value]] = [list(r) for r in sheet.iter_rows(values_only=True)]
            table = Table(name=sheet.title, rows=rows)
            with sheet._get_source() as source:  # noqa: SLF001 - the sheet's XML, for what read-only mode skips
                xml = source.read()
            for m in _ROW.finditer(xml):
                attrs = m.group(1)
                if _HIDDEN.search(attrs) and (number := _ROW_NO.search(attrs)):
                    table.hidden.add(int(number.group(1)) - 1)
            for m in _MERGE.finditer(xml):
                c1, r1, c2, r2 = _column_index(m[1]) - 1, int(m[2]) - 1, _column_index(m[3]) - 1, int(m[4]) - 1
                if r1 >= len(rows):
                    continue
                top = rows[r1][c1] if c1 < len(rows[r1]) else None
                for r in range(r1, min(r2 + 1, len(rows))):
                    line = rows[r]
                    line.extend([None] * (c2 + 1 - len(line)))
                    for c in range(c1, c2 + 1):
                        line[c] = top
                    if c2 > c1:
                        table.across.add(r)
            tables.append(table)
    finally:
        book.close()
    return tables


def _read_docx(data: bytes) -> list[Table]:
    import docx

    document = docx.Document(io.BytesIO(data))
    tables = []
    for n, source in enumerate(document.tables, start=1):
        table = Table(name=_("Table {n}").format(n=n), rows=[], kind="table")
        for r, row in enumerate(source.rows):
            cells = row.cells  # a cell merged across columns comes once per column; down: the top cell again
            line: list[Value] = []
            previous = None
            for cell in cells:
                if previous is not None and cell._tc is previous:  # noqa: SLF001 - python-docx's own element
                    table.across.add(r)
                previous = cell._tc  # noqa: SLF001
                line.append(cell.text.strip() or None)
            table.rows.append(line)
        tables.append(table)
    return tables
