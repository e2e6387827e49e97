"""Issuing a follow-up report or a reminder letter from the GUI: number, date, place and signer, then the PDF is
frozen in the case file (the next version, with its sha256) and saved where the user says.

Why a dialog of its own: the minutes and the conclusion are issued from their document dialog, which previews one
session; a follow-up report or a letter is made from filters (unit, delegation, status, a day) in the dialogs that
print them, and issuing it asks for what an issued document needs and those dialogs do not — its number and the
signer. The core's ``documents.issuing`` prepares and freezes it, as ``ssdesk issue --kind followup|reminder`` does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ssdesk.documents.issuing import FILE_NAMES, ISSUABLE, freeze, issued_pdf, prepare
from ssdesk.documents.meta import DocOptions
from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ssdesk.models import IssuedDocument
from ssdesk.safety.outputs import write_output
from ssdesk.store import Store
from ui.features.documents.output import confirm_secret
from ui.forms import ERROR_STYLE, date_edit, tab_follows_the_eye
from ui.places import beside


def _day(edit: Any) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class IssueDialog(QDialog):
    """Issue ``kind`` ("followup" | "reminder") made under ``filters`` (the report's unit, delegation, status; the
    letter's unit) as of ``day``; :attr:`issued` is the record once issued, :attr:`saved` where its PDF went."""

    def __init__(self, store: Store, kind: str, filters: dict[str, Any], day: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)
        self.store, self.kind, self.filters = store, kind, filters
        self.issued: IssuedDocument | None = None
        self.saved: Path | None = None
        self.setObjectName("issueDialog")
        self.setWindowTitle(_("Issue the follow-up report") if kind == "followup" else _("Issue the reminder letter"))
        self.number = QLineEdit(self)
        self.number.setObjectName("issueNumber")
        self.number.setPlaceholderText(_("e.g. 125"))
        self.day = date_edit(day, "issueDate")
        self.place = QLineEdit(self)
        self.place.setObjectName("issuePlace")
        self.place.setPlaceholderText(_("from the issuing body"))
        self.signer = QLineEdit(self)
        self.signer.setObjectName("issueSigner")
        self.signer.setPlaceholderText(_("from the issuing body"))
        for label, box in ((_("Number"), self.number), (_("Date"), self.day), (_("Place"), self.place),
                           (_("Signer"), self.signer)):
            box.setAccessibleName(label)
        self.message = QLabel(self)
        self.message.setObjectName("issueMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.issue_button = buttons.addButton(_("&Issue…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.issue_button.setObjectName("issueButton")
        self.issue_button.setToolTip(_("Freeze the PDF in the case file as the next version, with its checksum"))
        self.issue_button.clicked.connect(lambda: self.issue())
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("&Number:"), self.number)
        form.addRow(_("&Date:"), self.day)
        form.addRow(_("&Place:"), self.place)
        form.addRow(_("&Signer:"), self.signer)
        form.addRow(self.message)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def options(self) -> DocOptions:
        return DocOptions(number=self.number.text().strip() or None, issued_on=_day(self.day),
                          place=self.place.text().strip() or None, signer_name=self.signer.text().strip() or None)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def issue(self, path: str | None = None) -> IssuedDocument | None:
        """Prepare, freeze, then save the frozen PDF (``path``, else asked); a refusal is said in the dialog, the
        typed fields stay as they are."""
        options = self.options()
        try:
            prepared = prepare(self.store, self.kind, options, today=options.issued_on, **self.filters)
            issued = freeze(self.store, prepared)
        except SsdeskError as exc:
            errors = getattr(exc, "errors", None)
            self._say(" ".join(e.message for e in errors) if errors else str(exc), error=True)
            return None
        self.issued = issued
        self._say(_("Issued {number}, version {version}. SHA-256: {sha}").format(
            number=issued.number, version=issued.version, sha=issued.sha256))
        code = (issued.number or "").replace("/", "_")
        default = f"{FILE_NAMES[ISSUABLE[self.kind]]}-{code}-v{issued.version}.pdf"
        if path is None:
            path, _chosen = QFileDialog.getSaveFileName(self, _("Save the issued PDF as"),
                                                        beside(self.store, default), _("PDF documents (*.pdf)"))
        if not path:
            return issued  # kept in the case file all the same
        if prepared.doc.secret and not confirm_secret(self, _("It will be saved as a file outside the case file.")):
            return issued
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        try:
            write_output(target, issued_pdf(self.store, issued.id), secret=prepared.doc.secret,
                         protect=[self.store.path])
        except (OSError, SsdeskError) as exc:
            self._say(str(exc), error=True)
            return issued
        self.saved = target
        self._say(self.message.text() + " " + _("Saved to {path}.").format(path=str(target)))
        return issued
