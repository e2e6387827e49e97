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


def _read_xlsx(data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True)
    tables = []
    for sheet in book.worksheets:
        rows: list[list[Value]] = [list(r) for r in sheet.iter_rows(values_only=True)]
        table = Table(name=sheet.title, rows=rows)
        for rng in sheet.merged_cells.ranges:
            top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else None
            for r in range(rng.min_row - 1, min(rng.max_row, len(rows))):
                line = rows[r]
                line.extend([None] * (rng.max_col - len(line)))
                for c in range(rng.min_col - 1, rng.max_col):
                    line[c] = top
                if rng.max_col > rng.min_col:
                    table.across.add(r)
        table.hidden = {r - 1 for r, dim in sheet.row_dimensions.items() if dim.hidden}
        tables.append(table)
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
