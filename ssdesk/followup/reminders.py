"""The reminder letter (văn bản đôn đốc): one click drafts, for one unit, a letter listing its overdue items.

This module finds the items — those of visits to the unit and those it is made responsible for elsewhere, past their
deadline and still waiting for the unit; ``ssdesk.documents.reminder`` lays the letter out (one home per concept:
data here, layout there), with the header, number and signature of one issuing body, as PDF to send or DOCX for the
leader to reword before signing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from ssdesk.errors import ValidationError
from ssdesk.followup.schedule import NOT_WAITING
from ssdesk.i18n import _
from ssdesk.models import Delegation, Recommendation, Unit, Visit

if TYPE_CHECKING:
    from ssdesk.documents.meta import DocOptions
    from ssdesk.documents.model import Document
    from ssdesk.documents.reminder import ReminderData
    from ssdesk.store import Store

FORMATS = ("pdf", "docx")


def find_unit(store: Store, value: str) -> Unit:
    """A unit by id, exact name, short name, or case-insensitive name; an unknown one is refused by name."""
    value = (value or "").strip()
    if not value:
        raise ValidationError.one("unit", _("Say which unit (--unit)."))
    with store.read() as s:
        found = s.get(Unit, value) or s.scalars(select(Unit).where(
            or_(Unit.name == value, Unit.short_name == value))).first()
        if found is None:
            low = value.lower()
            found = next((u for u in s.scalars(select(Unit))
                          if u.name.lower() == low or (u.short_name or "").lower() == low), None)
        if found is None:
            raise ValidationError.one("unit", _("No unit called “{name}”.").format(name=value))
        return found


def overdue_of(store: Store, unit_id: str,
               today: dt.date) -> list[tuple[Recommendation, Visit, Delegation | None]]:
    """The unit's overdue items: deadline before ``today``, still waiting for the unit; also the tasks a review
    meeting (no delegation) gave it."""
    query = (select(Recommendation, Visit, Delegation).join(Visit, Recommendation.visit_id == Visit.id)
             .outerjoin(Delegation, Visit.delegation_id == Delegation.id)
             .where(or_(Visit.unit_id == unit_id, Recommendation.responsible_unit_id == unit_id),
                    Recommendation.deadline < today, Recommendation.status.not_in(list(NOT_WAITING)))
             .order_by(Visit.starts_at, Recommendation.order_no))
    with store.read() as s:
        return [(r, v, d) for r, v, d in s.execute(query)]


def collect(store: Store, unit: str, today: dt.date) -> ReminderData:
    """The letter's data; refused when the unit has nothing overdue (there is nothing to remind of)."""
    from ssdesk.documents.reminder import ReminderData
    from ssdesk.documents.text import vn_date

    target = find_unit(store, unit)
    items = overdue_of(store, target.id, today)
    if not items:
        raise ValidationError.one("unit", _("“{unit}” has no overdue item on {day}; there is nothing to remind of.")
                                  .format(unit=target.name, day=vn_date(today)))
    return ReminderData(target, today, items)


def build_reminder(store: Store, unit: str, today: dt.date, options: DocOptions | None = None) -> Document:
    """The letter's document model (laid out in ``ssdesk.documents.reminder``; this module finds the items)."""
    from ssdesk.documents.reminder import build_reminder as layout

    return layout(store, collect(store, unit, today), options)


def render_reminder(store: Store, unit: str, today: dt.date, fmt: str, options: DocOptions | None = None) -> bytes:
    if fmt not in FORMATS:
        raise ValidationError.one("format", _("The reminder letter can be made as PDF or DOCX, not “{fmt}”.")
                                  .format(fmt=fmt))
    doc = build_reminder(store, unit, today, options)
    if fmt == "pdf":
        from ssdesk.documents.pdf import render_pdf

        return render_pdf(doc)
    from ssdesk.documents.docx import render_docx

    return render_docx(doc)
