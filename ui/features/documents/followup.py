"""The follow-up report dialog: filters and a format, then the report is made off the GUI thread and saved.

Why a job: five thousand recommendations take seconds to lay out; the work runs in :func:`ui.jobs.run_job` with a
progress bar and Cancel, and checks for Cancel between its steps (collect, lay out, write).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ssdesk.documents import report
from ssdesk.enums import RecStatus
from ssdesk.i18n import _
from ssdesk.safety.outputs import write_output
from ssdesk.services.secrecy import SecretOutputError, secret_content
from ssdesk.store import Store
from ui.features.documents.issue_box import IssueDialog
from ui.features.documents.output import confirm_secret, show_error
from ui.forms import tab_follows_the_eye
from ui.jobs import Job, JobCancelled, run_job
from ui.places import beside

FORMAT_FILTERS = {"pdf": "PDF (*.pdf)", "docx": "Word (*.docx)", "xlsx": "Excel (*.xlsx)"}


def make_followup(store: Store, fmt: str, target: Path, filters: dict[str, str | None],
                  allow_secret: bool = False) -> Callable[..., Path]:
    """The job's work: collect, lay out as ``fmt``, write ``target``; plain core code, no Qt. Rows of a secret
    session stop it with :class:`SecretOutputError` unless ``allow_secret`` (the user was asked and agreed); the
    file is then written 0600."""

    def work(progress: Callable[[float, str], None], cancelled: Callable[[], bool]) -> Path:
        def step(fraction: float, message: str) -> None:
            if cancelled():
                raise JobCancelled()
            progress(fraction, message)

        step(0.05, _("Collecting the recommendations…"))
        data = report.collect(store, **filters)  # type: ignore[arg-type]
        secret = secret_content(store, recommendation_ids=(line.row.id for line in data.lines))
        if secret and not allow_secret:
            raise SecretOutputError(secret)
        step(0.4, _("Laying out {n} rows…").format(n=len(data.lines)))
        if fmt == "xlsx":
            from ssdesk.documents.xlsx import render_xlsx

            content = render_xlsx(data, secret=bool(secret))
        else:
            doc = report.build_followup(store, data)
            step(0.5, _("Writing the {fmt} file…").format(fmt=fmt.upper()))
            if fmt == "pdf":
                from ssdesk.documents.pdf import render_pdf

                pages = max(len(data.lines) // 9 + 2, 1)  # about nine rows a page: the bar moves page by page
                content = render_pdf(doc, on_page=lambda n: step(
                    0.5 + 0.45 * min(n / pages, 1.0), _("Writing the PDF file: page {n}…").format(n=n)))
            else:
                from ssdesk.documents.docx import render_docx

                content = render_docx(doc, on_progress=lambda f: step(
                    0.5 + 0.45 * f, _("Writing the {fmt} file…").format(fmt=fmt.upper())))
        step(0.95, _("Saving…"))
        write_output(target, content, secret=bool(secret), protect=[store.path])
        progress(1.0, "")
        return target

    return work


class FollowupReportDialog(QDialog):
    """Choose unit, delegation, status and format; :meth:`make` asks where to save and runs the job."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.store = store
        self.job: Job | None = None
        self.saved: Path | None = None
        self.setObjectName("followupReportDialog")
        self.setWindowTitle(_("Follow-up report"))
        self.unit = QComboBox(self)
        self.unit.addItem(_("All units"), None)
        for unit in store.catalog.units():
            self.unit.addItem(unit.name, unit.id)
        self.delegation = QComboBox(self)
        self.delegation.addItem(_("All delegations"), None)
        for delegation in store.catalog.delegations():
            self.delegation.addItem(delegation.name, delegation.id)
        self.status = QComboBox(self)
        self.status.addItem(_("Any status"), None)
        for status in RecStatus:
            self.status.addItem(status.label, status.value)
        self.format = QComboBox(self)
        for fmt, label in (("pdf", _("PDF (to print)")), ("docx", _("Word (DOCX)")), ("xlsx", _("Excel (XLSX)"))):
            self.format.addItem(label, fmt)
        form = QFormLayout()
        form.addRow(_("&Unit:"), self.unit)
        form.addRow(_("&Delegation:"), self.delegation)
        form.addRow(_("&Status:"), self.status)
        form.addRow(_("&Format:"), self.format)
        for label, box in ((_("Unit"), self.unit), (_("Delegation"), self.delegation), (_("Status"), self.status),
                           (_("Format"), self.format)):
            box.setAccessibleName(label)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.make_button = buttons.addButton(_("&Make and save…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.make_button.clicked.connect(self.make)
        self.issue_button = buttons.addButton(_("&Issue…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.issue_button.setObjectName("followupIssue")
        self.issue_button.setToolTip(_("Give the report a number and freeze its PDF in the case file"))
        self.issue_button.clicked.connect(self.open_issue)
        self.issue_dialog: IssueDialog | None = None
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def filters(self) -> dict[str, str | None]:
        return {"unit": self.unit.currentData(), "delegation": self.delegation.currentData(),
                "status": self.status.currentData()}

    def open_issue(self) -> IssueDialog:
        """The issue box for the report under the chosen filters (issued as a PDF, dated today by default)."""
        self.issue_dialog = IssueDialog(self.store, "followup", self.filters(), dt.date.today(), self)
        self.issue_dialog.open()
        return self.issue_dialog

    def make(self) -> Job | None:
        fmt = self.format.currentData()
        start = beside(self.store, f"bao-cao-theo-doi.{fmt}")
        path, _chosen = QFileDialog.getSaveFileName(self, _("Save the follow-up report as"), start,
                                                    FORMAT_FILTERS[fmt])
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(target.name + f".{fmt}")
        return self._start(fmt, target, allow_secret=False)

    def _start(self, fmt: str, target: Path, *, allow_secret: bool) -> Job:
        self.make_button.setEnabled(False)
        self.message.setText(_("Making the report…"))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SecretOutputError):  # rows of a secret session: ask, as for the minutes
                self.make_button.setEnabled(True)
                if confirm_secret(self, _("It will be saved as a file outside the case file."), exc.content):
                    self._start(fmt, target, allow_secret=True)
                else:
                    self.message.setText(_("Cancelled; nothing was saved."))
                return
            self._failed(exc)

        self.job = None
        job = run_job(self, _("Follow-up report"),
                      make_followup(self.store, fmt, target, self.filters(), allow_secret),
                      on_done=self._done, on_error=failed)
        if self.job is not None:  # it ran at once and asked: the cleared run started meanwhile is the one shown
            return self.job
        self.job = job
        if job.result is not None or job.error is not None:  # ran at once (tests run jobs synchronously)
            self._finished()
        else:
            job.finished.connect(self._finished)
        return job

    def _finished(self) -> None:
        self.make_button.setEnabled(True)
        if self.job is not None and isinstance(self.job.error, JobCancelled):
            self.message.setText(_("Cancelled; nothing was saved."))

    def _done(self, target: Path) -> None:
        self.saved = target
        self.message.setText(_("Saved “{name}”.").format(name=target.name))

    def _failed(self, exc: BaseException) -> None:
        self.message.setText("")
        show_error(self, _("Follow-up report"), exc)
