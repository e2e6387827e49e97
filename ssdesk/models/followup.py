"""Follow-up records of their own (ssdesk.followup): reporting schedules, re-supervision entries, saved
filters, and the fingerprints of imported tracker rows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ssdesk.enums import (
    RecStatus,
)
from ssdesk.models.base import Entity, enum_column

if TYPE_CHECKING:
    from ssdesk.models.visits import Recommendation


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
