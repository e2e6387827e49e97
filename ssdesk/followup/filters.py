"""Saved filters of the recommendation list, kept in the case file.

Why in the case file and not in the user's settings: the office shares one file; "overdue, Đoàn số 1, requests"
saved by one secretary is there for the colleague who opens the file on another laptop, and survives a merge.
Criteria are stored as JSON of ids and values (never labels), and checked against the file when saved and when
applied, so a filter naming a deleted unit says so instead of silently matching nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Integer, String, and_, case, func, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.types import NullType

from ssdesk.enums import Direction, RecStatus
from ssdesk.errors import NotFoundError, ValidationError
from ssdesk.followup.schedule import NOT_WAITING
from ssdesk.i18n import _
from ssdesk.models import Delegation, Programme, Recommendation, SavedFilter, Unit, Visit
from ssdesk.search.folding import TOKEN, fold
from ssdesk.services.recommendations import RecommendationRow, is_overdue
from ssdesk.services.validation import Checker, as_date

if TYPE_CHECKING:
    from ssdesk.store import Store


def parse_status(value: str | RecStatus) -> RecStatus:
    """A status by value, English label or Vietnamese label, whatever the interface language (a secretary types
    "Đang thực hiện" in a script even when the app runs in English)."""
    if isinstance(value, RecStatus):
        return value
    key = unicodedata.normalize("NFC", value).strip().casefold()
    for member in RecStatus:
        if key in {member.value, member.label.casefold(), member.label_in("vi").casefold(),
                   member.label_in("en").casefold()}:
            return member
    raise ValidationError.one("status", _("Unknown status “{value}”; use one of: {values}.").format(
        value=value, values=", ".join(s.value for s in RecStatus)))


@dataclass(frozen=True)
class Criteria:
    """What a filter selects; empty fields select everything."""

    delegation_id: str | None = None
    unit_id: str | None = None
    statuses: tuple[RecStatus, ...] = ()
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None
    direction: Direction | None = None
    programme_id: str | None = None
    overdue_only: bool = False
    text: str | None = None  # words in the number, text, addressee, responsible, unit or delegation (see _text_conds)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # reserved: keys of newer versions

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("extra")
        data["statuses"] = [s.value for s in self.statuses]
        data["direction"] = self.direction.value if self.direction else None
        for key in ("deadline_from", "deadline_to"):
            data[key] = data[key].isoformat() if data[key] else None
        return json.dumps({**self.extra, **data}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Criteria:
        """Typed criteria from loose values (JSON, a form, the CLI); every bad value reported at once."""
        check = Checker()
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        raw_statuses = values.get("statuses") or ()
        if isinstance(raw_statuses, str):
            raw_statuses = (raw_statuses,)
        statuses = []
        for value in raw_statuses:
            try:
                statuses.append(parse_status(value))
            except ValidationError as exc:
                check.add("statuses", exc.errors[0].message)
        direction = check.enum("direction", Direction, values.get("direction"), required=False)
        start = as_date(check, "deadline_from", values.get("deadline_from"))
        end = as_date(check, "deadline_to", values.get("deadline_to"))
        check.order("deadline_from", start, "deadline_to", end, _("The range must end on or after its start."))
        check.raise_if_any()
        return cls(delegation_id=values.get("delegation_id") or None, unit_id=values.get("unit_id") or None,
                   statuses=tuple(statuses), deadline_from=start, deadline_to=end, direction=direction,
                   programme_id=values.get("programme_id") or None, overdue_only=bool(values.get("overdue_only")),
                   text=str(values.get("text") or "").strip() or None,
                   extra={k: v for k, v in values.items() if k not in known})


def _check_refs(s: Any, c: Criteria) -> None:
    check = Checker()
    for name, model, ident in (("delegation_id", Delegation, c.delegation_id), ("unit_id", Unit, c.unit_id),
                               ("programme_id", Programme, c.programme_id)):
        if ident and s.get(model, ident) is None:
            check.add(name, {"delegation_id": _("No such delegation."), "unit_id": _("No such unit."),
                             "programme_id": _("No such programme.")}[name])
    check.raise_if_any()


def save(store: Store, name: str, criteria: Criteria) -> SavedFilter:
    """Save under ``name``, replacing a filter of the same name."""
    name = (name or "").strip()
    if not name:
        raise ValidationError.one("name", _("Give the filter a name."))
    if len(name) > 128:
        raise ValidationError.one("name", _("At most {n} characters.").format(n=128))
    with store.write() as s:
        _check_refs(s, criteria)
        row = s.scalars(select(SavedFilter).where(SavedFilter.name == name)).first()
        if row is None:
            row = SavedFilter(name=name, criteria=criteria.to_json(), created_by=store.identity.person)
            s.add(row)
        else:
            row.criteria = criteria.to_json()
    return row


def names(store: Store) -> list[str]:
    with store.read() as s:
        return list(s.scalars(select(SavedFilter.name).order_by(SavedFilter.name)))


def load(store: Store, name: str) -> Criteria:
    with store.read() as s:
        row = s.scalars(select(SavedFilter).where(SavedFilter.name == name)).first()
        if row is None:
            raise NotFoundError(_("Saved filter"), name)
        return Criteria.from_values(json.loads(row.criteria))


def delete(store: Store, name: str) -> None:
    with store.write() as s:
        row = s.scalars(select(SavedFilter).where(SavedFilter.name == name)).first()
        if row is None:
            raise NotFoundError(_("Saved filter"), name)
        s.delete(row)


class _WordMatch(ColumnElement[Any]):  # NullType: a condition compiled per dialect, no Python value
    """One folded word of a text filter: it starts a token of the recommendation's own index row or of its session's
    names. Compiled per dialect (:func:`_word_sql`): FTS5 on a case file, the ``tsvector`` index on PostgreSQL."""

    type = NullType()
    inherit_cache = False  # the word is part of the construct: not cached

    def __init__(self, word: str, n: int) -> None:
        self.word, self.n = word, n


def _word_sql(word: str, n: int, *, pg: bool) -> Any:
    if pg:  # ssdesk.search.pg: search_doc.tsv (head: weight A, body: B), simple configuration
        docs = ("SELECT d.{col} FROM search_doc d WHERE d.entity = '{entity}' "
                "AND d.tsv @@ to_tsquery('simple', :{name})")
        term = word if len(word) == 1 else f"{word}:*"  # as ssdesk.search.pg.tsquery: one letter matches whole
        head = term + "A" if len(word) > 1 else f"{word}:A"  # word:*A — in the head text (the names) only
    else:
        # tokens are letters and digits only, so quoting makes them plain FTS terms (never FTS syntax)
        docs = ("SELECT d.{col} FROM search_doc d JOIN search_fts f ON f.rowid = d.id "
                "WHERE d.entity = '{entity}' AND search_fts MATCH :{name}")
        term = f'"{word}"' + ("*" if len(word) > 1 else "")
        head = "{head} : " + term
    own = text(docs.format(col="rec_id", entity="recommendation", name=f"w{n}")).bindparams(**{f"w{n}": term})
    names = text(docs.format(col="visit_id", entity="visit", name=f"h{n}")).bindparams(**{f"h{n}": head})
    return or_(Recommendation.id.in_(own), Visit.id.in_(names))


@compiles(_WordMatch)
def _word_default(element: _WordMatch, compiler: Any, **kw: Any) -> str:
    return "(" + str(compiler.process(_word_sql(element.word, element.n, pg=False), **kw)) + ")"


@compiles(_WordMatch, "postgresql")
def _word_postgresql(element: _WordMatch, compiler: Any, **kw: Any) -> str:
    return "(" + str(compiler.process(_word_sql(element.word, element.n, pg=True), **kw)) + ")"


def _text_conds(text_value: str | None) -> list[Any]:
    """One condition per folded word: the word starts a token of the recommendation's own index row (number,
    addressee, responsible, text) or of the names of its session's row (unit, delegation, title).

    Read from the search index (``search_doc`` / ``search_fts`` on a case file, ``search_doc.tsv`` on PostgreSQL,
    kept in step with the data), so a text filter over 100,000 recommendations costs index look-ups, not a fold of
    every text in Python. Diacritics and case are ignored as in search ("benh vien" finds "Bệnh viện"); a word
    matches at the start of a word, as in search."""
    return [_WordMatch(word, n) for n, word in enumerate(TOKEN.findall(fold(text_value)))]


def _conditions(c: Criteria, today: dt.date) -> list[Any]:
    conds: list[Any] = []
    if c.delegation_id:
        conds.append(Visit.delegation_id == c.delegation_id)
    if c.unit_id:  # and the tasks a review meeting (no visited unit) gave that unit: 10.2 ms for 9.8 at 10k
        conds.append(or_(Visit.unit_id == c.unit_id,
                         and_(Visit.unit_id.is_(None), Recommendation.responsible_unit_id == c.unit_id)))
    if c.programme_id:
        conds.append(Visit.programme_id == c.programme_id)
    if c.statuses:
        conds.append(Recommendation.status.in_(list(c.statuses)))
    if c.deadline_from is not None:
        conds.append(Recommendation.deadline >= c.deadline_from)
    if c.deadline_to is not None:
        conds.append(Recommendation.deadline <= c.deadline_to)
    if c.direction is not None:
        conds.append(Recommendation.direction == c.direction)
    if c.overdue_only:
        conds += [Recommendation.deadline < today, Recommendation.status.not_in(list(NOT_WAITING))]
    return conds + _text_conds(c.text)


class SortKey(StrEnum):
    """What the recommendation list can be ordered by (one per column of the list, plus the session date)."""

    DEADLINE = "deadline"
    STATUS = "status"  # in the follow-up's own order (not started → … → withdrawn), not alphabetically
    UNIT = "unit"
    DELEGATION = "delegation"
    REF = "ref"  # by the leading number first ("2" before "10"), then as text
    VISIT_DATE = "visit_date"
    RESPONSIBLE = "responsible"
    DIRECTION = "direction"
    TEXT = "text"
    OVERDUE = "overdue"  # by days late; rows not overdue come last


@dataclass(frozen=True)
class Order:
    """One sort of the list: ``key`` ascending or descending, then always the usual order (deadline, session date,
    number, id) ascending, so the order is total and pages read with ``offset`` never skip nor repeat a row.

    Empty values (no deadline, no number, nobody responsible, not overdue) come last in both directions: a
    secretary sorting by deadline wants the dated items, whichever way round."""

    key: SortKey = SortKey.DEADLINE
    descending: bool = False


#: The list's usual order (what :func:`apply` gives when no order is asked for).
DEFAULT_ORDER = Order()


def _rank(column: Any, enum: type[StrEnum]) -> Any:
    """The place of an enum column's value in the enum's own order (how the labels are listed everywhere)."""
    return case({m.value: i for i, m in enumerate(enum)}, value=func.cast(column, String), else_=len(enum))


def _order_by(query: Any, order: Order, today: dt.date) -> list[Any]:
    """The ORDER BY terms of ``order`` over :meth:`rows_query`'s columns (text sorts ignore ASCII case)."""
    cols = query.selected_columns
    tail = [Recommendation.deadline.is_(None), Recommendation.deadline, Visit.starts_at, Recommendation.order_no,
            Recommendation.id]
    if order == DEFAULT_ORDER:
        return tail

    def nocase(column: Any) -> Any:
        return column.collate("NOCASE")

    overdue = and_(Recommendation.deadline < today, Recommendation.status.not_in(list(NOT_WAITING)))
    ref = func.nullif(Recommendation.ref, "")  # "" and NULL alike: empty, so they tie and the usual order decides
    responsible = func.nullif(func.coalesce(cols[7], cols[8]), "")
    # (NULL would sort first, so each "empty" term is never NULL: nullif(...) IS NULL, a CASE with an else)
    # key: (a term true for empty values, which sort last either way, or None; the terms of the ascending sort)
    by_key: dict[SortKey, tuple[Any, list[Any]]] = {
        SortKey.DEADLINE: (Recommendation.deadline.is_(None), [Recommendation.deadline]),
        SortKey.STATUS: (None, [_rank(Recommendation.status, RecStatus)]),
        SortKey.UNIT: (None, [nocase(cols[6])]),
        SortKey.DELEGATION: (None, [nocase(cols[9])]),
        SortKey.REF: (ref.is_(None), [func.cast(ref, Integer), nocase(ref)]),
        SortKey.VISIT_DATE: (None, [Visit.starts_at]),
        SortKey.RESPONSIBLE: (responsible.is_(None), [nocase(responsible)]),
        SortKey.DIRECTION: (None, [_rank(Recommendation.direction, Direction)]),
        SortKey.TEXT: (None, [nocase(Recommendation.text)]),
        # days late grow as the deadline gets older: ascending days late is descending deadline
        SortKey.OVERDUE: (case((overdue, 0), else_=1),
                          [-func.julianday(case((overdue, Recommendation.deadline), else_=None))]),
    }
    empty, terms = by_key[order.key]
    if order.descending:
        terms = [t.desc() for t in terms]
    return ([empty] if empty is not None else []) + terms + tail


