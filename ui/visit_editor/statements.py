"""The Statements page: the speaking order on the left, the statement being typed on the right.

The order changes by drag and drop or by Alt+Up / Alt+Down (both ``move_part``, undoable). "New statement" starts a
draft that is added to the visit the first time it saves with a speaker and a text; until then the core's message
says what is missing and the typed text stays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ssdesk.enums import StatementKind
from ssdesk.i18n import N_, _
from ssdesk.models import Attendee, Statement
from ssdesk.services.statement_kinds import kind_for
from ui.forms import FieldForm, FoldingCompleter, folded_match
from ui.visit_editor.session import EditSession, Row

#: One key per statement kind, the same in the live minutes and on the Statements page: F5 report … F9 other.
KIND_KEYS: dict[StatementKind, str] = {StatementKind.REPORT: "F5", StatementKind.OPINION: "F6",
                                       StatementKind.EXPLANATION: "F7", StatementKind.CONCLUSION: "F8",
                                       StatementKind.OTHER: "F9"}


def kind_combo(name: str) -> QComboBox:
    """The kinds with their keys ("Report (F5)"); the item data is the stored value."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(_("Kind"))
    combo.setToolTip(_("Kind of statement: F5 report, F6 opinion, F7 explanation, F8 conclusion, F9 other"))
    for member in StatementKind:
        combo.addItem(f"{member.label} ({KIND_KEYS[member]})", member.value)
    return combo


def kind_shortcuts(parent: QWidget, choose: Callable[[StatementKind], None],
                   context: Qt.ShortcutContext) -> list[QShortcut]:
    """F5 … F9 call ``choose(kind)`` while ``parent`` (or, by ``context``, its window) has the focus."""
    return [QShortcut(QKeySequence(key), parent, lambda k=kind: choose(k), context=context)
            for kind, key in KIND_KEYS.items()]


def kind_label(value: Any) -> str:
    """The label of a stored kind ("Ý kiến"), "" for none."""
    try:
        return StatementKind(value).label if value else ""
    except ValueError:
        return ""


MIME_TYPE = "application/x-ssdesk-statement-id"
ID_ROLE = Qt.ItemDataRole.UserRole + 20
_Index = QModelIndex | QPersistentModelIndex
STATEMENT_LABELS = {"speaker_name": N_("Speaker"), "speaker_title": N_("Speaker's title"), "kind": N_("Kind"),
                    "spoken_at": N_("Time (hh:mm)"), "text": N_("What was said")}


