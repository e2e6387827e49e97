"""The "Dashboard" page: today's counts painted as charts; a click on a bar opens the list filtered by that bar.

Every number comes from ``store.followup.dashboard`` and ``store.followup.overdue_trend``; the page only draws them.
Both are computed on a worker (:func:`ui.jobs.run_job` without a dialog; seconds at 100,000 recommendations) while the
page says "Computing…"; a result overtaken by a newer refresh (another day, another change) is dropped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import RecStatus
from ssdesk.errors import SsdeskError
from ssdesk.followup.dashboard import Dashboard
from ssdesk.followup.filters import Criteria
from ssdesk.followup.schedule import add_months
from ssdesk.i18n import _
from ssdesk.store import Store
from ui.features.followup.charts import BLUE, GREEN, RED, Bar, BarChart, LineChart
from ui.features.followup.model import ListQuery
from ui.forms import ERROR_STYLE, date_edit
from ui.jobs import Job, run_job
from ui.places import beside

TOP_UNITS = 15
TREND_MONTHS = 12


class DashboardPage(QWidget):
    """Charts of one day ("as of", default today); :attr:`filter_requested` carries the list query of a bar."""

    filter_requested = Signal(object)  # ListQuery

    def __init__(self, store: Store, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPage")
        self._store = store
        self.data: Dashboard | None = None
        self.trend: list[tuple[dt.date, int]] = []
        self._stale = True
        self._generation = 0  # each refresh's number: only the newest one's result is painted
        self.refresh_job: Job | None = None
        self.busy = QLabel(_("Computing…"))
        self.busy.setObjectName("dashboardBusy")
        self.busy.hide()
        self.as_of = date_edit(today, "dashboardAsOf")
        self.as_of.dateChanged.connect(lambda _d: self.mark_stale())  # computed now if shown, else when shown
        export = QPushButton(_("Export PNG…"))
        export.setObjectName("exportPng")
        export.clicked.connect(self.export_png)
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.error = QLabel()
        self.error.setObjectName("dashboardError")
        self.error.setStyleSheet(ERROR_STYLE)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("As of:")))
        top.addWidget(self.as_of)
        top.addWidget(self.summary, 1)
        top.addWidget(self.busy)
        top.addWidget(export)

        self.status_chart = BarChart(_("Recommendations by status"), colours=(BLUE,))
        self.unit_chart = BarChart(_("Open and overdue by unit (top {n})").format(n=TOP_UNITS), horizontal=True,
                                   colours=(BLUE, RED))
        self.trend_chart = LineChart(_("Overdue at each month's end (last {n} months)").format(n=TREND_MONTHS))
        self.completion_chart = BarChart(_("Completion rate by delegation"), colours=(GREEN,), max_value=100)
        self.status_chart.bar_clicked.connect(
            lambda s: self.filter_requested.emit(ListQuery(Criteria(statuses=(s,)))))
        self.unit_chart.bar_clicked.connect(self._unit_clicked)
        self.completion_chart.bar_clicked.connect(self._delegation_clicked)
        self.status_chart.set_axes(_("Number of recommendations"), _("Status now"))
        self.unit_chart.set_axes(_("Number of recommendations"))
        self.trend_chart.set_axes(_("Recommendations overdue"), _("Month end"))
        self.completion_chart.set_axes(_("% done (verified) of all not withdrawn"), _("Delegation"))

        self.charts = QWidget()
        self.charts.setObjectName("dashboardCharts")
        self.charts.setAutoFillBackground(True)
        grid = QGridLayout(self.charts)
        grid.addWidget(self.status_chart, 0, 0)
        grid.addWidget(self.trend_chart, 0, 1)
        grid.addWidget(self.unit_chart, 1, 0)
        grid.addWidget(self.completion_chart, 1, 1)
        for i in range(2):
            grid.setRowStretch(i, 1)
            grid.setColumnStretch(i, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.charts)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        self.error.hide()

    def day(self) -> dt.date:
        d = self.as_of.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_day(self, day: dt.date) -> None:
        self.as_of.setDate(QDate(day.year, day.month, day.day))

    def set_store(self, store: Store) -> None:
        self._store = store
        self.mark_stale()

    def mark_stale(self) -> None:
        """Data changed: refresh now if shown, else when next shown (the trend replays history; not for nothing)."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> Job:
        """Compute the day's numbers on a worker; the charts change when they arrive (:meth:`is_busy` meanwhile)."""
        day, store = self.day(), self._store
        self._generation += 1
        generation = self._generation
        if self.refresh_job is not None:
            self.refresh_job.cancel()  # its queries cannot be interrupted, but their result will be dropped
        self._stale = False  # a change notice meanwhile marks it stale again, and that refresh supersedes this one
        self.busy.show()

        def work(_progress: Any, _cancelled: Any) -> tuple[Dashboard, list[tuple[dt.date, int]]]:
            data = store.followup.dashboard(day)
            start = add_months(dt.date(day.year, day.month, 1), -(TREND_MONTHS - 1))
            return data, store.followup.overdue_trend(start, day)

        def current() -> bool:
            return generation == self._generation and store is self._store

        def done(result: tuple[Dashboard, list[tuple[dt.date, int]]]) -> None:
            if current():
                self.refresh_job = None
                self.busy.hide()
                self._show(day, *result)

        def failed(exc: BaseException) -> None:
            if current():
                self.refresh_job = None
                self.busy.hide()
                self._stale = True  # try again when next shown
                if isinstance(exc, SsdeskError):
                    self.error.setText(str(exc))
                    self.error.show()

        job = run_job(self, "", work, on_done=done, on_error=failed, dialog=False)
        if job.result is None and job.error is None:  # still running (tests may run jobs at once)
            self.refresh_job = job
        return job

    def is_busy(self) -> bool:
        """Whether a refresh is still being computed."""
        return self.refresh_job is not None

    def _show(self, day: dt.date, data: Dashboard, trend: list[tuple[dt.date, int]]) -> None:
        self.error.hide()
        self.data, self.trend = data, trend
        self.summary.setText(_("{total} recommendations · {overdue} overdue on {day}").format(
            total=data.total, overdue=data.overdue, day=day.strftime("%d/%m/%Y")))
        self.status_chart.set_bars([Bar(s, s.label, (float(n),), str(n)) for s, n in data.by_status.items()],
                                   [(_("Recommendations with this status"), BLUE)])
        units = sorted(data.by_unit, key=lambda u: (-u.overdue, -u.open, u.unit))[:TOP_UNITS]
        self.unit_chart.set_bars([Bar(u.unit, u.unit, (float(u.open), float(u.overdue)),
                                      _("{open} open, {overdue} overdue").format(open=u.open, overdue=u.overdue))
                                  for u in units],
                                 [(_("Open (not closed)"), BLUE), (_("of which overdue"), RED)])
        self.trend_chart.set_points(trend)
        self.completion_chart.set_bars([
            Bar(c.delegation, c.delegation, ((c.rate or 0.0) * 100,),
                _("{rate}%: {done} of {total} done").format(rate=f"{c.rate * 100:.0f}", done=c.done,
                                                            total=c.total - c.withdrawn)
                if c.rate is not None else _("none to count"))
            for c in data.completion], [(_("Done (verified)"), GREEN)])
        for chart in (self.status_chart, self.trend_chart, self.completion_chart):
            chart.empty_text = _("Nothing yet")
        self.unit_chart.empty_text = _("Nothing yet")

    def status_counts(self) -> dict[RecStatus, int]:
        """What the status chart shows, as numbers (for checks against the core)."""
        return {k: int(v[0]) for k, v in self.status_chart.values().items()}

    def _unit_clicked(self, name: str) -> None:
        unit = next((u for u in self._store.catalog.units() if u.name == name), None)
        if unit is not None:
            self.filter_requested.emit(ListQuery(Criteria(unit_id=unit.id)))

    def _delegation_clicked(self, name: str) -> None:
        delegation = next((d for d in self._store.catalog.delegations() if d.name == name), None)
        if delegation is not None:
            self.filter_requested.emit(ListQuery(Criteria(delegation_id=delegation.id)))

    def export_png(self, *, path: str | None = None) -> Path | None:
        """Save the charts as a PNG picture (``path`` skips the file chooser)."""
        if path is None:
            default = beside(self._store, f"tong-hop-{self.day().isoformat()}.png")
            path, _f = QFileDialog.getSaveFileName(self, _("Export the dashboard"), default, _("PNG images (*.png)"))
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != ".png":
            target = target.with_name(target.name + ".png")
        if not self.charts.grab().save(str(target), "PNG"):
            self.error.setText(_("Could not save “{name}”.").format(name=target.name))
            self.error.show()
            return None
        return target
