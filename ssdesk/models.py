"""The case file's schema as typed SQLAlchemy 2 models.

Rules that every table follows, and why:
- text UUID primary keys, so records made on two laptops never collide and can be merged by id;
- ``created_at``/``updated_at`` (UTC) on every row, so a merge can tell which side changed what since they parted;
- closed vocabularies are stored as their English value (``ssdesk.enums``), never as a translated label;
- child rows (attendees, statements, …) are owned by their visit and go with it; rows that other data points at
  (units, persons, delegations) are protected by ``ON DELETE RESTRICT`` and the services say what depends on them.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from ssdesk.enums import (
    Classification,
    Direction,
    DocumentKind,
    FindingKind,
    MemberRole,
    Priority,
    RecStatus,
    Side,
    StatementKind,
    SuccessionKind,
    UnitKind,
    VisitForm,
    VisitKind,
    VisitState,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def enum_column(enum_cls: type[enum.Enum], **kw: Any) -> Any:
    return mapped_column(
        SAEnum(enum_cls, native_enum=False, values_callable=lambda e: [m.value for m in e], length=32,
               validate_strings=True),
        **kw,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Entity(Base):
    """Common columns; abstract.

    ``row_version`` is the optimistic lock (office server mode: several people edit one database): every UPDATE of a
    row checks that it still has the version this session read and raises it by one, so a change made by someone
    else in between is reported (:class:`ssdesk.errors.ConflictError`), never overwritten. The services take the
    version the user opened as ``expected_version``. Not in the exchange format, not audited, not in merge digests.
    (Not ``version``: :class:`IssuedDocument` has a field of that name.)"""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declarative directive
        return {"version_id_col": cls.__table__.c.row_version}


# --- programmes and plans ---------------------------------------------------------------------------------------


class Programme(Entity):
    __tablename__ = "programme"

    code: Mapped[str] = mapped_column(String(64))  # "08-CTr/TU"
    title: Mapped[str] = mapped_column(Text)
    issuing_body: Mapped[str | None] = mapped_column(String(255))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)

    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="Indicator.order_no")


class Indicator(Entity):
    __tablename__ = "indicator"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"), index=True)
    code: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    unit_of_measure: Mapped[str | None] = mapped_column(String(64))  # "%", "người", "hộ"
    target: Mapped[str | None] = mapped_column(String(255))  # as written: "93,1%", "≥ 95%"
    target_value: Mapped[float | None] = mapped_column(Float)
    period: Mapped[str | None] = mapped_column(String(64))  # "2021-2025", "năm 2023"
    order_no: Mapped[int] = mapped_column(Integer, default=0)

    programme: Mapped[Programme] = relationship(back_populates="indicators")


class Plan(Entity):
    """Kế hoạch giám sát."""

    __tablename__ = "plan"

    issuing_body: Mapped[str] = mapped_column(String(255))
    number: Mapped[str | None] = mapped_column(String(64))  # "150-KH/TU"
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(Text)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programme.id", ondelete="RESTRICT"), index=True)

    programme: Mapped[Programme | None] = relationship()
    delegations: Mapped[list[Delegation]] = relationship(back_populates="plan")


# --- people, delegations, units ---------------------------------------------------------------------------------


class Person(Entity):
    __tablename__ = "person"

    full_name: Mapped[str] = mapped_column(String(255), index=True)
    title: Mapped[str | None] = mapped_column(Text)  # current position, as the person signs it
    organisation: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)


class Delegation(Entity):
    """Đoàn giám sát, established by a decision under a plan."""

    __tablename__ = "delegation"

    name: Mapped[str] = mapped_column(String(255))  # "Đoàn giám sát số 1"
    issuing_body: Mapped[str] = mapped_column(String(255))  # "Ban Thường vụ Thành ủy Hà Nội"
    decision_number: Mapped[str | None] = mapped_column(String(64))  # "2345-QĐ/TU"
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    plan_id: Mapped[str | None] = mapped_column(ForeignKey("plan.id", ondelete="RESTRICT"), index=True)

    plan: Mapped[Plan | None] = relationship(back_populates="delegations")
    members: Mapped[list[DelegationMember]] = relationship(
        back_populates="delegation", cascade="all, delete-orphan", order_by="DelegationMember.order_no")


class DelegationMember(Entity):
    __tablename__ = "delegation_member"

    delegation_id: Mapped[str] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    role: Mapped[MemberRole] = enum_column(MemberRole)
    position: Mapped[str | None] = mapped_column(Text)  # the person's post when appointed
    order_no: Mapped[int] = mapped_column(Integer, default=0)

    delegation: Mapped[Delegation] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


class Unit(Entity):
    """Đối tượng giám sát. Units are never renamed in place: a change makes a successor, so old visits keep the unit
    as it was named then."""

    __tablename__ = "unit"

    name: Mapped[str] = mapped_column(String(255), index=True)  # "Ban Thường vụ Quận ủy Hoàng Mai"
    short_name: Mapped[str | None] = mapped_column(String(128))  # "Quận ủy Hoàng Mai"
    kind: Mapped[UnitKind] = enum_column(UnitKind)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)  # first day it no longer exists
    note: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


class UnitSuccession(Entity):
    __tablename__ = "unit_succession"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)

    predecessor_id: Mapped[str] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    successor_id: Mapped[str] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SuccessionKind] = enum_column(SuccessionKind)
    effective_on: Mapped[dt.date | None] = mapped_column(Date)

    predecessor: Mapped[Unit] = relationship(foreign_keys=[predecessor_id])
    successor: Mapped[Unit] = relationship(foreign_keys=[successor_id])


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


# --- files and documents ----------------------------------------------------------------------------------------


class Attachment(Entity):
    """A file kept inside the case file. Its bytes live in ``attachment_blob`` so that lists never load them."""

    __tablename__ = "attachment"

    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(128))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[str | None] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"),
                                                          index=True)
    follow_up_id: Mapped[str | None] = mapped_column(ForeignKey("follow_up.id", ondelete="CASCADE"), index=True)

    follow_up: Mapped[FollowUp | None] = relationship(back_populates="attachments")
    blob: Mapped[AttachmentBlob] = relationship(cascade="all, delete-orphan", single_parent=True, lazy="select")
    blob_id: Mapped[str] = mapped_column(ForeignKey("attachment_blob.id", ondelete="RESTRICT"))


class AttachmentBlob(Entity):
    __tablename__ = "attachment_blob"

    content: Mapped[bytes] = mapped_column(LargeBinary)


class IssuedDocument(Entity):
    """A numbered, signed document. Its PDF is frozen in an attachment; a later edit makes a new version."""

    __tablename__ = "issued_document"

    kind: Mapped[DocumentKind] = enum_column(DocumentKind)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id", ondelete="RESTRICT"), index=True)
    delegation_id: Mapped[str | None] = mapped_column(ForeignKey("delegation.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str | None] = mapped_column(String(64))  # "125-TB/TU"
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(128))  # "Hà Nội"
    subject: Mapped[str | None] = mapped_column(Text)
    signing_authority: Mapped[str | None] = mapped_column(String(128))  # "T/M BAN THƯỜNG VỤ"
    signer_position: Mapped[str | None] = mapped_column(String(128))  # "PHÓ BÍ THƯ"
    signer_name: Mapped[str | None] = mapped_column(String(255))
    recipients: Mapped[str | None] = mapped_column(Text)  # one per line
    version: Mapped[int] = mapped_column(Integer, default=1)
    profile: Mapped[str | None] = mapped_column(String(64))  # document-format profile: "party-36-2018"
    classification: Mapped[Classification] = enum_column(Classification, default=Classification.NORMAL)
    attachment_id: Mapped[str | None] = mapped_column(ForeignKey("attachment.id", ondelete="RESTRICT"))
    sha256: Mapped[str | None] = mapped_column(String(64))

    attachment: Mapped[Attachment | None] = relationship()


class AuditEntry(Base):
    """Who changed what, when. Written by the store for every flush; never edited."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(8))  # insert / update / delete
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str | None] = mapped_column(String(64))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class Meta(Base):
    """Key/value facts about the file itself (which app made it, its id, when it was created)."""

    __tablename__ = "ssdesk_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class MergeBase(Base):
    """Merge bookkeeping: per peer file (its ``file_id``), the digest each record had in this file right after the
    last merge with it (NULL: absent). A record whose digest differs now was changed here since that merge, so a
    change from the peer to it is a conflict, not an overwrite (``ssdesk.safety.merge``)."""

    __tablename__ = "merge_base"

    peer_file_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    digest: Mapped[str | None] = mapped_column(String(64))