def apply(store: Store, criteria: Criteria, *, today: dt.date, limit: int | None = None,
          offset: int = 0, order: Order = DEFAULT_ORDER) -> list[RecommendationRow]:
    """The recommendation list under ``criteria`` (one query) in ``order`` (by default the list's usual one).
    ``limit``/``offset`` read one page of it: pages in a row give exactly the rows of the unpaged call (every order
    ends on the id, so it is total).
    """
    with store.read() as s:
        _check_refs(s, criteria)
    query = store.recommendations.rows_query()  # the list's own columns: same rows as the unfiltered list
    query = query.add_columns(Recommendation.order_no).where(*_conditions(criteria, today))
    query = query.order_by(*_order_by(query, order, today))
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with store.read() as s:
        return [RecommendationRow(id=r[0], ref=r[1], direction=r[2], text=r[3], status=r[4], deadline=r[5],
                                  overdue=is_overdue(r[4], r[5], today), unit=r[6], responsible=r[7] or r[8],
                                  delegation=r[9], visit_id=r[10], visit_date=r[11].date(),
                                  sort_key=(r[11], r[12]))
                for r in s.execute(query)]


def count_filter(store: Store, criteria: Criteria, *, today: dt.date) -> int:
    """How many rows :func:`apply` gives for ``criteria`` (a lazy table's row count)."""
    with store.read() as s:
        _check_refs(s, criteria)
        query = (select(func.count(Recommendation.id)).select_from(Recommendation)
                 .join(Visit, Recommendation.visit_id == Visit.id).where(*_conditions(criteria, today)))
        return int(s.execute(query).scalar_one())


