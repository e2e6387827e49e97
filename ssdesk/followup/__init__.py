"""Recommendation follow-up, from the conclusion to done: history, deadlines and reporting periods, bulk changes,
re-supervision, saved filters, dashboard, overlap warnings, reminder letters and the upward report.

``store.followup`` (:class:`FollowupService`) is the one entry point the GUI and the CLI use; each concern lives in its
own module and takes the store and, where time matters, ``today`` — the core never reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ssdesk.enums import Direction, RecStatus
from ssdesk.followup import bulk, dashboard, filters, overlap, reminders, resupervision, schedule, upward
from ssdesk.models import FollowUp
from ssdesk.services.base import Service
from ssdesk.services.recommendations import Evidence

if TYPE_CHECKING:
    from ssdesk.documents.meta import DocOptions


@dataclass(frozen=True)
class HistoryEntry:
    """One dated step of a recommendation's life, as the history view and the reports show it."""

    date: dt.date
    old_status: RecStatus | None
    new_status: RecStatus | None
    note: str | None
    reporter: str | None
    recorded_by: str | None
    recorded_at: dt.datetime
    evidence: tuple[tuple[str, str, int], ...]  # (name, sha256, size)


class FollowupService(Service):
    """Facade over the follow-up modules (see the package docstring)."""

    def record(self, rec_id: str, *, date: Any, status: RecStatus | str | None = None, note: str | None = None,
               reporter: str | None = None, evidence: list[Evidence] | None = None, today: dt.date) -> FollowUp:
        """A dated step: a status change, or (``status=None``) a progress report. A petition's step is the
        higher body's answer, so its reporter defaults to the addressee."""
        if isinstance(status, str):
            status = filters.parse_status(status)
        if reporter is None:
            rec = self.store.recommendations.get(rec_id)
            if rec.direction is Direction.PETITION:
                reporter = rec.addressee
        if status is None:
            return self.store.recommendations.add_progress(rec_id, date=date, note=note or "", reporter=reporter,
                                                           evidence=evidence, today=today)
        return self.store.recommendations.change_status(rec_id, status, date=date, note=note, reporter=reporter,
                                                        evidence=evidence, today=today)

    def history(self, rec_id: str) -> list[HistoryEntry]:
        rec = self.store.recommendations.get(rec_id)
        return [HistoryEntry(f.date, f.old_status, f.new_status, f.progress, f.reporter, f.recorded_by, f.created_at,
                             tuple((a.name, a.sha256, a.size) for a in f.attachments)) for f in rec.follow_ups]

    # deadlines and reporting periods
    def set_schedule(self, rec_id: str, every_months: int | None, first_due: Any = None, *,
                     expected: schedule.ScheduleVersion = schedule.UNCHECKED) -> None:
        schedule.set_schedule(self.store, rec_id, every_months, first_due, expected=expected)

    def schedule_version(self, rec_id: str) -> schedule.ScheduleVersion:
        return schedule.schedule_version(self.store, rec_id)

    def get_schedule(self, rec_id: str) -> tuple[int, dt.date] | None:
        return schedule.get_schedule(self.store, rec_id)

    def overdue(self, today: dt.date) -> list[schedule.DueItem]:
        return schedule.overdue(self.store, today)

    def due_within(self, today: dt.date, days: int) -> list[schedule.DueItem]:
        return schedule.due_within(self.store, today, days)

    def fell_due_since(self, since: dt.date, today: dt.date) -> list[schedule.DueItem]:
        return schedule.fell_due_since(self.store, since, today)

    # many at once, and later visits
    def bulk_change(self, rec_ids: list[str], status: RecStatus | str, *, date: Any, note: str | None,
                    today: dt.date) -> list[FollowUp]:
        return bulk.bulk_change(self.store, rec_ids, status, date=date, note=note, today=today)

    def pick_up(self, visit_id: str) -> list[Any]:
        return resupervision.pick_up(self.store, visit_id)

    def recheck(self, visit_id: str, checks: list[resupervision.Check], *, today: dt.date) -> list[Any]:
        return resupervision.record(self.store, visit_id, checks, today=today)

    def rechecks(self, *, visit_id: str | None = None, rec_id: str | None = None) -> list[Any]:
        return resupervision.entries(self.store, visit_id=visit_id, rec_id=rec_id)

    # saved filters
    def save_filter(self, name: str, criteria: filters.Criteria) -> None:
        filters.save(self.store, name, criteria)

    def filter_names(self) -> list[str]:
        return filters.names(self.store)

    def load_filter(self, name: str) -> filters.Criteria:
        return filters.load(self.store, name)

    def delete_filter(self, name: str) -> None:
        filters.delete(self.store, name)

    def apply_filter(self, criteria: filters.Criteria, *, today: dt.date, limit: int | None = None,
                     offset: int = 0) -> list[Any]:
        return filters.apply(self.store, criteria, today=today, limit=limit, offset=offset)

    def count_filter(self, criteria: filters.Criteria, *, today: dt.date) -> int:
        return filters.count_filter(self.store, criteria, today=today)

    # overview and documents
    def dashboard(self, today: dt.date) -> dashboard.Dashboard:
        return dashboard.dashboard(self.store, today)

    def overdue_trend(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, int]]:
        return dashboard.overdue_trend(self.store, start, end)

    def overlaps(self, **visit: Any) -> list[overlap.OverlapWarning]:
        return overlap.check(self.store, **visit)

    def upward(self, as_of: dt.date, by: str = "unit", issuing_body: str | None = None, *,
               first_if_several: bool = False) -> upward.UpwardData:
        return upward.collect(self.store, as_of, by, issuing_body, first_if_several=first_if_several)

    def reminder(self, unit: str, today: dt.date, fmt: str, options: DocOptions | None = None) -> bytes:
        return reminders.render_reminder(self.store, unit, today, fmt, options)


__all__ = ["FollowupService", "HistoryEntry"]
