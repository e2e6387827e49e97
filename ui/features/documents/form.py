"""The left half of the document dialog: what the user may change about a minutes or conclusion notice.

An empty field means "let the core derive it" (the delegation's head signs, the issuing body's place …); the
derived value is shown as the field's placeholder, so the user sees what will be printed without having to type it.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ssdesk.documents.meta import DocOptions
from ssdesk.documents.model import Document
from ssdesk.documents.profiles import Profile
from ssdesk.i18n import _
from ui.forms import DateField, date_edit


def _recipient_text(line: str) -> str:
    """``- Thường trực Thành ủy,`` → ``Thường trực Thành ủy`` (the core adds the dash and the punctuation)."""
    return line.strip().lstrip("-–• ").rstrip(",.;").strip()


class DocumentForm(QWidget):
    """Number, date, place, signer and recipients of one document; :attr:`edited` fires on every change."""

    edited = Signal()

    def __init__(self, kind: str, profiles: dict[str, Profile], default_day: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.number = QLineEdit(self)
        self.number.setObjectName("docNumber")
        self.number.setPlaceholderText(_("e.g. 125 or 125-TB/TU; empty in a draft"))
        self.issued_on = date_edit(default_day, "docDate")  # the app's date picker (order, calendar language)
        self.issued_on.setParent(self)
        # Conclusion: the day the issuing body heard the delegation's report, cited in the opening; empty while not
        # known yet, and the notice then leaves a blank to fill in by hand. Typed like every date of the app (Qt's
        # sectioned date editor recorded another day than one typed over it whole).
        self.heard_on = DateField(self, name="docHeardOn")
        self.heard_on.setPlaceholderText(_("not known yet") + f" ({self.heard_on.placeholderText()})")
        self.place = QLineEdit(self)
        self.place.setObjectName("docPlace")
        self.authority = QLineEdit(self)
        self.authority.setObjectName("docAuthority")
        self.position = QLineEdit(self)
        self.position.setObjectName("docPosition")
        self.signer = QLineEdit(self)
        self.signer.setObjectName("docSigner")
        self.recipients = QPlainTextEdit(self)
        self.recipients.setObjectName("docRecipients")
        self.recipients.setTabChangesFocus(True)
        self.recipients.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.profile = QComboBox(self)
        self.profile.setObjectName("docProfile")
        self.profile.addItem(_("Automatic (from the issuing body)"), None)
        for name, profile in sorted(profiles.items()):
            self.profile.addItem(f"{profile.title} ({name})", name)
        self.copies = QSpinBox(self)
        self.copies.setObjectName("docCopies")
        self.copies.setRange(1, 50)
        self.copies.setValue(DocOptions().copies)

        layout.addRow(_("&Number:"), self.number)
        layout.addRow(_("&Date:"), self.issued_on)
        layout.addRow(_("Report &heard on:"), self.heard_on)
        layout.addRow(_("&Place name:"), self.place)
        layout.addRow(_("Signing &authority:"), self.authority)
        layout.addRow(_("Signer's p&osition:"), self.position)
        layout.addRow(_("Signer's &name:"), self.signer)
        layout.addRow(_("&Recipients\n(one per line):"), self.recipients)
        layout.addRow(_("&Format profile:"), self.profile)
        layout.addRow(_("&Copies:"), self.copies)
        # Minutes list no recipients (both sides sign them); a notice states no number of copies.
        layout.setRowVisible(self.recipients, kind != "minutes")
        layout.setRowVisible(self.copies, kind == "minutes")
        layout.setRowVisible(self.heard_on, kind == "conclusion")
        for label, field in ((_("Document number"), self.number), (_("Date"), self.issued_on),
                             (_("Place name"), self.place), (_("Signing authority"), self.authority),
                             (_("Signer's position"), self.position), (_("Signer's name"), self.signer),
                             (_("Recipients, one per line"), self.recipients), (_("Format profile"), self.profile),
                             (_("Copies"), self.copies),
                             (_("Day the issuing body heard the delegation's report"), self.heard_on)):
            field.setAccessibleName(label)

        for line in (self.number, self.place, self.authority, self.position, self.signer):
            line.textEdited.connect(self.edited)
        self.issued_on.dateChanged.connect(self.edited)
        self.heard_on.textChanged.connect(lambda _t: self.edited.emit())
        self.recipients.textChanged.connect(self.edited)
        self.profile.currentIndexChanged.connect(self.edited)
        self.copies.valueChanged.connect(self.edited)

    def show_defaults(self, doc: Document) -> None:
        """Show what the core derives (for the current profile) as placeholders of the empty fields."""
        place = doc.header.place_date.split(",", 1)[0].strip()
        self.place.setPlaceholderText(place)
        if doc.closing is not None:
            self.authority.setPlaceholderText(doc.closing.right.authority)
            self.position.setPlaceholderText(doc.closing.right.position)
            self.signer.setPlaceholderText(doc.closing.right.name)
            self.recipients.setPlaceholderText("\n".join(_recipient_text(r) for r in doc.closing.recipients))

    def options(self) -> DocOptions:
        """The options typed so far; ``None`` for every field left empty (the core derives it)."""

        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        lines = tuple(t for t in (_recipient_text(x) for x in self.recipients.toPlainText().splitlines()) if t)
        return DocOptions(number=text(self.number), issued_on=cast(dt.date, self.issued_on.date().toPython()),
                          heard_on=self.heard_on.day(),
                          place=text(self.place), signing_authority=text(self.authority),
                          signer_position=text(self.position), signer_name=text(self.signer),
                          recipients=lines or None, profile=self.profile.currentData(), copies=self.copies.value())

    def focus_field(self, field: str) -> None:
        """Put the cursor in the field a core error names (``number``, ``signer_name`` …), if it is one of ours."""
        widgets = {"number": self.number, "issued_on": self.issued_on, "heard_on": self.heard_on, "place": self.place,
                   "signing_authority": self.authority, "signer_position": self.position,
                   "signer_name": self.signer, "recipients": self.recipients, "profile": self.profile}
        widget = widgets.get(field.split("[", 1)[0].split(".", 1)[0])
        if widget is not None:
            widget.setFocus()
