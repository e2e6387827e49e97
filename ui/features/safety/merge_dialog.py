"""File → Merge a laptop's file…: a preview of what the laptop brings (dry run), every conflict side by side with a
choice, then the real merge with those choices. The core backs the office file up before it writes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ssdesk.i18n import _, ngettext
from ssdesk.safety.merge import Conflict, FieldDiff, MergeReport, merge
from ui.features.safety import settings
from ui.forms import tab_follows_the_eye
from ui.jobs import run_job
from ui.main_window import file_filter
from ui.places import start_dir
from ui.screen_fit import open_at

if TYPE_CHECKING:
    from ui.main_window import MainWindow

KEEP_OFFICE, TAKE_LAPTOP = "office", "laptop"
VALUE_CHARS = 80


def table_text(name: str) -> str:
    names = {"visit": _("Working sessions"), "recommendation": _("Recommendations"), "finding": _("Findings"),
             "statement": _("Statements"), "attendee": _("Attendees"), "follow_up": _("Follow-ups"),
             "person": _("People"), "unit": _("Units"), "delegation": _("Delegations"),
             "delegation_member": _("Delegation members"), "programme": _("Programmes"), "plan": _("Plans"),
             "indicator": _("Indicators"), "indicator_result": _("Indicator results"),
             "attachment": _("Attachments"), "issued_document": _("Issued documents"),
             "reporting_schedule": _("Reporting schedules"), "recheck_entry": _("Re-supervision entries"),
             "saved_filter": _("Saved filters"), "unit_succession": _("Unit successions")}
    return names.get(name, name)


def kind_text(kind: str) -> str:
    return {"changed-both": _("changed on both sides"), "deleted-in-office": _("deleted in the office"),
            "deleted-on-laptop": _("deleted on the laptop")}.get(kind, kind)


def value_text(value: Any) -> str:
    text = "—" if value is None or value == "" else str(value)
    return text if len(text) <= VALUE_CHARS else text[:VALUE_CHARS - 1] + "…"


def record_text(window: MainWindow, table: str, ident: str) -> str:
    """A record as the user knows it where the core can tell (a working session: its date), else its id's start."""
    if table == "visit":
        try:
            return window.store.visits.get(ident).starts_at.strftime("%d/%m/%Y %H:%M")
        except Exception:  # noqa: BLE001 - deleted in the office: the id is all there is
            pass
    return ident[:8]


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


