"""A visit's state follows the work recorded, forward only: planned → held → minutes drafted → concluded.

A secretary records the work, not its state; a visit with attendees, statements and a conclusion that still said
"planned" misled every list and report. The rules (what the work proves, never more):

* **held** — a statement is recorded (someone spoke, so the session took place), or attendees are recorded and the
  session's start has passed (before it, attendees are the expected list of a planned session);
* **minutes drafted** — the minutes were printed or issued;
* **concluded** — the conclusion notice was issued. A conclusion text and requests typed in the editor are a draft
  of it, not the act: the notice is what concludes, so typing alone does not mark the visit concluded (the state
  button still does it by hand, one step at a time).

Nothing here moves a state back; a state set by hand further on stays. Each step is a normal audited update of
``visit.state``, in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ssdesk.enums import VISIT_ORDER, DocumentKind, VisitState
from ssdesk.models import Attendee, Statement, Visit

#: What issuing (or printing) a document of the visit proves.
BY_DOCUMENT = {DocumentKind.MINUTES: VisitState.MINUTES_DRAFTED, DocumentKind.CONCLUSION: VisitState.CONCLUDED}


def later(a: VisitState, b: VisitState) -> VisitState:
    return a if VISIT_ORDER.index(a) >= VISIT_ORDER.index(b) else b


def held_by_work(*, statements: int, attendees: int, starts_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether the recorded work proves the session took place (see the module's rules)."""
    return statements > 0 or (attendees > 0 and starts_at is not None and starts_at <= now)


def due_by_parts(s: Session, visit: Visit, now: dt.datetime | None = None) -> VisitState:
    """The state the visit's attendees and statements prove, never below its current one."""
    count = {model: s.execute(select(func.count()).select_from(model).where(model.visit_id == visit.id)).scalar_one()
             for model in (Statement, Attendee)}
    held = held_by_work(statements=count[Statement], attendees=count[Attendee], starts_at=visit.starts_at,
                        now=now or dt.datetime.now())
    return later(visit.state, VisitState.HELD) if held else visit.state


def advance(visit: Visit, target: VisitState) -> bool:
    """Move ``visit`` forward to ``target`` (never back); ``True`` when it moved."""
    if VISIT_ORDER.index(target) <= VISIT_ORDER.index(visit.state):
        return False
    visit.state = target
    return True
