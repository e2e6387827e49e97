"""Writing a confirmed plan: one transaction, a backup before it, the audit log and search index by the store.

Units and visits go through :mod:`ssdesk.services` (few, and their checks matter). The recommendations do not go
through ``store.recommendations.add`` one by one: each call flushes, and with the audit log and search index run per
flush 10,000 rows took over two minutes on the office machine. They are built here as the same ORM rows, batched
(:data:`FLUSH_EVERY`), with what the service would check already checked by the plan (text present, deadline read,
unit existing) or here (deadline not before the session); the status history gets one step with the tracker's words.
The store's flush hooks (text cleaning, audit, search index) see them like any other rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ssdesk.enums import Direction, RecStatus, VisitKind, VisitState
from ssdesk.errors import FieldError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import FollowUp, ImportedRow, Recommendation, Visit, new_id
from ssdesk.search.folding import fold
from ssdesk.tracker.plan import Plan, PlannedRow, visit_date
from ssdesk.tracker.units import guess_kind

if TYPE_CHECKING:
    from ssdesk.store import Store

#: Rows written per flush: the audit log and the search index work per flush, so thousands of rows one by one cost
#: ten times more than in batches (10,000 rows: over a minute, against seconds).
FLUSH_EVERY = 500


@dataclass
class Outcome:
    added: int
    skipped: int  # already imported
    visits: list[str]  # ids of the visits created
    units: list[str]  # names of the units created
    backup: Path | None


def apply_plan(store: Store, plan: Plan, *, create_units: bool = False, body: str | None = None,
               progress: Callable[[int, int], None] | None = None, today: dt.date | None = None) -> Outcome:
    """Store the plan's new rows. Refused (ValidationError naming each cell, nothing written) while it has problems.

    ``create_units``: create the units the tracker names that the file lacks (else their names are kept as text);
    ``body``: who the visits made for the notices are held by (default: the file's name)."""
    problems = plan.problems
    if problems:
        raise ValidationError([FieldError(p.where, p.message) for p in problems])
    rows = plan.new_rows
    today = today or dt.date.today()
    from ssdesk.safety.backups import backup_before

    backup = backup_before(store, "before-import-table") if rows else None
    units: dict[str, str] = {}
    visits: dict[str | None, str] = {}
    with store.write() as s:
        if create_units:
            for name in plan.new_units:
                units[fold(name)] = store.catalog.add_unit(name, guess_kind(name)).id
        groups: dict[str | None, list[PlannedRow]] = {}
        for row in rows:
            groups.setdefault(None if plan.visit_id else row.document, []).append(row)
        for document, members in groups.items():
            if plan.visit_id:
                visits[document] = plan.visit_id
                continue
            title = document or _("Tracker “{file}” — {table}").format(file=plan.source, table=plan.table.name)
            visit = store.visits.create(kind=VisitKind.OTHER, state=VisitState.CONCLUDED,
                                        convening_body=body or plan.source, title=title,
                                        starts_at=dt.datetime.combine(visit_date(document, members), dt.time(8)),
                                        related_documents=document)
            visits[document] = visit.id
        start = 0
        if plan.visit_id:  # after what the chosen visit holds already
            start = int(s.execute(select(func.coalesce(func.max(Recommendation.order_no), 0))
                                  .where(Recommendation.visit_id == plan.visit_id)).scalar_one())
        # held here: the identity map is weak, and a visit reloaded per row would cost a query each
        held: dict[str | None, Visit | None] = {key: s.get(Visit, vid) for key, vid in visits.items()}
        who = store.identity.person
        for n, row in enumerate(rows, start=1):
            found = held[None if plan.visit_id else row.document]
            if found is None:
                raise ValidationError([FieldError("visit", _("No such visit."))])
            visit = found
            visit_day = visit.starts_at.date()
            if row.deadline is not None and row.deadline < visit_day:
                raise ValidationError([FieldError(plan.table.address(row.row), _(
                    "The deadline ({deadline}) must not be before the session ({day}).").format(
                    deadline=row.deadline.strftime("%d/%m/%Y"), day=visit_day.strftime("%d/%m/%Y")))])
            unit_id = row.unit_id or (units.get(fold(row.responsible)) if row.responsible else None)
            status = row.status or RecStatus.NEW
            note = "; ".join(t for t in (row.status_text, row.note) if t)
            day = max(min(row.status_date or today, today), visit_day)
            rec = Recommendation(id=new_id(), visit_id=visit.id, direction=Direction.REQUEST, text=row.text.strip(),
                                 ref=(row.ref or str(start + n))[:32], deadline=row.deadline,
                                 cooperating=row.cooperating, responsible_unit_id=unit_id,
                                 responsible_text=None if unit_id else (row.responsible or "")[:255] or None,
                                 status=status, status_changed_on=day if status is not RecStatus.NEW else None,
                                 order_no=start + n)
            s.add(rec)
            if note and day <= today:  # the tracker's words as the first step of the status history
                s.add(FollowUp(recommendation_id=rec.id, date=day, reporter=(row.responsible or "")[:255] or None,
                               progress=note, old_status=None,
                               new_status=status if status is not RecStatus.NEW else None, recorded_by=who))
            s.add(ImportedRow(fingerprint=row.fingerprint, recommendation_id=rec.id,
                              source=f"{plan.source} — {plan.table.address(row.row)}"))
            if n % FLUSH_EVERY == 0 or n == len(rows):
                s.flush()
                if progress is not None:
                    progress(n, len(rows))
    return Outcome(added=len(rows), skipped=len(plan.rows) - len(rows),
                   visits=[v for v in visits.values() if v != plan.visit_id], units=list(plan.new_units)
                   if create_units else [], backup=backup)
