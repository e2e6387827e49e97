"""A grid table for the PDF that lays out 10,000 rows in a few seconds: cells wrapped once on cached word widths,
drawn as one text object and one path per page.

Why not ReportLab's ``Table`` of ``Paragraph`` cells: each cell is parsed as markup, wrapped, and re-measured at
every page split — a 10,000-row follow-up report took 15 to 50 s. Table cells here are plain text (no markup), so
a greedy word wrap on the font's metrics (widths cached per word) gives the same lines, rows never split across
pages (a row taller than a page is cut with "…", the DOCX and XLSX keep the full text), and the header row repeats
on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from ssdesk.documents import fonts

PAD_X, PAD_TOP, PAD_BOTTOM = 3.0, 2.0, 3.0
RULE = 0.5


class _Measure:
    """Word widths at size 1 for one face, cached: a report repeats the same few thousand words."""

    def __init__(self, face: str) -> None:
        self.font = pdfmetrics.getFont(face)
        self.cache: dict[str, float] = {}
        self.wrapped: dict[tuple[str, float, float], list[tuple[str, float]]] = {}
        self.space = self.font.stringWidth(" ", 1)

    def width(self, word: str) -> float:
        w = self.cache.get(word)
        if w is None:
            w = self.cache[word] = self.font.stringWidth(word, 1)
        return w

    def lines(self, text: str, width: float, size: float) -> list[tuple[str, float]]:
        """Greedy wrap of ``text`` into ``width`` points: (line, its width) pairs; a word wider than the column
        is broken between characters. Short texts (a unit, a date, a status: most cells) are wrapped once."""
        if len(text) > 80:
            return self._lines(text, width, size)
        key = (text, width, size)
        found = self.wrapped.get(key)
        if found is None:
            found = self.wrapped[key] = self._lines(text, width, size)
        return found

    def _lines(self, text: str, width: float, size: float) -> list[tuple[str, float]]:
        out: list[tuple[str, float]] = []
        limit = width / size
        for para in text.split("\n"):
            cur: list[str] = []
            used = 0.0
            for word in para.split():
                w = self.width(word)
                if w > limit:  # a long number or path: break it
                    if cur:
                        out.append((" ".join(cur), used * size))
                        cur, used = [], 0.0
                    piece = ""
                    for ch in word:
                        if piece and self.width(piece + ch) > limit:
                            out.append((piece, self.width(piece) * size))
                            piece = ""
                        piece += ch
                    word, w = piece, self.width(piece)
                if cur and used + self.space + w > limit:
                    out.append((" ".join(cur), used * size))
                    cur, used = [], 0.0
                used += (self.space if cur else 0.0) + w
                cur.append(word)
            out.append((" ".join(cur), used * size))
        return out


_measures: dict[str, _Measure] = {}


def measure(face: str) -> _Measure:
    if face not in _measures:
        fonts.ensure_fonts()
        _measures[face] = _Measure(face)
    return _measures[face]


class _Encoder:
    """Text-showing operators for one TrueType face in one PDF, words encoded once.

    ReportLab maps every character of every string to its font subset again (``splitString``, most of a long
    table's drawing time); a character's subset and code never change within a document, so a word's encoding is
    computed once and lines are joined from their words."""

    def __init__(self, face: str, doc: Any) -> None:
        self.font = pdfmetrics.getFont(face)
        self.doc = doc
        self.words: dict[str, list[tuple[int, bytes]]] = {}
        self.names: dict[int, str] = {}
        self.lines: dict[str, tuple[tuple[int, str], ...]] = {}
        self.space = self.encode_word(" ")

    def encode_word(self, word: str) -> list[tuple[int, bytes]]:
        found = self.words.get(word)
        if found is None:
            found = self.words[word] = [(n, bytes(t)) for n, t in self.font.splitString(word, self.doc)]
        return found

    def name(self, subset: int) -> str:
        if subset not in self.names:
            self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return self.names[subset]

    def encode_line(self, line: str) -> tuple[tuple[int, str], ...]:
        """(subset, escaped bytes) runs of a line; a line seen before (a date, a status) is not encoded again."""
        found = self.lines.get(line)
        if found is None:
            runs: list[tuple[int, bytearray]] = []
            for i, word in enumerate(line.split(" ")):
                for subset, data in ((self.space if i else []) + self.encode_word(word)):
                    if runs and runs[-1][0] == subset:
                        runs[-1][1].extend(data)
                    else:
                        runs.append((subset, bytearray(data)))
            found = tuple((subset, escapePDF(bytes(data))) for subset, data in runs)
            if len(line) < 40:
                self.lines[line] = found
        return found

    def show(self, line: str, size: str, code: list[str], current: list[Any]) -> None:
        """Append ``Tf``/``Tj`` operators for ``line``; ``current`` holds the (encoder, subset) last selected."""
        for subset, data in self.encode_line(line):
            if current[0] != (self, subset):
                code.append(f"{self.name(subset)} {size} Tf")
                current[0] = (self, subset)
            code.append(f"({data}) Tj")


@dataclass(frozen=True)
class _Row:
    cells: tuple[tuple[tuple[str, float], ...], ...]  # per column: its lines with their widths
    height: float


class GridTable(Flowable):
    """Header row + rows, fixed column widths, top-aligned cells; splits between rows and repeats the header."""

    def __init__(self, header: _Row, rows: list[_Row], widths: list[float], align: tuple[str, ...], size: float,
                 leading: float) -> None:
        super().__init__()
        self.header, self.rows, self.widths, self.align = header, rows, widths, align
        self.size, self.leading = size, leading
        self.width = sum(widths)
        self.height = header.height + sum(r.height for r in rows)

    @classmethod
    def build(cls, headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], widths: list[float],
              align: tuple[str, ...], size: float, max_row_height: float) -> GridTable:
        leading = size * 1.2
        regular, bold = measure(fonts.face()), measure(fonts.face(bold=True))
        inner = [w - 2 * PAD_X for w in widths]

        def row(texts: tuple[str, ...], m: _Measure) -> _Row:
            cells = [tuple(m.lines(t, inner[i], size)) for i, t in enumerate(texts)]
            tallest = max((len(c) for c in cells), default=1)
            fits = max(int((max_row_height - PAD_TOP - PAD_BOTTOM) // leading), 1)
            if tallest > fits:  # cut a cell taller than a page; the DOCX and XLSX keep the whole text
                cut = []
                for c in cells:
                    if len(c) > fits:
                        last = c[fits - 1][0].rstrip() + " …"
                        c = (*c[:fits - 1], (last, m.width(last) * size))
                    cut.append(c)
                cells, tallest = cut, fits
            return _Row(tuple(cells), tallest * leading + PAD_TOP + PAD_BOTTOM)

        return cls(row(headers, bold), [row(r, regular) for r in rows], widths, align, size, leading)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        room = availHeight - self.header.height
        used, k = 0.0, 0
        for r in self.rows:
            if used + r.height > room:
                break
            used += r.height
            k += 1
        if k == 0 or k == len(self.rows):
            return []
        cls = type(self)
        return [cls(self.header, self.rows[:k], self.widths, self.align, self.size, self.leading),
                cls(self.header, self.rows[k:], self.widths, self.align, self.size, self.leading)]

    def draw(self) -> None:
        c: Any = self.canv
        doc = c._doc
        encoders = doc.__dict__.get("ssdesk_encoders")
        if encoders is None:  # kept on the PDF being built: its subsets are that document's
            encoders = doc.ssdesk_encoders = {f: _Encoder(f, doc) for f in (fonts.face(), fonts.face(bold=True))}
        regular, bold = encoders[fonts.face()], encoders[fonts.face(bold=True)]
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        path = c.beginPath()
        code: list[str] = ["BT"]
        current: list[Any] = [None]
        size = fp_str(self.size)
        y = self.height
        path.moveTo(0, y)
        path.lineTo(self.width, y)
        for n, row in enumerate([self.header, *self.rows]):
            enc = bold if n == 0 else regular
            for i, lines in enumerate(row.cells):
                align = "C" if n == 0 else self.align[i]
                inner = self.widths[i] - 2 * PAD_X
                base = y - PAD_TOP - self.size * 0.9
                for j, (line, lw) in enumerate(lines):
                    if not line:
                        continue
                    x = xs[i] + PAD_X + (0 if align == "L" else (inner - lw) / (2 if align == "C" else 1))
                    code.append(f"1 0 0 1 {x:.2f} {base - j * self.leading:.2f} Tm")
                    enc.show(line, size, code, current)
            y -= row.height
            path.moveTo(0, y)
            path.lineTo(self.width, y)
        for x in xs:
            path.moveTo(x, 0)
            path.lineTo(x, self.height)
        c.setLineWidth(RULE)
        c.drawPath(path, stroke=1, fill=0)
        code.append("ET")
        c._code.append(" ".join(code))


def fit_widths(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], widths: list[float], size: float,
               pad: float) -> list[float]:
    """Column widths (points) from the content, for the PDF and the DOCX alike (the faces have Times New Roman's
    metrics): no column narrower than its widest word, so a date never breaks as "30/06/202 / 4"; a column whose
    every cell fits on one line is narrowed to its widest cell (or header, up to the width it was given); the
    columns that wrap share what is left in their first proportions. Why here: ``Table.widths`` are guesses made
    before the rows are known."""
    if not widths:
        return widths
    regular, bold = measure(fonts.face()), measure(fonts.face(bold=True))
    slack = 2 * pad + 1.0

    def line(m: _Measure, parts: list[str]) -> float:
        return (sum(m.width(x) for x in parts) + m.space * max(len(parts) - 1, 0)) * size

    needs: list[float] = []
    fixed: list[float | None] = []
    for i, w in enumerate(widths):
        head = headers[i].split()
        word = max((bold.width(x) for x in head), default=0.0) * size
        whole = min(line(bold, head), w - slack)  # a long header wraps by words over short cells
        seen: set[str] = set()
        for row in rows:
            text = row[i]
            if not text or text in seen:
                continue
            seen.add(text)
            parts = text.split()
            word = max(word, max((regular.width(x) for x in parts), default=0.0) * size)
            if whole + slack <= w:  # still one line each: track the widest cell
                whole = max(whole, line(regular, parts))
        needs.append(word + slack)
        fixed.append(whole + slack if whole + slack <= w else (word + slack if word + slack > w else None))
    flex = [i for i, f in enumerate(fixed) if f is None]
    if not flex:  # nothing wraps: the widest column takes the rest
        flex = [max(range(len(widths)), key=lambda i: widths[i])]
    room = sum(widths) - sum(f for i, f in enumerate(fixed) if f is not None and i not in flex)
    share = sum(widths[i] for i in flex)
    out = [f if f is not None else 0.0 for f in fixed]
    for i in flex:
        out[i] = max(widths[i] * room / share, needs[i])
    return out
