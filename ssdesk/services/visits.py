"""Working sessions and everything recorded in them: attendees, figures, statements, findings.

A visit's own fields are validated as a whole record (a change to ``ends_at`` is checked against the stored
``starts_at``), so the GUI can save one field at a time and still never store an inconsistent visit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, literal_column, or_, select
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session, selectinload

from ssdesk.enums import (
    VISIT_ORDER,
    Classification,
    VisitForm,
    VisitKind,
    VisitState,
)
from ssdesk.i18n import _
from ssdesk.models import (
    Delegation,
    IndicatorResult,
    IssuedDocument,
    Programme,
    Recommendation,
    Unit,
    Visit,
)
from ssdesk.search.folding import TOKEN, fold
from ssdesk.services.validation import Checker, as_datetime, fmt_date, unknown_fields
from ssdesk.services.visit_parts import VisitPartsMixin

VISIT_FIELDS = ("kind", "delegation_id", "unit_id", "convening_body", "programme_id", "title", "starts_at", "ends_at",
                "place", "agenda", "form", "classification", "report_summary", "indicators_met", "indicators_total",
                "explanation", "conclusion", "related_documents")

#: What the visit list may be sorted by (the GUI's column keys), mapped to columns here; never user SQL.
SORT_KEYS = ("starts_at", "date", "delegation", "unit", "programme", "place", "state", "classification", "kind")

#: The visit list (:meth:`VisitService.rows`, :meth:`VisitService.count`) is read through the tables, not the mapped
#: classes: a process's first ORM query configures every mapper (~40 ms), and the list is what start-up shows (issue
#: 15); the mappers are configured after the window is up. Same columns, same types, same rows.
VISIT_TABLE, DELEGATION_TABLE, UNIT_TABLE, PROGRAMME_TABLE, RECOMMENDATION_TABLE = (
    Visit.__table__, Delegation.__table__, Unit.__table__, Programme.__table__, Recommendation.__table__)
VISIT, DELEGATION, UNIT, PROGRAMME, RECOMMENDATION = (
    VISIT_TABLE.c, DELEGATION_TABLE.c, UNIT_TABLE.c, PROGRAMME_TABLE.c, RECOMMENDATION_TABLE.c)


def _sort_column(key: str) -> Any:
    if key == "state":  # the workflow order, not the alphabet
        return case({state.value: i for i, state in enumerate(VISIT_ORDER)}, value=VISIT.state)
    return {"starts_at": VISIT.starts_at, "date": VISIT.starts_at,
            "delegation": func.coalesce(DELEGATION.name, VISIT.convening_body),
            "unit": UNIT.name, "programme": PROGRAMME.code, "place": VISIT.place,
            "classification": VISIT.classification, "kind": VISIT.kind}[key]


def held_by(visit: Visit) -> str:
    """Who holds the session, for lists, messages and follow-up steps: its delegation, or the body that convenes a
    session held without one (a review meeting's steering committee)."""
    if visit.delegation is not None:
        return visit.delegation.name
    return visit.convening_body or ""


def held_with(visit: Visit) -> str:
    """The visited unit's name, or "" for a session that visits none (a review meeting)."""
    return visit.unit.name if visit.unit is not None else ""


@dataclass(frozen=True)
class VisitRow:
    """One line of the visit list: plain data, cheap to build for thousands of rows."""

    id: str
    starts_at: dt.datetime
    delegation: str  # the delegation, or the convening body of a session held without one
    unit: str  # "" when the session has no visited unit (a review meeting)
    programme: str | None
    place: str | None
    state: VisitState
    classification: Classification
    recommendations: int
    kind: VisitKind = VisitKind.SUPERVISION


class VisitService(VisitPartsMixin):
    # -- the visit itself ----------------------------------------------------------------------------------------

    def _clean(self, s: Session, values: dict[str, Any], current: Visit | None) -> dict[str, Any]:
        """Validate ``values`` merged over ``current``; return the typed values to set."""
        check = Checker()
        unknown_fields(check, values, VISIT_FIELDS)
        merged: dict[str, Any] = {f: getattr(current, f) for f in VISIT_FIELDS} if current else {}
        merged.update(values)
        out: dict[str, Any] = {k: v for k, v in values.items() if k in VISIT_FIELDS}
        kind = check.enum("kind", VisitKind, merged.get("kind") or VisitKind.SUPERVISION)
        if "kind" in values:
            out["kind"] = kind
        if "convening_body" in values:
            out["convening_body"] = (values["convening_body"] or "").strip() or None
        self._check_shape(check, kind, merged)
        starts = as_datetime(check, "starts_at", merged.get("starts_at"))
        if merged.get("starts_at") in (None, ""):
            check.add("starts_at", _("This field is required."))
        ends = as_datetime(check, "ends_at", merged.get("ends_at"))
        check.order("starts_at", starts, "ends_at", ends, _("The session must end after it starts."))
        if "starts_at" in values:
            out["starts_at"] = starts
        if "ends_at" in values:
            out["ends_at"] = ends
        for field, enum_cls in (("form", VisitForm), ("classification", Classification)):
            if field in values:
                out[field] = check.enum(field, enum_cls, values[field])
        met, total = merged.get("indicators_met"), merged.get("indicators_total")
        for field, value in (("indicators_met", met), ("indicators_total", total)):
            if value is not None and (not isinstance(value, int) or value < 0):
                check.add(field, _("Must be a whole number, zero or more."))
        if isinstance(met, int) and isinstance(total, int) and met > total:
            check.add("indicators_met", _("Cannot exceed the number of indicators ({total}).").format(total=total))
        for field in ("title", "place", "agenda", "report_summary", "explanation", "conclusion",
                      "related_documents"):
            if field in out and isinstance(out[field], str):
                out[field] = out[field].strip() or None
        delegation_id, unit_id = merged.get("delegation_id"), merged.get("unit_id")
        if delegation_id and s.get(Delegation, delegation_id) is None:
            check.add("delegation_id", _("No such delegation."))
        unit = s.get(Unit, unit_id) if unit_id else None
        if unit_id and unit is None:
            check.add("unit_id", _("No such unit."))
        if unit is not None and starts is not None and not unit.valid_on(starts.date()):
            if unit.valid_to is not None and starts.date() >= unit.valid_to:
                check.add("unit_id", _("“{unit}” no longer existed on {day} (ended {end}).").format(
                    unit=unit.name, day=fmt_date(starts.date()), end=fmt_date(unit.valid_to)))
            else:
                check.add("unit_id", _("“{unit}” did not exist yet on {day}.").format(
                    unit=unit.name, day=fmt_date(starts.date())))
        programme_id = merged.get("programme_id")
        if programme_id and s.get(Programme, programme_id) is None:
            check.add("programme_id", _("No such programme."))
        check.raise_if_any()
        return out

    @staticmethod
    def _check_shape(check: Checker, kind: VisitKind | None, merged: dict[str, Any]) -> None:
        """What each kind of session needs (``VisitKind.needs_*``), each missing part named in the message."""
        if kind is None:
            return
        delegation, unit = merged.get("delegation_id"), merged.get("unit_id")
        body = (merged.get("convening_body") or "").strip()
        if kind.needs_delegation and not delegation:
            check.add("delegation_id", _("A session of kind “{kind}” needs its delegation.").format(kind=kind.label))
        if kind.needs_unit and not unit:
            check.add("unit_id", _("A session of kind “{kind}” needs the unit it is held with.")
                      .format(kind=kind.label))
        if kind.needs_convening_body and not body:
            check.add("convening_body", _("A session of kind “{kind}” needs the body that convenes it.")
                      .format(kind=kind.label))
        elif not kind.needs_delegation and not delegation and not body:
            check.add("convening_body", _("Say who holds the session: a delegation or the convening body."))

    def create(self, *, id: str | None = None, state: VisitState | str = VisitState.PLANNED,
               **values: Any) -> Visit:
        """Plan a visit. Required: ``starts_at`` and what its ``kind`` (default: supervision) needs — a supervision or
        an inspection its ``delegation_id`` and ``unit_id``, a review meeting its ``convening_body``…"""
        with self.store.write() as s:
            clean = self._clean(s, values, None)
            check = Checker()
            state_value = check.enum("state", VisitState, state)
            check.raise_if_any()
            visit = Visit(id=id, state=state_value, **clean)
            s.add(visit)
        return visit

    def update(self, visit_id: str, *, expected_version: int | None = None, **values: Any) -> Visit:
        """Change some fields; ``expected_version`` (the ``row_version`` loaded): see ``Service.check_version``."""
        with self.store.write() as s:
            visit = self.fetch(s, Visit, visit_id)
            self.check_version(s, visit, expected_version)
            self.apply(visit, self._clean(s, values, visit))
        return visit

    def set_state(self, visit_id: str, state: VisitState | str, *, expected_version: int | None = None) -> Visit:
        """Move one step forward, or one back to correct a mistake; never skip a step."""
        check = Checker()
        target = check.enum("state", VisitState, state)
        check.raise_if_any()
        assert target is not None
        with self.store.write() as s:
            visit = self.fetch(s, Visit, visit_id)
            self.check_version(s, visit, expected_version)
            gap = VISIT_ORDER.index(target) - VISIT_ORDER.index(visit.state)
            if abs(gap) > 1:
                check.add("state", _("A session goes from “{old}” to “{new}” one step at a time.")
                          .format(old=visit.state.label, new=target.label))
                check.raise_if_any()
            visit.state = target
        return visit

    def get(self, visit_id: str) -> Visit:
        """The whole visit with its children loaded, usable after the session ends."""
        with self.store.read() as s:
            visit = s.scalars(select(Visit).where(Visit.id == visit_id).options(
                selectinload(Visit.delegation), selectinload(Visit.unit), selectinload(Visit.programme),
                selectinload(Visit.attendees), selectinload(Visit.indicator_results)
                .selectinload(IndicatorResult.indicator), selectinload(Visit.statements),
                selectinload(Visit.findings), selectinload(Visit.recommendations)
                .selectinload(Recommendation.follow_ups),
                selectinload(Visit.recommendations).selectinload(Recommendation.responsible_unit))).first()
            if visit is None:
                self.fetch(s, Visit, visit_id)
            assert visit is not None
            return visit

    def _filtered(self, query: Any, text: str | None) -> Any:
        """Narrow ``query`` to visits whose indexed text (title, unit, delegation, place and the session's other
        text) holds every word of ``text`` as a word prefix, diacritics ignored; through the search index."""
        words = TOKEN.findall(fold(text)) if text else []
        if not words:
            return query
        if self.store.engine.dialect.name == "postgresql":  # office server mode: the tsvector index
            query_text = " & ".join(w + (":*" if len(w) > 1 else "") for w in words)
            hits: Select[Any] = (select(literal_column("d.visit_id")).select_from(text_sql("search_doc d"))
                    .where(text_sql("d.entity = 'visit' AND d.tsv @@ to_tsquery('simple', :visit_filter)")
                           .bindparams(visit_filter=query_text)))
            return query.where(VISIT.id.in_(hits))
        match = " AND ".join('"' + w + '"' + ("*" if len(w) > 1 else "") for w in words)
        hits = (select(literal_column("d.visit_id"))
                .select_from(text_sql("search_doc d JOIN search_fts f ON f.rowid = d.id"))
                .where(text_sql("d.entity = 'visit' AND search_fts MATCH :visit_filter")
                       .bindparams(visit_filter=match)))
        return query.where(VISIT.id.in_(hits))

    def rows(self, *, limit: int | None = None, offset: int = 0, after: VisitRow | None = None,
             text: str | None = None, sort: str = "starts_at", descending: bool = True,
             ids: Collection[str] | None = None) -> list[VisitRow]:
        """The visit list in one query (no per-row loading), newest first unless ``sort`` (a key of
        :data:`SORT_KEYS`, never SQL) and ``descending`` say otherwise; ``text`` filters as :meth:`count` does.
        Pages for a lazy table: ``limit`` with ``offset``, or ``after=`` the last row of the page before (keyset,
        cheap deep down; only with the default date sort). ``ids``: only those visits (see :meth:`rows_by_id`)."""
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort!r}; use one of {', '.join(SORT_KEYS)}")
        column = _sort_column(sort)
        order = [column.desc() if descending else column.asc()]
        if column is not VISIT.starts_at:  # ties: newest first, as the default list
            order.append(VISIT.starts_at.desc())
        order.append(VISIT.id)
        rec_count = (select(func.count(RECOMMENDATION.id)).where(RECOMMENDATION.visit_id == VISIT.id)
                     .correlate(VISIT_TABLE).scalar_subquery())
        query = (select(VISIT.id, VISIT.starts_at, func.coalesce(DELEGATION.name, VISIT.convening_body, ""),
                        VISIT.kind, func.coalesce(UNIT.name, ""),
                        PROGRAMME.code, VISIT.place, VISIT.state, VISIT.classification, rec_count)
                 .select_from(VISIT_TABLE)
                 .outerjoin(DELEGATION_TABLE, VISIT.delegation_id == DELEGATION.id)
                 .outerjoin(UNIT_TABLE, VISIT.unit_id == UNIT.id)
                 .outerjoin(PROGRAMME_TABLE, VISIT.programme_id == PROGRAMME.id)
                 .order_by(*order).offset(offset))
        query = self._filtered(query, text)
        if ids is not None:
            query = query.where(VISIT.id.in_(list(ids)))
        if after is not None:
            if sort not in ("starts_at", "date") or not descending:
                raise ValueError("after= pages only the default order (newest first)")
            query = query.where(or_(VISIT.starts_at < after.starts_at,
                                    and_(VISIT.starts_at == after.starts_at, VISIT.id > after.id)))
        if limit is not None:
            query = query.limit(limit)
        with self.store.read() as s:
            return [VisitRow(id=r[0], starts_at=r[1], delegation=r[2], unit=r[4], programme=r[5], place=r[6],
                             state=r[7], classification=r[8], recommendations=r[9], kind=r[3])
                    for r in s.execute(query)]

    def rows_by_id(self, ids: Iterable[str], *, text: str | None = None) -> dict[str, VisitRow]:
        """The list rows of ``ids`` that ``text`` still selects (see :meth:`rows`), by id: what a list holding some
        rows reads again after a change notice instead of every loaded row. Ids not found (deleted, or no longer
        matching ``text``) are left out."""
        wanted = list(dict.fromkeys(ids))
        out: dict[str, VisitRow] = {}
        for i in range(0, len(wanted), 500):  # well under SQLite's bound-parameter limit
            out.update((r.id, r) for r in self.rows(text=text, ids=wanted[i:i + 500]))
        return out

    def convening_bodies(self) -> list[str]:
        """The convening bodies already typed in this file, alphabetical: what the editor offers to complete, so
        one steering committee is written the same way at each of its meetings."""
        with self.store.read() as s:
            return list(s.scalars(select(VISIT.convening_body).where(VISIT.convening_body.is_not(None))
                                  .distinct().order_by(VISIT.convening_body)))

    def count(self, text: str | None = None) -> int:
        """All visits, or those ``text`` finds (see :meth:`rows`)."""
        with self.store.read() as s:
            return s.execute(self._filtered(select(func.count(VISIT.id)), text)).scalar_one()

    def delete(self, visit_id: str) -> None:
        """Delete a visit and what was recorded in it; refused once a document was issued from it."""
        with self.store.write() as s:
            visit = self.fetch(s, Visit, visit_id)
            self.refuse_if_used(s, visit, visit.title or visit.id, [(IssuedDocument, IssuedDocument.visit_id)])
            s.delete(visit)
