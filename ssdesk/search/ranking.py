"""bm25 computed here, over a few hundred candidates, instead of by FTS5 over every match.

Why: FTS5's ``bm25()`` needs each phrase's document frequency, and it gets it by walking the phrase's WHOLE doclist
once per query. On 730,000 index rows a common word ("dang", "thanh") or a long quoted phrase costs 30–200 ms for
that walk alone, even when only the newest 1,000 matches are ranked. Here the frequency is counted exactly when a
phrase matches few rows and estimated from the density of its newest matches otherwise (index rowids grow with
time, so the newest ``SAMPLE`` matches span a slice of the rowid range in proportion to how common the phrase is).
The score is FTS5's own formula (``fts5_aux.c``: k1 = 1.2, b = 0.75, column weights, row length over the average),
so on a small file — where every frequency is exact — the order is the order FTS5 would give.

``conn`` is the file's own DB-API connection (``sqlite3`` or ``sqlcipher3``; from SQLAlchemy's, its
``driver_connection``): the search's statements are SQL text already, and SQLAlchemy's result machinery cost
~0.06 ms a statement — a tenth of a search on an office-sized file (issue 21).
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
#: While FTS5 would walk at most this many doclist entries to count a query's phrases, FTS5 ranks; past it, Python
#: does (:func:`fts5_count_cost`). Chosen from each query of the benchmark timed on both paths at 10k and 100k
#: (docs/benchmark.md): below it FTS5 was faster or within a millisecond, above it Python.
EXACT_LIMIT = 400_000
#: Matches walked per token to estimate that cost (:func:`fts5_count_cost`).
DECIDE_SAMPLE = 100
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
    row = conn.execute(f"SELECT block FROM {fts}_data WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return 0, 1.0
    blob = bytes(row[0])
    n_rows, pos = _varint(blob, 0)
    tokens = 0
    while pos < len(blob):
        value, pos = _varint(blob, pos)
        tokens += value
    return n_rows, (tokens / n_rows if n_rows else 1.0)


def doc_frequency(conn: Any, fts: str, phrase: Phrase, n_rows: int) -> float:
    """How many rows hold ``phrase``: counted when fewer than :data:`SAMPLE` do, else estimated (see
    :func:`doc_frequencies`)."""
    return doc_frequencies(conn, fts, [phrase], n_rows)[0]


def id_range(conn: Any, fts: str) -> tuple[int, int]:
    """The lowest and the highest index row id (one MIN or MAX per SELECT: SQLite reads an end of the b-tree; both
    in one SELECT scanned the table, 46 ms at 100k)."""
    low, high = conn.execute(
        f"SELECT (SELECT MIN(id) FROM {fts}_docsize), (SELECT MAX(id) FROM {fts}_docsize)").fetchone()
    return int(low or 0), int(high or 0)


def _ends(conn: Any, fts: str, phrases: Sequence[Phrase], size: int) -> list[tuple[int, int, int]]:
    """For each phrase, (count, lowest id, highest id) of its newest ``size`` matches, then of its oldest: one
    statement, FTS5 walking each doclist from both ends without scoring (what :func:`doc_frequencies` and
    :func:`fts5_count_cost` estimate from)."""
    sql = " UNION ALL ".join(
        f"SELECT COUNT(*), MIN(rowid), MAX(rowid) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH ?"
        f" ORDER BY rowid {order} LIMIT {int(size)})" for _p in phrases for order in ("DESC", "ASC"))
    return list(conn.execute(sql, tuple(p.fts() for p in phrases for _end in range(2))).fetchall())


def doc_frequencies(conn: Any, fts: str, phrases: Sequence[Phrase], n_rows: int,
                    sample: int | None = None) -> list[float]:
    """Rows holding each phrase, for the idf of :func:`scores`.

    One statement walks the newest and the oldest ``sample`` (default :data:`SAMPLE`) matches of every phrase: a
    phrase with fewer is counted there. A commoner one is estimated from the id spans those matches cover at both
    ends, averaged: a phrase held by one row in ten spans about ten times as many ids as it has matches, and rows
    are not written evenly (a file indexed anew holds its visits first and its attachments last) — the newest end
    alone took "Đảng" at 100k for 95,000 rows of 730,000 where it is in 391,000; the mean of both ends said 351,000,
    and "kiểm" 188,196 for 187,782."""
    if not phrases:
        return []
    size = sample or SAMPLE
    found = _ends(conn, fts, phrases, size)
    values: list[float] = []
    ends: tuple[int, int] | None = None
    for i in range(len(phrases)):
        (count, oldest, _n), (_c, _o, youngest) = found[2 * i], found[2 * i + 1]
        if count < size:  # every match seen: counted
            values.append(float(count))
            continue
        ends = ends or id_range(conn, fts)
        low, high = ends
        per_id = n_rows / max(1, high - low + 1)  # index rows per id: ids leave gaps (deletions, kinds)
        densities = [size / (max(1, span) * per_id) for span in (high - int(oldest) + 1, int(youngest) - low + 1)]
        values.append(min(float(n_rows), sum(densities) / 2 * n_rows))
    return values


def tokens(phrases: Sequence[Phrase]) -> list[Phrase]:
    """Each token of the phrases as a phrase of its own (the last one of a prefix phrase still a prefix), once per
    occurrence: what FTS5 walks to count the phrases (a phrase's doclist is the merge of its tokens')."""
    return [Phrase((t,), p.prefix and i == len(p.tokens) - 1) for p in phrases for i, t in enumerate(p.tokens)]


def fts5_count_cost(conn: Any, fts: str, phrases: Sequence[Phrase], n_rows: int) -> float:
    """About what FTS5's ``bm25()`` walks to count ``phrases``, in doclist entries (the sum of their tokens' doclist
    lengths): the cost that decides who ranks (:data:`EXACT_LIMIT`).

    Why tokens and not phrases: a phrase's count merges the doclists of all its tokens, so a rare seven-word phrase
    of common words ("chuyển đổi số trong cơ quan Đảng") costs FTS5 more (130 ms at 100k) than one common word
    (25 ms). No token holds more than every row, so a small file is decided without a statement. Otherwise one
    statement walks the newest and the oldest :data:`DECIDE_SAMPLE` matches of each token (a fraction of a
    millisecond) and the denser end gives the estimate: rows are not written evenly (a file indexed anew holds its
    visits first and its attachments last), and the newest end alone took "Đảng" for 106,000 rows of 730,000 where
    it is in 391,000 — FTS5 then ranked in 10 ms what Python ranks in 3."""
    parts = tokens(phrases)
    if len(parts) * n_rows <= EXACT_LIMIT:
        return float(len(parts) * n_rows)
    unique = list(dict.fromkeys(parts))
    low, high = id_range(conn, fts)
    per_id = n_rows / max(1, high - low + 1)  # index rows per id: ids leave gaps
    found = _ends(conn, fts, unique, DECIDE_SAMPLE)
    estimates: dict[Phrase, float] = {}
    for i, p in enumerate(unique):
        (count, oldest, _newest), (_n, _oldest, youngest) = found[2 * i], found[2 * i + 1]
        if count < DECIDE_SAMPLE:  # every match seen: counted
            estimates[p] = float(count)
            continue
        spans = (high - int(oldest) + 1, int(youngest) - low + 1)  # ids holding the newest, the oldest matches
        estimates[p] = min(float(n_rows), max(DECIDE_SAMPLE / (span * per_id) for span in spans) * n_rows)
    return sum(estimates[p] for p in parts)


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
#: Every ASCII character but letters, digits and the newline, as a space. Folded text is nearly always ASCII, and
#: ``str.translate`` + ``str.split`` cut it into tokens several times faster than the regex (7 ms → 1 ms for 500
#: statements at 10k).
_ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum() and chr(c) != "\n"})


def spaced(texts: Sequence[str | None]) -> list[str]:
    """Each text reduced to its tokens, two spaces between them and one at each end: a token or phrase is then a
    plain substring (:meth:`Phrase.needle`), counted by ``str.count``. All the texts are joined by a newline (folded
    text never holds one: folding turns white space into single spaces) and cut in one pass."""
    joined = "\n".join(t or "" for t in texts)
    if joined.isascii():
        joined = joined.translate(_ASCII_SEPARATORS)
    else:
        joined = _SEPARATORS.sub(" ", joined.replace("_", " "))
    return [" " + "  ".join(part.split()) + " " for part in joined.split("\n")]


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
