"""The follow-up dialog of one recommendation (its history and a form to record a step) and the bulk status change.

Both only collect values and hand them to the core; when the core refuses, its messages are shown next to the fields
they name and every typed value (and chosen file) stays, so nothing is lost.

Office server mode (several people edit one database): each dialog remembers the ``row_version`` of the
recommendations it shows when it opens (and after each of its own saves) and saves only if they are still at that
version — else the core's :class:`~ssdesk.errors.ConflictError` (who changed it, when, which fields) appears in a
:class:`~ui.conflict_bar.ConflictBar`, nothing is written, what was typed stays, and *Reload* shows the other person's
version (the typed text copied to the clipboard first).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import REC_TRANSITIONS, Direction, RecStatus
from ssdesk.errors import ConflictError, NotFoundError, SsdeskError, ValidationError
from ssdesk.i18n import _, ngettext
from ssdesk.services.recommendations import Evidence
from ssdesk.store import Store
from ui.conflict_bar import ConflictBar, keep_on_clipboard
from ui.features.access.readonly import follow_up_buttons
from ui.features.followup.model import format_date
from ui.forms import ERROR_COLOUR, ErrorLines, date_edit, tab_follows_the_eye
from ui.screen_fit import open_at

EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 1


def evidence_filter() -> str:
    return _("Evidence (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.docx);;All files (*)")


def open_with_system(name: str, content: bytes) -> Path:
    """Write ``content`` to a private temporary file named ``name`` and open it with the system's viewer."""
    folder = Path(tempfile.mkdtemp(prefix="ssdesk-evidence-"))
    path = folder / (Path(name).name or "evidence")
    path.write_bytes(content)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


