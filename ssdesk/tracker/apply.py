"""Writing a confirmed plan: one transaction through the services, a backup before it, the audit log by the store.

Why through :mod:`ssdesk.services`: a recommendation imported must be the same as one typed (validation, numbering,
the status history, the search index, the audit entries); only the fingerprints are this feature's own rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssdesk.enums import Direction, RecStatus, VisitKind, VisitState
from ssdesk.errors import FieldError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import ImportedRow
from ssdesk.search.folding import fold
from ssdesk.tracker.plan import Plan, PlannedRow, visit_date
from ssdesk.tracker.units import guess_kind

if TYPE_CHECKING:
    from ssdesk.store import Store


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
        for n, row in enumerate(rows, start=1):
            visit_id = visits[None if plan.visit_id else row.document]
            unit_id = row.unit_id or (units.get(fold(row.responsible)) if row.responsible else None)
            values: dict[str, Any] = {"direction": Direction.REQUEST, "text": row.text, "deadline": row.deadline,
                      "cooperating": row.cooperating, "order_no": n,
                      "responsible_unit_id": unit_id,
                      "responsible_text": None if unit_id else row.responsible}
            if row.ref:
                values["ref"] = row.ref[:32]
            try:
                rec = store.recommendations.add(visit_id, status=row.status or RecStatus.NEW, **values)
            except ValidationError as exc:  # e.g. a deadline before the chosen visit: name the row
                raise ValidationError([FieldError(plan.table.address(row.row), str(exc))]) from exc
            note = "; ".join(t for t in (row.status_text, row.note) if t)
            if note:
                day = row.status_date or today
                day = max(min(day, today), rec.visit.starts_at.date())
                if day <= today:
                    store.recommendations.add_progress(rec.id, date=day, note=note, today=today,
                                                       reporter=row.responsible)
            s.add(ImportedRow(fingerprint=row.fingerprint, recommendation_id=rec.id,
                              source=f"{plan.source} — {plan.table.address(row.row)}"))
            if progress is not None and (n % 200 == 0 or n == len(rows)):
                progress(n, len(rows))
    return Outcome(added=len(rows), skipped=len(plan.rows) - len(rows),
                   visits=[v for v in visits.values() if v != plan.visit_id], units=list(plan.new_units)
                   if create_units else [], backup=backup)
