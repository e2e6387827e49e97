"""The records visits point at: programmes with their indicators, plans, people, delegations with their
members, units and their successions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ssdesk.enums import (
    MemberRole,
    SuccessionKind,
    UnitKind,
)
from ssdesk.models.base import Entity, enum_column

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
