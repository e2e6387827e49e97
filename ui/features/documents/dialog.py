"""The document dialog of one visit and kind: the form on the left, the live PDF preview on the right.

The preview is the very PDF that Print and Save write (the core renders it; QtPdf only shows it), so what the user
sees is what leaves the case file. After issuing, or when an issued version is opened, the preview shows the frozen
bytes kept in the case file — not a re-render — until the user edits the form or goes back to the draft.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ssdesk.documents import DocOptions, build, render
from ssdesk.documents.content import conclusion_day, load_visit
from ssdesk.documents.issuing import FILE_NAMES, ISSUABLE, issue_document, issued_pdf, issued_versions
from ssdesk.documents.pdf import render_pdf
from ssdesk.documents.profiles import all_profiles
from ssdesk.enums import VisitState
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import _
from ssdesk.safety.outputs import safe_file_name, write_output
from ssdesk.store import Store
from ui.features.access.readonly import follow_up_buttons
from ui.features.documents.form import DocumentForm
from ui.features.documents.output import confirm_secret, print_document, show_error
from ui.forms import ERROR_STYLE, error_label, tab_follows_the_eye
from ui.places import beside
from ui.screen_fit import open_at

#: Milliseconds of quiet after an edit before the preview is rendered again.
PREVIEW_DELAY_MS = 350


def kind_title(kind: str) -> str:
    return {"minutes": _("Minutes"), "conclusion": _("Conclusion notice")}.get(kind, kind)


def pdf_filter() -> str:
    return _("PDF document (*.pdf)")


def docx_filter() -> str:
    return _("Word document (*.docx)")


class DocumentDialog(QDialog):
    """Make, preview, print, save and issue the ``kind`` ("minutes" | "conclusion") document of one visit."""

    #: An issued document (``IssuedDocument``) was recorded from this dialog.
    issued = Signal(object)

    def __init__(self, store: Store, visit_id: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.store, self.visit_id, self.kind = store, visit_id, kind
        visit = load_visit(store, visit_id)  # NotFoundError for a deleted visit, before any widget is shown
        self.secret = False
        self.pdf_bytes = b""
        #: The id of the issued document shown, or ``None`` while the live draft is shown.
        self.shown_issued: str | None = None
        self.setObjectName("documentDialog")
        held_with = visit.unit.name if visit.unit else visit.convening_body or ""  # a review meeting: its body
        self.setWindowTitle(_("{kind} — {unit}, {day}").format(
            kind=kind_title(kind), unit=held_with, day=visit.starts_at.strftime("%d/%m/%Y")))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        # The minutes and the conclusion are dated by the session itself, never by the day they are printed (a
        # 2024 session's conclusion dated 2026 would come after its own deadlines); the user changes it if needed.
        default_day = conclusion_day(visit, DocOptions())
        self.form = DocumentForm(kind, all_profiles(), default_day, self)
        self.form.edited.connect(self._on_edited)
        self.message = QLabel(self)
        self.message.setObjectName("documentMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # minutes of a session nothing was recorded for yet: said before anyone prints them (issue 14.6)
        self.planned_warning = error_label("plannedWarning", self)
        if kind == "minutes" and visit.state is VisitState.PLANNED:
            self.planned_warning.setText(_("This session is still marked “planned”: no statement is recorded, nor "
                                           "any attendee after its start. The minutes will have no course of the "
                                           "session."))
            self.planned_warning.show()

        self.versions = QListWidget(self)
        self.versions.setObjectName("issuedVersions")
        self.versions.setAccessibleName(_("Issued versions"))
        self.versions.itemActivated.connect(lambda _item: self.open_selected_version())
        self.versions.itemDoubleClicked.connect(lambda _item: self.open_selected_version())
        self.open_button = QPushButton(_("&Open"), self)
        self.open_button.clicked.connect(self.open_selected_version)
        self.draft_button = QPushButton(_("Back to &draft"), self)
        self.draft_button.clicked.connect(self.refresh_preview)
        versions_box = QGroupBox(_("Issued versions"), self)
        vbox = QVBoxLayout(versions_box)
        vbox.addWidget(self.versions)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.draft_button)
        row.addStretch(1)
        vbox.addLayout(row)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.planned_warning)
        left_layout.addWidget(self.form)
        left_layout.addWidget(self.message)
        left_layout.addWidget(versions_box, 1)

        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setObjectName("documentPreview")
        self.view.setAccessibleName(_("Preview"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # fitted to its width, a page that just needs the scroll bar loses it once narrower, and so on for ever
        # (the event loop froze at some dialog widths): the scroll bar stays, the width never changes under it
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setDocument(self.document)
        self.shown_label = QLabel(self)
        self.shown_label.setObjectName("documentShown")
        self.shown_label.setWordWrap(True)  # a full SHA-256 must not widen the dialog
        self.shown_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.shown_label)
        right_layout.addWidget(self.view, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 780])

        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(_("&Save as…"), self)
        self.save_button.clicked.connect(self.save_as)
        self.issue_button = QPushButton(_("&Issue…"), self)
        self.issue_button.setToolTip(_("Freeze the PDF in the case file as the next version, with its checksum"))
        self.issue_button.clicked.connect(self.issue)
        follow_up_buttons(store, [self.issue_button])  # a reader may not issue: off, with the reason (issue 18)
        close_button = QPushButton(_("Close"), self)
        close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.issue_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        open_at(self, 1220, 820)

        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.reload_versions()
        self.refresh_preview()

    # -- preview -----------------------------------------------------------------------------------------------

    def _on_edited(self) -> None:
        self._timer.start()

    def schedule_refresh(self) -> None:
        """The visit changed elsewhere: re-render the draft soon (a shown issued version stays as it is)."""
        self.reload_versions()
        if self.shown_issued is None:
            self._timer.start()

    def refresh_preview(self) -> bool:
        """Render the draft from the form now; on a core error keep the last preview and say why under the form."""
        self._timer.stop()
        try:
            doc = build(self.store, self.kind, visit_id=self.visit_id, options=self.form.options())
            data = render_pdf(doc)
        except SsdeskError as exc:
            self._say(str(exc), error=True)
            return False
        self.form.show_defaults(doc)
        self.secret = doc.secret
        self._say("")
        self._show_pdf(data, None)
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _show_pdf(self, data: bytes, issued_label: str | None, issued_id: str | None = None) -> None:
        navigator = self.view.pageNavigator()
        page = navigator.currentPage() if self.pdf_bytes else 0
        old = self._buffer
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if old is not None:
            old.close()
            old.deleteLater()
        self.pdf_bytes = data
        self.shown_issued = issued_id
        secret = "  " + _("SECRET (MẬT)") if self.secret else ""
        self.shown_label.setText((issued_label or _("Draft preview — not issued")) + secret)
        self.draft_button.setEnabled(issued_id is not None)
        if 0 < page < self.document.pageCount():
            navigator.jump(page, QPointF(), navigator.currentZoom())

    # -- issued versions -----------------------------------------------------------------------------------------

    def reload_versions(self) -> None:
        current = self.versions.currentItem().data(Qt.ItemDataRole.UserRole) if self.versions.currentItem() else None
        self.versions.clear()
        for doc in issued_versions(self.store, self.visit_id, self.kind):
            item = QListWidgetItem(_("Version {version} — {number} — {day} — SHA-256 {sha}…").format(
                version=doc.version, number=doc.number,
                day=doc.issued_on.strftime("%d/%m/%Y") if doc.issued_on else "",  # always set when issuing
                sha=(doc.sha256 or "")[:12]), self.versions)
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            item.setToolTip(_("Signed by {name}; SHA-256 {sha}").format(name=doc.signer_name, sha=doc.sha256))
            if doc.id == current:
                self.versions.setCurrentItem(item)
        self.open_button.setEnabled(self.versions.count() > 0)

    def open_selected_version(self) -> None:
        item = self.versions.currentItem() or self.versions.item(self.versions.count() - 1)
        if item is not None:
            self.open_issued(item.data(Qt.ItemDataRole.UserRole))

    def open_issued(self, doc_id: str) -> None:
        """Show the frozen PDF of issued document ``doc_id`` exactly as kept (its checksum is verified)."""
        try:
            data = issued_pdf(self.store, doc_id)
        except SsdeskError as exc:
            show_error(self, _("Issued document"), exc)
            return
        doc = next((d for d in issued_versions(self.store, self.visit_id, self.kind) if d.id == doc_id), None)
        label = _("Issued version {version} — {number} — SHA-256 {sha}").format(
            version=doc.version, number=doc.number, sha=doc.sha256) if doc else _("Issued version")
        if doc is not None:
            self.secret = doc.classification.value == "secret"
        self._show_pdf(data, label, doc_id)

    # -- actions -------------------------------------------------------------------------------------------------

    def _flush(self) -> None:
        if self._timer.isActive() or not self.pdf_bytes:
            self.refresh_preview()

    def default_name(self, fmt: str) -> str:
        return f"{FILE_NAMES[ISSUABLE[self.kind]]}.{fmt}"

    def save_as(self) -> Path | None:
        """Ask for a file and write the PDF shown (or a DOCX of the draft); a secret document asks first."""
        self._flush()
        if self.secret and not confirm_secret(self, _("It will be saved as a file outside the case file.")):
            return None
        start = beside(self.store, self.default_name("pdf"))
        path, chosen = QFileDialog.getSaveFileName(self, _("Save document as"), start,
                                                   f"{pdf_filter()};;{docx_filter()}")
        if not path:
            return None
        fmt = "docx" if chosen == docx_filter() or (not chosen and path.lower().endswith(".docx")) else "pdf"
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(target.name + f".{fmt}")
        try:
            data = self.pdf_bytes if fmt == "pdf" else render(
                self.store, self.kind, "docx", visit_id=self.visit_id, options=self.form.options())
            write_output(target, data, secret=self.secret, protect=[self.store.path])  # a secret one: 0600
        except (SsdeskError, OSError) as exc:
            show_error(self, _("Save document"), exc)
            return None
        self._say(_("Saved “{name}”.").format(name=target.name))
        return target

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        # Qt proposes "<document name>.pdf" when printing to a file: a "/" of the title's date ("18/03/2025") made
        # that a path into folders that do not exist, and the dialog refused every try (GUI walk)
        printer.setDocName(safe_file_name(self.windowTitle()))
        printer.setCopyCount(1)
        return printer

    def print_document(self) -> bool:
        self._flush()
        if self.secret and not confirm_secret(self, _("It will be printed.")):
            return False
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            print_document(self.document, printer)
            if self.kind == "minutes":
                self.store.visits.minutes_printed(self.visit_id)  # printed minutes: "minutes drafted" at least
        except SsdeskError as exc:
            show_error(self, _("Print"), exc)
            return False
        return True

    def issue(self) -> object | None:
        """Confirm, then freeze the document as the next version; shows the frozen PDF and its checksum."""
        if not self.refresh_preview():
            QMessageBox.warning(self, _("Issue document"), self.message.text())
            return None
        version = len(issued_versions(self.store, self.visit_id, self.kind)) + 1
        answer = QMessageBox.question(
            self, _("Issue document"),
            _("Issue this document as version {version}?\n\nIts PDF is kept in the case file exactly as shown and "
              "cannot be changed; a later change makes a new version.").format(version=version),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            issued = issue_document(self.store, self.visit_id, self.kind, self.form.options())
        except SsdeskError as exc:
            if isinstance(exc, ValidationError) and exc.errors:
                self.form.focus_field(exc.errors[0].field)
            show_error(self, _("Issue document"), exc)
            return None
        self.reload_versions()
        self.open_issued(issued.id)
        self.issued.emit(issued)
        QMessageBox.information(self, _("Document issued"), _(
            "{kind} {number} was issued as version {version}.\n\nSHA-256: {sha}").format(
            kind=kind_title(self.kind), number=issued.number, version=issued.version, sha=issued.sha256))
        return issued
