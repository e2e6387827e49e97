"""Search hits as people see them: a title, the date, and a snippet of the ORIGINAL text with the matched words
marked — and :class:`SearchResults`, which dresses them a page at a time.

Why lazily: ranking gives ids in a few milliseconds, while reading each hit's record and cutting its snippet cost
more than the ranking itself on an office-sized file (~0.1 ms a hit). The results list shows about twenty rows at
once, so a page is dressed when one of its hits is first read (the list, the command line and the tests read hits
the same way; the CLI prints them all). Matches are found in the folded text and mapped back, so "hoang mai"
highlights "Hoàng Mai" with its diacritics.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from ssdesk.i18n import N_, _
from ssdesk.search.folding import fold, fold_with_map
from ssdesk.search.index import FIELDS, SOURCES
from ssdesk.search.query import Query
from ssdesk.services.base import entity_label

SNIPPET = 160
_ALIAS = {"visit": "v", "statement": "s", "finding": "f", "recommendation": "r", "follow_up": "f", "attachment": "a"}


@dataclass(frozen=True)
class SearchHit:
    """One result. ``spans`` are (start, end) offsets in ``snippet`` of the matched words."""

    entity: str
    id: str
    visit_id: str | None
    title: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    rank: float
    date: dt.date | None
    #: What the hit is, for people: the entity's label, a recommendation's direction ("Request", "Petition").
    kind: str = ""
    #: The recommendation a recommendation, follow-up step or evidence hit belongs to (where to select it).
    rec_id: str | None = None

    def marked(self, start: str = "[", end: str = "]") -> str:
        out, last = [], 0
        for a, b in self.spans:
            out += [self.snippet[last:a], start, self.snippet[a:b], end]
            last = b
        return "".join(out) + self.snippet[last:]


def dress(conn: Any, q: Query, found: Sequence[tuple[Any, ...]]) -> list[SearchHit]:
    """Hits (entity, id, visit id, score) with their titles and snippets, read from the data on ``conn``: one
    statement per entity and one for their visits, whatever the number of hits."""
    by_entity: dict[str, list[str]] = {}
    for entity, ident, *_rest in found:
        by_entity.setdefault(entity, []).append(ident)
    originals: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, ids in by_entity.items():
        sql = f"{SOURCES[entity]} WHERE {_ALIAS[entity]}.id IN ({', '.join('?' * len(ids))})"
        for row in conn.exec_driver_sql(sql, tuple(ids)):
            originals[(entity, row.id)] = dict(row._mapping)
    visit_ids = sorted({r[2] for r in found if r[2]})
    visits = {r[0]: r for r in conn.exec_driver_sql(
        "SELECT v.id, v.starts_at, v.title, COALESCE(u.name, v.convening_body) FROM visit v"
        " LEFT JOIN unit u ON u.id = v.unit_id"  # a review meeting: no unit, named by its convening body
        f" WHERE v.id IN ({', '.join('?' * len(visit_ids))})", tuple(visit_ids))} if visit_ids else {}
    pattern = _highlighter(q.highlight_tokens())
    hits = []
    for entity, ident, visit_id, score in found:
        row = originals.get((entity, ident))
        if row is None:  # the index is behind the data (a tool wrote around the store): skip, rebuild repairs
            continue
        visit = visits.get(visit_id)
        day = dt.datetime.fromisoformat(str(visit[1])).date() if visit else None
        snippet, spans = _snippet(row, FIELDS[entity], pattern)
        hits.append(SearchHit(entity, ident, visit_id, _title(entity, row, visit, day), snippet, spans,
                              float(score or 0.0), day, kind=_kind(entity, row), rec_id=row.get("rec_id")))
    return hits


class SearchResults(Sequence[SearchHit]):
    """Ranked hits whose titles and snippets are read a page (:attr:`PAGE` hits) at a time, on first access.

    ``connect`` opens a connection to the same database (the store's engine): a page may be dressed later and on
    another thread than the search ran on (the GUI searches on a worker and shows rows on its own thread)."""

    PAGE = 20

    def __init__(self, connect: Callable[[], Any], query: Query, found: Sequence[tuple[Any, ...]]) -> None:
        self._connect = connect
        self._query = query
        self._found = list(found)
        self._pages: dict[int, list[SearchHit]] = {}

    def __len__(self) -> int:
        return len(self._found)

    @overload
    def __getitem__(self, index: int) -> SearchHit: ...

    @overload
    def __getitem__(self, index: slice) -> list[SearchHit]: ...

    def __getitem__(self, index: int | slice) -> SearchHit | list[SearchHit]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        page = index // self.PAGE
        if page not in self._pages:
            with self._connect() as conn:
                self._pages[page] = dress(conn, self._query, self._found[page * self.PAGE:(page + 1) * self.PAGE])
        return self._pages[page][index % self.PAGE]

    def __iter__(self) -> Iterator[SearchHit]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same hits in the same order (a list of them included)."""
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable cache inside; compared by content

    @property
    def ids(self) -> list[str]:
        """The hits' record ids in rank order, without reading any record."""
        return [str(f[1]) for f in self._found]


#: A recommendation's kind by its direction: a request to the unit, or a petition from it.
DIRECTION_KINDS = {"request": N_("Request"), "petition": N_("Petition")}


def _kind(entity: str, row: dict[str, Any]) -> str:
    if entity == "recommendation" and row.get("direction") in DIRECTION_KINDS:
        return _(DIRECTION_KINDS[row["direction"]])
    return entity_label(entity)


def _title(entity: str, row: dict[str, Any], visit: Any, day: dt.date | None) -> str:
    """What the hit is called: a visit by its own title ("Làm việc với Quận ủy…", never prefixed by "Working
    session", which the title already says) or its unit; a part by its kind and name, then its visit's unit and
    date."""
    name = {"visit": row.get("title") or row.get("unit_name") or row.get("delegation_name"),
            "statement": row.get("speaker_name"), "recommendation": row.get("ref"),
            "follow_up": row.get("reporter"), "attachment": row.get("name")}
    if entity == "visit":
        parts = [str(row.get("title") or "").strip() or f"{entity_label(entity)} {row.get('unit_name') or ''}".strip()]
    else:
        parts = [f"{_kind(entity, row)} {name.get(entity) or ''}".strip()]
    if visit is not None and entity != "visit":
        parts.append(visit[3])
    if day is not None:
        parts.append(day.strftime("%d/%m/%Y"))
    return " — ".join(parts)


def _highlighter(tokens: list[tuple[str, bool]]) -> re.Pattern[str] | None:
    """One pattern for all the query's tokens (longest first), compiled once per search, matched in folded text."""
    if not tokens:
        return None
    alternatives = "|".join(re.escape(t) + (r"[^\W_]*" if prefix else r"(?![^\W_])")
                            for t, prefix in sorted(tokens, key=lambda x: -len(x[0])))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})")


