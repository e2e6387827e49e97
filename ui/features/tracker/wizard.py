"""The tracker import wizard: file and sheet → columns → statuses, units and visit → preview and Import.

Why a wizard and not one dialog: each step's choices change what the next shows (the header found decides the
columns, the columns decide the status words), and the person must confirm each before anything is written. All the
reading and checking is :mod:`ssdesk.tracker`; this module only shows it and passes the choices back. Nothing is
written until Import on the last page, in one transaction with a backup before it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ssdesk.enums import RecStatus
from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ssdesk.store import Store
from ssdesk.tracker.apply import Outcome, apply_plan
from ssdesk.tracker.mapping import FIELDS, Layout, find_layout, load_mapping, save_mapping
from ssdesk.tracker.plan import Plan, prepare
from ssdesk.tracker.reading import Table, read_tables
from ui.screen_fit import open_at

PREVIEW_ROWS = 200
BAD = QBrush(QColor("#f8d7da"))


def tracker_filter() -> str:
    return _("Trackers (*.xlsx *.csv *.docx);;All files (*)")


class FilePage(QWizardPage):
    def __init__(self, wizard: TrackerWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_("Tracker file"))
        self.setSubTitle(_("Pick the Excel workbook, CSV file or Word document, then the sheet or table."))
        self.path = QLineEdit()
        self.path.setObjectName("trackerPath")
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self.browse)
        self.path.editingFinished.connect(self.load)
        self.sheet = QComboBox()
        self.sheet.setObjectName("trackerSheet")
        self.mapping = QLineEdit()
        self.mapping.setPlaceholderText(_("optional: a mapping saved last year (.toml)"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        box = QVBoxLayout(self)
        for label, widget in ((_("&File:"), row), (_("&Sheet or table:"), self.sheet),
                              (_("Saved &mapping:"), self.mapping)):
            text = QLabel(label)
            box.addWidget(text)
            if isinstance(widget, QWidget):
                text.setBuddy(widget)
                box.addWidget(widget)
            else:
                text.setBuddy(self.path)
                box.addLayout(widget)
        box.addWidget(self.message)
        box.addStretch(1)

    def browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Open a tracker"), "", tracker_filter())
        if name:
            self.path.setText(name)
            self.load()

    def load(self) -> None:
        self.sheet.clear()
        self.w.tables = []
        try:
            self.w.tables = read_tables(self.path.text().strip())
        except SsdeskError as exc:
            self.message.setText(str(exc))
        else:
            self.message.setText("")
            self.sheet.addItems([t.name for t in self.w.tables])
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.w.tables)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        table = self.w.tables[max(self.sheet.currentIndex(), 0)]
        try:
            saved = load_mapping(self.mapping.text().strip()) if self.mapping.text().strip() else None
            self.w.table, self.w.tracker_layout = table, find_layout(table, saved)
        except SsdeskError as exc:
            self.message.setText(str(exc))
            return False
        return True


class ColumnsPage(QWizardPage):
    def __init__(self, wizard: TrackerWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_("Columns"))
        self.setSubTitle(_("Confirm or change what each column holds."))
        self.grid = QTableWidget(0, 3)
        self.grid.setObjectName("trackerColumns")
        self.grid.setHorizontalHeaderLabels([_("Column"), _("Header"), _("Field")])
        self.grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.grid.setColumnWidth(2, 260)  # a combo box's text is not measured by ResizeToContents
        self.found = QLabel()
        box = QVBoxLayout(self)
        box.addWidget(self.found)
        box.addWidget(self.grid)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        layout, table = self.w.tracker_layout, self.w.table
        assert layout is not None and table is not None
        rows = ", ".join(str(r + 1) for r in layout.header_rows)
        self.found.setText(_("Header found in row {rows}; data from row {start}.").format(
            rows=rows, start=layout.data_start + 1))
        self.grid.setRowCount(len(layout.columns))
        from ssdesk.tracker.reading import column_letter

        for i, column in enumerate(layout.columns):
            self.grid.setItem(i, 0, QTableWidgetItem(column_letter(column.index)))
            self.grid.setItem(i, 1, QTableWidgetItem(column.header))
            combo = QComboBox()
            for key, label in FIELDS.items():
                combo.addItem(_(label), key)
            combo.setCurrentIndex(combo.findData(column.field))
            self.grid.setCellWidget(i, 2, combo)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        layout = self.w.tracker_layout
        assert layout is not None
        for i, column in enumerate(layout.columns):
            combo = self.grid.cellWidget(i, 2)
            assert isinstance(combo, QComboBox)
            column.field = combo.currentData()
            if column.field == "status_mark" and not column.mark:
                column.mark = column.header.split(" ")[-1] if column.header else None
        if not layout.of("text"):
            QMessageBox.warning(self, _("Columns"), _("Say which column holds the recommendation's text."))
            return False
        self.w.replan()
        return True


class ChoicesPage(QWizardPage):
    def __init__(self, wizard: TrackerWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_("Statuses, units and sessions"))
        self.setSubTitle(_("Say what the status words mean; confirm the units to create and where the rows go."))
        self.statuses = QTableWidget(0, 2)
        self.statuses.setObjectName("trackerStatuses")
        self.statuses.setHorizontalHeaderLabels([_("As written"), _("Status")])
        self.statuses.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.statuses.setColumnWidth(1, 300)
        self.units = QListWidget()
        self.create_units = QCheckBox(_("&Create these units in the file (else their names are kept as text)"))
        self.visit = QComboBox()
        self.visit.setObjectName("trackerVisit")
        box = QVBoxLayout(self)
        box.addWidget(QLabel(_("Status words:")))
        box.addWidget(self.statuses, 2)
        box.addWidget(QLabel(_("Units not in the file:")))
        box.addWidget(self.units, 1)
        box.addWidget(self.create_units)
        label = QLabel(_("&Rows go to:"))
        label.setBuddy(self.visit)
        box.addWidget(label)
        box.addWidget(self.visit)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        plan = self.w.plan
        assert plan is not None
        self.statuses.setRowCount(len(plan.status_table))
        for i, (key, status) in enumerate(plan.status_table.items()):
            item = QTableWidgetItem(plan.status_examples[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.statuses.setItem(i, 0, item)
            combo = QComboBox()
            combo.addItem(_("(choose)"), None)
            for value in RecStatus:
                combo.addItem(value.label, value.value)
            combo.setCurrentIndex(combo.findData(status.value) if status is not None else 0)
            self.statuses.setCellWidget(i, 1, combo)
        self.units.clear()
        self.units.addItems(plan.new_units)
        self.create_units.setEnabled(bool(plan.new_units))
        self.visit.clear()
        self.visit.addItem(_("a new working session per conclusion notice cited"), None)
        for row in self.w.store.visits.rows(limit=500):
            self.visit.addItem(f"{row.starts_at:%d/%m/%Y} — {row.delegation} — {row.unit}", row.id)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        plan = self.w.plan
        assert plan is not None
        for i in range(self.statuses.rowCount()):
            combo = self.statuses.cellWidget(i, 1)
            item = self.statuses.item(i, 0)
            assert isinstance(combo, QComboBox) and item is not None
            data = combo.currentData()
            plan.set_status(item.data(Qt.ItemDataRole.UserRole), RecStatus(data) if data else None)
        plan.visit_id = self.visit.currentData()
        return True


class PreviewPage(QWizardPage):
    COLUMNS = ("row", "ref", "text", "responsible", "deadline", "status", "document")

    def __init__(self, wizard: TrackerWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_("Preview"))
        self.setSubTitle(_("The first rows as they will be stored. Nothing is written before Import."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.grid = QTableWidget(0, len(self.COLUMNS))
        self.grid.setObjectName("trackerPreview")
        self.grid.setHorizontalHeaderLabels([_("Row"), _("No."), _("Recommendation"), _("Unit in charge"),
                                             _("Deadline"), _("Status"), _("Conclusion notice")])
        self.grid.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 45), (1, 45), (3, 190), (4, 85), (5, 120), (6, 120)):
            self.grid.setColumnWidth(col, width)
        self.problems = QListWidget()
        self.problems.setObjectName("trackerProblems")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        save = QPushButton(_("Save the &mapping…"))
        save.clicked.connect(self.save_mapping)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.grid, 3)
        box.addWidget(QLabel(_("Problems:")))
        box.addWidget(self.problems, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(save)
        bottom.addWidget(self.progress, 1)
        box.addLayout(bottom)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        plan = self.w.plan
        assert plan is not None
        problems = plan.problems
        self.summary.setText(_("{new} rows to import, {old} already imported, {hidden} hidden rows skipped, "
                               "{n} problems.").format(new=len(plan.new_rows), old=len(plan.rows) - len(plan.new_rows),
                                                       hidden=plan.hidden, n=len(problems)))
        shown = plan.rows[:PREVIEW_ROWS]
        self.grid.setRowCount(len(shown))
        names = {u.id: u.name for u in self.w.store.catalog.units()}
        field_of = {c.index: c.field for c in plan.layout.columns}
        where = {"text": 2, "responsible": 3, "deadline": 4, "status_date": 4, "status": 5, "status_mark": 5,
                 "document": 6, "ref": 1}
        for i, row in enumerate(shown):
            status = row.status.label if row.status else (row.status_text or "")
            unit = row.responsible or ""
            if row.unit_id:
                unit = names.get(row.unit_id, unit)  # the unit of the file it will point at
            elif row.responsible:
                unit = (_("{name} (new unit)") if self.w.choices.create_units.isChecked()
                        else _("{name} (not in the file)")).format(name=row.responsible)
            values = (str(row.row + 1), row.ref or "", row.text, unit,
                      row.deadline.strftime("%d/%m/%Y") if row.deadline else "", status, row.document or "")
            bad = {where.get(field_of.get(p.col, ""), 0) if p.col is not None else 0 for p in row.problems}
            if row.status is None and row.status_text:
                bad |= {0, 5}
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if j in bad or (bad and j == 0):
                    item.setBackground(BAD)
                if row.imported:
                    item.setForeground(QBrush(QColor("#888888")))
                self.grid.setItem(i, j, item)
        self.problems.clear()
        self.problems.addItems([str(p) for p in problems])
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Import"))

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.w.plan is not None and not self.w.plan.problems

    def save_mapping(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the mapping"), "", _("Mappings (*.toml)"))
        if name and self.w.tracker_layout is not None:
            save_mapping(self.w.tracker_layout, name)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        plan = self.w.plan
        assert plan is not None
        self.progress.setVisible(True)
        self.progress.setRange(0, max(len(plan.new_rows), 1))

        def tick(done: int, total: int) -> None:
            self.progress.setValue(done)
            from PySide6.QtWidgets import QApplication

            QApplication.processEvents()

        try:
            self.w.outcome = apply_plan(self.w.store, plan, create_units=self.w.choices.create_units.isChecked(),
                                        progress=tick)
        except SsdeskError as exc:
            QMessageBox.warning(self, _("Import"), _("Nothing was imported.") + "\n\n" + str(exc))
            return False
        return True


class TrackerWizard(QWizard):
    """The whole import; ``outcome`` is set once Import succeeded."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trackerWizard")
        self.setWindowTitle(_("Import a tracker of recommendations"))
        self.store = store
        self.tables: list[Table] = []
        self.table: Table | None = None
        self.tracker_layout: Layout | None = None
        self.plan: Plan | None = None
        self.outcome: Outcome | None = None
        self.file_page = FilePage(self)
        self.columns = ColumnsPage(self)
        self.choices = ChoicesPage(self)
        self.preview = PreviewPage(self)
        for page in (self.file_page, self.columns, self.choices, self.preview):
            self.addPage(page)
        open_at(self, 900, 620)

    def replan(self) -> None:
        assert self.table is not None and self.tracker_layout is not None
        self.plan = prepare(self.store, str(Path(self.file_page.path.text().strip())), self.table, self.tracker_layout)

    def set_file(self, path: str | Path) -> None:
        """Fill the first page as if typed (tests, drag and drop)."""
        self.file_page.path.setText(str(path))
        self.file_page.load()

    def summary(self) -> dict[str, Any]:
        outcome = self.outcome
        return {} if outcome is None else {"added": outcome.added, "visits": len(outcome.visits)}
