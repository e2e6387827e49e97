"""Getting a document out of the case file: the secret-mark confirmation, printing a PDF, error boxes.

Why print page images rather than hand the PDF to the printer: Qt has no PDF print path of its own; each page is
rendered by QtPdf at the printer's resolution and painted on the page, which prints the embedded fonts exactly as
the preview shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from ssdesk.errors import SsdeskError
from ssdesk.i18n import _
from ssdesk.services.secrecy import SecretContent

#: Pages are rendered for the printer at most this fine.
MAX_DPI = 300


def confirm_secret(parent: QWidget, what: str, content: SecretContent | None = None) -> bool:
    """Ask before a SECRET (MẬT) document — or any output holding something of a secret session, named by
    ``content`` (``ssdesk.services.secrecy``) — leaves the case file; ``what`` says how (saved, printed …). The one
    question of every output of the app (minutes, notices, follow-up report, reminder, report upward, package);
    ``True`` at once when ``content`` holds nothing secret."""
    if content is not None and not content:
        return True
    said = content.describe() if content is not None else _("This document is classified SECRET (MẬT).")
    answer = QMessageBox.warning(
        parent, _("Secret document"),
        _("{said} {what}\n\nContinue only if it will be kept as the rules for secret documents require.")
        .format(said=said, what=what),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget, title: str, exc: BaseException) -> None:
    """A core error as a message box with its (translated) one-line message; anything else says it is a bug."""
    if isinstance(exc, SsdeskError):
        text = str(exc)
    elif isinstance(exc, OSError):
        text = _("The file could not be written: {reason}").format(reason=exc.strerror or exc)
    else:
        text = _("Unexpected error: {error}").format(error=exc)
    QMessageBox.critical(parent, title, text)


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of ``document`` on ``printer`` (already set up); returns the number of pages printed."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise SsdeskError(_("The printer could not be started."))
    try:
        dpi = min(printer.resolution(), MAX_DPI)  # finer adds nothing on paper but hundreds of MB per page
        pages = document.pageCount()
        for page in range(pages):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(max(1, round(points.width() / 72 * dpi)), max(1, round(points.height() / 72 * dpi)))
            image = document.render(page, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
    finally:
        painter.end()
    return pages