def _matches(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """Spans in ``text`` (original) of the query's tokens, found in its folded form."""
    if pattern is None:
        return []
    folded, origin = fold_with_map(text)
    spans = []
    for m in pattern.finditer(folded):
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        while end < len(text) and fold(text[end]) == "" and not text[end].isspace():
            end += 1  # a combining mark of decomposed input belongs to the letter before it
        spans.append((start, end))
    return spans


def _snippet(row: dict[str, Any], fields: tuple[tuple[str, ...], tuple[str, ...]],
             pattern: re.Pattern[str] | None) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The window of ~SNIPPET characters of the field with the most matches (long text preferred on a tie)."""
    best: tuple[int, str, list[tuple[int, int]]] = (-1, "", [])
    for name in fields[1] + fields[0]:
        text = " ".join(str(row.get(name) or "").split())
        if text:
            spans = _matches(text, pattern)
            if len(spans) > best[0]:
                best = (len(spans), text, spans)
    _n, text, spans = best
    if len(text) <= SNIPPET:
        return text, tuple(spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - SNIPPET // 4, len(text) - SNIPPET))
    if start:
        start = text.find(" ", start) + 1 or start  # do not cut a word in two
    end = start + SNIPPET
    cut = text.rfind(" ", start, end)
    end = cut if cut > start + SNIPPET // 2 and end < len(text) else end
    prefix = "…" if start else ""
    out = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    return out, tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
