"""Draft from text, reviewed: the source on the left, the drafted items on the right, nothing written until asked.

Paste the notes or a report (or open a .txt/.docx file) and press "Draft": the core drafts a visit
(:func:`ssdesk.drafting.draft_from_text`, in a background job when the text is long) and the items appear grouped —
the session (date, delegation, unit, programme, documents cited), attendees (with the person already in the file they
are taken to be), statements, figures, findings, requests, petitions. Each has a tick (keep or drop) and its fields
can be corrected below the list; selecting one selects the words it came from. "Create visit" imports only the kept,
corrected items as a new visit in state "minutes drafted" (:func:`ssdesk.drafting.review.create_visit`, the same path
as ``ssdesk draft --into``). A text with nothing to draft says so; it never raises.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ssdesk.drafting import Draft, draft_from_text
from ssdesk.drafting.review import GROUPS, ReviewItem, create_visit, review_items
from ssdesk.drafting.sources import read_source
from ssdesk.enums import FindingKind, StatementKind
from ssdesk.errors import SsdeskError, ValidationError
from ssdesk.i18n import N_, _
from ssdesk.safety.backups import backup_before
from ssdesk.store import Store
from ui.forms import ERROR_STYLE, tab_follows_the_eye
from ui.jobs import run_job
from ui.places import start_dir
from ui.screen_fit import open_at

#: Texts longer than this are drafted in a background job (with progress), shorter ones at once.
BACKGROUND_CHARS = 20_000
KEY_ROLE = Qt.ItemDataRole.UserRole + 41
GROUP_LABELS = {"visit": N_("Session"), "attendees": N_("Attendees"), "figures": N_("Figures"),
                "statements": N_("Statements"), "findings": N_("Findings"), "requests": N_("Requests to the unit"),
                "petitions": N_("Petitions from the unit")}
FIELD_LABELS = {"title": N_("Title"), "starts_at": N_("Date and time (dd/mm/yyyy hh:mm)"), "place": N_("Place"),
                "name": N_("Name"), "issuing_body": N_("Issuing body"), "code": N_("Code"), "text": N_("Text"),
                "label": N_("What it measures"), "reported": N_("Figure as reported"),
                "kind": N_("Kind of session"), "convening_body": N_("Convening body")}
KIND_LABELS = {"visit": N_("Session"), "delegation": N_("Delegation"), "unit": N_("Supervised unit"),
               "programme": N_("Programme"), "document": N_("Document cited")}
#: Fields edited in a multi-line box.
LONG_FIELDS = frozenset({"text"})


def text_filter() -> str:
    return _("Notes or reports (*.txt *.docx);;All files (*)")


def summary(item: ReviewItem, fields: dict[str, str]) -> str:
    """One line for the list: what the item is, with the values as corrected."""
    k = item.kind
    if k == "visit":
        return _("Session: {when} — {title}").format(when=fields["starts_at"], title=fields["title"])
    if k in KIND_LABELS:
        value = " — ".join(v for v in fields.values() if v) or (item.match or {}).get("name", "")
        return f"{_(KIND_LABELS[k])}: {value}"
    if k == "attendee":
        return f"{fields['name']} — {fields['title']}" if fields["title"] else fields["name"]
    if k == "figure":
        return f"{fields['label']}: {fields['reported']}"
    first = " ".join(fields.get("text", "").split())
    first = first if len(first) <= 110 else first[:109] + "…"
    if k == "statement":
        kind = item.extra.get("statement_kind")
        label = StatementKind(kind).label if kind else ""
        return f"{item.extra.get('speaker') or ''} ({label}): {first}"
    if k in {f.value for f in FindingKind}:
        return f"[{FindingKind(k).label}] {first}"
    return first


def match_note(item: ReviewItem) -> str:
    """What the case file already holds for this item, as the secretary reads it."""
    m = item.match
    if not m:
        return ""
    if item.kind == "attendee" and not m.get("same_title", True):
        return _("Already in the case file as “{name}”, {title}: the same person, with a new title.").format(
            name=m["name"], title=m.get("title") or "—")
    return _("Already in the case file: “{name}” (it is reused as it is).").format(name=m["name"])


class DraftReviewDialog(QDialog):
    """Paste or open a text, draft it, review the items, create the visit; ``created(visit_id)`` when done."""

    created = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.setObjectName("draftReview")
        self.setWindowTitle(_("Draft a session from text"))
        self.store = store
        self.draft: Draft | None = None
        self.items: dict[str, ReviewItem] = {}
        self.edits: dict[str, dict[str, Any]] = {}
        self.visit_id: str | None = None

        self.source = QPlainTextEdit(self)
        self.source.setObjectName("draftSource")
        self.source.setAccessibleName(_("Source text"))
        self.source.setPlaceholderText(_("Paste the notes, the unit's report or a press report here, or open a "
                                         "file; then press Draft."))
        self.open_button = QPushButton(_("&Open file…"), self)
        self.open_button.clicked.connect(self.choose_file)
        self.draft_button = QPushButton(_("&Draft"), self)
        self.draft_button.setObjectName("makeDraft")
        self.draft_button.clicked.connect(self.make_draft)
        self.change_button = QPushButton(_("C&hange the text"), self)
        self.change_button.clicked.connect(self.change_text)
        self.change_button.hide()
        self.message = QLabel(self)
        self.message.setObjectName("draftMessage")
        self.message.setWordWrap(True)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("draftItems")
        self.tree.setAccessibleName(_("Drafted items: tick those to keep"))
        self.tree.setHeaderLabels([_("Item (ticked: kept)"), _("Sure")])
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemChanged.connect(self._ticked)
        self.fields_box = QGroupBox(_("Selected item"), self)
        self.fields_form = QFormLayout(self.fields_box)
        self.fields_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.same_person: QCheckBox | None = None
        self.create_button = QPushButton(_("&Create visit"), self)
        self.create_button.setObjectName("createVisit")
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.make_visit)
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.reject)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.draft_button, self.change_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.source, 1)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.tree)
        right.addWidget(self.fields_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setSizes([520, 200])
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.create_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        open_at(self, 1200, 760)

    # -- the text --------------------------------------------------------------------------------------------------

    def choose_file(self) -> bool:
        path, _chosen = QFileDialog.getOpenFileName(self, _("Open notes or a report"),
                                                    str(start_dir(self.store)), text_filter())
        return bool(path) and self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        """Put the text of ``path`` in the source box and draft it; ``False`` (with the reason shown) if unreadable."""
        try:
            text = read_source(path)
        except SsdeskError as exc:
            self._show_message(str(exc), error=True)
            return False
        self.change_text()
        self.source.setPlainText(text)
        self.make_draft()
        return True

    def change_text(self) -> None:
        """Back to editing the source: the draft made from the old text is dropped."""
        self.source.setReadOnly(False)
        self.change_button.hide()
        self.draft_button.show()
        self._show_draft(None)

    # -- drafting --------------------------------------------------------------------------------------------------

    def make_draft(self) -> None:
        """Draft the source text: at once, or in a background job when it is long."""
        text = self.source.toPlainText()
        if len(text) <= BACKGROUND_CHARS:
            self._drafted(self._draft(text))
            return
        run_job(self, _("Drafting from the text…"), lambda progress, cancelled: self._draft(text),
                on_done=self._drafted, on_error=lambda exc: self._show_message(str(exc), error=True))

    def _draft(self, text: str) -> Draft | str:
        try:
            return draft_from_text(text, store=self.store)
        except Exception as exc:  # a rule that trips on some text must not lose the secretary's text
            return _("The text could not be drafted: {reason}").format(reason=exc)

    def _drafted(self, result: Draft | str) -> None:
        if isinstance(result, str):
            self._show_draft(None)
            self._show_message(result, error=True)
            return
        self._show_draft(result)

    def _show_draft(self, draft: Draft | None) -> None:
        self.draft = draft
        self.items, self.edits, self.visit_id = {}, {}, None
        self.tree.blockSignals(True)
        self.tree.clear()
        self.tree.blockSignals(False)
        self._show_fields(None)
        if draft is None:
            self.create_button.setEnabled(False)
            self._show_message("")
            return
        self.source.setPlainText(draft.text)  # the offsets of the items point into this normalised text
        self.source.setReadOnly(True)
        self.draft_button.hide()
        self.change_button.show()
        if draft.empty:
            self.create_button.setEnabled(False)
            self._show_message("\n".join(m["text"] for m in draft.messages), error=True)
            return
        self.tree.blockSignals(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for item in review_items(draft):
            self.items[item.key] = item
            parent = groups.get(item.group)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [_(GROUP_LABELS[item.group])])
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                groups[item.group] = parent
            node = QTreeWidgetItem(parent, [summary(item, item.fields), f"{round(item.confidence * 100)}%"])
            node.setData(0, KEY_ROLE, item.key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not item.required:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            node.setFlags(flags)
            node.setCheckState(0, Qt.CheckState.Checked)
            note = match_note(item)
            node.setToolTip(0, note or summary(item, item.fields))
            if note:
                node.setText(0, f"{node.text(0)}  ⟵ {note}")
        for g in GROUPS:
            if g in groups:
                groups[g].setExpanded(True)
        self.tree.blockSignals(False)
        self.create_button.setEnabled(True)
        self._show_message("\n".join(m["text"] for m in draft.messages)
                           or _("Untick what is wrong, correct what is not quite right, then create the visit."))

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    # -- items -----------------------------------------------------------------------------------------------------

    def node(self, key: str) -> QTreeWidgetItem | None:
        """The list entry of item ``key``."""
        for g in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(g)
            if parent is None:
                continue
            for i in range(parent.childCount()):
                child = parent.child(i)
                if child is not None and child.data(0, KEY_ROLE) == key:
                    return child
        return None

    def kept(self) -> set[str]:
        """The keys of the items ticked to keep (not ``accepted``: that is QDialog's signal)."""
        return {key for key in self.items if (n := self.node(key)) is not None
                and n.checkState(0) == Qt.CheckState.Checked}

    def _ticked(self, node: QTreeWidgetItem, column: int) -> None:
        key = node.data(0, KEY_ROLE)
        if key in self.items:
            kept = node.checkState(0) == Qt.CheckState.Checked
            font = node.font(0)
            font.setStrikeOut(not kept)
            self.tree.blockSignals(True)
            node.setFont(0, font)
            self.tree.blockSignals(False)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        key = current.data(0, KEY_ROLE) if current is not None else None
        item = self.items.get(key) if key else None
        self._show_fields(item)
        if item is not None and item.source is not None:
            self.show_source(*item.source)

    def show_source(self, start: int, end: int) -> None:
        """Select the words ``start``–``end`` of the source and scroll to them."""
        cursor = self.source.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.source.setTextCursor(cursor)
        self.source.ensureCursorVisible()

    def _show_fields(self, item: ReviewItem | None) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.editors, self.same_person = {}, None
        if item is None:
            return
        values = {**item.fields, **{f: v for f, v in self.edits.get(item.key, {}).items() if f in item.fields}}
        for field, value in values.items():
            editor: QLineEdit | QPlainTextEdit
            if field in LONG_FIELDS:
                editor = QPlainTextEdit(value)
                editor.setTabChangesFocus(True)
                editor.textChanged.connect(lambda f=field, e=editor, k=item.key: self._edited(k, f, e.toPlainText()))
            else:
                editor = QLineEdit(value)
                editor.textEdited.connect(lambda text, f=field, k=item.key: self._edited(k, f, text))
            editor.setObjectName(f"edit_{field}")
            editor.setAccessibleName(_(FIELD_LABELS[field]))
            self.editors[field] = editor
            self.fields_form.addRow(_(FIELD_LABELS[field]) + ":", editor)
        if item.kind == "attendee" and item.match and not item.match.get("same_title", True):
            box = QCheckBox(_("The same person as “{name}” in the case file").format(name=item.match["name"]))
            box.setObjectName("samePerson")
            box.setChecked(self.edits.get(item.key, {}).get("same_person", True) is not False)
            box.toggled.connect(lambda on, k=item.key: self._edited(k, "same_person", on))
            self.same_person = box
            self.fields_form.addRow(box)
        if not item.fields and item.match:
            self.fields_form.addRow(QLabel(match_note(item)))

    def _edited(self, key: str, field: str, value: Any) -> None:
        self.edits.setdefault(key, {})[field] = value
        item, node = self.items[key], self.node(key)
        if node is not None:
            fields = {**item.fields, **{f: v for f, v in self.edits[key].items() if f in item.fields}}
            self.tree.blockSignals(True)
            node.setText(0, summary(item, fields))
            self.tree.blockSignals(False)

    # -- creating --------------------------------------------------------------------------------------------------

    def make_visit(self) -> str | None:
        """Import the kept, corrected items as a new visit; ``None`` (with the reasons shown) when refused."""
        if self.draft is None or self.draft.empty:
            return None
        try:
            backup_before(self.store, "before-import")  # the file as it was is kept before a bulk change
            visit_id = create_visit(self.store, self.draft, self.kept(), self.edits)
        except ValidationError as exc:
            lines = [f"• {self._field_name(e.field)}: {e.message}" if e.field else f"• {e.message}"
                     for e in exc.errors]
            self._show_message(_("The visit was not created; nothing was written.") + "\n" + "\n".join(lines),
                               error=True)
            return None
        except SsdeskError as exc:
            self._show_message(_("The visit was not created; nothing was written.") + "\n" + str(exc), error=True)
            return None
        self.visit_id = visit_id
        self.created.emit(visit_id)
        self.accept()
        return visit_id

    def _field_name(self, field: str) -> str:
        """``<key>.<field>`` of an edited value, named by the item the secretary sees."""
        key, _sep, name = field.partition(".")
        item = self.items.get(key)
        if item is None:
            return field
        fields = {**item.fields, **{f: v for f, v in self.edits.get(key, {}).items() if f in item.fields}}
        return f"{summary(item, fields)} — {_(FIELD_LABELS.get(name, name))}"