class MergeDialog(QDialog):
    """Shows one laptop file's merge preview; :meth:`preview` and :meth:`apply` run the core in a job."""

    def __init__(self, window: MainWindow, laptop: Path) -> None:
        super().__init__(window)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.window_ = window
        self.laptop = laptop
        self.report: MergeReport | None = None
        #: The report of the merge once applied (not ``result``: that is QDialog's exit code).
        self.applied: MergeReport | None = None
        self.choices: dict[int, QComboBox] = {}
        self.setObjectName("mergeDialog")
        self.setWindowTitle(_("Merge a laptop’s file"))
        open_at(self, 980, 620)

        self.summary = QLabel(_("Reading “{name}”…").format(name=laptop.name), self)
        self.summary.setWordWrap(True)
        self.counts = QTableWidget(0, 4, self)
        self.counts.setObjectName("mergeCounts")
        self.counts.setHorizontalHeaderLabels([_("Records"), _("New"), _("Changed"), _("Deleted")])
        self.conflicts = QTableWidget(0, 6, self)
        self.conflicts.setObjectName("mergeConflicts")
        self.conflicts.setHorizontalHeaderLabels([_("What"), _("Record"), _("Field"), _("In the office"),
                                                  _("On the laptop"), _("Keep")])
        for table in (self.counts, self.conflicts):
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header = self.conflicts.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, sample in ((0, _("Working sessions")), (1, "00/00/0000 00:00  ")):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.conflicts.setColumnWidth(col, self.fontMetrics().horizontalAdvance(sample) + 24)
        self.conflicts.setWordWrap(True)

        self.conflict_label = QLabel(_("Conflicts: both sides changed these records. Choose which version to keep."),
                                     self)
        self.all_office = QPushButton(_("Keep the office’s everywhere"), self)
        self.all_laptop = QPushButton(_("Take the laptop’s everywhere"), self)
        self.all_office.clicked.connect(lambda: self.choose_all(KEEP_OFFICE))
        self.all_laptop.clicked.connect(lambda: self.choose_all(TAKE_LAPTOP))
        bulk = QHBoxLayout()
        bulk.addWidget(self.conflict_label, 1)
        bulk.addWidget(self.all_office)
        bulk.addWidget(self.all_laptop)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(bulk)
        lower_layout.addWidget(self.conflicts)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.counts)
        splitter.addWidget(lower)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([140, 420])

        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton(_("Apply the merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    # -- preview -------------------------------------------------------------------------------------------------

    def preview(self) -> None:
        store, laptop = self.window_.store, self.laptop
        run_job(self, _("Comparing with the laptop’s file…"),
                lambda _p, _c: merge(store, laptop, dry_run=True), on_done=self.show_report, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(str(exc))
        QMessageBox.critical(self, _("Merge a laptop’s file"), str(exc))

    def show_report(self, report: MergeReport) -> None:
        self.report = report
        tables = sorted(set(report.inserts) | set(report.updates) | set(report.deletes), key=table_text)
        self.counts.setRowCount(len(tables))
        for row, name in enumerate(tables):
            self.counts.setItem(row, 0, _item(table_text(name)))
            for col, part in enumerate((report.inserts, report.updates, report.deletes), start=1):
                item = _item(str(len(part.get(name, []))))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.counts.setItem(row, col, item)
        self._fill_conflicts(report.conflicts)
        has_conflicts = bool(report.conflicts)
        for widget in (self.conflict_label, self.all_office, self.all_laptop, self.conflicts):
            widget.setVisible(has_conflicts)
        brings = ngettext("“{name}” brings {n} change.", "“{name}” brings {n} changes.", report.changes)
        if not report.audit_copied:
            text = _("Nothing to merge: the office file already holds everything from “{name}”.")
        elif has_conflicts:
            text = brings + " " + ngettext(
                "{c} record was changed on both sides: choose which version to keep, then Apply.",
                "{c} records were changed on both sides: choose for each one which version to keep, then Apply.",
                len(report.conflicts))
        else:
            text = brings + " " + _("No conflicts. Apply writes them into the office file (it is backed up first).")
        self.summary.setText(text.format(name=self.laptop.name, n=report.changes, c=len(report.conflicts)))
        self._update_apply()

    def _fill_conflicts(self, conflicts: list[Conflict]) -> None:
        self.choices.clear()
        rows = sum(max(1, len(c.fields)) for c in conflicts)
        self.conflicts.setRowCount(rows)
        row = 0
        for number, conflict in enumerate(conflicts):
            fields: list[FieldDiff | None] = list(conflict.fields) or [None]
            span = len(fields)
            self.conflicts.setItem(row, 0, _item(table_text(conflict.table), conflict.table))
            label = record_text(self.window_, conflict.table, conflict.id)
            self.conflicts.setItem(row, 1, _item(f"{label}\n{kind_text(conflict.kind)}", conflict.id))
            combo = QComboBox(self.conflicts)
            combo.addItem(_("— choose —"), None)
            combo.addItem(_("The office’s version"), KEEP_OFFICE)
            combo.addItem(_("The laptop’s version"), TAKE_LAPTOP)
            if conflict.choice in (KEEP_OFFICE, TAKE_LAPTOP):
                combo.setCurrentIndex(combo.findData(conflict.choice))
            combo.currentIndexChanged.connect(lambda _i: self._update_apply())
            self.conflicts.setCellWidget(row, 5, combo)
            self.choices[number] = combo
            if span > 1:
                for col in (0, 1, 5):
                    self.conflicts.setSpan(row, col, span, 1)
            for diff in fields:
                if diff is None:
                    self.conflicts.setItem(row, 2, _item("—"))
                else:
                    self.conflicts.setItem(row, 2, _item(diff.field))
                    self.conflicts.setItem(row, 3, _item(value_text(diff.office), str(diff.office)))
                    self.conflicts.setItem(row, 4, _item(value_text(diff.laptop), str(diff.laptop)))
                row += 1
        self.conflicts.resizeRowsToContents()

    def choose_all(self, choice: str) -> None:
        for combo in self.choices.values():
            combo.setCurrentIndex(combo.findData(choice))

    def choose(self, number: int, choice: str) -> None:
        self.choices[number].setCurrentIndex(self.choices[number].findData(choice))

    def resolution(self) -> dict[tuple[str, str], str]:
        assert self.report is not None
        return {c.key: self.choices[i].currentData() for i, c in enumerate(self.report.conflicts)
                if self.choices[i].currentData() is not None}

    def _update_apply(self) -> None:
        report = self.report
        ready = (report is not None and report.audit_copied > 0 and not self.window_.store.readonly
                 and len(self.resolution()) == len(report.conflicts))
        self.apply_button.setEnabled(ready)

    # -- applying ------------------------------------------------------------------------------------------------

    def apply(self) -> None:
        if not self.apply_button.isEnabled():
            return
        store, laptop, resolve = self.window_.store, self.laptop, self.resolution()
        folder = settings.folder_for(store.path) if store.path is not None else None  # server: no backup of ours
        self.apply_button.setEnabled(False)
        run_job(self, _("Merging the laptop’s file…"),
                lambda _p, _c: merge(store, laptop, resolve=resolve, backup_folder=folder),
                on_done=self._applied, on_error=self._failed, cancellable=False)

    def _applied(self, report: MergeReport) -> None:
        if not report.applied:  # the laptop's or the office's file changed since the preview: show it again
            self.show_report(report)
            return
        self.applied = report
        taken = sum(1 for c in report.conflicts if c.choice == TAKE_LAPTOP)
        text = _("Merged “{name}”: {i} new, {u} changed, {d} deleted records; {c} conflicts settled "
                 "({t} with the laptop’s version).").format(
            name=self.laptop.name, i=sum(len(v) for v in report.inserts.values()),
            u=sum(len(v) for v in report.updates.values()), d=sum(len(v) for v in report.deletes.values()),
            c=len(report.conflicts), t=taken)
        if report.backup:
            text += "\n" + _("The office file was backed up first: {path}").format(path=report.backup)
        self.summary.setText(text)
        QMessageBox.information(self, _("Merge a laptop’s file"), text)
        self.accept()


def open_merge(window: MainWindow) -> MergeDialog | None:
    """Ask for the laptop's file, show the dialog and start the preview."""
    if window.store.readonly:
        QMessageBox.information(window, _("Merge a laptop’s file"),
                                _("This case file is open read-only. Open it for editing to merge into it."))
        return None
    chosen, _filter = QFileDialog.getOpenFileName(window, _("The laptop’s case file"),
                                                  str(start_dir(window.store)), file_filter())
    if not chosen:
        return None
    for old in window.findChildren(MergeDialog):  # the dialogs closed before: at most one lingers
        if not old.isVisible():
            old.deleteLater()
    dialog = MergeDialog(window, Path(chosen))
    dialog.open()
    dialog.preview()
    return dialog