class StatementListModel(QAbstractListModel):
    """The statements in speaking order: "3. Speaker — first words". Dropping one moves it (``move_part``)."""

    def __init__(self, session: EditSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[Row] = []
        self._snapshot: list[Row] = []
        self.refresh()

    def refresh(self) -> None:
        rows = self.session.rows(Statement)
        snapshot = [dict(r) for r in rows]
        if snapshot == self._snapshot:
            self._rows = list(rows)
            return
        self.beginResetModel()
        self._rows, self._snapshot = list(rows), snapshot
        self.endResetModel()

    def changed(self, part_id: str) -> None:
        """One statement's text or speaker was saved: repaint its line."""
        self._snapshot = [dict(r) for r in self._rows]
        if (r := self.row_of(part_id)) is not None:
            self.dataChanged.emit(self.index(r), self.index(r))

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, part_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r["id"] == part_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            first = " ".join((row.get("text") or "").split())
            first = first if len(first) <= 90 else first[:89] + "…"
            kind = kind_label(row.get("kind"))
            return f"{index.row() + 1}. [{kind}] {row.get('speaker_name') or ''} — {first}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.get("text")
        if role == ID_ROLE:
            return row["id"]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        if indexes and (row := self.row_at(indexes[0].row())) is not None:
            data.setData(MIME_TYPE, QByteArray(row["id"].encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME_TYPE):
            return False
        part_id = bytes(data.data(MIME_TYPE).data()).decode()
        old = self.row_of(part_id)
        if old is None:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        if target > old:
            target -= 1  # dropped below itself: the row above the gap
        self.session.move_part(Statement, part_id, target)
        self.refresh()
        return False  # the move is done: the view must not remove the dragged row afterwards


class StatementsPage(QWidget):
    """List + form. The form saves the current statement; with none selected it is a draft."""

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageStatements")
        self.session = session
        self.current_id: str | None = None
        self.model = StatementListModel(session, self)
        self.list = QListView(self)
        self.list.setObjectName("statementList")
        self.list.setAccessibleName(_("Statements in speaking order"))
        self.list.setModel(self.model)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(2)
        for key, delta in (("Alt+Up", -1), ("Alt+Down", +1)):
            QShortcut(QKeySequence(key), self, lambda d=delta: self.move_current(d),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.form = FieldForm(self._save, self, versioned=True)
        self.speaker = QLineEdit()
        self.speaker_completer = FoldingCompleter(parent=self.speaker)  # "tuyen" finds "Tuyến", as the search
        self.speaker_completer.attach(self.speaker)
        self.speaker.setPlaceholderText(_("Pick an attendee or type a name"))
        self.title = QLineEdit()
        self.kind = kind_combo("statement_kind")
        self.kind.activated.connect(lambda _i: setattr(self, "kind_chosen", True))
        #: The kind was picked by hand for the draft: the speaker no longer proposes one.
        self.kind_chosen = False
        kind_shortcuts(self, self.choose_kind, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.spoken_at = QLineEdit()
        self.spoken_at.setPlaceholderText(_("hh:mm"))
        self.spoken_at.setMaximumWidth(self.spoken_at.fontMetrics().horizontalAdvance("00:00") + 40)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        form_layout = QFormLayout()
        form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, widget in (("speaker_name", self.speaker), ("speaker_title", self.title), ("kind", self.kind),
                              ("spoken_at", self.spoken_at)):
            widget.setObjectName(f"statement_{field}")
            widget.setAccessibleName(_(STATEMENT_LABELS[field]))
            label = QLabel(_(STATEMENT_LABELS[field]) + ":")
            label.setBuddy(widget)
            form_layout.addRow(label, self.form.bind(field, widget))
        self.text.setObjectName("statement_text")
        self.text.setAccessibleName(_(STATEMENT_LABELS["text"]))
        self.heading = QLabel()
        self.heading.setObjectName("statementHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        self.new_button = QPushButton(_("New statement (Ctrl+Enter)"))  # the key shown, as on Move up (Alt+↑)
        self.new_button.setObjectName("statementNew")
        self.new_button.setToolTip(_("Start typing the next speaker's statement (Ctrl+Enter)"))
        self.new_button.clicked.connect(self.new_statement)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.new_statement,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("statementRemove")
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button = QPushButton(_("Move up (Alt+↑)"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton(_("Move down (Alt+↓)"))
        self.down_button.clicked.connect(lambda: self.move_current(+1))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for b in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(b)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.new_button)
        right_layout.addLayout(top)
        right_layout.addLayout(form_layout)
        text_label = QLabel(_(STATEMENT_LABELS["text"]) + ":")
        text_label.setBuddy(self.text)
        right_layout.addWidget(text_label)
        right_layout.addWidget(self.form.bind("text", self.text), 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.setTabOrder(self.list, self.speaker)

        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.refresh()
        if self.model.rowCount():
            self.select(self.model.row_at(0)["id"])  # type: ignore[index]
        else:
            self._show_current()

    # -- current statement -----------------------------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        new_id = current.data(ID_ROLE) if current.isValid() else None
        if new_id == self.current_id:
            return
        if not self.form.flush():  # keep the refused text: go back to the statement that holds it
            QTimer.singleShot(0, lambda: self.select(self.current_id))
            return
        self.current_id = new_id
        self._show_current()

    def select(self, part_id: str | None) -> None:
        r = self.model.row_of(part_id) if part_id else None
        if r is None:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
        else:
            self.list.setCurrentIndex(self.model.index(r))

    def _show_current(self) -> None:
        row = self.session.find(Statement, self.current_id) if self.current_id else None
        self.kind_chosen = False
        if row is None:
            self.current_id = None
            values: dict[str, Any] = {f: None for f in STATEMENT_LABELS} | {"kind": StatementKind.OPINION}
            self.heading.setText(_("New statement (saved once it has a speaker and a text)"))
        else:
            values = row
            r = self.model.row_of(row["id"])
            self.heading.setText(_("Statement {n} of {total}").format(n=(r or 0) + 1, total=self.model.rowCount()))
        self.form.load(values, force=True)
        self.remove_button.setEnabled(row is not None)

    def new_statement(self) -> None:
        if not self.form.flush():
            return
        self.current_id = None
        self.select(None)
        self._show_current()
        self.speaker.setFocus()

    def refresh(self, *, force: bool = False) -> None:
        """The session reloaded: show the list again, and the current statement's stored values."""
        self.model.refresh()
        self.speaker_completer.set_strings([a["name"] for a in self.session.rows(Attendee)])
        if self.current_id and self.session.find(Statement, self.current_id) is None:
            self.current_id = None
        if self.current_id:
            self.select(self.current_id)
            row = self.session.find(Statement, self.current_id)
            assert row is not None
            self.form.load(row, force=force)
        elif force:
            self._show_current()

    # -- writing ---------------------------------------------------------------------------------------------------

    def _save(self, values: dict[str, Any], expected_version: int | None = None) -> Row | None:
        field = next(iter(values))
        if field == "speaker_name":
            values = {**values, **self._speaker_link(values[field])}
        if self.current_id is not None:
            if field in ("speaker_title", "spoken_at") and not (values[field] or "").strip():
                values[field] = None
            current = self.current_id
            self.session.update_part(Statement, current, values, label=_(STATEMENT_LABELS[field]),
                                     expected_version=expected_version)
            self.model.changed(current)
            return self.session.find(Statement, current)
        # a draft: added whole, from everything typed so far (raises when the speaker or the text is missing)
        draft = {f: b.value() for f, b in self.form.bindings.items()}
        draft = {k: (v if not isinstance(v, str) or v.strip() else None) for k, v in draft.items()}
        draft.update(self._speaker_link(draft.get("speaker_name")))
        row = self.session.add_part(Statement, draft, label=_("statement"))
        self.current_id = row["id"]  # from now on the fields update this statement
        for f, binding in self.form.bindings.items():
            binding.saved = binding.value()
            if f != field:
                self.form.save_field(f)  # clears any message the draft showed on the other fields
        self.model.refresh()
        self.select(self.current_id)
        return self.session.find(Statement, self.current_id)

    def _speaker_link(self, name: Any) -> dict[str, Any]:
        """A speaker typed as an attendee's name is linked to that attendee (and gets their title if none)."""
        attendee = next((a for a in self.session.rows(Attendee) if a["name"] == (name or "").strip()), None)
        if attendee is None:
            return {"attendee_id": None}
        out: dict[str, Any] = {"attendee_id": attendee["id"]}
        if not self.title.text().strip() and attendee.get("title"):
            out["speaker_title"] = attendee["title"]
            self.form.bindings["speaker_title"].show(attendee["title"])
        if self.current_id is None and not self.kind_chosen:  # a draft: the kind follows who speaks, and when
            ordered = self.session.rows(Statement)
            out["kind"] = kind_for(self.session.rows(Attendee), ordered, attendee["id"])
            self.form.bindings["kind"].show(out["kind"])
        return out

    def choose_kind(self, kind: StatementKind) -> None:
        """F5 … F9: the current statement (or the draft) becomes of ``kind``; saved like a pick in the box."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind.value)))
        self.kind_chosen = True
        if self.current_id is not None:
            self.form.save_field("kind")

    def remove_current(self) -> None:
        if self.current_id is None:
            return
        self.session.remove_part(Statement, self.current_id, label=_("statement"))
        self.current_id = None
        self.model.refresh()
        self.select(None)
        self._show_current()

    def move_current(self, delta: int) -> None:
        if self.current_id is None or not self.form.flush():
            return
        r = self.model.row_of(self.current_id)
        if r is None:
            return
        self.session.move_part(Statement, self.current_id, r + delta)
        self.model.refresh()
        self.select(self.current_id)
        self._show_current_heading()

    def _show_current_heading(self) -> None:
        r = self.model.row_of(self.current_id) if self.current_id else None
        if r is not None:
            self.heading.setText(_("Statement {n} of {total}").format(n=r + 1, total=self.model.rowCount()))

    def apply_filter(self, text: str) -> None:
        for r in range(self.model.rowCount()):
            row = self.model.row_at(r) or {}
            self.list.setRowHidden(r, not folded_match(text, row.get("speaker_name"), row.get("text")))

