"""Tools menu dialogs: the reminder letter to one unit, and the report upward (on screen, then PDF or XLSX).

The documents are made by the core (``store.followup.reminder``, ``ssdesk.followup.upward.render``) inside
:func:`ui.jobs.run_job`; the file is written only once the document exists, and a refusal is shown in the dialog.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ssdesk.errors import SsdeskError
from ssdesk.followup import reminders, upward
from ssdesk.i18n import _
from ssdesk.safety.outputs import write_output
from ssdesk.services.secrecy import SecretContent, secret_content
from ssdesk.store import Store
from ui.forms import ERROR_STYLE, date_edit, tab_follows_the_eye
from ui.jobs import run_job
from ui.places import beside
from ui.screen_fit import open_at


def _day(edit: object) -> dt.date:
    d = edit.date()  # type: ignore[attr-defined]
    return dt.date(d.year(), d.month(), d.day())


class _DocumentDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self._store = store
        self.message = QLabel(wordWrap=True)
        self.message.setObjectName("toolMessage")
        self.saved_path: Path | None = None

    def _ask_path(self, title: str, default: str, fmt: str) -> Path | None:
        names = {"pdf": _("PDF documents (*.pdf)"), "docx": _("Word documents (*.docx)"),
                 "xlsx": _("Excel workbooks (*.xlsx)")}
        path, _f = QFileDialog.getSaveFileName(self, title, beside(self._store, default), names[fmt])
        if not path:
            return None
        target = Path(path)
        return target if target.suffix.lower() == f".{fmt}" else target.with_name(f"{target.name}.{fmt}")

    def _cleared(self, secret: SecretContent) -> bool:
        """The question the minutes ask, when the output holds something of a secret session (else ``True``)."""
        from ui.features.documents.output import confirm_secret  # with Qt PDF and printing: on first use only

        return confirm_secret(self, _("It will be saved as a file outside the case file."), secret)

    def _make(self, title: str, target: Path, work: object, secret: SecretContent) -> None:
        self.message.setStyleSheet("")
        self.message.setText(_("Working…"))

        def done(data: bytes) -> None:
            try:  # never over a case file; 0600 when it holds anything of a secret session
                write_output(target, data, secret=bool(secret), protect=[self._store.path])
            except (OSError, SsdeskError) as exc:
                failed(exc)
                return
            self.saved_path = target
            self.message.setText(_("Saved to {path}.").format(path=str(target)))

        def failed(exc: BaseException) -> None:
            self.message.setStyleSheet(ERROR_STYLE)
            messages = getattr(exc, "errors", None)
            self.message.setText(" ".join(e.message for e in messages) if messages else str(exc))

        run_job(self, title, lambda _progress, _cancelled: work(), on_done=done,  # type: ignore[operator]
                on_error=failed)


class ReminderDialog(_DocumentDialog):
    """Pick a unit; the letter lists its overdue items as of ``today``."""

    def __init__(self, store: Store, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.setObjectName("reminderDialog")
        self.setWindowTitle(_("Reminder letter"))
        self.unit = QComboBox()
        self.unit.setObjectName("reminderUnit")
        for unit in store.catalog.units():
            self.unit.addItem(unit.name, unit.id)
        self.day = date_edit(today, "reminderDay")
        self.format = QComboBox()
        self.format.setObjectName("reminderFormat")
        self.format.addItem(_("PDF (to send)"), "pdf")
        self.format.addItem(_("DOCX (to edit before signing)"), "docx")
        form = QFormLayout(self)
        form.addRow(_("Unit:"), self.unit)
        form.addRow(_("Overdue as of:"), self.day)
        form.addRow(_("Format:"), self.format)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        save = buttons.addButton(_("Save…"), QDialogButtonBox.ButtonRole.ActionRole)
        save.setObjectName("reminderSave")
        save.clicked.connect(lambda: self.save())
        issue = buttons.addButton(_("&Issue…"), QDialogButtonBox.ButtonRole.ActionRole)
        issue.setObjectName("reminderIssue")
        issue.setToolTip(_("Give the letter a number and freeze its PDF in the case file"))
        issue.clicked.connect(lambda: self.open_issue())
        self.issue_dialog: QDialog | None = None
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def open_issue(self) -> QDialog | None:
        """The issue box for the letter to the chosen unit as of the chosen day."""
        from ui.features.documents.issue_box import IssueDialog  # with Qt PDF: on first use only

        if self.unit.currentData() is None:
            return None
        self.issue_dialog = IssueDialog(self._store, "reminder", {"unit": self.unit.currentData()}, _day(self.day),
                                        self)
        self.issue_dialog.open()
        return self.issue_dialog

    def save(self, path: str | None = None) -> None:
        fmt, unit_id, day = self.format.currentData(), self.unit.currentData(), _day(self.day)
        if unit_id is None:
            return
        try:
            items = reminders.collect(self._store, unit_id, day).items
        except SsdeskError:  # nothing overdue: the job below says so
            items = []
        secret = secret_content(self._store, recommendation_ids=(rec.id for rec, _visit, _d in items))
        if not self._cleared(secret):
            return
        target = Path(path) if path else self._ask_path(_("Save the reminder letter"),
                                                        f"don-doc-{day.isoformat()}.{fmt}", fmt)
        if target is not None:
            self._make(_("Reminder letter"), target, lambda: self._store.followup.reminder(unit_id, day, fmt),
                       secret)


class UpwardDialog(_DocumentDialog):
    """The report upward as of a day, by unit or by delegation: shown as a table, saved as PDF or XLSX."""

    COLUMNS = 6

    def __init__(self, store: Store, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.setObjectName("upwardDialog")
        self.setWindowTitle(_("Report upward"))
        open_at(self, 820, 480)
        self.data: upward.UpwardData | None = None
        self.as_of = date_edit(today, "upwardAsOf")
        self.by = QComboBox()
        self.by.setObjectName("upwardBy")
        self.by.addItem(_("By unit"), "unit")
        self.by.addItem(_("By delegation"), "delegation")
        # a file that holds the delegations of several bodies: each reports its own (shown only then)
        self.body = QComboBox()
        self.body.setObjectName("upwardBody")
        self.body.setToolTip(_("The body that issues the report: its delegations' items are counted"))
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.by.currentIndexChanged.connect(lambda _i: self.refresh())
        self.body.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("upwardTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("As of:")))
        top.addWidget(self.as_of)
        top.addWidget(self.by)
        top.addWidget(self.body, 1)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for fmt, text in (("pdf", _("Save PDF…")), ("xlsx", _("Save XLSX…"))):
            button = QPushButton(text)
            button.setObjectName(f"upwardSave_{fmt}")
            button.clicked.connect(lambda _c=False, f=fmt: self.save(f))
            buttons.addWidget(button)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    def _show_bodies(self, data: upward.UpwardData) -> None:
        """Offer the bodies that have items by the day when there are several, the one reporting chosen."""
        self.body.blockSignals(True)
        self.body.clear()
        self.body.addItems(list(data.bodies))
        self.body.setCurrentText(data.issuing_body)
        self.body.blockSignals(False)
        self.body.setVisible(len(data.bodies) > 1)

    def refresh(self) -> None:
        by = self.by.currentData()
        chosen = self.body.currentText() or None
        try:  # one reading of the history: the figures, and the bodies that may report them
            self.data = self._store.followup.upward(_day(self.as_of), by, chosen, first_if_several=True)
        except SsdeskError as exc:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(str(exc))
            return
        self._show_bodies(self.data)
        self.table.setHorizontalHeaderLabels([_("Unit") if by == "unit" else _("Delegation"), _("Issued"),
                                              _("Closed"), _("of which done"), _("Open, within the deadline"),
                                              _("Overdue")])
        lines = [*self.data.lines, self.data.total]
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            for c, value in enumerate((line.name, line.issued, line.closed, line.done, line.in_progress,
                                       line.overdue)):
                item = QTableWidgetItem(str(value))
                if r == len(lines) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)

    def save(self, fmt: str, path: str | None = None) -> None:
        data = self.data
        if data is None:
            return
        secret = upward.secrecy(data)  # the sessions of every item counted
        if not self._cleared(secret):
            return
        target = Path(path) if path else self._ask_path(_("Save the report"),
                                                        f"bao-cao-{data.as_of.isoformat()}.{fmt}", fmt)
        if target is not None:
            store = self._store
            self._make(_("Report upward"), target, lambda: upward.render(store, data, fmt), secret)
