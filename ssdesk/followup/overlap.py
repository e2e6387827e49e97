"""Overlap warning: another delegation already supervises this unit on the same programme in the same period.

Why a warning and not a refusal: two bodies may decide to supervise together; what must not happen is that they do
so *without knowing* (domain §3b). The period of a visit is its delegation's plan period when the plan has one (a
delegation supervises a unit for the whole plan, not only on the day), else the day(s) of the session itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ssdesk.errors import ValidationError
from ssdesk.i18n import _
from ssdesk.models import Delegation, Programme, Unit, Visit
from ssdesk.services.base import Service
from ssdesk.services.validation import Checker, as_datetime, fmt_date

if TYPE_CHECKING:
    from ssdesk.store import Store


@dataclass(frozen=True)
class OverlapWarning:
    visit_id: str
    delegation: str
    unit: str
    programme: str
    starts_at: dt.datetime
    period: tuple[dt.date, dt.date]
    message: str


def _period(delegation: Delegation, starts: dt.datetime, ends: dt.datetime | None) -> tuple[dt.date, dt.date]:
    plan = delegation.plan
    if plan is not None and plan.period_start and plan.period_end:
        return plan.period_start, plan.period_end
    return starts.date(), (ends or starts).date()


def check(store: Store, *, delegation_id: str | None, unit_id: str | None, programme_id: str | None,
          starts_at: Any, ends_at: Any = None, exclude_visit_id: str | None = None) -> list[OverlapWarning]:
    """Warnings for a visit about to be planned (or edited: pass its id as ``exclude_visit_id``). A visit without a
    programme cannot overlap on "the same programme", so it gets none; nor one without a delegation or a unit (a
    review meeting supervises nobody)."""
    chk = Checker()
    starts = as_datetime(chk, "starts_at", starts_at)
    ends = as_datetime(chk, "ends_at", ends_at)
    if starts_at in (None, ""):
        chk.add("starts_at", _("This field is required."))
    chk.raise_if_any()
    assert starts is not None
    if not delegation_id or not unit_id:
        return []
    with store.read() as s:
        deleg = s.scalars(select(Delegation).where(Delegation.id == delegation_id)
                          .options(selectinload(Delegation.plan))).first()
        if deleg is None:
            raise ValidationError.one("delegation_id", _("No such delegation."))
        if s.get(Unit, unit_id) is None:
            raise ValidationError.one("unit_id", _("No such unit."))
        if not programme_id:
            return []
        programme = Service.fetch(s, Programme, programme_id)
        mine = _period(deleg, starts, ends)
        others = s.scalars(select(Visit).where(Visit.unit_id == unit_id, Visit.programme_id == programme_id,
                                               Visit.delegation_id != delegation_id)
                           .options(selectinload(Visit.delegation).selectinload(Delegation.plan),
                                    selectinload(Visit.unit)).order_by(Visit.starts_at))
        out = []
        for other in others:
            if other.id == exclude_visit_id:
                continue
            if other.delegation is None or other.unit is None:
                continue
            theirs = _period(other.delegation, other.starts_at, other.ends_at)
            if theirs[0] <= mine[1] and mine[0] <= theirs[1]:
                message = _("{delegation} also supervises {unit} on {programme} in an overlapping period: its "
                            "session of {day} ({start}–{end}).").format(
                    delegation=other.delegation.name, unit=other.unit.name, programme=programme.code,
                    day=fmt_date(other.starts_at.date()), start=fmt_date(theirs[0]), end=fmt_date(theirs[1]))
                out.append(OverlapWarning(other.id, other.delegation.name, other.unit.name, programme.code,
                                          other.starts_at, theirs, message))
        return out


def check_visit(store: Store, visit_id: str) -> list[OverlapWarning]:
    """Warnings for a visit already in the file."""
    with store.read() as s:
        v = Service.fetch(s, Visit, visit_id)
        delegation_id, unit_id, programme_id = v.delegation_id, v.unit_id, v.programme_id
        starts_at, ends_at = v.starts_at, v.ends_at
    return check(store, exclude_visit_id=visit_id, delegation_id=delegation_id, unit_id=unit_id,
                 programme_id=programme_id, starts_at=starts_at, ends_at=ends_at)