# --- follow-up (ssdesk.followup) --------------------------------------------------------------------------------


class ReportingSchedule(Entity):
    """A recurring reporting duty on a recommendation ("report every quarter"): due on ``first_due`` and every
    ``every_months`` after it. Its own table, not columns on ``recommendation``, so recommendations without a
    schedule (most of them) carry nothing and the follow-up feature owns its data."""

    __tablename__ = "reporting_schedule"

    recommendation_id: Mapped[str] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"),
                                                   unique=True)
    every_months: Mapped[int] = mapped_column(Integer)  # 1 monthly, 3 quarterly, 6, 12
    first_due: Mapped[dt.date] = mapped_column(Date)


class RecheckEntry(Entity):
    """Re-supervision (tái giám sát): the state a later visit found an earlier visit's recommendation in."""

    __tablename__ = "recheck_entry"
    __table_args__ = (UniqueConstraint("recommendation_id", "visit_id"),)

    recommendation_id: Mapped[str] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    status: Mapped[RecStatus] = enum_column(RecStatus)
    note: Mapped[str | None] = mapped_column(Text)
    follow_up_id: Mapped[str | None] = mapped_column(ForeignKey("follow_up.id", ondelete="SET NULL"))


class SavedFilter(Entity):
    """A named recommendation filter kept in the case file, so every secretary of the office finds the same lists."""

    __tablename__ = "saved_filter"

    name: Mapped[str] = mapped_column(String(128), unique=True)
    criteria: Mapped[str] = mapped_column(Text)  # JSON of ssdesk.followup.filters.Criteria
    created_by: Mapped[str | None] = mapped_column(String(128))


class ImportedRow(Entity):
    """One row of an office's tracker (Excel/CSV/Word) already imported, by its fingerprint (file name, sheet, row
    contents: :mod:`ssdesk.tracker`), so that importing the same workbook again adds nothing. A table, not a column
    of ``recommendation``: merges and backups carry it, and the recommendation's own fields stay the exchange's."""

    __tablename__ = "imported_row"

    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    recommendation_id: Mapped[str] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    source: Mapped[str | None] = mapped_column(Text)  # "Theo dõi 2024.xlsx — 2024, dòng 17", for the person asking

    recommendation: Mapped[Recommendation] = relationship()
