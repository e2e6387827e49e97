"""A working session and what is recorded in it: attendees, indicator results, statements, findings,
recommendations and their follow-up steps."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ssdesk.enums import (
    Classification,
    Direction,
    FindingKind,
    MemberRole,
    Priority,
    RecStatus,
    Side,
    StatementKind,
    VisitForm,
    VisitKind,
    VisitState,
)
from ssdesk.models.base import Entity, enum_column

if TYPE_CHECKING:
    from ssdesk.models.catalog import Delegation, Indicator, Person, Programme, Unit
    from ssdesk.models.files import Attachment


# --- visits -----------------------------------------------------------------------------------------------------


class Visit(Entity):
    """Buổi làm việc: one working session — of a delegation with a unit, or of another shape (``kind``).

    A review meeting has no delegation and no visited unit, only the body that convenes it (``convening_body``), so
    both links are nullable; which kind needs which is checked by the visit service (``VisitKind.needs_*``)."""

    __tablename__ = "visit"

    kind: Mapped[VisitKind] = enum_column(VisitKind, default=VisitKind.SUPERVISION, server_default="supervision")
    delegation_id: Mapped[str | None] = mapped_column(ForeignKey("delegation.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    convening_body: Mapped[str | None] = mapped_column(Text)  # who holds it without a delegation: "Ban Chỉ đạo …"
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programme.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(Text)
    agenda: Mapped[str | None] = mapped_column(Text)
    form: Mapped[VisitForm] = enum_column(VisitForm, default=VisitForm.THEMATIC)
    classification: Mapped[Classification] = enum_column(Classification, default=Classification.NORMAL)
    state: Mapped[VisitState] = enum_column(VisitState, default=VisitState.PLANNED, index=True)
    report_summary: Mapped[str | None] = mapped_column(Text)  # the unit's report, as summarised in the minutes
    indicators_met: Mapped[int | None] = mapped_column(Integer)  # as the unit reports it: "23/27 chỉ tiêu đạt"
    indicators_total: Mapped[int | None] = mapped_column(Integer)
    explanation: Mapped[str | None] = mapped_column(Text)  # the unit's explanations
    conclusion: Mapped[str | None] = mapped_column(Text)  # the head's conclusion
    related_documents: Mapped[str | None] = mapped_column(Text)  # other documents cited, one per line

    delegation: Mapped[Delegation | None] = relationship()
    unit: Mapped[Unit | None] = relationship()
    programme: Mapped[Programme | None] = relationship()
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="Attendee.order_no")
    indicator_results: Mapped[list[IndicatorResult]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="IndicatorResult.order_no")
    statements: Mapped[list[Statement]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="Statement.order_no")
    findings: Mapped[list[Finding]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="Finding.order_no")
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="Recommendation.order_no")


class Attendee(Entity):
    __tablename__ = "attendee"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(255))  # as printed, also when a person is linked
    title: Mapped[str | None] = mapped_column(Text)  # chức vụ at the time of the visit
    organisation: Mapped[str | None] = mapped_column(String(255))
    side: Mapped[Side] = enum_column(Side)
    delegation_role: Mapped[MemberRole | None] = enum_column(MemberRole, nullable=True)
    presides: Mapped[bool] = mapped_column(Boolean, default=False)
    takes_minutes: Mapped[bool] = mapped_column(Boolean, default=False)
    order_no: Mapped[int] = mapped_column(Integer, default=0)

    visit: Mapped[Visit] = relationship(back_populates="attendees")
    person: Mapped[Person | None] = relationship()


class IndicatorResult(Entity):
    """A figure the unit reported at the visit: against a programme indicator, or a free figure with its label."""

    __tablename__ = "indicator_result"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[str | None] = mapped_column(ForeignKey("indicator.id", ondelete="RESTRICT"), index=True)
    label: Mapped[str | None] = mapped_column(Text)  # what is measured, when no indicator is linked
    reported: Mapped[str | None] = mapped_column(String(255))  # as written: "94,1%", "14.740 lượt người"
    reported_value: Mapped[float | None] = mapped_column(Float)
    unit_of_measure: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(255))
    achieved: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    order_no: Mapped[int] = mapped_column(Integer, default=0)

    visit: Mapped[Visit] = relationship(back_populates="indicator_results")
    indicator: Mapped[Indicator | None] = relationship()


class Statement(Entity):
    __tablename__ = "statement"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[str | None] = mapped_column(ForeignKey("attendee.id", ondelete="SET NULL"), index=True)
    speaker_name: Mapped[str] = mapped_column(String(255))
    speaker_title: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[StatementKind] = enum_column(StatementKind, default=StatementKind.OPINION)
    order_no: Mapped[int] = mapped_column(Integer, default=0)
    spoken_at: Mapped[str | None] = mapped_column(String(8))  # "09:15", clock time when live-typed
    text: Mapped[str] = mapped_column(Text)

    visit: Mapped[Visit] = relationship(back_populates="statements")
    attendee: Mapped[Attendee | None] = relationship()


class Finding(Entity):
    __tablename__ = "finding"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FindingKind] = enum_column(FindingKind)
    text: Mapped[str] = mapped_column(Text)
    order_no: Mapped[int] = mapped_column(Integer, default=0)

    visit: Mapped[Visit] = relationship(back_populates="findings")


class Recommendation(Entity):
    """A request to the unit (yêu cầu/đề nghị) or a petition from it to a higher body (kiến nghị), followed up."""

    __tablename__ = "recommendation"
    __table_args__ = (Index("ix_recommendation_status_deadline", "status", "deadline"),)

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    direction: Mapped[Direction] = enum_column(Direction)
    ref: Mapped[str | None] = mapped_column(String(32))  # its number in the notice: "4.1"
    text: Mapped[str] = mapped_column(Text)
    addressee: Mapped[str | None] = mapped_column(String(255))  # whom it is addressed to
    responsible_unit_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    responsible_text: Mapped[str | None] = mapped_column(String(255))  # đơn vị chủ trì when not a unit of the file
    responsible_person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    cooperating: Mapped[str | None] = mapped_column(Text)  # đơn vị phối hợp
    deadline: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[RecStatus] = enum_column(RecStatus, default=RecStatus.NEW, index=True)
    status_changed_on: Mapped[dt.date | None] = mapped_column(Date)
    priority: Mapped[Priority] = enum_column(Priority, default=Priority.NORMAL)
    order_no: Mapped[int] = mapped_column(Integer, default=0)

    visit: Mapped[Visit] = relationship(back_populates="recommendations")
    responsible_unit: Mapped[Unit | None] = relationship()
    responsible_person: Mapped[Person | None] = relationship()
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan", order_by="(FollowUp.date, FollowUp.created_at)")


class FollowUp(Entity):
    """One dated progress step of a recommendation; the history is these rows, never overwritten."""

    __tablename__ = "follow_up"

    recommendation_id: Mapped[str] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    reporter: Mapped[str | None] = mapped_column(String(255))  # who reported (unit or person, as written)
    progress: Mapped[str | None] = mapped_column(Text)
    old_status: Mapped[RecStatus | None] = enum_column(RecStatus, nullable=True)
    new_status: Mapped[RecStatus | None] = enum_column(RecStatus, nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(String(128))

    recommendation: Mapped[Recommendation] = relationship(back_populates="follow_ups")
    attachments: Mapped[list[Attachment]] = relationship(back_populates="follow_up")