def rows_by_id(store: Store, criteria: Criteria, *, today: dt.date, ids: Iterable[str] = (),
               visit_ids: Iterable[str] = ()) -> dict[str, RecommendationRow]:
    """The rows of :func:`apply` under ``criteria`` for the recommendations ``ids`` and those of the sessions
    ``visit_ids``, by id: what a list holding some rows reads again after a change notice instead of every loaded
    row. A recommendation deleted or no longer selected by ``criteria`` is left out."""
    wanted, sessions = list(dict.fromkeys(ids)), list(dict.fromkeys(visit_ids))
    out: dict[str, RecommendationRow] = {}
    with store.read() as s:
        _check_refs(s, criteria)
    for chunk, column in [(wanted[i:i + 500], Recommendation.id) for i in range(0, len(wanted), 500)] + \
            [(sessions[i:i + 500], Recommendation.visit_id) for i in range(0, len(sessions), 500)]:
        query = store.recommendations.rows_query().add_columns(Recommendation.order_no)
        query = query.where(column.in_(chunk), *_conditions(criteria, today))
        with store.read() as s:
            out.update((r[0], RecommendationRow(
                id=r[0], ref=r[1], direction=r[2], text=r[3], status=r[4], deadline=r[5],
                overdue=is_overdue(r[4], r[5], today), unit=r[6], responsible=r[7] or r[8], delegation=r[9],
                visit_id=r[10], visit_date=r[11].date(), sort_key=(r[11], r[12]))) for r in s.execute(query))
    return out