class FollowupDialog(QDialog):
    """One recommendation: what it says, its dated history, and a form to record the next step."""

    recorded = Signal(str)  # rec_id

    def __init__(self, store: Store, rec_id: str, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.setObjectName("followupDialog")
        self.setWindowTitle(_("Follow-up of a recommendation"))
        open_at(self, 860, 640)
        self._store, self.rec_id, self.today = store, rec_id, today
        self.summary = QLabel()
        self.summary.setObjectName("recSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history = QTableWidget(0, 6, self)
        self.history.setObjectName("historyTable")
        self.history.setHorizontalHeaderLabels([_("Date"), _("Status"), _("Note"), _("Reporter"), _("Recorded by"),
                                                _("Evidence")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history.cellDoubleClicked.connect(self._open_evidence_at)

        self.status = QComboBox()
        self.status.setObjectName("stepStatus")
        self.date = date_edit(today, "stepDate")
        self.note = QPlainTextEdit()
        self.note.setObjectName("stepNote")
        self.note.setMaximumHeight(90)
        self.reporter = QLineEdit()
        self.reporter.setObjectName("stepReporter")
        self.files = QListWidget()
        self.files.setObjectName("stepFiles")
        self.files.setMaximumHeight(70)
        add = QPushButton(_("Add files…"))
        add.setObjectName("addEvidence")
        add.clicked.connect(self.choose_files)
        remove = QPushButton(_("Remove"))
        remove.setObjectName("removeEvidence")
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        file_row = QHBoxLayout()
        file_row.addWidget(self.files, 1)
        buttons_col = QVBoxLayout()
        buttons_col.addWidget(add)
        buttons_col.addWidget(remove)
        buttons_col.addStretch(1)
        file_row.addLayout(buttons_col)
        files_box = QWidget()
        files_box.setLayout(file_row)
        file_row.setContentsMargins(0, 0, 0, 0)

        # A recurring reporting period (e.g. every quarter), besides or instead of the deadline.
        self.period = QComboBox()
        self.period.setObjectName("reportingPeriod")
        self.period.addItem(_("No reporting period"), None)
        for months in (1, 2, 3, 4, 6, 12):
            self.period.addItem(ngettext("Every {n} month", "Every {n} months", months).format(n=months), months)
        self.first_due = date_edit(today, "firstReportDue")
        set_period = QPushButton(_("Set"))
        set_period.setObjectName("setReportingPeriod")
        set_period.clicked.connect(self.save_period)
        period_row = QHBoxLayout()
        period_row.setContentsMargins(0, 0, 0, 0)
        period_row.addWidget(self.period)
        period_row.addWidget(QLabel(_("first report due:")))
        period_row.addWidget(self.first_due)
        period_row.addWidget(set_period)
        period_row.addStretch(1)
        period_box = QWidget()
        period_box.setLayout(period_row)
        # named apart from the step form's error lines
        self.period_errors = ErrorLines(["every_months", "first_due"], prefix="period_error_")
        #: the stored reporting schedule row as (id, row_version) when it was shown, None when there was none
        self.loaded_schedule: tuple[str, int] | None = None
        self.load_schedule()
        #: the recommendation's ``row_version`` as shown (set by :meth:`refresh`): a step is saved only on top of it
        self.loaded_version: int | None = None
        self.conflict_bar = ConflictBar(self)
        self.conflict_bar.reload_requested.connect(self.reload_after_conflict)

        self.errors = ErrorLines(["status", "date", "note", "reporter", "evidence"])
        form = QFormLayout()
        form.addRow(_("New status:"), self.errors.under("status", self.status))
        form.addRow(_("Date:"), self.errors.under("date", self.date))
        form.addRow(_("Note:"), self.errors.under("note", self.note))
        form.addRow(_("Reported by:"), self.errors.under("reporter", self.reporter))
        form.addRow(_("Evidence:"), self.errors.under("evidence", files_box))
        self.message = QLabel()
        self.message.setObjectName("stepMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.record_button = buttons.addButton(_("Record step"), QDialogButtonBox.ButtonRole.ActionRole)
        self.record_button.setObjectName("recordStep")
        self.record_button.clicked.connect(self.record)
        buttons.rejected.connect(self.reject)
        follow_up_buttons(store, [self.record_button, set_period])  # a reader: off, with the reason (issue 18)

        layout = QVBoxLayout(self)
        layout.addWidget(self.conflict_bar)
        layout.addWidget(self.summary)
        period_form = QFormLayout()
        period_form.addRow(_("Reporting period:"), self.period_errors.under("every_months", period_box))
        period_form.addRow(self.period_errors.labels["first_due"])
        period_form.addRow(self.period_errors.labels["general"])
        layout.addLayout(period_form)
        layout.addWidget(QLabel(_("History (double-click a step to open its evidence):")))
        layout.addWidget(self.history, 1)
        layout.addWidget(QLabel("<b>" + _("Record a step") + "</b>"))
        layout.addLayout(form)
        layout.addWidget(self.errors.labels["general"])
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()

    def load_schedule(self) -> None:
        """Show the stored reporting period and remember its version."""
        self.loaded_schedule = self._store.followup.schedule_version(self.rec_id)
        current = self._store.followup.get_schedule(self.rec_id)
        self.period.setCurrentIndex(max(0, self.period.findData(current[0])) if current is not None else 0)
        if current is not None:
            self.first_due.setDate(QDate(current[1].year, current[1].month, current[1].day))

    def save_period(self) -> bool:
        """Set or remove the recurring reporting period through the core; its message appears beside it. Refused
        (:class:`ConflictError`, in the conflict bar) when someone else changed the period since it was shown."""
        self.period_errors.clear()
        self.conflict_bar.hide()
        try:
            self._store.followup.set_schedule(self.rec_id, self.period.currentData(),
                                              self.first_due.date().toPython(), expected=self.loaded_schedule)
        except ConflictError as exc:
            self.conflict_bar.show_conflict(exc)
            return False
        except SsdeskError as exc:
            self.period_errors.show(exc)
            return False
        self.load_schedule()
        self.message.setText(_("Reporting period saved."))
        return True

    def refresh(self) -> None:
        """Read the recommendation and its history again; the form keeps what was typed."""
        rec = self._store.recommendations.get(self.rec_id)
        overdue = rec.deadline is not None and rec.deadline < self.today
        deadline = format_date(rec.deadline) or _("none")
        self.summary.setText(
            f"<b>{rec.ref or ''}</b> {rec.text}<br>"
            + _("Status: {status} · Deadline: {deadline} · Unit: {unit} · Session of {day}").format(
                status=f"<b>{rec.status.label}</b>", deadline=deadline if not overdue else
                f"<span style='color:{ERROR_COLOUR}'>{deadline}</span>", unit=self._unit_name(rec.visit.unit_id),
                day=format_date(rec.visit.starts_at.date())))
        self.current_status = rec.status
        self.loaded_version = rec.row_version
        chosen = self.status.currentData()
        self.status.clear()
        self.status.addItem(_("(no change: progress report)"), None)
        for status in sorted(REC_TRANSITIONS[rec.status], key=lambda s: list(RecStatus).index(s)):
            self.status.addItem(status.label, status)
        index = self.status.findData(chosen)
        self.status.setCurrentIndex(max(index, 0))
        entries = self._store.followup.history(self.rec_id)
        steps = list(rec.follow_ups)
        self.history.setRowCount(len(entries))
        for r, entry in enumerate(entries):
            change = ""
            if entry.new_status is not None:
                old = entry.old_status.label if entry.old_status else ""
                change = f"{old} → {entry.new_status.label}"
            names = ", ".join(name for name, _sha, _size in entry.evidence)
            for c, text in enumerate((format_date(entry.date), change, entry.note or "", entry.reporter or "",
                                      entry.recorded_by or "", names)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 5 and r < len(steps):
                    item.setData(EVIDENCE_ROLE, [(a.id, a.name) for a in steps[r].attachments])
                self.history.setItem(r, c, item)
        self.history.resizeColumnToContents(0)
        self.history.resizeColumnToContents(1)

    def _unit_name(self, unit_id: str | None) -> str:
        if unit_id is None:  # a review meeting's task: no visited unit
            return ""
        try:
            return self._store.catalog.unit(unit_id).name
        except SsdeskError:
            return ""

    def choose_files(self) -> None:
        paths, _f = QFileDialog.getOpenFileNames(self, _("Choose evidence files"), "", evidence_filter())
        self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        for path in paths:
            item = QListWidgetItem(Path(path).name, self.files)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)

    def _open_evidence_at(self, row: int, _col: int) -> None:
        item = self.history.item(row, 5)
        for att_id, name in (item.data(EVIDENCE_ROLE) or []) if item else []:
            self.open_evidence(att_id, name)

    def open_evidence(self, attachment_id: str, name: str) -> Path | None:
        try:
            return open_with_system(name, self._store.recommendations.attachment_content(attachment_id))
        except (SsdeskError, OSError) as exc:
            self.errors.show(exc if isinstance(exc, SsdeskError) else SsdeskError(str(exc)))
            return None

    def record(self) -> bool:
        """Hand the form to the core; on refusal show why and keep everything as typed."""
        self.message.clear()
        self.errors.clear()
        try:
            evidence = [Evidence.from_path(self.files.item(i).data(Qt.ItemDataRole.UserRole))
                        for i in range(self.files.count())]
        except OSError as exc:
            self.errors.show(ValidationError.one("evidence", str(exc)))
            return False
        d = self.date.date()
        self.conflict_bar.hide()
        try:
            self._record_step(dt.date(d.year(), d.month(), d.day()), self.status.currentData(),
                              self.note.toPlainText(), self.reporter.text().strip() or None, evidence)
        except ConflictError as exc:
            self.conflict_bar.show_conflict(exc)
            return False
        except SsdeskError as exc:
            self.errors.show(exc)
            return False
        self.note.clear()
        self.reporter.clear()
        self.files.clear()
        self.status.setCurrentIndex(0)
        self.refresh()
        self.message.setText(_("Step recorded."))
        self.recorded.emit(self.rec_id)
        return True

    def _record_step(self, day: dt.date, status: RecStatus | None, note: str, reporter: str | None,
                     evidence: list[Evidence]) -> None:
        """As ``store.followup.record`` (a petition's step is the higher body's answer: its reporter defaults to the
        addressee), on top of the version shown only: ``expected_version``."""
        recs = self._store.recommendations
        if reporter is None:
            rec = recs.get(self.rec_id)
            if rec.direction is Direction.PETITION:
                reporter = rec.addressee
        if status is None:
            recs.add_progress(self.rec_id, date=day, note=note, reporter=reporter, evidence=evidence,
                              today=self.today, expected_version=self.loaded_version)
        else:
            recs.change_status(self.rec_id, status, date=day, note=note, reporter=reporter, evidence=evidence,
                               today=self.today, expected_version=self.loaded_version)

    def typed_texts(self) -> list[str]:
        """What was typed in the step form, as "label text" lines (for the clipboard)."""
        lines = [_("Note:") + " " + self.note.toPlainText() if self.note.toPlainText().strip() else "",
                 _("Reported by:") + " " + self.reporter.text() if self.reporter.text().strip() else ""]
        return [line for line in lines if line]

    def reload_after_conflict(self) -> None:
        """Show the stored recommendation, history and reporting period (someone else's change). What was typed in
        the step form stays there and is also copied to the clipboard."""
        kept = keep_on_clipboard(self.typed_texts())
        chosen = self.status.currentData()
        self.conflict_bar.hide()
        self.errors.clear()
        self.period_errors.clear()
        try:
            self.refresh()
            self.load_schedule()
        except NotFoundError as exc:  # deleted meanwhile: nothing left to record on
            self.errors.show(exc)
            self.record_button.setEnabled(False)
            return
        parts = [_("Reloaded: the other change is shown.")]
        if chosen is not None and self.status.currentData() != chosen:
            parts.append(_("The status “{status}” cannot be chosen from the current status any more.").format(
                status=RecStatus(chosen).label))  # Qt hands the enum back as its value
        if kept:
            parts.append(_("What you typed is still in the form, and on the clipboard."))
        self.message.setText(" ".join(parts))


class BulkStatusDialog(QDialog):
    """One status, date and note for many recommendations: all are changed or none (the core names the bad one).
    None is changed either when someone else changed one of them since the dialog opened (the conflict bar)."""

    def __init__(self, store: Store, rec_ids: list[str], today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.setObjectName("bulkStatusDialog")
        self.setWindowTitle(_("Change status"))
        self._store, self.rec_ids, self.today = store, rec_ids, today
        #: each recommendation's ``row_version`` when the dialog opened (or after Reload)
        self.loaded_versions = store.recommendations.versions(rec_ids)
        self.conflict_bar = ConflictBar(self)
        self.conflict_bar.reload_requested.connect(self.reload_after_conflict)
        self.info = QLabel(wordWrap=True)
        self.info.setObjectName("bulkMessage")
        self.status = QComboBox()
        self.status.setObjectName("bulkStatus")
        for status in RecStatus:
            if status is not RecStatus.NEW:
                self.status.addItem(status.label, status)
        self.date = date_edit(today, "bulkDate")
        self.note = QPlainTextEdit()
        self.note.setObjectName("bulkNote")
        self.note.setMaximumHeight(100)
        self.errors = ErrorLines(["status", "date", "note", "items"])
        form = QFormLayout(self)
        form.addRow(self.conflict_bar)
        form.addRow(QLabel(ngettext("{n} recommendation selected.", "{n} recommendations selected.",
                                    len(rec_ids)).format(n=len(rec_ids))))
        form.addRow(_("New status:"), self.errors.under("status", self.status))
        form.addRow(_("Date:"), self.errors.under("date", self.date))
        form.addRow(_("Note (for all):"), self.errors.under("note", self.note))
        form.addRow(self.errors.labels["items"])
        form.addRow(self.errors.labels["general"])
        form.addRow(self.info)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton(_("Change all"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("bulkApply")
        self.apply_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        follow_up_buttons(store, [self.apply_button])
        form.addRow(buttons)

    def apply(self) -> bool:
        self.errors.clear()
        self.conflict_bar.hide()
        self.info.clear()
        d = self.date.date()
        try:
            with self._store.recommendations.unchanged_since(self.loaded_versions):
                self._store.followup.bulk_change(self.rec_ids, self.status.currentData(),
                                                 date=dt.date(d.year(), d.month(), d.day()),
                                                 note=self.note.toPlainText().strip() or None, today=self.today)
        except ConflictError as exc:
            self.conflict_bar.show_conflict(exc)
            return False
        except SsdeskError as exc:
            self.errors.show(exc)
            return False
        self.accept()
        return True

    def reload_after_conflict(self) -> None:
        """Take the recommendations as they are stored now (someone else's change); the note stays, and is also
        copied to the clipboard. The next *Change all* applies on top of the other change."""
        note = self.note.toPlainText()
        kept = keep_on_clipboard([_("Note (for all):") + " " + note] if note.strip() else [])
        self.conflict_bar.hide()
        self.errors.clear()
        self.loaded_versions = self._store.recommendations.versions(self.rec_ids)
        text = _("Reloaded: the recommendations are taken as they are stored now, with the other change. Press "
                 "“Change all” again to apply yours.")
        if kept:
            text += " " + _("What you typed is still in the form, and on the clipboard.")
        self.info.setText(text)
