"""Live minutes: typing who says what while the session is held, with the keyboard only.

Alt+1 … Alt+9 (or a few letters of the name and Enter) picks the speaker and starts their statement, stamped with
the clock time; Enter on an empty line (Enter twice) ends it and goes back to the speaker box; Ctrl+I sends the figure
at the cursor (``23/27``, ``94,1%``, ``14.740``) to the visit's indicator table. The text saves itself exactly as in
the visit editor (the same :class:`FieldForm`: a pause in typing, leaving the box, closing the window), through the
same :class:`EditSession` (core services only, one undo stack). The transcript below is the visit's statements in
speaking order, which is what the minutes document prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ssdesk.drafting.figures import figure_at
from ssdesk.enums import StatementKind
from ssdesk.errors import FieldError, SsdeskError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import Attendee, IndicatorResult, Statement
from ssdesk.services.statement_kinds import kind_for
from ssdesk.store import Store
from ui.features.minutes.speakers import SHORTCUTS, SpeakerChooser, describe
from ui.forms import FieldForm, tab_follows_the_eye
from ui.screen_fit import open_at
from ui.visit_editor.autosave import AutosavingWindow
from ui.visit_editor.session import Row
from ui.visit_editor.statements import kind_combo, kind_label, kind_shortcuts


class StatementBox(QPlainTextEdit):
    """The text of the statement being typed; Enter on an empty line says the speaker has finished (``ended``)."""

    ended = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            cursor = self.textCursor()
            if not cursor.hasSelection() and not cursor.block().text().strip():
                self.ended.emit()
                return
        super().keyPressEvent(event)


def transcript_text(rows: list[Row]) -> str:
    """The statements as the minutes list them: time — speaker, title [kind]: text; in speaking order."""
    out = []
    for row in sorted(rows, key=lambda r: r.get("order_no") or 0):
        who = ", ".join(x for x in (row.get("speaker_name"), row.get("speaker_title")) if x)
        when = f"{row['spoken_at']} — " if row.get("spoken_at") else ""
        kind = f" [{kind_label(row.get('kind'))}]" if row.get("kind") else ""
        out.append(f"{when}{who}{kind}: {row.get('text') or ''}")
    return "\n\n".join(out)


class LiveMinutesWindow(AutosavingWindow):
    """The live minutes of one visit of ``store``; ``closed(visit_id)`` once it has saved and closed. The conflict
    bar, the save status, the change notices, Reload after a conflict and closing are
    :class:`~ui.visit_editor.autosave.AutosavingWindow`'s, shared with the visit editor."""

    def __init__(self, store: Store, visit_id: str, parent: QWidget | None = None) -> None:
        super().__init__(store, visit_id, parent, status_name="liveStatus")
        tab_follows_the_eye(self)  # Tab follows the drawn order (ui.forms.taborder)
        self.setObjectName("liveMinutes")
        #: The clock that stamps a statement (tests may replace it).
        self.now: Callable[[], dt.datetime] = dt.datetime.now
        self.speaker: Row | None = None
        self.spoken_at: str | None = None
        self.current_id: str | None = None

        self.chooser = SpeakerChooser(self)
        self.chooser.picked.connect(self.start_statement)
        # someone not on the list speaks: added on the spot as an attendee of the visit (undoable like any add)
        self.chooser.add_attendee = lambda values: self.session.add_part(Attendee, values, label=_("attendee"))
        self.heading = QLabel(self)
        self.heading.setObjectName("liveHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.kind = kind_combo("liveKind")  # proposed from who speaks and when; F5 … F9 change it while typing
        self.kind.currentIndexChanged.connect(lambda _i: self._show_speaker())
        self.text = StatementBox(self)
        self.text.setObjectName("liveText")
        self.text.setAccessibleName(_("What was said"))
        self.text.setTabChangesFocus(True)
        self.text.ended.connect(self.end_statement)
        self.form = FieldForm(self._save, self)
        kind_box = self.form.bind("kind", self.kind)
        text_box = self.form.bind("text", self.text)
        self.transcript = QPlainTextEdit(self)
        self.transcript.setObjectName("liveTranscript")
        self.transcript.setAccessibleName(_("Statements so far, in speaking order"))
        self.transcript.setReadOnly(True)
        self.hint = QLabel(_("Enter on an empty line ends the statement · F5 report, F6 opinion, F7 explanation, "
                             "F8 conclusion, F9 other · Ctrl+I sends the figure at the cursor to the indicator "
                             "table"), self)
        self.hint.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(kind_box)
        typing = QWidget(self)
        typing_layout = QVBoxLayout(typing)
        typing_layout.setContentsMargins(0, 0, 0, 0)
        typing_layout.addLayout(top)
        typing_layout.addWidget(text_box, 1)
        typing_layout.addWidget(self.hint)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(typing)
        right.addWidget(self.transcript)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.chooser)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 720])
        self.set_content(splitter)
        self._build_actions()

        self.session.reloaded.connect(lambda _force: self._show())
        self.form.refused.connect(self._refused)

        self._show()
        self._show_speaker()
        open_at(self, 1100, 720)
        self.chooser.focus()

    def _build_actions(self) -> None:
        for n in range(1, SHORTCUTS + 1):
            shortcut = QShortcut(QKeySequence(f"Alt+{n}"), self, context=Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda n=n: self.chooser.pick_number(n))
        kind_shortcuts(self, self.choose_kind, Qt.ShortcutContext.WindowShortcut)

        def action(text: str, keys: list[str], slot: Any, name: str) -> QAction:
            act = QAction(text, self)
            act.setObjectName(name)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.action_figure = action(_("Send the &figure to the indicator table"), ["Ctrl+I"], self.send_figure,
                                    "actionSendFigure")
        self.action_end = action(_("&End the statement"), ["Ctrl+Return"], self.end_statement, "actionEndStatement")
        self.action_speaker = action(_("Choose the &speaker"), ["Ctrl+K"], self.chooser.focus, "actionChooseSpeaker")
        self.action_undo = action(_("&Undo"), [QKeySequence(QKeySequence.StandardKey.Undo).toString()], self.undo,
                                  "actionUndo")
        self.action_redo = action(_("&Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], self.redo, "actionRedo")
        self.action_close = action(_("&Close"), ["Ctrl+W"], self.close, "actionClose")
        menu = self.menuBar().addMenu(_("&Minutes"))
        for act in (self.action_speaker, self.action_end, self.action_figure, self.action_close):
            menu.addAction(act)
        edit = self.menuBar().addMenu(_("&Edit"))
        edit.addAction(self.action_undo)
        edit.addAction(self.action_redo)

    # -- showing -------------------------------------------------------------------------------------------------

    def _show(self) -> None:
        """The snapshot was read again: attendees, transcript and title follow it (the typed text is left alone)."""
        self.chooser.set_attendees(self.session.rows(Attendee))
        self._show_transcript()
        visit = self.session.visit
        when = visit["starts_at"].strftime("%d/%m/%Y") if visit.get("starts_at") else ""
        self.setWindowTitle(_("Live minutes — {unit} — {when}").format(unit=self.session.names.get("unit", ""),
                                                                      when=when))

    def _show_transcript(self) -> None:
        self.transcript.setPlainText(transcript_text(self.session.rows(Statement)))
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _saved(self, when: dt.datetime) -> None:
        self._show_transcript()
        super()._saved(when)

    def _show_speaker(self) -> None:
        if self.speaker is None:
            self.heading.setText(_("Choose the speaker: Alt+1 … Alt+9, or type a name and press Enter"))
        else:
            self.heading.setText(f"{describe(self.speaker)} — {self.spoken_at} · {self.kind.currentText()}")
        self.text.setEnabled(self.speaker is not None)
        self.kind.setEnabled(self.speaker is not None)

    def unsaved_texts(self) -> list[str]:
        """The statement being typed, when it is not stored (refused, in conflict or not saved yet)."""
        unsaved = bool(self.form.conflicts() or self.form.problems_by_field()) or self.form.has_pending()
        return [self.form.bindings["text"].value()] if unsaved else []

    def discard_unsaved(self) -> None:
        self.form.clear_errors()

    def shown_again(self) -> None:
        """After a Reload: the stored text of the statement being typed (someone else's); a statement deleted
        meanwhile goes on as a new one by the same speaker."""
        current = self.session.find(Statement, self.current_id) if self.current_id is not None else None
        if current is None:
            self.current_id = None
        kind = current["kind"] if current is not None else self.kind.currentData()
        self.form.load({"text": current["text"] if current is not None else "", "kind": kind}, force=True)

    # -- statements ----------------------------------------------------------------------------------------------

    def start_statement(self, attendee: Row) -> bool:
        """``attendee`` starts speaking: the statement before ends (saved), a new one is stamped with the time."""
        if not self.end_statement(focus=False):
            return False
        self.speaker = dict(attendee)
        self.spoken_at = self.now().strftime("%H:%M")
        self.current_id = None
        kind = kind_for(self.session.rows(Attendee), self.session.rows(Statement), attendee.get("id"))
        self.form.load({"text": "", "kind": kind}, force=True)
        self.chooser.select_id(attendee["id"])
        self._show_speaker()
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def end_statement(self, *, focus: bool = True) -> bool:
        """Save what was typed and go back to the speaker box; ``False`` (and nothing changes) when it was refused."""
        if self.speaker is not None:
            if not self.form.flush():
                return False
            self.speaker = None
            self.current_id = None
            self.spoken_at = None
            self.form.load({"text": "", "kind": StatementKind.OPINION}, force=True)
            self._show_speaker()
        if focus:
            self.chooser.focus()
        return True

    def choose_kind(self, kind: StatementKind) -> None:
        """F5 … F9 while typing: the statement is of ``kind`` (saved with it, or at once when it already is)."""
        if self.speaker is None:
            return
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind.value)))
        self.form.save_field("kind")

    def _save(self, values: dict[str, Any]) -> None:
        """The form's save: the first words add the statement (speaker, time, kind, text); later ones update it."""
        if self.speaker is None:
            raise ValidationError([FieldError("speaker_name", _("Choose the speaker first (Alt+1 … Alt+9)."))])
        field, value = next(iter(values.items()))
        if self.current_id is not None:
            self.session.update_part(Statement, self.current_id, values,
                                     label=_("statement text") if field == "text" else _("Kind"))
            return
        text = self.form.bindings["text"].value()
        if not text.strip():
            return  # nothing said yet: nothing to store (the kind goes in with the first words)
        row = self.session.add_part(Statement, {
            "speaker_name": self.speaker["name"], "speaker_title": self.speaker.get("title"),
            "attendee_id": self.speaker["id"], "spoken_at": self.spoken_at, "kind": self.kind.currentData(),
            "text": text}, label=_("statement"))
        self.current_id = row["id"]
        for binding in self.form.bindings.values():
            binding.saved = binding.value()

    # -- figures -------------------------------------------------------------------------------------------------

    def send_figure(self) -> IndicatorResult | None:
        """Ctrl+I: the figure at the cursor (or selected) becomes a row of the visit's indicator table."""
        cursor = self.text.textCursor()
        figure = figure_at(self.text.toPlainText(), cursor.selectionStart(), cursor.selectionEnd())
        if figure is None:
            self._refused(_("There is no figure at the cursor."))
            return None
        values = {k: v for k, v in figure.items() if v is not None}
        try:
            row = self.session.add_part(IndicatorResult, values, label=_("figure"))
            self._count_met(figure)
        except SsdeskError as exc:
            self._refused(str(exc))
            return None
        self.say(_("“{figure}” added to the indicator table ({label}).").format(figure=figure["reported"],
                                                                                label=figure["label"]))
        return row  # type: ignore[return-value]

    def _count_met(self, figure: dict[str, Any]) -> None:
        """"23/27 chỉ tiêu" is also the unit's own count of indicators met, when the visit has none yet."""
        if figure.get("unit_of_measure") != "chỉ tiêu" or self.session.visit.get("indicators_met") is not None:
            return
        met, _sep, total = figure["reported"].split()[0].partition("/")
        if met.isdigit() and total.isdigit() and int(met) <= int(total):
            self.session.update_visit({"indicators_met": int(met), "indicators_total": int(total)},
                                      label=_("indicators met"))

    # -- undo, closing -------------------------------------------------------------------------------------------

    def undo(self) -> None:
        self.form.flush()
        self.session.undo_stack.undo()

    def redo(self) -> None:
        self.form.flush()
        self.session.undo_stack.redo()

    def flush(self) -> bool:
        return self.form.flush()

    def pending_problems(self) -> list[str]:
        return self.form.problems()
