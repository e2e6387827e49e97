"""bm25 computed here, over a few hundred candidates, instead of by FTS5 over every match.

Why: FTS5's ``bm25()`` needs each phrase's document frequency, and it gets it by walking the phrase's WHOLE doclist
once per query. On 730,000 index rows a common word ("dang", "thanh") or a long quoted phrase costs 30–200 ms for
that walk alone, even when only the newest 1,000 matches are ranked. Here the frequency is counted exactly when a
phrase matches few rows and estimated from the density of its newest matches otherwise (index rowids grow with
time, so the newest ``SAMPLE`` matches span a slice of the rowid range in proportion to how common the phrase is).
The score is FTS5's own formula (``fts5_aux.c``: k1 = 1.2, b = 0.75, column weights, row length over the average),
so on a small file — where every frequency is exact — the order is the order FTS5 would give.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

K1 = 1.2
B = 0.75
#: A phrase with at most this many matches has its frequency counted; a commoner one has it estimated.
SAMPLE = 1000
#: A phrase estimated to match at most this many rows is counted exactly (see :func:`phrase_frequency`).
EXACT_LIMIT = 50_000
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Phrase:
    """One FTS5 phrase of the query: its folded tokens, the last one matching as a prefix or not."""

    tokens: tuple[str, ...]
    prefix: bool

    def fts(self) -> str:
        return '"' + " ".join(self.tokens) + '"' + ("*" if self.prefix else "")

    def needle(self) -> str:
        """The phrase as it appears in :func:`spaced` text: tokens two spaces apart, a space before the first and,
        unless the last is a prefix, after it — so ``str.count`` finds whole tokens only."""
        return " " + "  ".join(self.tokens) + ("" if self.prefix else " ")


def _varint(blob: bytes, pos: int) -> tuple[int, int]:
    """SQLite's variable-length integer (FTS5 stores its totals with it): value and the next position."""
    value = 0
    for i in range(8):
        byte = blob[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos + i + 1
    return (value << 8) | blob[pos + 8], pos + 9


def table_stats(conn: Any, fts: str) -> tuple[int, float]:
    """(rows, average tokens per row over all columns) from FTS5's own totals record (``%_data`` id 1)."""
    row = conn.exec_driver_sql(f"SELECT block FROM {fts}_data WHERE id = 1").first()
    if row is None or not row[0]:
        return 0, 1.0
    blob = bytes(row[0])
    n_rows, pos = _varint(blob, 0)
    tokens = 0
    while pos < len(blob):
        value, pos = _varint(blob, pos)
        tokens += value
    return n_rows, (tokens / n_rows if n_rows else 1.0)


def doc_frequency(conn: Any, fts: str, phrase: Phrase, n_rows: int, max_rowid: int) -> float:
    """How many rows hold ``phrase``: counted when at most :data:`SAMPLE` do, else estimated from the rowid span
    of the newest :data:`SAMPLE` matches (cheap: FTS5 walks a doclist backwards without scoring)."""
    return phrase_frequency(conn, fts, phrase, n_rows, max_rowid)[0]


def phrase_frequency(conn: Any, fts: str, phrase: Phrase, n_rows: int, max_rowid: int) -> tuple[float, bool]:
    """(rows holding ``phrase``, counted exactly?). Counted when at most :data:`SAMPLE` rows do, or when the
    estimate from the newest SAMPLE matches is at most :data:`EXACT_LIMIT` (a walk of that many rowids costs a
    millisecond or two); estimated for a phrase commoner than that, whose walk is what costs tens of ms."""
    expr = phrase.fts()
    row = conn.exec_driver_sql(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                               (expr, SAMPLE - 1)).first()
    if row is not None:
        span = max(1, max_rowid - int(row[0]) + 1)
        density = n_rows / max(1, max_rowid)  # deleted rows leave holes in the rowid range
        estimate = min(float(n_rows), SAMPLE / (span * density) * n_rows)
        if estimate > EXACT_LIMIT:
            return estimate, False
    return float(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {fts} WHERE {fts} MATCH ?", (expr,)).scalar_one()), True


def doc_frequencies(conn: Any, fts: str, phrases: Sequence[Phrase], n_rows: int,
                    max_rowid: int) -> tuple[list[float], bool]:
    """:func:`phrase_frequency` of each phrase, and whether every one was counted exactly: then FTS5's own bm25
    gives exactly our order at the cost of walks no longer than EXACT_LIMIT, and the caller lets FTS5 rank."""
    found = [phrase_frequency(conn, fts, p, n_rows, max_rowid) for p in phrases]
    return [f for f, _exact in found], all(exact for _f, exact in found)


def idf(n_rows: int, hits: float) -> float:
    value = math.log((n_rows - hits + 0.5) / (hits + 0.5))
    return value if value > 0 else 1e-6


def row_length(docsize: bytes | None) -> int:
    """Tokens in a row, all columns, from FTS5's ``%_docsize`` record (one varint per column): no re-tokenizing."""
    if not docsize:
        return 0
    blob = bytes(docsize)
    if max(blob) < 0x80:  # every column under 128 tokens: one byte each
        return sum(blob)
    total, pos = 0, 0
    while pos < len(blob):
        value, pos = _varint(blob, pos)
        total += value
    return total


#: Runs of what the unicode61 tokenizer does not keep (anything but letters and digits; "_" is replaced first, since
#: ``\w`` keeps it), the newline excepted.
_SEPARATORS = re.compile(r"[^\w\n]+")


def spaced(texts: Sequence[str | None]) -> list[str]:
    """Each text reduced to its tokens, two spaces between them and one at each end: a token or phrase is then a
    plain substring (:meth:`Phrase.needle`), counted by ``str.count``. One regex pass over all the texts joined by a
    newline (folded text never holds one: folding turns white space into single spaces)."""
    joined = "\n".join(t or "" for t in texts)
    if "_" in joined:
        joined = joined.replace("_", " ")
    joined = _SEPARATORS.sub("  ", joined)
    return [f" {part} " for part in joined.split("\n")]


def scores(columns: Sequence[Sequence[str | None]], lengths: Sequence[int], weights: Sequence[float],
           phrases: Sequence[Phrase], idfs: Sequence[float], avgdl: float) -> list[float]:
    """FTS5's bm25 of each row (negated like FTS5's: smaller is better). ``columns[c][i]`` is column ``c`` of row
    ``i``; ``lengths[i]`` its tokens in all columns. A phrase repeated back to back ("a a a" holding "a a") counts
    its non-overlapping instances, where FTS5 counts every start; nothing else differs."""
    norms = [K1 * (1 - B + B * n / max(avgdl, 1e-9)) for n in lengths]
    totals = [0.0] * len(lengths)
    prepared = [(spaced(texts), weight) for texts, weight in zip(columns, weights, strict=True)]
    for phrase, weight_idf in zip(phrases, idfs, strict=True):
        needle = phrase.needle()
        freqs = [0.0] * len(lengths)
        for texts, weight in prepared:
            for i, text in enumerate(texts):
                n = text.count(needle)
                if n:
                    freqs[i] += weight * n
        for i, freq in enumerate(freqs):
            totals[i] -= weight_idf * (freq * (K1 + 1) / (freq + norms[i]))
    return totals
